/* test_poseidon_bn254.c — circomlib Poseidon over BN254 Fr (include/zkaccel/hash.h
 * ZKA_HASH_POSEIDON_BN254): the host zka_poseidon_bn254, the portable
 * zka_poseidon_bn254_hash_ref (core/hash/poseidon_bn254.h, the body every device runs) and
 * the CPU batch zka_cpu_poseidon_bn254_batch, checked against
 *   - the values iden3/circomlibjs test/poseidon.js asserts: poseidon([1, 2]) =
 *     0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a (=
 *     7853200120776062878684798364095072458815029376092732009249414926327459813530) and
 *     poseidon([1, 2, 3, 4]) = 0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465;
 *   - tests/vectors/poseidon_bn254.txt: circomlibjs 0.1.7's own outputs for every k = 1..16
 *     (all zeros, 1..k, all r - 1, and seeded random inputs), written by
 *     tools/gen_poseidon_vectors.mjs;
 * plus host == portable on random inputs, batch == one by one, and k = 0 / 17 refused.
 *
 *   test_poseidon_bn254                 everything above
 *   test_poseidon_bn254 --vectors FILE  only the vectors in FILE (same format); used by
 *                                       tests/poseidon_circomlibjs.sh with fresh circomlibjs
 *                                       outputs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash/poseidon_bn254.h"
#include "kernels/cpu/hash_cpu.h"
#include "test_util.h"
#include "zkaccel/curve.h"
#include "zkaccel/hash.h"

static void fr_to_hex(char out[65], const zka_bn254_fr *a) {
  uint8_t b[32];
  zka_bn254_fr_to_bytes_be(b, a);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static zka_bn254_fr fr_from_hex(const char *hex) {
  uint8_t b[32];
  zka_bn254_fr r;
  for (int i = 0; i < 32; i++) {
    unsigned v = 0;
    sscanf(hex + 2 * i, "%2x", &v);
    b[i] = (uint8_t)v;
  }
  zka_status st = zka_bn254_fr_from_bytes_be(&r, b);
  CHECK(st == ZKA_OK, "hex constant out of range");
  return r;
}

/* Hash in[0..k) with every implementation; check each against want (when non-NULL) and the
 * host result against the others.  Returns 1 when all agree with want. */
static int check_one(const zka_bn254_fr *in, size_t k, const zka_bn254_fr *want, const char *what) {
  zka_bn254_fr host, ref, disp;
  char hx[65], wx[65];
  int ok = 1;
  zka_status st = zka_poseidon_bn254(&host, in, k);
  CHECK(st == ZKA_OK, "%s: zka_poseidon_bn254 k=%zu status %d", what, k, (int)st);
  ref = zka_poseidon_bn254_hash_ref(in, (int)k);
  st = zka_hash(ZKA_HASH_POSEIDON_BN254, &disp, in, k);
  CHECK(st == ZKA_OK, "%s: zka_hash k=%zu status %d", what, k, (int)st);
  if (want != NULL && !zka_bn254_fr_eq(&host, want)) {
    fr_to_hex(hx, &host);
    fr_to_hex(wx, want);
    CHECK(0, "%s: host k=%zu gives %s, circomlibjs %s", what, k, hx, wx);
    ok = 0;
  }
  if (!zka_bn254_fr_eq(&ref, &host)) {
    CHECK(0, "%s: portable ref != host, k=%zu", what, k);
    ok = 0;
  }
  if (!zka_bn254_fr_eq(&disp, &host)) {
    CHECK(0, "%s: zka_hash != zka_poseidon_bn254, k=%zu", what, k);
    ok = 0;
  }
  return ok;
}

/* The vector file: lines "k x1 .. xk h" in decimal.  Returns the number of vectors checked
 * and counts them per k in per_k[1..16]. */
