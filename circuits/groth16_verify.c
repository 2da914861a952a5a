/* groth16_verify.c — snarkjs verification keys and the Groth16 pairing check:
 *   e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) = 1,  vk_x = IC_0 + sum pub_i·IC_i
 * (one multi-Miller loop and one final exponentiation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/g16_internal.h"
#include "circuits/json.h"
#include "core/error.h"

zka_status zka_g16_json_point(const zka_g16_curve *c, int group, const zka_json *j, int n,
                              void *aff, const char *what, zka_ctx *ctx);

struct zka_groth16_vkey {
  const zka_g16_curve *curve;
  uint32_t n_public;
  _Alignas(8) uint8_t alpha1[ZKA_G16_MAX_G1_AFF];
  _Alignas(8) uint8_t beta2[ZKA_G16_MAX_G2_AFF], gamma2[ZKA_G16_MAX_G2_AFF],
      delta2[ZKA_G16_MAX_G2_AFF];
  uint8_t *ic; /* n_public + 1 affine G1 points (malloc'd: aligned) */
};

zka_status zka_groth16_vkey_from_json(zka_groth16_vkey **out, const char *text, size_t len,
                                      zka_ctx *ctx) {
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "verification key: NULL argument");
  zka_json j;
  zka_status st = zka_json_parse(&j, text, len, "verification key", ctx);
  if (st != ZKA_OK) return st;
  zka_groth16_vkey *vk = calloc(1, sizeof *vk);
  if (!vk) {
    zka_json_free(&j);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "verification key: out of memory");
  }
  int root = 0;
  int proto, curve, np, ic;
  if (j.nodes[root].type != ZKA_JSON_OBJECT) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "verification key: not a JSON object");
    goto fail;
  }
  proto = zka_json_get(&j, root, "protocol");
  if (proto < 0) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "verification key: no \"protocol\"");
    goto fail;
  }
  if (!zka_json_str_eq(&j, proto, "groth16")) {
    st = zka_error(ctx, ZKA_ERR_UNSUPPORTED, "verification key: protocol %.*s, expected \"groth16\"",
                   (int)(j.nodes[proto].end - j.nodes[proto].start), j.text + j.nodes[proto].start);
    goto fail;
  }
  curve = zka_json_get(&j, root, "curve");
  if (zka_json_str_eq(&j, curve, "bn128")) vk->curve = zka_g16_curve_get(ZKA_CURVE_BN254);
  else if (zka_json_str_eq(&j, curve, "bls12381")) vk->curve = zka_g16_curve_get(ZKA_CURVE_BLS12_381);
  else {
    st = zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                   "verification key: \"curve\" missing or not \"bn128\"/\"bls12381\"");
    goto fail;
  }
  const zka_g16_curve *c = vk->curve;
  np = zka_json_get(&j, root, "nPublic");
  if (np < 0 || j.nodes[np].type != ZKA_JSON_NUMBER) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "verification key: \"nPublic\" missing or not a number");
    goto fail;
  }
  {
    unsigned long v = 0;
    for (size_t i = j.nodes[np].start; i < j.nodes[np].end; i++) {
      char ch = j.text[i];
      if (ch < '0' || ch > '9' || v > 100000000UL) {
        st = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "verification key: \"nPublic\" is not a count");
        goto fail;
      }
      v = v * 10 + (unsigned long)(ch - '0');
    }
    vk->n_public = (uint32_t)v;
  }
  if ((st = zka_g16_json_point(c, 0, &j, zka_json_get(&j, root, "vk_alpha_1"), vk->alpha1,
                               "verification key: vk_alpha_1", ctx)))
    goto fail;
  if ((st = zka_g16_json_point(c, 1, &j, zka_json_get(&j, root, "vk_beta_2"), vk->beta2,
                               "verification key: vk_beta_2", ctx)))
    goto fail;
  if ((st = zka_g16_json_point(c, 1, &j, zka_json_get(&j, root, "vk_gamma_2"), vk->gamma2,
                               "verification key: vk_gamma_2", ctx)))
    goto fail;
  if ((st = zka_g16_json_point(c, 1, &j, zka_json_get(&j, root, "vk_delta_2"), vk->delta2,
                               "verification key: vk_delta_2", ctx)))
    goto fail;
  ic = zka_json_get(&j, root, "IC");
  if (ic < 0 || j.nodes[ic].type != ZKA_JSON_ARRAY ||
      (uint32_t)j.nodes[ic].children != vk->n_public + 1) {
    st = zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                   "verification key: \"IC\" must be an array of nPublic + 1 = %u points",
                   vk->n_public + 1);
    goto fail;
  }
  vk->ic = malloc((size_t)(vk->n_public + 1) * c->g1_aff);
  if (!vk->ic) {
    st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "verification key: out of memory");
    goto fail;
  }
  for (uint32_t i = 0; i <= vk->n_public; i++) {
    char what[64];
    snprintf(what, sizeof what, "verification key: IC[%u]", i);
    if ((st = zka_g16_json_point(c, 0, &j, zka_json_at(&j, ic, (int)i), vk->ic + (size_t)i * c->g1_aff,
                                 what, ctx)))
      goto fail;
  }
  zka_json_free(&j);
  *out = vk;
  return ZKA_OK;
