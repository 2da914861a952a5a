/* cli.h — internal: the CLI's subcommands. Each returns the process exit code. */
#ifndef ZKA_CLI_H
#define ZKA_CLI_H

#define ZKA_CLI_VERSION "0.1.0"

/* zkaccel demo [--quiet] */
int zka_cli_demo(int argc, char **argv);

#endif
