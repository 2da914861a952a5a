/* point_template.h — short Weierstrass points y^2 = x^3 + b (a = 0), by value, written once
 * for every group: G1 over Fq and G2 over Fq2, BN254 and BLS12-381.  Compiles as host C,
 * OpenCL C 1.2, CUDA and HLS C (no recursion, no VLAs, no pointer casts, bounded loops).
 * Variable time throughout (branches on infinity and on equal inputs; scalar
 * multiplication by wNAF): for provers and verifiers, never for secret scalars.
 *
 * Before including, define:
 *   ZKA_PF            the coordinate field type (zka_bn254_fq, zka_bls12_381_fq2, ...)
 *   ZKA_PFN(op)       its function names (made by mont_template.h or fp2_template.h:
 *                     zero, one, add, sub, dbl, neg, mul, sqr, inv, is_zero, eq)
 *   ZKA_PA, ZKA_PJ, ZKA_PX   the affine, Jacobian and XYZZ point types
 *   ZKA_PN(op)        this group's function names (e.g. zka_bn254_g1_##op##_ref)
 *   ZKA_PB_INIT       brace initializer of b (Montgomery form) for ZKA_PF
 *   ZKA_PGX_INIT, ZKA_PGY_INIT   brace initializers of the generator's coordinates
 * All are #undef'd at the end.
 *
 * Representations (include/zkaccel/curve.h): affine (0, 0) is infinity; Jacobian
 * (X/Z^2, Y/Z^3) with Z = 0 infinity; XYZZ (X/ZZ, Y/ZZZ), ZZ^3 = ZZZ^2, ZZ = 0 infinity.
 * Every addition handles infinity operands, P + P (falls to doubling) and P + (-P)
 * (gives infinity): the bucket additions of MSM hit all three.
 * Formulas: the Explicit-Formulas Database (EFD), hyperelliptic.org/EFD/g1p/
 * auto-shortw-jacobian-0.html and auto-shortw-xyzz.html; operation counts are in field
 * multiplications M and squarings S of ZKA_PF (additions not counted).
 */
#include "../../kernels/common/zka_target.h"

#ifndef ZKA_PMUL_MAX_LIMBS
/* Scalars up to 8 x 64 bits (the largest cofactor, BLS12-381 G2's, has 8 limbs). */
#define ZKA_PMUL_MAX_LIMBS 8
#endif
#ifndef ZKA_PMUL_WINDOW
/* wNAF window width w: a table of 2^(w-2) = 8 odd multiples P, 3P, ..., 15P; about
 * bits/(w+1) additions.  w = 5 is the usual optimum for 256-bit scalars. */
#define ZKA_PMUL_WINDOW 5
#endif

ZKA_INLINE ZKA_PF ZKA_PN(curve_b)(void) {
  ZKA_PF b = ZKA_PB_INIT;
  return b;
}

ZKA_INLINE ZKA_PA ZKA_PN(generator)(void) {
  ZKA_PA g;
  ZKA_PF gx = ZKA_PGX_INIT;
  ZKA_PF gy = ZKA_PGY_INIT;
  g.x = gx;
  g.y = gy;
  return g;
}

/* ---- affine ------------------------------------------------------------------------- */

ZKA_INLINE ZKA_PA ZKA_PN(affine_infinity)(void) {
  ZKA_PA r;
  r.x = ZKA_PFN(zero)();
  r.y = ZKA_PFN(zero)();
  return r;
}

ZKA_INLINE zka_u64 ZKA_PN(affine_is_infinity)(ZKA_PA p) {
  return ZKA_PFN(is_zero)(p.x) & ZKA_PFN(is_zero)(p.y);
}

/* y^2 = x^3 + b; infinity counts as on the curve. */
ZKA_INLINE zka_u64 ZKA_PN(affine_is_on_curve)(ZKA_PA p) {
  if (ZKA_PN(affine_is_infinity)(p)) return 1;
  ZKA_PF rhs = ZKA_PFN(add)(ZKA_PFN(mul)(ZKA_PFN(sqr)(p.x), p.x), ZKA_PN(curve_b)());
  return ZKA_PFN(eq)(ZKA_PFN(sqr)(p.y), rhs);
}

