/* zkaccel zkvm — run an RV32IM guest ELF on the zkVM executor and print what it did
 * (`run`), prove such a run with the STARK (`prove`), and check a proof (`verify`). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/cli/cli.h"
#include "host/cli/zkvm_cli.h"
#include "zkaccel/zkvm.h"

static void zka_zkvm_cli_usage(FILE *f) {
  fprintf(f,
          "usage: zkaccel zkvm run PROG.elf [--input FILE] [--max-cycles N] [--json]\n"
          "       zkaccel zkvm prove PROG.elf [--input FILE] -o PROOF [...]   (see prove --help)\n"
          "       zkaccel zkvm verify PROG.elf PROOF [--json]\n"
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
  if (input_path && zka_cli_read_file(input_path, opt.max_input, &input, &input_len)) goto done;
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

static void zka_zkvm_cli_prove_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel zkvm prove PROG.elf [--input FILE] -o PROOF [--max-cycles N] [--json]\n"
          "                          [--segment-log K] [--queries N] [--blowup-log K]\n"
          "                          [--pow-bits B] [engine options]\n"
          "       zkaccel zkvm verify PROG.elf PROOF [--json]\n"
          "\n"
          "prove runs the guest on its private input and writes a STARK proof (BabyBear, FRI,\n"
          "Poseidon2 Merkle commitments) that this ELF, run from its entry point, exited with\n"
          "the printed exit code and public output.  The NTTs and Merkle trees run on the\n"
          "selected backends; with the same inputs the proof bytes are identical on all of\n"
          "them.  Progress goes to stderr.  The run is proven in segments of at most 2^K\n"
          "cycles (continuations): memory depends on K, not on the run's length.\n"
          "verify checks PROOF against PROG.elf and, only when it is valid, prints the exit\n"
          "code, the cycle count and the public output (hex).\n"
          "\n"
          "options:\n"
          "  --input FILE      the guest's private input ('-': stdin); none: empty\n"
          "  -o, --output PROOF  where the proof goes (written through a temporary file)\n"
          "  --max-cycles N    refuse runs longer than N instructions (default %llu)\n"
          "  --segment-log K   segments of at most 2^K cycles, K in %u..%u (default %u: about\n"
          "                    5-6 GB per segment; each adds about 0.5 MB to the proof)\n"
          "  --queries N, --blowup-log K, --pow-bits B   FRI parameters (defaults 42, 2, 16:\n"
          "                    2*42 + 16 = 100 bits of conjectured security; verify refuses\n"
          "                    proofs weaker than the defaults)\n"
          "  --json            one JSON object on stdout\n"
          "  -q, --quiet       no stage progress on stderr\n",
          (unsigned long long)ZKA_ZKVM_DEFAULT_MAX_CYCLES, ZKA_ZKVM_MIN_LOG_SEGMENT,
          ZKA_ZKVM_MAX_LOG_SEGMENT, ZKA_ZKVM_DEFAULT_LOG_SEGMENT);
  zka_cli_engine_help(f);
  fprintf(f,
          "\nexit status: 0 proved (prove) / valid (verify); 1 a failure or an invalid proof;\n"
          "2 a usage error.\n");
}

typedef struct {
  double t0;
  int quiet;
} zka_zkvm_pcli_progress;

static void zka_zkvm_pcli_stage(void *user, const char *stage) {
  zka_zkvm_pcli_progress *p = user;
  if (!p->quiet) fprintf(stderr, "[zkvm prove %8.3f s] %s\n", zka_zkvm_cli_now() - p->t0, stage);
}

static int zka_zkvm_cli_prove(int argc, char **argv) {
  zka_engine_options eopt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &eopt)) return 2;
  zka_zkvm_prove_options popt = zka_zkvm_prove_options_default();
  const char *elf = NULL, *input_path = NULL, *out_path = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_zkvm_cli_prove_help(stdout);
      return 0;
    } else if (!strcmp(a, "--input") && v) {
      input_path = v;
      i++;
    } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && v) {
      out_path = v;
      i++;
    } else if (!strcmp(a, "--max-cycles") && v) {
      popt.run.max_cycles = strtoull(v, &end, 0);
      if (*end || !popt.run.max_cycles) {
        fprintf(stderr, "zkaccel zkvm prove: --max-cycles takes a positive number, not '%s'\n", v);
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--segment-log") && v) {
      unsigned long x = strtoul(v, &end, 0);
      if (*end || x < ZKA_ZKVM_MIN_LOG_SEGMENT || x > ZKA_ZKVM_MAX_LOG_SEGMENT) {
        fprintf(stderr, "zkaccel zkvm prove: --segment-log takes a number in %u..%u, not '%s'\n",
                ZKA_ZKVM_MIN_LOG_SEGMENT, ZKA_ZKVM_MAX_LOG_SEGMENT, v);
        return 2;
      }
      popt.log_segment = (uint32_t)x;
      i++;
    } else if ((!strcmp(a, "--queries") || !strcmp(a, "--blowup-log") || !strcmp(a, "--pow-bits")) && v) {
      unsigned long x = strtoul(v, &end, 0);
      if (*end || x == 0 || x > 1000) {
        fprintf(stderr, "zkaccel zkvm prove: %s takes a number in 1..1000, not '%s'\n", a, v);
        return 2;
      }
      if (!strcmp(a, "--queries")) popt.num_queries = (uint32_t)x;
      else if (!strcmp(a, "--blowup-log")) popt.log_blowup = (uint32_t)x;
      else popt.pow_bits = (uint32_t)x;
      i++;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      eopt.quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "zkaccel zkvm prove: unknown or incomplete option '%s' (see zkaccel zkvm prove --help)\n", a);
      return 2;
    } else if (!elf) {
      elf = a;
    } else {
      fprintf(stderr, "zkaccel zkvm prove: too many arguments (see zkaccel zkvm prove --help)\n");
      return 2;
    }
  }
  if (!elf || !out_path) {
    fprintf(stderr, "zkaccel zkvm prove: needs PROG.elf and -o PROOF\n\n");
    zka_zkvm_cli_prove_help(stderr);
    return 2;
  }
  int rc = 1;
  zka_ctx *ctx = NULL;
  zka_zkvm_program *prog = NULL;
  zka_engine *e = NULL;
  uint8_t *input = NULL, *proof = NULL;
  size_t input_len = 0, proof_len = 0;
  zka_zkvm_result res;
  memset(&res, 0, sizeof res);
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_zkvm_pcli_progress pr = {zka_zkvm_cli_now(), eopt.quiet};
  popt.progress = zka_zkvm_pcli_stage;
  popt.progress_user = &pr;
  if (input_path && zka_cli_read_file(input_path, popt.run.max_input, &input, &input_len)) goto done;
  if (zka_zkvm_program_load_file(&prog, elf, ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  if (!(e = zka_cli_engine(&eopt))) goto done;
  if (zka_zkvm_prove(e, prog, input, input_len, &popt, &res, &proof, &proof_len, ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  double secs = zka_zkvm_cli_now() - pr.t0;
  if (zka_cli_write_file(out_path, proof, proof_len)) goto done;
  const unsigned long long seg = 1ull << popt.log_segment;
  const unsigned long long n_seg = (res.cycles + seg - 1) / seg;
  if (json) {
    printf("{\"exit_code\": %d, \"cycles\": %llu, \"output\": \"", (int)res.exit_code,
           (unsigned long long)res.cycles);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\", \"segments\": %llu, \"segment_log\": %u, \"proof_bytes\": %zu, \"seconds\": %.6f, "
           "\"cycles_per_second\": %.1f}\n", n_seg, popt.log_segment, proof_len, secs,
           secs > 0 ? (double)res.cycles / secs : 0.0);
  } else {
    printf("exit code: %d\ncycles: %llu\npublic output (%zu bytes): ", (int)res.exit_code,
           (unsigned long long)res.cycles, res.output_len);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\nproof: %s (%zu bytes, %llu segment%s of up to 2^%u cycles), %.3f s (%.1f kHz)\n",
           out_path, proof_len, n_seg, n_seg == 1 ? "" : "s", popt.log_segment, secs,
           secs > 0 ? (double)res.cycles / secs / 1e3 : 0.0);
  }
  rc = 0;
done:
  zka_zkvm_proof_free(proof);
  zka_zkvm_result_clear(&res);
  zka_engine_destroy(e);
  zka_zkvm_program_destroy(prog);
  free(input);
  zka_ctx_destroy(ctx);
  return rc;
}

static int zka_zkvm_cli_verify(int argc, char **argv) {
  const char *pos[2];
  int npos = 0, json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_zkvm_cli_prove_help(stdout);
      return 0;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "zkaccel zkvm verify: unknown option '%s'\n", a);
      return 2;
    } else if (npos < 2) {
      pos[npos++] = a;
    } else {
      fprintf(stderr, "zkaccel zkvm verify: too many arguments\n");
      return 2;
    }
  }
  if (npos != 2) {
    fprintf(stderr, "zkaccel zkvm verify: needs PROG.elf and PROOF\n\n");
    zka_zkvm_cli_prove_help(stderr);
    return 2;
  }
  int rc = 1;
  zka_ctx *ctx = NULL;
  zka_zkvm_program *prog = NULL;
  uint8_t *proof = NULL;
  size_t proof_len = 0;
  zka_zkvm_result res;
  memset(&res, 0, sizeof res);
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  double t0 = zka_zkvm_cli_now();
  if (zka_zkvm_program_load_file(&prog, pos[0], ctx) != ZKA_OK) {
    fprintf(stderr, "error: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  if (zka_cli_read_file(pos[1], SIZE_MAX, &proof, &proof_len)) goto done;
  zka_status s = zka_zkvm_verify(prog, proof, proof_len, &res, ctx);
  double secs = zka_zkvm_cli_now() - t0;
  if (s != ZKA_OK) {
    if (json) {
      printf("{\"valid\": false, \"error\": \"");
      for (const char *m = zka_ctx_last_error(ctx); *m; m++)
        if (*m == '"' || *m == '\\') printf("\\%c", *m);
        else if ((unsigned char)*m >= 0x20) putchar(*m);
      printf("\"}\n");
    } else {
      printf("INVALID: %s\n", zka_ctx_last_error(ctx));
    }
    goto done;
  }
  if (json) {
    printf("{\"valid\": true, \"exit_code\": %d, \"cycles\": %llu, \"output\": \"", (int)res.exit_code,
           (unsigned long long)res.cycles);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\", \"seconds\": %.6f}\n", secs);
  } else {
    printf("OK\nexit code: %d\ncycles: %llu\npublic output (%zu bytes): ", (int)res.exit_code,
           (unsigned long long)res.cycles, res.output_len);
    zka_zkvm_cli_hex(stdout, res.output, res.output_len);
    printf("\nverified in %.3f s\n", secs);
  }
  rc = 0;
done:
  zka_zkvm_result_clear(&res);
  free(proof);
  zka_zkvm_program_destroy(prog);
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
  if (!strcmp(cmd, "prove")) return zka_zkvm_cli_prove(argc - 1, argv + 1);
  if (!strcmp(cmd, "verify")) return zka_zkvm_cli_verify(argc - 1, argv + 1);
  fprintf(stderr, "zkaccel zkvm: unknown command '%s' (see zkaccel zkvm --help)\n", cmd);
  return 2;
}
