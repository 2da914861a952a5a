/* The "fpga-emu" plug-in (fpga/host/backend_fpga_emu.c) driven through its table, below the
 * scheduler, as the engine drives it: probe, open, alloc/write/ntt/read, free.  It runs the
 * HLS NTT kernels (fpga/hls/ntt/ntt_kernel.c) on the CPU through the board's host path.
 *
 *   1. probe: one available FPGA device with 4 GiB of emulated DDR;
 *   2. every field x direction x input order x output order x coset, log_n 1..10, batch 1
 *      and 3, equal to the O(n^2) reference zka_test_ntt_ref (tests/ntt_ref.h);
 *   3. a batch of 2 * ZKA_HLS_NTT_MAX_BATCH + 5 transforms (three kernel calls) equals the
 *      reference; a job at a nonzero offset leaves the rest of the buffer alone;
 *   4. log_n = ZKA_HLS_NTT_MAX_LOG_N is supported (forward then inverse gives the input
 *      back); log_n 0 and MAX + 1 are reported unsupported and refused with a message;
 *   5. an allocation beyond the emulated DDR fails with ZKA_ERR_OUT_OF_MEMORY and a message;
 *      reads, writes and jobs outside a buffer are refused;
 *   6. the XRT plug-in "fpga", when built: probe gives no available device without a card
 *      or an .xclbin, and says why; with both, 2. (log_n 1..6) and 3. run on its device 0.
 * ZKA_TEST_SEED changes the random inputs and coset shifts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_load.h"
#include "fpga/hls/ntt/ntt_kernel.h"
#include "ntt_ref.h"
#include "test_util.h"

static zka_test_rng rng;
static const zka_backend_api *api;
static void *dev;
static char err[2048]; /* >= 1060: backend_load.h formats a 1024-byte path into it */

static zka_ntt_job make_job(const zka_test_field_ops *f, unsigned log_n, size_t batch, int cfg) {
  zka_ntt_job job;
  memset(&job, 0, sizeof job);
  job.field = f->id;
  job.log_n = log_n;
  job.batch = batch;
  job.direction = (cfg & 1) ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
  job.input_order = (cfg & 2) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.output_order = (cfg & 4) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.coset = (cfg & 8) != 0;
  if (job.coset) {
    static const uint8_t zero[32];
    do zka_test_random_elements(f, job.coset_shift, 1, &rng);
    while (!memcmp(job.coset_shift, zero, f->size));
  }
  return job;
}

static const char *job_str(const zka_ntt_job *j) {
  static char s[160];
  snprintf(s, sizeof s, "%s log_n %u batch %zu %s in %s out %s coset %d",
           zka_field_id_name(j->field), j->log_n, j->batch,
           j->direction == ZKA_NTT_INVERSE ? "inverse" : "forward",
           j->input_order == ZKA_ORDER_BITREV ? "bitrev" : "natural",
           j->output_order == ZKA_ORDER_BITREV ? "bitrev" : "natural", j->coset);
  return s;
}

/* Run job on the device on `data` (job->batch transforms) placed at byte `offset` of a
 * buffer with `pad` bytes of random guard after it; data is replaced by the result.  The
 * guards must come back unchanged.  Returns the ntt status. */
