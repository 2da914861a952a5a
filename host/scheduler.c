#define _POSIX_C_SOURCE 200809L /* clock_gettime */
/* scheduler.c — runs NTT jobs on the engine's devices.
 *
 * A job of `batch` transforms is split by rows (whole transforms) across the selected
 * devices in proportion to their measured throughput (calibrate.c); a device whose launch
 * and copy overhead would exceed half the job's balanced time gets nothing, so small work
 * stays on the CPU.  Each device's share is cut into chunks that fit half its memory, and
 * one host thread per device runs its chunks.  A chunk that fails re-runs on the next
 * selected device and finally on the CPU (not with `strict`); the job report and stderr say
 * so.  A single transform (batch 1) goes whole to the device expected to finish first.
 *
 * Testing hooks (environment):
 *   ZKA_INJECT_FAULTS="opencl:0,2;fpga-emu:*"  the named backend fails its first attempt at
 *                                               the listed chunk numbers (or all: *)
 *   ZKA_SCHED_CHUNK_ROWS=k                      at most k transforms per chunk
 *   ZKA_SCHED_EQUAL_SPLIT=1                     split rows evenly, ignoring throughput
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "host/engine_internal.h"
#include "host/topology.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"

static double zka_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

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

/* ---- fault injection (tests) ------------------------------------------------------------- */

static int zka_fault_injected(const char *backend, size_t chunk) {
  const char *env = getenv("ZKA_INJECT_FAULTS");
  if (!env || !*env) return 0;
  size_t blen = strlen(backend);
  for (const char *p = env; *p;) {
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *colon = memchr(p, ':', len);
    if (colon && (size_t)(colon - p) == blen && !strncmp(p, backend, blen)) {
      for (const char *q = colon + 1; q < p + len;) {
        if (*q == '*') return 1;
        char *next;
        unsigned long v = strtoul(q, &next, 10);
        if (next == q) break;
        if (v == chunk) return 1;
        q = next;
        if (*q == ',') q++;
      }
    }
    if (!end) break;
    p = end + 1;
  }
  return 0;
}

/* ---- running one piece on one device ----------------------------------------------------- */

/* Run job (job->batch rows at host memory rows) on device d, staging through device memory
 * when the backend has no host path.  staging: a host buffer of at least the rows' size
 * (reads land there first, so a failed read never corrupts the input of the re-run). */
static zka_status zka_run_on_device(zka_engine *e, size_t d, const zka_ntt_job *job, uint8_t *rows,
                                    uint8_t *staging, char *err, size_t err_len) {
  zka_engine_device *dv = &e->dev[d];
  size_t bytes = job->batch * ((size_t)1 << job->log_n) * zka_field_id_element_size(job->field);
  int st;
  pthread_mutex_lock(&dv->lock);
  if (dv->api->ntt_host) {
    st = dv->api->ntt_host(dv->dev, rows, job, err, err_len);
  } else {
    void *buf = NULL;
    st = dv->api->alloc(dv->dev, bytes, &buf, err, err_len);
    if (st == ZKA_OK) st = dv->api->write(dv->dev, buf, 0, rows, bytes, err, err_len);
    if (st == ZKA_OK) st = dv->api->ntt(dv->dev, buf, 0, job, err, err_len);
    if (st == ZKA_OK) st = dv->api->read(dv->dev, buf, 0, staging ? staging : rows, bytes, err, err_len);
    if (st == ZKA_OK && staging) memcpy(rows, staging, bytes);
    if (buf) dv->api->free(dv->dev, buf);
  }
  pthread_mutex_unlock(&dv->lock);
  return (zka_status)st;
}

static int zka_device_runs(const zka_engine *e, size_t d, const zka_ntt_job *job, size_t row_bytes) {
  const zka_engine_device *dv = &e->dev[d];
  if (!dv->dev || !dv->api) return 0;
  if (dv->api->ntt_supported && !dv->api->ntt_supported(dv->dev, job)) return 0;
  /* One transform plus the backend's twiddles and scratch must fit: half the memory. */
  if (!dv->is_cpu && dv->info.memory_bytes && row_bytes > dv->info.memory_bytes / 2) return 0;
  return 1;
}

