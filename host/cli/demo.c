/* zkaccel demo — placeholder until curves and pairings land. */
#include "host/cli/cli.h"
#include <stdio.h>
int zka_cli_demo(int argc, char **argv) {
  (void)argc;
  (void)argv;
  printf("demo: not yet\n");
  return 1;
}
