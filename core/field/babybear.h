/* babybear.h — the portable by-value reference for BabyBear and its degree-4 extension:
 * functions zka_babybear_<op>_ref and zka_babybear4_<op>_ref.  Compiles as host C, OpenCL
 * C 1.2, CUDA and HLS C (see kernels/common/zka_target.h): no VLAs, no recursion, no
 * pointer casts, no 128-bit types, bounded loops, private pointers only for out-params.
 *
 * BabyBear: p = 15·2^27 + 1 = 0x78000001, two-adicity 27 (Plonky3 crate baby-bear).
 * Representation (as Plonky3's monty-31): struct { zka_u32 v; } holding x·2^32 mod p
 * (Montgomery form, R = 2^32), fully reduced, 0 <= v < p.  Every function here takes and
 * returns fully reduced values.  Since p < 2^31, a + b < 2^32 never overflows, and a sum of
 * two products of reduced values is below 2p^2 < p·2^32, the input bound of the Montgomery
 * reduction, so dot products of length 2 need one reduction (mul_add2).
 * Multiplicative generator 31; 2^27-th root of unity 31^15 = 0x1a427a41 (Plonky3's
 * TWO_ADIC_GENERATOR); constants in core/params/babybear.h (tools/gen_small_field_params.py).
 *
 * Extension: babybear4 = F_p[X]/(X^4 - 11), Plonky3's BinomialExtensionField<BabyBear, 4>;
 * an element is c[0] + c[1]·X + c[2]·X^2 + c[3]·X^3 (the generator proves X^4 - 11
 * irreducible).
 *
 * Constant time: add/sub/neg/mul/sqr/select and the extension's add/sub/mul/sqr are
 * branch-free (min and masks, which compilers vectorize); exp/pow/inv/legendre/sqrt branch on
 * exponent bits, which are public.
 */
#ifndef ZKA_BABYBEAR_H
#define ZKA_BABYBEAR_H
#include "../../kernels/common/zka_target.h"
#include "../params/babybear.h"

#ifndef ZKA_BABYBEAR_TYPES_DEFINED
#define ZKA_BABYBEAR_TYPES_DEFINED
typedef struct { zka_u32 v; } zka_babybear;
typedef struct { zka_babybear c[4]; } zka_babybear4;
#endif

/* ---- BabyBear ------------------------------------------------------------------------ */

ZKA_INLINE zka_babybear zka_babybear_make_ref(zka_u32 v) {
  zka_babybear r;
  r.v = v;
  return r;
}
ZKA_INLINE zka_babybear zka_babybear_zero_ref(void) { return zka_babybear_make_ref(0); }
ZKA_INLINE zka_babybear zka_babybear_one_ref(void) { return zka_babybear_make_ref(ZKA_BABYBEAR_ONE); }

/* All-ones when c is nonzero, zero otherwise. */
ZKA_INLINE zka_u32 zka_babybear_mask_ref(zka_u32 c) { return (zka_u32)0 - (zka_u32)(c != 0); }

/* min(x, y) on words: the branch-free select that add/sub rely on. */
ZKA_INLINE zka_u32 zka_babybear_min_ref(zka_u32 x, zka_u32 y) { return x < y ? x : y; }

/* Montgomery reduction: x·2^-32 mod p, for x < p·2^32, fully reduced.
 * t = x·p^-1 mod 2^32 makes x - t·p divisible by 2^32; the low words of x and t·p agree,
 * so (x - t·p)/2^32 = hi(x) - hi(t·p), which lies in (-p, p) because hi(x) < p and
 * hi(t·p) < p; one conditional add of p lands in [0, p).  (Plonky3 monty-31 monty_reduce.) */
ZKA_INLINE zka_u32 zka_babybear_monty_reduce_ref(zka_u64 x) {
  zka_u32 t = (zka_u32)x * (zka_u32)ZKA_BABYBEAR_MU;
  zka_u64 u = (zka_u64)t * (zka_u64)ZKA_BABYBEAR_P;
  zka_u32 xh = (zka_u32)(x >> 32), uh = (zka_u32)(u >> 32);
  zka_u32 r = xh - uh;
  return r + ((zka_u32)ZKA_BABYBEAR_P & zka_babybear_mask_ref((zka_u32)(xh < uh)));
}

