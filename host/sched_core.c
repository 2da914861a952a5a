#define _POSIX_C_SOURCE 200809L /* clock_gettime */
/* sched_core.c — the scheduler's core (sched.h): split, chunk, run, fall back, report.
 *
 * Rows go to devices in proportion to their measured rate for the work's cost key; a
 * device whose launch and copy overhead exceeds half the job's balanced time gets nothing
 * (small work stays on the CPU); a single row goes whole to the device expected to finish
 * first.  Each share is cut into chunks that fit half the device's memory; one host thread
 * per device runs its chunks: double-buffered on two queues where the backend has the
 * asynchronous entries of ABI 4 and the share has two chunks or more (zka_pipe_run), else
 * one blocking write/compute/read after another.  A failed chunk re-runs on the next
 * candidate device and finally on the CPU (not when strict); the job report and stderr
 * say so. */
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

/* Chunk c failed on device d with err: re-run it on the next candidate devices and finally
 * the CPU (not when strict), logging each fallback.  staging: as for zka_sched_run_rows. */
static void zka_chunk_fallback(zka_job_run *r, const zka_chunk *c, size_t d, const char *first_err,
                               uint8_t *staging) {
  zka_engine *e = r->e;
  char err[256];
  snprintf(err, sizeof err, "%s", first_err);
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

static void zka_chunk_succeeded(zka_job_run *r, size_t d) {
  pthread_mutex_lock(&r->mu);
  r->per_device[d]++;
  pthread_mutex_unlock(&r->mu);
}

/* The blocking path: chunk c on its device, falling back on failure. */
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
  if (st == ZKA_OK) zka_chunk_succeeded(r, d);
  else zka_chunk_fallback(r, c, d, err, staging);
}

/* ---- the double-buffered path ------------------------------------------------------------- */

static pthread_mutex_t zka_trace_mu = PTHREAD_MUTEX_INITIALIZER;
static zka_sched_event *zka_trace_events;
static size_t zka_trace_cap, zka_trace_count;

void zka_sched_trace_start(zka_sched_event *events, size_t cap) {
  pthread_mutex_lock(&zka_trace_mu);
  zka_trace_events = events;
  zka_trace_cap = events ? cap : 0;
  zka_trace_count = 0;
  pthread_mutex_unlock(&zka_trace_mu);
}

size_t zka_sched_trace_stop(void) {
  pthread_mutex_lock(&zka_trace_mu);
  size_t n = zka_trace_count;
  zka_trace_events = NULL;
  zka_trace_cap = 0;
  pthread_mutex_unlock(&zka_trace_mu);
  return n;
}

static void zka_trace(size_t chunk, size_t device, char op) {
  pthread_mutex_lock(&zka_trace_mu);
  if (zka_trace_events) {
    if (zka_trace_count < zka_trace_cap) {
      zka_sched_event *ev = &zka_trace_events[zka_trace_count];
      ev->chunk = chunk;
      ev->device = device;
      ev->op = op;
      ev->t = zka_sched_now();
    }
    zka_trace_count++;
  }
  pthread_mutex_unlock(&zka_trace_mu);
}

/* Whether device dv can run w double-buffered (its share aside): the backend's queue
 * entries, the primitive's asynchronous entry, and ZKA_SCHED_ASYNC not 0. */
static int zka_sched_async_capable(const zka_engine_device *dv, const zka_sched_work *w) {
  const char *env = getenv("ZKA_SCHED_ASYNC");
  if (env && *env && !atoi(env)) return 0;
  const zka_backend_api *api = dv->api;
  if (dv->is_cpu || !dv->dev || !api || !api->queue_create || !api->queue_destroy ||
      !api->queue_sync || !api->write_async || !api->read_async || !w->async_supported)
    return 0;
  if (w->run_rows ? !w->upload_async || !w->run_buffer : !w->run_async) return 0;
  return w->async_supported(dv, w);
}

/* One device's double-buffered run of its chunks mine[0..n). */
typedef struct {
  zka_job_run *r;
  size_t d;
  const size_t *mine;
  size_t n;
  void *queue[2], *buf[2];
  uint8_t *stage[2]; /* download staging per slot (staged primitives) */
  size_t stage_bytes;
  int pinned;        /* stage[] from the backend's host_alloc */
  int *failed;       /* per chunk of mine[] */
  char (*errs)[256]; /* per chunk: why it failed */
} zka_pipe;

