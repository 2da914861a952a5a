/* groth16_json.c — proof.json and public.json, written exactly as snarkjs writes them
 * (JSON.stringify(value, null, 1): one-space indentation, decimal strings) and read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/g16_internal.h"
#include "circuits/json.h"
#include "core/error.h"

typedef struct {
  char *buf;
  size_t len, cap;
  int failed;
} zka_g16_sb;

static void zka_g16_sb_add(zka_g16_sb *b, const char *s) {
  size_t l = strlen(s);
  if (b->failed) return;
  if (b->len + l + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 1024) + l;
    char *n = realloc(b->buf, cap);
    if (!n) {
      b->failed = 1;
      return;
    }
    b->buf = n;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, s, l + 1);
  b->len += l;
}

/* A list of decimal strings at indentation ind: "[\n<ind+1>"a",\n...<ind>]" */
static void zka_g16_sb_list(zka_g16_sb *b, const char *const *items, int n, int ind) {
  char pad[16];
  zka_g16_sb_add(b, "[\n");
  for (int i = 0; i < n; i++) {
    memset(pad, ' ', (size_t)ind + 1);
    pad[ind + 1] = 0;
    zka_g16_sb_add(b, pad);
    zka_g16_sb_add(b, "\"");
    zka_g16_sb_add(b, items[i]);
    zka_g16_sb_add(b, i + 1 < n ? "\",\n" : "\"\n");
  }
  memset(pad, ' ', (size_t)ind);
  pad[ind] = 0;
  zka_g16_sb_add(b, pad);
  zka_g16_sb_add(b, "]");
}

/* Decimal coordinates of an affine point as snarkjs's toObject(toAffine(P)) gives them:
 * G1 [x, y, 1] (infinity [0, 1, 0]); G2 [[x0, x1], [y0, y1], [1, 0]] (infinity
 * [[0, 0], [1, 0], [0, 0]]). */
static zka_status zka_g16_point_decimals(const zka_g16_curve *c, int group, const void *aff,
                                         char dec[6][ZKA_DECIMAL_MAX]) {
  zka_status st = ZKA_OK;
  int inf = c->g[group].is_infinity(aff);
  const uint8_t *p = aff;
  int coords = group ? 4 : 2;
  for (int i = 0; i < coords && st == ZKA_OK; i++) {
    if (inf) strcpy(dec[i], group ? (i == 2 ? "1" : "0") : (i == 1 ? "1" : "0"));
    else st = c->fq_to_decimal(dec[i], ZKA_DECIMAL_MAX, p + (size_t)i * c->n8q);
  }
  if (group) {
    strcpy(dec[4], inf ? "0" : "1");
    strcpy(dec[5], "0");
  } else {
    strcpy(dec[2], inf ? "0" : "1");
  }
  return st;
}

