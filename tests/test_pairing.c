/* test_pairing.c — the Fq6/Fq12 towers and the optimal ate pairings of BN254 and BLS12-381.
 *
 * Checks, per curve:
 *   - tower: Fq12 mul against a schoolbook product over the basis w^k (w^6 = xi), sqr,
 *     cyclotomic squaring, the sparse line products, Fq6/Fq12 inverses, Frobenius = a^p
 *   - final_exp(f) = f^(m·(p^12 - 1)/r) with the exponent computed by GMP
 *   - e(G1, G2) against published/independent values: zkcrypto/bls12_381's Gt generator
 *     (src/pairings.rs, `Gt::generator()`, "pairing(&G1Affine::generator(),
 *     &G2Affine::generator())", Montgomery limbs in this library's layout) and
 *     tests/vectors/pairing_noble.txt (@noble/curves, see tools/gen_pairing_vectors.mjs)
 *     for both curves, plus e([a]G1, [b]G2) from the same file
 *   - non-degeneracy, e^r = 1, bilinearity for random scalars (curve API scalar mul),
 *     pairing_check on e(P, Q)·e(-P, Q), n = 0, infinities, more pairs than one chunk
 *   - the same e(G1, G2) on the portable field path
 * The file includes itself once per curve (the per-curve part is below the #else).
 */
#ifndef ZKA_TEST_PAIRING_PASS
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pairing/pairing_host.h"
#include "test_util.h"
#include "zkaccel/curve.h"
#include "zkaccel/pairing.h"

static zka_test_rng rng;

/* ---- tests/vectors/pairing_noble.txt ----------------------------------------------------- */
#define VEC_MAX 32
static struct {
  char curve[16], name[32];
  uint8_t bytes[12 * 48];
  size_t len;
} vecs[VEC_MAX];
static int n_vecs = 0;

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static FILE *open_vectors(void) {
  char path[1024];
  const char *src = getenv("ZKA_SOURCE_DIR");
  if (src) {
    snprintf(path, sizeof path, "%s/tests/vectors/pairing_noble.txt", src);
    FILE *f = fopen(path, "r");
    if (f) return f;
  }
  /* __FILE__ is tests/test_pairing.c with the path the build used */
  snprintf(path, sizeof path, "%s", __FILE__);
  char *slash = strrchr(path, '/');
  if (slash) {
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "vectors/pairing_noble.txt");
    FILE *f = fopen(path, "r");
    if (f) return f;
  }
  return fopen("tests/vectors/pairing_noble.txt", "r");
}

static void load_vectors(void) {
  FILE *f = open_vectors();
  CHECK(f != NULL, "cannot open tests/vectors/pairing_noble.txt (set ZKA_SOURCE_DIR)");
  if (!f) return;
  static char line[4096];
  while (fgets(line, sizeof line, f) && n_vecs < VEC_MAX) {
    if (line[0] == '#' || line[0] == '\n') continue;
    static char hex[4096];
    if (sscanf(line, "%15s %31s %4095s", vecs[n_vecs].curve, vecs[n_vecs].name, hex) != 3) continue;
    size_t n = strlen(hex) / 2;
    if (n > sizeof vecs[n_vecs].bytes) continue;
    for (size_t i = 0; i < n; i++)
      vecs[n_vecs].bytes[i] = (uint8_t)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
    vecs[n_vecs].len = n;
    n_vecs++;
  }
  fclose(f);
}

static const uint8_t *find_vector(const char *curve, const char *name, size_t len) {
  for (int i = 0; i < n_vecs; i++)
    if (!strcmp(vecs[i].curve, curve) && !strcmp(vecs[i].name, name) && vecs[i].len == len)
      return vecs[i].bytes;
  CHECK(0, "vector %s %s (%zu bytes) missing", curve, name, len);
  return NULL;
}

