/* Group laws, scalar multiplication, normalization and subgroup checks for the four groups
 * BN254 G1/G2 and BLS12-381 G1/G2, through the public API (include/zkaccel/curve.h), the
 * by-value host instantiation (_h) and the portable kernel instantiation (_ref), which
 * must agree limb for limb.
 *
 * Per group: the generator is on the curve and has order r ([r]G = O, [r-1]G = -G); on
 * random points P, Q, R = [k]G: identity, inverse, commutativity, associativity, doubling
 * = self-addition (also with P in another Jacobian/XYZZ representation, as MSM buckets
 * see it), mixed = full addition, XYZZ = Jacobian results, P + (-P) = O in every formula;
 * wNAF scalar multiplication = plain double-and-add and = repeated addition for small
 * scalars; [a][b]G = [ab mod r]G (GMP); batch_normalize = per-point normalization with
 * infinities mixed in; points on the curve but outside the subgroup (found by trying x
 * until x^3 + b is a square, no cofactor clearing) are rejected by in_subgroup and
 * accepted after multiplying by the cofactor.
 *
 * The file includes itself once per group (the body is below the #else). */
#ifndef ZKA_TEST_GROUP_BODY
#include <gmp.h>

#include "core/curve/curves_host.h"
#include "core/curve/curves_portable.h"
#include "test_util.h"
#include "zkaccel/curve.h"

static zka_test_rng rng;

/* Random canonical field elements in Montgomery form. */
#define RANDOM_FIELD(F, LIMBS, TOPBITS)                                     \
  static zka_##F rand_##F(void) {                                           \
    for (;;) {                                                              \
      zka_##F x;                                                            \
      for (int i = 0; i < LIMBS; i++) x.l[i] = zka_test_next(&rng);         \
      x.l[LIMBS - 1] &= (UINT64_C(1) << (TOPBITS)) - 1;                     \
      if (zka_##F##_is_canonical_h(x)) return zka_##F##_to_mont_h(x);       \
    }                                                                       \
  }
RANDOM_FIELD(bn254_fq, 4, 62)
RANDOM_FIELD(bls12_381_fq, 6, 61)

static zka_bn254_fq2 rand_bn254_fq2(void) {
  zka_bn254_fq2 r = {rand_bn254_fq(), rand_bn254_fq()};
  return r;
}
static zka_bls12_381_fq2 rand_bls12_381_fq2(void) {
  zka_bls12_381_fq2 r = {rand_bls12_381_fq(), rand_bls12_381_fq()};
  return r;
}
static int sqrt_bn254_fq(zka_bn254_fq a, zka_bn254_fq *o) { return zka_bn254_fq_sqrt_h(a, o); }
static int sqrt_bls12_381_fq(zka_bls12_381_fq a, zka_bls12_381_fq *o) {
  return zka_bls12_381_fq_sqrt_h(a, o);
}
static int sqrt_bn254_fq2(zka_bn254_fq2 a, zka_bn254_fq2 *o) { return zka_bn254_fq2_sqrt_h(a, o); }
static int sqrt_bls12_381_fq2(zka_bls12_381_fq2 a, zka_bls12_381_fq2 *o) {
  return zka_bls12_381_fq2_sqrt_h(a, o);
}

static void rand_scalar(uint8_t k[32]) {
  for (int i = 0; i < 32; i++) k[i] = (uint8_t)zka_test_next(&rng);
}

static void limbs_to_bytes(uint8_t out[32], const uint64_t l[4]) {
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(l[i / 8] >> (8 * (i % 8)));
}

static void bytes_to_mpz(mpz_t z, const uint8_t k[32]) { mpz_import(z, 32, -1, 1, 0, 0, k); }
static void mpz_to_bytes(uint8_t k[32], const mpz_t z) {
  memset(k, 0, 32);
  mpz_export(k, NULL, -1, 1, 0, 0, z);
}

#define ZKA_TEST_GROUP_BODY