static int run_on_device(const zka_ntt_job *job, uint8_t *data, size_t offset, size_t pad) {
  const size_t bytes = ((size_t)job->batch << job->log_n) * zka_field_id_element_size(job->field);
  const size_t total = offset + bytes + pad;
  uint8_t *all = malloc(total), *back = malloc(total);
  void *buf = NULL;
  if (!all || !back) abort();
  zka_test_rng_fill(&rng, all, total);
  memcpy(all + offset, data, bytes);
  int st = api->alloc(dev, total, &buf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc %zu: %s", total, err);
  if (st != ZKA_OK) goto done;
  st = api->write(dev, buf, 0, all, total, err, sizeof err);
  CHECK(st == ZKA_OK, "write: %s", err);
  st = api->ntt(dev, buf, offset, job, err, sizeof err);
  if (st != ZKA_OK) goto done;
  int rst = api->read(dev, buf, 0, back, total, err, sizeof err);
  CHECK(rst == ZKA_OK, "read: %s", err);
  CHECK(!memcmp(back, all, offset) && !memcmp(back + offset + bytes, all + offset + bytes, pad),
        "%s: bytes outside [%zu, %zu) changed", job_str(job), offset, offset + bytes);
  memcpy(data, back + offset, bytes);
done:
  if (buf) api->free(dev, buf);
  free(all);
  free(back);
  return st;
}

/* 2. The matrix.  The reference of a batch-3 job gives, in its first row, the reference of
 * the batch-1 job on that row (it transforms rows independently). */
static void test_matrix(unsigned max_log_n) {
  long jobs = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    for (unsigned log_n = 1; log_n <= max_log_n; log_n++) {
      const size_t row = ((size_t)1 << log_n) * f->size;
      uint8_t *in = malloc(3 * row), *want = malloc(3 * row), *got = malloc(3 * row);
      if (!in || !want || !got) abort();
      for (int cfg = 0; cfg < 16; cfg++) {
        zka_ntt_job job = make_job(f, log_n, 3, cfg);
        zka_test_random_elements(f, in, 3u << log_n, &rng);
        memcpy(want, in, 3 * row);
        if (zka_test_ntt_ref(want, &job) != 0) abort();
        for (size_t batch = 1; batch <= 3; batch += 2) {
          job.batch = batch;
          memcpy(got, in, batch * row);
          int st = run_on_device(&job, got, 0, 0);
          CHECK(st == ZKA_OK, "%s: %s", job_str(&job), err);
          CHECK(st != ZKA_OK || !memcmp(got, want, batch * row), "%s: differs from the reference",
                job_str(&job));
          jobs++;
        }
      }
      free(in);
      free(want);
      free(got);
    }
  }
  printf("%s matrix: %ld jobs (4 fields x 2 directions x 2x2 orders x coset on/off x log_n 1..%u "
         "x batch 1, 3) equal zka_test_ntt_ref\n", api->name, jobs, max_log_n);
}

/* 3. Chunking and offsets. */
static void test_chunks_and_offsets(void) {
  const size_t big = 2 * ZKA_HLS_NTT_MAX_BATCH + 5;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    const unsigned log_n = 3;
    const size_t row = ((size_t)1 << log_n) * f->size;
    uint8_t *got = malloc(big * row), *want = malloc(big * row);
    if (!got || !want) abort();
    for (int cfg = 0; cfg < 16; cfg += 5) { /* 0, 5, 10, 15: both directions, orders, coset */
      zka_ntt_job job = make_job(f, log_n, big, cfg);
      zka_test_random_elements(f, got, big << log_n, &rng);
      memcpy(want, got, big * row);
      if (zka_test_ntt_ref(want, &job) != 0) abort();
      int st = run_on_device(&job, got, 0, 0);
      CHECK(st == ZKA_OK && !memcmp(got, want, big * row), "%s (chunked): differs: %s",
            job_str(&job), st == ZKA_OK ? "" : err);
      /* the same, batch 3, between two guard rows */
      job.batch = 3;
      memcpy(want, got, 3 * row);
      if (zka_test_ntt_ref(want, &job) != 0) abort();
      st = run_on_device(&job, got, row, row);
      CHECK(st == ZKA_OK && !memcmp(got, want, 3 * row), "%s at offset %zu: differs: %s",
            job_str(&job), row, st == ZKA_OK ? "" : err);
    }
    free(got);
    free(want);
  }
  printf("%s chunking: batch %zu (%zu kernel calls of at most %u) equals the reference; a job at a "
         "nonzero offset leaves its neighbours alone\n", api->name, big,
         (big + ZKA_HLS_NTT_MAX_BATCH - 1) / ZKA_HLS_NTT_MAX_BATCH, ZKA_HLS_NTT_MAX_BATCH);
}