/* ---- the job ----------------------------------------------------------------------------- */

typedef struct {
  size_t first_row, rows, id, device;
} zka_chunk;

typedef struct {
  zka_engine *e;
  const zka_ntt_job *job; /* batch ignored: per chunk */
  uint8_t *data;
  size_t row_bytes;
  zka_chunk *chunks;
  size_t nchunks;
  size_t *order; /* candidate devices in fallback order */
  size_t norder;
  pthread_mutex_t mu; /* guards the report and status below */
  zka_status status;
  char error[512];
  uint32_t fallbacks;
  uint32_t per_device[ZKA_ENGINE_MAX_DEVICES];
  char log[1024];
} zka_job_run;

typedef struct {
  zka_job_run *run;
  size_t device;
} zka_device_thread_arg;

static void zka_log_append(zka_job_run *r, const char *line) {
  size_t used = strlen(r->log);
  if (used + strlen(line) + 2 < sizeof r->log) {
    strcat(r->log, line);
    strcat(r->log, "\n");
  }
  if (!r->e->opt.quiet) fprintf(stderr, "zkaccel: %s\n", line);
}

static void zka_run_chunk(zka_job_run *r, const zka_chunk *c, uint8_t *staging) {
  zka_engine *e = r->e;
  zka_ntt_job job = *r->job;
  job.batch = c->rows;
  uint8_t *rows = r->data + c->first_row * r->row_bytes;
  char err[256] = "";
  size_t d = c->device;
  zka_status st;
  if (zka_fault_injected(e->dev[d].info.backend, c->id)) {
    snprintf(err, sizeof err, "injected fault (ZKA_INJECT_FAULTS)");
    st = ZKA_ERR_DEVICE;
  } else {
    st = zka_run_on_device(e, d, &job, rows, staging, err, sizeof err);
  }
  if (st == ZKA_OK) {
    pthread_mutex_lock(&r->mu);
    r->per_device[d]++;
    pthread_mutex_unlock(&r->mu);
    return;
  }
  /* Fall back: the next candidates after d, then the CPU. */
  size_t tried_from = d;
  char line[600];
  if (e->opt.strict) {
    pthread_mutex_lock(&r->mu);
    if (r->status == ZKA_OK) {
      r->status = ZKA_ERR_DEVICE;
      snprintf(r->error, sizeof r->error, "chunk %zu failed on %s:%d (%s) and --strict forbids a fallback: %s",
               c->id, e->dev[d].info.backend, e->dev[d].index, e->dev[d].info.name, err);
    }
    pthread_mutex_unlock(&r->mu);
    return;
  }
  size_t pos = 0;
  while (pos < r->norder && r->order[pos] != d) pos++;
  for (size_t step = 1; step <= r->norder + 1; step++) {
    size_t next;
    if (step <= r->norder) {
      next = r->order[(pos + step) % r->norder];
      if (next == d || e->dev[next].is_cpu) continue; /* the CPU comes last */
    } else {
      next = e->cpu_device;
    }
    char err2[256] = "";
    zka_status st2 = zka_run_on_device(e, next, &job, rows, staging, err2, sizeof err2);
    snprintf(line, sizeof line, "chunk %zu (transforms %zu..%zu) failed on %s:%d: %s; re-ran on %s:%d%s%s",
             c->id, c->first_row, c->first_row + c->rows - 1, e->dev[tried_from].info.backend,
             e->dev[tried_from].index, err, e->dev[next].info.backend, e->dev[next].index,
             st2 == ZKA_OK ? "" : " which failed too: ", st2 == ZKA_OK ? "" : err2);
    pthread_mutex_lock(&r->mu);
    zka_log_append(r, line);
    r->fallbacks++;
    if (st2 == ZKA_OK) r->per_device[next]++;
    pthread_mutex_unlock(&r->mu);
    if (st2 == ZKA_OK) return;
    tried_from = next;
    snprintf(err, sizeof err, "%s", err2);
  }
  pthread_mutex_lock(&r->mu);
  if (r->status == ZKA_OK) {
    r->status = ZKA_ERR_DEVICE;
    snprintf(r->error, sizeof r->error, "chunk %zu failed on every device, the CPU included: %s", c->id, err);
  }
  pthread_mutex_unlock(&r->mu);
}

