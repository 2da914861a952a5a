/* pairing_template.h — the optimal ate pairing (Miller loop and final exponentiation) for
 * BN and BLS12 curves, written once and included once per curve by core/pairing/pairing.c.
 * Host C (it walks arrays of points); the tower arithmetic underneath is the portable
 * by-value code of tower_template.h.
 *
 * Before including, define:
 *   ZKA_PT1, ZKA_PT2, ZKA_PT12          Fq, Fq2, Fq12 types
 *   ZKA_PG1, ZKA_PG2                    affine G1 and G2 point types ({x, y}, (0, 0) = O)
 *   ZKA_P1N(op), ZKA_P2N(op), ZKA_P6N(op), ZKA_P12N(op)   Fq, Fq2, Fq6, Fq12 function names
 *   ZKA_PN(op)                          this curve's function names (zka_<curve>_##op)
 *   ZKA_PP                              the parameter prefix (core/params/<curve>_pairing.h)
 * All are #undef'd at the end.
 *
 * Algorithms:
 *   - Loops: Vercauteren, "Optimal pairings" (eprint 2008/096), section 4: BN curves loop
 *     on 6x + 2 (here in NAF) and close with the lines through pi(Q) and -pi^2(Q); BLS12
 *     curves loop on |x| and conjugate when x < 0 (f^(p^6) = 1/f after the easy part).
 *   - Points on the twist in homogeneous projective coordinates (X : Y : Z), lines as in
 *     Costello, Lange, Naehrig, "Faster pairing computations on curves with high-degree
 *     twists" (eprint 2009/615) and Aranha, Karabina, Longa, Gebotys, Lopez, "Faster
 *     explicit formulas for computing pairings over ordinary curves" (eprint 2010/526),
 *     section 4: each line is c + lx·xP + ly·yP with c, lx, ly in Fq2, scaled by a factor in
 *     Fq2 (which the final exponentiation removes), and multiplied into f sparsely.
 *   - Twist maps: D-type (BN254) psi(x, y) = (x·w^2, y·w^3), so the line is
 *     ly·yP + lx·xP·w + c·w^3; M-type (BLS12-381) psi(x, y) = (x/w^2, y/w^3), and after a
 *     factor w^3 (in Fq4, also removed) the line is c + lx·xP·w^2 + ly·yP·w^3.
 *   - Final exponentiation: easy part f^((p^6 - 1)(p^2 + 1)) by conjugation, one inversion
 *     and a Frobenius; hard part by exponentiations by x with cyclotomic squarings (Granger-
 *     Scott) and Frobenius maps: BN254 after Fuentes-Castaneda, Knapp, Rodriguez-Henriquez
 *     (SAC 2011), BLS12-381 after Hayashida, Hayasaka, Teruya (eprint 2020/875).  The
 *     exponent actually computed is m·(p^12 - 1)/r with m from the parameter file (BN254:
 *     2x(6x^2 + 3x + 1), BLS12-381: 3), checked there as an integer identity; m is prime to
 *     r, so the result is the same bilinear pairing raised to a fixed power, and it is the
 *     value arkworks, gnark-crypto, zkcrypto, blst and @noble/curves return.
 */
#define ZKA_PPAR(name) ZKA_CAT(ZKA_PP, name)

/* A G2 point on the twist in homogeneous projective coordinates: (X/Z, Y/Z). */
typedef struct {
  ZKA_PT2 x, y, z;
} ZKA_PN(g2_proj);

/* One pair being looped over: the G1 point as the line evaluation needs it, the G2 point,
 * and the running multiple T. */
typedef struct {
  ZKA_PT1 neg_px, py;
  ZKA_PG2 q;
  ZKA_PN(g2_proj) t;
} ZKA_PN(ml_pair);

