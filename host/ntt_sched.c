#define _POSIX_C_SOURCE 200809L
/* ntt_sched.c — zka_ntt and zka_ntt_buffer on the scheduler (sched.h): an NTT job is
 * `batch` rows (whole transforms, in place), measured in elements*log_n. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "host/sched.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"

zka_ntt_options zka_ntt_options_default(void) {
  zka_ntt_options o;
  memset(&o, 0, sizeof o);
  o.direction = ZKA_NTT_FORWARD;
  o.input_order = ZKA_ORDER_NATURAL;
  o.output_order = ZKA_ORDER_NATURAL;
  o.batch = 1;
  return o;
}

static unsigned zka_field_two_adicity(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR: return zka_bn254_fr_two_adicity();
    case ZKA_FIELD_BLS12_381_FR: return zka_bls12_381_fr_two_adicity();
    case ZKA_FIELD_BABYBEAR: return zka_babybear_two_adicity();
    case ZKA_FIELD_GOLDILOCKS: return zka_goldilocks_two_adicity();
  }
  return 0;
}

/* The field's generator (the default coset shift) and a zero test, by id. */
static void zka_field_generator_bytes(zka_field_id f, uint8_t out[32]) {
  memset(out, 0, 32);
  switch (f) {
    case ZKA_FIELD_BN254_FR: zka_bn254_fr_generator((zka_bn254_fr *)(void *)out); break;
    case ZKA_FIELD_BLS12_381_FR: zka_bls12_381_fr_generator((zka_bls12_381_fr *)(void *)out); break;
    case ZKA_FIELD_BABYBEAR: zka_babybear_generator((zka_babybear *)(void *)out); break;
    case ZKA_FIELD_GOLDILOCKS: zka_goldilocks_generator((zka_goldilocks *)(void *)out); break;
  }
}

static int zka_bytes_all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

/* Validate the request and fill the backend job (batch filled per chunk later). */
static zka_status zka_ntt_make_job(zka_ntt_job *job, zka_field_id f, uint32_t log_n,
                                   const zka_ntt_options *opt, zka_ctx *ctx) {
  size_t size = zka_field_id_element_size(f);
  if (!size) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: unknown field id %d", (int)f);
  unsigned max = zka_field_two_adicity(f);
  if (max > ZKA_NTT_MAX_LOG_N) max = ZKA_NTT_MAX_LOG_N;
  if (log_n < 1 || log_n > max)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: log_n = %u outside [1, %u] for %s",
                     log_n, max, zka_field_id_name(f));
  if (!opt || opt->batch < 1)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: %s", opt ? "batch must be >= 1" : "options are NULL");
  if ((opt->direction != ZKA_NTT_FORWARD && opt->direction != ZKA_NTT_INVERSE) ||
      (opt->input_order != ZKA_ORDER_NATURAL && opt->input_order != ZKA_ORDER_BITREV) ||
      (opt->output_order != ZKA_ORDER_NATURAL && opt->output_order != ZKA_ORDER_BITREV))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: bad direction or order value");
  memset(job, 0, sizeof *job);
  job->field = f;
  job->log_n = log_n;
  job->batch = opt->batch;
  job->direction = opt->direction;
  job->input_order = opt->input_order;
  job->output_order = opt->output_order;
  job->coset = opt->coset ? 1 : 0;
  if (job->coset) {
    if (opt->coset_shift) memcpy(job->coset_shift, opt->coset_shift, size);
    else zka_field_generator_bytes(f, job->coset_shift);
    if (zka_bytes_all_zero(job->coset_shift, size))
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: the coset shift is zero");
  }
  return ZKA_OK;
}

/* ---- the NTT as scheduler work ----------------------------------------------------------- */

static size_t zka_ntt_row_bytes(const zka_ntt_job *job) {
  return ((size_t)1 << job->log_n) * zka_field_id_element_size(job->field);
}

static int zka_ntt_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  const zka_ntt_job *job = w->job;
  if (!dv->api->ntt && !dv->api->ntt_host) return 0;
  return !dv->api->ntt_supported || dv->api->ntt_supported(dv->dev, job);
}

static int zka_ntt_run_host(zka_engine_device *dv, const zka_sched_work *w, size_t first, size_t count,
                            char *err, size_t err_len) {
  if (!dv->api->ntt_host) return -1;
  zka_ntt_job job = *(const zka_ntt_job *)w->job;
  job.batch = count;
  return dv->api->ntt_host(dv->dev, w->out + first * w->in_row_bytes, &job, err, err_len);
}

static int zka_ntt_run_device(zka_engine_device *dv, const zka_sched_work *w, void *buf, size_t in_off,
                              size_t out_off, size_t count, char *err, size_t err_len) {
  (void)out_off; /* in place */
  zka_ntt_job job = *(const zka_ntt_job *)w->job;
  job.batch = count;
  return dv->api->ntt(dv->dev, buf, in_off, &job, err, err_len);
}

static int zka_ntt_async_supported(const zka_engine_device *dv, const zka_sched_work *w) {
  (void)w;
  return dv->api->ntt_async != NULL;
}

static int zka_ntt_run_async(zka_engine_device *dv, const zka_sched_work *w, void *queue, void *buf,
                             size_t in_off, size_t out_off, size_t count, char *err, size_t err_len) {
  (void)out_off; /* in place */
  zka_ntt_job job = *(const zka_ntt_job *)w->job;
  job.batch = count;
  return dv->api->ntt_async(dv->dev, queue, buf, in_off, &job, err, err_len);
}

