/* zkvm_cli.h — internal: the `zkaccel zkvm` subcommand (host/cli/zkvm.c). */
#ifndef ZKA_ZKVM_CLI_H
#define ZKA_ZKVM_CLI_H

/* zkaccel zkvm run|prove|verify ...; argv[0] is "zkvm".  Returns the process exit code:
 * run: 0 the guest exited with code 0, 1 it exited with another code, trapped or could not
 * be loaded; prove: 0 proved, 1 failed; verify: 0 valid, 1 invalid or unreadable; 2 a usage
 * error. */
int zka_cli_zkvm(int argc, char **argv);

#endif
