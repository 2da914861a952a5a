/* zkey.c — snarkjs Groth16 proving keys (.zkey): map, check every header, section and point.
 * Layout: /work/shared/SNARKJS-FORMATS.md, summarized in circuits/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuits/g16_internal.h"
#include "core/error.h"

static const char *const zka_zkey_set_names[ZKA_G16_SETS] = {
    "section 5 (A points)", "section 6 (B1 points)", "section 7 (B2 points)",
    "section 8 (C points)", "section 9 (H points)"};

/* ---- opening: a file (mapped) or a copy of bytes, then the format's parser ------------ */

/* Both parsed forms start with their zka_binfile (g16_internal.h), so one loader serves
 * both: allocate size bytes, open or copy the container, parse, or close and free. */
static zka_status zka_g16_load(void **out, size_t size, const char *path, const void *data, size_t len,
                               const char *name, const char magic[4],
                               zka_status (*parse)(void *obj, zka_ctx *ctx), void (*close_fn)(void *obj),
                               zka_ctx *ctx) {
  if (!out || (path == NULL && data == NULL && len))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "open .%.4s: NULL argument", magic);
  if (!path && !name) name = magic[0] == 'z' ? "zkey" : "wtns";
  void *obj = calloc(1, size);
  if (!obj) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "open .%.4s: out of memory", magic);
  zka_binfile *f = obj;
  zka_status st = path ? zka_binfile_open(f, path, magic, ctx) : zka_binfile_from_bytes(f, data, len, name, magic, ctx);
  if (st == ZKA_OK) st = parse(obj, ctx);
  if (st != ZKA_OK) {
    close_fn(obj);
    return st;
  }
  *out = obj;
  return ZKA_OK;
}

static zka_status zka_zkey_parse_any(void *z, zka_ctx *ctx);
static zka_status zka_wtns_parse_any(void *w, zka_ctx *ctx);
static void zka_zkey_close_any(void *z) { zka_zkey_close(z); }
static void zka_wtns_close_any(void *w) { zka_wtns_close(w); }

/* ---- point checks, threaded ---------------------------------------------------------- */

typedef struct {
  const zka_g16_curve *c;
  const uint8_t *pts;
  size_t n, size;
  int group; /* 0: G1, 1: G2 */
  size_t first_bad[64];
  int why[64]; /* 1: coordinate >= q, 2: off the curve */
} zka_zkey_check_job;

static void zka_zkey_check_body(void *arg, unsigned t, unsigned nt) {
  zka_zkey_check_job *j = arg;
  size_t lo = j->n * t / nt, hi = j->n * (t + 1) / nt;
  unsigned coords = j->group ? 4 : 2;
  j->first_bad[t] = SIZE_MAX;
  for (size_t i = lo; i < hi; i++) {
    const uint8_t *p = j->pts + i * j->size;
    for (unsigned k = 0; k < coords; k++)
      if (!zka_g16_fq_raw_in_range(j->c, p + k * j->c->n8q)) {
        j->first_bad[t] = i;
        j->why[t] = 1;
        return;
      }
    if (!j->c->g[j->group].is_on_curve(p)) {
      j->first_bad[t] = i;
      j->why[t] = 2;
      return;
    }
  }
}

/* Check n points of group at pts (8-byte aligned); the message names file and section. */
static zka_status zka_zkey_check_points(const zka_zkey *z, const char *what, const uint8_t *pts,
                                        size_t n, int group, zka_ctx *ctx) {
  zka_zkey_check_job j;
  memset(&j, 0, sizeof j);
  j.c = z->curve;
  j.pts = pts;
  j.n = n;
  j.group = group;
  j.size = group ? z->curve->g2_aff : z->curve->g1_aff;
  unsigned nt = n < 4096 ? 1 : zka_g16_threads();
  zka_g16_parallel(nt, zka_zkey_check_body, &j);
  size_t bad = SIZE_MAX;
  int why = 0;
  for (unsigned t = 0; t < nt; t++)
    if (j.first_bad[t] < bad) {
      bad = j.first_bad[t];
      why = j.why[t];
    }
  if (bad == SIZE_MAX) return ZKA_OK;
  if (why == 1)
    return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE,
                     "%s: %s: point %zu has a coordinate >= q (not a reduced Montgomery value)",
                     z->file.name, what, bad);
  return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE, "%s: %s: point %zu is not on the %s %s curve",
                   z->file.name, what, bad, z->curve->snarkjs_name, group ? "G2" : "G1");
}

/* ---- parsing -------------------------------------------------------------------------- */

