/* fq_ops_host.h — internal: the Fq operations the pairing tower runs on, host only.
 * Multiplication, squaring and inversion are the host field's (core/field/field_host.h:
 * portable CIOS or the MULX/ADX fast path).  Addition, subtraction, doubling and negation
 * are the pairing's hot spots after multiplication (a pairing does about as many of them
 * as products); they are the host field's, which on x86-64 are unrolled ADC/SBB carry
 * chains (core/field/mont_template.h).  Fully reduced inputs in, fully reduced out.
 *
 * Before including, define:
 *   ZKA_QF          the element type (struct { zka_u64 l[N]; })
 *   ZKA_QP          the field parameter prefix (ZKA_BN254_FQ, ZKA_BLS12_381_FQ)
 *   ZKA_QH(op)      the host field functions (zka_<field>_<op>_h)
 *   ZKA_QN(op)      the names to define (zka_<field>_<op>_p)
 *   ZKA_Q2F, ZKA_Q2N(op)   the Fq2 type and the names of its functions to define
 *   ZKA_QFAST_MUL, ZKA_QFAST_SQR   with ZKA_HAVE_FAST_FIELD: the MULX/ADX routines
 *                   (core/field/mont_x86_64.h), called directly when
 *                   zka_field_fast_enabled, as the host field's mul_h does
 * All are #undef'd at the end.  Requires 2p < 2^(64N) (so a + b has no carry out): true
 * for BN254 (254 bits in 256) and BLS12-381 (381 bits in 384).
 */
#ifndef ZKA_CAT
#define ZKA_CAT_(a, b) a##b
#define ZKA_CAT(a, b) ZKA_CAT_(a, b)
#endif
#define ZKA_QL ZKA_CAT(ZKA_QP, _LIMBS)

#define ZKA_QINLINE static inline __attribute__((always_inline))

ZKA_QINLINE ZKA_QF ZKA_QN(zero)(void) { return ZKA_QH(zero)(); }
ZKA_QINLINE ZKA_QF ZKA_QN(one)(void) { return ZKA_QH(one)(); }
ZKA_QINLINE zka_u64 ZKA_QN(is_zero)(ZKA_QF a) { return ZKA_QH(is_zero)(a); }
ZKA_QINLINE zka_u64 ZKA_QN(eq)(ZKA_QF a, ZKA_QF b) { return ZKA_QH(eq)(a, b); }
ZKA_QINLINE ZKA_QF ZKA_QN(select)(zka_u64 mask, ZKA_QF a, ZKA_QF b) { return ZKA_QH(select)(mask, a, b); }
ZKA_QINLINE ZKA_QF ZKA_QN(mul)(ZKA_QF a, ZKA_QF b) {
#ifdef ZKA_HAVE_FAST_FIELD
  if (zka_field_fast_enabled) {
    ZKA_QF r;
    ZKA_QFAST_MUL(r.l, a.l, b.l);
    return r;
  }
#endif
  return ZKA_QH(mul)(a, b);
}
ZKA_QINLINE ZKA_QF ZKA_QN(sqr)(ZKA_QF a) {
#ifdef ZKA_HAVE_FAST_FIELD
  if (zka_field_fast_enabled) {
    ZKA_QF r;
    ZKA_QFAST_SQR(r.l, a.l);
    return r;
  }
#endif
  return ZKA_QH(sqr)(a);
}
static inline ZKA_QF ZKA_QN(inv)(ZKA_QF a) { return ZKA_QH(inv)(a); }

ZKA_QINLINE ZKA_QF ZKA_QN(add)(ZKA_QF a, ZKA_QF b) { return ZKA_QH(add)(a, b); }
ZKA_QINLINE ZKA_QF ZKA_QN(sub)(ZKA_QF a, ZKA_QF b) { return ZKA_QH(sub)(a, b); }
ZKA_QINLINE ZKA_QF ZKA_QN(dbl)(ZKA_QF a) { return ZKA_QN(add)(a, a); }
ZKA_QINLINE ZKA_QF ZKA_QN(neg)(ZKA_QF a) { return ZKA_QN(sub)(ZKA_QN(zero)(), a); }

