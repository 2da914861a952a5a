/* tower_template.h — Fq6 = Fq2[v]/(v^3 - xi) and Fq12 = Fq6[w]/(w^2 - v), by value, written
 * once and included once per curve (core/pairing/pairing_host.h).  Portable C in the style
 * of core/field/fp2_template.h: no pointers, no VLAs, no recursion.
 *
 * Before including, define:
 *   ZKA_T1, ZKA_T2, ZKA_T6, ZKA_T12    the Fq, Fq2, Fq6, Fq12 types
 *   ZKA_T1N(op), ZKA_T2N(op)           Fq and Fq2 function names (mont_template.h, fp2_template.h)
 *   ZKA_T6N(op), ZKA_T12N(op)          this tower's function names
 *   ZKA_TP                             the pairing parameter prefix (core/params/<curve>_pairing.h)
 * All are #undef'd at the end.
 *
 * Layout: an Fq6 is c0 + c1·v + c2·v^2, an Fq12 is c0 + c1·w.  Over Fq2 the Fq12 basis is
 * w^k, k = 0..5, with w^2 = v and w^6 = xi: c0 holds the coefficients of w^0, w^2, w^4 and
 * c1 those of w^1, w^3, w^5.
 *
 * Costs are counted in Fq2 multiplications (M) and squarings (S); additions are not counted.
 * Constant-time: everything but inv (Fermat, public exponent) and pow_var.
 */
#ifndef ZKA_CAT
#define ZKA_CAT_(a, b) a##b
#define ZKA_CAT(a, b) ZKA_CAT_(a, b)
#endif

#define ZKA_TXI ZKA_CAT(ZKA_TP, _XI_C0)

/* ---- Fq2 helpers the tower needs ----------------------------------------------------- */

/* a·xi for xi = c + u with the small constant c: (c·a0 - a1) + (c·a1 + a0)·u.  The
 * constant is known at compile time, so the double-and-add below folds to a short chain
 * (xi = 1 + u: no multiple at all; xi = 9 + u: three doublings and an addition). */
ZKA_INLINE ZKA_T1 ZKA_T6N(fq_mul_xi_c)(ZKA_T1 a) {
  const int c = ZKA_TXI;
  if (c == 1) return a;
  int top = 0;
  while ((c >> (top + 1)) != 0) top++;
  ZKA_T1 r = a;
  for (int b = top - 1; b >= 0; b--) {
    r = ZKA_T1N(dbl)(r);
    if ((c >> b) & 1) r = ZKA_T1N(add)(r, a);
  }
  return r;
}
ZKA_INLINE ZKA_T2 ZKA_T6N(fq2_mul_xi)(ZKA_T2 a) {
  ZKA_T1 c0 = ZKA_T6N(fq_mul_xi_c)(a.c0);
  ZKA_T1 c1 = ZKA_T6N(fq_mul_xi_c)(a.c1);
  return ZKA_T2N(make)(ZKA_T1N(sub)(c0, a.c1), ZKA_T1N(add)(c1, a.c0));
}

/* ---- Fq6 ----------------------------------------------------------------------------- */

