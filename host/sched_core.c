#define _POSIX_C_SOURCE 200809L /* clock_gettime */
/* sched_core.c — the scheduler's core (sched.h): split, chunk, run, fall back, report.
 *
 * Rows go to devices in proportion to their measured rate for the work's cost key; a
 * device whose launch and copy overhead exceeds half the job's balanced time gets nothing
 * (small work stays on the CPU); a single row goes whole to the device expected to finish
 * first.  Each share is cut into chunks that fit half the device's memory; one host thread
 * per device runs its chunks.  A failed chunk re-runs on the next candidate device and
 * finally on the CPU (not when strict); the job report and stderr say so. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "host/sched.h"
#include "host/topology.h"

double zka_sched_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int zka_sched_fault_injected(const char *backend, size_t chunk) {
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

zka_status zka_sched_run_rows(zka_engine *e, size_t d, const zka_sched_work *w, size_t first,
                              size_t count, uint8_t *staging, char *err, size_t err_len) {
  zka_engine_device *dv = &e->dev[d];
  int in_place = w->out_row_bytes == 0;
  size_t in_bytes = count * w->in_row_bytes;
  size_t out_bytes = in_place ? in_bytes : count * w->out_row_bytes;
  int st;
  if (w->run_rows) { /* the primitive stages its own inputs (w->in/out may be NULL) */
    pthread_mutex_lock(&dv->lock);
    st = w->run_rows(dv, w, first, count, err, err_len);
    pthread_mutex_unlock(&dv->lock);
    return (zka_status)st;
  }
  const uint8_t *in = w->in + first * w->in_row_bytes;
  uint8_t *out = w->out + first * (in_place ? w->in_row_bytes : w->out_row_bytes);
  pthread_mutex_lock(&dv->lock);
  st = w->run_host ? w->run_host(dv, w, first, count, err, err_len) : -1;
  if (st == -1) { /* no host path: through device memory */
    void *buf = NULL;
    size_t out_off = in_place ? 0 : in_bytes;
    st = dv->api->alloc(dv->dev, in_place ? in_bytes : in_bytes + out_bytes, &buf, err, err_len);
    if (st == ZKA_OK && in_bytes) st = dv->api->write(dv->dev, buf, 0, in, in_bytes, err, err_len);
    if (st == ZKA_OK) st = w->run_device(dv, w, buf, 0, out_off, count, err, err_len);
    /* Reads land in staging first: a failed read never corrupts an in-place input. */
    if (st == ZKA_OK) st = dv->api->read(dv->dev, buf, out_off, staging ? staging : out, out_bytes, err, err_len);
    if (st == ZKA_OK && staging) memcpy(out, staging, out_bytes);
    if (buf) dv->api->free(dv->dev, buf);
  }
  pthread_mutex_unlock(&dv->lock);
  return (zka_status)st;
}

static int zka_sched_device_runs(const zka_engine *e, size_t d, const zka_sched_work *w) {
  const zka_engine_device *dv = &e->dev[d];
  if (!dv->dev || !dv->api) return 0;
  if (!w->supported(dv, w)) return 0;
  size_t row = w->in_row_bytes + w->out_row_bytes;
  if (!dv->is_cpu && dv->info.memory_bytes && row > dv->info.memory_bytes / 2) return 0;
  return 1;
}

typedef struct {
  size_t first_row, rows, id, device;
} zka_chunk;

