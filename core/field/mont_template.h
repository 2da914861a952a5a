/* mont_template.h — the portable reference for prime fields with 64-bit limbs in
 * Montgomery form.  Included once per field; compiles as host C, OpenCL C 1.2, CUDA and
 * HLS C (see kernels/common/zka_target.h).  Elements are passed and returned by value.
 *
 * Before including, define:
 *   ZKA_F        the element type (a struct { zka_u64 l[N]; })
 *   ZKA_FP       the parameter prefix from core/params/ (e.g. ZKA_BN254_FQ)
 *   ZKA_FN(op)   the function name for operation op (e.g. zka_bn254_fq_##op##_ref)
 * and optionally, for a host instantiation with a fast path (core/field/field_host.h):
 *   ZKA_FFAST          a condition; when true, mul and sqr call the two below
 *   ZKA_FFAST_MUL(r, a, b), ZKA_FFAST_SQR(r, a)   on zka_u64 limb arrays
 * (on x86-64 that instantiation also gets ADC/SBB-chain add and sub, whatever the run-time
 * path: same results, and the tests compare them with GMP)
 * All are #undef'd at the end.
 *
 * Representation invariant: every element is fully reduced, 0 <= x < p, in Montgomery
 * form x·R mod p with R = 2^(64N).  Every function here keeps it.  The modulus must be
 * odd and below 2^(64N - 1) (true for all zkaccel fields), so a + b never overflows N
 * limbs plus one carry bit.
 * Constant-time: add/sub/neg/mul/sqr/select run without secret-dependent branches;
 * pow_var/inv/sqrt take the exponent bits as they come (public exponents only).
 */
#include "../../kernels/common/zka_target.h"

#ifndef ZKA_CAT
#define ZKA_CAT_(a, b) a##b
#define ZKA_CAT(a, b) ZKA_CAT_(a, b)
#endif

#define ZKA_FL ZKA_CAT(ZKA_FP, _LIMBS)

/* A field constant from its generated limb list. */
#define ZKA_FCONST(name) ZKA_FN(name)()

ZKA_HOT ZKA_F ZKA_FN(modulus)(void) {
  ZKA_F r = {{ZKA_CAT(ZKA_FP, _P)}};
  return r;
}
ZKA_INLINE ZKA_F ZKA_FN(zero)(void) {
  ZKA_F r;
  for (int i = 0; i < ZKA_FL; i++) r.l[i] = 0;
  return r;
}
ZKA_INLINE ZKA_F ZKA_FN(one)(void) {
  ZKA_F r = {{ZKA_CAT(ZKA_FP, _ONE)}};
  return r;
}

/* out = a - b over N limbs; returns the borrow (0 or 1). */
ZKA_HOT ZKA_F ZKA_FN(sub_raw)(ZKA_F a, ZKA_F b, zka_u64 *borrow) {
  ZKA_F r;
  zka_u64 br = 0;
  for (int i = 0; i < ZKA_FL; i++) {
    zka_u64 d = a.l[i] - b.l[i];
    zka_u64 b1 = a.l[i] < b.l[i];
    zka_u64 d2 = d - br;
    zka_u64 b2 = d < br;
    r.l[i] = d2;
    br = b1 | b2;
  }
  *borrow = br;
  return r;
}

/* Is the (non-Montgomery) integer x below p? */
ZKA_HOT zka_u64 ZKA_FN(is_canonical)(ZKA_F x) {
  zka_u64 br;
  (void)ZKA_FN(sub_raw)(x, ZKA_FN(modulus)(), &br);
  return br;
}

/* out = a + b over N limbs; returns the carry (0 or 1). */
ZKA_HOT ZKA_F ZKA_FN(add_raw)(ZKA_F a, ZKA_F b, zka_u64 *carry) {
  ZKA_F r;
  zka_u64 c = 0;
  for (int i = 0; i < ZKA_FL; i++) {
    zka_u64 s = a.l[i] + b.l[i];
    zka_u64 c1 = s < a.l[i];
    zka_u64 s2 = s + c;
    zka_u64 c2 = s2 < s;
    r.l[i] = s2;
    c = c1 | c2;
  }
  *carry = c;
  return r;
}