ZKA_INLINE ZKA_PA ZKA_PN(affine_neg)(ZKA_PA p) {
  p.y = ZKA_PFN(neg)(p.y); /* -0 = 0 keeps infinity */
  return p;
}

ZKA_INLINE zka_u64 ZKA_PN(affine_eq)(ZKA_PA a, ZKA_PA b) {
  return ZKA_PFN(eq)(a.x, b.x) & ZKA_PFN(eq)(a.y, b.y);
}

/* ---- Jacobian ----------------------------------------------------------------------- */

ZKA_INLINE ZKA_PJ ZKA_PN(infinity)(void) {
  ZKA_PJ r;
  r.x = ZKA_PFN(one)();
  r.y = ZKA_PFN(one)();
  r.z = ZKA_PFN(zero)();
  return r;
}

ZKA_INLINE zka_u64 ZKA_PN(is_infinity)(ZKA_PJ p) { return ZKA_PFN(is_zero)(p.z); }

ZKA_INLINE ZKA_PJ ZKA_PN(from_affine)(ZKA_PA p) {
  if (ZKA_PN(affine_is_infinity)(p)) return ZKA_PN(infinity)();
  ZKA_PJ r;
  r.x = p.x;
  r.y = p.y;
  r.z = ZKA_PFN(one)();
  return r;
}

/* (X/Z^2, Y/Z^3): one inversion, 3M + 1S. */
ZKA_INLINE ZKA_PA ZKA_PN(to_affine)(ZKA_PJ p) {
  if (ZKA_PN(is_infinity)(p)) return ZKA_PN(affine_infinity)();
  ZKA_PF zi = ZKA_PFN(inv)(p.z);
  ZKA_PF zi2 = ZKA_PFN(sqr)(zi);
  ZKA_PA r;
  r.x = ZKA_PFN(mul)(p.x, zi2);
  r.y = ZKA_PFN(mul)(p.y, ZKA_PFN(mul)(zi2, zi));
  return r;
}

ZKA_INLINE ZKA_PJ ZKA_PN(neg)(ZKA_PJ p) {
  p.y = ZKA_PFN(neg)(p.y);
  return p;
}

/* Projective equality: X1·Z2^2 = X2·Z1^2 and Y1·Z2^3 = Y2·Z1^3 (6M + 2S); two infinities
 * are equal, infinity equals nothing else. */
ZKA_INLINE zka_u64 ZKA_PN(eq)(ZKA_PJ a, ZKA_PJ b) {
  zka_u64 ia = ZKA_PN(is_infinity)(a), ib = ZKA_PN(is_infinity)(b);
  if (ia | ib) return ia & ib;
  ZKA_PF z1z1 = ZKA_PFN(sqr)(a.z), z2z2 = ZKA_PFN(sqr)(b.z);
  if (!ZKA_PFN(eq)(ZKA_PFN(mul)(a.x, z2z2), ZKA_PFN(mul)(b.x, z1z1))) return 0;
  ZKA_PF s1 = ZKA_PFN(mul)(a.y, ZKA_PFN(mul)(b.z, z2z2));
  ZKA_PF s2 = ZKA_PFN(mul)(b.y, ZKA_PFN(mul)(a.z, z1z1));
  return ZKA_PFN(eq)(s1, s2);
}

/* dbl-2009-l (EFD, a = 0): 2M + 5S.
 *   A = X1^2, B = Y1^2, C = B^2, D = 2((X1 + B)^2 - A - C), E = 3A, F = E^2,
 *   X3 = F - 2D, Y3 = E(D - X3) - 8C, Z3 = 2·Y1·Z1.
 * Infinity (Z1 = 0) gives Z3 = 0, and a point of order 2 (Y1 = 0) gives Z3 = 0 too. */