/* mpz from little-endian limbs and back */
static void mpz_from_limbs(mpz_t out, const uint64_t *l, size_t n) { mpz_import(out, n, -1, 8, 0, 0, l); }
static size_t mpz_to_limbs(uint64_t *l, size_t cap, const mpz_t v) {
  size_t n = 0;
  memset(l, 0, cap * 8);
  mpz_export(l, &n, -1, 8, 0, 0, v);
  return n;
}

static double now_s(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- BN254 --------------------------------------------------------------------------------- */
#define ZKA_TEST_PAIRING_PASS 1
#define C_NAME "bn254"
#define FB 32
#define PAR(x) ZKA_BN254_PAIRING_##x
#define FQP(x) ZKA_BN254_FQ_##x
#define FRP(x) ZKA_BN254_FR_##x
#define T1 zka_bn254_fq
#define T2 zka_bn254_fq2
#define T6 zka_bn254_fq6
#define T12 zka_bn254_fq12
#define G1A zka_bn254_g1_affine
#define G2A zka_bn254_g2_affine
#define F1(op) zka_bn254_fq_##op##_h
#define F2(op) zka_bn254_fq2_##op##_p
#define F6(op) zka_bn254_fq6_##op##_h
#define F12(op) zka_bn254_fq12_##op##_h
#define API(op) zka_bn254_##op
#define FQAPI(op) zka_bn254_fq_##op
#define G1API(op) zka_bn254_g1_##op
#define G2API(op) zka_bn254_g2_##op
#define T(name) bn254_##name
#include "test_pairing.c"

/* ---- BLS12-381 ----------------------------------------------------------------------------- */
#define C_NAME "bls12_381"
#define FB 48
#define PAR(x) ZKA_BLS12_381_PAIRING_##x
#define FQP(x) ZKA_BLS12_381_FQ_##x
#define FRP(x) ZKA_BLS12_381_FR_##x
#define T1 zka_bls12_381_fq
#define T2 zka_bls12_381_fq2
#define T6 zka_bls12_381_fq6
#define T12 zka_bls12_381_fq12
#define G1A zka_bls12_381_g1_affine
#define G2A zka_bls12_381_g2_affine
#define F1(op) zka_bls12_381_fq_##op##_h
#define F2(op) zka_bls12_381_fq2_##op##_p
#define F6(op) zka_bls12_381_fq6_##op##_h
#define F12(op) zka_bls12_381_fq12_##op##_h
#define API(op) zka_bls12_381_##op
#define FQAPI(op) zka_bls12_381_fq_##op
#define G1API(op) zka_bls12_381_g1_##op
#define G2API(op) zka_bls12_381_g2_##op
#define T(name) bls12_381_##name
#include "test_pairing.c"

/* zkcrypto/bls12_381 src/pairings.rs, Gt::generator(): pairing(G1 generator, G2 generator),
 * Fp elements as Montgomery limbs with R = 2^384 (this library's layout). */
static const zka_bls12_381_fq12 zkcrypto_gt_generator = {
    {{{{0x1972e433a01f85c5, 0x97d32b76fd772538, 0xc8ce546fc96bcdf9, 0xcef63e7366d40614,
        0xa611342781843780, 0x13f3448a3fc6d825}},
      {{0xd26331b02e9d6995, 0x9d68a482f7797e7d, 0x9c9b29248d39ea92, 0xf4801ca2e13107aa,
        0xa16c0732bdbcb066, 0x083ca4afba360478}}},
     {{{0x59e261db0916b641, 0x2716b6f4b23e960d, 0xc8e55b10a0bd9c45, 0x0bdb0bd99c4deda8,
        0x8cf89ebf57fdaac5, 0x12d6b7929e777a5e}},
      {{0x5fc85188b0e15f35, 0x34a06e3a8f096365, 0xdb3126a6e02ad62c, 0xfc6f5aa97d9a990b,
        0xa12f55f5eb89c210, 0x1723703a926f8889}}},
     {{{0x93588f2971828778, 0x43f65b8611ab7585, 0x3183aaf5ec279fdf, 0xfa73d7e18ac99df6,
        0x64e176a6a64c99b0, 0x179fa78c58388f1f}},
      {{0x672a0a11ca2aef12, 0x0d11b9b52aa3f16b, 0xa44412d0699d056e, 0xc01d0177221a5ba5,
        0x66e0cede6c735529, 0x05f5a71e9fddc339}}}},
    {{{{0xd30a88a1b062c679, 0x5ac56a5d35fc8304, 0xd0c834a6a81f290d, 0xcd5430c2da3707c7,
        0xf0c27ff780500af0, 0x09245da6e2d72eae}},
      {{0x9f2e0676791b5156, 0xe2d1c8234918fe13, 0x4c9e459f3c561bf4, 0xa3e85e53b9d3e3c1,
        0x820a121e21a70020, 0x15af618341c59acc}}},
     {{{0x7c95658c24993ab1, 0x73eb38721ca886b9, 0x5256d749477434bc, 0x8ba41902ea504a8b,
        0x04a3d3f80c86ce6d, 0x18a64a87fb686eaa}},
      {{0xbb83e71bb920cf26, 0x2a5277ac92a73945, 0xfc0ee59f94f046a0, 0x7158cdf3786058f7,
        0x7cc1061b82f945f6, 0x03f847aa9fdbe567}}},
     {{{0x8078dba56134e657, 0x1cd7ec9a43998a6e, 0xb1aa599a1a993766, 0xc9a0f62f0842ee44,
        0x8e159be3b605dffa, 0x0c86ba0d4af13fc2}},
      {{0xe80ff2a06a52ffb1, 0x7694ca48721a906c, 0x7583183e03b08514, 0xf567afdd40cee4e2,
        0x9a6d96d2e526a5fc, 0x197e9f49861f2242}}}}};

int main(void) {
  zka_test_rng_init(&rng);
  load_vectors();
  double t0 = now_s();
  bn254_run();
  printf("bn254: done in %.2f s\n", now_s() - t0);
  t0 = now_s();
  bls12_381_run();
  {
    zka_bls12_381_g1_affine p;
    zka_bls12_381_g2_affine q;
    zka_bls12_381_fq12 e;
    zka_bls12_381_g1_generator(&p);
    zka_bls12_381_g2_generator(&q);
    zka_bls12_381_pairing(&e, &p, &q);
    CHECK(zka_bls12_381_fq12_eq(&e, &zkcrypto_gt_generator),
          "bls12_381 e(G1, G2) != zkcrypto/bls12_381 Gt::generator()");
    printf("bls12_381: e(G1, G2) matches zkcrypto/bls12_381 Gt::generator()\n");
  }
  printf("bls12_381: done in %.2f s\n", now_s() - t0);
  return zka_test_finish("test_pairing");
}

#else /* ---- the per-curve part ------------------------------------------------------------ */

static T1 T(rand_fq)(void) {
  T1 a;
  zka_status st = FQAPI(random)(&a, zka_test_rng_fill, &rng);
  CHECK(st == ZKA_OK, "fq random");
  return a;
}
static T2 T(rand_fq2)(void) {
  T2 a;
  a.c0 = T(rand_fq)();
  a.c1 = T(rand_fq)();
  return a;
}
static T12 T(rand_fq12)(void) {
  T12 a;
  a.c0.c0 = T(rand_fq2)();
  a.c0.c1 = T(rand_fq2)();
  a.c0.c2 = T(rand_fq2)();
  a.c1.c0 = T(rand_fq2)();
  a.c1.c1 = T(rand_fq2)();
  a.c1.c2 = T(rand_fq2)();
  return a;
}

/* The coefficient of w^k (k = 0..5) and back. */
static T2 *T(coef)(T12 *a, int k) {
  T6 *h = (k % 2) ? &a->c1 : &a->c0;
  int j = k / 2;
  return j == 0 ? &h->c0 : j == 1 ? &h->c1 : &h->c2;
}

/* Schoolbook product over the basis w^k with w^6 = xi: the reference for the tower. */
static T12 T(mul_schoolbook)(T12 a, T12 b) {
  T2 xi;
  xi.c0 = F1(to_mont)(F1(zero)());
  xi.c0.l[0] = PAR(XI_C0);
  xi.c0 = F1(to_mont)(xi.c0);
  xi.c1 = F1(one)();
  T2 acc[11];
  for (int i = 0; i < 11; i++) acc[i] = F2(zero)();
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++) acc[i + j] = F2(add)(acc[i + j], F2(mul)(*T(coef)(&a, i), *T(coef)(&b, j)));
  T12 r;
  for (int k = 0; k < 6; k++) {
    T2 v = acc[k];
    if (k + 6 < 11) v = F2(add)(v, F2(mul)(acc[k + 6], xi));
    *T(coef)(&r, k) = v;
  }
  return r;
}