static void zka_ntt_work(zka_sched_work *w, const zka_ntt_job *job, uint8_t *data) {
  memset(w, 0, sizeof *w);
  w->cost_key = ZKA_COST_KEY_NTT(job->field);
  w->rows = job->batch;
  w->work_per_row = (double)((size_t)1 << job->log_n) * job->log_n;
  w->in_row_bytes = zka_ntt_row_bytes(job);
  w->out_row_bytes = 0;
  w->in = data;
  w->out = data;
  w->job = job;
  w->supported = zka_ntt_supported;
  w->run_host = zka_ntt_run_host;
  w->run_device = zka_ntt_run_device;
  w->measure = zka_ntt_measure;
  w->async_supported = zka_ntt_async_supported;
  w->run_async = zka_ntt_run_async;
}

zka_status zka_ntt(zka_engine *e, zka_field_id f, void *data, uint32_t log_n,
                   const zka_ntt_options *opt, zka_ctx *ctx) {
  if (!e || !data) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: engine or data is NULL");
  zka_ntt_job job;
  zka_status st = zka_ntt_make_job(&job, f, log_n, opt, ctx);
  if (st != ZKA_OK) return st;
  zka_sched_work w;
  zka_ntt_work(&w, &job, data);
  return zka_sched_run(e, &w, "zka_ntt", ctx);
}

/* Time one job of the given shape on device d with deterministic valid data; -1 on failure. */
static double zka_ntt_time(zka_engine *e, size_t d, zka_field_id f, uint32_t log_n, size_t batch) {
  zka_ntt_options opt = zka_ntt_options_default();
  opt.batch = batch;
  zka_ntt_job job;
  if (zka_ntt_make_job(&job, f, log_n, &opt, NULL) != ZKA_OK) return -1;
  size_t size = zka_field_id_element_size(f), n = ((size_t)1 << log_n) * batch;
  uint8_t *data = calloc(n, size), *staging = malloc(n * size);
  if (!data || !staging) {
    free(data);
    free(staging);
    return -1;
  }
  /* Small values are below every modulus in every in-memory form. */
  for (size_t i = 0; i < n; i++) data[i * size] = (uint8_t)(i * 37 + 1);
  zka_sched_work w;
  zka_ntt_work(&w, &job, data);
  char err[256];
  double t0 = zka_sched_now();
  zka_status st = zka_sched_run_rows(e, d, &w, 0, batch, staging, err, sizeof err);
  double t = zka_sched_now() - t0;
  free(data);
  free(staging);
  return st == ZKA_OK ? t : -1;
}

/* Calibration: a warm-up (which also builds kernels), the best of three tiny transforms
 * (overhead) and a mid-size batch (rate). */
zka_status zka_ntt_measure(zka_engine *e, size_t d, int key, zka_device_cost *out) {
  zka_field_id f = (zka_field_id)key;
  int small = f == ZKA_FIELD_BABYBEAR || f == ZKA_FIELD_GOLDILOCKS;
  uint32_t log_n = small ? 12 : 10;
  size_t batch = small ? 16 : 8;
  if (zka_ntt_time(e, d, f, 10, 1) < 0) return ZKA_ERR_DEVICE;
  double overhead = 1e300;
  for (int i = 0; i < 3; i++) {
    double t = zka_ntt_time(e, d, f, 4, 1);
    if (t < 0) return ZKA_ERR_DEVICE;
    if (t < overhead) overhead = t;
  }
  double t = zka_ntt_time(e, d, f, log_n, batch);
  if (t < 0) return ZKA_ERR_DEVICE;
  double busy = t > 2 * overhead ? t - overhead : t;
  out->rate = (double)batch * (double)((size_t)1 << log_n) * log_n / busy;
  out->overhead_s = overhead;
  return ZKA_OK;
}

zka_status zka_ntt_buffer(zka_engine *e, zka_field_id f, zka_buffer *b, size_t offset,
                          uint32_t log_n, const zka_ntt_options *opt, zka_ctx *ctx) {
  if (!e || !b || b->engine != e)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt_buffer: engine or buffer is NULL or foreign");
  zka_ntt_job job;
  zka_status st = zka_ntt_make_job(&job, f, log_n, opt, ctx);
  if (st != ZKA_OK) return st;
  size_t bytes = job.batch * ((size_t)1 << log_n) * zka_field_id_element_size(f);
  if (offset > b->bytes || bytes > b->bytes - offset)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "zka_ntt_buffer: %zu transforms of 2^%u need %zu bytes from offset %zu; the buffer has %zu",
                     job.batch, log_n, bytes, offset, b->bytes);
  zka_engine_device *dv = &e->dev[b->device];
  if (dv->api->ntt_supported && !dv->api->ntt_supported(dv->dev, &job))
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED, "zka_ntt_buffer: %s:%d does not run NTTs of 2^%u over %s",
                     dv->info.backend, dv->index, log_n, zka_field_id_name(f));
  char err[256] = "";
  double t0 = zka_sched_now();
  pthread_mutex_lock(&dv->lock);
  int rc = zka_sched_fault_injected(dv->info.backend, 0) ? (snprintf(err, sizeof err, "injected fault (ZKA_INJECT_FAULTS)"), ZKA_ERR_DEVICE)
                                                   : dv->api->ntt(dv->dev, b->handle, offset, &job, err, sizeof err);
  pthread_mutex_unlock(&dv->lock);
  memset(&e->report, 0, sizeof e->report);
  e->report.chunks = 1;
  e->report.seconds = zka_sched_now() - t0;
  snprintf(e->report.devices, sizeof e->report.devices, "%s:%d=1", dv->info.backend, dv->index);
  if (rc != ZKA_OK)
    return zka_error(ctx, (zka_status)rc, "zka_ntt_buffer: %s:%d (%s): %s", dv->info.backend, dv->index,
                     dv->info.name, err);
  return ZKA_OK;
}