ZKA_INLINE ZKA_PJ ZKA_PN(dbl)(ZKA_PJ p) {
  ZKA_PF a = ZKA_PFN(sqr)(p.x);
  ZKA_PF b = ZKA_PFN(sqr)(p.y);
  ZKA_PF c = ZKA_PFN(sqr)(b);
  ZKA_PF d = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(ZKA_PFN(add)(p.x, b)), a), c);
  d = ZKA_PFN(dbl)(d);
  ZKA_PF e = ZKA_PFN(add)(ZKA_PFN(dbl)(a), a);
  ZKA_PF f = ZKA_PFN(sqr)(e);
  ZKA_PJ r;
  r.x = ZKA_PFN(sub)(f, ZKA_PFN(dbl)(d));
  ZKA_PF c8 = ZKA_PFN(dbl)(ZKA_PFN(dbl)(ZKA_PFN(dbl)(c)));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(e, ZKA_PFN(sub)(d, r.x)), c8);
  r.z = ZKA_PFN(dbl)(ZKA_PFN(mul)(p.y, p.z));
  return r;
}

/* add-2007-bl (EFD): 11M + 5S.
 *   Z1Z1 = Z1^2, Z2Z2 = Z2^2, U1 = X1·Z2Z2, U2 = X2·Z1Z1, S1 = Y1·Z2·Z2Z2,
 *   S2 = Y2·Z1·Z1Z1, H = U2 - U1, I = (2H)^2, J = H·I, r = 2(S2 - S1), V = U1·I,
 *   X3 = r^2 - J - 2V, Y3 = r(V - X3) - 2·S1·J, Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2)·H.
 * H = 0 means equal x: doubling when r = 0 too, infinity otherwise (P + (-P)). */
ZKA_INLINE ZKA_PJ ZKA_PN(add)(ZKA_PJ p, ZKA_PJ q) {
  if (ZKA_PN(is_infinity)(p)) return q;
  if (ZKA_PN(is_infinity)(q)) return p;
  ZKA_PF z1z1 = ZKA_PFN(sqr)(p.z);
  ZKA_PF z2z2 = ZKA_PFN(sqr)(q.z);
  ZKA_PF u1 = ZKA_PFN(mul)(p.x, z2z2);
  ZKA_PF u2 = ZKA_PFN(mul)(q.x, z1z1);
  ZKA_PF s1 = ZKA_PFN(mul)(p.y, ZKA_PFN(mul)(q.z, z2z2));
  ZKA_PF s2 = ZKA_PFN(mul)(q.y, ZKA_PFN(mul)(p.z, z1z1));
  ZKA_PF h = ZKA_PFN(sub)(u2, u1);
  ZKA_PF rr = ZKA_PFN(dbl)(ZKA_PFN(sub)(s2, s1));
  if (ZKA_PFN(is_zero)(h)) {
    if (ZKA_PFN(is_zero)(rr)) return ZKA_PN(dbl)(p);
    return ZKA_PN(infinity)();
  }
  ZKA_PF i = ZKA_PFN(sqr)(ZKA_PFN(dbl)(h));
  ZKA_PF j = ZKA_PFN(mul)(h, i);
  ZKA_PF v = ZKA_PFN(mul)(u1, i);
  ZKA_PJ r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(rr), j), ZKA_PFN(dbl)(v));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(rr, ZKA_PFN(sub)(v, r.x)), ZKA_PFN(dbl)(ZKA_PFN(mul)(s1, j)));
  ZKA_PF zs = ZKA_PFN(sqr)(ZKA_PFN(add)(p.z, q.z));
  r.z = ZKA_PFN(mul)(ZKA_PFN(sub)(ZKA_PFN(sub)(zs, z1z1), z2z2), h);
  return r;
}

/* madd-2007-bl (EFD, Z2 = 1): 7M + 4S.
 *   Z1Z1 = Z1^2, U2 = X2·Z1Z1, S2 = Y2·Z1·Z1Z1, H = U2 - X1, HH = H^2, I = 4HH, J = H·I,
 *   r = 2(S2 - Y1), V = X1·I, X3 = r^2 - J - 2V, Y3 = r(V - X3) - 2·Y1·J,
 *   Z3 = (Z1 + H)^2 - Z1Z1 - HH. */