static zka_status zka_zkey_expect_size(const zka_zkey *z, uint32_t id, const char *what,
                                       uint64_t got, uint64_t want, zka_ctx *ctx) {
  if (got == want) return ZKA_OK;
  return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                   "%s: section %u (%s) has %llu bytes, expected %llu from the header",
                   z->file.name, id, what, (unsigned long long)got, (unsigned long long)want);
}

static zka_status zka_zkey_parse(zka_zkey *z, zka_ctx *ctx) {
  const char *fn = z->file.name;
  const uint8_t *p;
  uint64_t sz;
  zka_status st;
  if (z->file.version != 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: zkey version %u (only version 1 is known)",
                     fn, z->file.version);
  if ((st = zka_binfile_section_get(&z->file, ZKA_ZKEY_HEADER, &p, &sz, ctx))) return st;
  if (sz != 4)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 1 (header) has %llu bytes, expected 4",
                     fn, (unsigned long long)sz);
  uint32_t protocol = zka_le32(p);
  if (protocol != 1) {
    const char *name = protocol == 2 ? "PLONK" : protocol == 10 ? "FFLONK" : "an unknown protocol";
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: this is a %s proving key (protocol %u in section 1); zkaccel proves "
                     "Groth16 (protocol 1) only",
                     fn, name, protocol);
  }
  if ((st = zka_binfile_section_get(&z->file, ZKA_ZKEY_GROTH16_HEADER, &p, &sz, ctx))) return st;
  if (sz < 4)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 2 (Groth16 header) is truncated", fn);
  uint32_t n8q = zka_le32(p);
  if ((n8q != 32 && n8q != 48) || sz < 4 + (uint64_t)n8q + 4)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: section 2 (Groth16 header): base-field size %u bytes (32 or 48 expected) "
                     "or section too short",
                     fn, n8q);
  const uint8_t *q = p + 4;
  uint32_t n8r = zka_le32(p + 4 + n8q);
  z->curve = zka_g16_curve_by_q(q, n8q);
  if (!z->curve)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "%s: section 2: the base field is neither bn128's nor bls12381's", fn);
  if (n8r != 32 || sz < 4 + (uint64_t)n8q + 4 + n8r)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 2: scalar size %u bytes, expected 32",
                     fn, n8r);
  const zka_g16_curve *c = z->curve;
  if (memcmp(p + 8 + n8q, c->r_le, 32) != 0)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: section 2: the scalar field is not %s's group order", fn, c->snarkjs_name);
  size_t g1 = c->g1_aff, g2 = c->g2_aff;
  uint64_t want = 4 + n8q + 4 + n8r + 12 + 3 * g1 + 3 * g2;
  if ((st = zka_zkey_expect_size(z, 2, "Groth16 header", sz, want, ctx))) return st;
  const uint8_t *h = p + 8 + n8q + n8r;
  z->info.curve = c->id;
  z->info.n_vars = zka_le32(h);
  z->info.n_public = zka_le32(h + 4);
  z->info.domain_size = zka_le32(h + 8);
  uint32_t d = z->info.domain_size, log = 0;
  while (log < 32 && ((uint32_t)1 << log) < d) log++;
  if (d < 2 || ((uint32_t)1 << log) != d)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 2: domain size %u is not a power of two >= 2",
                     fn, d);
  if (log + 1 > 27)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "%s: domain 2^%u: the prover's coset NTT needs 2^%u, above zkaccel's 2^27",
                     fn, log, log + 1);
  z->info.log_domain = log;
  if (z->info.n_vars < 1 || z->info.n_public >= z->info.n_vars)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 2: %u public signals but %u variables",
                     fn, z->info.n_public, z->info.n_vars);
  /* header points */
  const uint8_t *hp = h + 12;
  memcpy(z->alpha1, hp, g1);
  memcpy(z->beta1, hp + g1, g1);
  memcpy(z->beta2, hp + 2 * g1, g2);
  memcpy(z->gamma2, hp + 2 * g1 + g2, g2);
  memcpy(z->delta1, hp + 2 * g1 + 2 * g2, g1);
  memcpy(z->delta2, hp + 3 * g1 + 2 * g2, g2);
  const uint8_t *g1s[3] = {z->alpha1, z->beta1, z->delta1};
  const uint8_t *g2s[3] = {z->beta2, z->gamma2, z->delta2};
  static const char *const n1[3] = {"alpha1", "beta1", "delta1"};
  static const char *const n2[3] = {"beta2", "gamma2", "delta2"};
  char what[64];
  for (int i = 0; i < 3; i++) {
    snprintf(what, sizeof what, "section 2 (%s)", n1[i]);
    if ((st = zka_zkey_check_points(z, what, g1s[i], 1, 0, ctx))) return st;
    snprintf(what, sizeof what, "section 2 (%s)", n2[i]);
    if ((st = zka_zkey_check_points(z, what, g2s[i], 1, 1, ctx))) return st;
  }
  uint32_t nv = z->info.n_vars, np = z->info.n_public;
  /* IC */
  if ((st = zka_binfile_section_get(&z->file, ZKA_ZKEY_IC, &p, &sz, ctx))) return st;
  if ((st = zka_zkey_expect_size(z, 3, "IC", sz, (uint64_t)(np + 1) * g1, ctx))) return st;
  z->ic = p;
  /* coefficients */
  if ((st = zka_binfile_section_get(&z->file, ZKA_ZKEY_COEFFS, &p, &sz, ctx))) return st;
  if (sz < 4) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 4 (coefficients) is truncated", fn);
  uint64_t ncoef = zka_le32(p);
  if ((st = zka_zkey_expect_size(z, 4, "coefficients", sz, 4 + ncoef * (12 + 32), ctx))) return st;
  z->coefs = p + 4;
  z->info.n_coefficients = ncoef;
  uint32_t max_row = 0;
  for (uint64_t i = 0; i < ncoef; i++) {
    const uint8_t *e = z->coefs + i * 44;
    uint32_t m = zka_le32(e), row = zka_le32(e + 4), sig = zka_le32(e + 8);
    if (m > 1 || row >= d || sig >= nv) {
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: section 4 (coefficients): entry %llu names matrix %u, row %u, signal %u "
                       "(expected matrix 0 or 1, row < %u, signal < %u)",
                       fn, (unsigned long long)i, m, row, sig, d, nv);
    }
    _Alignas(8) uint8_t v[32];
    memcpy(v, e + 12, 32);
    _Alignas(8) uint8_t tmp[32];
    if (c->fr_from_bytes_le(tmp, v) != ZKA_OK)
      return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE,
                       "%s: section 4 (coefficients): entry %llu's value is >= r", fn,
                       (unsigned long long)i);
    if (m == 0 && row > max_row) max_row = row;
  }
  /* snarkjs appends one A row per public signal and the constant after the constraints */
  z->info.n_constraints = ncoef ? (max_row + 1 > np + 1 ? max_row + 1 - (np + 1) : 0) : 0;
  /* point sets */
  static const uint32_t ids[ZKA_G16_SETS] = {ZKA_ZKEY_POINTS_A, ZKA_ZKEY_POINTS_B1,
                                              ZKA_ZKEY_POINTS_B2, ZKA_ZKEY_POINTS_C,
                                              ZKA_ZKEY_POINTS_H};
  size_t counts[ZKA_G16_SETS] = {nv, nv, nv, nv - np - 1, d};
  for (int s = 0; s < ZKA_G16_SETS; s++) {
    int group = s == ZKA_G16_SET_B2;
    size_t ps = group ? g2 : g1;
    if ((st = zka_binfile_section_get(&z->file, ids[s], &p, &sz, ctx))) return st;
    if (sz != (uint64_t)counts[s] * ps)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: %s has %llu bytes, expected %zu points of %zu bytes = %llu", fn,
                       zka_zkey_set_names[s], (unsigned long long)sz, counts[s], ps,
                       (unsigned long long)counts[s] * ps);
    z->counts[s] = counts[s];
    if (((uintptr_t)p & 7) == 0) {
      z->points[s] = p;
    } else { /* points are read as structs of 64-bit limbs: keep them aligned */
      z->owned[s] = malloc(sz ? sz : 1);
      if (!z->owned[s])
        return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: %s: cannot copy %llu bytes", fn,
                         zka_zkey_set_names[s], (unsigned long long)sz);
      memcpy(z->owned[s], p, sz);
      z->points[s] = z->owned[s];
    }
    if ((st = zka_zkey_check_points(z, zka_zkey_set_names[s], z->points[s], counts[s], group, ctx)))
      return st;
  }
  /* IC points (checked through an aligned copy, one at a time) */
  for (uint32_t i = 0; i <= np; i++) {
    _Alignas(8) uint8_t pt[ZKA_G16_MAX_G1_AFF];
    memcpy(pt, z->ic + (size_t)i * g1, g1);
    snprintf(what, sizeof what, "section 3 (IC[%u])", i);
    if ((st = zka_zkey_check_points(z, what, pt, 1, 0, ctx))) return st;
  }
  z->info.file_bytes = z->file.len;
  return ZKA_OK;
}