#define G(op) zka_bn254_g1_##op
#define GH(op) zka_bn254_g1_##op##_h
#define GR(op) zka_bn254_g1_##op##_ref
#define GT(op) test_bn254_g1_##op
#define GA zka_bn254_g1_affine
#define GJ zka_bn254_g1_jacobian
#define GX zka_bn254_g1_xyzz
#define GF zka_bn254_fq
#define GFH(op) zka_bn254_fq_##op##_h
#define G_RANDF rand_bn254_fq
#define G_SQRT sqrt_bn254_fq
#define G_NAME "bn254_g1"
#define G_R ZKA_BN254_R
#define G_COF ZKA_BN254_G1_COFACTOR
#define G_COF_LIMBS ZKA_BN254_G1_COFACTOR_LIMBS
#include __FILE__

#define G(op) zka_bn254_g2_##op
#define GH(op) zka_bn254_g2_##op##_h
#define GR(op) zka_bn254_g2_##op##_ref
#define GT(op) test_bn254_g2_##op
#define GA zka_bn254_g2_affine
#define GJ zka_bn254_g2_jacobian
#define GX zka_bn254_g2_xyzz
#define GF zka_bn254_fq2
#define GFH(op) zka_bn254_fq2_##op##_h
#define G_RANDF rand_bn254_fq2
#define G_SQRT sqrt_bn254_fq2
#define G_NAME "bn254_g2"
#define G_R ZKA_BN254_R
#define G_COF ZKA_BN254_G2_COFACTOR
#define G_COF_LIMBS ZKA_BN254_G2_COFACTOR_LIMBS
#include __FILE__

#define G(op) zka_bls12_381_g1_##op
#define GH(op) zka_bls12_381_g1_##op##_h
#define GR(op) zka_bls12_381_g1_##op##_ref
#define GT(op) test_bls12_381_g1_##op
#define GA zka_bls12_381_g1_affine
#define GJ zka_bls12_381_g1_jacobian
#define GX zka_bls12_381_g1_xyzz
#define GF zka_bls12_381_fq
#define GFH(op) zka_bls12_381_fq_##op##_h
#define G_RANDF rand_bls12_381_fq
#define G_SQRT sqrt_bls12_381_fq
#define G_NAME "bls12_381_g1"
#define G_R ZKA_BLS12_381_R
#define G_COF ZKA_BLS12_381_G1_COFACTOR
#define G_COF_LIMBS ZKA_BLS12_381_G1_COFACTOR_LIMBS
#include __FILE__

#define G(op) zka_bls12_381_g2_##op
#define GH(op) zka_bls12_381_g2_##op##_h
#define GR(op) zka_bls12_381_g2_##op##_ref
#define GT(op) test_bls12_381_g2_##op
#define GA zka_bls12_381_g2_affine
#define GJ zka_bls12_381_g2_jacobian
#define GX zka_bls12_381_g2_xyzz
#define GF zka_bls12_381_fq2
#define GFH(op) zka_bls12_381_fq2_##op##_h
#define G_RANDF rand_bls12_381_fq2
#define G_SQRT sqrt_bls12_381_fq2
#define G_NAME "bls12_381_g2"
#define G_R ZKA_BLS12_381_R
#define G_COF ZKA_BLS12_381_G2_COFACTOR
#define G_COF_LIMBS ZKA_BLS12_381_G2_COFACTOR_LIMBS
#include __FILE__

int main(void) {
  zka_test_rng_init(&rng);
  const char *path = zka_field_get_path() == ZKA_FIELD_PATH_FAST ? "fast (MULX/ADX)" : "portable";
  printf("field path for _h functions: %s\n", path);
  test_bn254_g1_all();
  test_bn254_g2_all();
  test_bls12_381_g1_all();
  test_bls12_381_g2_all();
  return zka_test_finish("test_curve_group");
}

#else /* ---- body, once per group ------------------------------------------------------ */