ZKA_INLINE ZKA_T6 ZKA_T6N(make)(ZKA_T2 c0, ZKA_T2 c1, ZKA_T2 c2) {
  ZKA_T6 r;
  r.c0 = c0;
  r.c1 = c1;
  r.c2 = c2;
  return r;
}
ZKA_INLINE ZKA_T6 ZKA_T6N(zero)(void) {
  return ZKA_T6N(make)(ZKA_T2N(zero)(), ZKA_T2N(zero)(), ZKA_T2N(zero)());
}
ZKA_INLINE ZKA_T6 ZKA_T6N(one)(void) {
  return ZKA_T6N(make)(ZKA_T2N(one)(), ZKA_T2N(zero)(), ZKA_T2N(zero)());
}
ZKA_INLINE ZKA_T6 ZKA_T6N(add)(ZKA_T6 a, ZKA_T6 b) {
  return ZKA_T6N(make)(ZKA_T2N(add)(a.c0, b.c0), ZKA_T2N(add)(a.c1, b.c1), ZKA_T2N(add)(a.c2, b.c2));
}
ZKA_INLINE ZKA_T6 ZKA_T6N(sub)(ZKA_T6 a, ZKA_T6 b) {
  return ZKA_T6N(make)(ZKA_T2N(sub)(a.c0, b.c0), ZKA_T2N(sub)(a.c1, b.c1), ZKA_T2N(sub)(a.c2, b.c2));
}
ZKA_INLINE ZKA_T6 ZKA_T6N(dbl)(ZKA_T6 a) { return ZKA_T6N(add)(a, a); }
ZKA_INLINE ZKA_T6 ZKA_T6N(neg)(ZKA_T6 a) {
  return ZKA_T6N(make)(ZKA_T2N(neg)(a.c0), ZKA_T2N(neg)(a.c1), ZKA_T2N(neg)(a.c2));
}
ZKA_INLINE zka_u64 ZKA_T6N(eq)(ZKA_T6 a, ZKA_T6 b) {
  return ZKA_T2N(eq)(a.c0, b.c0) & ZKA_T2N(eq)(a.c1, b.c1) & ZKA_T2N(eq)(a.c2, b.c2);
}
ZKA_INLINE zka_u64 ZKA_T6N(is_zero)(ZKA_T6 a) {
  return ZKA_T2N(is_zero)(a.c0) & ZKA_T2N(is_zero)(a.c1) & ZKA_T2N(is_zero)(a.c2);
}
/* a·v = xi·a2 + a0·v + a1·v^2. */
ZKA_INLINE ZKA_T6 ZKA_T6N(mul_by_v)(ZKA_T6 a) {
  return ZKA_T6N(make)(ZKA_T6N(fq2_mul_xi)(a.c2), a.c0, a.c1);
}
/* a·s for s in Fq2: 3M. */
ZKA_INLINE ZKA_T6 ZKA_T6N(mul_fq2)(ZKA_T6 a, ZKA_T2 s) {
  return ZKA_T6N(make)(ZKA_T2N(mul)(a.c0, s), ZKA_T2N(mul)(a.c1, s), ZKA_T2N(mul)(a.c2, s));
}
/* Karatsuba (Devegili, O hEigeartaigh, Scott, Dahab, "Multiplication and squaring on
 * pairing-friendly fields", eprint 2006/471, section 4): 6M. */
