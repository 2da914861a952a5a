#define _POSIX_C_SOURCE 200809L /* setenv */
/* zkaccel — the command-line tool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cli/bench_cli.h"
#include "host/cli/cli.h"
#include "host/cli/zkvm_cli.h"
#include "zkaccel/field.h"

static void zka_cli_usage(FILE *f) {
  fprintf(f,
          "usage: zkaccel <command> [options]\n"
          "\n"
          "commands:\n"
          "  demo      scalar multiplications on BN254 and BLS12-381 G1/G2 and a pairing-\n"
          "            equation check on the CPU, then NTTs through the scheduler on every\n"
          "            selected device, each checked, with timings\n"
          "  devices   every backend and device: available or not (and why), selected or not\n"
          "  ntt       NTTs through the scheduler on random input, timed and checked against\n"
          "            the CPU\n"
          "  bench     benchmark suites per primitive x field x size x backend: a table, CSV,\n"
          "            JSON and plots, each row checked bit for bit against the CPU\n"
          "  prove     Groth16 proof from a snarkjs .zkey and .wtns (rapidsnark's arguments):\n"
          "            zkaccel prove circuit.zkey witness.wtns proof.json public.json\n"
          "  verify    check a Groth16 proof (snarkjs's arguments):\n"
          "            zkaccel verify verification_key.json public.json proof.json\n"
          "  zkey      zkaccel zkey info circuit.zkey: curve, constraints, inputs, domain\n"
          "  zkvm      run RISC-V RV32IM programs, prove runs with a STARK and verify them:\n"
          "            zkaccel zkvm run|prove|verify ... (zkaccel zkvm --help)\n"
          "  version   version, the field arithmetic path in use and why\n"
          "\n"
          "options:\n"
          "  -h, --help      this help\n"
          "  --version       same as 'version'\n"
          "\n"
          "environment:\n"
          "  ZKA_PORTABLE=1       use the portable reference arithmetic instead of MULX/ADX\n"
          "  ZKACCEL_BACKENDS     default backend list (see --backend)\n"
          "  ZKACCEL_STRICT=1     same as --strict\n"
          "  ZKACCEL_DISABLE_BACKENDS=LIST  do not even load these plug-ins (a driver that hangs)\n"
          "  ZKACCEL_BACKEND_DIR  where the backend plug-ins are (default: beside the library)\n"
          "  ZKACCEL_CACHE_DIR    where device calibration is cached (default ~/.cache/zkaccel)\n"
          "  ZKA_INJECT_FAULTS    testing: 'opencl:0,2;fpga-emu:*' makes a backend fail those\n"
          "                       chunks (they re-run elsewhere)\n"
          "\n"
          "Each command takes --help.\n\n");
  zka_cli_engine_help(f);
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
  /* --backend LIST and --strict work with every command, anywhere on the line: they are
   * taken out here and passed on through the environment every engine reads. */
  zka_engine_options eopt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &eopt)) return 2;
  if (eopt.backends) setenv("ZKACCEL_BACKENDS", eopt.backends, 1);
  if (eopt.strict) setenv("ZKACCEL_STRICT", "1", 1);
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
  if (!strcmp(cmd, "devices")) return zka_cli_devices(argc - 1, argv + 1);
  if (!strcmp(cmd, "ntt")) return zka_cli_ntt(argc - 1, argv + 1);
  if (!strcmp(cmd, "bench")) return zka_cli_bench(argc - 1, argv + 1);
  if (!strcmp(cmd, "zkvm")) return zka_cli_zkvm(argc - 1, argv + 1);
  if (!strcmp(cmd, "prove")) return zka_cli_prove(argc - 1, argv + 1);
  if (!strcmp(cmd, "verify")) return zka_cli_verify(argc - 1, argv + 1);
  if (!strcmp(cmd, "zkey")) return zka_cli_zkey(argc - 1, argv + 1);
  fprintf(stderr, "zkaccel: unknown command '%s' (see zkaccel --help)\n", cmd);
  return 2;
}