/* The same point in another Jacobian representation: (l^2 X, l^3 Y, l Z). */
static GJ GT(rescale)(GJ p) {
  GF l = G_RANDF();
  GF l2 = GFH(sqr)(l);
  p.x = GFH(mul)(p.x, l2);
  p.y = GFH(mul)(p.y, GFH(mul)(l2, l));
  p.z = GFH(mul)(p.z, l);
  return p;
}
/* ... and in another XYZZ representation: (l^2 X, l^3 Y, l^2 ZZ, l^3 ZZZ). */
static GX GT(rescale_xyzz)(GX p) {
  GF l = G_RANDF();
  GF l2 = GFH(sqr)(l), l3 = GFH(mul)(l2, l);
  p.x = GFH(mul)(p.x, l2);
  p.y = GFH(mul)(p.y, l3);
  p.zz = GFH(mul)(p.zz, l2);
  p.zzz = GFH(mul)(p.zzz, l3);
  return p;
}

static GJ GT(random_point)(void) {
  uint8_t k[32];
  rand_scalar(k);
  GA g;
  GJ gj, r;
  G(generator)(&g);
  G(affine_to_jacobian)(&gj, &g);
  G(mul_var)(&r, &gj, k);
  return GT(rescale)(r);
}

static int GT(jeq_x)(GX a, GJ b) {
  GJ aj;
  G(xyzz_to_jacobian)(&aj, &a);
  return G(jacobian_eq)(&aj, &b);
}

static void GT(generator)(void) {
  GA g, ga;
  GJ gj, t;
  G(generator)(&g);
  CHECK(G(is_on_curve)(&g), G_NAME " generator on the curve");
  CHECK(G(in_subgroup)(&g), G_NAME " generator in the subgroup");
  CHECK(!G(is_infinity)(&g), G_NAME " generator is not infinity");
  G(affine_to_jacobian)(&gj, &g);
  const uint64_t r[4] = {G_R};
  uint64_t rm1[4] = {G_R};
  rm1[0] -= 1; /* r is odd */
  uint8_t rb[32], rm1b[32], k[32] = {0};
  limbs_to_bytes(rb, r);
  limbs_to_bytes(rm1b, rm1);
  G(mul_var)(&t, &gj, rb);
  CHECK(GH(is_infinity)(t), G_NAME " [r]G = O");
  G(mul_var)(&t, &gj, rm1b);
  G(jacobian_to_affine)(&ga, &t);
  GA gneg;
  G(affine_neg)(&gneg, &g);
  CHECK(G(affine_eq)(&ga, &gneg), G_NAME " [r-1]G = -G");
  G(mul_var)(&t, &gj, k);
  CHECK(GH(is_infinity)(t), G_NAME " [0]G = O");
  k[0] = 1;
  G(mul_var)(&t, &gj, k);
  CHECK(G(jacobian_eq)(&t, &gj), G_NAME " [1]G = G");
  /* [r]G through the portable (kernel) instantiation as well */
  CHECK(GR(is_infinity)(GR(mul_limbs_var)(GR(from_affine)(GR(generator)()), r, 4)),
        G_NAME " portable [r]G = O");
  printf("  %s: generator on the curve, in the subgroup, [r]G = O, [r-1]G = -G, [0]G, [1]G\n", G_NAME);
}