ZKA_INLINE ZKA_T6 ZKA_T6N(mul)(ZKA_T6 a, ZKA_T6 b) {
  ZKA_T2 v0 = ZKA_T2N(mul)(a.c0, b.c0);
  ZKA_T2 v1 = ZKA_T2N(mul)(a.c1, b.c1);
  ZKA_T2 v2 = ZKA_T2N(mul)(a.c2, b.c2);
  ZKA_T2 t12 = ZKA_T2N(mul)(ZKA_T2N(add)(a.c1, a.c2), ZKA_T2N(add)(b.c1, b.c2));
  ZKA_T2 t01 = ZKA_T2N(mul)(ZKA_T2N(add)(a.c0, a.c1), ZKA_T2N(add)(b.c0, b.c1));
  ZKA_T2 t02 = ZKA_T2N(mul)(ZKA_T2N(add)(a.c0, a.c2), ZKA_T2N(add)(b.c0, b.c2));
  /* c0 = v0 + xi·(a1 b2 + a2 b1), c1 = a0 b1 + a1 b0 + xi·v2, c2 = a0 b2 + a2 b0 + v1 */
  ZKA_T2 c0 = ZKA_T2N(add)(v0, ZKA_T6N(fq2_mul_xi)(ZKA_T2N(sub)(ZKA_T2N(sub)(t12, v1), v2)));
  ZKA_T2 c1 = ZKA_T2N(add)(ZKA_T2N(sub)(ZKA_T2N(sub)(t01, v0), v1), ZKA_T6N(fq2_mul_xi)(v2));
  ZKA_T2 c2 = ZKA_T2N(add)(ZKA_T2N(sub)(ZKA_T2N(sub)(t02, v0), v2), v1);
  return ZKA_T6N(make)(c0, c1, c2);
}
/* Chung-Hasan SQR2 (Chung, Hasan, "Asymmetric squaring formulae", ARITH 2007): 2M + 3S. */
ZKA_INLINE ZKA_T6 ZKA_T6N(sqr)(ZKA_T6 a) {
  ZKA_T2 s0 = ZKA_T2N(sqr)(a.c0);
  ZKA_T2 s1 = ZKA_T2N(dbl)(ZKA_T2N(mul)(a.c0, a.c1));
  ZKA_T2 s2 = ZKA_T2N(sqr)(ZKA_T2N(add)(ZKA_T2N(sub)(a.c0, a.c1), a.c2));
  ZKA_T2 s3 = ZKA_T2N(dbl)(ZKA_T2N(mul)(a.c1, a.c2));
  ZKA_T2 s4 = ZKA_T2N(sqr)(a.c2);
  ZKA_T2 c0 = ZKA_T2N(add)(s0, ZKA_T6N(fq2_mul_xi)(s3));
  ZKA_T2 c1 = ZKA_T2N(add)(s1, ZKA_T6N(fq2_mul_xi)(s4));
  ZKA_T2 c2 = ZKA_T2N(sub)(ZKA_T2N(sub)(ZKA_T2N(add)(ZKA_T2N(add)(s1, s2), s3), s0), s4);
  return ZKA_T6N(make)(c0, c1, c2);
}
/* a·(b0 + b1·v): 5M.  The sparse factor of the line functions. */
ZKA_INLINE ZKA_T6 ZKA_T6N(mul_by_01)(ZKA_T6 a, ZKA_T2 b0, ZKA_T2 b1) {
  ZKA_T2 t0 = ZKA_T2N(mul)(a.c0, b0);
  ZKA_T2 t1 = ZKA_T2N(mul)(a.c1, b1);
  /* c0 = t0 + xi·a2 b1, c1 = a0 b1 + a1 b0, c2 = a2 b0 + t1 */
  ZKA_T2 c0 = ZKA_T2N(add)(t0, ZKA_T6N(fq2_mul_xi)(ZKA_T2N(sub)(
                                   ZKA_T2N(mul)(ZKA_T2N(add)(a.c1, a.c2), b1), t1)));
  ZKA_T2 c1 = ZKA_T2N(sub)(ZKA_T2N(sub)(ZKA_T2N(mul)(ZKA_T2N(add)(a.c0, a.c1), ZKA_T2N(add)(b0, b1)), t0), t1);
  ZKA_T2 c2 = ZKA_T2N(add)(ZKA_T2N(sub)(ZKA_T2N(mul)(ZKA_T2N(add)(a.c0, a.c2), b0), t0), t1);
  return ZKA_T6N(make)(c0, c1, c2);
}
/* a·(b1·v): 3M. */
ZKA_INLINE ZKA_T6 ZKA_T6N(mul_by_1)(ZKA_T6 a, ZKA_T2 b1) {
  return ZKA_T6N(make)(ZKA_T6N(fq2_mul_xi)(ZKA_T2N(mul)(a.c2, b1)), ZKA_T2N(mul)(a.c0, b1),
                       ZKA_T2N(mul)(a.c1, b1));
}
/* 1/a (0 for a = 0): the adjugate over the norm (Scott, "Implementing cryptographic
 * pairings", 2007, section 3.2). 9M + 3S and one Fq2 inversion. */
ZKA_INLINE ZKA_T6 ZKA_T6N(inv)(ZKA_T6 a) {
  ZKA_T2 t0 = ZKA_T2N(sub)(ZKA_T2N(sqr)(a.c0), ZKA_T6N(fq2_mul_xi)(ZKA_T2N(mul)(a.c1, a.c2)));
  ZKA_T2 t1 = ZKA_T2N(sub)(ZKA_T6N(fq2_mul_xi)(ZKA_T2N(sqr)(a.c2)), ZKA_T2N(mul)(a.c0, a.c1));
  ZKA_T2 t2 = ZKA_T2N(sub)(ZKA_T2N(sqr)(a.c1), ZKA_T2N(mul)(a.c0, a.c2));
  ZKA_T2 n = ZKA_T2N(add)(ZKA_T2N(mul)(a.c0, t0),
                          ZKA_T6N(fq2_mul_xi)(ZKA_T2N(add)(ZKA_T2N(mul)(a.c2, t1), ZKA_T2N(mul)(a.c1, t2))));
  ZKA_T2 ni = ZKA_T2N(inv)(n);
  return ZKA_T6N(make)(ZKA_T2N(mul)(t0, ni), ZKA_T2N(mul)(t1, ni), ZKA_T2N(mul)(t2, ni));
}

/* ---- Fq12 ---------------------------------------------------------------------------- */