/* a + b: s < 2p < 2^32; s - p wraps above s exactly when s < p, so min picks the reduced one. */
ZKA_INLINE zka_babybear zka_babybear_add_ref(zka_babybear a, zka_babybear b) {
  zka_u32 s = a.v + b.v;
  return zka_babybear_make_ref(zka_babybear_min_ref(s, s - (zka_u32)ZKA_BABYBEAR_P));
}
/* a - b: when a >= b, d < p and d + p < 2^32 is larger; when a < b, d wraps to > 2^32 - p
 * and d + p wraps down to a - b + p < p. */
ZKA_INLINE zka_babybear zka_babybear_sub_ref(zka_babybear a, zka_babybear b) {
  zka_u32 d = a.v - b.v;
  return zka_babybear_make_ref(zka_babybear_min_ref(d, d + (zka_u32)ZKA_BABYBEAR_P));
}
ZKA_INLINE zka_babybear zka_babybear_neg_ref(zka_babybear a) {
  return zka_babybear_sub_ref(zka_babybear_zero_ref(), a);
}
ZKA_INLINE zka_babybear zka_babybear_dbl_ref(zka_babybear a) { return zka_babybear_add_ref(a, a); }

ZKA_INLINE zka_babybear zka_babybear_mul_ref(zka_babybear a, zka_babybear b) {
  return zka_babybear_make_ref(zka_babybear_monty_reduce_ref((zka_u64)a.v * b.v));
}
ZKA_INLINE zka_babybear zka_babybear_sqr_ref(zka_babybear a) { return zka_babybear_mul_ref(a, a); }

/* a·b + c·d with one reduction: the sum is below 2p^2 < p·2^32 (2p < 2^32). */
ZKA_INLINE zka_babybear zka_babybear_mul_add2_ref(zka_babybear a, zka_babybear b, zka_babybear c,
                                                  zka_babybear d) {
  return zka_babybear_make_ref(
      zka_babybear_monty_reduce_ref((zka_u64)a.v * b.v + (zka_u64)c.v * d.v));
}

ZKA_INLINE int zka_babybear_is_zero_ref(zka_babybear a) { return a.v == 0; }
ZKA_INLINE int zka_babybear_eq_ref(zka_babybear a, zka_babybear b) { return a.v == b.v; }

/* mask ? a : b, mask all-ones or zero. */
ZKA_INLINE zka_babybear zka_babybear_select_ref(zka_u32 mask, zka_babybear a, zka_babybear b) {
  return zka_babybear_make_ref((a.v & mask) | (b.v & ~mask));
}

/* Is the canonical integer v below p? */
ZKA_INLINE int zka_babybear_is_canonical_ref(zka_u32 v) { return v < (zka_u32)ZKA_BABYBEAR_P; }

/* Canonical integer v < p to Montgomery form (v·R^2·R^-1), and back (x·R^-1). */
ZKA_INLINE zka_babybear zka_babybear_from_canonical_ref(zka_u32 v) {
  return zka_babybear_make_ref(zka_babybear_monty_reduce_ref((zka_u64)v * ZKA_BABYBEAR_R2));
}
ZKA_INLINE zka_u32 zka_babybear_to_canonical_ref(zka_babybear a) {
  return zka_babybear_monty_reduce_ref((zka_u64)a.v);
}

/* Any 64-bit integer v = h·2^32 + l, reduced mod p, in Montgomery form:
 * v·R = h·2^64·R + l·R = mont(h·R^3) + mont(l·R^2).  h, l < 2^32 and R^2, R^3 < p keep each
 * product below p·2^32, so no division is needed. */
ZKA_INLINE zka_babybear zka_babybear_from_u64_ref(zka_u64 v) {
  zka_u32 h = (zka_u32)(v >> 32), l = (zka_u32)v;
  zka_babybear hi = zka_babybear_make_ref(zka_babybear_monty_reduce_ref((zka_u64)h * ZKA_BABYBEAR_R3));
  zka_babybear lo = zka_babybear_make_ref(zka_babybear_monty_reduce_ref((zka_u64)l * ZKA_BABYBEAR_R2));
  return zka_babybear_add_ref(hi, lo);
}

/* base^e using the low nbits bits of e (nbits <= 64), left to right; variable time in e. */
ZKA_INLINE zka_babybear zka_babybear_exp_ref(zka_babybear base, zka_u64 e, int nbits) {
  zka_babybear r = zka_babybear_one_ref();
  for (int b = 63; b >= 0; b--) {
    if (b >= nbits) continue;
    r = zka_babybear_sqr_ref(r);
    if ((e >> b) & 1) r = zka_babybear_mul_ref(r, base);
  }
  return r;
}
ZKA_INLINE zka_babybear zka_babybear_pow_u64_ref(zka_babybear base, zka_u64 e) {
  return zka_babybear_exp_ref(base, e, 64);
}