static void GT(laws)(long iters) {
  GJ inf;
  G(infinity)(&inf);
  GA ainf = GH(affine_infinity)();
  GX xinf = GH(xyzz_infinity)();
  CHECK(G(is_infinity)(&ainf), G_NAME " affine (0,0) is infinity");
  CHECK(G(is_on_curve)(&ainf) && G(in_subgroup)(&ainf), G_NAME " infinity on curve / in subgroup");
  for (long it = 0; it < iters; it++) {
    GJ p = GT(random_point)(), q = GT(random_point)(), r = GT(random_point)();
    GJ t1, t2, t3, np;
    GA pa, qa, npa;
    G(jacobian_to_affine)(&pa, &p);
    G(jacobian_to_affine)(&qa, &q);
    CHECK(G(is_on_curve)(&pa) && G(in_subgroup)(&pa), G_NAME " random point valid");
    G(neg)(&np, &p);
    G(jacobian_to_affine)(&npa, &np);
    /* identity */
    G(add)(&t1, &p, &inf);
    CHECK(G(jacobian_eq)(&t1, &p), G_NAME " P + O = P");
    G(add)(&t1, &inf, &p);
    CHECK(G(jacobian_eq)(&t1, &p), G_NAME " O + P = P");
    G(add_mixed)(&t1, &p, &ainf);
    CHECK(G(jacobian_eq)(&t1, &p), G_NAME " P + O(affine) = P");
    G(add_mixed)(&t1, &inf, &pa);
    CHECK(G(jacobian_eq)(&t1, &p), G_NAME " O + P(affine) = P");
    G(add)(&t1, &inf, &inf);
    CHECK(GH(is_infinity)(t1), G_NAME " O + O = O");
    G(dbl)(&t1, &inf);
    CHECK(GH(is_infinity)(t1), G_NAME " 2O = O");
    CHECK(!G(jacobian_eq)(&p, &inf) && !G(jacobian_eq)(&inf, &p) && G(jacobian_eq)(&inf, &inf),
          G_NAME " eq with infinity");
    /* inverse */
    G(add)(&t1, &p, &np);
    CHECK(GH(is_infinity)(t1), G_NAME " P + (-P) = O");
    GJ npr = GT(rescale)(np);
    G(add)(&t1, &npr, &p);
    CHECK(GH(is_infinity)(t1), G_NAME " (-P, other Z) + P = O");
    G(add_mixed)(&t1, &p, &npa);
    CHECK(GH(is_infinity)(t1), G_NAME " P + (-P affine) = O");
    /* commutativity, associativity */
    G(add)(&t1, &p, &q);
    G(add)(&t2, &q, &p);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " P + Q = Q + P");
    CHECK(!G(jacobian_eq)(&t1, &p), G_NAME " P + Q != P");
    G(add)(&t2, &t1, &r);
    G(add)(&t3, &q, &r);
    G(add)(&t3, &p, &t3);
    CHECK(G(jacobian_eq)(&t2, &t3), G_NAME " (P + Q) + R = P + (Q + R)");
    /* doubling = self-addition, also across representations */
    G(dbl)(&t1, &p);
    G(add)(&t2, &p, &p);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " P + P = 2P");
    GJ pr = GT(rescale)(p);
    G(add)(&t2, &p, &pr);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " P + P(other Z) = 2P");
    G(add_mixed)(&t2, &p, &pa);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " P + P(affine) = 2P");
    CHECK(G(jacobian_eq)(&p, &pr), G_NAME " projective eq across Z");
    /* mixed = full */
    GJ qj;
    G(affine_to_jacobian)(&qj, &qa);
    G(add_mixed)(&t1, &p, &qa);
    G(add)(&t2, &p, &qj);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " mixed add = full add");
    /* XYZZ = Jacobian */
    GX px, qx, x1, x2;
    G(xyzz_from_jacobian)(&px, &p);
    G(xyzz_from_jacobian)(&qx, &q);
    px = GT(rescale_xyzz)(px);
    G(add)(&t1, &p, &q);
    G(xyzz_add)(&x1, &px, &qx);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz add = jacobian add");
    G(xyzz_add_mixed)(&x1, &px, &qa);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz mixed add = jacobian add");
    G(dbl)(&t1, &p);
    G(xyzz_dbl)(&x1, &px);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz dbl = jacobian dbl");
    x2 = GT(rescale_xyzz)(px);
    G(xyzz_add)(&x1, &px, &x2);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz P + P(other ZZ) = 2P");
    G(xyzz_add_mixed)(&x1, &px, &pa);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz P + P(affine) = 2P");
    G(xyzz_from_affine)(&x2, &pa);
    G(xyzz_add_mixed)(&x1, &x2, &pa);
    CHECK(GT(jeq_x)(x1, t1), G_NAME " xyzz(ZZ=1) P + P(affine) = 2P");
    GX npx;
    G(xyzz_from_affine)(&npx, &npa);
    G(xyzz_add)(&x1, &px, &npx);
    CHECK(GH(xyzz_is_infinity)(x1), G_NAME " xyzz P + (-P) = O");
    G(xyzz_add_mixed)(&x1, &px, &npa);
    CHECK(GH(xyzz_is_infinity)(x1), G_NAME " xyzz P + (-P affine) = O");
    G(xyzz_add)(&x1, &px, &xinf);
    CHECK(GT(jeq_x)(x1, p), G_NAME " xyzz P + O = P");
    G(xyzz_add)(&x1, &xinf, &px);
    CHECK(GT(jeq_x)(x1, p), G_NAME " xyzz O + P = P");
    G(xyzz_add_mixed)(&x1, &px, &ainf);
    CHECK(GT(jeq_x)(x1, p), G_NAME " xyzz P + O(affine) = P");
    G(xyzz_add_mixed)(&x1, &xinf, &pa);
    CHECK(GT(jeq_x)(x1, p), G_NAME " xyzz O + P(affine) = P");
    G(xyzz_dbl)(&x1, &xinf);
    CHECK(GH(xyzz_is_infinity)(x1), G_NAME " xyzz 2O = O");
    GA xa;
    G(xyzz_to_affine)(&xa, &px);
    CHECK(G(affine_eq)(&xa, &pa), G_NAME " xyzz_to_affine = jacobian_to_affine");
    G(xyzz_to_affine)(&xa, &xinf);
    CHECK(G(is_infinity)(&xa), G_NAME " xyzz_to_affine(O) = (0,0)");
    /* host (fast path) and portable (kernel) instantiations: the same limbs */
    GJ hr = GH(add)(p, q), pr2 = GR(add)(p, q);
    CHECK(memcmp(&hr, &pr2, sizeof hr) == 0, G_NAME " add: _h and _ref limbs differ");
    hr = GH(add_mixed)(p, qa);
    pr2 = GR(add_mixed)(p, qa);
    CHECK(memcmp(&hr, &pr2, sizeof hr) == 0, G_NAME " add_mixed: _h and _ref limbs differ");
    hr = GH(dbl)(p);
    pr2 = GR(dbl)(p);
    CHECK(memcmp(&hr, &pr2, sizeof hr) == 0, G_NAME " dbl: _h and _ref limbs differ");
    GX hx = GH(xyzz_add)(px, qx), rx = GR(xyzz_add)(px, qx);
    CHECK(memcmp(&hx, &rx, sizeof hx) == 0, G_NAME " xyzz_add: _h and _ref limbs differ");
    hx = GH(xyzz_add_mixed)(px, qa);
    rx = GR(xyzz_add_mixed)(px, qa);
    CHECK(memcmp(&hx, &rx, sizeof hx) == 0, G_NAME " xyzz_add_mixed: _h and _ref limbs differ");
    hx = GH(xyzz_dbl)(px);
    rx = GR(xyzz_dbl)(px);
    CHECK(memcmp(&hx, &rx, sizeof hx) == 0, G_NAME " xyzz_dbl: _h and _ref limbs differ");
    GA ha = GH(to_affine)(p), ra = GR(to_affine)(p);
    CHECK(memcmp(&ha, &ra, sizeof ha) == 0, G_NAME " to_affine: _h and _ref limbs differ");
  }
  printf("  %s: %ld random triples: identity, inverse, commutativity, associativity, P+P=2P "
         "(3 representations), mixed = full, xyzz = jacobian, _h = _ref\n", G_NAME, iters);
}

