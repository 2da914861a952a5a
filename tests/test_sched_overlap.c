/* test_sched_overlap.c — the scheduler's double-buffered path (host/sched.h, backend.h ABI
 * 4 asynchronous queues), on the opencl backend (PoCL here):
 *   1. NTT batches, batch hashes and MSMs cut into many chunks (ZKA_SCHED_CHUNK_ROWS) give
 *      the same bytes with the async path on and off (ZKA_SCHED_ASYNC=0), and the same as
 *      the CPU backend;
 *   2. the scheduler's debug trace shows the overlap in the issue order: chunk k+1's upload
 *      and chunk k's compute are enqueued before chunk k-1 (resp. k) is found finished;
 *      with ZKA_SCHED_ASYNC=0 nothing goes through the async path; wall-clock times of both
 *      paths and one pipeline's event times are printed (PoCL on 2 cores may serialize the
 *      queues, so only the order is asserted);
 *   3. injected faults (ZKA_INJECT_FAULTS), a real device error (a kernel build that
 *      fails) and an error that only queue_sync reports (the opencl table with a failing
 *      queue_sync swapped in: a fake backend whose faults show late, as CUDA's do) on the
 *      async path: the failed chunks re-run on the CPU, the bytes do not change, the
 *      report counts the fallbacks and says why.
 * Skips (77) when no OpenCL device is available. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/sched.h"
#include "ntt_ref.h"
#include "test_util.h"
#include "zkaccel/curve.h"
#include "zkaccel/device.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"
#include "zkaccel/ntt.h"

static zka_ctx *ctx;

#define MAX_EVENTS 4096
static zka_sched_event events[MAX_EVENTS];

static zka_engine *make_engine(const char *backends, int strict) {
  zka_engine_options o = zka_engine_options_default();
  o.backends = backends;
  o.strict = strict;
  o.quiet = 1;
  zka_engine *e = NULL;
  zka_status st = zka_engine_create(&e, &o, ctx);
  return st == ZKA_OK ? e : NULL;
}

static void set_async(int on) { setenv("ZKA_SCHED_ASYNC", on ? "1" : "0", 1); }

/* Position of the first event (op, chunk) in ev[0..n), or n when absent. */
static size_t find_event(const zka_sched_event *ev, size_t n, char op, size_t chunk) {
  for (size_t i = 0; i < n; i++)
    if (ev[i].op == op && ev[i].chunk == chunk) return i;
  return n;
}

/* The chunks of a trace in the order their uploads were issued. */
static size_t trace_chunks(const zka_sched_event *ev, size_t n, size_t *chunks, size_t max) {
  size_t m = 0;
  for (size_t i = 0; i < n && m < max; i++)
    if (ev[i].op == 'W') chunks[m++] = ev[i].chunk;
  return m;
}

/* Assert the issue order of a clean pipeline of `expect` chunks.  staged (NTT, hashing):
 * W0 | K0 R0 W1 | K1 R1 D0 W2 | ...: for every k, W(k+1) and K(k+1) come before D(k).
 * Blocking compute (MSM): W0 | W1 K0 D0 | ...: W(k+1) comes before K(k). */
static void check_order(const char *label, size_t n, size_t expect, int staged) {
  size_t chunks[MAX_EVENTS];
  CHECK(n <= MAX_EVENTS, "%s: trace fits (%zu events)", label, n);
  if (n > MAX_EVENTS) n = MAX_EVENTS;
  size_t m = trace_chunks(events, n, chunks, MAX_EVENTS);
  CHECK(m == expect, "%s: %zu chunks through the async path, expected %zu", label, m, expect);
  size_t overlapped = 0;
  for (size_t k = 0; k < m; k++) {
    size_t w = find_event(events, n, 'W', chunks[k]), c = find_event(events, n, 'K', chunks[k]);
    size_t r = find_event(events, n, 'R', chunks[k]), d = find_event(events, n, 'D', chunks[k]);
    CHECK(find_event(events, n, 'F', chunks[k]) == n, "%s: chunk %zu failed", label, chunks[k]);
    CHECK(w < c && c < d && (!staged || (c < r && r < d)), "%s: chunk %zu events out of order (W%zu K%zu R%zu D%zu)",
          label, chunks[k], w, c, r, d);
    if (k + 1 == m) continue;
    size_t w_next = find_event(events, n, 'W', chunks[k + 1]), k_next = find_event(events, n, 'K', chunks[k + 1]);
    if (staged) {
      CHECK(w_next < d, "%s: upload of chunk %zu issued after chunk %zu finished", label, chunks[k + 1], chunks[k]);
      CHECK(k_next < d, "%s: compute of chunk %zu issued after chunk %zu finished", label, chunks[k + 1], chunks[k]);
      overlapped += w_next < d && k_next < d;
    } else {
      CHECK(w_next < c, "%s: upload of chunk %zu issued after chunk %zu computed", label, chunks[k + 1], chunks[k]);
      overlapped += w_next < c;
    }
  }
  printf("  %s: %zu chunks double-buffered, %zu of %zu neighbours overlapped in issue order\n", label, m,
         overlapped, m ? m - 1 : 0);
}