/* 4. Sizes. */
static void test_sizes(void) {
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    zka_ntt_job job = make_job(f, ZKA_HLS_NTT_MAX_LOG_N, 1, 8); /* forward, coset */
    CHECK(api->ntt_supported(dev, &job) == 1, "%s: max log_n unsupported", job_str(&job));
    const size_t bytes = ((size_t)1 << job.log_n) * f->size;
    uint8_t *orig = malloc(bytes), *data = malloc(bytes);
    if (!orig || !data) abort();
    zka_test_random_elements(f, orig, (size_t)1 << job.log_n, &rng);
    memcpy(data, orig, bytes);
    int st = run_on_device(&job, data, 0, 0);
    CHECK(st == ZKA_OK, "%s: %s", job_str(&job), err);
    job.direction = ZKA_NTT_INVERSE;
    st = run_on_device(&job, data, 0, 0);
    CHECK(st == ZKA_OK && !memcmp(data, orig, bytes), "%s: inverse(forward(x)) != x",
          job_str(&job));
    free(orig);
    free(data);

    const unsigned bad_log[2] = {0, ZKA_HLS_NTT_MAX_LOG_N + 1};
    for (int b = 0; b < 2; b++) {
      zka_ntt_job bad = make_job(f, bad_log[b], 1, 0);
      CHECK(api->ntt_supported(dev, &bad) == 0, "%s: reported supported", job_str(&bad));
      void *buf = NULL;
      if (api->alloc(dev, 64, &buf, err, sizeof err) != ZKA_OK) abort();
      err[0] = '\0';
      st = api->ntt(dev, buf, 0, &bad, err, sizeof err);
      CHECK(st == ZKA_ERR_UNSUPPORTED && strstr(err, "not supported"),
            "%s: ntt gave %d (%s), want ZKA_ERR_UNSUPPORTED", job_str(&bad), st, err);
      api->free(dev, buf);
    }
  }
  printf("sizes: log_n %d runs (round trip) on every field; log_n 0 and %d are unsupported and "
         "refused with ZKA_ERR_UNSUPPORTED\n", ZKA_HLS_NTT_MAX_LOG_N, ZKA_HLS_NTT_MAX_LOG_N + 1);
}