zka_status zka_groth16_proof_to_json(char **out, const zka_groth16_proof *proof) {
  if (!out || !proof) return ZKA_ERR_INVALID_ARGUMENT;
  *out = NULL;
  const zka_g16_curve *c = zka_g16_curve_get(proof->curve);
  if (!c) return ZKA_ERR_INVALID_ARGUMENT;
  const void *a, *b, *cc;
  if (c->id == ZKA_CURVE_BN254) {
    a = &proof->u.bn254.a, b = &proof->u.bn254.b, cc = &proof->u.bn254.c;
  } else {
    a = &proof->u.bls12_381.a, b = &proof->u.bls12_381.b, cc = &proof->u.bls12_381.c;
  }
  char da[6][ZKA_DECIMAL_MAX], db[6][ZKA_DECIMAL_MAX], dc[6][ZKA_DECIMAL_MAX];
  zka_status st = zka_g16_point_decimals(c, 0, a, da);
  if (st == ZKA_OK) st = zka_g16_point_decimals(c, 1, b, db);
  if (st == ZKA_OK) st = zka_g16_point_decimals(c, 0, cc, dc);
  if (st != ZKA_OK) return st;
  zka_g16_sb s = {0};
  const char *la[3] = {da[0], da[1], da[2]}, *lc[3] = {dc[0], dc[1], dc[2]};
  zka_g16_sb_add(&s, "{\n \"pi_a\": ");
  zka_g16_sb_list(&s, la, 3, 1);
  zka_g16_sb_add(&s, ",\n \"pi_b\": [\n");
  for (int i = 0; i < 3; i++) {
    const char *pair[2] = {db[2 * i], db[2 * i + 1]};
    zka_g16_sb_add(&s, "  ");
    zka_g16_sb_list(&s, pair, 2, 2);
    zka_g16_sb_add(&s, i < 2 ? ",\n" : "\n");
  }
  zka_g16_sb_add(&s, " ],\n \"pi_c\": ");
  zka_g16_sb_list(&s, lc, 3, 1);
  zka_g16_sb_add(&s, ",\n \"protocol\": \"groth16\",\n \"curve\": \"");
  zka_g16_sb_add(&s, c->snarkjs_name);
  zka_g16_sb_add(&s, "\"\n}");
  if (s.failed) {
    free(s.buf);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  *out = s.buf;
  return ZKA_OK;
}

zka_status zka_groth16_public_to_json(char **out, const zka_wtns *w, uint32_t n_public) {
  if (!out || !w) return ZKA_ERR_INVALID_ARGUMENT;
  *out = NULL;
  if (n_public + 1 > w->count) return ZKA_ERR_INVALID_ARGUMENT;
  zka_g16_sb s = {0};
  if (n_public == 0) {
    zka_g16_sb_add(&s, "[]");
  } else {
    zka_g16_sb_add(&s, "[\n");
    for (uint32_t i = 1; i <= n_public; i++) {
      _Alignas(8) uint8_t v[32], fe[32];
      char dec[ZKA_DECIMAL_MAX];
      memcpy(v, w->values + (size_t)i * 32, 32);
      if (w->curve->fr_from_bytes_le(fe, v) != ZKA_OK ||
          w->curve->fr_to_decimal(dec, sizeof dec, fe) != ZKA_OK) {
        free(s.buf);
        return ZKA_ERR_INTERNAL;
      }
      zka_g16_sb_add(&s, " \"");
      zka_g16_sb_add(&s, dec);
      zka_g16_sb_add(&s, i < n_public ? "\",\n" : "\"\n");
    }
    zka_g16_sb_add(&s, "]");
  }
  if (s.failed) {
    free(s.buf);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  *out = s.buf;
  return ZKA_OK;
}

/* ---- reading -------------------------------------------------------------------------- */

/* Decode the point at node n of group into aff; the message names what. */
zka_status zka_g16_json_point(const zka_g16_curve *c, int group, const zka_json *j, int n,
                              void *aff, const char *what, zka_ctx *ctx);
zka_status zka_g16_json_point(const zka_g16_curve *c, int group, const zka_json *j, int n,
                              void *aff, const char *what, zka_ctx *ctx) {
  if (n < 0 || j->nodes[n].type != ZKA_JSON_ARRAY)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: missing or not an array", what);
  const zka_json_node *node = &j->nodes[n];
  zka_status st = c->g[group].from_json(aff, j->text + node->start, node->end - node->start, ctx);
  if (st != ZKA_OK) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", zka_ctx_last_error(ctx));
    return zka_error(ctx, st, "%s: %s", what, msg);
  }
  return ZKA_OK;
}

zka_status zka_groth16_proof_from_json(zka_groth16_proof *out, zka_curve_id curve, const char *text,
                                       size_t len, zka_ctx *ctx) {
  const zka_g16_curve *c = zka_g16_curve_get(curve);
  if (!out || !c) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "proof: NULL argument or unknown curve");
  zka_json j;
  zka_status st = zka_json_parse(&j, text, len, "proof", ctx);
  if (st != ZKA_OK) return st;
  zka_groth16_proof p;
  memset(&p, 0, sizeof p);
  p.curve = curve;
  int root = 0;
  if (j.nodes[root].type != ZKA_JSON_OBJECT) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "proof: not a JSON object");
    goto done;
  }
  int proto = zka_json_get(&j, root, "protocol");
  if (proto >= 0 && !zka_json_str_eq(&j, proto, "groth16")) {
    st = zka_error(ctx, ZKA_ERR_UNSUPPORTED, "proof: \"protocol\" is not \"groth16\"");
    goto done;
  }
  int cv = zka_json_get(&j, root, "curve");
  if (cv >= 0 && !zka_json_str_eq(&j, cv, c->snarkjs_name)) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "proof: \"curve\" is not \"%s\" (the verification key's)",
                   c->snarkjs_name);
    goto done;
  }
  void *a = curve == ZKA_CURVE_BN254 ? (void *)&p.u.bn254.a : (void *)&p.u.bls12_381.a;
  void *b = curve == ZKA_CURVE_BN254 ? (void *)&p.u.bn254.b : (void *)&p.u.bls12_381.b;
  void *cc = curve == ZKA_CURVE_BN254 ? (void *)&p.u.bn254.c : (void *)&p.u.bls12_381.c;
  if ((st = zka_g16_json_point(c, 0, &j, zka_json_get(&j, root, "pi_a"), a, "proof: pi_a", ctx))) goto done;
  if ((st = zka_g16_json_point(c, 1, &j, zka_json_get(&j, root, "pi_b"), b, "proof: pi_b", ctx))) goto done;
  if ((st = zka_g16_json_point(c, 0, &j, zka_json_get(&j, root, "pi_c"), cc, "proof: pi_c", ctx))) goto done;
  *out = p;