/* Print one pipeline's first events with times relative to the first. */
static void print_timeline(const char *label, size_t n) {
  if (!n) return;
  if (n > MAX_EVENTS) n = MAX_EVENTS;
  printf("  %s: first events (ms since the first upload):", label);
  for (size_t i = 0; i < n && i < 18; i++)
    printf(" %c%zu@%.2f", events[i].op, events[i].chunk, 1e3 * (events[i].t - events[0].t));
  printf("\n");
}

/* ---- NTT ------------------------------------------------------------------------------- */

/* One NTT batch on e, with the async path on or off; returns the trace length. */
static size_t ntt_run(zka_engine *e, const zka_test_field_ops *f, uint8_t *data, unsigned log_n,
                      const zka_ntt_options *opt, int async, double *seconds) {
  set_async(async);
  zka_sched_trace_start(events, MAX_EVENTS);
  double t0 = zka_sched_now();
  zka_status st = zka_ntt(e, f->id, data, log_n, opt, ctx);
  if (seconds) *seconds = zka_sched_now() - t0;
  size_t n = zka_sched_trace_stop();
  CHECK(st == ZKA_OK, "ntt %s 2^%u async=%d: %s", zka_field_id_name(f->id), log_n, async, zka_ctx_last_error(ctx));
  return n;
}

static void test_ntt(zka_engine *ocl, zka_engine *cpu, zka_test_rng *rng) {
  int shapes = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    for (int variant = 0; variant < 3; variant++) {
      unsigned log_n = variant == 0 ? 4 : variant == 1 ? 8 : 11;
      zka_ntt_options opt = zka_ntt_options_default();
      opt.batch = variant == 2 ? 6 : 13; /* 13 rows of 2 per chunk: an odd last chunk */
      opt.direction = variant == 1 ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
      opt.coset = variant != 0;
      opt.output_order = variant == 2 ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
      size_t count = opt.batch << log_n, bytes = count * f->size;
      uint8_t *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
      if (!a || !b || !c) abort();
      zka_test_random_elements(f, a, count, rng);
      memcpy(b, a, bytes);
      memcpy(c, a, bytes);
      setenv("ZKA_SCHED_CHUNK_ROWS", "2", 1);
      size_t n_async = ntt_run(ocl, f, a, log_n, &opt, 1, NULL);
      size_t n_sync = ntt_run(ocl, f, b, log_n, &opt, 0, NULL);
      unsetenv("ZKA_SCHED_CHUNK_ROWS");
      CHECK(zka_ntt(cpu, f->id, c, log_n, &opt, ctx) == ZKA_OK, "cpu: %s", zka_ctx_last_error(ctx));
      CHECK(!memcmp(a, b, bytes), "ntt %s 2^%u x %zu: async differs from blocking", zka_field_id_name(f->id), log_n,
            opt.batch);
      CHECK(!memcmp(a, c, bytes), "ntt %s 2^%u x %zu: async differs from cpu", zka_field_id_name(f->id), log_n,
            opt.batch);
      CHECK(n_sync == 0, "ZKA_SCHED_ASYNC=0: %zu events on the async path", n_sync);
      char label[96];
      snprintf(label, sizeof label, "ntt %s 2^%u x %zu", zka_field_id_name(f->id), log_n, opt.batch);
      if (fi == 0) check_order(label, n_async, (opt.batch + 1) / 2, 1);
      else CHECK(n_async > 0, "%s went through the async path", label);
      shapes++;
      free(a);
      free(b);
      free(c);
    }
  }
  printf("ntt: %d shapes (4 fields, forward/inverse, coset, bit-reversed output, 2 transforms per chunk) "
         "identical with the async path on, off, and on the cpu\n", shapes);
}

