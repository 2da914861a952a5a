/* test_groth16_fuzz.c — replays seeded mutations of the checked-in snarkjs fixtures
 * (tests/data/groth16/) through the fuzz target's entry point (tests/fuzz/fuzz_groth16.c):
 * byte flips, truncations, inserted and repeated spans, and random size fields, so every
 * `make test` (ASan/UBSan in build-asan) runs the readers on thousands of damaged files.
 * A crash, a sanitizer report or an unexplained refusal fails the test; the per-file
 * counts of accepted and refused inputs are printed. */
#include "fuzz/fuzz_groth16.c"

#include <stdio.h>

#include "test_util.h"

static uint8_t *zka_tf_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return b;
}

int main(void) {
  const char *src = getenv("ZKA_SOURCE_DIR");
  const char *env = getenv("ZKA_G16_DATA");
  char dir[1024];
  if (env) snprintf(dir, sizeof dir, "%s", env);
  else snprintf(dir, sizeof dir, "%s/tests/data/groth16", src ? src : ".");
  static const char *const files[] = {"bn128/circuit.zkey", "bn128/witness.wtns",
                                      "bn128/verification_key.json", "bn128/proof.json",
                                      "bn128/public.json", "bls12381/circuit.zkey",
                                      "bls12381/witness.wtns", "bls12381/proof.json"};
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  long iters = zka_test_iters(2000);
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, files[f]);
    size_t len = 0;
    uint8_t *orig = zka_tf_read(path, &len);
    CHECK(orig != NULL, "cannot read %s", path);
    if (!orig) continue;
    uint8_t *buf = malloc(len + 64);
    /* the original first: the readers must run through it */
    LLVMFuzzerTestOneInput(orig, len);
    for (long i = 0; i < iters; i++) {
      size_t n = len;
      memcpy(buf, orig, len);
      switch (zka_test_next(&rng) % 5) {
        case 0: /* flip 1..4 bytes */
          for (int k = 1 + (int)(zka_test_next(&rng) % 4); k > 0; k--)
            buf[zka_test_next(&rng) % len] ^= (uint8_t)(1 + zka_test_next(&rng) % 255);
          break;
        case 1: /* truncate */
          n = (size_t)(zka_test_next(&rng) % len);
          break;
        case 2: { /* a random 32-bit value at a random 4-aligned offset: sizes and counts */
          size_t off = (size_t)(zka_test_next(&rng) % (len / 4)) * 4;
          uint32_t v = (uint32_t)zka_test_next(&rng);
          if (zka_test_next(&rng) & 1) v &= 0xff;
          memcpy(buf + off, &v, 4);
          break;
        }
        case 3: { /* extend by up to 64 bytes of junk */
          size_t extra = 1 + (size_t)(zka_test_next(&rng) % 64);
          for (size_t k = 0; k < extra; k++) buf[len + k] = (uint8_t)zka_test_next(&rng);
          n = len + extra;
          break;
        }
        default: { /* copy one span over another */
          size_t a = (size_t)(zka_test_next(&rng) % len), b = (size_t)(zka_test_next(&rng) % len);
          size_t l = 1 + (size_t)(zka_test_next(&rng) % 48);
          if (a + l > len) l = len - a;
          if (b + l > len) l = len - b;
          memmove(buf + b, buf + a, l);
          break;
        }
      }
      LLVMFuzzerTestOneInput(buf, n);
    }
    printf("%s: %ld mutations read without a crash\n", files[f], iters);
    free(buf);
    free(orig);
  }
  return zka_test_finish("test_groth16_fuzz");
}
