/* Differential test of the four 64-bit-limb prime fields against GMP, on both arithmetic
 * paths (portable reference and, where the CPU has it, the MULX/ADX fast path).
 * For each field and path: >= 100,000 random operands per operation (scaled by
 * ZKA_TEST_SCALE) plus listed edge cases: 0, 1, 2, p-1, p-2, (p-1)/2, values with
 * all-ones 64-bit limbs, the generator (a non-residue), 2^(bits-1). */
#include <gmp.h>

#include "core/field/field_host.h"
#include "test_util.h"
#include "zkaccel/field.h"

static zka_test_rng rng;

/* Canonical limbs <-> mpz. */
static void limbs_to_mpz(mpz_t z, const uint64_t *l, int n) { mpz_import(z, n, -1, 8, 0, 0, l); }
static void mpz_to_limbs(uint64_t *l, int n, const mpz_t z) {
  memset(l, 0, 8 * n);
  mpz_export(l, NULL, -1, 8, 0, 0, z);
}

#define FIELD_TEST(F, PARAMS, NLIMBS, NBYTES)                                                 \
  static void test_##F(const char *path) {                                                    \
    const int n = NLIMBS;                                                                     \
    const long iters = zka_test_iters(100000);                                                \
    const long slow_iters = zka_test_iters(100000);                                           \
    mpz_t p, R, a, b, c, t;                                                                   \
    mpz_inits(p, R, a, b, c, t, NULL);                                                        \
    uint64_t pl[NLIMBS] = {PARAMS##_P};                                                       \
    limbs_to_mpz(p, pl, n);                                                                   \
    mpz_set_ui(R, 1);                                                                         \
    mpz_mul_2exp(R, R, 64 * n);                                                               \
    mpz_mod(R, R, p);                                                                         \
    /* operand pool: edge cases first, then random */                                        \
    enum { EDGES = 12 };                                                                      \
    mpz_t edge[EDGES];                                                                        \
    for (int i = 0; i < EDGES; i++) mpz_init(edge[i]);                                        \
    mpz_set_ui(edge[0], 0);                                                                   \
    mpz_set_ui(edge[1], 1);                                                                   \
    mpz_set_ui(edge[2], 2);                                                                   \
    mpz_sub_ui(edge[3], p, 1);                                                                \
    mpz_sub_ui(edge[4], p, 2);                                                                \
    mpz_sub_ui(edge[5], p, 1);                                                                \
    mpz_fdiv_q_2exp(edge[5], edge[5], 1);                                                     \
    mpz_set_ui(edge[6], 1);                                                                   \
    mpz_mul_2exp(edge[6], edge[6], 64);                                                       \
    mpz_sub_ui(edge[6], edge[6], 1); /* one all-ones limb */                                  \
    mpz_set_ui(edge[7], 1);                                                                   \
    mpz_mul_2exp(edge[7], edge[7], 64 * (n - 1));                                             \
    mpz_sub_ui(edge[7], edge[7], 1); /* n-1 all-ones limbs */                                 \
    mpz_set_ui(edge[8], 1);                                                                   \
    mpz_mul_2exp(edge[8], edge[8], mpz_sizeinbase(p, 2) - 1);                                 \
    {                                                                                         \
      zka_##F g;                                                                              \
      uint8_t gb[NBYTES];                                                                     \
      zka_##F##_generator(&g);                                                                \
      zka_##F##_to_bytes_le(gb, &g);                                                          \
      mpz_import(edge[9], NBYTES, -1, 1, 0, 0, gb);                                           \
    }                                                                                         \
    mpz_set(edge[10], R);            /* R mod p */                                            \
    mpz_sub_ui(edge[11], p, 3);                                                               \
    gmp_randstate_t gr;                                                                       \
    gmp_randinit_default(gr);                                                                 \
    gmp_randseed_ui(gr, zka_test_next(&rng));                                                 \
    long checked = 0;                                                                         \
    for (long it = 0; it < iters + EDGES * EDGES; it++) {                                     \
      if (it < EDGES * EDGES) {                                                               \
        mpz_set(a, edge[it / EDGES]);                                                         \
        mpz_set(b, edge[it % EDGES]);                                                         \
      } else {                                                                                \
        mpz_urandomm(a, gr, p);                                                               \
        mpz_urandomm(b, gr, p);                                                               \
      }                                                                                       \
      uint8_t ab[NBYTES] = {0}, bb[NBYTES] = {0}, out[NBYTES];                                \
      mpz_export(ab, NULL, -1, 1, 0, 0, a);                                                   \
      mpz_export(bb, NULL, -1, 1, 0, 0, b);                                                   \
      zka_##F x, y, z;                                                                        \
      CHECK(zka_##F##_from_bytes_le(&x, ab) == ZKA_OK, #F " from_bytes");                     \
      CHECK(zka_##F##_from_bytes_le(&y, bb) == ZKA_OK, #F " from_bytes");                     \
      /* the Montgomery limbs are a·R mod p */                                                \
      mpz_mul(t, a, R);                                                                       \
      mpz_mod(t, t, p);                                                                       \
      limbs_to_mpz(c, x.l, n);                                                                \
      CHECK(mpz_cmp(c, t) == 0, #F " %s: Montgomery form of operand %ld", path, it);          \
      mpz_t expect;                                                                           \
      mpz_init(expect);                                                                       \
      for (int op = 0; op < 7; op++) {                                                        \
        switch (op) {                                                                         \
          case 0: zka_##F##_add(&z, &x, &y); mpz_add(expect, a, b); break;                    \
          case 1: zka_##F##_sub(&z, &x, &y); mpz_sub(expect, a, b); break;                    \
          case 2: zka_##F##_mul(&z, &x, &y); mpz_mul(expect, a, b); break;                    \
          case 3: zka_##F##_sqr(&z, &x); mpz_mul(expect, a, a); break;                        \
          case 4: zka_##F##_neg(&z, &x); mpz_neg(expect, a); break;                           \
          case 5: zka_##F##_dbl(&z, &x); mpz_mul_2exp(expect, a, 1); break;                   \
          case 6:                                                                             \
            if (it >= slow_iters + EDGES * EDGES) continue;                                   \
            if (mpz_sgn(a) == 0) {                                                            \
              CHECK(zka_##F##_inv(&z, &x) == ZKA_ERR_DIVISION_BY_ZERO, #F " inv(0)");         \
              continue;                                                                       \
            }                                                                                 \
            CHECK(zka_##F##_inv(&z, &x) == ZKA_OK, #F " inv");                                \
            mpz_invert(expect, a, p);                                                         \
            break;                                                                            \
        }                                                                                     \
        mpz_mod(expect, expect, p);                                                           \
        zka_##F##_to_bytes_le(out, &z);                                                       \
        mpz_import(c, NBYTES, -1, 1, 0, 0, out);                                              \
        CHECK(mpz_cmp(c, expect) == 0, #F " %s op %d operand %ld", path, op, it);             \
        /* results stay fully reduced in Montgomery form */                                   \
        limbs_to_mpz(t, z.l, n);                                                              \
        CHECK(mpz_cmp(t, p) < 0, #F " %s op %d result not reduced", path, op);                \
        checked++;                                                                            \
      }                                                                                       \
      mpz_clear(expect);                                                                      \
    }                                                                                         \
    /* sqrt and legendre against mpz_legendre; pow against mpz_powm: 100,000 operands each */                       \
    long sq_iters = zka_test_iters(100000);                                                    \
    for (long it = 0; it < sq_iters + EDGES; it++) {                                          \
      if (it < EDGES) mpz_set(a, edge[it]); else mpz_urandomm(a, gr, p);                      \
      uint8_t ab[NBYTES] = {0}, out[NBYTES];                                                  \
      mpz_export(ab, NULL, -1, 1, 0, 0, a);                                                   \
      zka_##F x, z;                                                                           \
      CHECK(zka_##F##_from_bytes_le(&x, ab) == ZKA_OK, "from_bytes");                         \
      int leg = mpz_legendre(a, p);                                                           \
      CHECK(zka_##F##_legendre(&x) == leg, #F " %s legendre operand %ld", path, it);          \
      zka_status st = zka_##F##_sqrt(&z, &x);                                                 \
      if (leg < 0) {                                                                          \
        CHECK(st == ZKA_ERR_NO_SQUARE_ROOT, #F " %s sqrt of non-residue must fail", path);   \
      } else {                                                                                \
        CHECK(st == ZKA_OK, #F " %s sqrt of a square must succeed", path);                    \
        zka_##F##_to_bytes_le(out, &z);                                                       \
        mpz_import(c, NBYTES, -1, 1, 0, 0, out);                                              \
        mpz_mul(t, c, c);                                                                     \
        mpz_mod(t, t, p);                                                                     \
        CHECK(mpz_cmp(t, a) == 0, #F " %s sqrt(x)^2 != x at operand %ld", path, it);          \
      }                                                                                       \
      uint64_t e[NLIMBS];                                                                     \
      mpz_urandomb(b, gr, 64 * n);                                                            \
      if (it == 0) mpz_set_ui(b, 0);                                                          \
      mpz_to_limbs(e, n, b);                                                                  \
      zka_##F##_pow(&z, &x, e, n);                                                            \
      mpz_powm(t, a, b, p);                                                                   \
      zka_##F##_to_bytes_le(out, &z);                                                         \
      mpz_import(c, NBYTES, -1, 1, 0, 0, out);                                                \
      CHECK(mpz_cmp(c, t) == 0, #F " %s pow operand %ld", path, it);                          \
      checked += 3;                                                                           \
    }                                                                                         \
    /* batch inverse against single inverses */                                               \
    {                                                                                         \
      enum { BN = 257 };                                                                      \
      zka_##F in[BN], inv[BN], one;                                                           \
      zka_##F##_one(&one);                                                                    \
      for (int i = 0; i < BN; i++) {                                                          \
        CHECK(zka_##F##_random(&in[i], zka_test_rng_fill, &rng) == ZKA_OK, "random");         \
        if (zka_##F##_is_zero(&in[i])) in[i] = one;                                           \
      }                                                                                       \
      CHECK(zka_##F##_batch_inv(inv, in, BN) == ZKA_OK, #F " batch_inv");                     \
      for (int i = 0; i < BN; i++) {                                                          \
        zka_##F prod;                                                                         \
        zka_##F##_mul(&prod, &in[i], &inv[i]);                                                \
        CHECK(zka_##F##_eq(&prod, &one), #F " %s batch_inv[%d]", path, i);                    \
      }                                                                                       \
      zka_##F##_zero(&in[100]);                                                               \
      CHECK(zka_##F##_batch_inv(inv, in, BN) == ZKA_ERR_DIVISION_BY_ZERO,                     \
            #F " batch_inv with a zero must fail");                                           \
      CHECK(zka_##F##_batch_inv(inv, in, 0) == ZKA_OK, #F " batch_inv n=0");                  \
    }                                                                                         \
    /* encodings: values >= p rejected, big-endian mirrors little-endian */                   \
    {                                                                                         \
      uint8_t enc[NBYTES] = {0}, be[NBYTES], le2[NBYTES];                                     \
      zka_##F x;                                                                              \
      mpz_export(enc, NULL, -1, 1, 0, 0, p);                                                  \
      CHECK(zka_##F##_from_bytes_le(&x, enc) == ZKA_ERR_OUT_OF_RANGE, #F " p must be rejected"); \
      memset(enc, 0xff, sizeof enc);                                                          \
      CHECK(zka_##F##_from_bytes_le(&x, enc) == ZKA_ERR_OUT_OF_RANGE, #F " 2^k-1 rejected");  \
      CHECK(zka_##F##_random(&x, zka_test_rng_fill, &rng) == ZKA_OK, "random");               \
      zka_##F##_to_bytes_be(be, &x);                                                          \
      zka_##F##_to_bytes_le(le2, &x);                                                         \
      for (int i = 0; i < NBYTES; i++) CHECK(be[i] == le2[NBYTES - 1 - i], #F " be/le");      \
      zka_##F y;                                                                              \
      CHECK(zka_##F##_from_bytes_be(&y, be) == ZKA_OK && zka_##F##_eq(&x, &y), #F " be round trip"); \
    }                                                                                         \
    /* roots of unity: w_k has order exactly 2^k; table entries are powers */                 \
    {                                                                                         \
      unsigned s = zka_##F##_two_adicity();                                                   \
      zka_##F w, one, x;                                                                      \
      zka_##F##_one(&one);                                                                    \
      for (unsigned k = 0; k <= s; k++) {                                                     \
        CHECK(zka_##F##_root_of_unity(&w, k) == ZKA_OK, "root");                              \
        x = w;                                                                                \
        for (unsigned j = 0; j < k; j++) {                                                    \
          CHECK(k == 0 || !zka_##F##_eq(&x, &one), #F " root 2^%u has smaller order", k);     \
          zka_##F##_sqr(&x, &x);                                                              \
        }                                                                                     \
        CHECK(zka_##F##_eq(&x, &one), #F " root 2^%u order", k);                              \
      }                                                                                       \
      CHECK(zka_##F##_root_of_unity(&w, s + 1) == ZKA_ERR_INVALID_ARGUMENT, #F " root > s"); \
      if (s >= 4) {                                                                           \
        zka_##F tab[16];                                                                      \
        CHECK(zka_##F##_roots_of_unity(tab, 4) == ZKA_OK, "table");                           \
        CHECK(zka_##F##_root_of_unity(&w, 4) == ZKA_OK, "root");                              \
        CHECK(zka_##F##_eq(&tab[0], &one) && zka_##F##_eq(&tab[1], &w), #F " table");         \
        zka_##F##_mul(&x, &tab[15], &w);                                                      \
        CHECK(zka_##F##_eq(&x, &one), #F " table wraps");                                     \
      }                                                                                       \
      /* the generator is a non-residue (so it generates the 2-Sylow part) */                 \
      zka_##F##_generator(&w);                                                                \
      CHECK(zka_##F##_legendre(&w) == -1, #F " generator is a non-residue");                  \
    }                                                                                         \
    printf("  %-13s %-8s %ld field operations agree with GMP\n", #F, path, checked);          \
    for (int i = 0; i < EDGES; i++) mpz_clear(edge[i]);                                       \
    gmp_randclear(gr);                                                                        \
    mpz_clears(p, R, a, b, c, t, NULL);                                                       \
  }

FIELD_TEST(bn254_fq, ZKA_BN254_FQ, 4, 32)
FIELD_TEST(bn254_fr, ZKA_BN254_FR, 4, 32)
FIELD_TEST(bls12_381_fq, ZKA_BLS12_381_FQ, 6, 48)
FIELD_TEST(bls12_381_fr, ZKA_BLS12_381_FR, 4, 32)

static void run_all(const char *path) {
  test_bn254_fq(path);
  test_bn254_fr(path);
  test_bls12_381_fq(path);
  test_bls12_381_fr(path);
}

int main(int argc, char **argv) {
  zka_test_rng_init(&rng);
  const char *only = argc > 1 ? argv[1] : NULL;
  if (!only || !strcmp(only, "portable")) {
    CHECK(zka_field_set_path(ZKA_FIELD_PATH_PORTABLE) == ZKA_OK, "portable path");
    run_all("portable");
  }
  if (!only || !strcmp(only, "fast")) {
    if (zka_field_fast_available()) {
      CHECK(zka_field_set_path(ZKA_FIELD_PATH_FAST) == ZKA_OK, "fast path");
      CHECK(zka_field_get_path() == ZKA_FIELD_PATH_FAST, "fast path selected");
      run_all("fast");
    } else {
      printf("  fast path: not available in this build/CPU (ZKA_PORTABLE or no BMI2+ADX); "
             "checking that selecting it fails\n");
      CHECK(zka_field_set_path(ZKA_FIELD_PATH_FAST) == ZKA_ERR_UNSUPPORTED, "fast must be refused");
    }
  }
  return zka_test_finish("test_field_gmp");
}