/* a^(p-2): the inverse for a != 0, and 0 for a = 0 (callers that must reject 0 check). */
ZKA_INLINE zka_babybear zka_babybear_inv_ref(zka_babybear a) {
  return zka_babybear_exp_ref(a, ZKA_BABYBEAR_P_MINUS_2, ZKA_BABYBEAR_BITS);
}

/* Euler's criterion: 1 for a nonzero square, 0 for zero, -1 for a non-residue. */
ZKA_INLINE int zka_babybear_legendre_ref(zka_babybear a) {
  zka_babybear t = zka_babybear_exp_ref(a, ZKA_BABYBEAR_P_MINUS_1_HALF, ZKA_BABYBEAR_BITS);
  if (zka_babybear_is_zero_ref(t)) return 0;
  return zka_babybear_eq_ref(t, zka_babybear_one_ref()) ? 1 : -1;
}

/* Square root by Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number
 * Theory", algorithm 1.5.1), z = the primitive 2^27-th root of unity.  Returns 1 and a root
 * in *out when a is a square, 0 otherwise (out untouched).  Bounded loops only. */
ZKA_INLINE int zka_babybear_sqrt_ref(zka_babybear a, zka_babybear *out) {
  const zka_babybear one = zka_babybear_one_ref();
  if (zka_babybear_is_zero_ref(a)) {
    *out = a;
    return 1;
  }
  zka_babybear z = zka_babybear_make_ref(ZKA_BABYBEAR_ROOT_OF_UNITY);
  zka_babybear w = zka_babybear_exp_ref(a, ZKA_BABYBEAR_Q_MINUS_1_HALF, ZKA_BABYBEAR_BITS);
  zka_babybear x = zka_babybear_mul_ref(a, w); /* a^((q+1)/2) */
  zka_babybear b = zka_babybear_mul_ref(x, w); /* a^q */
  int m = ZKA_BABYBEAR_TWO_ADICITY;
  for (int iter = 0; iter < ZKA_BABYBEAR_TWO_ADICITY; iter++) {
    if (zka_babybear_eq_ref(b, one)) break;
    int k = 0; /* least k with b^(2^k) = 1 */
    zka_babybear t = b;
    for (int j = 1; j < ZKA_BABYBEAR_TWO_ADICITY + 1; j++) {
      t = zka_babybear_sqr_ref(t);
      k = j;
      if (zka_babybear_eq_ref(t, one)) break;
    }
    if (k >= m) return 0; /* a is not a square */
    zka_babybear g = z;
    for (int j = 0; j < m - k - 1; j++) g = zka_babybear_sqr_ref(g);
    z = zka_babybear_sqr_ref(g);
    x = zka_babybear_mul_ref(x, g);
    b = zka_babybear_mul_ref(b, z);
    m = k;
  }
  if (!zka_babybear_eq_ref(zka_babybear_sqr_ref(x), a)) return 0;
  *out = x;
  return 1;
}

/* ---- BabyBear4 = F_p[X]/(X^4 - W), W = 11 ------------------------------------------- */

