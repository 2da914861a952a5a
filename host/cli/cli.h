/* cli.h — internal: the CLI's subcommands and the options every command shares. Each
 * command returns the process exit code (0 ok, 1 failure, 2 usage error). */
#ifndef ZKA_CLI_H
#define ZKA_CLI_H
#include <stddef.h>
#include <stdint.h>
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

/** Read the file at path ("-": stdin) into *out (malloc'd, free()) and *out_len; at most
 *  limit + 1 bytes (SIZE_MAX: no limit), so an over-long input reaches the library's own
 *  size check.  Returns 0, or 1 after printing "error: ..." on stderr. */
int zka_cli_read_file(const char *path, size_t limit, uint8_t **out, size_t *out_len);

/** Write len bytes to path through a temporary file and a rename (an error never leaves a
 *  half-written file).  Returns 0, or 1 after printing "error: ..." on stderr. */
int zka_cli_write_file(const char *path, const void *data, size_t len);

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