/* Multiply f by the line c + lx·xP + ly·yP (placed as the twist type says). */
static inline ZKA_PT12 ZKA_PN(mul_line)(ZKA_PT12 f, const ZKA_PN(ml_pair) *pr, ZKA_PT2 c, ZKA_PT2 lx,
                                        ZKA_PT2 ly) {
  /* lx below comes without its sign: the steps return -lx and neg_px restores it. */
  ZKA_PT2 bx = ZKA_P2N(mul_base)(lx, pr->neg_px);
  ZKA_PT2 by = ZKA_P2N(mul_base)(ly, pr->py);
#if ZKA_PPAR(_TWIST_D)
  return ZKA_P12N(mul_by_line_d)(f, by, bx, c);
#else
  return ZKA_P12N(mul_by_line_m)(f, c, bx, by);
#endif
}

/* T <- 2T and the tangent line at T (Aranha et al. 2010/526, section 4, scaled by 4 so no
 * halving is needed): with B = Y^2, C = Z^2, E = 3b'·C, F = 3E, H = 2YZ,
 *   X3 = 2XY(B - F),  Y3 = (B + F)^2 - 12E^2,  Z3 = 4B·H,
 *   line = (B - E) + (-3X^2)·xP + H·yP.
 * 3M + 6S and one product by the constant 3b'. */
static inline void ZKA_PN(dbl_step)(ZKA_PN(g2_proj) *t, ZKA_PT2 *c, ZKA_PT2 *lx, ZKA_PT2 *ly) {
  const ZKA_PT2 b3 = {ZKA_PPAR(_TWIST_B3)};
  ZKA_PT2 X = t->x, Y = t->y, Z = t->z;
  ZKA_PT2 B = ZKA_P2N(sqr)(Y);
  ZKA_PT2 C = ZKA_P2N(sqr)(Z);
#if ZKA_PPAR(_TWIST_B3_XI_MULTIPLE)
  /* 3b' = k·xi with a small k (BLS12-381: k = 12): xi·C, then k times it by additions */
  const int k = ZKA_PPAR(_TWIST_B3_XI_MULTIPLE);
  ZKA_PT2 xc = ZKA_P6N(fq2_mul_xi)(C), E = xc;
  int top = 0;
  (void)b3;
  while ((k >> (top + 1)) != 0) top++;
  for (int i = top - 1; i >= 0; i--) { /* double and add over k's bits (folds at compile time) */
    E = ZKA_P2N(dbl)(E);
    if ((k >> i) & 1) E = ZKA_P2N(add)(E, xc);
  }
#else
  ZKA_PT2 E = ZKA_P2N(mul)(b3, C);
#endif
  ZKA_PT2 F = ZKA_P2N(add)(ZKA_P2N(dbl)(E), E);
  ZKA_PT2 H = ZKA_P2N(sub)(ZKA_P2N(sub)(ZKA_P2N(sqr)(ZKA_P2N(add)(Y, Z)), B), C);
  ZKA_PT2 I = ZKA_P2N(sqr)(X);
  ZKA_PT2 E2 = ZKA_P2N(sqr)(E);
  ZKA_PT2 G = ZKA_P2N(add)(B, F);
  t->x = ZKA_P2N(dbl)(ZKA_P2N(mul)(ZKA_P2N(mul)(X, Y), ZKA_P2N(sub)(B, F)));
  t->y = ZKA_P2N(sub)(ZKA_P2N(sqr)(G), ZKA_P2N(dbl)(ZKA_P2N(dbl)(ZKA_P2N(add)(ZKA_P2N(dbl)(E2), E2))));
  t->z = ZKA_P2N(dbl)(ZKA_P2N(dbl)(ZKA_P2N(mul)(B, H)));
  *c = ZKA_P2N(sub)(B, E);
  *lx = ZKA_P2N(add)(ZKA_P2N(dbl)(I), I); /* times -xP */
  *ly = H;
}

/* T <- T + Q for Q = (qx, qy) affine, and the line through T and Q (Aranha et al.
 * 2010/526, section 4): with theta = Y - qy·Z, lambda = X - qx·Z,
 *   X3 = lambda·H, Y3 = theta(G - H) - lambda^3·Y, Z3 = Z·lambda^3,
 *   where G = X·lambda^2, H = lambda^3 + Z·theta^2 - 2G,
 *   line = (theta·qx - lambda·qy) + (-theta)·xP + lambda·yP.
 * 11M + 2S.  T != +-Q throughout the loops (T is a multiple kQ with 1 < k < r). */
