/* test_scheduler.c — the engine end to end: device discovery and selection, every
 * available backend byte-identical to the CPU backend through the scheduler, splits across
 * devices, injected device failures re-run elsewhere with identical bytes, strict mode,
 * device-resident buffers, bad arguments with their messages, the calibration cache. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntt_ref.h"
#include "test_util.h"
#include "zkaccel/device.h"
#include "zkaccel/ntt.h"

static zka_ctx *ctx;

static zka_engine *make_engine(const char *backends, int strict) {
  zka_engine_options o = zka_engine_options_default();
  o.backends = backends;
  o.strict = strict;
  o.quiet = 1;
  zka_engine *e = NULL;
  zka_status st = zka_engine_create(&e, &o, ctx);
  CHECK(st == ZKA_OK, "engine '%s': %s", backends, zka_ctx_last_error(ctx));
  return st == ZKA_OK ? e : NULL;
}

/* Is backend `name` available here (per a default engine's device list)? */
static int backend_available(zka_engine *e, const char *name, char *why, size_t why_len) {
  for (size_t i = 0; i < zka_engine_device_count(e); i++) {
    zka_device_info d;
    if (zka_engine_device_info(e, i, &d) != ZKA_OK) continue;
    if (strcmp(d.backend, name)) continue;
    if (d.available) return 1;
    snprintf(why, why_len, "%s", d.reason);
  }
  return 0;
}

static void test_discovery(void) {
  zka_engine *e = make_engine(NULL, 0);
  if (!e) return;
  const char *known[] = {"cpu", "cuda", "opencl", "fpga", "fpga-emu"};
  for (int k = 0; k < 5; k++) {
    int listed = 0;
    for (size_t i = 0; i < zka_engine_device_count(e); i++) {
      zka_device_info d;
      CHECK(zka_engine_device_info(e, i, &d) == ZKA_OK, "info %zu", i);
      if (strcmp(d.backend, known[k])) continue;
      listed = 1;
      /* never silently dropped: unavailable means a reason */
      CHECK(d.available || strlen(d.reason) > 0, "%s listed unavailable without a reason", d.backend);
      if (!strcmp(d.backend, "cpu")) {
        CHECK(d.available && d.compute_units >= 1 && d.memory_bytes > 0, "cpu device described");
        CHECK(zka_engine_device_selected(e, i), "cpu selected by default");
      }
      if (!strcmp(d.backend, "fpga-emu") && d.available)
        CHECK(!zka_engine_device_selected(e, i), "the emulator is not selected by default");
      printf("  %-8s %-40.40s %s\n", d.backend, d.name, d.available ? "available" : d.reason);
    }
    CHECK(listed, "backend %s not listed at all", known[k]);
  }
  zka_engine_destroy(e);

  zka_engine *bad = NULL;
  zka_engine_options o = zka_engine_options_default();
  o.backends = "cpu,warp-drive";
  CHECK(zka_engine_create(&bad, &o, ctx) == ZKA_ERR_INVALID_ARGUMENT && !bad, "unknown backend refused");
  CHECK(strstr(zka_ctx_last_error(ctx), "warp-drive") != NULL, "message names it: %s", zka_ctx_last_error(ctx));
}

/* Random input for field f, n*batch elements. */
static uint8_t *random_input(const zka_test_field_ops *f, size_t count, zka_test_rng *rng) {
  uint8_t *p = malloc(count * f->size);
  if (!p) abort();
  zka_test_random_elements(f, p, count, rng);
  return p;
}