static T12 T(pow_mpz)(T12 a, const mpz_t e) {
  uint64_t l[128];
  size_t n = mpz_to_limbs(l, 128, e);
  T12 r;
  API(fq12_pow_var)(&r, &a, l, n);
  return r;
}

static void T(test_tower)(void) {
  const uint64_t p_limbs[] = {FQP(P)};
  long iters = zka_test_iters(20);
  for (long it = 0; it < iters; it++) {
    T12 a = T(rand_fq12)(), b = T(rand_fq12)();
    T12 ab = F12(mul)(a, b);
    CHECK(F12(eq)(ab, T(mul_schoolbook)(a, b)), "%s fq12 mul != schoolbook (iter %ld)", C_NAME, it);
    CHECK(F12(eq)(F12(sqr)(a), F12(mul)(a, a)), "%s fq12 sqr != mul(a, a)", C_NAME);
    T12 ai = F12(inv)(a);
    CHECK(F12(is_one)(F12(mul)(a, ai)), "%s fq12 a·a^-1 != 1", C_NAME);
    T6 a6i = F6(inv)(a.c0);
    CHECK(F6(eq)(F6(mul)(a.c0, a6i), F6(one)()), "%s fq6 a·a^-1 != 1", C_NAME);
    CHECK(F6(eq)(F6(sqr)(a.c1), F6(mul)(a.c1, a.c1)), "%s fq6 sqr != mul", C_NAME);
    /* sparse line products against the full product with the same sparse element */
    T2 x = T(rand_fq2)(), y = T(rand_fq2)(), z = T(rand_fq2)();
    T12 ld = F12(zero)(), lm = F12(zero)();
    ld.c0.c0 = x, ld.c1.c0 = y, ld.c1.c1 = z; /* x + y·w + z·w^3 */
    lm.c0.c0 = x, lm.c0.c1 = y, lm.c1.c1 = z; /* x + y·w^2 + z·w^3 */
    CHECK(F12(eq)(F12(mul_by_line_d)(a, x, y, z), F12(mul)(a, ld)), "%s mul_by_line_d", C_NAME);
    CHECK(F12(eq)(F12(mul_by_line_m)(a, x, y, z), F12(mul)(a, lm)), "%s mul_by_line_m", C_NAME);
    /* conj = a^(p^6); cyclotomic squaring on the easy part's image */
    T12 u = F12(mul)(F12(conj)(a), ai);
    u = F12(mul)(F12(frobenius2)(u), u);
    CHECK(F12(eq)(F12(cyclotomic_sqr)(u), F12(sqr)(u)), "%s cyclotomic_sqr != sqr", C_NAME);
    CHECK(F12(is_one)(F12(mul)(u, F12(conj)(u))), "%s easy part image not unitary", C_NAME);
    if (it < 2) {
      T12 ap;
      API(fq12_pow_var)(&ap, &a, p_limbs, sizeof p_limbs / 8);
      CHECK(F12(eq)(F12(frobenius1)(a), ap), "%s frobenius1 != a^p", C_NAME);
      CHECK(F12(eq)(F12(frobenius2)(a), F12(frobenius1)(F12(frobenius1)(a))), "%s frobenius2", C_NAME);
      CHECK(F12(eq)(F12(frobenius3)(a), F12(frobenius1)(F12(frobenius2)(a))), "%s frobenius3", C_NAME);
      T12 c6;
      API(fq12_frobenius)(&c6, &a, 6);
      CHECK(F12(eq)(c6, F12(conj)(a)), "%s frobenius^6 != conj", C_NAME);
    }
  }
  zka_status st = API(fq12_inv)(&(T12){0}, &(T12){0});
  CHECK(st == ZKA_ERR_DIVISION_BY_ZERO, "%s fq12_inv(0)", C_NAME);
  printf("%s: tower (mul vs schoolbook, sqr, cyclotomic sqr, sparse lines, inverses, Frobenius = a^p) ok\n",
         C_NAME);
}

