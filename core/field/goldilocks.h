/* goldilocks.h — the portable by-value reference for Goldilocks and its degree-2
 * extension: functions zka_goldilocks_<op>_ref and zka_goldilocks2_<op>_ref.  Compiles as
 * host C, OpenCL C 1.2, CUDA and HLS C (see kernels/common/zka_target.h): the one 64x64
 * product goes through zka_mul_wide; no VLAs, no recursion, no pointer casts, no 128-bit
 * types, bounded loops, private pointers only for out-params.
 *
 * Goldilocks: p = 2^64 - 2^32 + 1 = 0xffffffff00000001, two-adicity 32 (Plonky2, Plonky3
 * crate goldilocks).  Representation: struct { zka_u64 v; } holding x in canonical form,
 * 0 <= v < p.  Every function here takes and returns canonical values (Plonky3 allows
 * non-canonical v < 2^64 inside; we reduce fully so that eq and encodings are a compare).
 * Reduction uses EPSILON = 2^64 - p = 2^32 - 1 = 2^64 mod p and 2^96 = -1 mod p.
 * Multiplicative generator 7; 2^32-th root of unity 7^((p-1)/2^32) = 1753635133440165772
 * (Plonky3's TWO_ADIC_GENERATOR); constants in core/params/goldilocks.h
 * (tools/gen_small_field_params.py).
 *
 * Extension: goldilocks2 = F_p[X]/(X^2 - 7), Plonky3's BinomialExtensionField<Goldilocks, 2>;
 * an element is c[0] + c[1]·X (7 is a non-square mod p, so X^2 - 7 is irreducible).
 *
 * Constant time: add/sub/neg/mul/sqr/select and the extension's add/sub/mul/sqr are
 * branch-free (masks); exp/pow/inv/legendre/sqrt branch on exponent bits, which are public.
 */
#ifndef ZKA_GOLDILOCKS_H
#define ZKA_GOLDILOCKS_H
#include "../../kernels/common/zka_target.h"
#include "../params/goldilocks.h"

#ifndef ZKA_GOLDILOCKS_TYPES_DEFINED
#define ZKA_GOLDILOCKS_TYPES_DEFINED
typedef struct { zka_u64 v; } zka_goldilocks;
typedef struct { zka_goldilocks c[2]; } zka_goldilocks2;
#endif

/* ---- Goldilocks ---------------------------------------------------------------------- */

ZKA_INLINE zka_goldilocks zka_goldilocks_make_ref(zka_u64 v) {
  zka_goldilocks r;
  r.v = v;
  return r;
}
ZKA_INLINE zka_goldilocks zka_goldilocks_zero_ref(void) { return zka_goldilocks_make_ref(0); }
ZKA_INLINE zka_goldilocks zka_goldilocks_one_ref(void) { return zka_goldilocks_make_ref(ZKA_GOLDILOCKS_ONE); }

/* Any 64-bit v to [0, p): 2p > 2^64, so one conditional subtraction. */
ZKA_INLINE zka_u64 zka_goldilocks_canonicalize_ref(zka_u64 v) {
  return v - (ZKA_GOLDILOCKS_P & zka_mask64(v >= ZKA_GOLDILOCKS_P));
}

/* A 128-bit x = hi·2^64 + lo mod p, for any hi, lo (Plonky3 goldilocks reduce128).  Split
 * hi = hh·2^32 + hl: x = lo + hl·2^64 + hh·2^96 = lo + hl·EPSILON - hh (mod p).
 *   t0 = lo - hh; on a borrow t0 wrapped to lo - hh + 2^64 > 2^64 - 2^32, and subtracting
 *        EPSILON makes it lo - hh + p without a second wrap;
 *   t1 = hl·EPSILON = (hl << 32) - hl < 2^64 (a 32x32 product, no multiplier needed);
 *   t2 = t0 + t1; on a carry the true sum is t2 + 2^64 = t2 + EPSILON (mod p), and
 *        t2 <= 2^64 - 2^33, so adding EPSILON cannot carry again;
 * then one conditional subtraction of p. */
ZKA_INLINE zka_goldilocks zka_goldilocks_reduce128_ref(zka_u128 x) {
  const zka_u64 eps = ZKA_GOLDILOCKS_EPSILON;
  zka_u64 hh = x.hi >> 32, hl = x.hi & eps;
  zka_u64 t0 = x.lo - hh;
  t0 -= eps & zka_mask64(x.lo < hh);
  zka_u64 t1 = (hl << 32) - hl;
  zka_u64 t2 = t0 + t1;
  t2 += eps & zka_mask64(t2 < t1);
  return zka_goldilocks_make_ref(zka_goldilocks_canonicalize_ref(t2));
}

