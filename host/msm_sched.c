#define _POSIX_C_SOURCE 200809L /* getpid */
/* msm_sched.c — zka_msm and fixed-base plans on the scheduler (sched.h).
 *
 * An MSM job is n rows (point, scalar); each chunk a device runs yields one partial sum,
 * and the host adds the partial sums.  Scalars >= r are reduced first.  Plans extend the
 * bases with precomputed multiples P * 2^(j*L) once (optionally cached in a file), so each
 * run is an MSM over n*k points with L-bit scalars. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "host/sched.h"
#include "kernels/common/zka_target.h"
#include "core/params/bls12_381_fr.h"
#include "core/params/bn254_fr.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"

/* ---- the groups, through the public curve API -------------------------------------------- */

typedef struct {
  zka_group_id id;
  const char *name;
  size_t aff, jac;
  uint64_t r[4];
  unsigned r_bits;
  void (*infinity)(void *jac);
  void (*add)(void *out, const void *a, const void *b);
  void (*dbl)(void *out, const void *a);
  void (*from_affine)(void *jac, const void *aff);
  void (*to_affine)(void *aff, const void *jac);
  void (*batch_normalize)(void *aff, const void *jac, size_t n);
  void (*generator)(void *aff);
} zka_group_ops;

#define ZKA_GROUP_WRAP(G)                                                                       \
  static void zka_g_inf_##G(void *o) { zka_##G##_infinity(o); }                                 \
  static void zka_g_add_##G(void *o, const void *a, const void *b) { zka_##G##_add(o, a, b); }  \
  static void zka_g_dbl_##G(void *o, const void *a) { zka_##G##_dbl(o, a); }                    \
  static void zka_g_fa_##G(void *o, const void *a) { zka_##G##_affine_to_jacobian(o, a); }      \
  static void zka_g_ta_##G(void *o, const void *a) { zka_##G##_jacobian_to_affine(o, a); }      \
  static void zka_g_bn_##G(void *o, const void *a, size_t n) { zka_##G##_batch_normalize(o, a, n); } \
  static void zka_g_gen_##G(void *o) { zka_##G##_generator(o); }
ZKA_GROUP_WRAP(bn254_g1)
ZKA_GROUP_WRAP(bn254_g2)
ZKA_GROUP_WRAP(bls12_381_g1)
ZKA_GROUP_WRAP(bls12_381_g2)
#define ZKA_GROUP_OPS(G) zka_g_inf_##G, zka_g_add_##G, zka_g_dbl_##G, zka_g_fa_##G, zka_g_ta_##G, zka_g_bn_##G, zka_g_gen_##G

static const zka_group_ops zka_groups[4] = {
    {ZKA_GROUP_BN254_G1, "bn254_g1", sizeof(zka_bn254_g1_affine), sizeof(zka_bn254_g1_jacobian),
     {ZKA_BN254_FR_P}, 254, ZKA_GROUP_OPS(bn254_g1)},
    {ZKA_GROUP_BN254_G2, "bn254_g2", sizeof(zka_bn254_g2_affine), sizeof(zka_bn254_g2_jacobian),
     {ZKA_BN254_FR_P}, 254, ZKA_GROUP_OPS(bn254_g2)},
    {ZKA_GROUP_BLS12_381_G1, "bls12_381_g1", sizeof(zka_bls12_381_g1_affine), sizeof(zka_bls12_381_g1_jacobian),
     {ZKA_BLS12_381_FR_P}, 255, ZKA_GROUP_OPS(bls12_381_g1)},
    {ZKA_GROUP_BLS12_381_G2, "bls12_381_g2", sizeof(zka_bls12_381_g2_affine), sizeof(zka_bls12_381_g2_jacobian),
     {ZKA_BLS12_381_FR_P}, 255, ZKA_GROUP_OPS(bls12_381_g2)},
};

static const zka_group_ops *zka_group(zka_group_id g) {
  return g >= 1 && g <= 4 ? &zka_groups[g - 1] : NULL;
}

size_t zka_group_affine_size(zka_group_id g) { return zka_group(g) ? zka_group(g)->aff : 0; }
size_t zka_group_jacobian_size(zka_group_id g) { return zka_group(g) ? zka_group(g)->jac : 0; }
const char *zka_group_name(zka_group_id g) { return zka_group(g) ? zka_group(g)->name : "?"; }

