/* test_util.h — tiny shared helpers for the C tests: a seeded RNG, CHECK macros that
 * count failures and print what failed, iteration counts scaled by ZKA_TEST_SCALE. */
#ifndef ZKA_TEST_UTIL_H
#define ZKA_TEST_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int zka_test_failures = 0;

#define CHECK(cond, ...)                                                 \
  do {                                                                   \
    if (!(cond)) {                                                       \
      if (zka_test_failures < 20) {                                      \
        fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__);                                    \
        fprintf(stderr, "\n");                                           \
      }                                                                  \
      zka_test_failures++;                                               \
    }                                                                    \
  } while (0)

#define TEST_SKIP(...)                    \
  do {                                    \
    printf("SKIPPED: " __VA_ARGS__);      \
    printf("\n");                         \
    exit(77);                             \
  } while (0)

static inline int zka_test_finish(const char *name) {
  if (zka_test_failures) {
    fprintf(stderr, "%s: %d check(s) FAILED\n", name, zka_test_failures);
    return 1;
  }
  printf("%s: all checks passed\n", name);
  return 0;
}

/* xoshiro256** (Blackman & Vigna), seeded by splitmix64 from ZKA_TEST_SEED or 1. */
typedef struct { uint64_t s[4]; } zka_test_rng;

static inline uint64_t zka_test_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t zka_test_next(zka_test_rng *r) {
  uint64_t res = zka_test_rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
  r->s[2] ^= r->s[0];
  r->s[3] ^= r->s[1];
  r->s[1] ^= r->s[2];
  r->s[0] ^= r->s[3];
  r->s[2] ^= t;
  r->s[3] = zka_test_rotl(r->s[3], 45);
  return res;
}

static inline void zka_test_rng_init(zka_test_rng *r) {
  const char *env = getenv("ZKA_TEST_SEED");
  uint64_t x = env ? strtoull(env, NULL, 0) : 1;
  for (int i = 0; i < 4; i++) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    r->s[i] = z ^ (z >> 31);
  }
}

/* A zka_rng_fn over zka_test_rng. */
static inline int zka_test_rng_fill(void *ctx, uint8_t *buf, size_t len) {
  zka_test_rng *r = ctx;
  for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)zka_test_next(r);
  return 0;
}

/* n scaled by ZKA_TEST_SCALE (a float; sanitizer runs use < 1), at least 1. */
static inline long zka_test_iters(long n) {
  const char *env = getenv("ZKA_TEST_SCALE");
  double s = env ? atof(env) : 1.0;
  long k = (long)(n * s);
  return k < 1 ? 1 : k;
}

#endif