static long check_vector_file(const char *path, long per_k[17]) {
  FILE *f = fopen(path, "r");
  char line[4096];
  long n = 0, lineno = 0;
  CHECK(f != NULL, "cannot open %s (set ZKA_SOURCE_DIR)", path);
  if (f == NULL) return 0;
  while (fgets(line, sizeof line, f)) {
    zka_bn254_fr vals[ZKA_POSEIDON_BN254_MAX_INPUTS + 1];
    const char *p = line;
    long k = -1, fields = 0;
    size_t got = 0;
    lineno++;
    if (line[0] == '#' || line[0] == '\n') continue;
    /* Space-separated decimal fields: k, then k inputs and the hash. */
    for (;;) {
      p += strspn(p, " \t\r\n");
      size_t len = strcspn(p, " \t\r\n");
      if (len == 0) break;
      if (fields == 0) {
        k = strtol(p, NULL, 10);
        if (k < 1 || k > 16) break;
      } else if (got < (size_t)k + 1) {
        zka_status st = zka_bn254_fr_from_decimal(&vals[got], p, len, NULL);
        CHECK(st == ZKA_OK, "%s:%ld: bad decimal field %ld", path, lineno, fields);
        got++;
      }
      fields++;
      p += len;
    }
    CHECK(k >= 1 && k <= 16, "%s:%ld: bad k", path, lineno);
    CHECK(k >= 1 && fields == k + 2, "%s:%ld: expected %ld numbers after k, got %ld", path, lineno,
          k + 1, fields - 1);
    if (k < 1 || k > 16 || fields != k + 2) continue;
    char what[64];
    snprintf(what, sizeof what, "%s:%ld", strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
             lineno);
    check_one(vals, (size_t)k, &vals[k], what);
    per_k[k]++;
    n++;
  }
  fclose(f);
  return n;
}

static void vectors_path(char *path, size_t cap) {
  const char *src = getenv("ZKA_SOURCE_DIR");
  snprintf(path, cap, "%s/tests/vectors/poseidon_bn254.txt", src ? src : ".");
}

static void random_fr(zka_bn254_fr *out, zka_test_rng *rng) {
  zka_status st = zka_bn254_fr_random(out, zka_test_rng_fill, rng);
  CHECK(st == ZKA_OK, "zka_bn254_fr_random");
}

