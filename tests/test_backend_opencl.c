/* test_backend_opencl.c — the opencl backend plug-in, driven directly through its table
 * (host/backend.h) below the scheduler: dlopen libzkaccel_backend_opencl.so, probe, open
 * the first available device (a GPU when there is one, else PoCL on the CPU), then for each
 * NTT field (BN254 Fr, BLS12-381 Fr, BabyBear, Goldilocks):
 *   - every direction x input order x output order x coset on log_n 1..10 with batch 1
 *     and 2, byte for byte against the O(n^2) reference DFT (tests/ntt_ref.h);
 *   - round trips inverse(forward(x)) == x for log_n 11..16 (with and without a coset,
 *     both order pairings), and forward(x) != x;
 *   - a transform at a nonzero byte offset (not a multiple of the element size) inside a
 *     larger buffer, with the bytes around it unchanged; a misaligned offset and a job that
 *     overruns the buffer are refused;
 * and an absurd allocation (1 PiB) returns ZKA_ERR_OUT_OF_MEMORY with a message; (opencl)
 * a program that fails to build is reported with the build log.
 *
 * No plug-in, no platform or no device: skipped (exit 77) with the reason, unless
 * ZKA_REQUIRE_OPENCL=1, where that is a failure (CI requires PoCL).
 *
 * tests/test_backend_cuda.c runs this same file against the cuda plug-in (it defines
 * ZKA_BT_BACKEND before including it).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, setenv under -std=c11 */
#include <time.h>

#include "backend_load.h"
#include "ntt_ref.h"

#ifndef ZKA_BT_BACKEND
#define ZKA_BT_BACKEND "opencl"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_OPENCL"
#define ZKA_BT_TEST_NAME "test_backend_opencl"
#define ZKA_BT_OPENCL 1
#endif

static const zka_backend_api *zka_bt_api;
static void *zka_bt_dev;

static double zka_bt_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* No device: a skip, or a failure when the environment requires this backend. */
static int zka_bt_absent(const char *why) {
  const char *req = getenv(ZKA_BT_REQUIRE_ENV);
  if (req && !strcmp(req, "1")) {
    fprintf(stderr, "FAIL: %s=1 but %s\n", ZKA_BT_REQUIRE_ENV, why);
    return 1;
  }
  printf("SKIPPED: %s backend: %s\n", ZKA_BT_BACKEND, why);
  return 77;
}

/* Write bytes at offset of buf, run job there, read back; the status, err printed on failure
 * when `expect_ok`. */
static int zka_bt_run(void *buf, size_t offset, const zka_ntt_job *job, void *data, size_t bytes,
                      int expect_ok, char *err, size_t err_len) {
  int st = zka_bt_api->write(zka_bt_dev, buf, offset, data, bytes, err, err_len);
  if (st == ZKA_OK) st = zka_bt_api->ntt(zka_bt_dev, buf, offset, job, err, err_len);
  if (st == ZKA_OK) st = zka_bt_api->read(zka_bt_dev, buf, offset, data, bytes, err, err_len);
  if (st != ZKA_OK && expect_ok)
    fprintf(stderr, "  %s ntt (field %d, log_n %u, batch %zu): status %d: %s\n", ZKA_BT_BACKEND,
            (int)job->field, job->log_n, job->batch, st, err);
  return st;
}

/* A random nonzero element. */
static void zka_bt_random_nonzero(const zka_test_field_ops *f, void *out, zka_test_rng *rng) {
  uint8_t zero[32] = {0};
  do zka_test_random_elements(f, out, 1, rng);
  while (!memcmp(out, zero, f->size));
}