ZKA_INLINE zka_babybear4 zka_babybear4_make_ref(zka_babybear c0, zka_babybear c1, zka_babybear c2,
                                                zka_babybear c3) {
  zka_babybear4 r;
  r.c[0] = c0;
  r.c[1] = c1;
  r.c[2] = c2;
  r.c[3] = c3;
  return r;
}
ZKA_INLINE zka_babybear4 zka_babybear4_from_base_ref(zka_babybear a) {
  zka_babybear z = zka_babybear_zero_ref();
  return zka_babybear4_make_ref(a, z, z, z);
}
ZKA_INLINE zka_babybear4 zka_babybear4_zero_ref(void) {
  return zka_babybear4_from_base_ref(zka_babybear_zero_ref());
}
ZKA_INLINE zka_babybear4 zka_babybear4_one_ref(void) {
  return zka_babybear4_from_base_ref(zka_babybear_one_ref());
}
ZKA_INLINE zka_babybear4 zka_babybear4_add_ref(zka_babybear4 a, zka_babybear4 b) {
  zka_babybear4 r;
  for (int i = 0; i < 4; i++) r.c[i] = zka_babybear_add_ref(a.c[i], b.c[i]);
  return r;
}
ZKA_INLINE zka_babybear4 zka_babybear4_sub_ref(zka_babybear4 a, zka_babybear4 b) {
  zka_babybear4 r;
  for (int i = 0; i < 4; i++) r.c[i] = zka_babybear_sub_ref(a.c[i], b.c[i]);
  return r;
}
ZKA_INLINE zka_babybear4 zka_babybear4_neg_ref(zka_babybear4 a) {
  zka_babybear4 r;
  for (int i = 0; i < 4; i++) r.c[i] = zka_babybear_neg_ref(a.c[i]);
  return r;
}
ZKA_INLINE zka_babybear4 zka_babybear4_dbl_ref(zka_babybear4 a) { return zka_babybear4_add_ref(a, a); }
ZKA_INLINE zka_babybear4 zka_babybear4_mul_base_ref(zka_babybear4 a, zka_babybear b) {
  zka_babybear4 r;
  for (int i = 0; i < 4; i++) r.c[i] = zka_babybear_mul_ref(a.c[i], b);
  return r;
}
ZKA_INLINE int zka_babybear4_is_zero_ref(zka_babybear4 a) {
  return (a.c[0].v | a.c[1].v | a.c[2].v | a.c[3].v) == 0;
}
ZKA_INLINE int zka_babybear4_eq_ref(zka_babybear4 a, zka_babybear4 b) {
  return ((a.c[0].v ^ b.c[0].v) | (a.c[1].v ^ b.c[1].v) | (a.c[2].v ^ b.c[2].v) |
          (a.c[3].v ^ b.c[3].v)) == 0;
}
ZKA_INLINE zka_babybear4 zka_babybear4_select_ref(zka_u32 mask, zka_babybear4 a, zka_babybear4 b) {
  zka_babybear4 r;
  for (int i = 0; i < 4; i++) r.c[i] = zka_babybear_select_ref(mask, a.c[i], b.c[i]);
  return r;
}
/* W·a */
ZKA_INLINE zka_babybear zka_babybear4_mul_w_ref(zka_babybear a) {
  return zka_babybear_mul_ref(a, zka_babybear_make_ref(ZKA_BABYBEAR4_W));
}

/* Schoolbook product reduced by X^4 = W: c_k = sum_{i+j=k} a_i b_j + W·sum_{i+j=k+4} a_i b_j.
 * With W·b_j precomputed, each c_k is a length-4 dot product taken as two mul_add2:
 * 3 + 8 reductions (16 word products + 3). */
ZKA_INLINE zka_babybear4 zka_babybear4_mul_ref(zka_babybear4 a, zka_babybear4 b) {
  zka_babybear wb1 = zka_babybear4_mul_w_ref(b.c[1]);
  zka_babybear wb2 = zka_babybear4_mul_w_ref(b.c[2]);
  zka_babybear wb3 = zka_babybear4_mul_w_ref(b.c[3]);
  zka_babybear4 r;
  r.c[0] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a.c[0], b.c[0], a.c[1], wb3),
                                zka_babybear_mul_add2_ref(a.c[2], wb2, a.c[3], wb1));
  r.c[1] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a.c[0], b.c[1], a.c[1], b.c[0]),
                                zka_babybear_mul_add2_ref(a.c[2], wb3, a.c[3], wb2));
  r.c[2] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a.c[0], b.c[2], a.c[1], b.c[1]),
                                zka_babybear_mul_add2_ref(a.c[2], b.c[0], a.c[3], wb3));
  r.c[3] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a.c[0], b.c[3], a.c[1], b.c[2]),
                                zka_babybear_mul_add2_ref(a.c[2], b.c[1], a.c[3], b.c[0]));
  return r;
}

/* Square: c0 = a0^2 + W(a2^2 + 2a1a3), c1 = 2a0a1 + 2W a2a3, c2 = 2a0a2 + a1^2 + W a3^2,
 * c3 = 2a0a3 + 2a1a2.  8 reductions. */
ZKA_INLINE zka_babybear4 zka_babybear4_sqr_ref(zka_babybear4 a) {
  zka_babybear wa2 = zka_babybear4_mul_w_ref(a.c[2]);
  zka_babybear wa3 = zka_babybear4_mul_w_ref(a.c[3]);
  zka_babybear a0x2 = zka_babybear_dbl_ref(a.c[0]);
  zka_babybear a1x2 = zka_babybear_dbl_ref(a.c[1]);
  zka_babybear a2x2 = zka_babybear_dbl_ref(a.c[2]);
  zka_babybear4 r;
  r.c[0] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a.c[0], a.c[0], a.c[2], wa2),
                                zka_babybear_mul_ref(a1x2, wa3));
  r.c[1] = zka_babybear_mul_add2_ref(a0x2, a.c[1], a2x2, wa3);
  r.c[2] = zka_babybear_add_ref(zka_babybear_mul_add2_ref(a0x2, a.c[2], a.c[1], a.c[1]),
                                zka_babybear_mul_ref(a.c[3], wa3));
  r.c[3] = zka_babybear_mul_add2_ref(a0x2, a.c[3], a1x2, a.c[2]);
  return r;
}