/* final_exp(f) = f^(m·(p^12 - 1)/r), the exponent from GMP. */
static void T(test_final_exp)(void) {
  const uint64_t p_l[] = {FQP(P)}, r_l[] = {FRP(P)}, m_l[] = {PAR(FINAL_EXP_MULTIPLE)};
  mpz_t p, r, m, e;
  mpz_inits(p, r, m, e, NULL);
  mpz_from_limbs(p, p_l, sizeof p_l / 8);
  mpz_from_limbs(r, r_l, sizeof r_l / 8);
  mpz_from_limbs(m, m_l, sizeof m_l / 8);
  mpz_pow_ui(e, p, 12);
  mpz_sub_ui(e, e, 1);
  CHECK(mpz_divisible_p(e, r), "%s r does not divide p^12 - 1", C_NAME);
  mpz_divexact(e, e, r);
  mpz_mul(e, e, m);
  T12 f = T(rand_fq12)(), got;
  API(final_exp)(&got, &f);
  CHECK(F12(eq)(got, T(pow_mpz)(f, e)), "%s final_exp != f^(m(p^12-1)/r)", C_NAME);
  /* the hard-part constant d = (p^4 - p^2 + 1)/r */
  const uint64_t d_l[] = {PAR(HARD_EXP)};
  mpz_t d, t;
  mpz_inits(d, t, NULL);
  mpz_from_limbs(d, d_l, sizeof d_l / 8);
  mpz_pow_ui(t, p, 4);
  mpz_submul(t, p, p);
  mpz_add_ui(t, t, 1);
  mpz_divexact(t, t, r);
  CHECK(mpz_cmp(t, d) == 0, "%s HARD_EXP constant", C_NAME);
  mpz_clears(p, r, m, e, d, t, NULL);
  printf("%s: final_exp(f) = f^(m·(p^12 - 1)/r) (GMP exponent) ok\n", C_NAME);
}