done:
  zka_json_free(&j);
  return st;
}

zka_status zka_groth16_public_from_json(uint8_t **out, size_t *count, zka_curve_id curve,
                                        const char *text, size_t len, zka_ctx *ctx) {
  const zka_g16_curve *c = zka_g16_curve_get(curve);
  if (!out || !count || !c)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "public signals: NULL argument or unknown curve");
  *out = NULL;
  *count = 0;
  zka_json j;
  zka_status st = zka_json_parse(&j, text, len, "public signals", ctx);
  if (st != ZKA_OK) return st;
  if (j.nodes[0].type != ZKA_JSON_ARRAY) {
    zka_json_free(&j);
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "public signals: not a JSON array");
  }
  size_t n = (size_t)j.nodes[0].children;
  uint8_t *v = malloc(n ? n * 32 : 1);
  if (!v) {
    zka_json_free(&j);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "public signals: out of memory");
  }
  size_t i = 0;
  for (int e = j.nodes[0].first; e >= 0; e = j.nodes[e].next, i++) {
    const zka_json_node *node = &j.nodes[e];
    if (node->type != ZKA_JSON_STRING && node->type != ZKA_JSON_NUMBER) {
      st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "public signals: value %zu is not a decimal string", i);
      break;
    }
    _Alignas(8) uint8_t fe[32];
    st = c->fr_from_decimal(fe, j.text + node->start, node->end - node->start, ctx);
    if (st != ZKA_OK) {
      char msg[256];
      snprintf(msg, sizeof msg, "%s", zka_ctx_last_error(ctx));
      st = zka_error(ctx, st, "public signals: value %zu: %s%s", i, msg,
                     st == ZKA_ERR_OUT_OF_RANGE ? " (a public signal must be below r)" : "");
      break;
    }
    c->fr_to_bytes_le(v + i * 32, fe);
  }
  zka_json_free(&j);
  if (st != ZKA_OK) {
    free(v);
    return st;
  }
  *out = v;
  *count = n;
  return ZKA_OK;
}