static void GT(scalar_mul)(long iters) {
  GA g;
  GJ gj, t1, t2, acc;
  G(generator)(&g);
  G(affine_to_jacobian)(&gj, &g);
  /* small scalars against repeated addition */
  G(infinity)(&acc);
  for (int k = 0; k < 40; k++) {
    uint8_t kb[32] = {0};
    kb[0] = (uint8_t)k;
    G(mul_var)(&t1, &gj, kb);
    CHECK(G(jacobian_eq)(&t1, &acc), G_NAME " [%d]G = G + ... + G", k);
    G(add)(&acc, &acc, &gj);
  }
  /* random and edge scalars against plain double-and-add */
  for (long it = 0; it < iters + 3; it++) {
    GJ p = GT(random_point)();
    uint8_t kb[32];
    rand_scalar(kb);
    if (it == iters) memset(kb, 0xff, 32); /* 2^256 - 1 */
    if (it == iters + 1) {
      memset(kb, 0, 32);
      kb[31] = 0x80; /* 2^255 */
    }
    if (it == iters + 2) {
      memset(kb, 0x55, 32); /* alternating bits: many wNAF carries */
    }
    uint64_t k[4];
    for (int i = 0; i < 4; i++) {
      k[i] = 0;
      for (int b = 7; b >= 0; b--) k[i] = (k[i] << 8) | kb[8 * i + b];
    }
    G(mul_var)(&t1, &p, kb);
    t2 = GH(mul_limbs_naive)(p, k, 4);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " wNAF = double-and-add (iteration %ld)", it);
    GJ t3 = GR(mul_limbs_var)(p, k, 4);
    CHECK(G(jacobian_eq)(&t3, &t2), G_NAME " portable wNAF = double-and-add");
    GA pa, ra, ea;
    G(jacobian_to_affine)(&pa, &p);
    G(affine_mul_var)(&ra, &pa, kb);
    G(jacobian_to_affine)(&ea, &t2);
    CHECK(G(affine_eq)(&ra, &ea), G_NAME " affine_mul_var = mul_var");
  }
  /* [a][b]G = [ab mod r]G, and scalars >= r act as their residue */
  mpz_t a, b, ab, r;
  mpz_inits(a, b, ab, r, NULL);
  const uint64_t rl[4] = {G_R};
  mpz_import(r, 4, -1, 8, 0, 0, rl);
  for (long it = 0; it < iters; it++) {
    uint8_t ka[32], kb[32], kab[32];
    rand_scalar(ka);
    rand_scalar(kb);
    bytes_to_mpz(a, ka);
    bytes_to_mpz(b, kb);
    mpz_mul(ab, a, b);
    mpz_mod(ab, ab, r);
    mpz_to_bytes(kab, ab);
    G(mul_var)(&t1, &gj, kb);
    G(mul_var)(&t1, &t1, ka);
    G(mul_var)(&t2, &gj, kab);
    CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " [a][b]G = [ab]G");
    /* k and k + r give the same point when k + r < 2^256 */
    mpz_add(ab, ab, r);
    if (mpz_sizeinbase(ab, 2) <= 256) {
      mpz_to_bytes(kab, ab);
      G(mul_var)(&t1, &gj, kab);
      CHECK(G(jacobian_eq)(&t1, &t2), G_NAME " [k + r]G = [k]G");
    }
  }
  mpz_clears(a, b, ab, r, NULL);
  printf("  %s: [k]G for k < 40 = repeated addition; %ld random + 3 edge scalars: wNAF "
         "(host, portable, affine) = double-and-add; %ld x [a][b]G = [ab mod r]G, [k+r]G = [k]G\n",
         G_NAME, iters, iters);
}

