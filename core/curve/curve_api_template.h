/* curve_api_template.h — internal: the pointer API of include/zkaccel/curve.h for one
 * group, over the by-value host instantiation (curves_host.h).  Included by curve.c once
 * per group.  Before including, define:
 *   ZKA_G(op)        the public names (zka_bn254_g1_##op)
 *   ZKA_GH(op)       the by-value host names (zka_bn254_g1_##op##_h)
 *   ZKA_GA, ZKA_GJ, ZKA_GX   the point types
 *   ZKA_GF, ZKA_GFH(op)      the coordinate field and its host functions
 *   ZKA_GB, ZKA_GBN(op)      the base field type and names (zka_bn254_fq, zka_bn254_fq_##op)
 *   ZKA_G_EXT        0 for G1 (coordinates in Fq), 1 for G2 (in Fq2)
 *   ZKA_G_NAME       "bn254_g1", ... for messages
 *   ZKA_G_R          the limb list of the group order r
 *   ZKA_G_COFACTOR_ONE  1 when every curve point is in the subgroup (BN254 G1)
 *   ZKA_G_SUBGROUP_FAST(p)  optional: a faster membership test for a finite point on the
 *                    curve, used instead of [r]P = O (tests compare the two)
 * All are #undef'd at the end. */

void ZKA_G(generator)(ZKA_GA *out) { *out = ZKA_GH(generator)(); }
int ZKA_G(is_infinity)(const ZKA_GA *p) { return (int)ZKA_GH(affine_is_infinity)(*p); }
void ZKA_G(infinity)(ZKA_GJ *out) { *out = ZKA_GH(infinity)(); }
void ZKA_G(affine_to_jacobian)(ZKA_GJ *out, const ZKA_GA *p) { *out = ZKA_GH(from_affine)(*p); }
void ZKA_G(jacobian_to_affine)(ZKA_GA *out, const ZKA_GJ *p) { *out = ZKA_GH(to_affine)(*p); }

/* Montgomery's trick with out[i].x as the scratch for the prefix products
 * z_0·…·z_{i-1} (over the finite points only): one inversion, then 3M per point back. */
void ZKA_G(batch_normalize)(ZKA_GA *out, const ZKA_GJ *in, size_t n) {
  ZKA_GF acc = ZKA_GFH(one)();
  for (size_t i = 0; i < n; i++) {
    out[i].x = acc;
    if (!ZKA_GH(is_infinity)(in[i])) acc = ZKA_GFH(mul)(acc, in[i].z);
  }
  acc = ZKA_GFH(inv)(acc); /* nonzero: a product of nonzero z (or 1) */
  for (size_t k = n; k-- > 0;) {
    if (ZKA_GH(is_infinity)(in[k])) {
      out[k] = ZKA_GH(affine_infinity)();
      continue;
    }
    ZKA_GF zi = ZKA_GFH(mul)(acc, out[k].x); /* 1/z_k */
    acc = ZKA_GFH(mul)(acc, in[k].z);
    ZKA_GF zi2 = ZKA_GFH(sqr)(zi);
    out[k].x = ZKA_GFH(mul)(in[k].x, zi2);
    out[k].y = ZKA_GFH(mul)(in[k].y, ZKA_GFH(mul)(zi2, zi));
  }
}