/* a + b: on a carry the sum is s + 2^64 = s + EPSILON (mod p), and s + EPSILON = a + b - p < p
 * needs no more work; without a carry, s < 2^64 may be >= p once. */
ZKA_INLINE zka_goldilocks zka_goldilocks_add_ref(zka_goldilocks a, zka_goldilocks b) {
  zka_u64 s = a.v + b.v;
  s += ZKA_GOLDILOCKS_EPSILON & zka_mask64(s < a.v);
  return zka_goldilocks_make_ref(zka_goldilocks_canonicalize_ref(s));
}
/* a - b: on a borrow d wrapped to a - b + 2^64 >= 2^64 - p + 1 > EPSILON, and d - EPSILON =
 * a - b + p < p. */
ZKA_INLINE zka_goldilocks zka_goldilocks_sub_ref(zka_goldilocks a, zka_goldilocks b) {
  zka_u64 d = a.v - b.v;
  d -= ZKA_GOLDILOCKS_EPSILON & zka_mask64(a.v < b.v);
  return zka_goldilocks_make_ref(d);
}
ZKA_INLINE zka_goldilocks zka_goldilocks_neg_ref(zka_goldilocks a) {
  return zka_goldilocks_make_ref((ZKA_GOLDILOCKS_P - a.v) & zka_mask64(a.v != 0));
}
ZKA_INLINE zka_goldilocks zka_goldilocks_dbl_ref(zka_goldilocks a) { return zka_goldilocks_add_ref(a, a); }

ZKA_INLINE zka_goldilocks zka_goldilocks_mul_ref(zka_goldilocks a, zka_goldilocks b) {
  return zka_goldilocks_reduce128_ref(zka_mul_wide(a.v, b.v));
}
ZKA_INLINE zka_goldilocks zka_goldilocks_sqr_ref(zka_goldilocks a) { return zka_goldilocks_mul_ref(a, a); }

ZKA_INLINE int zka_goldilocks_is_zero_ref(zka_goldilocks a) { return a.v == 0; }
ZKA_INLINE int zka_goldilocks_eq_ref(zka_goldilocks a, zka_goldilocks b) { return a.v == b.v; }

/* mask ? a : b, mask all-ones or zero. */
ZKA_INLINE zka_goldilocks zka_goldilocks_select_ref(zka_u64 mask, zka_goldilocks a, zka_goldilocks b) {
  return zka_goldilocks_make_ref((a.v & mask) | (b.v & ~mask));
}

/* Is the integer v below p? */
ZKA_INLINE int zka_goldilocks_is_canonical_ref(zka_u64 v) { return v < ZKA_GOLDILOCKS_P; }

/* The representation is canonical: these are the identity for v < p. */
ZKA_INLINE zka_goldilocks zka_goldilocks_from_canonical_ref(zka_u64 v) { return zka_goldilocks_make_ref(v); }
ZKA_INLINE zka_u64 zka_goldilocks_to_canonical_ref(zka_goldilocks a) { return a.v; }
/* Any 64-bit integer, reduced mod p. */
ZKA_INLINE zka_goldilocks zka_goldilocks_from_u64_ref(zka_u64 v) {
  return zka_goldilocks_make_ref(zka_goldilocks_canonicalize_ref(v));
}

/* base^e using the low nbits bits of e (nbits <= 64), left to right; variable time in e. */
ZKA_INLINE zka_goldilocks zka_goldilocks_exp_ref(zka_goldilocks base, zka_u64 e, int nbits) {
  zka_goldilocks r = zka_goldilocks_one_ref();
  for (int b = 63; b >= 0; b--) {
    if (b >= nbits) continue;
    r = zka_goldilocks_sqr_ref(r);
    if ((e >> b) & 1) r = zka_goldilocks_mul_ref(r, base);
  }
  return r;
}
ZKA_INLINE zka_goldilocks zka_goldilocks_pow_u64_ref(zka_goldilocks base, zka_u64 e) {
  return zka_goldilocks_exp_ref(base, e, 64);
}

/* a^(p-2): the inverse for a != 0, and 0 for a = 0 (callers that must reject 0 check). */
ZKA_INLINE zka_goldilocks zka_goldilocks_inv_ref(zka_goldilocks a) {
  return zka_goldilocks_exp_ref(a, ZKA_GOLDILOCKS_P_MINUS_2, 64);
}