/* Timing: a larger batch, blocking against double-buffered (best of 3 each). */
static void test_ntt_timing(zka_engine *ocl, zka_test_rng *rng) {
  const zka_test_field_ops *f = &zka_tf_bn254_fr;
  unsigned log_n = 14;
  zka_ntt_options opt = zka_ntt_options_default();
  opt.batch = 16;
  size_t count = opt.batch << log_n, bytes = count * f->size;
  uint8_t *src = malloc(bytes), *a = malloc(bytes), *b = malloc(bytes);
  if (!src || !a || !b) abort();
  zka_test_random_elements(f, src, count, rng);
  setenv("ZKA_SCHED_CHUNK_ROWS", "2", 1);
  double best[2] = {1e300, 1e300};
  size_t n = 0;
  memcpy(a, src, bytes);
  (void)ntt_run(ocl, f, a, log_n, &opt, 1, NULL); /* warm-up: kernels and twiddles */
  for (int rep = 0; rep < 3; rep++)
    for (int async = 0; async < 2; async++) {
      double t;
      uint8_t *x = async ? a : b;
      memcpy(x, src, bytes);
      size_t got = ntt_run(ocl, f, x, log_n, &opt, async, &t);
      if (async) n = got;
      if (t < best[async]) best[async] = t;
    }
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
  CHECK(!memcmp(a, b, bytes), "timed runs: async differs from blocking");
  check_order("ntt bn254_fr 2^14 x 16 (timed)", n, 8, 1);
  print_timeline("ntt bn254_fr 2^14 x 16", n);
  printf("timing: bn254_fr NTT 2^%u x %zu in 8 chunks on opencl: blocking %.1f ms, double-buffered %.1f ms "
         "(best of 3; ratio %.2f)\n", log_n, opt.batch, 1e3 * best[0], 1e3 * best[1], best[0] / best[1]);
  free(src);
  free(a);
  free(b);
}

/* ---- hashing --------------------------------------------------------------------------- */

static void test_hash(zka_engine *ocl, zka_engine *cpu, zka_test_rng *rng) {
  static const zka_hash_id ids[] = {ZKA_HASH_SHA256, ZKA_HASH_KECCAK256, ZKA_HASH_POSEIDON2_BABYBEAR_16,
                                    ZKA_HASH_POSEIDON2_GOLDILOCKS_8};
  for (size_t hi = 0; hi < sizeof ids / sizeof ids[0]; hi++) {
    zka_hash_id h = ids[hi];
    size_t unit = zka_hash_unit_size(h), len = unit == 1 ? 100 : 8, count = 57;
    size_t in_bytes = len * unit * count, out_bytes = zka_hash_digest_size(h) * count;
    uint8_t *in = malloc(in_bytes), *d1 = malloc(out_bytes), *d2 = malloc(out_bytes), *d3 = malloc(out_bytes);
    if (!in || !d1 || !d2 || !d3) abort();
    /* Small words are valid field elements in every form (canonical or Montgomery). */
    memset(in, 0, in_bytes);
    for (size_t i = 0; i < len * count; i++) in[i * unit] = (uint8_t)zka_test_next(rng);
    if (unit > 1)
      for (size_t i = 0; i < len * count; i++) in[i * unit] &= 0x7f;
    setenv("ZKA_SCHED_CHUNK_ROWS", "5", 1);
    set_async(1);
    zka_sched_trace_start(events, MAX_EVENTS);
    CHECK(zka_hash_batch(ocl, h, d1, in, len, count, ctx) == ZKA_OK, "hash %s: %s", zka_hash_name(h),
          zka_ctx_last_error(ctx));
    size_t n = zka_sched_trace_stop();
    set_async(0);
    zka_sched_trace_start(events + MAX_EVENTS / 2, MAX_EVENTS / 2);
    CHECK(zka_hash_batch(ocl, h, d2, in, len, count, ctx) == ZKA_OK, "hash %s: %s", zka_hash_name(h),
          zka_ctx_last_error(ctx));
    size_t n_sync = zka_sched_trace_stop();
    unsetenv("ZKA_SCHED_CHUNK_ROWS");
    CHECK(zka_hash_batch(cpu, h, d3, in, len, count, ctx) == ZKA_OK, "cpu hash: %s", zka_ctx_last_error(ctx));
    CHECK(!memcmp(d1, d2, out_bytes), "hash %s: async differs from blocking", zka_hash_name(h));
    CHECK(!memcmp(d1, d3, out_bytes), "hash %s: async differs from cpu", zka_hash_name(h));
    CHECK(n_sync == 0, "ZKA_SCHED_ASYNC=0: %zu events", n_sync);
    char label[64];
    snprintf(label, sizeof label, "hash %s x %zu", zka_hash_name(h), count);
    check_order(label, n, (count + 4) / 5, 1);
    free(in);
    free(d1);
    free(d2);
    free(d3);
  }
  printf("hash: 4 hashes, 57 messages in chunks of 5, identical with the async path on, off, and on the cpu\n");
}