void ZKA_G(add)(ZKA_GJ *out, const ZKA_GJ *a, const ZKA_GJ *b) { *out = ZKA_GH(add)(*a, *b); }
void ZKA_G(add_mixed)(ZKA_GJ *out, const ZKA_GJ *a, const ZKA_GA *b) {
  *out = ZKA_GH(add_mixed)(*a, *b);
}
void ZKA_G(dbl)(ZKA_GJ *out, const ZKA_GJ *a) { *out = ZKA_GH(dbl)(*a); }
void ZKA_G(neg)(ZKA_GJ *out, const ZKA_GJ *a) { *out = ZKA_GH(neg)(*a); }
int ZKA_G(jacobian_eq)(const ZKA_GJ *a, const ZKA_GJ *b) { return (int)ZKA_GH(eq)(*a, *b); }
void ZKA_G(affine_neg)(ZKA_GA *out, const ZKA_GA *p) { *out = ZKA_GH(affine_neg)(*p); }
int ZKA_G(affine_eq)(const ZKA_GA *a, const ZKA_GA *b) { return (int)ZKA_GH(affine_eq)(*a, *b); }
void ZKA_G(xyzz_from_affine)(ZKA_GX *out, const ZKA_GA *p) { *out = ZKA_GH(xyzz_from_affine)(*p); }
void ZKA_G(xyzz_to_affine)(ZKA_GA *out, const ZKA_GX *p) { *out = ZKA_GH(xyzz_to_affine)(*p); }
void ZKA_G(xyzz_from_jacobian)(ZKA_GX *out, const ZKA_GJ *p) {
  *out = ZKA_GH(xyzz_from_jacobian)(*p);
}
void ZKA_G(xyzz_to_jacobian)(ZKA_GJ *out, const ZKA_GX *p) { *out = ZKA_GH(xyzz_to_jacobian)(*p); }
void ZKA_G(xyzz_add)(ZKA_GX *out, const ZKA_GX *a, const ZKA_GX *b) {
  *out = ZKA_GH(xyzz_add)(*a, *b);
}
void ZKA_G(xyzz_add_mixed)(ZKA_GX *out, const ZKA_GX *a, const ZKA_GA *b) {
  *out = ZKA_GH(xyzz_add_mixed)(*a, *b);
}
void ZKA_G(xyzz_dbl)(ZKA_GX *out, const ZKA_GX *a) { *out = ZKA_GH(xyzz_dbl)(*a); }

void ZKA_G(mul_var)(ZKA_GJ *out, const ZKA_GJ *p, const uint8_t scalar_le[32]) {
  zka_u64 k[4];
  zka_scalar_to_limbs(k, scalar_le);
  *out = ZKA_GH(mul_limbs_var)(*p, k, 4);
}

void ZKA_G(affine_mul_var)(ZKA_GA *out, const ZKA_GA *p, const uint8_t scalar_le[32]) {
  zka_u64 k[4];
  zka_scalar_to_limbs(k, scalar_le);
  *out = ZKA_GH(to_affine)(ZKA_GH(mul_limbs_var)(ZKA_GH(from_affine)(*p), k, 4));
}

int ZKA_G(is_on_curve)(const ZKA_GA *p) { return (int)ZKA_GH(affine_is_on_curve)(*p); }

/* Internal by-value subgroup test for a point already known to be on the curve. */
static int ZKA_G(in_subgroup_on_curve)(ZKA_GA p) {
#if ZKA_G_COFACTOR_ONE
  (void)p;
  return 1;
#else
  if (ZKA_GH(affine_is_infinity)(p)) return 1;
#ifdef ZKA_G_SUBGROUP_FAST
  return ZKA_G_SUBGROUP_FAST(p);
#else
  static const zka_u64 r[4] = {ZKA_G_R};
  return (int)ZKA_GH(is_infinity)(ZKA_GH(mul_limbs_var)(ZKA_GH(from_affine)(p), r, 4));
#endif
#endif
}

int ZKA_G(in_subgroup)(const ZKA_GA *p) {
  if (!ZKA_GH(affine_is_on_curve)(*p)) return 0;
  return ZKA_G(in_subgroup_on_curve)(*p);
}

/* ---- snarkjs JSON ------------------------------------------------------------------ */

#if ZKA_G_EXT
#define ZKA_G_NSTR 6
static const char *const ZKA_G(json_names)[6] = {"x.c0 ([0][0])", "x.c1 ([0][1])",
                                                 "y.c0 ([1][0])", "y.c1 ([1][1])",
                                                 "z.c0 ([2][0])", "z.c1 ([2][1])"};
#else
#define ZKA_G_NSTR 3
static const char *const ZKA_G(json_names)[3] = {"x ([0])", "y ([1])", "z ([2])"};
#endif

zka_status ZKA_G(from_json)(ZKA_GA *out, const char *json, size_t len, zka_ctx *ctx) {
  if (!out || !json) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, ZKA_G_NAME " JSON: NULL argument");
  zka_json_str s[ZKA_G_NSTR];
  zka_status st = zka_json_point_strings(json, len, ZKA_G_EXT, s, ZKA_G_NAME, ctx);
  if (st != ZKA_OK) return st;
  ZKA_GB c[ZKA_G_NSTR];
  char what[96];
  for (int i = 0; i < ZKA_G_NSTR; i++) {
    snprintf(what, sizeof what, ZKA_G_NAME " JSON: %s", ZKA_G(json_names)[i]);
    st = ZKA_GBN(parse_dec)(&c[i], json + s[i].off, s[i].len, what, ctx);
    if (st != ZKA_OK) return st;
  }
  ZKA_GA p;
