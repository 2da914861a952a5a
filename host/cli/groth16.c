/* zkaccel prove / verify / zkey info — the Groth16 commands, argument-compatible with
 * rapidsnark's prover (zkey, wtns, proof, public) and snarkjs's verifier (vkey, public,
 * proof). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/cli/cli.h"
#include "zkaccel/groth16.h"

static double zka_g16cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Read a whole file (NUL-terminated); NULL and a message on failure. */
static char *zka_g16cli_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "error: %s: cannot open: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 1 >= cap) {
      char *b = realloc(buf, cap * 2);
      if (!b) break;
      buf = b;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    free(buf);
    fprintf(stderr, "error: %s: cannot read\n", path);
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

/* Write text to path through a temporary file and a rename: an error never leaves a
 * half-written proof behind. */
static void zka_prove_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>\n"
          "                     [--seed N] [--precompute K] [--plan-cache DIR] [--json]\n"
          "                     [--quiet] [engine options]\n"
          "\n"
          "Groth16 proof for a circom circuit, from snarkjs's .zkey (bn128 or bls12381) and\n"
          "a .wtns, with the same arguments as rapidsnark's prover.  proof.json and\n"
          "public.json are written exactly as snarkjs writes them; `snarkjs groth16 verify`\n"
          "and `zkaccel verify` accept them.  The NTTs and MSMs run through the scheduler on\n"
          "the selected backends.  Stage progress goes to stderr.\n"
          "  --seed N          derive the blinding scalars r, s from N (deterministic: tests\n"
          "                    and cross-backend comparisons only; default: OS randomness)\n"
          "  --precompute K    fixed-base MSM plans with K copies per base (memory x K)\n"
          "  --plan-cache DIR  keep those precomputed bases in DIR between runs\n"
          "  --json            print the stage timings as JSON on stdout\n"
          "  --quiet           no progress or summary\n"
          "exit status: 0 proof written; 1 an error (message on stderr; nothing written);\n"
          "2 a usage error.\n");
  zka_cli_engine_help(f);
}

typedef struct {
  double t0;
  int quiet;
} zka_g16cli_progress;

static void zka_g16cli_on_stage(void *arg, const char *stage) {
  zka_g16cli_progress *p = arg;
  if (!p->quiet) fprintf(stderr, "[prove %7.3f s] %s\n", zka_g16cli_now() - p->t0, stage);
}