zka_status zka_group_parse(const char *name, zka_group_id *out) {
  if (!name || !out) return ZKA_ERR_INVALID_ARGUMENT;
  for (int i = 0; i < 4; i++)
    if (!strcmp(name, zka_groups[i].name)) {
      *out = zka_groups[i].id;
      return ZKA_OK;
    }
  return ZKA_ERR_INVALID_ARGUMENT;
}

/* ---- scalars ---------------------------------------------------------------------------- */

static void zka_scalar_load(uint64_t l[4], const uint8_t *s) {
  for (int i = 0; i < 4; i++) {
    l[i] = 0;
    for (int b = 7; b >= 0; b--) l[i] = (l[i] << 8) | s[8 * i + b];
  }
}

static void zka_scalar_store(uint8_t *s, const uint64_t l[4]) {
  for (int i = 0; i < 4; i++)
    for (int b = 0; b < 8; b++) s[8 * i + b] = (uint8_t)(l[i] >> (8 * b));
}

static int zka_scalar_geq(const uint64_t a[4], const uint64_t b[4]) {
  for (int i = 3; i >= 0; i--)
    if (a[i] != b[i]) return a[i] > b[i];
  return 1;
}

static void zka_scalar_sub(uint64_t a[4], const uint64_t b[4]) {
  uint64_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t d = a[i] - b[i] - borrow;
    borrow = (a[i] < b[i]) || (a[i] == b[i] && borrow);
    a[i] = d;
  }
}

/* Reduce every scalar below r: NULL when all already are (use the input), else a new
 * array (the caller frees); *oom on allocation failure. */
static uint8_t *zka_scalars_reduced(const zka_group_ops *g, const uint8_t *scalars, size_t n, int *oom) {
  uint8_t *copy = NULL;
  *oom = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t l[4];
    zka_scalar_load(l, scalars + 32 * i);
    if (!zka_scalar_geq(l, g->r)) continue;
    if (!copy) {
      copy = malloc(32 * n);
      if (!copy) {
        *oom = 1;
        return NULL;
      }
      memcpy(copy, scalars, 32 * n);
    }
    while (zka_scalar_geq(l, g->r)) zka_scalar_sub(l, g->r); /* at most 5 times (2^256 / r) */
    zka_scalar_store(copy + 32 * i, l);
  }
  return copy;
}

/* ---- the MSM as scheduler work ------------------------------------------------------------- */

typedef struct {
  const zka_group_ops *g;
  const uint8_t *points, *scalars;
  zka_msm_job job; /* n: the whole job's */
  pthread_mutex_t mu;
  uint8_t *partials; /* Jacobian points, one per finished chunk */
  size_t npartials, cap;
  int oom;
} zka_msm_run;

static int zka_msm_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  const zka_msm_run *m = w->job;
  if (!dv->api->msm && !dv->api->msm_host) return 0;
  return !dv->api->msm_supported || dv->api->msm_supported(dv->dev, &m->job);
}

/* Keep one chunk's partial sum (Jacobian). */
static int zka_msm_keep_partial(zka_msm_run *m, const uint8_t *result, char *err, size_t err_len) {
  pthread_mutex_lock(&m->mu);
  if (m->npartials == m->cap) {
    size_t cap = m->cap ? 2 * m->cap : 16;
    uint8_t *p = realloc(m->partials, cap * m->g->jac);
    if (!p) {
      m->oom = 1;
      pthread_mutex_unlock(&m->mu);
      snprintf(err, err_len, "out of memory for the partial sums");
      return ZKA_ERR_OUT_OF_MEMORY;
    }
    m->partials = p;
    m->cap = cap;
  }
  memcpy(m->partials + m->npartials * m->g->jac, result, m->g->jac);
  m->npartials++;
  pthread_mutex_unlock(&m->mu);
  return ZKA_OK;
}

