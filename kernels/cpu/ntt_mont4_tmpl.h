/* ntt_mont4_tmpl.h — butterfly kernels (zka_ntt_kernels, ntt_cpu_internal.h) for one
 * 4-limb Montgomery field, on limb arrays in place, included per field by ntt_mont4.c.
 * Define before including:
 *   ZKA_M4N(op)          the name of kernel op (file-scope static)
 *   ZKA_M4P0..ZKA_M4P3   the modulus limbs (little-endian)
 *   ZKA_M4MUL(r, a, b)   the MULX/ADX product on uint64_t[4] (core/field/mont_x86_64.h):
 *                        fully reduced in and out, r may alias a or b
 * Why not the by-value template (ntt_cpu_tmpl.h over zka_<f>_mul_h): each by-value product
 * copies three 32-byte structs through the stack and tests the fast-path flag; here add and
 * sub are ADC/SBB chains on registers and the product is one direct call.  Same reduced
 * values in and out, so the bytes equal the portable kernels' (tests/test_ntt_cpu.c).
 * Precondition for add/sub: p < 2^255 (both fields here), so a + b < 2^256 never carries.
 * All are #undef'd at the end. */

/* r = a + b mod p; a, b < p.  r may alias a or b (every limb is read before r is written). */
static inline void ZKA_M4N(add)(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  unsigned long long s0, s1, s2, s3, t0, t1, t2, t3;
  unsigned char c = _addcarry_u64(0, a[0], b[0], &s0);
  c = _addcarry_u64(c, a[1], b[1], &s1);
  c = _addcarry_u64(c, a[2], b[2], &s2);
  (void)_addcarry_u64(c, a[3], b[3], &s3);
  unsigned char br = _subborrow_u64(0, s0, ZKA_M4P0, &t0);
  br = _subborrow_u64(br, s1, ZKA_M4P1, &t1);
  br = _subborrow_u64(br, s2, ZKA_M4P2, &t2);
  br = _subborrow_u64(br, s3, ZKA_M4P3, &t3);
  const uint64_t keep = (uint64_t)0 - br; /* all ones: s < p, keep s */
  r[0] = (s0 & keep) | (t0 & ~keep);
  r[1] = (s1 & keep) | (t1 & ~keep);
  r[2] = (s2 & keep) | (t2 & ~keep);
  r[3] = (s3 & keep) | (t3 & ~keep);
}

/* r = a - b mod p; a, b < p.  r may alias a or b. */
static inline void ZKA_M4N(sub)(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  unsigned long long d0, d1, d2, d3;
  unsigned char br = _subborrow_u64(0, a[0], b[0], &d0);
  br = _subborrow_u64(br, a[1], b[1], &d1);
  br = _subborrow_u64(br, a[2], b[2], &d2);
  br = _subborrow_u64(br, a[3], b[3], &d3);
  const uint64_t m = (uint64_t)0 - br; /* all ones: a < b, add p back */
  unsigned char c = _addcarry_u64(0, d0, ZKA_M4P0 & m, &d0);
  c = _addcarry_u64(c, d1, ZKA_M4P1 & m, &d1);
  c = _addcarry_u64(c, d2, ZKA_M4P2 & m, &d2);
  (void)_addcarry_u64(c, d3, ZKA_M4P3 & m, &d3);
  r[0] = d0;
  r[1] = d1;
  r[2] = d2;
  r[3] = d3;
}

#define ZKA_M4E(p, i) ((uint64_t *)(p) + 4 * (i))
#define ZKA_M4C(p, i) ((const uint64_t *)(p) + 4 * (i))

static void ZKA_M4N(dif2)(void *u, void *v, const void *tw, size_t len) {
  uint64_t d[4];
  for (size_t i = 0; i < len; i++) {
    uint64_t *a = ZKA_M4E(u, i), *b = ZKA_M4E(v, i);
    ZKA_M4N(sub)(d, a, b);
    ZKA_M4N(add)(a, a, b);
    ZKA_M4MUL(b, d, ZKA_M4C(tw, i));
  }
}

static void ZKA_M4N(dit2)(void *u, void *v, const void *tw, size_t len) {
  uint64_t t[4];
  for (size_t i = 0; i < len; i++) {
    uint64_t *a = ZKA_M4E(u, i), *b = ZKA_M4E(v, i);
    ZKA_M4MUL(t, b, ZKA_M4C(tw, i));
    ZKA_M4N(sub)(b, a, t);
    ZKA_M4N(add)(a, a, t);
  }
}

/* Same dataflow as ntt_cpu_tmpl.h's dif4/dit4 (the layout is in ntt_cpu_internal.h). */
static void ZKA_M4N(dif4)(void *p0, void *p1, void *p2, void *p3, const void *ta,
                          const void *tb, const void *tc, size_t len) {
  uint64_t a0[4], a1[4], a2[4], a3[4], d[4];
  for (size_t i = 0; i < len; i++) {
    uint64_t *x0 = ZKA_M4E(p0, i), *x1 = ZKA_M4E(p1, i), *x2 = ZKA_M4E(p2, i),
             *x3 = ZKA_M4E(p3, i);
    const uint64_t *wc = ZKA_M4C(tc, i);
    ZKA_M4N(sub)(d, x0, x2);
    ZKA_M4MUL(a2, d, ZKA_M4C(ta, i));
    ZKA_M4N(add)(a0, x0, x2);
    ZKA_M4N(sub)(d, x1, x3);
    ZKA_M4MUL(a3, d, ZKA_M4C(tb, i));
    ZKA_M4N(add)(a1, x1, x3);
    ZKA_M4N(add)(x0, a0, a1);
    ZKA_M4N(sub)(d, a0, a1);
    ZKA_M4MUL(x1, d, wc);
    ZKA_M4N(add)(x2, a2, a3);
    ZKA_M4N(sub)(d, a2, a3);
    ZKA_M4MUL(x3, d, wc);
  }
}