/* Inverse through the quadratic subfield F_p[Y]/(Y^2 - W), Y = X^2.  Write
 * x = A + X·B with A = a0 + a2·Y, B = a1 + a3·Y; then x·(A - X·B) = A^2 - Y·B^2 = N lies in
 * the subfield, N = n0 + n1·Y with n0 = a0^2 + W a2^2 - 2W a1a3, n1 = 2a0a2 - a1^2 - W a3^2,
 * and 1/N = (n0 - n1·Y)/(n0^2 - W n1^2).  So 1/x = (A - X·B)·M with M = m0 + m1·Y:
 *   r0 = a0m0 + W a2m1, r1 = -(a1m0 + W a3m1), r2 = a0m1 + a2m0, r3 = -(a1m1 + a3m0).
 * One base inversion.  x = 0 gives 0 (callers that must reject 0 check). */
ZKA_INLINE zka_babybear4 zka_babybear4_inv_ref(zka_babybear4 a) {
  zka_babybear wa2 = zka_babybear4_mul_w_ref(a.c[2]);
  zka_babybear wa3 = zka_babybear4_mul_w_ref(a.c[3]);
  zka_babybear n0 = zka_babybear_sub_ref(zka_babybear_mul_add2_ref(a.c[0], a.c[0], a.c[2], wa2),
                                         zka_babybear_mul_ref(zka_babybear_dbl_ref(a.c[1]), wa3));
  zka_babybear n1 = zka_babybear_sub_ref(zka_babybear_mul_ref(zka_babybear_dbl_ref(a.c[0]), a.c[2]),
                                         zka_babybear_mul_add2_ref(a.c[1], a.c[1], a.c[3], wa3));
  zka_babybear wn1 = zka_babybear4_mul_w_ref(n1);
  zka_babybear d = zka_babybear_sub_ref(zka_babybear_sqr_ref(n0), zka_babybear_mul_ref(n1, wn1));
  zka_babybear dinv = zka_babybear_inv_ref(d);
  zka_babybear m0 = zka_babybear_mul_ref(n0, dinv);
  zka_babybear m1 = zka_babybear_neg_ref(zka_babybear_mul_ref(n1, dinv));
  zka_babybear4 r;
  r.c[0] = zka_babybear_mul_add2_ref(a.c[0], m0, wa2, m1);
  r.c[1] = zka_babybear_neg_ref(zka_babybear_mul_add2_ref(a.c[1], m0, wa3, m1));
  r.c[2] = zka_babybear_mul_add2_ref(a.c[0], m1, a.c[2], m0);
  r.c[3] = zka_babybear_neg_ref(zka_babybear_mul_add2_ref(a.c[1], m1, a.c[3], m0));
  return r;
}

ZKA_INLINE zka_babybear4 zka_babybear4_pow_u64_ref(zka_babybear4 base, zka_u64 e) {
  zka_babybear4 r = zka_babybear4_one_ref();
  for (int b = 63; b >= 0; b--) {
    r = zka_babybear4_sqr_ref(r);
    if ((e >> b) & 1) r = zka_babybear4_mul_ref(r, base);
  }
  return r;
}

/* x -> x^p: X^p = X·W^((p-1)/4), so coefficient i is scaled by FROB_i = W^(i(p-1)/4). */
ZKA_INLINE zka_babybear4 zka_babybear4_frobenius_ref(zka_babybear4 a) {
  return zka_babybear4_make_ref(
      a.c[0], zka_babybear_mul_ref(a.c[1], zka_babybear_make_ref(ZKA_BABYBEAR4_FROB_1)),
      zka_babybear_mul_ref(a.c[2], zka_babybear_make_ref(ZKA_BABYBEAR4_FROB_2)),
      zka_babybear_mul_ref(a.c[3], zka_babybear_make_ref(ZKA_BABYBEAR4_FROB_3)));
}

#endif /* ZKA_BABYBEAR_H */