typedef struct {
  zka_engine *e;
  const zka_sched_work *w;
  zka_chunk *chunks;
  size_t nchunks;
  const size_t *order; /* candidate devices in fallback order */
  size_t norder;
  size_t staging_row_bytes;
  pthread_mutex_t mu; /* guards what follows */
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
  char err[256] = "";
  size_t d = c->device;
  zka_status st;
  if (zka_sched_fault_injected(e->dev[d].info.backend, c->id)) {
    snprintf(err, sizeof err, "injected fault (ZKA_INJECT_FAULTS)");
    st = ZKA_ERR_DEVICE;
  } else {
    st = zka_sched_run_rows(e, d, r->w, c->first_row, c->rows, staging, err, sizeof err);
  }
  if (st == ZKA_OK) {
    pthread_mutex_lock(&r->mu);
    r->per_device[d]++;
    pthread_mutex_unlock(&r->mu);
    return;
  }
  if (e->opt.strict) {
    pthread_mutex_lock(&r->mu);
    if (r->status == ZKA_OK) {
      r->status = ZKA_ERR_DEVICE;
      snprintf(r->error, sizeof r->error,
               "chunk %zu failed on %s:%d (%.100s) and --strict forbids a fallback: %s", c->id,
               e->dev[d].info.backend, e->dev[d].index, e->dev[d].info.name, err);
    }
    pthread_mutex_unlock(&r->mu);
    return;
  }
  /* Fall back: the candidates after d (the CPU excluded), then the CPU. */
  size_t tried_from = d, pos = 0;
  while (pos < r->norder && r->order[pos] != d) pos++;
  for (size_t step = 1; step <= r->norder + 1; step++) {
    size_t next;
    if (step <= r->norder) {
      next = r->order[(pos + step) % r->norder];
      if (next == d || e->dev[next].is_cpu) continue;
    } else {
      next = e->cpu_device;
    }
    char err2[256] = "", line[700];
    zka_status st2 = zka_sched_run_rows(e, next, r->w, c->first_row, c->rows,
                                        e->dev[next].is_cpu ? NULL : staging, err2, sizeof err2);
    snprintf(line, sizeof line, "chunk %zu (rows %zu..%zu) failed on %s:%d: %.200s; re-ran on %s:%d%s%.200s",
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
    memcpy(err, err2, sizeof err);
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
  /* Staging lives on the NUMA node nearest the device (its PCI address, via hwloc), so
   * the copies cross no socket link.  Devices with a host path (the cpu) need none. */
  const zka_engine_device *dv = &r->e->dev[a->device];
  size_t staging_bytes = max_rows * r->staging_row_bytes;
  uint8_t *staging = NULL;
  if (!dv->is_cpu && staging_bytes && !r->w->run_rows)
    staging = zka_topology_alloc_near(staging_bytes, zka_topology_numa_node_of_pci(dv->info.pci_bus_id));
  for (size_t i = 0; i < r->nchunks; i++)
    if (r->chunks[i].device == a->device) zka_run_chunk(r, &r->chunks[i], staging);
  zka_topology_free(staging, staging_bytes);
  return NULL;
}

static zka_status zka_sched_ensure_cost(zka_engine *e, size_t d, const zka_sched_work *w) {
  zka_device_cost *c = &e->dev[d].cost[w->cost_key];
  if (c->rate > 0) return ZKA_OK;
  zka_device_cost m;
  zka_status st = w->measure(e, d, w->cost_key, &m);
  if (st != ZKA_OK) return st;
  zka_engine_store_cost(e, d, w->cost_key, &m);
  return ZKA_OK;
}

/* Rows per candidate: proportional to rate, devices whose overhead does not pay dropped. */
static void zka_split_rows(const zka_engine *e, const size_t *cand, size_t ncand, int key,
                           size_t rows_total, double work_row, size_t *rows_out) {
  int use[ZKA_ENGINE_MAX_DEVICES];
  const char *eq = getenv("ZKA_SCHED_EQUAL_SPLIT");
  int equal = eq && atoi(eq);
  for (size_t i = 0; i < ncand; i++) use[i] = 1;
  for (int round = 0; round < 8 && !equal; round++) {
    double total = 0;
    for (size_t i = 0; i < ncand; i++)
      if (use[i]) total += e->dev[cand[i]].cost[key].rate;
    double balanced = (double)rows_total * work_row / total;
    int changed = 0;
    for (size_t i = 0; i < ncand; i++) {
      const zka_engine_device *dv = &e->dev[cand[i]];
      if (use[i] && !dv->is_cpu && dv->cost[key].overhead_s > 0.5 * balanced) {
        use[i] = 0;
        changed = 1;
      }
    }
    int any = 0;
    for (size_t i = 0; i < ncand; i++) any |= use[i];
    if (!any) { /* nothing left: the device with the smallest overhead */
      size_t best = 0;
      for (size_t i = 1; i < ncand; i++)
        if (e->dev[cand[i]].cost[key].overhead_s < e->dev[cand[best]].cost[key].overhead_s) best = i;
      use[best] = 1;
      break;
    }
    if (!changed) break;
  }
  double total = 0, frac[ZKA_ENGINE_MAX_DEVICES];
  for (size_t i = 0; i < ncand; i++)
    if (use[i]) total += equal ? 1.0 : e->dev[cand[i]].cost[key].rate;
  size_t given = 0;
  for (size_t i = 0; i < ncand; i++) {
    double share = use[i] ? (double)rows_total * (equal ? 1.0 : e->dev[cand[i]].cost[key].rate) / total : 0;
    rows_out[i] = (size_t)share;
    frac[i] = use[i] ? share - (double)rows_out[i] : -2;
    given += rows_out[i];
  }
  while (given < rows_total) { /* largest remainder */
    size_t best = 0;
    for (size_t i = 1; i < ncand; i++)
      if (frac[i] > frac[best]) best = i;
    rows_out[best]++;
    frac[best] = -1;
    given++;
  }
}

zka_status zka_sched_run(zka_engine *e, const zka_sched_work *w, const char *what, zka_ctx *ctx) {
  double t0 = zka_sched_now();
  int key = w->cost_key;
  size_t cand[ZKA_ENGINE_MAX_DEVICES], ncand = 0;
  for (size_t d = 0; d < e->ndev; d++)
    if (e->dev[d].selected && zka_sched_device_runs(e, d, w)) cand[ncand++] = d;
  if (ncand == 0) cand[ncand++] = e->cpu_device;

  size_t rows[ZKA_ENGINE_MAX_DEVICES];
  memset(rows, 0, sizeof rows);
  if (ncand == 1) {
    rows[0] = w->rows;
  } else {
    for (size_t i = 0; i < ncand; i++)
      if (zka_sched_ensure_cost(e, cand[i], w) != ZKA_OK) {
        e->dev[cand[i]].cost[key].rate = 1e-9; /* it could not even be measured */
        e->dev[cand[i]].cost[key].overhead_s = 1e9;
      }
    if (w->rows == 1) {
      size_t best = 0;
      double best_t = 1e300;
      for (size_t i = 0; i < ncand; i++) {
        const zka_device_cost *c = &e->dev[cand[i]].cost[key];
        double t = c->overhead_s + w->work_per_row / c->rate;
        if (t < best_t) best_t = t, best = i;
      }
      rows[best] = 1;
    } else {
      zka_split_rows(e, cand, ncand, key, w->rows, w->work_per_row, rows);
    }
  }

  /* Chunks: each device's rows cut to fit half its memory (and ZKA_SCHED_CHUNK_ROWS). */
  const char *force_env = getenv("ZKA_SCHED_CHUNK_ROWS");
  size_t force = force_env ? strtoul(force_env, NULL, 10) : 0;
  size_t nchunks_max = 0, max_rows_of[ZKA_ENGINE_MAX_DEVICES];
  size_t row_bytes = w->in_row_bytes + w->out_row_bytes;
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
  run.w = w;
  run.order = cand;
  run.norder = ncand;
  run.staging_row_bytes = w->out_row_bytes ? w->out_row_bytes : w->in_row_bytes;
  run.chunks = calloc(nchunks_max ? nchunks_max : 1, sizeof *run.chunks);
  if (!run.chunks) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", what);
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
  size_t nthreads = 0, nused = 0;
  for (size_t i = 0; i < ncand; i++)
    if (rows[i]) {
      args[nused].run = &run;
      args[nused].device = cand[i];
      nused++;
    }
  for (size_t k = 0; k + 1 < nused; k++) {
    if (pthread_create(&threads[nthreads], NULL, zka_device_thread, &args[k]) == 0) nthreads++;
    else zka_device_thread(&args[k]); /* no thread to be had: run it here */
  }
  if (nused) zka_device_thread(&args[nused - 1]);
  for (size_t k = 0; k < nthreads; k++) pthread_join(threads[k], NULL);

  zka_job_report *rep = &e->report;
  memset(rep, 0, sizeof *rep);
  rep->chunks = (uint32_t)run.nchunks;
  rep->fallbacks = run.fallbacks;
  rep->seconds = zka_sched_now() - t0;
  for (size_t d = 0; d < e->ndev; d++)
    if (run.per_device[d]) {
      size_t used_len = strlen(rep->devices);
      snprintf(rep->devices + used_len, sizeof rep->devices - used_len, "%s%s:%d=%u",
               used_len ? " " : "", e->dev[d].info.backend, e->dev[d].index, run.per_device[d]);
    }
  memcpy(rep->fallback_log, run.log, sizeof rep->fallback_log);
  free(run.chunks);
  pthread_mutex_destroy(&run.mu);
  if (run.status != ZKA_OK) return zka_error(ctx, run.status, "%s: %s", what, run.error);
  return ZKA_OK;
}
