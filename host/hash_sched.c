/* hash_sched.c — zka_hash_batch and zka_hash_compress_batch on the scheduler (sched.h):
 * a hashing job is `count` rows (messages, or digest pairs), measured in message units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "host/sched.h"
#include "zkaccel/hash.h"

/* Validate a hash job as the engine receives it. */
static zka_status zka_hash_job_check(const zka_hash_job *job, const char *what, zka_ctx *ctx) {
  if (!zka_hash_unit_size(job->hash))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: unknown hash id %d", what, (int)job->hash);
  if (job->mode == ZKA_HASH_MODE_SPONGE && job->hash == ZKA_HASH_POSEIDON_BN254 &&
      (job->len < 1 || job->len > 16))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "%s: Poseidon (circomlib) takes 1 to 16 inputs per message, not %zu", what, job->len);
  return ZKA_OK;
}

static size_t zka_hash_in_row_bytes(const zka_hash_job *job) {
  return job->mode == ZKA_HASH_MODE_COMPRESS ? 2 * zka_hash_digest_size(job->hash)
                                             : job->len * zka_hash_unit_size(job->hash);
}

static int zka_hash_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  const zka_hash_job *job = w->job;
  if (!dv->api->hash && !dv->api->hash_host) return 0;
  return !dv->api->hash_supported || dv->api->hash_supported(dv->dev, job);
}

static int zka_hash_run_host(zka_engine_device *dv, const zka_sched_work *w, size_t first, size_t count,
                             char *err, size_t err_len) {
  if (!dv->api->hash_host) return -1;
  zka_hash_job job = *(const zka_hash_job *)w->job;
  job.count = count;
  return dv->api->hash_host(dv->dev, w->out + first * w->out_row_bytes, w->in + first * w->in_row_bytes,
                            &job, err, err_len);
}

static int zka_hash_run_device(zka_engine_device *dv, const zka_sched_work *w, void *buf, size_t in_off,
                               size_t out_off, size_t count, char *err, size_t err_len) {
  zka_hash_job job = *(const zka_hash_job *)w->job;
  job.count = count;
  return dv->api->hash(dv->dev, buf, out_off, buf, in_off, &job, err, err_len);
}

static int zka_hash_async_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  (void)w;
  return dv->api->hash_async != NULL;
}

static int zka_hash_run_async(zka_engine_device *dv, const zka_sched_work *w, void *queue, void *buf,
                              size_t in_off, size_t out_off, size_t count, char *err, size_t err_len) {
  zka_hash_job job = *(const zka_hash_job *)w->job;
  job.count = count;
  return dv->api->hash_async(dv->dev, queue, buf, out_off, buf, in_off, &job, err, err_len);
}

static void zka_hash_work(zka_sched_work *w, const zka_hash_job *job, void *out, const void *in) {
  memset(w, 0, sizeof *w);
  w->cost_key = ZKA_COST_KEY_HASH(job->hash);
  w->rows = job->count;
  w->in_row_bytes = zka_hash_in_row_bytes(job);
  w->out_row_bytes = zka_hash_digest_size(job->hash);
  /* Cost units: message units; a compression counts as its two digests' units, and an
   * empty message as one unit (it still costs a row). */
  size_t units = w->in_row_bytes / zka_hash_unit_size(job->hash);
  w->work_per_row = units ? (double)units : 1.0;
  w->in = in;
  w->out = out;
  w->job = job;
  w->supported = zka_hash_supported;
  w->run_host = zka_hash_run_host;
  w->run_device = zka_hash_run_device;
  w->measure = zka_hash_measure;
  w->async_supported = zka_hash_async_supported;
  w->run_async = zka_hash_run_async;
}

static zka_status zka_hash_run(zka_engine *e, const zka_hash_job *job, void *out, const void *in,
                               const char *what, zka_ctx *ctx) {
  if (!e || !out || (!in && job->count && zka_hash_in_row_bytes(job)))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: engine, output or input is NULL", what);
  zka_status st = zka_hash_job_check(job, what, ctx);
  if (st != ZKA_OK || job->count == 0) return st;
  zka_sched_work w;
  zka_hash_work(&w, job, out, in);
  if (w.in_row_bytes == 0) w.in = (const uint8_t *)out; /* empty messages: nothing to read */
  return zka_sched_run(e, &w, what, ctx);
}

zka_status zka_hash_batch(zka_engine *e, zka_hash_id h, void *digests, const void *msgs, size_t len,
                          size_t count, zka_ctx *ctx) {
  zka_hash_job job = {h, ZKA_HASH_MODE_SPONGE, len, count};
  return zka_hash_run(e, &job, digests, msgs, "zka_hash_batch", ctx);
}

zka_status zka_hash_compress_batch(zka_engine *e, zka_hash_id h, void *out, const void *in, size_t count,
                                   zka_ctx *ctx) {
  zka_hash_job job = {h, ZKA_HASH_MODE_COMPRESS, 0, count};
  return zka_hash_run(e, &job, out, in, "zka_hash_compress_batch", ctx);
}

/* Time `count` messages of `len` units on device d (valid small values); -1 on failure. */
static double zka_hash_time(zka_engine *e, size_t d, zka_hash_id h, size_t len, size_t count) {
  zka_hash_job job = {h, ZKA_HASH_MODE_SPONGE, len, count};
  size_t unit = zka_hash_unit_size(h), in_bytes = len * unit * count, out_bytes = 32 * count;
  uint8_t *in = calloc(in_bytes ? in_bytes : 1, 1), *out = malloc(out_bytes), *staging = malloc(out_bytes);
  double t = -1;
  if (in && out && staging) {
    for (size_t i = 0; i < len * count; i++) in[i * unit] = (uint8_t)(i * 29 + 3);
    zka_sched_work w;
    zka_hash_work(&w, &job, out, in);
    char err[256];
    double t0 = zka_sched_now();
    if (zka_sched_run_rows(e, d, &w, 0, count, staging, err, sizeof err) == ZKA_OK) t = zka_sched_now() - t0;
  }
  free(in);
  free(out);
  free(staging);
  return t;
}

/* Calibration: a warm-up, the best of three single short messages (overhead), then a
 * batch (rate, in message units per second). */
zka_status zka_hash_measure(zka_engine *e, size_t d, int key, zka_device_cost *out) {
  zka_hash_id h = (zka_hash_id)(key - 4);
  size_t len = h == ZKA_HASH_POSEIDON_BN254 ? 2 : zka_hash_unit_size(h) == 1 ? 64 : 16;
  size_t count = h == ZKA_HASH_POSEIDON_BN254 ? 256 : 2048;
  zka_hash_job probe = {h, ZKA_HASH_MODE_SPONGE, len, 1};
  zka_sched_work w;
  zka_hash_work(&w, &probe, NULL, NULL);
  if (!e->dev[d].dev || !zka_hash_supported(&e->dev[d], &w)) return ZKA_ERR_UNSUPPORTED;
  if (zka_hash_time(e, d, h, len, 16) < 0) return ZKA_ERR_DEVICE;
  double overhead = 1e300;
  for (int i = 0; i < 3; i++) {
    double t = zka_hash_time(e, d, h, len, 1);
    if (t < 0) return ZKA_ERR_DEVICE;
    if (t < overhead) overhead = t;
  }
  double t = zka_hash_time(e, d, h, len, count);
  if (t < 0) return ZKA_ERR_DEVICE;
  double busy = t > 2 * overhead ? t - overhead : t;
  out->rate = (double)(len * count) / busy;
  out->overhead_s = overhead;
  return ZKA_OK;
}