/* Euler's criterion: 1 for a nonzero square, 0 for zero, -1 for a non-residue. */
ZKA_INLINE int zka_goldilocks_legendre_ref(zka_goldilocks a) {
  zka_goldilocks t = zka_goldilocks_exp_ref(a, ZKA_GOLDILOCKS_P_MINUS_1_HALF, 64);
  if (zka_goldilocks_is_zero_ref(t)) return 0;
  return zka_goldilocks_eq_ref(t, zka_goldilocks_one_ref()) ? 1 : -1;
}

/* Square root by Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number
 * Theory", algorithm 1.5.1), z = the primitive 2^32-th root of unity.  Returns 1 and a root
 * in *out when a is a square, 0 otherwise (out untouched).  Bounded loops only. */
ZKA_INLINE int zka_goldilocks_sqrt_ref(zka_goldilocks a, zka_goldilocks *out) {
  const zka_goldilocks one = zka_goldilocks_one_ref();
  if (zka_goldilocks_is_zero_ref(a)) {
    *out = a;
    return 1;
  }
  zka_goldilocks z = zka_goldilocks_make_ref(ZKA_GOLDILOCKS_ROOT_OF_UNITY);
  zka_goldilocks w = zka_goldilocks_exp_ref(a, ZKA_GOLDILOCKS_Q_MINUS_1_HALF, 32);
  zka_goldilocks x = zka_goldilocks_mul_ref(a, w); /* a^((q+1)/2) */
  zka_goldilocks b = zka_goldilocks_mul_ref(x, w); /* a^q */
  int m = ZKA_GOLDILOCKS_TWO_ADICITY;
  for (int iter = 0; iter < ZKA_GOLDILOCKS_TWO_ADICITY; iter++) {
    if (zka_goldilocks_eq_ref(b, one)) break;
    int k = 0; /* least k with b^(2^k) = 1 */
    zka_goldilocks t = b;
    for (int j = 1; j < ZKA_GOLDILOCKS_TWO_ADICITY + 1; j++) {
      t = zka_goldilocks_sqr_ref(t);
      k = j;
      if (zka_goldilocks_eq_ref(t, one)) break;
    }
    if (k >= m) return 0; /* a is not a square */
    zka_goldilocks g = z;
    for (int j = 0; j < m - k - 1; j++) g = zka_goldilocks_sqr_ref(g);
    z = zka_goldilocks_sqr_ref(g);
    x = zka_goldilocks_mul_ref(x, g);
    b = zka_goldilocks_mul_ref(b, z);
    m = k;
  }
  if (!zka_goldilocks_eq_ref(zka_goldilocks_sqr_ref(x), a)) return 0;
  *out = x;
  return 1;
}

/* ---- Goldilocks2 = F_p[X]/(X^2 - W), W = 7 ------------------------------------------ */

