/* fp2_sqrt_template.h — square roots in Fq2 = Fq[u]/(u^2 + 1) for q = 3 mod 4 (both
 * BN254 and BLS12-381), by value; portable like fp2_template.h (bounded loops only).
 *
 * Adj and Rodríguez-Henríquez, "Square root computation over even extension fields",
 * eprint 2012/685, Algorithm 9 (q = 3 mod 4):
 *   a1 = a^((q-3)/4), alpha = a1^2·a (= a^((q-1)/2)), a0 = alpha^q·alpha (the norm test);
 *   a0 = -1: no root; x0 = a1·a; alpha = -1: x = u·x0; else x = (1 + alpha)^((q-1)/2)·x0.
 * The result is squared and compared with a before it is returned.
 *
 * Before including, define:
 *   ZKA_F2, ZKA_F2N(op)    the Fq2 type and its function names (fp2_template.h)
 *   ZKA_F2B, ZKA_F2BN(op)  the base field type and its function names
 *   ZKA_F2_QM3_4           the limb list of (q - 3)/4   (core/params/<curve>_curve.h)
 *   ZKA_F2_QM1_2           the limb list of (q - 1)/2   (core/params/<field>.h)
 *   ZKA_F2_QLIMBS          the limb count of q
 * All are #undef'd at the end.
 */
/* a^e for e a little-endian array of ZKA_F2_QLIMBS limbs (square and multiply). */
ZKA_INLINE ZKA_F2 ZKA_F2N(pow_limbs)(ZKA_F2 a, const zka_u64 *e) {
  ZKA_F2 r = ZKA_F2N(one)();
  for (int i = ZKA_F2_QLIMBS - 1; i >= 0; i--) {
    for (int b = 63; b >= 0; b--) {
      r = ZKA_F2N(sqr)(r);
      if ((e[i] >> b) & 1) r = ZKA_F2N(mul)(r, a);
    }
  }
  return r;
}

/* 1 and a root in *out when a is a square in Fq2 (0 has the root 0), 0 otherwise. */
ZKA_INLINE int ZKA_F2N(sqrt)(ZKA_F2 a, ZKA_F2 *out) {
  const zka_u64 e34[ZKA_F2_QLIMBS] = {ZKA_F2_QM3_4};
  const zka_u64 e12[ZKA_F2_QLIMBS] = {ZKA_F2_QM1_2};
  ZKA_F2 minus_one = ZKA_F2N(neg)(ZKA_F2N(one)());
  ZKA_F2 a1 = ZKA_F2N(pow_limbs)(a, e34);
  ZKA_F2 alpha = ZKA_F2N(mul)(ZKA_F2N(sqr)(a1), a);
  ZKA_F2 a0 = ZKA_F2N(mul)(ZKA_F2N(conj)(alpha), alpha);
  if (ZKA_F2N(eq)(a0, minus_one)) return 0;
  ZKA_F2 x0 = ZKA_F2N(mul)(a1, a);
  ZKA_F2 x;
  if (ZKA_F2N(eq)(alpha, minus_one)) {
    /* u·(c0 + c1·u) = -c1 + c0·u */
    x = ZKA_F2N(make)(ZKA_F2BN(neg)(x0.c1), x0.c0);
  } else {
    ZKA_F2 b = ZKA_F2N(pow_limbs)(ZKA_F2N(add)(ZKA_F2N(one)(), alpha), e12);
    x = ZKA_F2N(mul)(b, x0);
  }
  if (!ZKA_F2N(eq)(ZKA_F2N(sqr)(x), a)) return 0;
  *out = x;
  return 1;
}

#undef ZKA_F2
#undef ZKA_F2N
#undef ZKA_F2B
#undef ZKA_F2BN
#undef ZKA_F2_QM3_4
#undef ZKA_F2_QM1_2
#undef ZKA_F2_QLIMBS