static inline void ZKA_PN(add_step)(ZKA_PN(g2_proj) *t, ZKA_PT2 qx, ZKA_PT2 qy, ZKA_PT2 *c, ZKA_PT2 *lx,
                                    ZKA_PT2 *ly) {
  ZKA_PT2 X = t->x, Y = t->y, Z = t->z;
  ZKA_PT2 th = ZKA_P2N(sub)(Y, ZKA_P2N(mul)(qy, Z));
  ZKA_PT2 la = ZKA_P2N(sub)(X, ZKA_P2N(mul)(qx, Z));
  ZKA_PT2 C = ZKA_P2N(sqr)(th);
  ZKA_PT2 D = ZKA_P2N(sqr)(la);
  ZKA_PT2 E = ZKA_P2N(mul)(la, D);
  ZKA_PT2 F = ZKA_P2N(mul)(Z, C);
  ZKA_PT2 G = ZKA_P2N(mul)(X, D);
  ZKA_PT2 H = ZKA_P2N(sub)(ZKA_P2N(add)(E, F), ZKA_P2N(dbl)(G));
  t->x = ZKA_P2N(mul)(la, H);
  t->y = ZKA_P2N(sub)(ZKA_P2N(mul)(th, ZKA_P2N(sub)(G, H)), ZKA_P2N(mul)(E, Y));
  t->z = ZKA_P2N(mul)(Z, E);
  *c = ZKA_P2N(sub)(ZKA_P2N(mul)(th, qx), ZKA_P2N(mul)(la, qy));
  *lx = th; /* times -xP */
  *ly = la;
}

static inline int ZKA_PN(g1_is_inf)(const ZKA_PG1 *p) {
  return ZKA_P1N(is_zero)(p->x) && ZKA_P1N(is_zero)(p->y);
}
static inline int ZKA_PN(g2_is_inf)(const ZKA_PG2 *q) {
  return ZKA_P2N(is_zero)(q->x) && ZKA_P2N(is_zero)(q->y);
}

/* Pairs per shared Miller loop: their state lives on the stack, so larger inputs are
 * looped over in chunks whose results are multiplied (one squaring chain per chunk). */
#define ZKA_PAIRING_CHUNK 8

/* prod_i f_{loop, Q_i}(P_i) for n <= ZKA_PAIRING_CHUNK pairs; pairs with P_i = O or Q_i = O
 * contribute 1. */
static ZKA_PT12 ZKA_PN(miller_loop_chunk)(const ZKA_PG1 *p, const ZKA_PG2 *q, size_t n) {
  static const signed char loop[] = {ZKA_PPAR(_LOOP)};
  ZKA_PN(ml_pair) pr[ZKA_PAIRING_CHUNK];
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (ZKA_PN(g1_is_inf)(&p[i]) || ZKA_PN(g2_is_inf)(&q[i])) continue;
    pr[m].neg_px = ZKA_P1N(neg)(p[i].x);
    pr[m].py = p[i].y;
    pr[m].q = q[i];
    pr[m].t.x = q[i].x;
    pr[m].t.y = q[i].y;
    pr[m].t.z = ZKA_P2N(one)();
    m++;
  }
  ZKA_PT12 f = ZKA_P12N(one)();
  if (m == 0) return f;
  ZKA_PT2 c, lx, ly;
  /* the leading digit is 1: T = Q, f = 1 */
  for (int i = 1; i < (int)sizeof loop; i++) {
    if (i > 1) f = ZKA_P12N(sqr)(f);
    for (size_t j = 0; j < m; j++) {
      ZKA_PN(dbl_step)(&pr[j].t, &c, &lx, &ly);
      f = ZKA_PN(mul_line)(f, &pr[j], c, lx, ly);
    }
    if (loop[i] != 0) {
      for (size_t j = 0; j < m; j++) {
        ZKA_PT2 qy = loop[i] > 0 ? pr[j].q.y : ZKA_P2N(neg)(pr[j].q.y);
        ZKA_PN(add_step)(&pr[j].t, pr[j].q.x, qy, &c, &lx, &ly);
        f = ZKA_PN(mul_line)(f, &pr[j], c, lx, ly);
      }
    }
  }