#if ZKA_G_EXT
  p.x.c0 = c[0];
  p.x.c1 = c[1];
  p.y.c0 = c[2];
  p.y.c1 = c[3];
  int z_one = ZKA_GBN(eq_h)(c[4], ZKA_GBN(one_h)()) && ZKA_GBN(is_zero_h)(c[5]);
  int z_zero = ZKA_GBN(is_zero_h)(c[4]) && ZKA_GBN(is_zero_h)(c[5]);
  const char *z_rule = "z must be [\"1\",\"0\"] (an affine point) or [\"0\",\"0\"] (infinity)";
#else
  p.x = c[0];
  p.y = c[1];
  int z_one = (int)ZKA_GBN(eq_h)(c[2], ZKA_GBN(one_h)());
  int z_zero = (int)ZKA_GBN(is_zero_h)(c[2]);
  const char *z_rule = "z must be \"1\" (an affine point) or \"0\" (infinity)";
#endif
  if (z_zero) {
    *out = ZKA_GH(affine_infinity)();
    return ZKA_OK;
  }
  if (!z_one)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     ZKA_G_NAME " JSON: %s; other projective z are not accepted", z_rule);
  if (ZKA_GH(affine_is_infinity)(p) || !ZKA_GH(affine_is_on_curve)(p))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     ZKA_G_NAME " JSON: the point (x, y) is not on the curve y^2 = x^3 + b");
  if (!ZKA_G(in_subgroup_on_curve)(p))
    return zka_error(ctx, ZKA_ERR_NOT_IN_SUBGROUP,
                     ZKA_G_NAME " JSON: the point is on the curve but not in the order-r subgroup");
  *out = p;
  return ZKA_OK;
}

zka_status ZKA_G(to_json)(char *out, size_t cap, const ZKA_GA *p) {
  if (!out || !p) return ZKA_ERR_INVALID_ARGUMENT;
  char d[ZKA_G_NSTR][ZKA_DECIMAL_MAX];
  if (ZKA_GH(affine_is_infinity)(*p)) {
#if ZKA_G_EXT
    static const char *const inf[6] = {"0", "0", "1", "0", "0", "0"};
#else
    static const char *const inf[3] = {"0", "1", "0"};
#endif
    for (int i = 0; i < ZKA_G_NSTR; i++) strcpy(d[i], inf[i]);
  } else {
#if ZKA_G_EXT
    ZKA_GB c[4] = {p->x.c0, p->x.c1, p->y.c0, p->y.c1};
    for (int i = 0; i < 4; i++) zka_dec_format(d[i], ZKA_GBN(from_mont_h)(c[i]).l, (int)(sizeof c[i].l / 8));
    strcpy(d[4], "1");
    strcpy(d[5], "0");
#else
    zka_dec_format(d[0], ZKA_GBN(from_mont_h)(p->x).l, (int)(sizeof p->x.l / 8));
    zka_dec_format(d[1], ZKA_GBN(from_mont_h)(p->y).l, (int)(sizeof p->y.l / 8));
    strcpy(d[2], "1");
#endif
  }
  int n;
#if ZKA_G_EXT
  n = snprintf(out, cap, "[[\"%s\",\"%s\"],[\"%s\",\"%s\"],[\"%s\",\"%s\"]]", d[0], d[1], d[2], d[3],
               d[4], d[5]);
#else
  n = snprintf(out, cap, "[\"%s\",\"%s\",\"%s\"]", d[0], d[1], d[2]);
#endif
  if (n < 0 || (size_t)n >= cap) {
    if (cap) out[0] = 0;
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

#undef ZKA_G_NSTR
#undef ZKA_G
#undef ZKA_GH
#undef ZKA_GA
#undef ZKA_GJ
#undef ZKA_GX
#undef ZKA_GF
#undef ZKA_GFH
#undef ZKA_GB
#undef ZKA_GBN
#undef ZKA_G_EXT
#undef ZKA_G_NAME
#undef ZKA_G_R
#undef ZKA_G_COFACTOR_ONE
#undef ZKA_G_SUBGROUP_FAST