static void *zka_device_thread(void *raw) {
  zka_device_thread_arg *a = raw;
  zka_job_run *r = a->run;
  size_t max_rows = 0;
  for (size_t i = 0; i < r->nchunks; i++)
    if (r->chunks[i].device == a->device && r->chunks[i].rows > max_rows) max_rows = r->chunks[i].rows;
  /* The staging buffer lives on the NUMA node nearest the device (its PCI address, via
   * hwloc), so the copies to and from it cross no socket link. */
  uint8_t *staging = NULL;
  size_t staging_bytes = max_rows * r->row_bytes;
  const zka_engine_device *dv = &r->e->dev[a->device];
  if (!dv->api->ntt_host)
    staging = zka_topology_alloc_near(staging_bytes, zka_topology_numa_node_of_pci(dv->info.pci_bus_id));
  for (size_t i = 0; i < r->nchunks; i++)
    if (r->chunks[i].device == a->device) zka_run_chunk(r, &r->chunks[i], staging);
  zka_topology_free(staging, staging_bytes);
  return NULL;
}

/* Rows per device: proportional to throughput, devices whose overhead does not pay dropped. */
static void zka_split_rows(const zka_engine *e, const size_t *cand, size_t ncand, zka_field_id f,
                           size_t batch, double work_row, size_t *rows_out) {
  int use[ZKA_ENGINE_MAX_DEVICES];
  int equal = getenv("ZKA_SCHED_EQUAL_SPLIT") && atoi(getenv("ZKA_SCHED_EQUAL_SPLIT"));
  for (size_t i = 0; i < ncand; i++) use[i] = 1;
  for (int round = 0; round < 8 && !equal; round++) {
    double total = 0;
    for (size_t i = 0; i < ncand; i++)
      if (use[i]) total += e->dev[cand[i]].cost[f].ntt_rate;
    double balanced = (double)batch * work_row / total;
    int changed = 0;
    for (size_t i = 0; i < ncand; i++) {
      const zka_engine_device *dv = &e->dev[cand[i]];
      if (use[i] && !dv->is_cpu && dv->cost[f].overhead_s > 0.5 * balanced) {
        use[i] = 0;
        changed = 1;
      }
    }
    int any = 0;
    for (size_t i = 0; i < ncand; i++) any |= use[i];
    if (!any) { /* nothing left: the cheapest-overhead device */
      size_t best = 0;
      for (size_t i = 1; i < ncand; i++)
        if (e->dev[cand[i]].cost[f].overhead_s < e->dev[cand[best]].cost[f].overhead_s) best = i;
      use[best] = 1;
      break;
    }
    if (!changed) break;
  }
  double total = 0;
  for (size_t i = 0; i < ncand; i++)
    if (use[i]) total += equal ? 1.0 : e->dev[cand[i]].cost[f].ntt_rate;
  size_t given = 0;
  double frac[ZKA_ENGINE_MAX_DEVICES];
  for (size_t i = 0; i < ncand; i++) {
    double share = use[i] ? (double)batch * (equal ? 1.0 : e->dev[cand[i]].cost[f].ntt_rate) / total : 0;
    rows_out[i] = (size_t)share;
    frac[i] = share - (double)rows_out[i];
    given += rows_out[i];
  }
  while (given < batch) { /* largest remainder */
    size_t best = 0;
    for (size_t i = 1; i < ncand; i++)
      if (frac[i] > frac[best]) best = i;
    rows_out[best]++;
    frac[best] = -1;
    given++;
  }
}