int main(int argc, char **argv) {
  long per_k[17] = {0};
  if (argc == 3 && strcmp(argv[1], "--vectors") == 0) {
    long n = check_vector_file(argv[2], per_k);
    CHECK(n > 0, "no vectors in %s", argv[2]);
    printf("%s: %ld vectors checked (host, portable ref, zka_hash)\n", argv[2], n);
    return zka_test_finish("test_poseidon_bn254 --vectors");
  }
  if (argc != 1) {
    fprintf(stderr, "usage: %s [--vectors FILE]\n", argv[0]);
    return 2;
  }

  /* 1. The values circomlibjs's own test asserts. */
  {
    zka_bn254_fr in[4], want;
    for (int i = 0; i < 4; i++) zka_bn254_fr_from_u64(&in[i], (uint64_t)i + 1);
    want = fr_from_hex("115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a");
    CHECK(check_one(in, 2, &want, "poseidon([1,2])"), "published poseidon([1, 2])");
    want = fr_from_hex("299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465");
    CHECK(check_one(in, 4, &want, "poseidon([1,2,3,4])"), "published poseidon([1, 2, 3, 4])");
    printf("published circomlibjs values poseidon([1,2]) and poseidon([1,2,3,4]): checked\n");
  }

  /* 2. circomlibjs vectors for every k, including 0 and r - 1 inputs. */
  {
    char path[4096];
    vectors_path(path, sizeof path);
    long n = check_vector_file(path, per_k);
    for (int k = 1; k <= 16; k++) {
      CHECK(per_k[k] >= 5, "only %ld vectors for k = %d in %s", per_k[k], k, path);
    }
    printf("%ld circomlibjs vectors (k = 1..16) checked: host, portable ref, zka_hash\n", n);
  }

  /* 3. Host against the portable reference on random inputs, every k. */
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  {
    long iters = zka_test_iters(20), n = 0;
    zka_bn254_fr in[16], minus_one, one;
    for (long it = 0; it < iters; it++) {
      for (size_t k = 1; k <= 16; k++) {
        for (size_t i = 0; i < k; i++) random_fr(&in[i], &rng);
        check_one(in, k, NULL, "random");
        n++;
      }
    }
    /* Mixed edges the file does not list: r - 1 and 0 alternating. */
    zka_bn254_fr_one(&one);
    zka_bn254_fr_neg(&minus_one, &one);
    for (size_t k = 1; k <= 16; k++) {
      for (size_t i = 0; i < k; i++) {
        if (i & 1) {
          zka_bn254_fr_zero(&in[i]);
        } else {
          in[i] = minus_one;
        }
      }
      check_one(in, k, NULL, "r-1/0 mix");
      n++;
    }
    printf("%ld random and edge inputs: host == portable ref == zka_hash\n", n);
  }

  /* 4. Batch == one by one (count 0 writes nothing). */
  {
    enum { COUNT = 9 };
    zka_bn254_fr in[COUNT * 16], out[COUNT + 1], one_by_one;
    long n = 0;
    for (size_t len = 1; len <= 16; len++) {
      for (size_t i = 0; i < COUNT * len; i++) random_fr(&in[i], &rng);
      memset(out, 0xab, sizeof out);
      zka_cpu_poseidon_bn254_batch(out, in, len, 0);
      CHECK(out[0].l[0] == 0xababababababababULL, "count 0 wrote an output");
      zka_cpu_poseidon_bn254_batch(out, in, len, COUNT);
      for (size_t c = 0; c < COUNT; c++) {
        zka_status st = zka_poseidon_bn254(&one_by_one, &in[c * len], len);
        CHECK(st == ZKA_OK && zka_bn254_fr_eq(&out[c], &one_by_one),
              "batch len %zu item %zu differs", len, c);
        n++;
      }
      CHECK(out[COUNT].l[0] == 0xababababababababULL, "batch wrote past count");
    }
    printf("batch of %d for len 1..16 (%ld hashes) == one by one; count 0 writes nothing\n", COUNT,
           n);
  }

  /* 5. Lengths outside 1..16 and NULL pointers refused; output untouched. */
  {
    zka_bn254_fr in[17], out;
    for (int i = 0; i < 17; i++) zka_bn254_fr_from_u64(&in[i], (uint64_t)i);
    memset(&out, 0xcd, sizeof out);
    CHECK(zka_poseidon_bn254(&out, in, 0) == ZKA_ERR_INVALID_ARGUMENT, "k = 0 accepted");
    CHECK(zka_poseidon_bn254(&out, in, 17) == ZKA_ERR_INVALID_ARGUMENT, "k = 17 accepted");
    CHECK(zka_poseidon_bn254(&out, in, (size_t)-1) == ZKA_ERR_INVALID_ARGUMENT,
          "k = SIZE_MAX accepted");
    CHECK(out.l[0] == 0xcdcdcdcdcdcdcdcdULL, "refused call wrote its output");
    CHECK(zka_poseidon_bn254(NULL, in, 2) == ZKA_ERR_INVALID_ARGUMENT, "NULL out accepted");
    CHECK(zka_poseidon_bn254(&out, NULL, 2) == ZKA_ERR_INVALID_ARGUMENT, "NULL in accepted");
    CHECK(zka_hash(ZKA_HASH_POSEIDON_BN254, &out, in, 0) == ZKA_ERR_INVALID_ARGUMENT,
          "zka_hash k = 0 accepted");
    CHECK(zka_hash(ZKA_HASH_POSEIDON_BN254, &out, in, 17) == ZKA_ERR_INVALID_ARGUMENT,
          "zka_hash k = 17 accepted");
    /* The portable body returns zero for a k it cannot take (callers validate). */
    zka_bn254_fr z = zka_poseidon_bn254_hash_ref(in, 17);
    CHECK(zka_bn254_fr_is_zero(&z), "portable ref k = 17 not zero");
    printf("k = 0, 17, SIZE_MAX and NULL pointers refused with ZKA_ERR_INVALID_ARGUMENT\n");
  }

  return zka_test_finish("test_poseidon_bn254");
}
