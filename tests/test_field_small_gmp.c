/* Differential test of the small STARK fields against GMP: BabyBear (Montgomery form,
 * R = 2^32) with BabyBear4 = F[X]/(X^4 - 11), and Goldilocks (canonical form) with
 * Goldilocks2 = F[X]/(X^2 - 7), through the public API of include/zkaccel/field_small.h.
 *
 * Base fields: >= 100,000 operand pairs (scaled by ZKA_TEST_SCALE) for each of add, sub,
 * mul, sqr, neg, dbl, inv, legendre, sqrt, pow, from_u64 and the byte encodings, against
 * mpz; operands are the listed edge cases crossed with each other (0, 1, 2, p-1, p-2, p-3,
 * (p-1)/2, (p+1)/2, the generator, the root of unity, W; for BabyBear the values whose
 * Montgomery words are 1 and p-1; for Goldilocks 2^32-1, 2^32, 2^32+1, 2^48, 2^63, p-2^32,
 * ...) and then random values, half uniform and half shaped to sit near 0, p, 2^32 or to have
 * all-zero / all-one low words.  The Goldilocks 128-bit reduction is also checked directly on
 * random and crafted (hi, lo) pairs, counting that every branch (borrow, carry, final
 * subtraction) was taken.
 * Extensions: mul/sqr against a schoolbook polynomial product mod (X^k - W) in mpz;
 * add/sub/neg/dbl/mul_base per coefficient; inv(x)·x = 1 checked with the mpz product;
 * frobenius against pow(x, p), frobenius^k = id and frobenius(xy) = frobenius(x)·frobenius(y);
 * pow against an mpz square-and-multiply.
 * Also: roots of unity of exact order 2^k for every k <= s, Plonky3's constants as known
 * answers, the generator's order (g^((p-1)/q) != 1 for each prime q | p-1), batch_inv,
 * encodings that reject values >= p. */
#include <gmp.h>

#include "core/field/small_fields_portable.h"
#include "test_util.h"
#include "zkaccel/field_small.h"

static zka_test_rng rng;

static void set_u64(mpz_t z, uint64_t v) { mpz_import(z, 1, -1, 8, 0, 0, &v); }
static uint64_t get_u64(const mpz_t z) {
  uint64_t v = 0; /* z < 2^64 here */
  mpz_export(&v, NULL, -1, 8, 0, 0, z);
  return v;
}

/* A random value below p: half uniform, half shaped to reach the edges of the arithmetic. */
static uint64_t shaped_below(uint64_t p) {
  uint64_t r = zka_test_next(&rng), small = r >> 50;
  switch (r & 15) {
    case 0: return small % p;
    case 1: return p - 1 - small;
    case 2: return ((UINT64_C(1) << 32) - (UINT64_C(1) << 13) + small) % p;
    case 3: return ((r >> 32) << 32) % p;                   /* low word zero */
    case 4: return (r | UINT64_C(0xffffffff)) % p;          /* low word all ones */
    case 5: return ((r >> 40) << 40 | small) % p;           /* sparse middle */
    case 6: return (p >> 1) + small - 8;                    /* near (p-1)/2 */
    case 7: return (r >> 32) % p;                           /* a 32-bit value */
    default: return zka_test_next(&rng) % p;                /* uniform (bias < 2^-31) */
  }
}

/* ---- mpz helpers for the extensions: coefficients as canonical uint64 ----------------- */
static mpz_t ext_acc[8], ext_t, ext_p; /* scratch, and the base prime as mpz */
static uint64_t ext_base_p;             /* the base prime of the extension under test */

/* z mod p (the extension's base prime), as a word; z is overwritten. */
static uint64_t mod_p(mpz_t z) {
  mpz_mod(z, z, ext_p);
  return get_u64(z);
}


static void ext_mul_mpz(uint64_t *out, const uint64_t *x, const uint64_t *y, int k, unsigned long w) {
  for (int i = 0; i < 2 * k; i++) mpz_set_ui(ext_acc[i], 0);
  for (int i = 0; i < k; i++)
    for (int j = 0; j < k; j++) {
      mpz_t xi, yj;
      mpz_inits(xi, yj, NULL);
      set_u64(xi, x[i]);
      set_u64(yj, y[j]);
      mpz_addmul(ext_acc[i + j], xi, yj);
      mpz_clears(xi, yj, NULL);
    }
  for (int i = 0; i < k; i++) {
    mpz_mul_ui(ext_t, ext_acc[i + k], w); /* X^(i+k) = W·X^i */
    mpz_add(ext_t, ext_t, ext_acc[i]);
    out[i] = mod_p(ext_t);
  }
}