static zka_status zka_ntt_host_job(zka_engine *e, const zka_ntt_job *job, uint8_t *data, zka_ctx *ctx) {
  double t0 = zka_now();
  size_t n = (size_t)1 << job->log_n;
  size_t row_bytes = n * zka_field_id_element_size(job->field);
  double work_row = (double)n * job->log_n;
  zka_field_id f = job->field;

  /* Candidates in fallback order: selected devices that can run this shape. */
  size_t cand[ZKA_ENGINE_MAX_DEVICES], ncand = 0;
  for (size_t d = 0; d < e->ndev; d++)
    if (e->dev[d].selected && zka_device_runs(e, d, job, row_bytes)) cand[ncand++] = d;
  if (ncand == 0) cand[ncand++] = e->cpu_device;

  size_t rows[ZKA_ENGINE_MAX_DEVICES];
  memset(rows, 0, sizeof rows);
  if (ncand == 1) {
    rows[0] = job->batch;
  } else {
    for (size_t i = 0; i < ncand; i++) {
      zka_status st = zka_engine_ensure_cost(e, cand[i], f);
      if (st != ZKA_OK) e->dev[cand[i]].cost[f].ntt_rate = 1; /* measured as useless */
    }
    if (job->batch == 1) {
      size_t best = 0;
      double best_t = 1e300;
      for (size_t i = 0; i < ncand; i++) {
        const zka_device_cost *c = &e->dev[cand[i]].cost[f];
        double t = c->overhead_s + work_row / c->ntt_rate;
        if (t < best_t) best_t = t, best = i;
      }
      rows[best] = 1;
    } else {
      zka_split_rows(e, cand, ncand, f, job->batch, work_row, rows);
    }
  }

  /* Chunks: each device's rows cut to fit half its memory (and ZKA_SCHED_CHUNK_ROWS). */
  size_t force = getenv("ZKA_SCHED_CHUNK_ROWS") ? strtoul(getenv("ZKA_SCHED_CHUNK_ROWS"), NULL, 10) : 0;
  size_t nchunks_max = 0;
  size_t max_rows_of[ZKA_ENGINE_MAX_DEVICES];
  for (size_t i = 0; i < ncand; i++) {
    const zka_engine_device *dv = &e->dev[cand[i]];
    size_t m = rows[i] ? rows[i] : 1;
    if (!dv->is_cpu && dv->info.memory_bytes) {
      size_t fit = (size_t)(dv->info.memory_bytes / 2) / row_bytes;
      if (fit < m) m = fit ? fit : 1;
    }
    if (force && force < m) m = force;
    max_rows_of[i] = m;
    nchunks_max += rows[i] ? (rows[i] + m - 1) / m : 0;
  }
  zka_job_run run;
  memset(&run, 0, sizeof run);
  run.e = e;
  run.job = job;
  run.data = data;
  run.row_bytes = row_bytes;
  run.order = cand;
  run.norder = ncand;
  run.chunks = calloc(nchunks_max ? nchunks_max : 1, sizeof *run.chunks);
  if (!run.chunks) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_ntt: out of memory");
  pthread_mutex_init(&run.mu, NULL);
  size_t next_row = 0;
  for (size_t i = 0; i < ncand; i++)
    for (size_t left = rows[i]; left;) {
      size_t k = left < max_rows_of[i] ? left : max_rows_of[i];
      zka_chunk *c = &run.chunks[run.nchunks];
      c->first_row = next_row;
      c->rows = k;
      c->id = run.nchunks++;
      c->device = cand[i];
      next_row += k;
      left -= k;
    }

  /* One host thread per device with work; the calling thread takes the last one. */
  pthread_t threads[ZKA_ENGINE_MAX_DEVICES];
  zka_device_thread_arg args[ZKA_ENGINE_MAX_DEVICES];
  size_t nthreads = 0, used[ZKA_ENGINE_MAX_DEVICES], nused = 0;
  for (size_t i = 0; i < ncand; i++)
    if (rows[i]) used[nused++] = cand[i];
  for (size_t k = 0; k < nused; k++) {
    args[k].run = &run;
    args[k].device = used[k];
  }
  for (size_t k = 0; k + 1 < nused; k++) {
    if (pthread_create(&threads[nthreads], NULL, zka_device_thread, &args[k]) == 0) nthreads++;
    else zka_device_thread(&args[k]); /* could not start a thread: run it here */
  }
  if (nused) zka_device_thread(&args[nused - 1]);
  for (size_t k = 0; k < nthreads; k++) pthread_join(threads[k], NULL);

  /* The report. */
  zka_job_report *rep = &e->report;
  memset(rep, 0, sizeof *rep);
  rep->chunks = (uint32_t)run.nchunks;
  rep->fallbacks = run.fallbacks;
  rep->seconds = zka_now() - t0;
  for (size_t d = 0; d < e->ndev; d++)
    if (run.per_device[d]) {
      size_t used_len = strlen(rep->devices);
      snprintf(rep->devices + used_len, sizeof rep->devices - used_len, "%s%s:%d=%u",
               used_len ? " " : "", e->dev[d].info.backend, e->dev[d].index, run.per_device[d]);
    }
  snprintf(rep->fallback_log, sizeof rep->fallback_log, "%s", run.log);
  free(run.chunks);
  pthread_mutex_destroy(&run.mu);
  if (run.status != ZKA_OK) return zka_error(ctx, run.status, "zka_ntt: %s", run.error);
  return ZKA_OK;
}

