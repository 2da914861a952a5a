/* zkaccel — the command-line tool. */
#include <stdio.h>
#include <string.h>

#include "host/cli/cli.h"
#include "zkaccel/field.h"

static void zka_cli_usage(FILE *f) {
  fprintf(f,
          "usage: zkaccel <command> [options]\n"
          "\n"
          "commands:\n"
          "  demo      foundation demo on the CPU: scalar multiplications on BN254 and\n"
          "            BLS12-381 G1/G2 and a pairing-equation check, with timings\n"
          "  version   version, the field arithmetic path in use and why\n"
          "\n"
          "options:\n"
          "  -h, --help      this help\n"
          "  --version       same as 'version'\n"
          "\n"
          "environment:\n"
          "  ZKA_PORTABLE=1  use the portable reference arithmetic instead of MULX/ADX\n"
          "\n"
          "The scheduler, NTT, MSM, hashes, Groth16 and zkVM commands are not built yet.\n");
}

static int zka_cli_version(void) {
  printf("zkaccel %s\n", ZKA_CLI_VERSION);
  printf("field arithmetic: %s (%s)\n",
         zka_field_get_path() == ZKA_FIELD_PATH_FAST ? "x86-64 MULX/ADX" : "portable C reference",
         zka_field_fast_available() ? "CPU has BMI2+ADX; ZKA_PORTABLE=1 forces the reference"
                                    : "fast path unavailable: ZKA_PORTABLE build or no BMI2+ADX");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    zka_cli_usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    zka_cli_usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) return zka_cli_version();
  if (!strcmp(cmd, "demo")) return zka_cli_demo(argc - 1, argv + 1);
  fprintf(stderr, "zkaccel: unknown command '%s' (see zkaccel --help)\n", cmd);
  return 2;
}