ZKA_INLINE ZKA_PJ ZKA_PN(add_mixed)(ZKA_PJ p, ZKA_PA q) {
  if (ZKA_PN(affine_is_infinity)(q)) return p;
  if (ZKA_PN(is_infinity)(p)) return ZKA_PN(from_affine)(q);
  ZKA_PF z1z1 = ZKA_PFN(sqr)(p.z);
  ZKA_PF u2 = ZKA_PFN(mul)(q.x, z1z1);
  ZKA_PF s2 = ZKA_PFN(mul)(q.y, ZKA_PFN(mul)(p.z, z1z1));
  ZKA_PF h = ZKA_PFN(sub)(u2, p.x);
  ZKA_PF rr = ZKA_PFN(dbl)(ZKA_PFN(sub)(s2, p.y));
  if (ZKA_PFN(is_zero)(h)) {
    if (ZKA_PFN(is_zero)(rr)) return ZKA_PN(dbl)(p);
    return ZKA_PN(infinity)();
  }
  ZKA_PF hh = ZKA_PFN(sqr)(h);
  ZKA_PF i = ZKA_PFN(dbl)(ZKA_PFN(dbl)(hh));
  ZKA_PF j = ZKA_PFN(mul)(h, i);
  ZKA_PF v = ZKA_PFN(mul)(p.x, i);
  ZKA_PJ r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(rr), j), ZKA_PFN(dbl)(v));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(rr, ZKA_PFN(sub)(v, r.x)), ZKA_PFN(dbl)(ZKA_PFN(mul)(p.y, j)));
  r.z = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(ZKA_PFN(add)(p.z, h)), z1z1), hh);
  return r;
}

/* ---- XYZZ --------------------------------------------------------------------------- */

ZKA_INLINE ZKA_PX ZKA_PN(xyzz_infinity)(void) {
  ZKA_PX r;
  r.x = ZKA_PFN(one)();
  r.y = ZKA_PFN(one)();
  r.zz = ZKA_PFN(zero)();
  r.zzz = ZKA_PFN(zero)();
  return r;
}

ZKA_INLINE zka_u64 ZKA_PN(xyzz_is_infinity)(ZKA_PX p) { return ZKA_PFN(is_zero)(p.zz); }

ZKA_INLINE ZKA_PX ZKA_PN(xyzz_from_affine)(ZKA_PA p) {
  if (ZKA_PN(affine_is_infinity)(p)) return ZKA_PN(xyzz_infinity)();
  ZKA_PX r;
  r.x = p.x;
  r.y = p.y;
  r.zz = ZKA_PFN(one)();
  r.zzz = ZKA_PFN(one)();
  return r;
}

/* x = X/ZZ, y = Y/ZZZ with one inversion: with ZZ = Z^2, ZZZ = Z^3, t = 1/ZZZ gives
 * 1/Z = ZZ·t and 1/ZZ = (ZZ·t)^2.  3M + 1S. */
ZKA_INLINE ZKA_PA ZKA_PN(xyzz_to_affine)(ZKA_PX p) {
  if (ZKA_PN(xyzz_is_infinity)(p)) return ZKA_PN(affine_infinity)();
  ZKA_PF t = ZKA_PFN(inv)(p.zzz);
  ZKA_PF zi = ZKA_PFN(mul)(p.zz, t);
  ZKA_PA r;
  r.x = ZKA_PFN(mul)(p.x, ZKA_PFN(sqr)(zi));
  r.y = ZKA_PFN(mul)(p.y, t);
  return r;
}

/* Jacobian with Z' = ZZZ (= Z^3): X' = X·ZZ^2, Y' = Y·ZZZ^2.  2M + 2S, no inversion. */
ZKA_INLINE ZKA_PJ ZKA_PN(xyzz_to_jacobian)(ZKA_PX p) {
  if (ZKA_PN(xyzz_is_infinity)(p)) return ZKA_PN(infinity)();
  ZKA_PJ r;
  r.x = ZKA_PFN(mul)(p.x, ZKA_PFN(sqr)(p.zz));
  r.y = ZKA_PFN(mul)(p.y, ZKA_PFN(sqr)(p.zzz));
  r.z = p.zzz;
  return r;
}

