/* ntt_cpu_tmpl.h — the portable butterfly kernels (zka_ntt_kernels, ntt_cpu_internal.h) for
 * one field, written once and included per field by ntt_cpu.c.  Define before including:
 *   ZKA_NT            the element type (by value)
 *   ZKA_NN(op)        the name of kernel op (file-scope static)
 *   ZKA_NADD(a, b), ZKA_NSUB(a, b), ZKA_NMUL(a, b)   by-value field operations, fully
 *                     reduced in and out (so every path computes the same bytes)
 * All are #undef'd at the end. */

static void ZKA_NN(dif2)(void *u_, void *v_, const void *tw_, size_t len) {
  ZKA_NT *u = u_, *v = v_;
  const ZKA_NT *tw = tw_;
  for (size_t i = 0; i < len; i++) {
    ZKA_NT a = u[i], b = v[i];
    u[i] = ZKA_NADD(a, b);
    v[i] = ZKA_NMUL(ZKA_NSUB(a, b), tw[i]);
  }
}

static void ZKA_NN(dit2)(void *u_, void *v_, const void *tw_, size_t len) {
  ZKA_NT *u = u_, *v = v_;
  const ZKA_NT *tw = tw_;
  for (size_t i = 0; i < len; i++) {
    ZKA_NT a = u[i], t = ZKA_NMUL(v[i], tw[i]);
    u[i] = ZKA_NADD(a, t);
    v[i] = ZKA_NSUB(a, t);
  }
}

static void ZKA_NN(dif4)(void *p0, void *p1, void *p2, void *p3, const void *ta_,
                         const void *tb_, const void *tc_, size_t len) {
  ZKA_NT *r0 = p0, *r1 = p1, *r2 = p2, *r3 = p3;
  const ZKA_NT *ta = ta_, *tb = tb_, *tc = tc_;
  for (size_t i = 0; i < len; i++) {
    ZKA_NT x0 = r0[i], x1 = r1[i], x2 = r2[i], x3 = r3[i];
    ZKA_NT a0 = ZKA_NADD(x0, x2), a2 = ZKA_NMUL(ZKA_NSUB(x0, x2), ta[i]);
    ZKA_NT a1 = ZKA_NADD(x1, x3), a3 = ZKA_NMUL(ZKA_NSUB(x1, x3), tb[i]);
    r0[i] = ZKA_NADD(a0, a1);
    r1[i] = ZKA_NMUL(ZKA_NSUB(a0, a1), tc[i]);
    r2[i] = ZKA_NADD(a2, a3);
    r3[i] = ZKA_NMUL(ZKA_NSUB(a2, a3), tc[i]);
  }
}

static void ZKA_NN(dit4)(void *p0, void *p1, void *p2, void *p3, const void *ta_,
                         const void *tb_, const void *tc_, size_t len) {
  ZKA_NT *r0 = p0, *r1 = p1, *r2 = p2, *r3 = p3;
  const ZKA_NT *ta = ta_, *tb = tb_, *tc = tc_;
  for (size_t i = 0; i < len; i++) {
    ZKA_NT x0 = r0[i], x2 = r2[i];
    ZKA_NT t = ZKA_NMUL(r1[i], tc[i]);
    ZKA_NT a0 = ZKA_NADD(x0, t), a1 = ZKA_NSUB(x0, t);
    t = ZKA_NMUL(r3[i], tc[i]);
    ZKA_NT a2 = ZKA_NADD(x2, t), a3 = ZKA_NSUB(x2, t);
    t = ZKA_NMUL(a2, ta[i]);
    r0[i] = ZKA_NADD(a0, t);
    r2[i] = ZKA_NSUB(a0, t);
    t = ZKA_NMUL(a3, tb[i]);
    r1[i] = ZKA_NADD(a1, t);
    r3[i] = ZKA_NSUB(a1, t);
  }
}

/* The last stages (h = 2, 1) of every group of 4; the j = 0 twiddle is 1 and is skipped
 * (multiplying by one returns the same reduced value, so the bytes do not change). */
static void ZKA_NN(tail_dif)(void *x_, size_t len, const void *tw_) {
  ZKA_NT *x = x_;
  const ZKA_NT w = ((const ZKA_NT *)tw_)[3]; /* w_4 */
  for (size_t g = 0; g < len; g += 4) {
    ZKA_NT x0 = x[g], x1 = x[g + 1], x2 = x[g + 2], x3 = x[g + 3];
    ZKA_NT a0 = ZKA_NADD(x0, x2), a2 = ZKA_NSUB(x0, x2);
    ZKA_NT a1 = ZKA_NADD(x1, x3), a3 = ZKA_NMUL(ZKA_NSUB(x1, x3), w);
    x[g] = ZKA_NADD(a0, a1);
    x[g + 1] = ZKA_NSUB(a0, a1);
    x[g + 2] = ZKA_NADD(a2, a3);
    x[g + 3] = ZKA_NSUB(a2, a3);
  }
}

static void ZKA_NN(tail_dit)(void *x_, size_t len, const void *tw_) {
  ZKA_NT *x = x_;
  const ZKA_NT w = ((const ZKA_NT *)tw_)[3];
  for (size_t g = 0; g < len; g += 4) {
    ZKA_NT x0 = x[g], x1 = x[g + 1], x2 = x[g + 2], x3 = x[g + 3];
    ZKA_NT a0 = ZKA_NADD(x0, x1), a1 = ZKA_NSUB(x0, x1);
    ZKA_NT a2 = ZKA_NADD(x2, x3), a3 = ZKA_NSUB(x2, x3);
    a3 = ZKA_NMUL(a3, w);
    x[g] = ZKA_NADD(a0, a2);
    x[g + 2] = ZKA_NSUB(a0, a2);
    x[g + 1] = ZKA_NADD(a1, a3);
    x[g + 3] = ZKA_NSUB(a1, a3);
  }
}

static void ZKA_NN(scale)(void *x_, const void *c_, size_t len) {
  ZKA_NT *x = x_;
  const ZKA_NT c = *(const ZKA_NT *)c_;
  for (size_t i = 0; i < len; i++) x[i] = ZKA_NMUL(x[i], c);
}

static void ZKA_NN(mulpw)(void *x_, const void *t_, size_t len) {
  ZKA_NT *x = x_;
  const ZKA_NT *t = t_;
  for (size_t i = 0; i < len; i++) x[i] = ZKA_NMUL(x[i], t[i]);
}

static const zka_ntt_kernels ZKA_NN(kernels) = {
    ZKA_NN(dif2),     ZKA_NN(dit2),  ZKA_NN(dif4),  ZKA_NN(dit4), ZKA_NN(tail_dif),
    ZKA_NN(tail_dit), 2,             ZKA_NN(scale), ZKA_NN(mulpw), "scalar", ZKA_NTT_TW_STANDARD};

#undef ZKA_NT
#undef ZKA_NN
#undef ZKA_NADD
#undef ZKA_NSUB
#undef ZKA_NMUL
