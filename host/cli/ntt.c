/* zkaccel ntt — run NTTs through the scheduler on random inputs, time them, and check the
 * bytes against the CPU backend alone. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/cli/cli.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"
#include "zkaccel/ntt.h"

static void zka_ntt_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel ntt [--field F] [--log-n K] [--batch B] [--inverse] [--coset]\n"
          "                   [--input-order natural|bitrev] [--output-order natural|bitrev]\n"
          "                   [--seed N] [--no-check] [--json] [engine options]\n"
          "\n"
          "Runs B transforms of 2^K random elements of F through the scheduler (split across\n"
          "the selected devices), prints the time, the devices used and any fallback, and\n"
          "checks the output against the CPU backend alone, byte for byte (--no-check skips).\n"
          "  --field F   bn254_fr (default), bls12_381_fr, babybear, goldilocks\n"
          "  --log-n K   1..27 (default 16)       --batch B   default 1\n"
          "  --coset     on the coset g*H, g the field's multiplicative generator\n");
  zka_cli_engine_help(f);
}

static uint64_t zka_ntt_rng_state;
static int zka_ntt_rng(void *ctx, uint8_t *buf, size_t len) {
  (void)ctx;
  for (size_t i = 0; i < len; i++) { /* xorshift64*: inputs only, not secrets */
    zka_ntt_rng_state ^= zka_ntt_rng_state >> 12;
    zka_ntt_rng_state ^= zka_ntt_rng_state << 25;
    zka_ntt_rng_state ^= zka_ntt_rng_state >> 27;
    buf[i] = (uint8_t)((zka_ntt_rng_state * 0x2545F4914F6CDD1DULL) >> 56);
  }
  return 0;
}

static zka_status zka_ntt_random(zka_field_id f, uint8_t *out) {
  switch (f) {
    case ZKA_FIELD_BN254_FR: return zka_bn254_fr_random((zka_bn254_fr *)(void *)out, zka_ntt_rng, NULL);
    case ZKA_FIELD_BLS12_381_FR: return zka_bls12_381_fr_random((zka_bls12_381_fr *)(void *)out, zka_ntt_rng, NULL);
    case ZKA_FIELD_BABYBEAR: return zka_babybear_random((zka_babybear *)(void *)out, zka_ntt_rng, NULL);
    case ZKA_FIELD_GOLDILOCKS: return zka_goldilocks_random((zka_goldilocks *)(void *)out, zka_ntt_rng, NULL);
  }
  return ZKA_ERR_INVALID_ARGUMENT;
}

static int zka_parse_order(const char *s, zka_ntt_order *o) {
  if (!strcmp(s, "natural")) *o = ZKA_ORDER_NATURAL;
  else if (!strcmp(s, "bitrev")) *o = ZKA_ORDER_BITREV;
  else return -1;
  return 0;
}