/* ZZ = Z^2, ZZZ = Z^3: 1M + 1S. */
ZKA_INLINE ZKA_PX ZKA_PN(xyzz_from_jacobian)(ZKA_PJ p) {
  if (ZKA_PN(is_infinity)(p)) return ZKA_PN(xyzz_infinity)();
  ZKA_PX r;
  r.x = p.x;
  r.y = p.y;
  r.zz = ZKA_PFN(sqr)(p.z);
  r.zzz = ZKA_PFN(mul)(r.zz, p.z);
  return r;
}

ZKA_INLINE ZKA_PX ZKA_PN(xyzz_neg)(ZKA_PX p) {
  p.y = ZKA_PFN(neg)(p.y);
  return p;
}

/* dbl-2008-s-1 (EFD xyzz, a = 0): 6M + 3S.
 *   U = 2·Y1, V = U^2, W = U·V, S = X1·V, M = 3·X1^2, X3 = M^2 - 2S,
 *   Y3 = M(S - X3) - W·Y1, ZZ3 = V·ZZ1, ZZZ3 = W·ZZZ1.
 * Infinity stays infinity (ZZ3 = V·0); Y1 = 0 (order 2) gives ZZ3 = 0. */
ZKA_INLINE ZKA_PX ZKA_PN(xyzz_dbl)(ZKA_PX p) {
  ZKA_PF u = ZKA_PFN(dbl)(p.y);
  ZKA_PF v = ZKA_PFN(sqr)(u);
  ZKA_PF w = ZKA_PFN(mul)(u, v);
  ZKA_PF s = ZKA_PFN(mul)(p.x, v);
  ZKA_PF x2 = ZKA_PFN(sqr)(p.x);
  ZKA_PF m = ZKA_PFN(add)(ZKA_PFN(dbl)(x2), x2);
  ZKA_PX r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sqr)(m), ZKA_PFN(dbl)(s));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(m, ZKA_PFN(sub)(s, r.x)), ZKA_PFN(mul)(w, p.y));
  r.zz = ZKA_PFN(mul)(v, p.zz);
  r.zzz = ZKA_PFN(mul)(w, p.zzz);
  return r;
}

/* mdbl-2008-s-1 (EFD xyzz, affine input, a = 0): 2M + 3S.  Same as above with
 * ZZ1 = ZZZ1 = 1: ZZ3 = V, ZZZ3 = W. */
ZKA_INLINE ZKA_PX ZKA_PN(xyzz_dbl_affine)(ZKA_PA p) {
  if (ZKA_PN(affine_is_infinity)(p)) return ZKA_PN(xyzz_infinity)();
  ZKA_PF u = ZKA_PFN(dbl)(p.y);
  ZKA_PF v = ZKA_PFN(sqr)(u);
  ZKA_PF w = ZKA_PFN(mul)(u, v);
  ZKA_PF s = ZKA_PFN(mul)(p.x, v);
  ZKA_PF x2 = ZKA_PFN(sqr)(p.x);
  ZKA_PF m = ZKA_PFN(add)(ZKA_PFN(dbl)(x2), x2);
  ZKA_PX r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sqr)(m), ZKA_PFN(dbl)(s));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(m, ZKA_PFN(sub)(s, r.x)), ZKA_PFN(mul)(w, p.y));
  r.zz = v;
  r.zzz = w;
  return r;
}

/* add-2008-s (EFD xyzz): 12M + 2S.
 *   U1 = X1·ZZ2, U2 = X2·ZZ1, S1 = Y1·ZZZ2, S2 = Y2·ZZZ1, P = U2 - U1, R = S2 - S1,
 *   PP = P^2, PPP = P·PP, Q = U1·PP, X3 = R^2 - PPP - 2Q, Y3 = R(Q - X3) - S1·PPP,
 *   ZZ3 = ZZ1·ZZ2·PP, ZZZ3 = ZZZ1·ZZZ2·PPP.
 * P = 0: doubling when R = 0, infinity otherwise. */