static zka_status zka_zkey_parse_any(void *z, zka_ctx *ctx) { return zka_zkey_parse(z, ctx); }

zka_status zka_zkey_open(zka_zkey **out, const char *path, zka_ctx *ctx) {
  if (!path) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_zkey_open: NULL path");
  void *obj = NULL;
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_zkey_open: NULL out");
  zka_status st = zka_g16_load(&obj, sizeof(zka_zkey), path, NULL, 0, NULL, "zkey", zka_zkey_parse_any,
                               zka_zkey_close_any, ctx);
  if (st == ZKA_OK) *out = obj;
  return st;
}

zka_status zka_zkey_from_bytes(zka_zkey **out, const void *data, size_t len, const char *name,
                               zka_ctx *ctx) {
  void *obj = NULL;
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_zkey_from_bytes: NULL out");
  zka_status st = zka_g16_load(&obj, sizeof(zka_zkey), NULL, data, len, name, "zkey", zka_zkey_parse_any,
                               zka_zkey_close_any, ctx);
  if (st == ZKA_OK) *out = obj;
  return st;
}

void zka_zkey_close(zka_zkey *z) {
  if (!z) return;
  for (int s = 0; s < ZKA_G16_SETS; s++) free(z->owned[s]);
  zka_binfile_close(&z->file);
  free(z);
}