/* mask ? a : b, mask all-ones or zero. */
ZKA_HOT ZKA_F ZKA_FN(select)(zka_u64 mask, ZKA_F a, ZKA_F b) {
  ZKA_F r;
  for (int i = 0; i < ZKA_FL; i++) r.l[i] = (a.l[i] & mask) | (b.l[i] & ~mask);
  return r;
}

/* Given x < 2p (with an optional carry-out bit hi), return x mod p. */
ZKA_HOT ZKA_F ZKA_FN(reduce_once)(ZKA_F x, zka_u64 hi) {
  zka_u64 borrow;
  ZKA_F d = ZKA_FN(sub_raw)(x, ZKA_FN(modulus)(), &borrow);
  /* keep d when there was a carry out or no borrow (x >= p) */
  return ZKA_FN(select)(zka_mask64(hi | (borrow ^ 1)), d, x);
}

ZKA_HOT ZKA_F ZKA_FN(add)(ZKA_F a, ZKA_F b) {
  ZKA_VERIFY_CHECK(ZKA_FN(is_canonical)(a) && ZKA_FN(is_canonical)(b));
#if defined(ZKA_FFAST) && defined(__x86_64__)
  {
    /* Host fast instantiation: ADC/SBB chains (the generic carry idiom below compiles to
     * compare-and-set sequences).  s = a + b has no carry out (p < 2^(64N-1)). */
    const ZKA_F p = ZKA_FN(modulus)();
    ZKA_F s, t;
    unsigned char c = 0, br = 0;
#pragma GCC unroll 8
    for (int i = 0; i < ZKA_FL; i++) {
      unsigned long long v;
      c = _addcarry_u64(c, a.l[i], b.l[i], &v);
      s.l[i] = v;
    }
#pragma GCC unroll 8
    for (int i = 0; i < ZKA_FL; i++) {
      unsigned long long v;
      br = _subborrow_u64(br, s.l[i], p.l[i], &v);
      t.l[i] = v;
    }
    (void)c;
    return ZKA_FN(select)(zka_mask64(br), s, t);
  }
#endif
  zka_u64 c;
  ZKA_F s = ZKA_FN(add_raw)(a, b, &c);
  return ZKA_FN(reduce_once)(s, c);
}

ZKA_HOT ZKA_F ZKA_FN(dbl)(ZKA_F a) { return ZKA_FN(add)(a, a); }

ZKA_HOT ZKA_F ZKA_FN(sub)(ZKA_F a, ZKA_F b) {
  ZKA_VERIFY_CHECK(ZKA_FN(is_canonical)(a) && ZKA_FN(is_canonical)(b));
#if defined(ZKA_FFAST) && defined(__x86_64__)
  {
    const ZKA_F p = ZKA_FN(modulus)();
    ZKA_F d;
    unsigned char c = 0, bo = 0;
#pragma GCC unroll 8
    for (int i = 0; i < ZKA_FL; i++) {
      unsigned long long v;
      bo = _subborrow_u64(bo, a.l[i], b.l[i], &v);
      d.l[i] = v;
    }
    const zka_u64 m = zka_mask64(bo);
#pragma GCC unroll 8
    for (int i = 0; i < ZKA_FL; i++) {
      unsigned long long v;
      c = _addcarry_u64(c, d.l[i], p.l[i] & m, &v);
      d.l[i] = v;
    }
    (void)c;
    return d;
  }
#endif
  zka_u64 br, c;
  ZKA_F d = ZKA_FN(sub_raw)(a, b, &br);
  ZKA_F m = ZKA_FN(modulus)();
  for (int i = 0; i < ZKA_FL; i++) m.l[i] &= zka_mask64(br);
  return ZKA_FN(add_raw)(d, m, &c);
}

ZKA_HOT zka_u64 ZKA_FN(is_zero)(ZKA_F a) {
  zka_u64 acc = 0;
  for (int i = 0; i < ZKA_FL; i++) acc |= a.l[i];
  return acc == 0;
}