static void GT(batch)(void) {
  enum { N = 9 };
  GJ in[N];
  GA out[N], want;
  const int sizes[] = {0, 1, 2, N};
  for (int s = 0; s < 4; s++) {
    int n = sizes[s];
    for (int i = 0; i < n; i++) {
      in[i] = GT(random_point)();
      if (i == 0 || i == 4 || i == n - 1) G(infinity)(&in[i]);
    }
    memset(out, 0xa5, sizeof out);
    G(batch_normalize)(out, in, (size_t)n);
    for (int i = 0; i < n; i++) {
      G(jacobian_to_affine)(&want, &in[i]);
      CHECK(G(affine_eq)(&out[i], &want), G_NAME " batch_normalize n=%d index %d", n, i);
    }
    if (n < N) {
      uint8_t pattern[sizeof(GA)];
      memset(pattern, 0xa5, sizeof pattern);
      CHECK(memcmp(&out[n], pattern, sizeof pattern) == 0,
            G_NAME " batch_normalize n=%d wrote past n", n);
    }
  }
  /* all infinity */
  for (int i = 0; i < 3; i++) G(infinity)(&in[i]);
  G(batch_normalize)(out, in, 3);
  CHECK(G(is_infinity)(&out[0]) && G(is_infinity)(&out[1]) && G(is_infinity)(&out[2]),
        G_NAME " batch_normalize of infinities");
  printf("  %s: batch_normalize (n = 0, 1, 2, 9 with infinities; all-infinity) = per-point\n",
         G_NAME);
}