int zka_cli_ntt(int argc, char **argv) {
  zka_engine_options eopt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &eopt)) return 2;
  zka_field_id field = ZKA_FIELD_BN254_FR;
  unsigned log_n = 16;
  zka_ntt_options opt = zka_ntt_options_default();
  int check = 1, json = 0;
  zka_ntt_rng_state = 0x9e3779b97f4a7c15ULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_ntt_help(stdout);
      return 0;
    } else if (!strcmp(a, "--field") && v) {
      if (zka_field_id_parse(v, &field) != ZKA_OK) {
        fprintf(stderr, "zkaccel ntt: unknown field '%s' (bn254_fr, bls12_381_fr, babybear, goldilocks)\n", v);
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--log-n") && v) {
      log_n = (unsigned)strtoul(v, NULL, 10);
      i++;
    } else if (!strcmp(a, "--batch") && v) {
      opt.batch = strtoull(v, NULL, 10);
      i++;
    } else if (!strcmp(a, "--seed") && v) {
      zka_ntt_rng_state = strtoull(v, NULL, 0) | 1;
      i++;
    } else if ((!strcmp(a, "--input-order") || !strcmp(a, "--output-order")) && v) {
      if (zka_parse_order(v, a[2] == 'i' ? &opt.input_order : &opt.output_order)) {
        fprintf(stderr, "zkaccel ntt: %s takes natural or bitrev\n", a);
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--inverse")) {
      opt.direction = ZKA_NTT_INVERSE;
    } else if (!strcmp(a, "--coset")) {
      opt.coset = 1;
    } else if (!strcmp(a, "--no-check")) {
      check = 0;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
    } else {
      fprintf(stderr, "zkaccel ntt: unknown or incomplete option '%s' (see zkaccel ntt --help)\n", a);
      return 2;
    }
  }
  size_t size = zka_field_id_element_size(field);
  if (log_n < 1 || log_n > ZKA_NTT_MAX_LOG_N || opt.batch < 1 ||
      opt.batch > ((size_t)1 << 40) / ((size_t)size << log_n)) {
    fprintf(stderr, "zkaccel ntt: --log-n must be in 1..%d and --batch >= 1 (and the total below 1 TiB)\n",
            ZKA_NTT_MAX_LOG_N);
    return 2;
  }
  size_t count = opt.batch << log_n, bytes = count * size;
  uint8_t *data = malloc(bytes), *expect = check ? malloc(bytes) : NULL;
  if (!data || (check && !expect)) {
    fprintf(stderr, "zkaccel ntt: cannot allocate %zu bytes for the input\n", bytes);
    free(data);
    free(expect);
    return 1;
  }
  for (size_t i = 0; i < count; i++)
    if (zka_ntt_random(field, data + i * size) != ZKA_OK) return 1;
  if (check) memcpy(expect, data, bytes);

  zka_engine *e = zka_cli_engine(&eopt);
  if (!e) {
    free(data);
    free(expect);
    return 1;
  }
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  int rc = 0;
  zka_status st = zka_ntt(e, field, data, log_n, &opt, ctx);
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  if (st != ZKA_OK) {
    fprintf(stderr, "zkaccel ntt: %s\n", zka_ctx_last_error(ctx));
    rc = 1;
  }
  const char *verdict = "not checked";
  if (rc == 0 && check) {
    zka_engine_options cpu_only = zka_engine_options_default();
    cpu_only.backends = "cpu";
    cpu_only.quiet = 1;
    zka_engine *ref = zka_cli_engine(&cpu_only);
    if (!ref || zka_ntt(ref, field, expect, log_n, &opt, ctx) != ZKA_OK) {
      fprintf(stderr, "zkaccel ntt: the CPU reference run failed: %s\n", zka_ctx_last_error(ctx));
      rc = 1;
    } else {
      verdict = memcmp(expect, data, bytes) ? "MISMATCH" : "identical to cpu";
      if (memcmp(expect, data, bytes)) rc = 1;
    }
    zka_engine_destroy(ref);
  }
  if (json) {
    printf("{\"field\": \"%s\", \"log_n\": %u, \"batch\": %zu, \"direction\": \"%s\", \"coset\": %s, "
           "\"seconds\": %.6f, \"chunks\": %u, \"fallbacks\": %u, \"devices\": \"%s\", \"check\": \"%s\"}\n",
           zka_field_id_name(field), log_n, opt.batch, opt.direction ? "inverse" : "forward",
           opt.coset ? "true" : "false", rep.seconds, rep.chunks, rep.fallbacks, rep.devices, verdict);
  } else if (rc == 0 || st == ZKA_OK) {
    printf("ntt: %zu x 2^%u %s %s%s in %.3f ms on %s (%u chunk%s, %u fallback%s); output %s\n", opt.batch,
           log_n, zka_field_id_name(field), opt.direction ? "inverse" : "forward", opt.coset ? " coset" : "",
           rep.seconds * 1e3, rep.devices, rep.chunks, rep.chunks == 1 ? "" : "s", rep.fallbacks,
           rep.fallbacks == 1 ? "" : "s", verdict);
  }
  zka_ctx_destroy(ctx);
  zka_engine_destroy(e);
  free(data);
  free(expect);
  return rc;
}