/* Run the same NTT on engine e and on the CPU-only engine; compare the bytes. */
static void compare_with_cpu(zka_engine *e, zka_engine *cpu, const char *label, const zka_test_field_ops *f,
                             unsigned log_n, const zka_ntt_options *opt, zka_test_rng *rng) {
  size_t count = opt->batch << log_n, bytes = count * f->size;
  uint8_t *a = random_input(f, count, rng), *b = malloc(bytes);
  memcpy(b, a, bytes);
  /* The reference run never sees injected faults. */
  char saved[256] = "";
  const char *inject = getenv("ZKA_INJECT_FAULTS");
  if (inject) snprintf(saved, sizeof saved, "%s", inject);
  unsetenv("ZKA_INJECT_FAULTS");
  zka_status s2 = zka_ntt(cpu, f->id, b, log_n, opt, ctx);
  CHECK(s2 == ZKA_OK, "cpu %s 2^%u: %s", zka_field_id_name(f->id), log_n, zka_ctx_last_error(ctx));
  if (*saved) setenv("ZKA_INJECT_FAULTS", saved, 1);
  zka_status s1 = zka_ntt(e, f->id, a, log_n, opt, ctx);
  CHECK(s1 == ZKA_OK, "%s %s 2^%u: %s", label, zka_field_id_name(f->id), log_n, zka_ctx_last_error(ctx));
  CHECK(s1 != ZKA_OK || s2 != ZKA_OK || !memcmp(a, b, bytes),
        "%s differs from cpu: %s 2^%u batch %zu dir %d in %d out %d coset %d", label,
        zka_field_id_name(f->id), log_n, opt->batch, opt->direction, opt->input_order, opt->output_order,
        opt->coset);
  free(a);
  free(b);
}

static void test_cpu_against_reference(zka_engine *cpu, zka_test_rng *rng) {
  int checked = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    for (unsigned log_n = 1; log_n <= 8; log_n += 3)
      for (int variant = 0; variant < 4; variant++) {
        zka_ntt_options opt = zka_ntt_options_default();
        opt.direction = variant & 1 ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
        opt.coset = variant >> 1;
        opt.input_order = variant == 3 ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
        opt.batch = 2;
        size_t count = opt.batch << log_n;
        uint8_t *a = random_input(f, count, rng), *b = malloc(count * f->size);
        memcpy(b, a, count * f->size);
        CHECK(zka_ntt(cpu, f->id, a, log_n, &opt, ctx) == ZKA_OK, "cpu ntt: %s", zka_ctx_last_error(ctx));
        zka_ntt_job job;
        memset(&job, 0, sizeof job);
        job.field = f->id;
        job.log_n = log_n;
        job.batch = opt.batch;
        job.direction = opt.direction;
        job.input_order = opt.input_order;
        job.output_order = opt.output_order;
        job.coset = opt.coset;
        if (opt.coset) f->generator(job.coset_shift); /* the scheduler's default shift */
        CHECK(zka_test_ntt_ref(b, &job) == 0, "reference");
        CHECK(!memcmp(a, b, count * f->size), "scheduler(cpu) != O(n^2) DFT: %s 2^%u variant %d",
              zka_field_id_name(f->id), log_n, variant);
        checked++;
        free(a);
        free(b);
      }
  }
  printf("scheduler on cpu: %d shapes equal the O(n^2) reference\n", checked);
}