zka_status zka_ntt(zka_engine *e, zka_field_id f, void *data, uint32_t log_n,
                   const zka_ntt_options *opt, zka_ctx *ctx) {
  if (!e || !data) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_ntt: engine or data is NULL");
  zka_ntt_job job;
  zka_status st = zka_ntt_make_job(&job, f, log_n, opt, ctx);
  if (st != ZKA_OK) return st;
  return zka_ntt_host_job(e, &job, data, ctx);
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
  double t0 = zka_now();
  pthread_mutex_lock(&dv->lock);
  int rc = zka_fault_injected(dv->info.backend, 0) ? (snprintf(err, sizeof err, "injected fault (ZKA_INJECT_FAULTS)"), ZKA_ERR_DEVICE)
                                                   : dv->api->ntt(dv->dev, b->handle, offset, &job, err, sizeof err);
  pthread_mutex_unlock(&dv->lock);
  memset(&e->report, 0, sizeof e->report);
  e->report.chunks = 1;
  e->report.seconds = zka_now() - t0;
  snprintf(e->report.devices, sizeof e->report.devices, "%s:%d=1", dv->info.backend, dv->index);
  if (rc != ZKA_OK)
    return zka_error(ctx, (zka_status)rc, "zka_ntt_buffer: %s:%d (%s): %s", dv->info.backend, dv->index,
                     dv->info.name, err);
  return ZKA_OK;
}

/* ---- calibration: measure a device with the same path jobs take ------------------------ */

/* Run job on device d with deterministic valid data; returns seconds or -1. */
double zka_sched_time_on_device(zka_engine *e, size_t d, zka_field_id f, uint32_t log_n, size_t batch);
double zka_sched_time_on_device(zka_engine *e, size_t d, zka_field_id f, uint32_t log_n, size_t batch) {
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
  if (f == ZKA_FIELD_BABYBEAR)
    for (size_t i = 0; i < n; i++) data[i * size + 3] = 0;
  char err[256];
  double t0 = zka_now();
  zka_status st = zka_run_on_device(e, d, &job, data, staging, err, sizeof err);
  double t = zka_now() - t0;
  free(data);
  free(staging);
  return st == ZKA_OK ? t : -1;
}