ZKA_INLINE ZKA_T12 ZKA_T12N(make)(ZKA_T6 c0, ZKA_T6 c1) {
  ZKA_T12 r;
  r.c0 = c0;
  r.c1 = c1;
  return r;
}
ZKA_INLINE ZKA_T12 ZKA_T12N(zero)(void) { return ZKA_T12N(make)(ZKA_T6N(zero)(), ZKA_T6N(zero)()); }
ZKA_INLINE ZKA_T12 ZKA_T12N(one)(void) { return ZKA_T12N(make)(ZKA_T6N(one)(), ZKA_T6N(zero)()); }
ZKA_INLINE ZKA_T12 ZKA_T12N(add)(ZKA_T12 a, ZKA_T12 b) {
  return ZKA_T12N(make)(ZKA_T6N(add)(a.c0, b.c0), ZKA_T6N(add)(a.c1, b.c1));
}
ZKA_INLINE ZKA_T12 ZKA_T12N(sub)(ZKA_T12 a, ZKA_T12 b) {
  return ZKA_T12N(make)(ZKA_T6N(sub)(a.c0, b.c0), ZKA_T6N(sub)(a.c1, b.c1));
}
ZKA_INLINE zka_u64 ZKA_T12N(eq)(ZKA_T12 a, ZKA_T12 b) {
  return ZKA_T6N(eq)(a.c0, b.c0) & ZKA_T6N(eq)(a.c1, b.c1);
}
ZKA_INLINE zka_u64 ZKA_T12N(is_one)(ZKA_T12 a) { return ZKA_T12N(eq)(a, ZKA_T12N(one)()); }
/* a^(p^6) = c0 - c1·w: the inverse on the cyclotomic subgroup (norm 1 over Fq6). */
ZKA_INLINE ZKA_T12 ZKA_T12N(conj)(ZKA_T12 a) { return ZKA_T12N(make)(a.c0, ZKA_T6N(neg)(a.c1)); }
/* Karatsuba over Fq6: 18M. */
ZKA_INLINE ZKA_T12 ZKA_T12N(mul)(ZKA_T12 a, ZKA_T12 b) {
  ZKA_T6 t0 = ZKA_T6N(mul)(a.c0, b.c0);
  ZKA_T6 t1 = ZKA_T6N(mul)(a.c1, b.c1);
  ZKA_T6 t = ZKA_T6N(mul)(ZKA_T6N(add)(a.c0, a.c1), ZKA_T6N(add)(b.c0, b.c1));
  return ZKA_T12N(make)(ZKA_T6N(add)(t0, ZKA_T6N(mul_by_v)(t1)), ZKA_T6N(sub)(ZKA_T6N(sub)(t, t0), t1));
}
/* Complex squaring: with t = a0·a1, c0 = (a0 + a1)(a0 + v·a1) - t - v·t, c1 = 2t.  12M. */
ZKA_INLINE ZKA_T12 ZKA_T12N(sqr)(ZKA_T12 a) {
  ZKA_T6 t = ZKA_T6N(mul)(a.c0, a.c1);
  ZKA_T6 s = ZKA_T6N(mul)(ZKA_T6N(add)(a.c0, a.c1), ZKA_T6N(add)(a.c0, ZKA_T6N(mul_by_v)(a.c1)));
  ZKA_T6 c0 = ZKA_T6N(sub)(ZKA_T6N(sub)(s, t), ZKA_T6N(mul_by_v)(t));
  return ZKA_T12N(make)(c0, ZKA_T6N(dbl)(t));
}
/* 1/a = (a0 - a1·w)/(a0^2 - v·a1^2); 0 for a = 0. */
ZKA_INLINE ZKA_T12 ZKA_T12N(inv)(ZKA_T12 a) {
  ZKA_T6 n = ZKA_T6N(sub)(ZKA_T6N(sqr)(a.c0), ZKA_T6N(mul_by_v)(ZKA_T6N(sqr)(a.c1)));
  ZKA_T6 ni = ZKA_T6N(inv)(n);
  return ZKA_T12N(make)(ZKA_T6N(mul)(a.c0, ni), ZKA_T6N(neg)(ZKA_T6N(mul)(a.c1, ni)));
}

/* Sparse products with a line (core/pairing/pairing_template.h).  Over the basis w^k:
 *   D-type twist (BN254):      l = a + b·w + c·w^3,   i.e. c0 = (a, 0, 0), c1 = (b, c, 0)
 *   M-type twist (BLS12-381):  l = a + b·w^2 + c·w^3, i.e. c0 = (a, b, 0), c1 = (0, c, 0)
 * Karatsuba over Fq6 with the sparse Fq6 products: 13M each (a full product is 18M). */