/* ---- Fq2 = Fq[u]/(u^2 + 1) over the above, always inlined (the same formulas as
 * core/field/fp2_template.h). -------------------------------------------------------- */
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(make)(ZKA_QF c0, ZKA_QF c1) {
  ZKA_Q2F r;
  r.c0 = c0;
  r.c1 = c1;
  return r;
}
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(zero)(void) { return ZKA_Q2N(make)(ZKA_QN(zero)(), ZKA_QN(zero)()); }
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(one)(void) { return ZKA_Q2N(make)(ZKA_QN(one)(), ZKA_QN(zero)()); }
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(add)(ZKA_Q2F a, ZKA_Q2F b) {
  return ZKA_Q2N(make)(ZKA_QN(add)(a.c0, b.c0), ZKA_QN(add)(a.c1, b.c1));
}
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(sub)(ZKA_Q2F a, ZKA_Q2F b) {
  return ZKA_Q2N(make)(ZKA_QN(sub)(a.c0, b.c0), ZKA_QN(sub)(a.c1, b.c1));
}
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(dbl)(ZKA_Q2F a) { return ZKA_Q2N(add)(a, a); }
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(neg)(ZKA_Q2F a) { return ZKA_Q2N(make)(ZKA_QN(neg)(a.c0), ZKA_QN(neg)(a.c1)); }
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(conj)(ZKA_Q2F a) { return ZKA_Q2N(make)(a.c0, ZKA_QN(neg)(a.c1)); }
ZKA_QINLINE zka_u64 ZKA_Q2N(is_zero)(ZKA_Q2F a) { return ZKA_QN(is_zero)(a.c0) & ZKA_QN(is_zero)(a.c1); }
ZKA_QINLINE zka_u64 ZKA_Q2N(eq)(ZKA_Q2F a, ZKA_Q2F b) { return ZKA_QN(eq)(a.c0, b.c0) & ZKA_QN(eq)(a.c1, b.c1); }
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(mul_base)(ZKA_Q2F a, ZKA_QF b) {
  return ZKA_Q2N(make)(ZKA_QN(mul)(a.c0, b), ZKA_QN(mul)(a.c1, b));
}
/* Karatsuba: 3 Fq products. */
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(mul)(ZKA_Q2F a, ZKA_Q2F b) {
  ZKA_QF v0 = ZKA_QN(mul)(a.c0, b.c0);
  ZKA_QF v1 = ZKA_QN(mul)(a.c1, b.c1);
  ZKA_QF s = ZKA_QN(mul)(ZKA_QN(add)(a.c0, a.c1), ZKA_QN(add)(b.c0, b.c1));
  return ZKA_Q2N(make)(ZKA_QN(sub)(v0, v1), ZKA_QN(sub)(ZKA_QN(sub)(s, v0), v1));
}
/* (a0 + a1)(a0 - a1) + 2·a0·a1·u: 2 Fq products. */
ZKA_QINLINE ZKA_Q2F ZKA_Q2N(sqr)(ZKA_Q2F a) {
  ZKA_QF t = ZKA_QN(mul)(a.c0, a.c1);
  ZKA_QF c0 = ZKA_QN(mul)(ZKA_QN(add)(a.c0, a.c1), ZKA_QN(sub)(a.c0, a.c1));
  return ZKA_Q2N(make)(c0, ZKA_QN(dbl)(t));
}
/* conj(a)/(a0^2 + a1^2); 0 for a = 0. */
static inline ZKA_Q2F ZKA_Q2N(inv)(ZKA_Q2F a) {
  ZKA_QF t = ZKA_QN(inv)(ZKA_QN(add)(ZKA_QN(sqr)(a.c0), ZKA_QN(sqr)(a.c1)));
  return ZKA_Q2N(make)(ZKA_QN(mul)(a.c0, t), ZKA_QN(neg)(ZKA_QN(mul)(a.c1, t)));
}

#undef ZKA_QINLINE
#undef ZKA_QL
#undef ZKA_QF
#undef ZKA_QP
#undef ZKA_QH
#undef ZKA_QN
#undef ZKA_Q2F
#undef ZKA_Q2N
#undef ZKA_QFAST_MUL
#undef ZKA_QFAST_SQR