static void test_each_backend(zka_engine *all, zka_engine *cpu, zka_test_rng *rng) {
  const char *backends[] = {"opencl", "fpga-emu", "cuda", "fpga"};
  for (int b = 0; b < 4; b++) {
    char why[256] = "not listed";
    if (!backend_available(all, backends[b], why, sizeof why)) {
      if (!strcmp(backends[b], "opencl") && getenv("ZKA_REQUIRE_OPENCL") && atoi(getenv("ZKA_REQUIRE_OPENCL")))
        CHECK(0, "ZKA_REQUIRE_OPENCL=1 but opencl is unavailable: %s", why);
      printf("SKIPPED backend %s: %s\n", backends[b], why);
      continue;
    }
    zka_engine *e = make_engine(backends[b], 1);
    if (!e) continue;
    unsigned max_log = !strcmp(backends[b], "opencl") ? 16 : 12;
    int shapes = 0;
    for (int fi = 0; fi < 4; fi++)
      for (unsigned log_n = 1; log_n <= max_log; log_n += (log_n < 4 ? 1 : 3)) {
        zka_ntt_options opt = zka_ntt_options_default();
        opt.direction = (log_n & 1) ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
        opt.coset = (log_n % 3) == 0;
        opt.input_order = (log_n & 2) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
        opt.output_order = (log_n & 4) ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
        opt.batch = log_n > 12 ? 1 : 3;
        compare_with_cpu(e, cpu, backends[b], zka_test_ntt_fields[fi], log_n, &opt, rng);
        shapes++;
      }
    zka_job_report rep;
    zka_engine_last_report(e, &rep);
    CHECK(strstr(rep.devices, backends[b]) != NULL, "%s ran the job: %s", backends[b], rep.devices);
    printf("backend %s: %d shapes byte-identical to cpu through the scheduler\n", backends[b], shapes);

    /* Device-resident tier: write, transform in place at an offset, read back. */
    const zka_test_field_ops *f = &zka_tf_goldilocks;
    unsigned log_n = 10;
    size_t n = (size_t)1 << log_n, bytes = n * f->size, off = 3 * f->size;
    zka_buffer *buf = NULL;
    size_t dev = (size_t)-1;
    for (size_t i = 0; i < zka_engine_device_count(e); i++)
      if (zka_engine_device_selected(e, i)) {
        zka_device_info d;
        if (zka_engine_device_info(e, i, &d) == ZKA_OK && !strcmp(d.backend, backends[b])) {
          dev = i;
          break;
        }
      }
    CHECK(dev != (size_t)-1, "a %s device is selected", backends[b]);
    if (dev != (size_t)-1 && zka_buffer_create(&buf, e, dev, bytes + off, ctx) == ZKA_OK) {
      uint8_t *x = random_input(f, n, rng), *y = malloc(bytes);
      zka_ntt_options opt = zka_ntt_options_default();
      CHECK(zka_buffer_write(buf, off, x, bytes, ctx) == ZKA_OK, "write: %s", zka_ctx_last_error(ctx));
      CHECK(zka_ntt_buffer(e, f->id, buf, off, log_n, &opt, ctx) == ZKA_OK, "ntt_buffer: %s", zka_ctx_last_error(ctx));
      CHECK(zka_buffer_read(buf, off, y, bytes, ctx) == ZKA_OK, "read: %s", zka_ctx_last_error(ctx));
      CHECK(zka_ntt(cpu, f->id, x, log_n, &opt, ctx) == ZKA_OK, "cpu");
      CHECK(!memcmp(x, y, bytes), "%s device-resident NTT differs from cpu", backends[b]);
      CHECK(zka_ntt_buffer(e, f->id, buf, off, log_n + 1, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT,
            "a transform larger than the buffer is refused");
      CHECK(zka_buffer_read(buf, 1, y, bytes + off, ctx) == ZKA_ERR_INVALID_ARGUMENT, "read past the end refused");
      free(x);
      free(y);
      zka_buffer_destroy(buf);
      /* An allocation no device has: out of memory, with a message. */
      zka_buffer *huge = NULL;
      zka_status st = zka_buffer_create(&huge, e, dev, (size_t)1 << 50, ctx);
      CHECK(st == ZKA_ERR_OUT_OF_MEMORY && !huge, "1 PiB on %s: status %d", backends[b], (int)st);
      CHECK(strlen(zka_ctx_last_error(ctx)) > 0, "the out-of-memory error has a message");
      printf("backend %s: device-resident buffer ok; 1 PiB refused: %s\n", backends[b], zka_ctx_last_error(ctx));
    }
    zka_engine_destroy(e);
  }
}

/* Split across every available backend, then the same with injected failures. */
static void test_split_and_faults(zka_engine *cpu, zka_test_rng *rng) {
  setenv("ZKA_SCHED_EQUAL_SPLIT", "1", 1);
  setenv("ZKA_SCHED_CHUNK_ROWS", "1", 1);
  zka_engine *e = make_engine("all", 0);
  if (!e) return;
  const zka_test_field_ops *f = &zka_tf_bn254_fr;
  zka_ntt_options opt = zka_ntt_options_default();
  opt.batch = 12;
  opt.coset = 1;
  unsigned log_n = 9;
  compare_with_cpu(e, cpu, "split", f, log_n, &opt, rng);
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  CHECK(rep.chunks == 12 && rep.fallbacks == 0, "12 chunks, no fallback: %u, %u", rep.chunks, rep.fallbacks);
  printf("split across %s: identical to cpu\n", rep.devices);

  /* Every non-cpu backend fails some chunks; the cpu fails chunk 0 too (it then runs
   * elsewhere).  The bytes must not change: on the double-buffered path of the backends
   * that have one (opencl, cuda), and with ZKA_SCHED_ASYNC=0 on the blocking path. */
  setenv("ZKA_INJECT_FAULTS", "cpu:0;opencl:0,1,2,3,4,5,6,7,8,9,10,11;fpga-emu:*;cuda:*;fpga:*", 1);
  for (int async = 1; async >= 0; async--) {
    setenv("ZKA_SCHED_ASYNC", async ? "1" : "0", 1);
    compare_with_cpu(e, cpu, async ? "with injected faults" : "with injected faults, ZKA_SCHED_ASYNC=0", f,
                     log_n, &opt, rng);
    zka_engine_last_report(e, &rep);
    CHECK(rep.fallbacks >= 1, "fallbacks reported: %u", rep.fallbacks);
    CHECK(strstr(rep.fallback_log, "injected fault") != NULL, "log says why: %s", rep.fallback_log);
    printf("injected faults (ZKA_SCHED_ASYNC=%d): %u fallbacks, result identical; first line: %.120s\n", async,
           rep.fallbacks, rep.fallback_log);
  }
  unsetenv("ZKA_SCHED_ASYNC");
  zka_engine_destroy(e);

  /* Strict: the same failure is an error naming the device. */
  setenv("ZKA_INJECT_FAULTS", "cpu:*", 1);
  zka_engine *strict = make_engine("cpu", 1);
  if (strict) {
    size_t count = opt.batch << log_n;
    uint8_t *x = random_input(f, count, rng);
    zka_status st = zka_ntt(strict, f->id, x, log_n, &opt, ctx);
    CHECK(st == ZKA_ERR_DEVICE, "strict + failure: %d", (int)st);
    CHECK(strstr(zka_ctx_last_error(ctx), "strict") != NULL, "message: %s", zka_ctx_last_error(ctx));
    free(x);
    zka_engine_destroy(strict);
  }
  unsetenv("ZKA_INJECT_FAULTS");
  unsetenv("ZKA_SCHED_EQUAL_SPLIT");
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
}

static void test_bad_arguments(zka_engine *cpu) {
  zka_babybear x[64];
  memset(x, 0, sizeof x);
  zka_ntt_options opt = zka_ntt_options_default();
  CHECK(zka_ntt(cpu, ZKA_FIELD_BABYBEAR, x, 0, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "log_n 0");
  CHECK(zka_ntt(cpu, ZKA_FIELD_BABYBEAR, x, 28, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "log_n 28 > 27");
  CHECK(strstr(zka_ctx_last_error(ctx), "log_n") != NULL, "message: %s", zka_ctx_last_error(ctx));
  CHECK(zka_ntt(cpu, (zka_field_id)99, x, 4, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "unknown field");
  CHECK(zka_ntt(cpu, ZKA_FIELD_BABYBEAR, NULL, 4, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "NULL data");
  opt.batch = 0;
  CHECK(zka_ntt(cpu, ZKA_FIELD_BABYBEAR, x, 4, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "batch 0");
  opt.batch = 1;
  opt.coset = 1;
  zka_babybear zero = {0};
  opt.coset_shift = &zero;
  CHECK(zka_ntt(cpu, ZKA_FIELD_BABYBEAR, x, 4, &opt, ctx) == ZKA_ERR_INVALID_ARGUMENT, "zero shift");
  CHECK(strstr(zka_ctx_last_error(ctx), "shift") != NULL, "message: %s", zka_ctx_last_error(ctx));
}

static void test_calibration_cache(void) {
  zka_engine *e = make_engine("cpu", 0);
  if (!e) return;
  CHECK(zka_engine_calibrate(e, ctx) == ZKA_OK, "calibrate: %s", zka_ctx_last_error(ctx));
  zka_engine_destroy(e);
  const char *dir = getenv("ZKACCEL_CACHE_DIR");
  if (!dir) return;
  char path[600], line[512];
  snprintf(path, sizeof path, "%s/calibration-v1.tsv", dir);
  FILE *fp = fopen(path, "r");
  CHECK(fp != NULL, "cache file %s written", path);
  int fields = 0;
  while (fp && fgets(line, sizeof line, fp))
    if (!strncmp(line, "cpu\t", 4)) fields++;
  if (fp) fclose(fp);
  CHECK(fields >= 4, "a cpu line per field in the cache: %d", fields);
}

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  test_discovery();
  zka_engine *cpu = make_engine("cpu", 1);
  zka_engine *all = make_engine(NULL, 0);
  if (cpu && all) {
    test_cpu_against_reference(cpu, &rng);
    test_bad_arguments(cpu);
    test_each_backend(all, cpu, &rng);
    test_split_and_faults(cpu, &rng);
    test_calibration_cache();
  }
  zka_engine_destroy(all);
  zka_engine_destroy(cpu);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_scheduler");
}