ZKA_INLINE ZKA_PX ZKA_PN(xyzz_add)(ZKA_PX p, ZKA_PX q) {
  if (ZKA_PN(xyzz_is_infinity)(p)) return q;
  if (ZKA_PN(xyzz_is_infinity)(q)) return p;
  ZKA_PF u1 = ZKA_PFN(mul)(p.x, q.zz);
  ZKA_PF u2 = ZKA_PFN(mul)(q.x, p.zz);
  ZKA_PF s1 = ZKA_PFN(mul)(p.y, q.zzz);
  ZKA_PF s2 = ZKA_PFN(mul)(q.y, p.zzz);
  ZKA_PF pd = ZKA_PFN(sub)(u2, u1);
  ZKA_PF rd = ZKA_PFN(sub)(s2, s1);
  if (ZKA_PFN(is_zero)(pd)) {
    if (ZKA_PFN(is_zero)(rd)) return ZKA_PN(xyzz_dbl)(p);
    return ZKA_PN(xyzz_infinity)();
  }
  ZKA_PF pp = ZKA_PFN(sqr)(pd);
  ZKA_PF ppp = ZKA_PFN(mul)(pd, pp);
  ZKA_PF qq = ZKA_PFN(mul)(u1, pp);
  ZKA_PX r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(rd), ppp), ZKA_PFN(dbl)(qq));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(rd, ZKA_PFN(sub)(qq, r.x)), ZKA_PFN(mul)(s1, ppp));
  r.zz = ZKA_PFN(mul)(ZKA_PFN(mul)(p.zz, q.zz), pp);
  r.zzz = ZKA_PFN(mul)(ZKA_PFN(mul)(p.zzz, q.zzz), ppp);
  return r;
}

/* madd-2008-s (EFD xyzz, ZZ2 = ZZZ2 = 1): 8M + 2S.
 *   U2 = X2·ZZ1, S2 = Y2·ZZZ1, P = U2 - X1, R = S2 - Y1, PP = P^2, PPP = P·PP,
 *   Q = X1·PP, X3 = R^2 - PPP - 2Q, Y3 = R(Q - X3) - Y1·PPP, ZZ3 = ZZ1·PP,
 *   ZZZ3 = ZZZ1·PPP.
 * P = 0: doubling of the affine point (mdbl-2008-s-1) when R = 0, infinity otherwise. */
ZKA_INLINE ZKA_PX ZKA_PN(xyzz_add_mixed)(ZKA_PX p, ZKA_PA q) {
  if (ZKA_PN(affine_is_infinity)(q)) return p;
  if (ZKA_PN(xyzz_is_infinity)(p)) return ZKA_PN(xyzz_from_affine)(q);
  ZKA_PF u2 = ZKA_PFN(mul)(q.x, p.zz);
  ZKA_PF s2 = ZKA_PFN(mul)(q.y, p.zzz);
  ZKA_PF pd = ZKA_PFN(sub)(u2, p.x);
  ZKA_PF rd = ZKA_PFN(sub)(s2, p.y);
  if (ZKA_PFN(is_zero)(pd)) {
    if (ZKA_PFN(is_zero)(rd)) return ZKA_PN(xyzz_dbl_affine)(q);
    return ZKA_PN(xyzz_infinity)();
  }
  ZKA_PF pp = ZKA_PFN(sqr)(pd);
  ZKA_PF ppp = ZKA_PFN(mul)(pd, pp);
  ZKA_PF qq = ZKA_PFN(mul)(p.x, pp);
  ZKA_PX r;
  r.x = ZKA_PFN(sub)(ZKA_PFN(sub)(ZKA_PFN(sqr)(rd), ppp), ZKA_PFN(dbl)(qq));
  r.y = ZKA_PFN(sub)(ZKA_PFN(mul)(rd, ZKA_PFN(sub)(qq, r.x)), ZKA_PFN(mul)(p.y, ppp));
  r.zz = ZKA_PFN(mul)(p.zz, pp);
  r.zzz = ZKA_PFN(mul)(p.zzz, ppp);
  return r;
}

/* ---- scalar multiplication ---------------------------------------------------------- */

/* [k]P for a little-endian scalar of n 64-bit limbs (n <= ZKA_PMUL_MAX_LIMBS; extra
 * limbs are ignored), not reduced: any integer, 0 gives infinity.
 * Width-w NAF (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography",
 * algorithms 3.35 and 3.36): digits d_i in {0, ±1, ±3, ..., ±(2^(w-1) - 1)}, at most one
 * nonzero in any w consecutive; then double-and-add from the top with the table of odd
 * multiples.  Variable time. */