#if ZKA_PPAR(_TWIST_D)
  {
    /* Q1 = pi(Q) = (conj(x)·gamma_{1,2}, conj(y)·gamma_{1,3}) and
     * -Q2 = -pi^2(Q) = (x·gamma_{2,2}, y) since gamma_{2,3} = -1 (the Frobenius on the
     * D-type twist: pi(x·w^2, y·w^3) = (x^p·w^(2p), y^p·w^(3p))). */
    const ZKA_PT2 g12 = {ZKA_PPAR(_GAMMA1_2)}, g13 = {ZKA_PPAR(_GAMMA1_3)};
    const ZKA_PT1 g22 = {ZKA_PPAR(_GAMMA2_2)};
    for (size_t j = 0; j < m; j++) {
      ZKA_PT2 q1x = ZKA_P2N(mul)(ZKA_P2N(conj)(pr[j].q.x), g12);
      ZKA_PT2 q1y = ZKA_P2N(mul)(ZKA_P2N(conj)(pr[j].q.y), g13);
      ZKA_PN(add_step)(&pr[j].t, q1x, q1y, &c, &lx, &ly);
      f = ZKA_PN(mul_line)(f, &pr[j], c, lx, ly);
      ZKA_PT2 q2x = ZKA_P2N(mul_base)(pr[j].q.x, g22);
      ZKA_PN(add_step)(&pr[j].t, q2x, pr[j].q.y, &c, &lx, &ly);
      f = ZKA_PN(mul_line)(f, &pr[j], c, lx, ly);
    }
  }
#endif
#if ZKA_PPAR(_X_IS_NEGATIVE)
  f = ZKA_P12N(conj)(f);
#endif
  return f;
}

static ZKA_PT12 ZKA_PN(miller_loop_n_h)(const ZKA_PG1 *p, const ZKA_PG2 *q, size_t n) {
  ZKA_PT12 f = ZKA_P12N(one)();
  for (size_t i = 0; i < n; i += ZKA_PAIRING_CHUNK) {
    size_t k = n - i < ZKA_PAIRING_CHUNK ? n - i : ZKA_PAIRING_CHUNK;
    ZKA_PT12 g = ZKA_PN(miller_loop_chunk)(p + i, q + i, k);
    f = i == 0 ? g : ZKA_P12N(mul)(f, g);
  }
  return f;
}

/* a^x for a in the cyclotomic subgroup: square-and-multiply over the digits of |x| (NAF
 * for BN254, binary for BLS12-381), conjugate (= invert) when x < 0.  63 cyclotomic
 * squarings and one multiplication per nonzero digit. */
static ZKA_PT12 ZKA_PN(cyc_exp_x)(ZKA_PT12 a) {
#if ZKA_PPAR(_TWIST_D)
  static const signed char dig[] = {ZKA_PPAR(_X_NAF)};
#else
  static const signed char dig[] = {ZKA_PPAR(_LOOP)};
#endif
  ZKA_PT12 a_inv = ZKA_P12N(conj)(a);
  ZKA_PT12 r = a;
  for (int i = 1; i < (int)sizeof dig; i++) {
    r = ZKA_P12N(cyclotomic_sqr)(r);
    if (dig[i] > 0) r = ZKA_P12N(mul)(r, a);
    if (dig[i] < 0) r = ZKA_P12N(mul)(r, a_inv);
  }
#if ZKA_PPAR(_X_IS_NEGATIVE)
  r = ZKA_P12N(conj)(r);
#endif
  return r;
}

/* f^(m·(p^12 - 1)/r), m as in the header comment.  f must be nonzero (a Miller loop
 * output of valid points is). */
