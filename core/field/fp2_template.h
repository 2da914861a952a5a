/* fp2_template.h — the portable reference for Fp2 = Fp[u]/(u^2 + 1), by value.
 * Both BN254 and BLS12-381 use u^2 = -1 (EIP-197; IETF pairing-friendly curves draft).
 *
 * Before including, define:
 *   ZKA_F2        the Fp2 type (struct { base c0, c1; }, element c0 + c1·u)
 *   ZKA_F2B       the base field type
 *   ZKA_F2BN(op)  base field function names (as made by mont_template.h)
 *   ZKA_F2N(op)   this field's function names
 *   ZKA_F2_XI     c in the tower non-residue xi = c + u (BN254: 9, BLS12-381: 1)
 * All are #undef'd at the end.
 */
ZKA_HOT ZKA_F2 ZKA_F2N(make)(ZKA_F2B c0, ZKA_F2B c1) {
  ZKA_F2 r;
  r.c0 = c0;
  r.c1 = c1;
  return r;
}
ZKA_INLINE ZKA_F2 ZKA_F2N(zero)(void) { return ZKA_F2N(make)(ZKA_F2BN(zero)(), ZKA_F2BN(zero)()); }
ZKA_INLINE ZKA_F2 ZKA_F2N(one)(void) { return ZKA_F2N(make)(ZKA_F2BN(one)(), ZKA_F2BN(zero)()); }
ZKA_HOT ZKA_F2 ZKA_F2N(add)(ZKA_F2 a, ZKA_F2 b) {
  return ZKA_F2N(make)(ZKA_F2BN(add)(a.c0, b.c0), ZKA_F2BN(add)(a.c1, b.c1));
}
ZKA_HOT ZKA_F2 ZKA_F2N(sub)(ZKA_F2 a, ZKA_F2 b) {
  return ZKA_F2N(make)(ZKA_F2BN(sub)(a.c0, b.c0), ZKA_F2BN(sub)(a.c1, b.c1));
}
ZKA_HOT ZKA_F2 ZKA_F2N(dbl)(ZKA_F2 a) { return ZKA_F2N(add)(a, a); }
ZKA_HOT ZKA_F2 ZKA_F2N(neg)(ZKA_F2 a) { return ZKA_F2N(make)(ZKA_F2BN(neg)(a.c0), ZKA_F2BN(neg)(a.c1)); }
ZKA_HOT ZKA_F2 ZKA_F2N(conj)(ZKA_F2 a) { return ZKA_F2N(make)(a.c0, ZKA_F2BN(neg)(a.c1)); }
ZKA_HOT zka_u64 ZKA_F2N(is_zero)(ZKA_F2 a) { return ZKA_F2BN(is_zero)(a.c0) & ZKA_F2BN(is_zero)(a.c1); }
ZKA_HOT zka_u64 ZKA_F2N(eq)(ZKA_F2 a, ZKA_F2 b) { return ZKA_F2BN(eq)(a.c0, b.c0) & ZKA_F2BN(eq)(a.c1, b.c1); }
ZKA_HOT ZKA_F2 ZKA_F2N(select)(zka_u64 mask, ZKA_F2 a, ZKA_F2 b) {
  return ZKA_F2N(make)(ZKA_F2BN(select)(mask, a.c0, b.c0), ZKA_F2BN(select)(mask, a.c1, b.c1));
}
ZKA_INLINE ZKA_F2 ZKA_F2N(mul_base)(ZKA_F2 a, ZKA_F2B b) {
  return ZKA_F2N(make)(ZKA_F2BN(mul)(a.c0, b), ZKA_F2BN(mul)(a.c1, b));
}
/* Karatsuba: 3M + 5A. */
ZKA_INLINE ZKA_F2 ZKA_F2N(mul)(ZKA_F2 a, ZKA_F2 b) {
  ZKA_F2B v0 = ZKA_F2BN(mul)(a.c0, b.c0);
  ZKA_F2B v1 = ZKA_F2BN(mul)(a.c1, b.c1);
  ZKA_F2B s = ZKA_F2BN(mul)(ZKA_F2BN(add)(a.c0, a.c1), ZKA_F2BN(add)(b.c0, b.c1));
  return ZKA_F2N(make)(ZKA_F2BN(sub)(v0, v1), ZKA_F2BN(sub)(ZKA_F2BN(sub)(s, v0), v1));
}
/* Complex squaring: (a0 + a1)(a0 - a1) + 2·a0·a1·u, 2M. */
ZKA_INLINE ZKA_F2 ZKA_F2N(sqr)(ZKA_F2 a) {
  ZKA_F2B t = ZKA_F2BN(mul)(a.c0, a.c1);
  ZKA_F2B c0 = ZKA_F2BN(mul)(ZKA_F2BN(add)(a.c0, a.c1), ZKA_F2BN(sub)(a.c0, a.c1));
  return ZKA_F2N(make)(c0, ZKA_F2BN(dbl)(t));
}
/* Norm a0^2 + a1^2 in Fp. */
ZKA_INLINE ZKA_F2B ZKA_F2N(norm)(ZKA_F2 a) {
  return ZKA_F2BN(add)(ZKA_F2BN(sqr)(a.c0), ZKA_F2BN(sqr)(a.c1));
}
/* 1/a = conj(a) / norm(a); 0 for a = 0. */
ZKA_INLINE ZKA_F2 ZKA_F2N(inv)(ZKA_F2 a) {
  ZKA_F2B t = ZKA_F2BN(inv)(ZKA_F2N(norm)(a));
  return ZKA_F2N(make)(ZKA_F2BN(mul)(a.c0, t), ZKA_F2BN(neg)(ZKA_F2BN(mul)(a.c1, t)));
}
/* k·a for a small constant 0 <= k < 256 (double and add). */
ZKA_INLINE ZKA_F2B ZKA_F2N(base_mul_small)(ZKA_F2B a, zka_u32 k) {
  ZKA_F2B r = ZKA_F2BN(zero)();
  for (int b = 7; b >= 0; b--) {
    r = ZKA_F2BN(dbl)(r);
    if ((k >> b) & 1u) r = ZKA_F2BN(add)(r, a);
  }
  return r;
}
/* a·xi with xi = c + u: (c·a0 - a1) + (c·a1 + a0)·u. */
ZKA_INLINE ZKA_F2 ZKA_F2N(mul_by_xi)(ZKA_F2 a) {
  ZKA_F2B c0 = ZKA_F2N(base_mul_small)(a.c0, ZKA_F2_XI);
  ZKA_F2B c1 = ZKA_F2N(base_mul_small)(a.c1, ZKA_F2_XI);
  return ZKA_F2N(make)(ZKA_F2BN(sub)(c0, a.c1), ZKA_F2BN(add)(c1, a.c0));
}
/* The p-power Frobenius: conjugation, since p = 3 mod 4. */
ZKA_INLINE ZKA_F2 ZKA_F2N(frobenius)(ZKA_F2 a) { return ZKA_F2N(conj)(a); }

#undef ZKA_F2
#undef ZKA_F2B
#undef ZKA_F2BN
#undef ZKA_F2N
#undef ZKA_F2_XI
