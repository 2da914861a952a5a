/* loop_forever — never halts: the executor must stop it at its cycle limit. */
#include "zkaccel_guest.h"

int main(void) {
  volatile uint32_t n = 0;
  for (;;) n++;
}