static ZKA_PT12 ZKA_PN(final_exp_h)(ZKA_PT12 f) {
  /* easy part: f^((p^6 - 1)(p^2 + 1)); the result is in the cyclotomic subgroup */
  ZKA_PT12 t = ZKA_P12N(mul)(ZKA_P12N(conj)(f), ZKA_P12N(inv)(f));
  f = ZKA_P12N(mul)(ZKA_P12N(frobenius2)(t), t);
#if ZKA_PPAR(_TWIST_D)
  /* BN254, exponent m·d = (12x^3 + 6x^2 + 4x - 1)·p^3 + (12x^3 + 6x^2 + 6x)·p^2
   *                      + (12x^3 + 6x^2 + 4x)·p + (12x^3 + 12x^2 + 6x + 1)
   * (Fuentes-Castaneda et al., section 6; checked in tools/gen_pairing_params.py). */
  ZKA_PT12 a = ZKA_PN(cyc_exp_x)(f);                                        /* f^x */
  ZKA_PT12 a2 = ZKA_P12N(cyclotomic_sqr)(a);                                /* f^2x */
  ZKA_PT12 b = ZKA_P12N(mul)(ZKA_P12N(cyclotomic_sqr)(a2), a2);             /* f^6x */
  ZKA_PT12 c = ZKA_PN(cyc_exp_x)(b);                                        /* f^6x^2 */
  ZKA_PT12 d = ZKA_PN(cyc_exp_x)(ZKA_P12N(cyclotomic_sqr)(c));              /* f^12x^3 */
  ZKA_PT12 y8 = ZKA_P12N(mul)(ZKA_P12N(mul)(d, c), b);                      /* 12x^3+6x^2+6x */
  ZKA_PT12 y9 = ZKA_P12N(mul)(y8, ZKA_P12N(conj)(a2));                      /* 12x^3+6x^2+4x */
  ZKA_PT12 r = ZKA_P12N(frobenius3)(ZKA_P12N(mul)(y9, ZKA_P12N(conj)(f)));
  r = ZKA_P12N(mul)(r, ZKA_P12N(frobenius2)(y8));
  r = ZKA_P12N(mul)(r, ZKA_P12N(frobenius1)(y9));
  return ZKA_P12N(mul)(r, ZKA_P12N(mul)(ZKA_P12N(mul)(y8, c), f));
#else
  /* BLS12-381, exponent 3d = (x^3 - 2x^2 + x)·p^2 + (x^2 - 2x + 1)·p^3
   *                        + (x^4 - 2x^3 + 2x - 1)·p + (x^5 - 2x^4 + 2x^2 - x + 3)
   * (Hayashida, Hayasaka, Teruya 2020/875; checked in tools/gen_pairing_params.py). */
  ZKA_PT12 t2 = ZKA_PN(cyc_exp_x)(f);                                        /* f^x */
  ZKA_PT12 t3 = ZKA_P12N(mul)(ZKA_P12N(conj)(ZKA_P12N(cyclotomic_sqr)(f)), t2); /* f^(x-2) */
  ZKA_PT12 t4 = ZKA_PN(cyc_exp_x)(t3);                                       /* x(x-2) */
  ZKA_PT12 t5 = ZKA_PN(cyc_exp_x)(t4);                                       /* x^2(x-2) */
  ZKA_PT12 t6 = ZKA_P12N(mul)(ZKA_PN(cyc_exp_x)(t5), ZKA_P12N(cyclotomic_sqr)(t2)); /* x^3(x-2)+2x */
  ZKA_PT12 t7 = ZKA_PN(cyc_exp_x)(t6);                                       /* x^4(x-2)+2x^2 */
  ZKA_PT12 r = ZKA_P12N(frobenius2)(ZKA_P12N(mul)(t2, t5));
  r = ZKA_P12N(mul)(r, ZKA_P12N(frobenius3)(ZKA_P12N(mul)(t4, f)));
  r = ZKA_P12N(mul)(r, ZKA_P12N(frobenius1)(ZKA_P12N(mul)(t6, ZKA_P12N(conj)(f))));
  return ZKA_P12N(mul)(r, ZKA_P12N(mul)(ZKA_P12N(mul)(t7, ZKA_P12N(conj)(t3)), f));
#endif
}

#undef ZKA_PAIRING_CHUNK
#undef ZKA_PPAR
#undef ZKA_PT1
#undef ZKA_PT2
#undef ZKA_PT12
#undef ZKA_PG1
#undef ZKA_PG2
#undef ZKA_P1N
#undef ZKA_P2N
#undef ZKA_P6N
#undef ZKA_P12N
#undef ZKA_PN
#undef ZKA_PP