static int zka_msm_run_rows(zka_engine_device *dv, const zka_sched_work *w, size_t first, size_t count,
                            char *err, size_t err_len) {
  zka_msm_run *m = (zka_msm_run *)w->job;
  zka_msm_job job = m->job;
  job.n = count;
  size_t aff = m->g->aff;
  uint8_t result[sizeof(zka_bls12_381_g2_jacobian)];
  const uint8_t *pts = m->points + first * aff, *sc = m->scalars + 32 * first;
  int st;
  if (dv->api->msm_host) {
    st = dv->api->msm_host(dv->dev, result, pts, sc, &job, err, err_len);
  } else if (!dv->api->msm) {
    snprintf(err, err_len, "%s has no MSM", dv->info.backend);
    return ZKA_ERR_UNSUPPORTED;
  } else {
    void *buf = NULL;
    st = dv->api->alloc(dv->dev, count * (aff + 32), &buf, err, err_len);
    if (st == ZKA_OK) st = dv->api->write(dv->dev, buf, 0, pts, count * aff, err, err_len);
    if (st == ZKA_OK) st = dv->api->write(dv->dev, buf, count * aff, sc, 32 * count, err, err_len);
    if (st == ZKA_OK) st = dv->api->msm(dv->dev, result, buf, 0, buf, count * aff, &job, err, err_len);
    if (buf) dv->api->free(dv->dev, buf);
  }
  if (st != ZKA_OK) return st;
  return zka_msm_keep_partial(m, result, err, err_len);
}

/* The double-buffered path (sched.h): the backend's msm blocks, so the overlap is chunk
 * k+1's upload (points, then scalars, into one buffer as above) while chunk k computes. */
static int zka_msm_async_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  (void)w;
  return dv->api->msm != NULL && dv->api->msm_host == NULL;
}

static int zka_msm_upload_async(zka_engine_device *dv, const zka_sched_work *w, void *queue, void *buf,
                                size_t first, size_t count, char *err, size_t err_len) {
  const zka_msm_run *m = w->job;
  size_t aff = m->g->aff;
  int st = dv->api->write_async(dv->dev, queue, buf, 0, m->points + first * aff, count * aff, err, err_len);
  if (st == ZKA_OK)
    st = dv->api->write_async(dv->dev, queue, buf, count * aff, m->scalars + 32 * first, 32 * count, err, err_len);
  return st;
}

static int zka_msm_run_buffer(zka_engine_device *dv, const zka_sched_work *w, void *buf, size_t first,
                              size_t count, char *err, size_t err_len) {
  zka_msm_run *m = (zka_msm_run *)w->job;
  zka_msm_job job = m->job;
  job.n = count;
  (void)first;
  uint8_t result[sizeof(zka_bls12_381_g2_jacobian)];
  int st = dv->api->msm(dv->dev, result, buf, 0, buf, count * m->g->aff, &job, err, err_len);
  if (st != ZKA_OK) return st;
  return zka_msm_keep_partial(m, result, err, err_len);
}

static void zka_msm_work(zka_sched_work *w, zka_msm_run *m) {
  memset(w, 0, sizeof *w);
  w->cost_key = ZKA_COST_KEY_MSM(m->g->id);
  w->rows = m->job.n;
  w->work_per_row = 1.0;
  w->in_row_bytes = m->g->aff + 32;
  w->out_row_bytes = 0;
  w->job = m;
  w->supported = zka_msm_supported;
  w->run_rows = zka_msm_run_rows;
  w->measure = zka_msm_measure;
  w->async_supported = zka_msm_async_supported;
  w->upload_async = zka_msm_upload_async;
  w->run_buffer = zka_msm_run_buffer;
}

/* The MSM with already-reduced scalars below 2^scalar_bits. */
static zka_status zka_msm_reduced(zka_engine *e, const zka_group_ops *g, void *result, const void *points,
                                  const uint8_t *scalars, size_t n, unsigned scalar_bits, zka_ctx *ctx) {
  g->infinity(result);
  if (n == 0) return ZKA_OK;
  zka_msm_run m;
  memset(&m, 0, sizeof m);
  m.g = g;
  m.points = points;
  m.scalars = scalars;
  m.job.group = g->id;
  m.job.n = n;
  m.job.scalar_bits = scalar_bits;
  pthread_mutex_init(&m.mu, NULL);
  zka_sched_work w;
  zka_msm_work(&w, &m);
  zka_status st = zka_sched_run(e, &w, "zka_msm", ctx);
  if (st == ZKA_OK && m.oom) st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm: out of memory");
  for (size_t i = 0; st == ZKA_OK && i < m.npartials; i++) g->add(result, result, m.partials + i * g->jac);
  free(m.partials);
  pthread_mutex_destroy(&m.mu);
  return st;
}

