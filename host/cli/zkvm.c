/* zkaccel zkvm — run an RV32IM guest ELF on the zkVM executor and print what it did.
 * `prove` and `verify` arrive with the STARK prover. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/cli/zkvm_cli.h"
#include "zkaccel/zkvm.h"

static void zka_zkvm_cli_usage(FILE *f) {
  fprintf(f,
          "usage: zkaccel zkvm run PROG.elf [--input FILE] [--max-cycles N] [--json]\n"
          "       zkaccel zkvm prove|verify ...   (not implemented yet)\n"
          "\n"
          "Runs an RV32IM guest (built with zkvm/guest/, see zkvm/README.md) on the zkVM\n"
          "executor and prints its exit code, its cycle count (one per instruction) and its\n"
          "public output (what it wrote to fd 1) in hex.  Its debug stream (fd 2) goes to\n"
          "stderr.\n"
          "\n"
          "options:\n"
          "  --input FILE      the guest's private input (what it reads from fd 0); '-' reads\n"
          "                    stdin; none: empty input\n"
          "  --max-cycles N    stop the guest after N instructions (default %llu)\n"
          "  --json            one JSON object on stdout instead of text\n"
          "  -h, --help        this help\n"
          "\n"
          "exit status: 0 the guest exited with code 0; 1 it exited with another code,\n"
          "trapped, hit a limit or could not be loaded; 2 a usage error.\n",
          (unsigned long long)ZKA_ZKVM_DEFAULT_MAX_CYCLES);
}

static double zka_zkvm_cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Read at most limit + 1 bytes of path ("-": stdin), so that an over-long input reaches
 * the executor's own size check.  Returns 0 on success. */
static int zka_zkvm_cli_read(const char *path, size_t limit, uint8_t **out, size_t *out_len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "zkaccel zkvm: cannot open input %s: %s\n", path, strerror(errno));
    return 1;
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      uint8_t *nb = realloc(buf, ncap);
      if (!nb) {
        fprintf(stderr, "zkaccel zkvm: out of memory reading %s\n", path);
        free(buf);
        if (f != stdin) fclose(f);
        return 1;
      }
      buf = nb;
      cap = ncap;
    }
    size_t want = cap - len;
    if (len + want > limit + 1) want = limit + 1 - len;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (got == 0 || len > limit) break;
  }
  int err = ferror(f);
  if (f != stdin) fclose(f);
  if (err) {
    fprintf(stderr, "zkaccel zkvm: cannot read input %s\n", path);
    free(buf);
    return 1;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

static void zka_zkvm_cli_hex(FILE *f, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) fprintf(f, "%02x", p[i]);
}

static void zka_zkvm_cli_json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static int zka_zkvm_cli_run(int argc, char **argv) {
  const char *elf = NULL, *input_path = NULL;
  int json = 0;
  zka_zkvm_options opt = zka_zkvm_options_default();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_zkvm_cli_usage(stdout);
      return 0;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "--input") || !strcmp(a, "--max-cycles")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "zkaccel zkvm run: %s needs a value\n", a);
        return 2;
      }
      const char *v = argv[++i];
      if (!strcmp(a, "--input")) {
        input_path = v;
      } else {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 0);
        if (errno || end == v || *end || v[0] == '-' || n == 0) {
          fprintf(stderr, "zkaccel zkvm run: --max-cycles wants a positive integer, not '%s'\n",
                  v);
          return 2;
        }
        opt.max_cycles = n;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "zkaccel zkvm run: unknown option '%s' (see zkaccel zkvm --help)\n", a);
      return 2;
    } else if (!elf) {
      elf = a;
    } else {
      fprintf(stderr, "zkaccel zkvm run: one program only ('%s' and '%s')\n", elf, a);
      return 2;
    }
  }
  if (!elf) {
    fprintf(stderr, "zkaccel zkvm run: no program given\n");
    zka_zkvm_cli_usage(stderr);
    return 2;
  }

  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) {
    fprintf(stderr, "zkaccel zkvm: out of memory\n");
    return 1;
  }
  int rc = 1;
  uint8_t *input = NULL;
  size_t input_len = 0;
  zka_zkvm_program *prog = NULL;
  zka_zkvm_result res;
  memset(&res, 0, sizeof res);
  if (input_path && zka_zkvm_cli_read(input_path, opt.max_input, &input, &input_len)) goto done;
  if (zka_zkvm_program_load_file(&prog, elf, ctx) != ZKA_OK) {
    fprintf(stderr, "zkaccel zkvm: %s: %s\n", elf, zka_ctx_last_error(ctx));
    goto done;
  }
  const double t0 = zka_zkvm_cli_now();
  const zka_status st = zka_zkvm_run(&res, prog, input, input_len, &opt, ctx);
  const double secs = zka_zkvm_cli_now() - t0;
  const double mhz = secs > 0 ? (double)res.cycles / secs * 1e-6 : 0.0;
  if (res.debug_len) fwrite(res.debug, 1, res.debug_len, stderr);
  if (json) {
    printf("{\"program\":");
    zka_zkvm_cli_json_str(stdout, elf);
    printf(",\"status\":\"%s\",\"stop\":", st == ZKA_OK ? "halted" : "error");
    zka_zkvm_cli_json_str(stdout, zka_zkvm_stop_str(res.stop));
    if (st == ZKA_OK) printf(",\"exit_code\":%d", (int)res.exit_code);
    else {
      printf(",\"error\":");
      zka_zkvm_cli_json_str(stdout, zka_ctx_last_error(ctx));
    }
    printf(",\"pc\":\"0x%08x\",\"cycles\":%llu,\"output\":\"", (unsigned)res.pc,
           (unsigned long long)res.cycles);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\",\"output_len\":%zu,\"seconds\":%.6f,\"mhz\":%.1f}\n", res.output_len, secs, mhz);
  } else {
    if (st == ZKA_OK) printf("exit code: %d\n", (int)res.exit_code);
    else printf("error: %s\n", zka_ctx_last_error(ctx));
    printf("cycles: %llu\n", (unsigned long long)res.cycles);
    printf("public output (%zu bytes): ", res.output_len);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\ntime: %.3f s (%.1f MHz)\n", secs, mhz);
  }
  if (st != ZKA_OK && !json) fprintf(stderr, "zkaccel zkvm: %s\n", zka_ctx_last_error(ctx));
  rc = st == ZKA_OK && res.exit_code == 0 ? 0 : 1;
done:
  zka_zkvm_result_clear(&res);
  zka_zkvm_program_destroy(prog);
  free(input);
  zka_ctx_destroy(ctx);
  return rc;
}

int zka_cli_zkvm(int argc, char **argv) {
  if (argc < 2) {
    zka_zkvm_cli_usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    zka_zkvm_cli_usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "run")) return zka_zkvm_cli_run(argc - 1, argv + 1);
  if (!strcmp(cmd, "prove") || !strcmp(cmd, "verify")) {
    fprintf(stderr, "zkaccel zkvm %s: not implemented yet (the STARK prover is not built; "
            "'zkaccel zkvm run' executes a guest)\n", cmd);
    return 2;
  }
  fprintf(stderr, "zkaccel zkvm: unknown command '%s' (see zkaccel zkvm --help)\n", cmd);
  return 2;
}