ZKA_INLINE zka_goldilocks2 zka_goldilocks2_make_ref(zka_goldilocks c0, zka_goldilocks c1) {
  zka_goldilocks2 r;
  r.c[0] = c0;
  r.c[1] = c1;
  return r;
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_from_base_ref(zka_goldilocks a) {
  return zka_goldilocks2_make_ref(a, zka_goldilocks_zero_ref());
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_zero_ref(void) {
  return zka_goldilocks2_from_base_ref(zka_goldilocks_zero_ref());
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_one_ref(void) {
  return zka_goldilocks2_from_base_ref(zka_goldilocks_one_ref());
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_add_ref(zka_goldilocks2 a, zka_goldilocks2 b) {
  return zka_goldilocks2_make_ref(zka_goldilocks_add_ref(a.c[0], b.c[0]),
                                  zka_goldilocks_add_ref(a.c[1], b.c[1]));
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_sub_ref(zka_goldilocks2 a, zka_goldilocks2 b) {
  return zka_goldilocks2_make_ref(zka_goldilocks_sub_ref(a.c[0], b.c[0]),
                                  zka_goldilocks_sub_ref(a.c[1], b.c[1]));
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_neg_ref(zka_goldilocks2 a) {
  return zka_goldilocks2_make_ref(zka_goldilocks_neg_ref(a.c[0]), zka_goldilocks_neg_ref(a.c[1]));
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_dbl_ref(zka_goldilocks2 a) { return zka_goldilocks2_add_ref(a, a); }
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_mul_base_ref(zka_goldilocks2 a, zka_goldilocks b) {
  return zka_goldilocks2_make_ref(zka_goldilocks_mul_ref(a.c[0], b), zka_goldilocks_mul_ref(a.c[1], b));
}
ZKA_INLINE int zka_goldilocks2_is_zero_ref(zka_goldilocks2 a) { return (a.c[0].v | a.c[1].v) == 0; }
ZKA_INLINE int zka_goldilocks2_eq_ref(zka_goldilocks2 a, zka_goldilocks2 b) {
  return ((a.c[0].v ^ b.c[0].v) | (a.c[1].v ^ b.c[1].v)) == 0;
}
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_select_ref(zka_u64 mask, zka_goldilocks2 a, zka_goldilocks2 b) {
  return zka_goldilocks2_make_ref(zka_goldilocks_select_ref(mask, a.c[0], b.c[0]),
                                  zka_goldilocks_select_ref(mask, a.c[1], b.c[1]));
}
/* W·a */
ZKA_INLINE zka_goldilocks zka_goldilocks2_mul_w_ref(zka_goldilocks a) {
  return zka_goldilocks_mul_ref(a, zka_goldilocks_make_ref(ZKA_GOLDILOCKS2_W));
}

/* Karatsuba: (a0 + a1X)(b0 + b1X) = (a0b0 + W a1b1) + ((a0+a1)(b0+b1) - a0b0 - a1b1)X; 4M. */
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_mul_ref(zka_goldilocks2 a, zka_goldilocks2 b) {
  zka_goldilocks v0 = zka_goldilocks_mul_ref(a.c[0], b.c[0]);
  zka_goldilocks v1 = zka_goldilocks_mul_ref(a.c[1], b.c[1]);
  zka_goldilocks s = zka_goldilocks_mul_ref(zka_goldilocks_add_ref(a.c[0], a.c[1]),
                                            zka_goldilocks_add_ref(b.c[0], b.c[1]));
  return zka_goldilocks2_make_ref(zka_goldilocks_add_ref(v0, zka_goldilocks2_mul_w_ref(v1)),
                                  zka_goldilocks_sub_ref(zka_goldilocks_sub_ref(s, v0), v1));
}
/* (a0 + a1X)^2 = (a0^2 + W a1^2) + 2a0a1·X; 4M. */
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_sqr_ref(zka_goldilocks2 a) {
  zka_goldilocks v0 = zka_goldilocks_sqr_ref(a.c[0]);
  zka_goldilocks v1 = zka_goldilocks_sqr_ref(a.c[1]);
  zka_goldilocks t = zka_goldilocks_mul_ref(a.c[0], a.c[1]);
  return zka_goldilocks2_make_ref(zka_goldilocks_add_ref(v0, zka_goldilocks2_mul_w_ref(v1)),
                                  zka_goldilocks_dbl_ref(t));
}
/* 1/(a0 + a1X) = (a0 - a1X)/(a0^2 - W a1^2); the norm is nonzero for x != 0 because W is a
 * non-square.  x = 0 gives 0 (callers that must reject 0 check). */
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_inv_ref(zka_goldilocks2 a) {
  zka_goldilocks n = zka_goldilocks_sub_ref(zka_goldilocks_sqr_ref(a.c[0]),
                                            zka_goldilocks2_mul_w_ref(zka_goldilocks_sqr_ref(a.c[1])));
  zka_goldilocks ninv = zka_goldilocks_inv_ref(n);
  return zka_goldilocks2_make_ref(zka_goldilocks_mul_ref(a.c[0], ninv),
                                  zka_goldilocks_neg_ref(zka_goldilocks_mul_ref(a.c[1], ninv)));
}

ZKA_INLINE zka_goldilocks2 zka_goldilocks2_pow_u64_ref(zka_goldilocks2 base, zka_u64 e) {
  zka_goldilocks2 r = zka_goldilocks2_one_ref();
  for (int b = 63; b >= 0; b--) {
    r = zka_goldilocks2_sqr_ref(r);
    if ((e >> b) & 1) r = zka_goldilocks2_mul_ref(r, base);
  }
  return r;
}

/* x -> x^p: X^p = X·W^((p-1)/2) = -X since W is a non-square (FROB_1 = p - 1, checked by the
 * generator), so the Frobenius is conjugation. */
ZKA_INLINE zka_goldilocks2 zka_goldilocks2_frobenius_ref(zka_goldilocks2 a) {
  return zka_goldilocks2_make_ref(a.c[0], zka_goldilocks_neg_ref(a.c[1]));
}

#endif /* ZKA_GOLDILOCKS_H */
