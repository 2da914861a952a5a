/* engine_args.c — the options every command shares: which backends, strictness. */
#include <stdio.h>
#include <string.h>

#include "host/cli/cli.h"

int zka_cli_engine_args(int *argc, char **argv, zka_engine_options *opt) {
  int out = 1;
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--backend") || !strcmp(a, "--backends")) {
      if (i + 1 >= *argc) {
        fprintf(stderr, "zkaccel: %s needs a list (e.g. --backend cpu,opencl)\n", a);
        return 2;
      }
      opt->backends = argv[++i];
    } else if (!strncmp(a, "--backend=", 10)) {
      opt->backends = a + 10;
    } else if (!strncmp(a, "--backends=", 11)) {
      opt->backends = a + 11;
    } else if (!strcmp(a, "--strict")) {
      opt->strict = 1;
    } else {
      if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) opt->quiet = 1; /* commands see it too */
      argv[out++] = argv[i];
    }
  }
  *argc = out;
  argv[out] = NULL;
  return 0;
}

zka_engine *zka_cli_engine(const zka_engine_options *opt) {
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) {
    fprintf(stderr, "zkaccel: out of memory\n");
    return NULL;
  }
  zka_engine *e = NULL;
  zka_status st = zka_engine_create(&e, opt, ctx);
  if (st != ZKA_OK) fprintf(stderr, "zkaccel: %s\n", zka_ctx_last_error(ctx));
  zka_ctx_destroy(ctx);
  return st == ZKA_OK ? e : NULL;
}

void zka_cli_engine_help(FILE *f) {
  fprintf(f,
          "engine options (every command):\n"
          "  --backend LIST  backends to use, comma-separated: cpu, opencl, cuda, fpga, fpga-emu,\n"
          "                  all (default: $ZKACCEL_BACKENDS, else every available backend\n"
          "                  except the fpga-emu emulator and OpenCL CPU devices such as\n"
          "                  PoCL, which share the cpu backend's cores)\n"
          "  --strict        a requested backend that is unavailable or fails is an error\n"
          "                  (default: its work falls back to the next device, then the CPU)\n");
}