zka_status zka_msm(zka_engine *e, zka_group_id gid, void *result, const void *points, const uint8_t *scalars,
                   size_t n, zka_ctx *ctx) {
  const zka_group_ops *g = zka_group(gid);
  if (!e || !g || !result || (n && (!points || !scalars)))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm: %s", g ? "NULL argument" : "unknown group id");
  int oom;
  uint8_t *reduced = zka_scalars_reduced(g, scalars, n, &oom);
  if (oom) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm: out of memory reducing %zu scalars", n);
  zka_status st = zka_msm_reduced(e, g, result, points, reduced ? reduced : scalars, n, g->r_bits, ctx);
  free(reduced);
  return st;
}

zka_status zka_msm_affine(zka_engine *e, zka_group_id gid, void *result, const void *points,
                          const uint8_t *scalars, size_t n, zka_ctx *ctx) {
  const zka_group_ops *g = zka_group(gid);
  uint8_t jac[sizeof(zka_bls12_381_g2_jacobian)];
  if (!g || !result) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_affine: bad argument");
  zka_status st = zka_msm(e, gid, jac, points, scalars, n, ctx);
  if (st == ZKA_OK) g->to_affine(result, jac);
  return st;
}

zka_status zka_msm_buffer(zka_engine *e, zka_group_id gid, void *result, const zka_buffer *b,
                          size_t points_offset, size_t scalars_offset, size_t n, zka_ctx *ctx) {
  const zka_group_ops *g = zka_group(gid);
  if (!e || !g || !result || !b || b->engine != e)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_buffer: bad argument");
  if (points_offset > b->bytes || n * g->aff > b->bytes - points_offset || scalars_offset > b->bytes ||
      32 * n > b->bytes - scalars_offset)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_buffer: %zu points or scalars run past the buffer", n);
  g->infinity(result);
  if (n == 0) return ZKA_OK;
  zka_engine_device *dv = &e->dev[b->device];
  zka_msm_job job = {gid, n, g->r_bits};
  if ((!dv->api->msm && !dv->api->msm_host) || (dv->api->msm_supported && !dv->api->msm_supported(dv->dev, &job)))
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED, "zka_msm_buffer: %s:%d has no MSM for %s", dv->info.backend,
                     dv->index, g->name);
  char err[256] = "";
  double t0 = zka_sched_now();
  int st;
  pthread_mutex_lock(&dv->lock);
  if (zka_sched_fault_injected(dv->info.backend, 0)) {
    snprintf(err, sizeof err, "injected fault (ZKA_INJECT_FAULTS)");
    st = ZKA_ERR_DEVICE;
  } else if (dv->api->msm) {
    st = dv->api->msm(dv->dev, result, b->handle, points_offset, b->handle, scalars_offset, &job, err, sizeof err);
  } else { /* the cpu: its buffers are host memory */
    st = dv->api->msm_host(dv->dev, result, (const uint8_t *)b->handle + points_offset,
                           (const uint8_t *)b->handle + scalars_offset, &job, err, sizeof err);
  }
  pthread_mutex_unlock(&dv->lock);
  memset(&e->report, 0, sizeof e->report);
  e->report.chunks = 1;
  e->report.seconds = zka_sched_now() - t0;
  snprintf(e->report.devices, sizeof e->report.devices, "%s:%d=1", dv->info.backend, dv->index);
  if (st != ZKA_OK)
    return zka_error(ctx, (zka_status)st, "zka_msm_buffer: %s:%d (%s): %s", dv->info.backend, dv->index,
                     dv->info.name, err);
  return ZKA_OK;
}

/* ---- calibration ------------------------------------------------------------------------- */

static double zka_msm_time(zka_engine *e, size_t d, const zka_group_ops *g, size_t n) {
  uint8_t *pts = malloc(n * g->aff), *sc = malloc(32 * n);
  double t = -1;
  if (pts && sc) {
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; i++) {
      g->generator(pts + i * g->aff); /* repeated points are valid input */
      for (int b = 0; b < 32; b++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        sc[32 * i + b] = b == 31 ? 0 : (uint8_t)x; /* < 2^248 < r */
      }
    }
    zka_msm_run m;
    memset(&m, 0, sizeof m);
    m.g = g;
    m.points = pts;
    m.scalars = sc;
    m.job.group = g->id;
    m.job.n = n;
    m.job.scalar_bits = g->r_bits;
    pthread_mutex_init(&m.mu, NULL);
    zka_sched_work w;
    zka_msm_work(&w, &m);
    char err[256];
    double t0 = zka_sched_now();
    if (zka_sched_run_rows(e, d, &w, 0, n, NULL, err, sizeof err) == ZKA_OK) t = zka_sched_now() - t0;
    free(m.partials);
    pthread_mutex_destroy(&m.mu);
  }
  free(pts);
  free(sc);
  return t;
}