int zka_cli_prove(int argc, char **argv) {
  zka_engine_options eopt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &eopt)) return 2;
  zka_groth16_prove_options popt = zka_groth16_prove_options_default();
  const char *pos[4];
  int npos = 0, json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_prove_help(stdout);
      return 0;
    } else if (!strcmp(a, "--seed") && v) {
      char *end;
      popt.use_seed = 1;
      popt.seed = strtoull(v, &end, 0);
      if (*end) {
        fprintf(stderr, "zkaccel prove: --seed takes a number, not '%s'\n", v);
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--precompute") && v) {
      popt.precompute = (unsigned)strtoul(v, NULL, 10);
      if (popt.precompute < 1 || popt.precompute > 16) {
        fprintf(stderr, "zkaccel prove: --precompute takes 1..16\n");
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--plan-cache") && v) {
      popt.plan_cache_dir = v;
      i++;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      eopt.quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "zkaccel prove: unknown or incomplete option '%s' (see zkaccel prove --help)\n", a);
      return 2;
    } else if (npos < 4) {
      pos[npos++] = a;
    } else {
      fprintf(stderr, "zkaccel prove: too many arguments (see zkaccel prove --help)\n");
      return 2;
    }
  }
  if (npos != 4) {
    zka_prove_help(stderr);
    return 2;
  }
  zka_g16cli_progress prog = {zka_g16cli_now(), eopt.quiet};
  popt.progress = zka_g16cli_on_stage;
  popt.progress_arg = &prog;
  int rc = 1;
  zka_ctx *ctx = NULL;
  zka_zkey *z = NULL;
  zka_wtns *w = NULL;
  zka_engine *e = NULL;
  zka_groth16_prover *p = NULL;
  char *proof_json = NULL, *public_json = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_groth16_timings tm;
  zka_groth16_proof proof;
  zka_zkey_info info;
  double t_open = zka_g16cli_now();
  zka_g16cli_on_stage(&prog, "read zkey and witness");
  if (zka_zkey_open(&z, pos[0], ctx) != ZKA_OK || zka_wtns_open(&w, pos[1], ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  zka_zkey_get_info(z, &info);
  if (zka_wtns_curve(w) != info.curve || zka_wtns_count(w) != info.n_vars) {
    fprintf(stderr,
            "error: %s: the witness has %u values over %s, but %s expects %u over %s "
            "(a witness of another circuit?)\n",
            pos[1], zka_wtns_count(w), zka_curve_snarkjs_name(zka_wtns_curve(w)), pos[0],
            info.n_vars, zka_curve_snarkjs_name(info.curve));
    goto done;
  }
  t_open = zka_g16cli_now() - t_open;
  if (!(e = zka_cli_engine(&eopt))) goto done;
  if (zka_groth16_prover_create(&p, e, z, &popt, ctx) != ZKA_OK ||
      zka_groth16_prove(p, &proof, w, &tm, ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  if (zka_groth16_proof_to_json(&proof_json, &proof) != ZKA_OK ||
      zka_groth16_public_to_json(&public_json, w, info.n_public) != ZKA_OK) {
    fprintf(stderr, "error: cannot format the proof (out of memory)\n");
    goto done;
  }
  if (zka_cli_write_file(pos[2], proof_json, strlen(proof_json)) ||
      zka_cli_write_file(pos[3], public_json, strlen(public_json)))
    goto done;
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  if (json) {
    printf("{\"curve\": \"%s\", \"constraints\": %u, \"domain\": %u, \"open_s\": %.6f, "
           "\"evaluate_s\": %.6f, \"ntt_s\": %.6f, \"msm_a_s\": %.6f, \"msm_b1_s\": %.6f, "
           "\"msm_b2_s\": %.6f, \"msm_c_s\": %.6f, \"msm_h_s\": %.6f, \"prove_s\": %.6f}\n",
           zka_curve_snarkjs_name(info.curve), info.n_constraints, info.domain_size, t_open,
           tm.read, tm.ntt, tm.msm_a, tm.msm_b1, tm.msm_b2, tm.msm_c, tm.msm_h, tm.total);
  }
  if (!eopt.quiet)
    fprintf(stderr,
            "proved %s (%s, %u constraints, domain 2^%u) in %.3f s (read %.3f s): evaluate %.3f, "
            "NTT %.3f, MSM A %.3f B1 %.3f B2 %.3f C %.3f H %.3f; last job ran on %s\n"
            "wrote %s and %s\n",
            pos[0], zka_curve_snarkjs_name(info.curve), info.n_constraints, info.log_domain,
            tm.total, t_open, tm.read, tm.ntt, tm.msm_a, tm.msm_b1, tm.msm_b2, tm.msm_c, tm.msm_h,
            rep.devices[0] ? rep.devices : "cpu", pos[2], pos[3]);
  rc = 0;
done:
  free(proof_json);
  free(public_json);
  zka_groth16_prover_destroy(p);
  zka_engine_destroy(e);
  zka_wtns_close(w);
  zka_zkey_close(z);
  zka_ctx_destroy(ctx);
  return rc;
}

static void zka_verify_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel verify <verification_key.json> <public.json> <proof.json>\n"
          "\n"
          "Checks a Groth16 proof (bn128 or bls12381) with the native pairing, in snarkjs's\n"
          "argument order: every point decoded, on its curve and in its subgroup, public\n"
          "signals below r, then e(A,B) = e(alpha,beta)·e(vk_x,gamma)·e(C,delta).\n"
          "exit status: 0 and \"OK\" for a valid proof; 1 and \"INVALID: ...\" for a proof\n"
          "that does not verify; 1 and \"error: ...\" for unreadable or malformed files;\n"
          "2 a usage error.\n");
}

int zka_cli_verify(int argc, char **argv) {
  const char *pos[3];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      zka_verify_help(stdout);
      return 0;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "zkaccel verify: unknown option '%s' (see zkaccel verify --help)\n", argv[i]);
      return 2;
    } else if (npos < 3) {
      pos[npos++] = argv[i];
    } else {
      fprintf(stderr, "zkaccel verify: too many arguments\n");
      return 2;
    }
  }
  if (npos != 3) {
    zka_verify_help(stderr);
    return 2;
  }
  int rc = 1;
  size_t lv = 0, lp = 0, lpr = 0, count = 0;
  char *tv = zka_g16cli_read(pos[0], &lv), *tp = NULL, *tpr = NULL;
  zka_ctx *ctx = NULL;
  zka_groth16_vkey *vk = NULL;
  uint8_t *pub = NULL;
  zka_groth16_proof proof;
  if (!tv || !(tp = zka_g16cli_read(pos[1], &lp)) || !(tpr = zka_g16cli_read(pos[2], &lpr))) goto done;
  if (zka_ctx_create(&ctx) != ZKA_OK) goto done;
  if (zka_groth16_vkey_from_json(&vk, tv, lv, ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s: %s\n", pos[0], zka_ctx_last_error(ctx));
    goto done;
  }
  zka_curve_id c = zka_groth16_vkey_curve(vk);
  zka_status st = zka_groth16_public_from_json(&pub, &count, c, tp, lp, ctx);
  if (st != ZKA_OK) {
    /* a public signal >= r cannot be a valid statement: report it as a rejection */
    fprintf(stderr, "%s: %s: %s\n", st == ZKA_ERR_OUT_OF_RANGE ? "INVALID" : "error", pos[1],
            zka_ctx_last_error(ctx));
    if (st == ZKA_ERR_OUT_OF_RANGE) printf("INVALID\n");
    goto done;
  }
  st = zka_groth16_proof_from_json(&proof, c, tpr, lpr, ctx);
  if (st != ZKA_OK) {
    /* a point off the curve or outside the subgroup is a bad proof, not a bad file */
    int invalid = st == ZKA_ERR_NOT_ON_CURVE || st == ZKA_ERR_NOT_IN_SUBGROUP || st == ZKA_ERR_OUT_OF_RANGE;
    fprintf(stderr, "%s: %s: %s\n", invalid ? "INVALID" : "error", pos[2], zka_ctx_last_error(ctx));
    if (invalid) printf("INVALID\n");
    goto done;
  }
  if (count != zka_groth16_vkey_n_public(vk)) {
    fprintf(stderr, "INVALID: %s has %zu public signals, the verification key expects %u\n", pos[1],
            count, zka_groth16_vkey_n_public(vk));
    printf("INVALID\n");
    goto done;
  }
  st = zka_groth16_verify(vk, &proof, pub, count, ctx);
  if (st == ZKA_OK) {
    printf("OK\n");
    rc = 0;
  } else if (st == ZKA_ERR_VERIFY_FAILED) {
    printf("INVALID: %s\n", zka_ctx_last_error(ctx));
  } else {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
  }
done:
  free(pub);
  zka_groth16_vkey_destroy(vk);
  zka_ctx_destroy(ctx);
  free(tv);
  free(tp);
  free(tpr);
  return rc;
}