ZKA_INLINE ZKA_PJ ZKA_PN(mul_limbs_var)(ZKA_PJ p, const zka_u64 *k, int n) {
  enum { MAXL = ZKA_PMUL_MAX_LIMBS, MAXD = 64 * ZKA_PMUL_MAX_LIMBS + 1,
         TBL = 1 << (ZKA_PMUL_WINDOW - 2) };
  zka_u64 e[ZKA_PMUL_MAX_LIMBS + 1];
  int digit[64 * ZKA_PMUL_MAX_LIMBS + 1];
  if (n > MAXL) n = MAXL;
  for (int i = 0; i < MAXL + 1; i++) e[i] = (i < n) ? k[i] : 0;
  /* recode: while e != 0, take e mod 2^w as a signed odd digit and clear it */
  int nd = 0;
  for (int it = 0; it < MAXD; it++) {
    zka_u64 any = 0;
    for (int i = 0; i < MAXL + 1; i++) any |= e[i];
    if (!any) break;
    int d = 0;
    if (e[0] & 1) {
      d = (int)(e[0] & ((1u << ZKA_PMUL_WINDOW) - 1));
      if (d >= (1 << (ZKA_PMUL_WINDOW - 1))) d -= 1 << ZKA_PMUL_WINDOW;
      if (d > 0) {
        /* e -= d; no borrow beyond limb 0 since the low bits of e equal d */
        e[0] -= (zka_u64)d;
      } else {
        /* e += -d with carry */
        zka_u64 add = (zka_u64)(-d);
        for (int i = 0; i < MAXL + 1; i++) {
          zka_u64 s = e[i] + add;
          add = s < add;
          e[i] = s;
        }
      }
    }
    digit[nd++] = d;
    for (int i = 0; i < MAXL; i++) e[i] = (e[i] >> 1) | (e[i + 1] << 63);
    e[MAXL] >>= 1;
  }
  /* odd multiples P, 3P, ..., (2^(w-1) - 1)P */
  ZKA_PJ tbl[1 << (ZKA_PMUL_WINDOW - 2)];
  ZKA_PJ p2 = ZKA_PN(dbl)(p);
  tbl[0] = p;
  for (int i = 1; i < TBL; i++) tbl[i] = ZKA_PN(add)(tbl[i - 1], p2);
  ZKA_PJ r = ZKA_PN(infinity)();
  for (int i = MAXD - 1; i >= 0; i--) {
    if (i >= nd) continue;
    r = ZKA_PN(dbl)(r);
    int d = digit[i];
    if (d > 0) r = ZKA_PN(add)(r, tbl[(d - 1) >> 1]);
    if (d < 0) r = ZKA_PN(add)(r, ZKA_PN(neg)(tbl[(-d - 1) >> 1]));
  }
  return r;
}

/* Plain double-and-add over all 64·n bits from the top: the slow, obviously-correct
 * reference the tests compare mul_limbs_var with. */
ZKA_INLINE ZKA_PJ ZKA_PN(mul_limbs_naive)(ZKA_PJ p, const zka_u64 *k, int n) {
  ZKA_PJ r = ZKA_PN(infinity)();
  if (n > ZKA_PMUL_MAX_LIMBS) n = ZKA_PMUL_MAX_LIMBS;
  for (int i = ZKA_PMUL_MAX_LIMBS - 1; i >= 0; i--) {
    if (i >= n) continue;
    for (int b = 63; b >= 0; b--) {
      r = ZKA_PN(dbl)(r);
      if ((k[i] >> b) & 1) r = ZKA_PN(add)(r, p);
    }
  }
  return r;
}

#undef ZKA_PF
#undef ZKA_PFN
#undef ZKA_PA
#undef ZKA_PJ
#undef ZKA_PX
#undef ZKA_PN
#undef ZKA_PB_INIT
#undef ZKA_PGX_INIT
#undef ZKA_PGY_INIT