zka_status zka_msm_measure(zka_engine *e, size_t d, int key, zka_device_cost *out) {
  const zka_group_ops *g = zka_group((zka_group_id)(key - 11));
  if (!g || !e->dev[d].dev) return ZKA_ERR_UNSUPPORTED;
  zka_msm_run probe;
  memset(&probe, 0, sizeof probe);
  probe.g = g;
  probe.job.group = g->id;
  probe.job.n = 4096;
  probe.job.scalar_bits = g->r_bits;
  zka_sched_work w;
  zka_msm_work(&w, &probe);
  if (!zka_msm_supported(&e->dev[d], &w)) return ZKA_ERR_UNSUPPORTED;
  int g1 = g->id == ZKA_GROUP_BN254_G1 || g->id == ZKA_GROUP_BLS12_381_G1;
  size_t n = g1 ? 2048 : 512;
  if (zka_msm_time(e, d, g, 64) < 0) return ZKA_ERR_DEVICE; /* warm-up, kernel builds */
  double overhead = 1e300;
  for (int i = 0; i < 3; i++) {
    double t = zka_msm_time(e, d, g, 1);
    if (t < 0) return ZKA_ERR_DEVICE;
    if (t < overhead) overhead = t;
  }
  double t = zka_msm_time(e, d, g, n);
  if (t < 0) return ZKA_ERR_DEVICE;
  double busy = t > 2 * overhead ? t - overhead : t;
  out->rate = (double)n / busy;
  out->overhead_s = overhead;
  return ZKA_OK;
}

/* ---- plans --------------------------------------------------------------------------------- */

struct zka_msm_plan {
  zka_engine *engine;
  const zka_group_ops *g;
  size_t n;
  unsigned k, window; /* copies per base; bits per scalar piece (L) */
  uint8_t *bases;     /* n*k affine points: base i's copy j at (j*n + i) */
  uint8_t *scalars;   /* scratch: n*k pieces of 32 bytes */
  int from_cache;
};

zka_msm_plan_options zka_msm_plan_options_default(void) {
  zka_msm_plan_options o;
  memset(&o, 0, sizeof o);
  o.precompute = 1;
  return o;
}

void zka_msm_plan_destroy(zka_msm_plan *p) {
  if (!p) return;
  free(p->bases);
  free(p->scalars);
  free(p);
}

int zka_msm_plan_from_cache(const zka_msm_plan *p) { return p ? p->from_cache : 0; }

/* Cache file: "ZKAMSMP1", group, k, n (u64 LE each), SHA-256 of the input bases, then the
 * n*k precomputed affine points, then SHA-256 of those (damage shows as a mismatch). */
#define ZKA_PLAN_MAGIC "ZKAMSMP1"

static void zka_put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static int zka_plan_load(zka_msm_plan *p, const char *path, const uint8_t bases_hash[32]) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  uint8_t head[8 + 24 + 32], want[8 + 24 + 32], tail[32], got[32];
  memcpy(want, ZKA_PLAN_MAGIC, 8);
  zka_put_u64(want + 8, (uint64_t)p->g->id);
  zka_put_u64(want + 16, p->k);
  zka_put_u64(want + 24, p->n);
  memcpy(want + 32, bases_hash, 32);
  size_t bytes = p->n * p->k * p->g->aff;
  int ok = fread(head, 1, sizeof head, f) == sizeof head && !memcmp(head, want, sizeof want) &&
           fread(p->bases, 1, bytes, f) == bytes && fread(tail, 1, 32, f) == 32 && fgetc(f) == EOF;
  fclose(f);
  if (!ok) return 0;
  zka_sha256(got, p->bases, bytes);
  return !memcmp(got, tail, 32);
}

static void zka_plan_save(const zka_msm_plan *p, const char *path, const uint8_t bases_hash[32]) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%.4000s.%ld.tmp", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) return; /* the cache is an optimisation: a read-only directory is not an error */
  uint8_t head[8 + 24 + 32], tail[32];
  memcpy(head, ZKA_PLAN_MAGIC, 8);
  zka_put_u64(head + 8, (uint64_t)p->g->id);
  zka_put_u64(head + 16, p->k);
  zka_put_u64(head + 24, p->n);
  memcpy(head + 32, bases_hash, 32);
  size_t bytes = p->n * p->k * p->g->aff;
  zka_sha256(tail, p->bases, bytes);
  int ok = fwrite(head, 1, sizeof head, f) == sizeof head && fwrite(p->bases, 1, bytes, f) == bytes &&
           fwrite(tail, 1, 32, f) == 32;
  if (fclose(f) != 0) ok = 0;
  if (ok) ok = rename(tmp, path) == 0;
  if (!ok) remove(tmp);
}