/* ---- MSM ------------------------------------------------------------------------------- */

/* n points k*G (k = 1..n) of BN254 G1 and random scalars below 2^248 (< r). */
static void msm_input(zka_bn254_g1_affine *pts, uint8_t *sc, size_t n, zka_test_rng *rng) {
  zka_bn254_g1_affine g;
  zka_bn254_g1_jacobian gj, acc, *jac = malloc(n * sizeof *jac);
  if (!jac) abort();
  zka_bn254_g1_generator(&g);
  zka_bn254_g1_affine_to_jacobian(&gj, &g);
  acc = gj;
  for (size_t i = 0; i < n; i++) {
    jac[i] = acc;
    zka_bn254_g1_add(&acc, &acc, &gj);
  }
  zka_bn254_g1_batch_normalize(pts, jac, n);
  free(jac);
  for (size_t i = 0; i < 32 * n; i++) sc[i] = (i % 32) == 31 ? 0 : (uint8_t)zka_test_next(rng);
}

static void test_msm(zka_engine *ocl, zka_engine *cpu, zka_test_rng *rng) {
  size_t n = 45;
  zka_bn254_g1_affine *pts = malloc(n * sizeof *pts), r1, r2, r3;
  uint8_t *sc = malloc(32 * n);
  if (!pts || !sc) abort();
  msm_input(pts, sc, n, rng);
  setenv("ZKA_SCHED_CHUNK_ROWS", "8", 1);
  set_async(1);
  zka_sched_trace_start(events, MAX_EVENTS);
  CHECK(zka_msm_affine(ocl, ZKA_GROUP_BN254_G1, &r1, pts, sc, n, ctx) == ZKA_OK, "msm: %s", zka_ctx_last_error(ctx));
  size_t ne = zka_sched_trace_stop();
  set_async(0);
  zka_sched_trace_start(events + MAX_EVENTS / 2, MAX_EVENTS / 2);
  CHECK(zka_msm_affine(ocl, ZKA_GROUP_BN254_G1, &r2, pts, sc, n, ctx) == ZKA_OK, "msm: %s", zka_ctx_last_error(ctx));
  size_t n_sync = zka_sched_trace_stop();
  CHECK(zka_msm_affine(cpu, ZKA_GROUP_BN254_G1, &r3, pts, sc, n, ctx) == ZKA_OK, "cpu msm: %s", zka_ctx_last_error(ctx));
  CHECK(!memcmp(&r1, &r2, sizeof r1), "msm: async differs from blocking");
  CHECK(!memcmp(&r1, &r3, sizeof r1), "msm: async differs from cpu");
  CHECK(n_sync == 0, "ZKA_SCHED_ASYNC=0: %zu events", n_sync);
  check_order("msm bn254_g1 x 45", ne, 6, 0);

  /* Faults on the async path: chunks 1 and 4 fail before their compute and re-run on the CPU. */
  zka_engine *loose = make_engine("opencl", 0);
  CHECK(loose != NULL, "non-strict opencl engine: %s", zka_ctx_last_error(ctx));
  if (loose) {
    set_async(1);
    setenv("ZKA_INJECT_FAULTS", "opencl:1,4", 1);
    zka_sched_trace_start(events, MAX_EVENTS);
    zka_bn254_g1_affine r4;
    CHECK(zka_msm_affine(loose, ZKA_GROUP_BN254_G1, &r4, pts, sc, n, ctx) == ZKA_OK, "msm with faults: %s",
          zka_ctx_last_error(ctx));
    size_t nf = zka_sched_trace_stop();
    unsetenv("ZKA_INJECT_FAULTS");
    zka_job_report rep;
    zka_engine_last_report(loose, &rep);
    CHECK(!memcmp(&r4, &r3, sizeof r4), "msm with faults on the async path differs from cpu");
    CHECK(rep.fallbacks == 2, "msm: 2 fallbacks, got %u", rep.fallbacks);
    CHECK(strstr(rep.fallback_log, "injected fault") != NULL, "msm log: %s", rep.fallback_log);
    CHECK(find_event(events, nf, 'F', 1) < nf && find_event(events, nf, 'F', 4) < nf,
          "msm: chunks 1 and 4 failed on the async path");
    printf("msm: 2 injected faults on the async path re-ran elsewhere (%s), same point\n", rep.devices);
    zka_engine_destroy(loose);
  }
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
  printf("msm: bn254_g1, 45 points in chunks of 8, identical with the async path on, off, and on the cpu\n");
  free(pts);
  free(sc);
}