fail:
  zka_json_free(&j);
  zka_groth16_vkey_destroy(vk);
  return st;
}

void zka_groth16_vkey_destroy(zka_groth16_vkey *vk) {
  if (!vk) return;
  free(vk->ic);
  free(vk);
}

zka_curve_id zka_groth16_vkey_curve(const zka_groth16_vkey *vk) { return vk ? vk->curve->id : (zka_curve_id)0; }
uint32_t zka_groth16_vkey_n_public(const zka_groth16_vkey *vk) { return vk ? vk->n_public : 0; }

zka_status zka_groth16_verify(const zka_groth16_vkey *vk, const zka_groth16_proof *proof,
                              const uint8_t *pub, size_t count, zka_ctx *ctx) {
  if (!vk || !proof || (count && !pub))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "groth16 verify: NULL argument");
  const zka_g16_curve *c = vk->curve;
  if (proof->curve != c->id)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "groth16 verify: the proof is over another curve");
  if (count != vk->n_public)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "groth16 verify: %zu public signals given, the verification key expects %u",
                     count, vk->n_public);
  /* vk_x = IC_0 + sum pub_i · IC_{i+1} */
  _Alignas(8) uint8_t acc[ZKA_G16_MAX_G1_JAC], term[ZKA_G16_MAX_G1_JAC];
  c->g[0].to_jac(acc, vk->ic);
  for (size_t i = 0; i < count; i++) {
    _Alignas(8) uint8_t fe[32];
    if (c->fr_from_bytes_le(fe, pub + i * 32) != ZKA_OK)
      return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE, "groth16 verify: public signal %zu is >= r", i);
    c->g[0].to_jac(term, vk->ic + (i + 1) * c->g1_aff);
    c->g[0].mul_var(term, term, pub + i * 32);
    c->g[0].add(acc, acc, term);
  }
  _Alignas(8) uint8_t p1[4 * ZKA_G16_MAX_G1_AFF], q2[4 * ZKA_G16_MAX_G2_AFF];
  size_t g1 = c->g1_aff, g2 = c->g2_aff;
  const void *a, *b, *cc;
  if (c->id == ZKA_CURVE_BN254) {
    a = &proof->u.bn254.a, b = &proof->u.bn254.b, cc = &proof->u.bn254.c;
  } else {
    a = &proof->u.bls12_381.a, b = &proof->u.bls12_381.b, cc = &proof->u.bls12_381.c;
  }
  c->g[0].affine_neg(p1, a);
  memcpy(q2, b, g2);
  memcpy(p1 + g1, vk->alpha1, g1);
  memcpy(q2 + g2, vk->beta2, g2);
  c->g[0].to_aff(p1 + 2 * g1, acc);
  memcpy(q2 + 2 * g2, vk->gamma2, g2);
  memcpy(p1 + 3 * g1, cc, g1);
  memcpy(q2 + 3 * g2, vk->delta2, g2);
  if (!c->pairing_check(p1, q2, 4))
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "groth16 verify: the pairing equation does not hold");
  return ZKA_OK;
}