static G1A T(load_g1)(const uint8_t *b) {
  G1A p;
  zka_status s1 = FQAPI(from_bytes_be)(&p.x, b), s2 = FQAPI(from_bytes_be)(&p.y, b + FB);
  CHECK(s1 == ZKA_OK && s2 == ZKA_OK, "%s g1 vector", C_NAME);
  return p;
}
static G2A T(load_g2)(const uint8_t *b) {
  G2A q;
  zka_status s[4] = {FQAPI(from_bytes_be)(&q.x.c0, b), FQAPI(from_bytes_be)(&q.x.c1, b + FB),
                     FQAPI(from_bytes_be)(&q.y.c0, b + 2 * FB), FQAPI(from_bytes_be)(&q.y.c1, b + 3 * FB)};
  CHECK(s[0] == ZKA_OK && s[1] == ZKA_OK && s[2] == ZKA_OK && s[3] == ZKA_OK, "%s g2 vector", C_NAME);
  return q;
}

static void T(check_gt_vector)(const T12 *e, const char *name) {
  const uint8_t *want = find_vector(C_NAME, name, 12 * FB);
  if (!want) return;
  uint8_t got[12 * FB];
  API(fq12_to_bytes_be)(got, e);
  CHECK(memcmp(got, want, sizeof got) == 0, "%s %s != @noble/curves value", C_NAME, name);
  T12 back;
  zka_status st = API(fq12_from_bytes_be)(&back, want);
  CHECK(st == ZKA_OK && F12(eq)(back, *e), "%s fq12_from_bytes_be round trip", C_NAME);
}