static void zka_pipe_fail(zka_pipe *p, size_t k, const char *err) {
  if (p->failed[k]) return;
  p->failed[k] = 1;
  snprintf(p->errs[k], sizeof p->errs[k], "%s", err && *err ? err : "device error");
  zka_trace(p->r->chunks[p->mine[k]].id, p->d, 'F');
}

/* Enqueue chunk k's upload on its slot's queue. */
static void zka_pipe_upload(zka_pipe *p, size_t k) {
  const zka_sched_work *w = p->r->w;
  zka_engine_device *dv = &p->r->e->dev[p->d];
  const zka_chunk *c = &p->r->chunks[p->mine[k]];
  size_t s = k % 2;
  char err[256] = "";
  int st;
  if (w->run_rows) {
    st = w->upload_async(dv, w, p->queue[s], p->buf[s], c->first_row, c->rows, err, sizeof err);
  } else {
    size_t bytes = c->rows * w->in_row_bytes;
    st = bytes ? dv->api->write_async(dv->dev, p->queue[s], p->buf[s], 0,
                                      w->in + c->first_row * w->in_row_bytes, bytes, err, sizeof err)
               : ZKA_OK;
  }
  zka_trace(c->id, p->d, 'W');
  if (st != ZKA_OK) zka_pipe_fail(p, k, err);
}

/* Chunk k's compute: staged primitives enqueue it and the download behind it; run_rows
 * primitives (MSM) wait for the upload and run it blocking on the device's own queue. */
static void zka_pipe_compute(zka_pipe *p, size_t k) {
  if (p->failed[k]) return;
  const zka_sched_work *w = p->r->w;
  zka_engine_device *dv = &p->r->e->dev[p->d];
  const zka_chunk *c = &p->r->chunks[p->mine[k]];
  size_t s = k % 2;
  char err[256] = "";
  int st;
  if (w->run_rows) {
    /* Injected here, not at the end: the result is kept as soon as it is computed. */
    if (zka_sched_fault_injected(dv->info.backend, c->id)) {
      zka_pipe_fail(p, k, "injected fault (ZKA_INJECT_FAULTS)");
      return;
    }
    st = dv->api->queue_sync(dv->dev, p->queue[s], err, sizeof err);
    if (st == ZKA_OK) st = w->run_buffer(dv, w, p->buf[s], c->first_row, c->rows, err, sizeof err);
    zka_trace(c->id, p->d, 'K');
    if (st != ZKA_OK) zka_pipe_fail(p, k, err);
    return;
  }
  int in_place = w->out_row_bytes == 0;
  size_t in_bytes = c->rows * w->in_row_bytes;
  size_t out_bytes = in_place ? in_bytes : c->rows * w->out_row_bytes;
  size_t out_off = in_place ? 0 : in_bytes;
  st = w->run_async(dv, w, p->queue[s], p->buf[s], 0, out_off, c->rows, err, sizeof err);
  zka_trace(c->id, p->d, 'K');
  if (st != ZKA_OK) {
    zka_pipe_fail(p, k, err);
    return;
  }
  st = dv->api->read_async(dv->dev, p->queue[s], p->buf[s], out_off, p->stage[s], out_bytes, err, sizeof err);
  zka_trace(c->id, p->d, 'R');
  if (st != ZKA_OK) zka_pipe_fail(p, k, err);
}

/* Wait for chunk k and deliver its rows.  Rows reach the output only from a chunk whose
 * queue synchronized cleanly (staging first: a failed chunk never touches an in-place
 * input).  Injected faults are applied here, after the chunk really ran, so the test sees
 * a failure found late on the async path. */