static void zka_bt_check_field(const zka_test_field_ops *f, void *buf, size_t buf_bytes,
                               zka_test_rng *rng) {
  const size_t sz = f->size;
  const char *name = zka_field_id_name(f->id);
  char err[512];
  long compared = 0, round_trips = 0;
  double t0 = zka_bt_now();
  uint8_t *data = malloc(((size_t)2 << 16) * sz), *expect = malloc(((size_t)2 << 16) * sz);
  if (!data || !expect) abort();

  /* Every option combination against the reference. */
  for (unsigned log_n = 1; log_n <= 10; log_n++) {
    for (size_t batch = 1; batch <= 2; batch++) {
      for (int combo = 0; combo < 16; combo++) {
        zka_ntt_job job;
        memset(&job, 0, sizeof job);
        job.field = f->id;
        job.log_n = log_n;
        job.batch = batch;
        job.direction = (combo & 1) ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
        job.input_order = (combo & 2) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
        job.output_order = (combo & 4) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
        job.coset = (combo & 8) != 0;
        if (job.coset) zka_bt_random_nonzero(f, job.coset_shift, rng);
        size_t bytes = (batch << log_n) * sz;
        zka_test_random_elements(f, data, batch << log_n, rng);
        memcpy(expect, data, bytes);
        CHECK(zka_test_ntt_ref(expect, &job) == 0, "reference refused the job");
        int st = zka_bt_run(buf, 0, &job, data, bytes, 1, err, sizeof err);
        CHECK(st == ZKA_OK, "%s log_n %u batch %zu combo %d: status %d", name, log_n, batch,
              combo, st);
        if (st == ZKA_OK) {
          CHECK(!memcmp(data, expect, bytes),
                "%s log_n %u batch %zu %s in=%s out=%s coset=%d: differs from the reference",
                name, log_n, batch, job.direction ? "inverse" : "forward",
                job.input_order ? "bitrev" : "natural", job.output_order ? "bitrev" : "natural",
                job.coset);
          compared++;
        }
      }
    }
  }
  double t_ref = zka_bt_now() - t0;

  /* Larger sizes: round trips (forward changes the data, inverse restores it). */
  double t_big = 0;
  for (unsigned log_n = 11; log_n <= 16; log_n++) {
    for (int variant = 0; variant < 2; variant++) {
      size_t n = (size_t)1 << log_n, bytes = n * sz;
      zka_ntt_job fwd;
      memset(&fwd, 0, sizeof fwd);
      fwd.field = f->id;
      fwd.log_n = log_n;
      fwd.batch = 1;
      fwd.direction = ZKA_NTT_FORWARD;
      fwd.input_order = ZKA_ORDER_NATURAL;
      fwd.output_order = variant ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
      fwd.coset = variant;
      if (fwd.coset) zka_bt_random_nonzero(f, fwd.coset_shift, rng);
      zka_ntt_job inv = fwd;
      inv.direction = ZKA_NTT_INVERSE;
      inv.input_order = fwd.output_order;
      inv.output_order = ZKA_ORDER_NATURAL;
      zka_test_random_elements(f, data, n, rng);
      memcpy(expect, data, bytes);
      double t1 = zka_bt_now();
      int st = zka_bt_run(buf, 0, &fwd, data, bytes, 1, err, sizeof err);
      CHECK(st == ZKA_OK, "%s round trip log_n %u: forward status %d", name, log_n, st);
      if (log_n == 16 && variant == 0) t_big = zka_bt_now() - t1;
      CHECK(memcmp(data, expect, bytes) != 0, "%s log_n %u: forward left the data unchanged",
            name, log_n);
      st = zka_bt_run(buf, 0, &inv, data, bytes, 1, err, sizeof err);
      CHECK(st == ZKA_OK, "%s round trip log_n %u: inverse status %d", name, log_n, st);
      CHECK(!memcmp(data, expect, bytes), "%s log_n %u coset=%d: inverse(forward(x)) != x", name,
            log_n, variant);
      round_trips++;
    }
  }

  /* A transform at a byte offset that is a multiple of the word size but not of the
   * element size (for the 32-byte fields), with guard bytes around it. */
  {
    const size_t word = f->id == ZKA_FIELD_BABYBEAR ? 4 : 8;
    const size_t off = 3 * sz + (sz > word ? word : 0);
    const unsigned log_n = 6;
    const size_t batch = 2, bytes = (batch << log_n) * sz, region = off + bytes + 64;
    uint8_t *img = malloc(region), *back = malloc(region);
    if (!img || !back) abort();
    memset(img, 0xa5, region);
    zka_ntt_job job;
    memset(&job, 0, sizeof job);
    job.field = f->id;
    job.log_n = log_n;
    job.batch = batch;
    job.direction = ZKA_NTT_FORWARD;
    job.input_order = ZKA_ORDER_BITREV;
    job.output_order = ZKA_ORDER_NATURAL;
    job.coset = 1;
    zka_bt_random_nonzero(f, job.coset_shift, rng);
    zka_test_random_elements(f, img + off, batch << log_n, rng);
    memcpy(expect, img + off, bytes);
    CHECK(zka_test_ntt_ref(expect, &job) == 0, "reference refused the job");
    int st = zka_bt_api->write(zka_bt_dev, buf, 0, img, region, err, sizeof err);
    CHECK(st == ZKA_OK, "write: %s", err);
    st = zka_bt_api->ntt(zka_bt_dev, buf, off, &job, err, sizeof err);
    CHECK(st == ZKA_OK, "%s ntt at byte offset %zu: status %d: %s", name, off, st, err);
    st = zka_bt_api->read(zka_bt_dev, buf, 0, back, region, err, sizeof err);
    CHECK(st == ZKA_OK, "read: %s", err);
    CHECK(!memcmp(back + off, expect, bytes), "%s at byte offset %zu differs from the reference",
          name, off);
    CHECK(!memcmp(back, img, off) && !memcmp(back + off + bytes, img + off + bytes, 64),
          "%s at byte offset %zu: bytes outside the transforms changed", name, off);
    /* Refusals: an offset that is not a multiple of the word size, a job past the end. */
    st = zka_bt_api->ntt(zka_bt_dev, buf, 1, &job, err, sizeof err);
    CHECK(st != ZKA_OK && err[0], "%s at byte offset 1 was accepted", name);
    job.log_n = 20;
    job.batch = (buf_bytes / sz >> 20) + 1;
    st = zka_bt_api->ntt(zka_bt_dev, buf, 0, &job, err, sizeof err);
    CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "%s: a job past the buffer's end: status %d",
          name, st);
    free(img);
    free(back);
  }
  printf("%s %s: %ld configurations equal to the reference (log_n 1..10, batch 1-2, "
         "%.1f s incl. program build), %ld round trips log_n 11..16, offset ok; "
         "forward 2^16 with copies: %.1f ms\n",
         ZKA_BT_BACKEND, name, compared, t_ref, round_trips, t_big * 1e3);
  free(data);
  free(expect);
}