/* x^e by square-and-multiply over ext_mul_mpz; e has `limbs` 64-bit limbs. */
static void ext_pow_mpz(uint64_t *out, const uint64_t *x, const uint64_t *e, int limbs, int k,
                        unsigned long w) {
  uint64_t r[4] = {1, 0, 0, 0};
  for (int i = limbs - 1; i >= 0; i--)
    for (int b = 63; b >= 0; b--) {
      ext_mul_mpz(r, r, r, k, w);
      if ((e[i] >> b) & 1) ext_mul_mpz(r, r, x, k, w);
    }
  for (int i = 0; i < k; i++) out[i] = r[i];
}

/* ---- Goldilocks: the 128-bit reduction, branch by branch ------------------------------ */
static void test_goldilocks_reduce128(void) {
  const uint64_t p = ZKA_GOLDILOCKS_P, eps = ZKA_GOLDILOCKS_EPSILON;
  const uint64_t special[] = {0,
                              1,
                              2,
                              eps - 1,
                              eps,
                              eps + 1,
                              UINT64_C(1) << 32,
                              UINT64_C(1) << 63,
                              p - 1,
                              p,
                              p + 1,
                              UINT64_C(0xfffffffe00000001),
                              UINT64_C(0xffffffff00000000),
                              UINT64_C(0xfffffffeffffffff),
                              UINT64_C(0x00000001ffffffff),
                              UINT64_MAX - 1,
                              UINT64_MAX};
  const int ns = (int)(sizeof special / sizeof special[0]);
  mpz_t x, pz, hz;
  mpz_inits(x, pz, hz, NULL);
  set_u64(pz, p);
  long n = zka_test_iters(200000), borrow = 0, carry = 0, final_sub = 0, checked = 0;
  for (long it = 0; it < n + ns * ns; it++) {
    zka_u128 v;
    if (it < ns * ns) {
      v.hi = special[it / ns];
      v.lo = special[it % ns];
    } else {
      uint64_t r = zka_test_next(&rng);
      v.hi = (r & 1) ? zka_test_next(&rng) : special[(r >> 8) % ns] ^ (r >> 60);
      v.lo = (r & 2) ? zka_test_next(&rng) : (r >> 40) % ((v.hi >> 32) + 1); /* lo < hh often */
    }
    /* which branches this input takes (the reduction's own formulas, for coverage only) */
    uint64_t hh = v.hi >> 32, hl = v.hi & eps, t0 = v.lo - hh;
    if (v.lo < hh) {
      borrow++;
      t0 -= eps;
    }
    uint64_t t1 = hl * eps, t2 = t0 + t1;
    if (t2 < t1) {
      carry++;
      t2 += eps;
    }
    if (t2 >= p) final_sub++;
    zka_goldilocks r = zka_goldilocks_reduce128_ref(v);
    set_u64(hz, v.hi);
    mpz_mul_2exp(x, hz, 64);
    set_u64(hz, v.lo);
    mpz_add(x, x, hz);
    mpz_mod(x, x, pz);
    CHECK(r.v == get_u64(x), "reduce128(0x%016llx, 0x%016llx) = 0x%016llx", (unsigned long long)v.hi,
          (unsigned long long)v.lo, (unsigned long long)r.v);
    checked++;
  }
  CHECK(borrow > 0 && carry > 0 && final_sub > 0, "every branch of reduce128 taken");
  printf("  goldilocks   reduce128: %ld 128-bit inputs agree with GMP (borrow %ld, carry %ld, "
         "final subtraction %ld times)\n", checked, borrow, carry, final_sub);
  mpz_clears(x, pz, hz, NULL);
}

/* ---- base fields ---------------------------------------------------------------------- */
/* F: field; WORD: canonical word type; BYTES: encoding; PARAMS: parameter prefix;
 * RBITS: the Montgomery shift (32 for BabyBear, 0 for Goldilocks). */
