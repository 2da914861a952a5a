/* In a ZKA_VERIFY build, an unreduced field element reaching the arithmetic must abort
 * with a message naming the broken invariant.  Elsewhere this test is skipped. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"
#include "zkaccel/field.h"

int main(void) {
#ifndef ZKA_VERIFY
  TEST_SKIP("not a ZKA_VERIFY build (configure with -DZKA_VERIFY=ON)");
#else
  zka_bn254_fq bad, one, out;
  for (int i = 0; i < 4; i++) bad.l[i] = ~(uint64_t)0; /* 2^256 - 1 >= p */
  zka_bn254_fq_one(&one);
  pid_t pid = fork();
  CHECK(pid >= 0, "fork");
  if (pid == 0) {
    zka_bn254_fq_mul(&out, &bad, &one);
    _exit(0); /* not reached in a VERIFY build */
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
        "an unreduced operand must abort a ZKA_VERIFY build (status %d)", status);
  /* a reduced operand runs normally */
  zka_bn254_fq_mul(&out, &one, &one);
  CHECK(zka_bn254_fq_eq(&out, &one), "1*1 = 1");
  printf("  ZKA_VERIFY: unreduced operand aborted the child as expected\n");
  return zka_test_finish("test_verify_checks");
#endif
}