int zka_cli_zkey(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || strcmp(argv[1], "info") ||
      argc != 3) {
    FILE *f = (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) ? stdout : stderr;
    fprintf(f,
            "usage: zkaccel zkey info <circuit.zkey>\n"
            "\n"
            "Reads and checks a snarkjs Groth16 .zkey (every section, every point on its curve)\n"
            "and prints its curve, constraints, public inputs, variables and domain size.\n");
    return f == stdout ? 0 : 2;
  }
  zka_ctx *ctx = NULL;
  zka_zkey *z = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  double t = zka_g16cli_now();
  if (zka_zkey_open(&z, argv[2], ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    zka_ctx_destroy(ctx);
    return 1;
  }
  t = zka_g16cli_now() - t;
  zka_zkey_info i;
  zka_zkey_get_info(z, &i);
  printf("file:          %s (%llu bytes, checked in %.3f s)\n", argv[2], (unsigned long long)i.file_bytes, t);
  printf("protocol:      groth16\n");
  printf("curve:         %s\n", zka_curve_snarkjs_name(i.curve));
  printf("constraints:   %u\n", i.n_constraints);
  printf("public inputs: %u (outputs and public inputs)\n", i.n_public);
  printf("variables:     %u (witness length)\n", i.n_vars);
  printf("domain size:   %u (2^%u)\n", i.domain_size, i.log_domain);
  printf("coefficients:  %llu (A and B)\n", (unsigned long long)i.n_coefficients);
  zka_zkey_close(z);
  zka_ctx_destroy(ctx);
  return 0;
}
