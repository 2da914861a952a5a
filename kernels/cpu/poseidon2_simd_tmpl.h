/* poseidon2_simd_tmpl.h — the Poseidon2 permutation over a vector of independent lanes,
 * written once and included by poseidon2_x86.c for each field x ISA.  The includer defines:
 *   P2T_V            the vector type
 *   P2T_ATTR         function attributes (target ISA)
 *   P2T_WORD         zka_u32 / zka_u64
 *   P2T_LANES        words per vector
 *   P2T_FN(name)     prefixes names with the field x ISA
 *   P2T_ADD, P2T_MUL (a, b) -> fully reduced field operations on vectors
 *   P2T_SET1(w), P2T_LOAD(ptr), P2T_STORE(ptr, v)
 * and the permutation follows core/hash/poseidon2.h step for step (same operations in the
 * same order, each fully reduced), so each lane's bytes equal the portable reference's. */

static inline P2T_ATTR P2T_V P2T_FN(dbl)(P2T_V a) { return P2T_ADD(a, a); }

/* x^7 = x^4 * x^3: 4 products, depth 3 (the portable x^6 * x gives the same field value). */
static inline P2T_ATTR P2T_V P2T_FN(sbox)(P2T_V x) {
  P2T_V x2 = P2T_MUL(x, x);
  P2T_V x3 = P2T_MUL(x2, x);
  P2T_V x4 = P2T_MUL(x2, x2);
  return P2T_MUL(x4, x3);
}

static inline P2T_ATTR void P2T_FN(m4)(P2T_V *s) {
  P2T_V t0 = P2T_ADD(s[0], s[1]);
  P2T_V t1 = P2T_ADD(s[2], s[3]);
  P2T_V t2 = P2T_ADD(P2T_FN(dbl)(s[1]), t1);
  P2T_V t3 = P2T_ADD(P2T_FN(dbl)(s[3]), t0);
  P2T_V t4 = P2T_ADD(P2T_FN(dbl)(P2T_FN(dbl)(t1)), t3);
  P2T_V t5 = P2T_ADD(P2T_FN(dbl)(P2T_FN(dbl)(t0)), t2);
  s[0] = P2T_ADD(t3, t5);
  s[1] = t5;
  s[2] = P2T_ADD(t2, t4);
  s[3] = t4;
}

/* Every loop over the state is unrolled and permute is inlined into its callers, which pass
 * the width as a constant: the state then stays in vector registers instead of a stack
 * array (gcc kept it in memory with the width a run-time value; ~5% slower — the vector
 * multiplier, 6 vpmuludq per 16 products, is the limit either way). */
static inline P2T_ATTR void P2T_FN(external)(P2T_V *s, int t) {
  P2T_V col[4];
#pragma GCC unroll 8
  for (int b = 0; b < t; b += 4) P2T_FN(m4)(s + b);
#pragma GCC unroll 4
  for (int l = 0; l < 4; l++) {
    col[l] = s[l];
#pragma GCC unroll 8
    for (int b = 4; b < t; b += 4) col[l] = P2T_ADD(col[l], s[b + l]);
  }
#pragma GCC unroll 24
  for (int i = 0; i < t; i++) s[i] = P2T_ADD(s[i], col[i & 3]);
}

static inline P2T_ATTR void P2T_FN(full_round)(P2T_V *s, int t, const P2T_WORD *rc) {
#pragma GCC unroll 24
  for (int i = 0; i < t; i++) s[i] = P2T_FN(sbox)(P2T_ADD(s[i], P2T_SET1(rc[i])));
  P2T_FN(external)(s, t);
}

static inline P2T_ATTR void P2T_FN(partial_round)(P2T_V *s, int t, P2T_WORD c,
                                                  const P2T_WORD *diag) {
  P2T_V sum;
  s[0] = P2T_FN(sbox)(P2T_ADD(s[0], P2T_SET1(c)));
  sum = s[0];
#pragma GCC unroll 24
  for (int i = 1; i < t; i++) sum = P2T_ADD(sum, s[i]);
#pragma GCC unroll 24
  for (int i = 0; i < t; i++) s[i] = P2T_ADD(P2T_MUL(s[i], P2T_SET1(diag[i])), sum);
}

/* The whole permutation on st[t][P2T_LANES] (transposed states). */
static inline __attribute__((always_inline)) P2T_ATTR void P2T_FN(permute)(
    P2T_WORD *st, int t, int r_f, int r_p, const P2T_WORD *rc_ext, const P2T_WORD *rc_int,
    const P2T_WORD *diag) {
  P2T_V s[24];
#pragma GCC unroll 24
  for (int i = 0; i < t; i++) s[i] = P2T_LOAD(st + i * P2T_LANES);
  P2T_FN(external)(s, t);
  for (int r = 0; r < r_f / 2; r++) P2T_FN(full_round)(s, t, rc_ext + r * t);
  for (int r = 0; r < r_p; r++) P2T_FN(partial_round)(s, t, rc_int[r], diag);
  for (int r = r_f / 2; r < r_f; r++) P2T_FN(full_round)(s, t, rc_ext + r * t);
#pragma GCC unroll 24
  for (int i = 0; i < t; i++) P2T_STORE(st + i * P2T_LANES, s[i]);
}