void zka_zkey_get_info(const zka_zkey *z, zka_zkey_info *out) {
  if (!z || !out) return;
  *out = z->info;
}

/* ---- witness -------------------------------------------------------------------------- */

static zka_status zka_wtns_parse(zka_wtns *w, zka_ctx *ctx) {
  const char *fn = w->file.name;
  const uint8_t *p;
  uint64_t sz;
  zka_status st;
  if (w->file.version != 2)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: wtns version %u (only version 2 is known)", fn,
                     w->file.version);
  if ((st = zka_binfile_section_get(&w->file, 1, &p, &sz, ctx))) return st;
  if (sz < 4) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section 1 (header) is truncated", fn);
  uint32_t n8 = zka_le32(p);
  if (sz != 4 + (uint64_t)n8 + 4)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: section 1 (header) has %llu bytes, expected %llu for %u-byte values", fn,
                     (unsigned long long)sz, (unsigned long long)(8 + (uint64_t)n8), n8);
  w->curve = zka_g16_curve_by_r(p + 4, n8);
  if (!w->curve)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "%s: section 1: the prime is neither bn128's nor bls12381's group order", fn);
  w->count = zka_le32(p + 4 + n8);
  if ((st = zka_binfile_section_get(&w->file, 2, &p, &sz, ctx))) return st;
  if (sz != (uint64_t)w->count * 32)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: section 2 (values) has %llu bytes, expected %u values of 32 bytes", fn,
                     (unsigned long long)sz, w->count);
  w->values = p;
  for (uint32_t i = 0; i < w->count; i++) {
    _Alignas(8) uint8_t v[32], tmp[32];
    memcpy(v, p + (size_t)i * 32, 32);
    if (w->curve->fr_from_bytes_le(tmp, v) != ZKA_OK)
      return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE, "%s: section 2: value %u is >= r", fn, i);
  }
  if (w->count < 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: the witness is empty", fn);
  return ZKA_OK;
}

static zka_status zka_wtns_parse_any(void *w, zka_ctx *ctx) { return zka_wtns_parse(w, ctx); }

zka_status zka_wtns_open(zka_wtns **out, const char *path, zka_ctx *ctx) {
  if (!path) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_wtns_open: NULL path");
  void *obj = NULL;
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_wtns_open: NULL out");
  zka_status st = zka_g16_load(&obj, sizeof(zka_wtns), path, NULL, 0, NULL, "wtns", zka_wtns_parse_any,
                               zka_wtns_close_any, ctx);
  if (st == ZKA_OK) *out = obj;
  return st;
}

zka_status zka_wtns_from_bytes(zka_wtns **out, const void *data, size_t len, const char *name,
                               zka_ctx *ctx) {
  void *obj = NULL;
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_wtns_from_bytes: NULL out");
  zka_status st = zka_g16_load(&obj, sizeof(zka_wtns), NULL, data, len, name, "wtns", zka_wtns_parse_any,
                               zka_wtns_close_any, ctx);
  if (st == ZKA_OK) *out = obj;
  return st;
}

void zka_wtns_close(zka_wtns *w) {
  if (!w) return;
  zka_binfile_close(&w->file);
  free(w);
}

uint32_t zka_wtns_count(const zka_wtns *w) { return w ? w->count : 0; }
zka_curve_id zka_wtns_curve(const zka_wtns *w) { return w ? w->curve->id : (zka_curve_id)0; }
const uint8_t *zka_wtns_value(const zka_wtns *w, uint32_t i) {
  return (w && i < w->count) ? w->values + (size_t)i * 32 : NULL;
}
