/* zkvm_cli.h — internal: the `zkaccel zkvm` subcommand (host/cli/zkvm.c). */
#ifndef ZKA_ZKVM_CLI_H
#define ZKA_ZKVM_CLI_H

/* zkaccel zkvm run prog.elf [--input FILE] [--max-cycles N] [--json]; argv[0] is "zkvm".
 * Returns the process exit code: 0 the guest exited with code 0, 1 it exited with another
 * code, trapped or could not be loaded, 2 a usage error or a command not built yet. */
int zka_cli_zkvm(int argc, char **argv);

#endif