/* 5. Memory limits and bounds. */
static void test_memory(uint64_t ddr) {
  void *small = NULL, *huge = (void *)&huge;
  int st = api->alloc(dev, 1 << 20, &small, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc 1 MiB: %s", err);
  err[0] = '\0';
  /* the whole DDR while 1 MiB of it is in use: refused before any host memory is taken */
  st = api->alloc(dev, (size_t)ddr, &huge, err, sizeof err);
  CHECK(st == ZKA_ERR_OUT_OF_MEMORY, "alloc of the whole DDR with 1 MiB in use gave %d", st);
  CHECK(strstr(err, "emulated DDR") != NULL, "no message for the failed alloc: \"%s\"", err);
  CHECK(huge == (void *)&huge, "a failed alloc wrote its output");
  printf("memory: alloc(%llu) with 1 MiB in use -> ZKA_ERR_OUT_OF_MEMORY: %s\n",
         (unsigned long long)ddr, err);
  if (sizeof(size_t) > 4) {
    err[0] = '\0';
    st = api->alloc(dev, (size_t)(ddr + (ddr >> 2)), &huge, err, sizeof err);
    CHECK(st == ZKA_ERR_OUT_OF_MEMORY && err[0], "alloc of 1.25x the DDR gave %d (%s)", st, err);
  }
  if (small) {
    uint8_t b[16] = {0};
    CHECK(api->write(dev, small, (1 << 20) - 8, b, 16, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
          "write past the end accepted");
    CHECK(api->read(dev, small, (1 << 20) + 1, b, 1, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
          "read past the end accepted");
    zka_ntt_job job = make_job(&zka_tf_bn254_fr, 14, 3, 0); /* 1.5 MiB > 1 MiB */
    CHECK(api->ntt(dev, small, 0, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
          "a job larger than its buffer accepted");
    job = make_job(&zka_tf_bn254_fr, 4, 1, 0);
    CHECK(api->ntt(dev, small, 4, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
          "a job at an offset inside an element accepted");
    api->free(dev, small);
  }
  printf("bounds: reads, writes and jobs outside a buffer (or between elements) refused\n");
}

/* 6. The XRT plug-in's probe, where it was built; on a board (or under XRT emulation) with
 * an .xclbin, the matrix (log_n 1..6) and the chunking checks on its device 0. */
static void test_xrt_probe(void) {
  char why[2048] = "";
  const zka_backend_api *xrt = zka_test_load_backend("fpga", why, sizeof why);
  if (!xrt) {
    printf("xrt: plug-in \"fpga\" not built here (%s); its probe is not checked\n", why);
    return;
  }
  zka_device_info info[4];
  char reason[256] = "";
  int n = xrt->probe(info, 4, reason, sizeof reason);
  CHECK(n >= 0, "fpga probe returned %d", n);
  if (n == 0) {
    CHECK(strstr(reason, "no FPGA device") != NULL, "fpga probe: no device and reason \"%s\"",
          reason);
    printf("xrt: probe -> 0 devices: %s\n", reason);
    return;
  }
  for (int i = 0; i < n && i < 4; i++) {
    CHECK(info[i].kind == ZKA_DEVICE_FPGA, "fpga device %d kind %d", i, (int)info[i].kind);
    CHECK(info[i].available || info[i].reason[0], "fpga device %d unavailable without reason", i);
    if (!getenv("ZKACCEL_XCLBIN"))
      CHECK(!info[i].available && strstr(info[i].reason, "xclbin"),
            "fpga device %d without ZKACCEL_XCLBIN: available %d, reason \"%s\"", i,
            info[i].available, info[i].reason);
    printf("xrt: device %d %s: %s\n", i, info[i].name,
           info[i].available ? "available" : info[i].reason);
  }
  if (!info[0].available) return;
  int st = xrt->open(0, &dev, err, sizeof err);
  CHECK(st == ZKA_OK, "fpga open: %s", err);
  if (st != ZKA_OK) return;
  api = xrt;
  test_matrix(6);
  test_chunks_and_offsets();
  api->close(dev);
}

int main(void) {
  zka_test_rng_init(&rng);
  const zka_backend_api *a = zka_test_load_backend("fpga-emu", err, sizeof err);
  CHECK(a != NULL, "cannot load the fpga-emu plug-in: %s", err);
  if (!a) return zka_test_finish("test_backend_fpga_emu");
  api = a;
  CHECK(!strcmp(api->name, "fpga-emu"), "name %s", api->name);
  CHECK(api->ntt_host == NULL, "fpga-emu must take the board's path (no ntt_host)");

  zka_device_info info[2];
  char reason[256] = "";
  memset(info, 0, sizeof info);
  int n = api->probe(info, 2, reason, sizeof reason);
  CHECK(n == 1, "probe: %d devices (%s)", n, reason);
  CHECK(info[0].available == 1 && info[0].kind == ZKA_DEVICE_FPGA, "device 0: available %d kind %d",
        info[0].available, (int)info[0].kind);
  CHECK(!strcmp(info[0].backend, "fpga-emu") && !strncmp(info[0].name, "Emulated FPGA (HLS C, ", 22),
        "device 0: backend \"%s\" name \"%s\"", info[0].backend, info[0].name);
  CHECK(info[0].memory_bytes == (UINT64_C(4) << 30) && info[0].compute_units >= 1,
        "device 0: memory %llu, compute units %u", (unsigned long long)info[0].memory_bytes,
        info[0].compute_units);
  printf("probe: %s, %s, %llu bytes, %u compute unit(s)\n", info[0].backend, info[0].name,
         (unsigned long long)info[0].memory_bytes, info[0].compute_units);
  int st = api->open(0, &dev, err, sizeof err);
  CHECK(st == ZKA_OK, "open: %s", err);
  if (st != ZKA_OK) return zka_test_finish("test_backend_fpga_emu");

  test_matrix(10);
  test_chunks_and_offsets();
  test_sizes();
  test_memory(info[0].memory_bytes);
  api->close(dev);
  test_xrt_probe();
  return zka_test_finish("test_backend_fpga_emu");
}