ZKA_INLINE ZKA_T12 ZKA_T12N(mul_by_line_d)(ZKA_T12 f, ZKA_T2 a, ZKA_T2 b, ZKA_T2 c) {
  ZKA_T6 t0 = ZKA_T6N(mul_fq2)(f.c0, a);
  ZKA_T6 t1 = ZKA_T6N(mul_by_01)(f.c1, b, c);
  ZKA_T6 t = ZKA_T6N(mul_by_01)(ZKA_T6N(add)(f.c0, f.c1), ZKA_T2N(add)(a, b), c);
  return ZKA_T12N(make)(ZKA_T6N(add)(t0, ZKA_T6N(mul_by_v)(t1)), ZKA_T6N(sub)(ZKA_T6N(sub)(t, t0), t1));
}
ZKA_INLINE ZKA_T12 ZKA_T12N(mul_by_line_m)(ZKA_T12 f, ZKA_T2 a, ZKA_T2 b, ZKA_T2 c) {
  ZKA_T6 t0 = ZKA_T6N(mul_by_01)(f.c0, a, b);
  ZKA_T6 t1 = ZKA_T6N(mul_by_1)(f.c1, c);
  ZKA_T6 t = ZKA_T6N(mul_by_01)(ZKA_T6N(add)(f.c0, f.c1), a, ZKA_T2N(add)(b, c));
  return ZKA_T12N(make)(ZKA_T6N(add)(t0, ZKA_T6N(mul_by_v)(t1)), ZKA_T6N(sub)(ZKA_T6N(sub)(t, t0), t1));
}

/* Frobenius a^(p^j), j = 1, 2, 3: each Fq2 coefficient a_k of w^k goes to
 * frob^j(a_k)·gamma_{j,k} with gamma_{j,k} = xi^(k(p^j - 1)/6) (generated; gamma_{2,k} in Fq).
 * 10M (j = 1, 3) or 20 Fq multiplications (j = 2). */
#define ZKA_TGAMMA(j, k) ZKA_CAT(ZKA_CAT(ZKA_CAT(ZKA_TP, _GAMMA), j), ZKA_CAT(_, k))
ZKA_INLINE ZKA_T12 ZKA_T12N(frobenius1)(ZKA_T12 a) {
  const ZKA_T2 g1 = {ZKA_TGAMMA(1, 1)}, g2 = {ZKA_TGAMMA(1, 2)}, g3 = {ZKA_TGAMMA(1, 3)},
               g4 = {ZKA_TGAMMA(1, 4)}, g5 = {ZKA_TGAMMA(1, 5)};
  ZKA_T6 c0 = ZKA_T6N(make)(ZKA_T2N(conj)(a.c0.c0), ZKA_T2N(mul)(ZKA_T2N(conj)(a.c0.c1), g2),
                            ZKA_T2N(mul)(ZKA_T2N(conj)(a.c0.c2), g4));
  ZKA_T6 c1 = ZKA_T6N(make)(ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c0), g1), ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c1), g3),
                            ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c2), g5));
  return ZKA_T12N(make)(c0, c1);
}
ZKA_INLINE ZKA_T12 ZKA_T12N(frobenius2)(ZKA_T12 a) {
  const ZKA_T1 g1 = {ZKA_TGAMMA(2, 1)}, g2 = {ZKA_TGAMMA(2, 2)}, g3 = {ZKA_TGAMMA(2, 3)},
               g4 = {ZKA_TGAMMA(2, 4)}, g5 = {ZKA_TGAMMA(2, 5)};
  ZKA_T6 c0 = ZKA_T6N(make)(a.c0.c0, ZKA_T2N(mul_base)(a.c0.c1, g2), ZKA_T2N(mul_base)(a.c0.c2, g4));
  ZKA_T6 c1 = ZKA_T6N(make)(ZKA_T2N(mul_base)(a.c1.c0, g1), ZKA_T2N(mul_base)(a.c1.c1, g3),
                            ZKA_T2N(mul_base)(a.c1.c2, g5));
  return ZKA_T12N(make)(c0, c1);
}
ZKA_INLINE ZKA_T12 ZKA_T12N(frobenius3)(ZKA_T12 a) {
  const ZKA_T2 g1 = {ZKA_TGAMMA(3, 1)}, g2 = {ZKA_TGAMMA(3, 2)}, g3 = {ZKA_TGAMMA(3, 3)},
               g4 = {ZKA_TGAMMA(3, 4)}, g5 = {ZKA_TGAMMA(3, 5)};
  ZKA_T6 c0 = ZKA_T6N(make)(ZKA_T2N(conj)(a.c0.c0), ZKA_T2N(mul)(ZKA_T2N(conj)(a.c0.c1), g2),
                            ZKA_T2N(mul)(ZKA_T2N(conj)(a.c0.c2), g4));
  ZKA_T6 c1 = ZKA_T6N(make)(ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c0), g1), ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c1), g3),
                            ZKA_T2N(mul)(ZKA_T2N(conj)(a.c1.c2), g5));
  return ZKA_T12N(make)(c0, c1);
}
#undef ZKA_TGAMMA