ZKA_HOT zka_u64 ZKA_FN(eq)(ZKA_F a, ZKA_F b) {
  zka_u64 acc = 0;
  for (int i = 0; i < ZKA_FL; i++) acc |= a.l[i] ^ b.l[i];
  return acc == 0;
}

ZKA_HOT ZKA_F ZKA_FN(neg)(ZKA_F a) {
  zka_u64 br;
  ZKA_F d = ZKA_FN(sub_raw)(ZKA_FN(modulus)(), a, &br);
  return ZKA_FN(select)(zka_mask64(ZKA_FN(is_zero)(a)), a, d);
}

/* Montgomery product a·b·R^-1 mod p: CIOS (Koç, Acar, Kaliski 1996, "Analyzing and
 * Comparing Montgomery Multiplication Algorithms", section 4). N^2 + N products. */
ZKA_INLINE ZKA_F ZKA_FN(mul)(ZKA_F a, ZKA_F b) {
  ZKA_VERIFY_CHECK(ZKA_FN(is_canonical)(a) && ZKA_FN(is_canonical)(b));
#ifdef ZKA_FFAST
  if (ZKA_FFAST) {
    ZKA_F r;
    ZKA_FFAST_MUL(r.l, a.l, b.l);
    return r;
  }
#endif
  const ZKA_F p = ZKA_FN(modulus)();
  const zka_u64 inv = ZKA_CAT(ZKA_FP, _INV);
  zka_u64 t[ZKA_FL + 2];
  for (int i = 0; i < ZKA_FL + 2; i++) t[i] = 0;
  for (int i = 0; i < ZKA_FL; i++) {
    zka_u64 c = 0;
    for (int j = 0; j < ZKA_FL; j++) {
      zka_u128 pr = zka_mul_wide(a.l[j], b.l[i]);
      pr.lo += c;
      pr.hi += pr.lo < c;
      pr.lo += t[j];
      pr.hi += pr.lo < t[j];
      t[j] = pr.lo;
      c = pr.hi;
    }
    t[ZKA_FL] += c;
    t[ZKA_FL + 1] = t[ZKA_FL] < c;
    zka_u64 m = t[0] * inv;
    zka_u128 pr = zka_mul_wide(m, p.l[0]);
    pr.lo += t[0];
    c = pr.hi + (pr.lo < t[0]);
    for (int j = 1; j < ZKA_FL; j++) {
      pr = zka_mul_wide(m, p.l[j]);
      pr.lo += c;
      pr.hi += pr.lo < c;
      pr.lo += t[j];
      pr.hi += pr.lo < t[j];
      t[j - 1] = pr.lo;
      c = pr.hi;
    }
    t[ZKA_FL - 1] = t[ZKA_FL] + c;
    t[ZKA_FL] = t[ZKA_FL + 1] + (t[ZKA_FL - 1] < c);
  }
  ZKA_F r;
  for (int i = 0; i < ZKA_FL; i++) r.l[i] = t[i];
  r = ZKA_FN(reduce_once)(r, t[ZKA_FL]);
  ZKA_VERIFY_CHECK(ZKA_FN(is_canonical)(r));
  return r;
}

ZKA_INLINE ZKA_F ZKA_FN(sqr)(ZKA_F a) {
#ifdef ZKA_FFAST
  if (ZKA_FFAST) {
    ZKA_F r;
    ZKA_FFAST_SQR(r.l, a.l);
    return r;
  }
#endif
  return ZKA_FN(mul)(a, a);
}

/* Canonical integer (< p) to Montgomery form, and back. */
ZKA_INLINE ZKA_F ZKA_FN(to_mont)(ZKA_F x) {
  ZKA_F r2 = {{ZKA_CAT(ZKA_FP, _R2)}};
  return ZKA_FN(mul)(x, r2);
}
ZKA_INLINE ZKA_F ZKA_FN(from_mont)(ZKA_F x) {
  ZKA_F one = ZKA_FN(zero)();
  one.l[0] = 1;
  return ZKA_FN(mul)(x, one);
}