/* A uniform scalar mod r, little-endian. */
static void T(rand_scalar)(uint8_t out[32]) {
  {
    uint64_t buf[4];
    const uint64_t r_l[] = {FRP(P)};
    mpz_t v, r;
    mpz_inits(v, r, NULL);
    for (int i = 0; i < 4; i++) buf[i] = zka_test_next(&rng);
    mpz_from_limbs(v, buf, 4);
    mpz_from_limbs(r, r_l, 4);
    mpz_mod(v, v, r);
    mpz_to_limbs(buf, 4, v);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(buf[i / 8] >> (8 * (i % 8)));
    mpz_clears(v, r, NULL);
  }
}

static void T(test_pairing)(void) {
  G1A g1, g1_params = {{PAR(G1_X)}, {PAR(G1_Y)}};
  G2A g2, g2_params = {{PAR(G2_X)}, {PAR(G2_Y)}};
  G1API(generator)(&g1);
  G2API(generator)(&g2);
  CHECK(!memcmp(&g1, &g1_params, sizeof g1) && !memcmp(&g2, &g2_params, sizeof g2),
        "%s generators: curve API != pairing params", C_NAME);
  CHECK(G1API(in_subgroup)(&g1) && G2API(in_subgroup)(&g2), "%s generators not in subgroup", C_NAME);

  /* e(G1, G2): the published / independent value */
  T12 e, t;
  API(pairing)(&e, &g1, &g2);
  T(check_gt_vector)(&e, "e_g1_g2");
  CHECK(!API(fq12_is_one)(&e), "%s e(G1, G2) = 1 (degenerate)", C_NAME);
  const uint64_t r_l[] = {FRP(P)};
  API(fq12_pow_var)(&t, &e, r_l, sizeof r_l / 8);
  CHECK(API(fq12_is_one)(&t), "%s e(G1, G2)^r != 1", C_NAME);
  API(miller_loop)(&t, &g1, &g2);
  API(final_exp)(&t, &t);
  CHECK(API(fq12_eq)(&t, &e), "%s final_exp(miller_loop) != pairing", C_NAME);

  /* e([a]G1, [b]G2) from the vector file */
  const uint8_t *pa = find_vector(C_NAME, "a_g1", 2 * FB), *qb = find_vector(C_NAME, "b_g2", 4 * FB);
  if (pa && qb) {
    G1A ap = T(load_g1)(pa);
    G2A bq = T(load_g2)(qb);
    CHECK(G1API(in_subgroup)(&ap) && G2API(in_subgroup)(&bq), "%s vector points not in subgroup", C_NAME);
    API(pairing)(&t, &ap, &bq);
    T(check_gt_vector)(&t, "e_ag1_bg2");
  }
  printf("%s: e(G1, G2), e([a]G1, [b]G2) match tests/vectors/pairing_noble.txt; e != 1, e^r = 1\n",
         C_NAME);

  /* the portable field path computes the same bits */
  zka_field_path path = zka_field_get_path();
  if (zka_field_set_path(ZKA_FIELD_PATH_PORTABLE) == ZKA_OK) {
    API(pairing)(&t, &g1, &g2);
    CHECK(API(fq12_eq)(&t, &e), "%s portable path pairing differs", C_NAME);
    zka_status st = zka_field_set_path(path);
    CHECK(st == ZKA_OK, "restore field path");
    printf("%s: portable field path gives the same e(G1, G2) (fast path was %s)\n", C_NAME,
           path == ZKA_FIELD_PATH_FAST ? "on" : "off");
  }

  /* bilinearity with random scalars */
  long iters = zka_test_iters(3);
  for (long it = 0; it < iters; it++) {
    uint8_t a[32], b[32], ab[32];
    T(rand_scalar)(a);
    T(rand_scalar)(b);
    { /* ab = a·b mod r */
      mpz_t va, vb, r;
      uint64_t la[4], lb[4];
      mpz_inits(va, vb, r, NULL);
      for (int i = 0; i < 4; i++) {
        la[i] = lb[i] = 0;
        for (int j = 0; j < 8; j++) {
          la[i] |= (uint64_t)a[8 * i + j] << (8 * j);
          lb[i] |= (uint64_t)b[8 * i + j] << (8 * j);
        }
      }
      mpz_from_limbs(va, la, 4);
      mpz_from_limbs(vb, lb, 4);
      mpz_from_limbs(r, r_l, 4);
      mpz_mul(va, va, vb);
      mpz_mod(va, va, r);
      mpz_to_limbs(la, 4, va);
      for (int i = 0; i < 32; i++) ab[i] = (uint8_t)(la[i / 8] >> (8 * (i % 8)));
      mpz_clears(va, vb, r, NULL);
    }
    G1A ap, abp;
    G2A bq, abq;
    G1API(affine_mul_var)(&ap, &g1, a);
    G1API(affine_mul_var)(&abp, &g1, ab);
    G2API(affine_mul_var)(&bq, &g2, b);
    G2API(affine_mul_var)(&abq, &g2, ab);
    T12 e_ab, e_pow, e1, e2;
    API(pairing)(&e_ab, &ap, &bq);
    uint64_t lab[4];
    for (int i = 0; i < 4; i++) {
      lab[i] = 0;
      for (int j = 0; j < 8; j++) lab[i] |= (uint64_t)ab[8 * i + j] << (8 * j);
    }
    API(fq12_pow_var)(&e_pow, &e, lab, 4);
    API(pairing)(&e1, &abp, &g2);
    API(pairing)(&e2, &g1, &abq);
    CHECK(API(fq12_eq)(&e_ab, &e_pow), "%s e(aP, bQ) != e(P, Q)^(ab) (iter %ld)", C_NAME, it);
    CHECK(API(fq12_eq)(&e_ab, &e1), "%s e(aP, bQ) != e(abP, Q)", C_NAME);
    CHECK(API(fq12_eq)(&e_ab, &e2), "%s e(aP, bQ) != e(P, abQ)", C_NAME);
    /* multi Miller loop = product of the pairings */
    G1A ps[2] = {ap, g1};
    G2A qs[2] = {bq, abq};
    API(multi_miller_loop)(&t, ps, qs, 2);
    API(final_exp)(&t, &t);
    T12 prod;
    API(fq12_mul)(&prod, &e_ab, &e2);
    CHECK(API(fq12_eq)(&t, &prod), "%s multi_miller_loop != product", C_NAME);
    /* e(aP, bQ)·e(-abP, Q) = 1 */
    G1A neg_abp;
    G1API(affine_neg)(&neg_abp, &abp);
    G1A cp[2] = {ap, neg_abp};
    G2A cq[2] = {bq, g2};
    CHECK(API(pairing_check)(cp, cq, 2) == 1, "%s check e(aP, bQ)·e(-abP, Q)", C_NAME);
    cp[1] = abp;
    CHECK(API(pairing_check)(cp, cq, 2) == 0, "%s check e(aP, bQ)·e(abP, Q) should fail", C_NAME);
  }
  printf("%s: bilinearity e(aP, bQ) = e(P, Q)^(ab) = e(abP, Q) = e(P, abQ) for %ld random pairs\n",
         C_NAME, iters);

  /* pairing_check edge cases */
  G1A inf1;
  G2A inf2;
  memset(&inf1, 0, sizeof inf1);
  memset(&inf2, 0, sizeof inf2);
  G1A neg_g1;
  G1API(affine_neg)(&neg_g1, &g1);
  {
    G1A ps[3] = {g1, neg_g1, g1};
    G2A qs[3] = {g2, g2, g2};
    CHECK(API(pairing_check)(ps, qs, 2) == 1, "%s e(P, Q)·e(-P, Q) = 1", C_NAME);
    CHECK(API(pairing_check)(ps, qs, 1) == 0, "%s e(P, Q) alone is not 1", C_NAME);
    CHECK(API(pairing_check)(ps, qs, 3) == 0, "%s e(P,Q)e(-P,Q)e(P,Q) != 1", C_NAME);
    CHECK(API(pairing_check)(NULL, NULL, 0) == 1, "%s empty product = 1", C_NAME);
    CHECK(API(pairing_check)(&inf1, &g2, 1) == 1, "%s e(O, Q) = 1", C_NAME);
    CHECK(API(pairing_check)(&g1, &inf2, 1) == 1, "%s e(P, O) = 1", C_NAME);
    API(pairing)(&t, &inf1, &g2);
    CHECK(API(fq12_is_one)(&t), "%s pairing(O, Q) = 1", C_NAME);
    API(miller_loop)(&t, &g1, &inf2);
    CHECK(API(fq12_is_one)(&t), "%s miller_loop(P, O) = 1", C_NAME);
    T12 zero = F12(zero)();
    API(final_exp)(&t, &zero);
    CHECK(F12(eq)(t, zero), "%s final_exp(0) = 0", C_NAME);
    API(pairing)(&t, &g1, &inf2);
    CHECK(API(fq12_is_one)(&t), "%s pairing(P, O) = 1", C_NAME);
    G1A pi[3] = {g1, inf1, neg_g1};
    G2A qi[3] = {g2, g2, g2};
    CHECK(API(pairing_check)(pi, qi, 3) == 1, "%s e(P,Q)e(O,Q)e(-P,Q) = 1", C_NAME);
  }
  {
    /* 11 pairs, more than one Miller-loop chunk: ([k]P, Q) and (-[k]P, Q) pairs plus (O, Q) */
    G1A ps[11];
    G2A qs[11];
    for (int i = 0; i < 5; i++) {
      uint8_t k[32];
      T(rand_scalar)(k);
      G1API(affine_mul_var)(&ps[2 * i], &g1, k);
      G1API(affine_neg)(&ps[2 * i + 1], &ps[2 * i]);
      qs[2 * i] = qs[2 * i + 1] = g2;
    }
    ps[10] = inf1;
    qs[10] = g2;
    G2A t2 = qs[7];
    CHECK(API(pairing_check)(ps, qs, 11) == 1, "%s 11-pair check", C_NAME);
    G2API(affine_neg)(&qs[7], &t2);
    CHECK(API(pairing_check)(ps, qs, 11) == 0, "%s 11-pair check with one pair changed", C_NAME);
  }
  printf("%s: pairing_check: e(P,Q)e(-P,Q) = 1, n = 0, infinities, 11 pairs (two chunks) ok\n", C_NAME);
}

static void T(run)(void) {
  T(test_tower)();
  T(test_final_exp)();
  T(test_pairing)();
}

#undef C_NAME
#undef FB
#undef PAR
#undef FQP
#undef FRP
#undef T1
#undef T2
#undef T6
#undef T12
#undef G1A
#undef G2A
#undef F1
#undef F2
#undef F6
#undef F12
#undef API
#undef FQAPI
#undef G1API
#undef G2API
#undef T
#endif