#define FIELD_TEST(F, WORD, BYTES, PARAMS, RBITS)                                              \
  static zka_##F F##_of(uint64_t v) {                                                          \
    zka_##F x;                                                                                 \
    CHECK(zka_##F##_from_canonical(&x, (WORD)v) == ZKA_OK, #F " from_canonical(%llu)",         \
          (unsigned long long)v);                                                              \
    return x;                                                                                  \
  }                                                                                            \
  static void test_##F(const uint64_t *edges_in, int n_edges_in) {                             \
    const uint64_t p = PARAMS##_P;                                                             \
    const long iters = zka_test_iters(100000);                                                 \
    mpz_t pz, a, b, e, t, Rz;                                                                  \
    mpz_inits(pz, a, b, e, t, Rz, NULL);                                                       \
    set_u64(pz, p);                                                                            \
    mpz_set_ui(Rz, 1);                                                                         \
    mpz_mul_2exp(Rz, Rz, RBITS);                                                               \
    mpz_mod(Rz, Rz, pz); /* the Montgomery factor: word = x·R mod p */                         \
    /* the edge list: the caller's, plus the values whose words are 1 and p-1 */               \
    uint64_t edges[64];                                                                        \
    int ne = 0;                                                                                \
    for (int i = 0; i < n_edges_in; i++) edges[ne++] = edges_in[i];                            \
    mpz_invert(t, Rz, pz);                                                                     \
    edges[ne++] = get_u64(t); /* word 1 */                                                     \
    mpz_neg(t, t);                                                                             \
    mpz_mod(t, t, pz);                                                                         \
    edges[ne++] = get_u64(t); /* word p-1 */                                                   \
    long checked = 0, sq_roots = 0, non_residues = 0;                                          \
    for (long it = 0; it < iters + (long)ne * ne; it++) {                                      \
      uint64_t av, bv;                                                                         \
      if (it < (long)ne * ne) {                                                                \
        av = edges[it / ne];                                                                   \
        bv = edges[it % ne];                                                                   \
      } else {                                                                                 \
        av = shaped_below(p);                                                                  \
        bv = shaped_below(p);                                                                  \
      }                                                                                        \
      set_u64(a, av);                                                                          \
      set_u64(b, bv);                                                                          \
      zka_##F x = F##_of(av), y = F##_of(bv), z;                                               \
      /* the stored word is a·R mod p */                                                       \
      mpz_mul(t, a, Rz);                                                                       \
      mpz_mod(t, t, pz);                                                                       \
      CHECK((uint64_t)x.v == get_u64(t), #F " word of %llu", (unsigned long long)av);          \
      for (int op = 0; op < 7; op++) {                                                         \
        switch (op) {                                                                          \
          case 0: zka_##F##_add(&z, &x, &y); mpz_add(e, a, b); break;                          \
          case 1: zka_##F##_sub(&z, &x, &y); mpz_sub(e, a, b); break;                          \
          case 2: zka_##F##_mul(&z, &x, &y); mpz_mul(e, a, b); break;                          \
          case 3: zka_##F##_sqr(&z, &x); mpz_mul(e, a, a); break;                              \
          case 4: zka_##F##_neg(&z, &x); mpz_neg(e, a); break;                                 \
          case 5: zka_##F##_dbl(&z, &x); mpz_mul_2exp(e, a, 1); break;                         \
          default:                                                                             \
            if (av == 0) {                                                                     \
              z = y;                                                                           \
              CHECK(zka_##F##_inv(&z, &x) == ZKA_ERR_DIVISION_BY_ZERO && zka_##F##_eq(&z, &y), \
                    #F " inv(0) must fail and leave out untouched");                           \
              continue;                                                                        \
            }                                                                                  \
            CHECK(zka_##F##_inv(&z, &x) == ZKA_OK, #F " inv");                                 \
            mpz_invert(e, a, pz);                                                              \
            break;                                                                             \
        }                                                                                      \
        mpz_mod(e, e, pz);                                                                     \
        CHECK((uint64_t)z.v < p, #F " op %d result word not reduced", op);                     \
        CHECK((uint64_t)zka_##F##_to_canonical(&z) == get_u64(e),                              \
              #F " op %d (%llu, %llu): got %llu want %llu", op, (unsigned long long)av,        \
              (unsigned long long)bv, (unsigned long long)zka_##F##_to_canonical(&z),          \
              (unsigned long long)get_u64(e));                                                 \
        checked++;                                                                             \
      }                                                                                        \
      /* eq / is_zero */                                                                       \
      CHECK(zka_##F##_eq(&x, &y) == (av == bv) && zka_##F##_is_zero(&x) == (av == 0), #F " eq"); \
      /* legendre and sqrt */                                                                  \
      int leg = mpz_legendre(a, pz);                                                           \
      CHECK(zka_##F##_legendre(&x) == leg, #F " legendre(%llu)", (unsigned long long)av);      \
      zka_status st = zka_##F##_sqrt(&z, &x);                                                  \
      if (leg < 0) {                                                                           \
        CHECK(st == ZKA_ERR_NO_SQUARE_ROOT, #F " sqrt of a non-residue must fail");            \
        non_residues++;                                                                        \
      } else {                                                                                 \
        CHECK(st == ZKA_OK, #F " sqrt of a square must succeed (%llu)", (unsigned long long)av); \
        set_u64(t, zka_##F##_to_canonical(&z));                                                \
        mpz_mul(t, t, t);                                                                      \
        mpz_mod(t, t, pz);                                                                     \
        CHECK(mpz_cmp(t, a) == 0, #F " sqrt(%llu)^2", (unsigned long long)av);                 \
        sq_roots++;                                                                            \
      }                                                                                        \
      /* pow with a 1- or 2-limb exponent (0 first) */                                         \
      {                                                                                        \
        uint64_t ex[2] = {zka_test_next(&rng), zka_test_next(&rng)};                           \
        int nl = (it & 1) ? 2 : 1;                                                             \
        if (it == 0) ex[0] = 0;                                                                \
        mpz_import(b, (size_t)nl, -1, 8, 0, 0, ex);                                            \
        zka_##F##_pow(&z, &x, ex, (size_t)nl);                                                 \
        mpz_powm(e, a, b, pz);                                                                 \
        CHECK((uint64_t)zka_##F##_to_canonical(&z) == get_u64(e), #F " pow(%llu)",             \
              (unsigned long long)av);                                                         \
      }                                                                                        \
      /* from_u64 on any 64-bit value (edges first: p, p+1, 2^64-1, ...) */                    \
      {                                                                                        \
        uint64_t u = zka_test_next(&rng);                                                      \
        const uint64_t u_edges[] = {p, p + 1, UINT64_MAX, UINT64_MAX - 1, 2 * (uint64_t)p,     \
                                    UINT64_C(1) << 32, (UINT64_C(1) << 32) - 1, av};           \
        if (it < 8) u = u_edges[it];                                                           \
        zka_##F##_from_u64(&z, u);                                                             \
        set_u64(t, u);                                                                         \
        mpz_mod(t, t, pz);                                                                     \
        CHECK((uint64_t)zka_##F##_to_canonical(&z) == get_u64(t) && (uint64_t)z.v < p,         \
              #F " from_u64(%llu)", (unsigned long long)u);                                    \
      }                                                                                        \
      /* encodings: le/be bytes of the canonical integer, and back */                          \
      {                                                                                        \
        uint8_t le[BYTES], be[BYTES], want[BYTES] = {0};                                       \
        mpz_export(want, NULL, -1, 1, 0, 0, a);                                                \
        zka_##F##_to_bytes_le(le, &x);                                                         \
        zka_##F##_to_bytes_be(be, &x);                                                         \
        int same = 1;                                                                          \
        for (int i = 0; i < BYTES; i++) same &= le[i] == want[i] && be[BYTES - 1 - i] == want[i]; \
        CHECK(same, #F " to_bytes(%llu)", (unsigned long long)av);                             \
        zka_##F u, w;                                                                          \
        CHECK(zka_##F##_from_bytes_le(&u, le) == ZKA_OK && zka_##F##_eq(&u, &x), #F " le back"); \
        CHECK(zka_##F##_from_bytes_be(&w, be) == ZKA_OK && zka_##F##_eq(&w, &x), #F " be back"); \
      }                                                                                        \
      checked += 6;                                                                            \
    }                                                                                          \
    CHECK(sq_roots > 0 && non_residues > 0, #F " both sqrt outcomes seen");                    \
    /* encodings >= p are rejected, out untouched */                                           \
    {                                                                                          \
      const uint64_t bad[] = {p, p + 1, (uint64_t)(WORD)~(WORD)0, (uint64_t)(WORD)~(WORD)0 - 1}; \
      for (int i = 0; i < 4; i++) {                                                            \
        uint8_t le[BYTES], be[BYTES];                                                          \
        for (int j = 0; j < BYTES; j++) {                                                      \
          le[j] = (uint8_t)(bad[i] >> (8 * j));                                                \
          be[BYTES - 1 - j] = le[j];                                                           \
        }                                                                                      \
        zka_##F x = F##_of(5), y = x;                                                          \
        CHECK(zka_##F##_from_bytes_le(&x, le) == ZKA_ERR_OUT_OF_RANGE, #F " le %llu rejected", \
              (unsigned long long)bad[i]);                                                     \
        CHECK(zka_##F##_from_bytes_be(&x, be) == ZKA_ERR_OUT_OF_RANGE, #F " be rejected");     \
        CHECK(zka_##F##_from_canonical(&x, (WORD)bad[i]) == ZKA_ERR_OUT_OF_RANGE,              \
              #F " from_canonical rejected");                                                  \
        CHECK(zka_##F##_eq(&x, &y), #F " out untouched on rejection");                         \
      }                                                                                        \
    }                                                                                          \
    /* batch inverse against single inverses */                                                \
    {                                                                                          \
      enum { BN = 257 };                                                                       \
      zka_##F in[BN], inv[BN], one, prod;                                                      \
      zka_##F##_one(&one);                                                                     \
      for (int i = 0; i < BN; i++) {                                                           \
        CHECK(zka_##F##_random(&in[i], zka_test_rng_fill, &rng) == ZKA_OK, "random");          \
        CHECK((uint64_t)in[i].v < p, #F " random is reduced");                                 \
        if (zka_##F##_is_zero(&in[i])) in[i] = one;                                            \
      }                                                                                        \
      CHECK(zka_##F##_batch_inv(inv, in, BN) == ZKA_OK, #F " batch_inv");                      \
      for (int i = 0; i < BN; i++) {                                                           \
        zka_##F##_mul(&prod, &in[i], &inv[i]);                                                 \
        CHECK(zka_##F##_eq(&prod, &one), #F " batch_inv[%d]", i);                              \
      }                                                                                        \
      zka_##F##_zero(&in[100]);                                                                \
      CHECK(zka_##F##_batch_inv(inv, in, BN) == ZKA_ERR_DIVISION_BY_ZERO, #F " batch_inv 0");  \
      CHECK(zka_##F##_batch_inv(inv, in, 0) == ZKA_OK, #F " batch_inv n=0");                   \
    }                                                                                          \
    /* the generator: g^((p-1)/q) != 1 for every prime q | p-1, found by trial division */     \
    {                                                                                          \
      zka_##F g, r, one;                                                                       \
      zka_##F##_generator(&g);                                                                 \
      zka_##F##_one(&one);                                                                     \
      CHECK(zka_##F##_to_canonical(&g) == PARAMS##_GENERATOR_INT, #F " generator value");      \
      uint64_t m = p - 1, primes = 0;                                                          \
      for (uint64_t q = 2; m > 1; q++) {                                                       \
        if (q * q > m) q = m; /* what is left is prime */                                      \
        if (m % q) continue;                                                                   \
        while (m % q == 0) m /= q;                                                             \
        uint64_t ex = (p - 1) / q;                                                             \
        zka_##F##_pow(&r, &g, &ex, 1);                                                         \
        CHECK(!zka_##F##_eq(&r, &one), #F " g^((p-1)/%llu) = 1", (unsigned long long)q);       \
        primes++;                                                                              \
      }                                                                                        \
      CHECK(zka_##F##_legendre(&g) == -1, #F " generator is a non-residue");                   \
      printf("  %-11s  generator %llu has order p-1 (%llu prime factors of p-1 checked)\n", #F, \
             (unsigned long long)PARAMS##_GENERATOR_INT, (unsigned long long)primes);          \
    }                                                                                          \
    /* roots of unity: w_k has order exactly 2^k; the table holds its powers */                \
    {                                                                                          \
      unsigned s = zka_##F##_two_adicity();                                                    \
      zka_##F w, one, x;                                                                       \
      zka_##F##_one(&one);                                                                     \
      CHECK(s == PARAMS##_TWO_ADICITY, #F " two-adicity");                                     \
      CHECK(((p - 1) >> s) & 1, #F " (p-1)/2^s is odd");                                       \
      for (unsigned k = 0; k <= s; k++) {                                                      \
        CHECK(zka_##F##_root_of_unity(&w, k) == ZKA_OK, "root");                               \
        x = w;                                                                                 \
        for (unsigned j = 0; j < k; j++) {                                                     \
          CHECK(!zka_##F##_eq(&x, &one), #F " root 2^%u has smaller order", k);                \
          zka_##F##_sqr(&x, &x);                                                               \
        }                                                                                      \
        CHECK(zka_##F##_eq(&x, &one), #F " root 2^%u order", k);                               \
      }                                                                                        \
      CHECK(zka_##F##_root_of_unity(&w, s + 1) == ZKA_ERR_INVALID_ARGUMENT, #F " root > s");   \
      zka_##F tab[16];                                                                         \
      CHECK(zka_##F##_roots_of_unity(tab, 4) == ZKA_OK, "table");                              \
      CHECK(zka_##F##_root_of_unity(&w, 4) == ZKA_OK, "root");                                 \
      CHECK(zka_##F##_eq(&tab[0], &one) && zka_##F##_eq(&tab[1], &w), #F " table");            \
      for (int i = 1; i < 16; i++) {                                                           \
        zka_##F##_mul(&x, &tab[i - 1], &w);                                                    \
        CHECK(zka_##F##_eq(&x, &tab[i]), #F " table[%d]", i);                                  \
      }                                                                                        \
      zka_##F##_mul(&x, &tab[15], &w);                                                         \
      CHECK(zka_##F##_eq(&x, &one), #F " table wraps");                                        \
      CHECK(zka_##F##_roots_of_unity(tab, s + 1) == ZKA_ERR_INVALID_ARGUMENT, #F " table > s"); \
    }                                                                                          \
    printf("  %-11s  %ld field operations agree with GMP (%ld square roots, %ld non-residues)\n", \
           #F, checked, sq_roots, non_residues);                                               \
    mpz_clears(pz, a, b, e, t, Rz, NULL);                                                      \
  }

FIELD_TEST(babybear, uint32_t, 4, ZKA_BABYBEAR, 32)
FIELD_TEST(goldilocks, uint64_t, 8, ZKA_GOLDILOCKS, 0)

/* ---- extension fields ----------------------------------------------------------------- */
/* E: extension; B: base; K: degree; PARAMS: the extension's parameter prefix. */
#define EXT_TEST(E, B, K, PARAMS)                                                              \
  static zka_##E E##_of(const uint64_t *c) {                                                   \
    zka_##E x;                                                                                 \
    for (int i = 0; i < K; i++) x.c[i] = B##_of(c[i]);                                         \
    return x;                                                                                  \
  }                                                                                            \
  static void E##_coeffs(uint64_t *c, const zka_##E *x) {                                      \
    for (int i = 0; i < K; i++) c[i] = zka_##B##_to_canonical(&x->c[i]);                       \
  }                                                                                            \
  static int E##_is(const zka_##E *x, const uint64_t *want) {                                  \
    uint64_t c[K];                                                                             \
    E##_coeffs(c, x);                                                                          \
    for (int i = 0; i < K; i++)                                                                \
      if (c[i] != want[i] || (uint64_t)x->c[i].v >= ext_base_p) return 0;                            \
    return 1;                                                                                  \
  }                                                                                            \
  static void test_##E(void) {                                                                 \
    const uint64_t p = ext_base_p;                                                             \
    const unsigned long w = PARAMS##_W_INT;                                                    \
    const long iters = zka_test_iters(100000), pow_iters = zka_test_iters(10000);              \
    /* edge elements: 0, 1, X, X^(k-1), -1, all coefficients p-1, all 1, (p-1)/2 spread */     \
    enum { NE = 9 };                                                                           \
    uint64_t edge[NE][K];                                                                      \
    for (int i = 0; i < NE; i++)                                                               \
      for (int j = 0; j < K; j++) edge[i][j] = 0;                                              \
    edge[1][0] = 1;                                                                            \
    edge[2][1] = 1;                                                                            \
    edge[3][K - 1] = 1;                                                                        \
    edge[4][0] = p - 1;                                                                        \
    for (int j = 0; j < K; j++) {                                                              \
      edge[5][j] = p - 1;                                                                      \
      edge[6][j] = 1;                                                                          \
      edge[7][j] = (p - 1) / 2 + (uint64_t)j;                                                  \
      edge[8][j] = j % 2 ? p - 1 : w;                                                          \
    }                                                                                          \
    long checked = 0;                                                                          \
    for (long it = 0; it < iters + NE * NE; it++) {                                            \
      uint64_t xc[K], yc[K], want[K], got[K];                                                  \
      for (int j = 0; j < K; j++) {                                                            \
        xc[j] = it < NE * NE ? edge[it / NE][j] : shaped_below(p);                             \
        yc[j] = it < NE * NE ? edge[it % NE][j] : shaped_below(p);                             \
      }                                                                                        \
      zka_##E x = E##_of(xc), y = E##_of(yc), z;                                               \
      /* mul and sqr against the schoolbook product mod X^k - W */                             \
      zka_##E##_mul(&z, &x, &y);                                                               \
      ext_mul_mpz(want, xc, yc, K, w);                                                         \
      CHECK(E##_is(&z, want), #E " mul at %ld", it);                                           \
      zka_##E##_sqr(&z, &x);                                                                   \
      ext_mul_mpz(want, xc, xc, K, w);                                                         \
      CHECK(E##_is(&z, want), #E " sqr at %ld", it);                                           \
      /* add, sub, neg, dbl, mul_base per coefficient */                                       \
      {                                                                                        \
        zka_##E zs, zd, zn, z2, zb;                                                            \
        zka_##E##_add(&zs, &x, &y);                                                            \
        zka_##E##_sub(&zd, &x, &y);                                                            \
        zka_##E##_neg(&zn, &x);                                                                \
        zka_##E##_dbl(&z2, &x);                                                                \
        zka_##E##_mul_base(&zb, &x, &y.c[0]);                                                  \
        uint64_t ws[K], wd[K], wn[K], w2[K], wb[K];                                            \
        for (int j = 0; j < K; j++) {                                                          \
          mpz_t u, v;                                                                          \
          mpz_inits(u, v, NULL);                                                               \
          set_u64(u, xc[j]);                                                                   \
          set_u64(v, yc[j]);                                                                   \
          mpz_add(ext_t, u, v);                                                                \
          ws[j] = mod_p(ext_t);                                                                \
          mpz_sub(ext_t, u, v);                                                                \
          wd[j] = mod_p(ext_t);                                                                \
          mpz_neg(ext_t, u);                                                                   \
          wn[j] = mod_p(ext_t);                                                                \
          mpz_add(ext_t, u, u);                                                                \
          w2[j] = mod_p(ext_t);                                                                \
          set_u64(v, yc[0]);                                                                   \
          mpz_mul(ext_t, u, v);                                                                \
          wb[j] = mod_p(ext_t);                                                                \
          mpz_clears(u, v, NULL);                                                              \
        }                                                                                      \
        CHECK(E##_is(&zs, ws) && E##_is(&zd, wd) && E##_is(&zn, wn) && E##_is(&z2, w2) &&      \
                  E##_is(&zb, wb),                                                             \
              #E " add/sub/neg/dbl/mul_base at %ld", it);                                      \
      }                                                                                        \
      /* eq / is_zero */                                                                       \
      {                                                                                        \
        int same = 1, zero = 1;                                                                \
        for (int j = 0; j < K; j++) same &= xc[j] == yc[j], zero &= xc[j] == 0;                \
        CHECK(zka_##E##_eq(&x, &y) == same && zka_##E##_is_zero(&x) == zero, #E " eq/is_zero"); \
      }                                                                                        \
      /* inv: x·inv(x) = 1 by the mpz product; 0 is refused */                                 \
      if (zka_##E##_is_zero(&x)) {                                                             \
        z = y;                                                                                 \
        CHECK(zka_##E##_inv(&z, &x) == ZKA_ERR_DIVISION_BY_ZERO && zka_##E##_eq(&z, &y),       \
              #E " inv(0) must fail, out untouched");                                          \
      } else {                                                                                 \
        uint64_t one[K] = {1};                                                                 \
        CHECK(zka_##E##_inv(&z, &x) == ZKA_OK, #E " inv");                                     \
        E##_coeffs(got, &z);                                                                   \
        ext_mul_mpz(want, xc, got, K, w);                                                      \
        CHECK(E##_is(&z, got) && !memcmp(want, one, sizeof one), #E " x·inv(x) = 1 at %ld", it); \
      }                                                                                        \
      /* frobenius: = x^p; frobenius^k = id; multiplicative */                                 \
      {                                                                                        \
        zka_##E f, fp, fy, fxy, xy, t;                                                         \
        uint64_t pe = p;                                                                       \
        zka_##E##_frobenius(&f, &x);                                                           \
        zka_##E##_pow(&fp, &x, &pe, 1);                                                        \
        CHECK(zka_##E##_eq(&f, &fp), #E " frobenius(x) = x^p at %ld", it);                     \
        t = f;                                                                                 \
        for (int j = 1; j < K; j++) zka_##E##_frobenius(&t, &t);                               \
        CHECK(zka_##E##_eq(&t, &x), #E " frobenius^%d = id", K);                               \
        zka_##E##_frobenius(&fy, &y);                                                          \
        zka_##E##_mul(&xy, &x, &y);                                                            \
        zka_##E##_frobenius(&fxy, &xy);                                                        \
        zka_##E##_mul(&t, &f, &fy);                                                            \
        CHECK(zka_##E##_eq(&t, &fxy), #E " frobenius multiplicative");                         \
      }                                                                                        \
      /* pow against the mpz square-and-multiply (fewer: the mpz side is slow) */              \
      if (it < pow_iters + NE * NE) {                                                          \
        uint64_t ex[2] = {zka_test_next(&rng), zka_test_next(&rng)};                           \
        int nl = (it & 1) ? 2 : 1;                                                             \
        if (it == 0) ex[0] = 0;                                                                \
        if (it == 1) ex[0] = p, nl = 1;                                                        \
        zka_##E##_pow(&z, &x, ex, (size_t)nl);                                                 \
        ext_pow_mpz(want, xc, ex, nl, K, w);                                                   \
        CHECK(E##_is(&z, want), #E " pow at %ld", it);                                         \
        checked++;                                                                             \
      }                                                                                        \
      checked += 10;                                                                           \
    }                                                                                          \
    /* zero, one, from_base, random */                                                         \
    {                                                                                          \
      zka_##E z0, z1, zb, zr;                                                                  \
      zka_##B b7 = B##_of(7);                                                                  \
      uint64_t c0[K] = {0}, c1[K] = {1}, c7[K] = {7};                                          \
      zka_##E##_zero(&z0);                                                                     \
      zka_##E##_one(&z1);                                                                      \
      zka_##E##_from_base(&zb, &b7);                                                           \
      CHECK(E##_is(&z0, c0) && E##_is(&z1, c1) && E##_is(&zb, c7), #E " zero/one/from_base");  \
      CHECK(zka_##E##_random(&zr, zka_test_rng_fill, &rng) == ZKA_OK, #E " random");           \
      for (int j = 0; j < K; j++) CHECK((uint64_t)zr.c[j].v < p, #E " random reduced");        \
    }                                                                                          \
    printf("  %-11s  %ld extension operations agree with GMP (%ld pow against mpz)\n", #E,    \
           checked, pow_iters + NE * NE);                                                      \
  }

EXT_TEST(babybear4, babybear, 4, ZKA_BABYBEAR4)
EXT_TEST(goldilocks2, goldilocks, 2, ZKA_GOLDILOCKS2)

/* Known answers from Plonky3 (baby-bear TWO_ADIC_GENERATORS; goldilocks TWO_ADIC_GENERATOR). */
static void test_known_answers(void) {
  zka_babybear bw;
  zka_goldilocks gw;
  CHECK(zka_babybear_root_of_unity(&bw, 27) == ZKA_OK && zka_babybear_to_canonical(&bw) == 0x1a427a41,
        "BabyBear 2^27 root = Plonky3's 0x1a427a41");
  CHECK(zka_babybear_root_of_unity(&bw, 2) == ZKA_OK && zka_babybear_to_canonical(&bw) == 0x67055c21,
        "BabyBear 2^2 root = Plonky3's 0x67055c21");
  CHECK(zka_babybear_root_of_unity(&bw, 1) == ZKA_OK && zka_babybear_to_canonical(&bw) == 0x78000000,
        "BabyBear 2^1 root = -1");
  CHECK(zka_goldilocks_root_of_unity(&gw, 32) == ZKA_OK &&
            zka_goldilocks_to_canonical(&gw) == UINT64_C(1753635133440165772),
        "Goldilocks 2^32 root = Plonky3's 1753635133440165772");
  zka_babybear_one(&bw);
  CHECK(bw.v == 0x0ffffffe, "BabyBear one is stored as 2^32 mod p");
  printf("  known answers: Plonky3 two-adic generators for BabyBear (2^27, 2^2) and Goldilocks (2^32)\n");
}

int main(void) {
  zka_test_rng_init(&rng);
  for (int i = 0; i < 8; i++) mpz_init(ext_acc[i]);
  mpz_inits(ext_t, ext_p, NULL);

  const uint64_t bp = ZKA_BABYBEAR_P;
  const uint64_t bb_edges[] = {0,           1,           2,          bp - 1,     bp - 2,
                               bp - 3,      (bp - 1) / 2, (bp + 1) / 2, 31,      11,
                               0x1a427a41,  UINT64_C(1) << 27, UINT64_C(1) << 30, 0x0ffffffe,
                               0x7fffffff - 0x08000000, 0x67055c21};
  const uint64_t gp = ZKA_GOLDILOCKS_P;
  const uint64_t gl_edges[] = {0,
                               1,
                               2,
                               gp - 1,
                               gp - 2,
                               gp - 3,
                               (gp - 1) / 2,
                               (gp + 1) / 2,
                               7,
                               UINT64_C(1753635133440165772),
                               (UINT64_C(1) << 32) - 1,
                               UINT64_C(1) << 32,
                               (UINT64_C(1) << 32) + 1,
                               UINT64_C(1) << 48,
                               (UINT64_C(1) << 48) + 1,
                               UINT64_C(1) << 63,
                               (UINT64_C(1) << 63) - 1,
                               gp - (UINT64_C(1) << 32),
                               UINT64_C(0xfffffffe00000000),
                               UINT64_C(0x00000000fffffffe),
                               UINT64_C(0xffffffff) << 16,
                               UINT64_C(1) << 16};

  test_babybear(bb_edges, (int)(sizeof bb_edges / sizeof bb_edges[0]));
  test_goldilocks(gl_edges, (int)(sizeof gl_edges / sizeof gl_edges[0]));
  test_goldilocks_reduce128();
  ext_base_p = bp;
  set_u64(ext_p, bp);
  test_babybear4();
  ext_base_p = gp;
  set_u64(ext_p, gp);
  test_goldilocks2();
  test_known_answers();

  for (int i = 0; i < 8; i++) mpz_clear(ext_acc[i]);
  mpz_clears(ext_t, ext_p, NULL);
  return zka_test_finish("test_field_small_gmp");
}
