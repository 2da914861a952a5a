/* cli.h — internal: the CLI's subcommands and the options every command shares. Each
 * command returns the process exit code (0 ok, 1 failure, 2 usage error). */
#ifndef ZKA_CLI_H
#define ZKA_CLI_H
#include <stdio.h>

#include "zkaccel/device.h"

#define ZKA_CLI_VERSION "0.1.0"

/** The engine options every command takes:
 *    --backend LIST (or --backend=LIST; also $ZKACCEL_BACKENDS), --strict, --quiet.
 *  Parsed out of argv (argv[0] is the command name; recognized options are removed and
 *  *argc adjusted).  Returns 0, or 2 after printing a usage error. */
int zka_cli_engine_args(int *argc, char **argv, zka_engine_options *opt);

/** Create an engine from opt; prints the error and returns NULL on failure. */
zka_engine *zka_cli_engine(const zka_engine_options *opt);

/** Print the shared options' help lines. */
void zka_cli_engine_help(FILE *f);

/* zkaccel demo [--quiet] */
int zka_cli_demo(int argc, char **argv);
/* zkaccel devices [--json] [--calibrate] [engine options] */
int zka_cli_devices(int argc, char **argv);
/* zkaccel ntt --field F --log-n K [...] */
int zka_cli_ntt(int argc, char **argv);

/* zkaccel prove <zkey> <wtns> <proof.json> <public.json> [...] */
int zka_cli_prove(int argc, char **argv);
/* zkaccel verify <verification_key.json> <public.json> <proof.json> */
int zka_cli_verify(int argc, char **argv);
/* zkaccel zkey info <zkey> */
int zka_cli_zkey(int argc, char **argv);

#endif