int main(void) {
  double t_start = zka_bt_now();
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  char why[1200], err[512]; /* why: backend_load.h writes a 1 KiB path into it */
  zka_bt_api = zka_test_load_backend(ZKA_BT_BACKEND, why, sizeof why);
  if (!zka_bt_api) return zka_bt_absent(why);

  zka_device_info infos[16];
  why[0] = 0;
  int n = zka_bt_api->probe(infos, 16, why, sizeof why);
  CHECK(n >= 0 && n <= 16, "probe returned %d", n);
  int pick = -1;
  for (int i = 0; i < n; i++) {
    const zka_device_info *d = &infos[i];
    printf("%s device %d: %s, %s, %.1f GiB, %u compute units, %s%s\n", ZKA_BT_BACKEND, i,
           d->name, d->kind == ZKA_DEVICE_GPU ? "GPU" : d->kind == ZKA_DEVICE_CPU ? "CPU" : "accelerator",
           (double)d->memory_bytes / (1u << 30), (unsigned)d->compute_units,
           d->available ? "available" : "unavailable: ", d->reason);
    CHECK(!strcmp(d->backend, ZKA_BT_BACKEND), "device %d's backend is '%s'", i, d->backend);
    CHECK(d->available || d->reason[0], "device %d unavailable without a reason", i);
    if (d->available && (pick < 0 || (d->kind == ZKA_DEVICE_GPU && infos[pick].kind != ZKA_DEVICE_GPU)))
      pick = i;
  }
  if (pick < 0) {
    CHECK(n > 0 || why[0], "probe found no device and gave no reason");
    if (zka_test_failures) return zka_test_finish(ZKA_BT_TEST_NAME);
    return zka_bt_absent(why[0] ? why : "no available device");
  }

  int st = zka_bt_api->open(pick, &zka_bt_dev, err, sizeof err);
  CHECK(st == ZKA_OK, "open(%d): %s", pick, err);
  if (st != ZKA_OK) return zka_test_finish(ZKA_BT_TEST_NAME);
  printf("%s: testing device %d (%s)\n", ZKA_BT_BACKEND, pick, infos[pick].name);

  /* An absurd allocation is refused as out of memory, with the reason. */
  void *huge = NULL;
  err[0] = 0;
  st = zka_bt_api->alloc(zka_bt_dev, (size_t)1 << 50, &huge, err, sizeof err);
  CHECK(st == ZKA_ERR_OUT_OF_MEMORY && huge == NULL && err[0],
        "alloc(1 PiB): status %d, message '%s'", st, err);
  if (st == ZKA_OK) zka_bt_api->free(zka_bt_dev, huge);
  printf("%s: alloc(1 PiB) -> status %d: %s\n", ZKA_BT_BACKEND, st, err);

#ifdef ZKA_BT_OPENCL
  /* A program that fails to build is an error that quotes the build log (a second handle,
   * whose first build gets options that hide zka_target.h behind its own include guard). */
  {
    void *dev2 = NULL, *small = NULL;
    st = zka_bt_api->open(pick, &dev2, err, sizeof err);
    CHECK(st == ZKA_OK, "second open(%d): %s", pick, err);
    if (st == ZKA_OK && zka_bt_api->alloc(dev2, 64, &small, err, sizeof err) == ZKA_OK) {
      zka_ntt_job job;
      memset(&job, 0, sizeof job);
      job.field = ZKA_FIELD_GOLDILOCKS;
      job.log_n = 2;
      job.batch = 1;
      setenv("ZKACCEL_OPENCL_BUILD_OPTIONS", "-DZKA_TARGET_H", 1);
      err[0] = 0;
      st = zka_bt_api->ntt(dev2, small, 0, &job, err, sizeof err);
      unsetenv("ZKACCEL_OPENCL_BUILD_OPTIONS");
      CHECK(st == ZKA_ERR_DEVICE && strstr(err, "CL_BUILD_PROGRAM_FAILURE") &&
                strstr(err, "build log:"),
            "a broken program build: status %d, message '%s'", st, err);
      printf("%s: broken build -> status %d: %.400s\n", ZKA_BT_BACKEND, st, err);
      zka_bt_api->free(dev2, small);
    }
    if (dev2) zka_bt_api->close(dev2);
  }
#endif

  /* One buffer for everything: 2^17 of the largest elements. */
  const size_t buf_bytes = ((size_t)2 << 16) * 32;
  void *buf = NULL;
  st = zka_bt_api->alloc(zka_bt_dev, buf_bytes, &buf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc(%zu): %s", buf_bytes, err);
  if (st == ZKA_OK) {
    for (int i = 0; i < 4; i++) {
      const zka_test_field_ops *f = zka_test_ntt_fields[i];
      zka_bt_check_field(f, buf, buf_bytes, &rng);
    }
    zka_bt_api->free(zka_bt_dev, buf);
  }
  zka_bt_api->close(zka_bt_dev);
  printf("%s: %.1f s\n", ZKA_BT_TEST_NAME, zka_bt_now() - t_start);
  return zka_test_finish(ZKA_BT_TEST_NAME);
}