static void zka_pipe_complete(zka_pipe *p, size_t k) {
  const zka_sched_work *w = p->r->w;
  zka_engine_device *dv = &p->r->e->dev[p->d];
  const zka_chunk *c = &p->r->chunks[p->mine[k]];
  size_t s = k % 2;
  char err[256] = "";
  if (w->run_rows) { /* computed blocking in zka_pipe_compute */
    if (!p->failed[k]) zka_trace(c->id, p->d, 'D');
    return;
  }
  int st = dv->api->queue_sync(dv->dev, p->queue[s], err, sizeof err);
  if (p->failed[k]) return;
  if (st != ZKA_OK) {
    zka_pipe_fail(p, k, err);
    return;
  }
  if (zka_sched_fault_injected(dv->info.backend, c->id)) {
    zka_pipe_fail(p, k, "injected fault (ZKA_INJECT_FAULTS)");
    return;
  }
  int in_place = w->out_row_bytes == 0;
  size_t row = in_place ? w->in_row_bytes : w->out_row_bytes;
  memcpy(w->out + c->first_row * row, p->stage[s], c->rows * row);
  zka_trace(c->id, p->d, 'D');
}

/* Set up queues, buffers and staging for chunks of up to max_rows rows; 0 on success. */
static int zka_pipe_setup(zka_pipe *p, size_t max_rows) {
  const zka_sched_work *w = p->r->w;
  zka_engine_device *dv = &p->r->e->dev[p->d];
  const zka_backend_api *api = dv->api;
  char err[256];
  size_t in_bytes = max_rows * w->in_row_bytes;
  size_t buf_bytes = w->out_row_bytes ? in_bytes + max_rows * w->out_row_bytes : in_bytes;
  p->stage_bytes = w->run_rows ? 0 : max_rows * p->r->staging_row_bytes;
  p->failed = calloc(p->n, sizeof *p->failed);
  p->errs = calloc(p->n, sizeof *p->errs);
  if (!p->failed || !p->errs) return -1;
  for (int s = 0; s < 2; s++) {
    if (api->queue_create(dv->dev, &p->queue[s], err, sizeof err) != ZKA_OK) return -1;
    if (api->alloc(dv->dev, buf_bytes, &p->buf[s], err, sizeof err) != ZKA_OK) return -1;
  }
  if (!p->stage_bytes) return 0;
  /* Page-locked staging where the backend offers it (true DMA on GPUs), else memory on
   * the NUMA node nearest the device. */
  p->pinned = api->host_alloc && api->host_free;
  for (int s = 0; s < 2; s++) {
    if (p->pinned) {
      void *ptr = NULL;
      if (api->host_alloc(dv->dev, p->stage_bytes, &ptr, err, sizeof err) != ZKA_OK) return -1;
      p->stage[s] = ptr;
    } else {
      p->stage[s] = zka_topology_alloc_near(p->stage_bytes, zka_topology_numa_node_of_pci(dv->info.pci_bus_id));
      if (!p->stage[s]) return -1;
    }
  }
  return 0;
}

/* Release what setup made; the queues are drained by queue_destroy. */
static void zka_pipe_teardown(zka_pipe *p) {
  zka_engine_device *dv = &p->r->e->dev[p->d];
  for (int s = 0; s < 2; s++) {
    if (p->queue[s]) dv->api->queue_destroy(dv->dev, p->queue[s]);
    if (p->buf[s]) dv->api->free(dv->dev, p->buf[s]);
    if (p->stage[s]) {
      if (p->pinned) dv->api->host_free(dv->dev, p->stage[s]);
      else zka_topology_free(p->stage[s], p->stage_bytes);
    }
    p->queue[s] = p->buf[s] = NULL;
    p->stage[s] = NULL;
  }
}

/* Run device d's chunks mine[0..n) double-buffered, then re-run the failed ones elsewhere.
 * Returns 0, or -1 when the pipeline could not be set up (nothing ran: the caller takes
 * the blocking path).  Issue order (staged primitives, two queues, slot = k % 2):
 *   W0 | K0 R0 W1 | K1 R1 D0 W2 | K2 R2 D1 W3 | ...
 * so chunk k's compute is enqueued while chunk k-1's download may still run, and chunk
 * k+1's upload while chunk k computes.  run_rows primitives (blocking compute):
 *   W0 | W1 K0 D0 | W2 K1 D1 | ... */