static void GT(subgroup)(long iters) {
  const uint64_t cof[G_COF_LIMBS] = {G_COF};
  int outside = 0, cleared = 0, tried = 0;
  for (long it = 0; it < iters; it++) {
    /* hash-and-check: random x until x^3 + b is a square; no cofactor clearing */
    GA p;
    for (;;) {
      p.x = G_RANDF();
      GF rhs = GFH(add)(GFH(mul)(GFH(sqr)(p.x), p.x), GH(curve_b)());
      tried++;
      if (G_SQRT(rhs, &p.y)) break;
    }
    CHECK(G(is_on_curve)(&p), G_NAME " constructed point on the curve");
    int in = G(in_subgroup)(&p);
    GJ rp = GH(mul_limbs_var)(GH(from_affine)(p), (const uint64_t[4]){G_R}, 4);
    CHECK(in == (int)GH(is_infinity)(rp), G_NAME " in_subgroup agrees with [r]P = O");
    if (G_COF_LIMBS == 1 && cof[0] == 1) {
      CHECK(in, G_NAME " cofactor 1: every curve point is in the subgroup");
    } else {
      CHECK(!in, G_NAME " random curve point (no cofactor clearing) rejected by in_subgroup");
      outside += !in;
      GA c = GH(to_affine)(GH(mul_limbs_var)(GH(from_affine)(p), cof, G_COF_LIMBS));
      CHECK(G(in_subgroup)(&c), G_NAME " [h]P is in the subgroup");
      cleared += G(in_subgroup)(&c);
      /* a subgroup point plus a nonzero point T = [r]P of the cofactor part: outside */
      GJ sub = GT(random_point)(), mix = GH(add)(sub, rp);
      GA mixa = GH(to_affine)(mix);
      GJ rmix = GH(mul_limbs_var)(mix, (const uint64_t[4]){G_R}, 4);
      CHECK(!GH(is_infinity)(rp) && !GH(is_infinity)(rmix) && !G(in_subgroup)(&mixa),
            G_NAME " Q + [r]P (Q in the subgroup) rejected");
    }
    /* off the curve: y + 1 */
    GA q = p;
    q.y = GFH(add)(q.y, GFH(one)());
    CHECK(!G(is_on_curve)(&q), G_NAME " (x, y+1) off the curve");
    CHECK(!G(in_subgroup)(&q), G_NAME " off-curve point not in the subgroup");
  }
  printf("  %s: %ld curve points from %d x trials: in_subgroup = ([r]P = O); %d outside "
         "the subgroup rejected, %d accepted after [h]; off-curve points rejected\n",
         G_NAME, iters, tried, outside, cleared);
}

static void GT(all)(void) {
  printf("%s\n", G_NAME);
  GT(generator)();
  GT(laws)(zka_test_iters(30));
  GT(scalar_mul)(zka_test_iters(20));
  GT(batch)();
  GT(subgroup)(zka_test_iters(8));
}

#undef G
#undef GH
#undef GR
#undef GT
#undef GA
#undef GJ
#undef GX
#undef GF
#undef GFH
#undef G_RANDF
#undef G_SQRT
#undef G_NAME
#undef G_R
#undef G_COF
#undef G_COF_LIMBS
#endif