static void ZKA_M4N(dit4)(void *p0, void *p1, void *p2, void *p3, const void *ta,
                          const void *tb, const void *tc, size_t len) {
  uint64_t a0[4], a1[4], a2[4], a3[4], t[4];
  for (size_t i = 0; i < len; i++) {
    uint64_t *x0 = ZKA_M4E(p0, i), *x1 = ZKA_M4E(p1, i), *x2 = ZKA_M4E(p2, i),
             *x3 = ZKA_M4E(p3, i);
    const uint64_t *wc = ZKA_M4C(tc, i);
    ZKA_M4MUL(t, x1, wc);
    ZKA_M4N(add)(a0, x0, t);
    ZKA_M4N(sub)(a1, x0, t);
    ZKA_M4MUL(t, x3, wc);
    ZKA_M4N(add)(a2, x2, t);
    ZKA_M4N(sub)(a3, x2, t);
    ZKA_M4MUL(t, a2, ZKA_M4C(ta, i));
    ZKA_M4N(add)(x0, a0, t);
    ZKA_M4N(sub)(x2, a0, t);
    ZKA_M4MUL(t, a3, ZKA_M4C(tb, i));
    ZKA_M4N(add)(x1, a1, t);
    ZKA_M4N(sub)(x3, a1, t);
  }
}

/* The last stages (h = 2, 1) of every group of 4; the j = 0 twiddles are 1 and skipped
 * (as in ntt_cpu_tmpl.h: a product by one returns the same reduced value). */
static void ZKA_M4N(tail_dif)(void *x_, size_t len, const void *tw) {
  const uint64_t *w = ZKA_M4C(tw, 3); /* w_4 */
  uint64_t a0[4], a1[4], a2[4], a3[4];
  for (size_t g = 0; g < len; g += 4) {
    uint64_t *x = ZKA_M4E(x_, g);
    ZKA_M4N(add)(a0, x, x + 8);
    ZKA_M4N(sub)(a2, x, x + 8);
    ZKA_M4N(add)(a1, x + 4, x + 12);
    ZKA_M4N(sub)(a3, x + 4, x + 12);
    ZKA_M4MUL(a3, a3, w);
    ZKA_M4N(add)(x, a0, a1);
    ZKA_M4N(sub)(x + 4, a0, a1);
    ZKA_M4N(add)(x + 8, a2, a3);
    ZKA_M4N(sub)(x + 12, a2, a3);
  }
}

static void ZKA_M4N(tail_dit)(void *x_, size_t len, const void *tw) {
  const uint64_t *w = ZKA_M4C(tw, 3);
  uint64_t a0[4], a1[4], a2[4], a3[4];
  for (size_t g = 0; g < len; g += 4) {
    uint64_t *x = ZKA_M4E(x_, g);
    ZKA_M4N(add)(a0, x, x + 4);
    ZKA_M4N(sub)(a1, x, x + 4);
    ZKA_M4N(add)(a2, x + 8, x + 12);
    ZKA_M4N(sub)(a3, x + 8, x + 12);
    ZKA_M4MUL(a3, a3, w);
    ZKA_M4N(add)(x, a0, a2);
    ZKA_M4N(sub)(x + 8, a0, a2);
    ZKA_M4N(add)(x + 4, a1, a3);
    ZKA_M4N(sub)(x + 12, a1, a3);
  }
}

static void ZKA_M4N(scale)(void *x, const void *c, size_t len) {
  uint64_t cv[4];
  memcpy(cv, c, sizeof cv); /* c may point into x */
  for (size_t i = 0; i < len; i++) ZKA_M4MUL(ZKA_M4E(x, i), ZKA_M4C(x, i), cv);
}

static void ZKA_M4N(mulpw)(void *x, const void *t, size_t len) {
  for (size_t i = 0; i < len; i++) ZKA_M4MUL(ZKA_M4E(x, i), ZKA_M4C(x, i), ZKA_M4C(t, i));
}

static const zka_ntt_kernels ZKA_M4N(kernels) = {
    ZKA_M4N(dif2),     ZKA_M4N(dit2),  ZKA_M4N(dif4),  ZKA_M4N(dit4), ZKA_M4N(tail_dif),
    ZKA_M4N(tail_dit), 2,              ZKA_M4N(scale), ZKA_M4N(mulpw), "adx", ZKA_NTT_TW_STANDARD};

#undef ZKA_M4E
#undef ZKA_M4C
#undef ZKA_M4N
#undef ZKA_M4P0
#undef ZKA_M4P1
#undef ZKA_M4P2
#undef ZKA_M4P3
#undef ZKA_M4MUL