static int zka_pipe_run(zka_job_run *r, size_t d, const size_t *mine, size_t n, size_t max_rows,
                        uint8_t *fallback_staging) {
  zka_engine_device *dv = &r->e->dev[d];
  zka_pipe p;
  memset(&p, 0, sizeof p);
  p.r = r;
  p.d = d;
  p.mine = mine;
  p.n = n;
  pthread_mutex_lock(&dv->lock);
  if (zka_pipe_setup(&p, max_rows) != 0) {
    zka_pipe_teardown(&p);
    pthread_mutex_unlock(&dv->lock);
    free(p.failed);
    free(p.errs);
    return -1;
  }
  int blocking = r->w->run_rows != NULL;
  zka_pipe_upload(&p, 0);
  for (size_t k = 0; k < n; k++) {
    if (blocking && k + 1 < n) zka_pipe_upload(&p, k + 1); /* chunk k-1 has finished */
    zka_pipe_compute(&p, k);
    if (blocking) {
      zka_pipe_complete(&p, k);
    } else if (k >= 1) {
      zka_pipe_complete(&p, k - 1); /* frees slot (k+1) % 2 */
    }
    if (!blocking && k + 1 < n) zka_pipe_upload(&p, k + 1);
  }
  if (!blocking) zka_pipe_complete(&p, n - 1);
  zka_pipe_teardown(&p);
  pthread_mutex_unlock(&dv->lock);
  /* Fallbacks after the device lock is released: two devices falling back onto each
   * other must not wait for each other's lock. */
  for (size_t k = 0; k < n; k++) {
    const zka_chunk *c = &r->chunks[mine[k]];
    if (p.failed[k]) zka_chunk_fallback(r, c, d, p.errs[k], fallback_staging);
    else zka_chunk_succeeded(r, d);
  }
  free(p.failed);
  free(p.errs);
  return 0;
}

static void *zka_device_thread(void *raw) {
  zka_device_thread_arg *a = raw;
  zka_job_run *r = a->run;
  size_t max_rows = 0, n = 0;
  size_t *mine = malloc((r->nchunks ? r->nchunks : 1) * sizeof *mine);
  for (size_t i = 0; i < r->nchunks; i++)
    if (r->chunks[i].device == a->device) {
      if (r->chunks[i].rows > max_rows) max_rows = r->chunks[i].rows;
      if (mine) mine[n++] = i;
    }
  /* Staging lives on the NUMA node nearest the device (its PCI address, via hwloc), so
   * the copies cross no socket link.  Devices with a host path (the cpu) need none. */
  const zka_engine_device *dv = &r->e->dev[a->device];
  size_t staging_bytes = max_rows * r->staging_row_bytes;
  uint8_t *staging = NULL;
  if (!dv->is_cpu && staging_bytes && !r->w->run_rows)
    staging = zka_topology_alloc_near(staging_bytes, zka_topology_numa_node_of_pci(dv->info.pci_bus_id));
  int done = 0;
  if (mine && n >= 2 && zka_sched_async_capable(dv, r->w))
    done = zka_pipe_run(r, a->device, mine, n, max_rows, staging) == 0;
  for (size_t i = 0; !done && i < r->nchunks; i++)
    if (r->chunks[i].device == a->device) zka_run_chunk(r, &r->chunks[i], staging);
  zka_topology_free(staging, staging_bytes);
  free(mine);
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

  /* Chunks: each device's rows cut to fit half its memory (a quarter where it will hold
   * two chunks at once, double-buffered), and ZKA_SCHED_CHUNK_ROWS. */
  const char *force_env = getenv("ZKA_SCHED_CHUNK_ROWS");
  size_t force = force_env ? strtoul(force_env, NULL, 10) : 0;
  size_t nchunks_max = 0, max_rows_of[ZKA_ENGINE_MAX_DEVICES];
  size_t row_bytes = w->in_row_bytes + w->out_row_bytes;
  for (size_t i = 0; i < ncand; i++) {
    const zka_engine_device *dv = &e->dev[cand[i]];
    size_t m = rows[i] ? rows[i] : 1;
    if (!dv->is_cpu && dv->info.memory_bytes) {
      size_t fit = (size_t)(dv->info.memory_bytes / (zka_sched_async_capable(dv, w) ? 4 : 2)) / row_bytes;
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