/* base^e for a canonical exponent e of N limbs (left-to-right square and multiply). */
ZKA_INLINE ZKA_F ZKA_FN(pow_var)(ZKA_F base, ZKA_F e) {
  ZKA_F r = ZKA_FN(one)();
  for (int i = ZKA_FL - 1; i >= 0; i--) {
    for (int b = 63; b >= 0; b--) {
      r = ZKA_FN(sqr)(r);
      if ((e.l[i] >> b) & 1) r = ZKA_FN(mul)(r, base);
    }
  }
  return r;
}

ZKA_INLINE ZKA_F ZKA_FN(pow_u64)(ZKA_F base, zka_u64 e) {
  ZKA_F r = ZKA_FN(one)();
  for (int b = 63; b >= 0; b--) {
    r = ZKA_FN(sqr)(r);
    if ((e >> b) & 1) r = ZKA_FN(mul)(r, base);
  }
  return r;
}

/* a^(p-2): the inverse for a != 0, and 0 for a = 0 (callers that must reject 0 check). */
ZKA_INLINE ZKA_F ZKA_FN(inv)(ZKA_F a) {
  ZKA_F e = {{ZKA_CAT(ZKA_FP, _P_MINUS_2)}};
  return ZKA_FN(pow_var)(a, e);
}

/* Euler's criterion: 1 for a nonzero square, 0 for zero, -1 for a non-residue. */
ZKA_INLINE int ZKA_FN(legendre)(ZKA_F a) {
  ZKA_F e = {{ZKA_CAT(ZKA_FP, _P_MINUS_1_HALF)}};
  ZKA_F t = ZKA_FN(pow_var)(a, e);
  if (ZKA_FN(is_zero)(t)) return 0;
  return ZKA_FN(eq)(t, ZKA_FN(one)()) ? 1 : -1;
}

/* Square root by Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number
 * Theory", algorithm 1.5.1), with z = the primitive 2^s-th root of unity.  Returns 1 and
 * a root in *out when a is a square, 0 ("no root") otherwise.  Bounded loops only. */
ZKA_INLINE int ZKA_FN(sqrt)(ZKA_F a, ZKA_F *out) {
  const int s = ZKA_CAT(ZKA_FP, _TWO_ADICITY);
  if (ZKA_FN(is_zero)(a)) {
    *out = a;
    return 1;
  }
  ZKA_F e = {{ZKA_CAT(ZKA_FP, _Q_MINUS_1_HALF)}};
  ZKA_F z = {{ZKA_CAT(ZKA_FP, _ROOT_OF_UNITY)}};
  ZKA_F w = ZKA_FN(pow_var)(a, e);         /* a^((q-1)/2) */
  ZKA_F x = ZKA_FN(mul)(a, w);             /* a^((q+1)/2) */
  ZKA_F b = ZKA_FN(mul)(x, w);             /* a^q */
  int m = s;
  ZKA_F one = ZKA_FN(one)();
  for (int iter = 0; iter < ZKA_CAT(ZKA_FP, _TWO_ADICITY); iter++) {
    if (ZKA_FN(eq)(b, one)) break;
    /* least k with b^(2^k) = 1 */
    int k = 0;
    ZKA_F t = b;
    for (int j = 1; j < ZKA_CAT(ZKA_FP, _TWO_ADICITY) + 1; j++) {
      t = ZKA_FN(sqr)(t);
      k = j;
      if (ZKA_FN(eq)(t, one)) break;
    }
    if (k >= m) return 0; /* a is not a square */
    ZKA_F g = z;
    for (int j = 0; j < m - k - 1; j++) g = ZKA_FN(sqr)(g);
    z = ZKA_FN(sqr)(g);
    x = ZKA_FN(mul)(x, g);
    b = ZKA_FN(mul)(b, z);
    m = k;
  }
  if (!ZKA_FN(eq)(ZKA_FN(sqr)(x), a)) return 0;
  *out = x;
  return 1;
}

#undef ZKA_FL
#undef ZKA_FCONST
#undef ZKA_F
#undef ZKA_FP
#undef ZKA_FN
#undef ZKA_FFAST
#undef ZKA_FFAST_MUL
#undef ZKA_FFAST_SQR