/* Squaring in the cyclotomic subgroup (a^(p^6 + 1) = 1), Granger and Scott, "Faster
 * squaring in the cyclotomic subgroup of sixth degree extensions", eprint 2009/565,
 * section 3.2.  View Fq12 = Fq4[w]/(w^3 - t) with Fq4 = Fq2[t]/(t^2 - xi), t = w^3, and
 * a = A0 + A1·w + A2·w^2 where A0 = a_0 + a_3 t, A1 = a_1 + a_4 t, A2 = a_2 + a_5 t
 * (a_k the coefficient of w^k).  Then, with conj(A) the Fq4/Fq2 conjugate (t -> -t):
 *   a^2 = (3A0^2 - 2 conj(A0)) + (3 t A2^2 + 2 conj(A1))·w + (3 A1^2 - 2 conj(A2))·w^2.
 * Each Fq4 square x^2 = (x0^2 + xi x1^2) + ((x0 + x1)^2 - x0^2 - x1^2)·t is 3S: 9S in all. */
ZKA_INLINE void ZKA_T12N(fq4_sqr)(ZKA_T2 x0, ZKA_T2 x1, ZKA_T2 *s0, ZKA_T2 *s1) {
  ZKA_T2 a = ZKA_T2N(sqr)(x0), b = ZKA_T2N(sqr)(x1);
  *s0 = ZKA_T2N(add)(a, ZKA_T6N(fq2_mul_xi)(b));
  *s1 = ZKA_T2N(sub)(ZKA_T2N(sub)(ZKA_T2N(sqr)(ZKA_T2N(add)(x0, x1)), a), b);
}
/* 3s - 2z and 3s + 2z */
ZKA_INLINE ZKA_T2 ZKA_T12N(cyc_minus)(ZKA_T2 s, ZKA_T2 z) {
  return ZKA_T2N(add)(ZKA_T2N(dbl)(ZKA_T2N(sub)(s, z)), s);
}
ZKA_INLINE ZKA_T2 ZKA_T12N(cyc_plus)(ZKA_T2 s, ZKA_T2 z) {
  return ZKA_T2N(add)(ZKA_T2N(dbl)(ZKA_T2N(add)(s, z)), s);
}
ZKA_INLINE ZKA_T12 ZKA_T12N(cyclotomic_sqr)(ZKA_T12 a) {
  /* a_0 = c0.c0, a_2 = c0.c1, a_4 = c0.c2, a_1 = c1.c0, a_3 = c1.c1, a_5 = c1.c2 */
  ZKA_T2 s00, s01, s10, s11, s20, s21;
  ZKA_T12N(fq4_sqr)(a.c0.c0, a.c1.c1, &s00, &s01); /* A0^2 */
  ZKA_T12N(fq4_sqr)(a.c1.c0, a.c0.c2, &s10, &s11); /* A1^2 */
  ZKA_T12N(fq4_sqr)(a.c0.c1, a.c1.c2, &s20, &s21); /* A2^2 */
  ZKA_T12 r;
  r.c0.c0 = ZKA_T12N(cyc_minus)(s00, a.c0.c0);                       /* a_0 */
  r.c1.c1 = ZKA_T12N(cyc_plus)(s01, a.c1.c1);                        /* a_3 */
  r.c1.c0 = ZKA_T12N(cyc_plus)(ZKA_T6N(fq2_mul_xi)(s21), a.c1.c0);   /* a_1: 3·xi·A2^2[t] + 2a_1 */
  r.c0.c2 = ZKA_T12N(cyc_minus)(s20, a.c0.c2);                       /* a_4: 3·A2^2[1] - 2a_4 */
  r.c0.c1 = ZKA_T12N(cyc_minus)(s10, a.c0.c1);                       /* a_2 */
  r.c1.c2 = ZKA_T12N(cyc_plus)(s11, a.c1.c2);                        /* a_5 */
  return r;
}

#undef ZKA_TXI
#undef ZKA_T1
#undef ZKA_T2
#undef ZKA_T6
#undef ZKA_T12
#undef ZKA_T1N
#undef ZKA_T2N
#undef ZKA_T6N
#undef ZKA_T12N
#undef ZKA_TP