zka_status zka_msm_plan_create(zka_msm_plan **out, zka_engine *e, zka_group_id gid, const void *points, size_t n,
                               const zka_msm_plan_options *opt, zka_ctx *ctx) {
  const zka_group_ops *g = zka_group(gid);
  if (!out || !e || !g || (n && !points))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_plan_create: %s", g ? "NULL argument" : "unknown group id");
  *out = NULL;
  unsigned k = opt && opt->precompute ? opt->precompute : 1;
  if (k > 64) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_plan_create: precompute %u > 64", k);
  zka_msm_plan *p = calloc(1, sizeof *p);
  if (!p) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm_plan_create: out of memory");
  p->engine = e;
  p->g = g;
  p->n = n;
  p->k = k;
  p->window = (g->r_bits + k - 1) / k;
  p->bases = malloc(n * k * g->aff + 1);
  p->scalars = malloc(32 * n * k + 1);
  if (!p->bases || !p->scalars) {
    zka_msm_plan_destroy(p);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm_plan_create: %zu x %u bases do not fit in memory", n, k);
  }
  uint8_t bases_hash[32];
  zka_sha256(bases_hash, points, n * g->aff);
  const char *cache = opt ? opt->cache_path : NULL;
  if (cache && zka_plan_load(p, cache, bases_hash)) {
    p->from_cache = 1;
    *out = p;
    return ZKA_OK;
  }
  memcpy(p->bases, points, n * g->aff);
  if (k > 1) { /* copy j = copy j-1 doubled L times, normalized in one batch per copy */
    uint8_t *jac = malloc(n * g->jac + 1);
    if (!jac) {
      zka_msm_plan_destroy(p);
      return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm_plan_create: out of memory");
    }
    for (unsigned j = 1; j < k; j++) {
      for (size_t i = 0; i < n; i++) {
        uint8_t *pt = jac + i * g->jac;
        g->from_affine(pt, p->bases + ((size_t)(j - 1) * n + i) * g->aff);
        for (unsigned b = 0; b < p->window; b++) g->dbl(pt, pt);
      }
      g->batch_normalize(p->bases + (size_t)j * n * g->aff, jac, n);
    }
    free(jac);
  }
  if (cache) zka_plan_save(p, cache, bases_hash);
  *out = p;
  return ZKA_OK;
}

zka_status zka_msm_plan_run(zka_msm_plan *p, void *result, const uint8_t *scalars, zka_ctx *ctx) {
  if (!p || !result || (p->n && !scalars)) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_msm_plan_run: NULL argument");
  int oom;
  uint8_t *reduced = zka_scalars_reduced(p->g, scalars, p->n, &oom);
  if (oom) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_msm_plan_run: out of memory");
  const uint8_t *s = reduced ? reduced : scalars;
  if (p->k == 1) {
    zka_status st = zka_msm_reduced(p->engine, p->g, result, p->bases, s, p->n, p->g->r_bits, ctx);
    free(reduced);
    return st;
  }
  /* Piece j of scalar i: bits [j*L, (j+1)*L), as a 32-byte integer < 2^L. */
  unsigned L = p->window;
  memset(p->scalars, 0, 32 * p->n * p->k);
  for (size_t i = 0; i < p->n; i++) {
    uint64_t l[4];
    zka_scalar_load(l, s + 32 * i);
    for (unsigned j = 0; j < p->k; j++) {
      uint64_t piece[4] = {0, 0, 0, 0};
      for (unsigned b = 0; b < L; b++) {
        unsigned bit = j * L + b;
        if (bit < 256 && ((l[bit / 64] >> (bit % 64)) & 1)) piece[b / 64] |= (uint64_t)1 << (b % 64);
      }
      zka_scalar_store(p->scalars + 32 * ((size_t)j * p->n + i), piece);
    }
  }
  free(reduced);
  return zka_msm_reduced(p->engine, p->g, result, p->bases, p->scalars, p->n * p->k, L, ctx);
}