/* ---- faults on the staged path ------------------------------------------------------------ */

/* A backend whose errors show only when a queue is synchronized (as CUDA reports a kernel
 * fault): the opencl table with queue_sync failing on its fail_sync_at-th call. */
static const zka_backend_api *real_api;
static zka_backend_api late_api;
static int sync_calls, fail_sync_at;

static int late_queue_sync(void *dev, void *queue, char *err, size_t err_len) {
  int st = real_api->queue_sync(dev, queue, err, err_len);
  if (++sync_calls == fail_sync_at) {
    snprintf(err, err_len, "late fault: the device was lost (test)");
    return ZKA_ERR_DEVICE;
  }
  return st;
}

static void test_faults(zka_engine *cpu, zka_test_rng *rng) {
  zka_engine *loose = make_engine("opencl", 0);
  CHECK(loose != NULL, "non-strict opencl engine: %s", zka_ctx_last_error(ctx));
  if (!loose) return;
  const zka_test_field_ops *f = &zka_tf_goldilocks;
  unsigned log_n = 9;
  zka_ntt_options opt = zka_ntt_options_default();
  opt.batch = 11;
  opt.coset = 1;
  size_t count = opt.batch << log_n, bytes = count * f->size;
  uint8_t *a = malloc(bytes), *ref = malloc(bytes), *src = malloc(bytes);
  if (!a || !ref || !src) abort();
  zka_test_random_elements(f, src, count, rng);
  memcpy(ref, src, bytes);
  CHECK(zka_ntt(cpu, f->id, ref, log_n, &opt, ctx) == ZKA_OK, "cpu");

  /* Injected: chunks 0, 3 and 5 (the last) fail after they ran (their queue synchronized):
   * their downloaded rows must be dropped, not delivered. */
  setenv("ZKA_SCHED_CHUNK_ROWS", "2", 1);
  setenv("ZKA_INJECT_FAULTS", "opencl:0,3,5", 1);
  memcpy(a, src, bytes);
  size_t n = ntt_run(loose, f, a, log_n, &opt, 1, NULL);
  unsetenv("ZKA_INJECT_FAULTS");
  zka_job_report rep;
  zka_engine_last_report(loose, &rep);
  CHECK(!memcmp(a, ref, bytes), "ntt with injected faults on the async path differs from cpu");
  CHECK(rep.chunks == 6 && rep.fallbacks == 3, "6 chunks, 3 fallbacks: %u, %u", rep.chunks, rep.fallbacks);
  CHECK(strstr(rep.fallback_log, "injected fault") != NULL && strstr(rep.fallback_log, "re-ran on cpu") != NULL,
        "log: %s", rep.fallback_log);
  CHECK(find_event(events, n, 'F', 0) < n && find_event(events, n, 'F', 3) < n && find_event(events, n, 'F', 5) < n,
        "the trace shows chunks 0, 3, 5 failing");
  CHECK(find_event(events, n, 'D', 1) < n && find_event(events, n, 'D', 0) == n, "chunk 1 delivered, chunk 0 not");
  printf("faults: 3 injected on the async path, %u fallbacks, bytes identical; first: %.100s\n", rep.fallbacks,
         rep.fallback_log);

  /* A real device error: the kernel build fails (bad options), so every compute fails as
   * it is issued; the whole job falls back and still matches. */
  zka_engine *fresh = make_engine("opencl", 0);
  if (fresh) {
    setenv("ZKACCEL_OPENCL_BUILD_OPTIONS", "-DZKA_TARGET_H", 1);
    memcpy(a, src, bytes);
    n = ntt_run(fresh, f, a, log_n, &opt, 1, NULL);
    unsetenv("ZKACCEL_OPENCL_BUILD_OPTIONS");
    zka_engine_last_report(fresh, &rep);
    CHECK(!memcmp(a, ref, bytes), "ntt after device errors on the async path differs from cpu");
    CHECK(rep.fallbacks == 6, "every chunk fell back: %u", rep.fallbacks);
    CHECK(strstr(rep.fallback_log, "clBuildProgram") != NULL, "log names the failing call: %.200s", rep.fallback_log);
    CHECK(find_event(events, n, 'F', 2) < n && find_event(events, n, 'D', 2) == n, "chunk 2 failed, not delivered");
    printf("faults: a failing kernel build on the async path: %u fallbacks, bytes identical\n", rep.fallbacks);
    zka_engine_destroy(fresh);
  }

  /* An error found only by queue_sync: the staged pipeline synchronizes once per chunk, in
   * order, so the third sync is chunk 2's; it re-runs on the CPU. */
  size_t dev = (size_t)-1;
  for (size_t i = 0; i < loose->ndev; i++)
    if (loose->dev[i].selected && !strcmp(loose->dev[i].info.backend, "opencl")) dev = i;
  CHECK(dev != (size_t)-1, "an opencl device is selected");
  if (dev != (size_t)-1) {
    real_api = loose->dev[dev].api;
    late_api = *real_api;
    late_api.queue_sync = late_queue_sync;
    loose->dev[dev].api = &late_api;
    sync_calls = 0;
    fail_sync_at = 3;
    memcpy(a, src, bytes);
    n = ntt_run(loose, f, a, log_n, &opt, 1, NULL);
    loose->dev[dev].api = real_api;
    zka_engine_last_report(loose, &rep);
    CHECK(!memcmp(a, ref, bytes), "ntt after a late fault differs from cpu");
    CHECK(rep.fallbacks == 1 && strstr(rep.fallback_log, "chunk 2 ") && strstr(rep.fallback_log, "late fault"),
          "chunk 2 fell back: %u, %s", rep.fallbacks, rep.fallback_log);
    CHECK(find_event(events, n, 'F', 2) < n && find_event(events, n, 'D', 2) == n && find_event(events, n, 'D', 3) < n,
          "the trace shows chunk 2 failing at its sync and chunk 3 delivered");
    printf("faults: an error found only by queue_sync (chunk 2) re-ran on the cpu, bytes identical\n");
  }
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
  free(a);
  free(ref);
  free(src);
  zka_engine_destroy(loose);
}

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  zka_engine *ocl = make_engine("opencl", 1);
  if (!ocl) {
    int required = getenv("ZKA_REQUIRE_OPENCL") && atoi(getenv("ZKA_REQUIRE_OPENCL"));
    if (required) {
      CHECK(0, "ZKA_REQUIRE_OPENCL=1 but: %s", zka_ctx_last_error(ctx));
      return zka_test_finish("test_sched_overlap");
    }
    char why[512];
    snprintf(why, sizeof why, "%s", zka_ctx_last_error(ctx));
    zka_ctx_destroy(ctx);
    TEST_SKIP("no opencl device: %s", why);
  }
  zka_engine *cpu = make_engine("cpu", 1);
  CHECK(cpu != NULL, "cpu engine: %s", zka_ctx_last_error(ctx));
  if (cpu) {
    test_ntt(ocl, cpu, &rng);
    test_hash(ocl, cpu, &rng);
    test_msm(ocl, cpu, &rng);
    test_faults(cpu, &rng);
    test_ntt_timing(ocl, &rng);
  }
  unsetenv("ZKA_SCHED_ASYNC");
  zka_engine_destroy(cpu);
  zka_engine_destroy(ocl);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_sched_overlap");
}
