/* test_ntt_cpu.c — the CPU backend's NTT (kernels/cpu/ntt_cpu.c) against the O(n^2)
 * reference (tests/ntt_ref.h) for every field, size 2^1..2^10, direction, input and output
 * order, with and without a coset, batch 1 (and 3 up to 2^9: the reference is O(n^2)); on every SIMD level this CPU has (the
 * portable kernels included) and with a threaded, tiny-cache plan that forces the column
 * passes; then round trips up to 2^20 (2^18 for the 32-byte fields), and threaded ==
 * single-threaded and SIMD == portable byte for byte at sizes beyond the reference; and the
 * IFMA row kernels on rows of every length 1..24 against the portable ones; the bit-reversal
 * pass against a plain loop up to 2^20, and batched coset transforms against one transform
 * at a time. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels/cpu/ntt_cpu.h"
#include "kernels/cpu/ntt_cpu_internal.h"
#include "ntt_ref.h"

/* ---- a plain pthread parallel_for (independent of host/threadpool.c) ----------------- */

typedef struct {
  size_t ntasks, next;
  pthread_mutex_t lock;
  void (*body)(void *, size_t);
  void *arg;
} test_pf;

static void *test_pf_worker(void *p) {
  test_pf *pf = p;
  for (;;) {
    pthread_mutex_lock(&pf->lock);
    size_t t = pf->next++;
    pthread_mutex_unlock(&pf->lock);
    if (t >= pf->ntasks) return NULL;
    pf->body(pf->arg, t);
  }
}

/* pool = (void *)(uintptr_t)threads */
static void test_parallel_for(void *pool, size_t ntasks, void (*body)(void *, size_t), void *arg) {
  unsigned threads = (unsigned)(uintptr_t)pool;
  test_pf pf = {ntasks, 0, PTHREAD_MUTEX_INITIALIZER, body, arg};
  pthread_t th[16];
  unsigned started = 0;
  for (unsigned i = 1; i < threads && i < 16; i++)
    if (pthread_create(&th[started], NULL, test_pf_worker, &pf) == 0) started++;
  test_pf_worker(&pf);
  for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
  pthread_mutex_destroy(&pf.lock);
}

static zka_cpu_exec test_exec(unsigned threads, size_t l2) {
  zka_cpu_exec e = {test_parallel_for, (void *)(uintptr_t)threads, threads, l2, 0};
  return e;
}

/* ---- helpers ------------------------------------------------------------------------- */

static int simd_levels[3], nlevels;

static zka_ntt_job make_job(const zka_test_field_ops *f, unsigned log_n, size_t batch, int dir,
                            int in_rev, int out_rev, int coset, zka_test_rng *rng) {
  zka_ntt_job job;
  memset(&job, 0, sizeof job);
  job.field = f->id;
  job.log_n = log_n;
  job.batch = batch;
  job.direction = dir ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
  job.input_order = in_rev ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.output_order = out_rev ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.coset = coset;
  if (coset) {
    /* the generator half the time, a random nonzero shift otherwise */
    if (zka_test_next(rng) & 1) {
      f->generator(job.coset_shift);
    } else {
      uint8_t zero[32] = {0};
      do zka_test_random_elements(f, job.coset_shift, 1, rng);
      while (memcmp(job.coset_shift, zero, f->size) == 0);
    }
  }
  return job;
}

static int run_ntt(void *data, const zka_ntt_job *job, const zka_cpu_exec *exec) {
  char err[256] = "";
  zka_status st = zka_cpu_ntt(data, job, exec, err, sizeof err);
  if (st != ZKA_OK) fprintf(stderr, "zka_cpu_ntt: %d %s\n", (int)st, err);
  return st == ZKA_OK;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- 1. against the reference -------------------------------------------------------- */

static void test_reference(zka_test_rng *rng) {
  long cases = 0;
  const zka_cpu_exec tiny = test_exec(3, 4096); /* L2 "4 KiB": column passes from 2^6 up */
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    for (unsigned log_n = 1; log_n <= 10; log_n++)
      for (int combo = 0; combo < 16; combo++)
        for (int bi = 0; bi < (log_n <= 9 ? 2 : 1); bi++) {
          int dir = combo & 1, in_rev = (combo >> 1) & 1, out_rev = (combo >> 2) & 1,
              coset = (combo >> 3) & 1;
          size_t batch = bi ? 3 : 1, n = (size_t)1 << log_n, bytes = batch * n * f->size;
          zka_ntt_job job = make_job(f, log_n, batch, dir, in_rev, out_rev, coset, rng);
          uint8_t *in = malloc(bytes), *want = malloc(bytes), *got = malloc(bytes);
          if (!in || !want || !got) abort();
          zka_test_random_elements(f, in, batch * n, rng);
          memcpy(want, in, bytes);
          CHECK(zka_test_ntt_ref(want, &job) == 0, "reference refused");
          for (int li = 0; li < nlevels; li++) {
            int prev = zka_ntt_cpu_set_simd(simd_levels[li]);
            for (int ei = 0; ei < 2; ei++) {
              memcpy(got, in, bytes);
              CHECK(run_ntt(got, &job, ei ? &tiny : NULL), "ntt failed");
              CHECK(memcmp(got, want, bytes) == 0,
                    "field %d log_n %u dir %d in %d out %d coset %d batch %zu simd %s %s",
                    (int)f->id, log_n, dir, in_rev, out_rev, coset, batch,
                    zka_ntt_cpu_kernels(f->id)->name, ei ? "threaded tiny-cache" : "single");
              cases++;
            }
            zka_ntt_cpu_set_simd(prev);
          }
          free(in);
          free(want);
          free(got);
        }
  }
  printf("reference: %ld transforms (4 fields, log_n 1..10, 16 direction/order/coset combos, "
         "batch 1 (and 3 up to log_n 9), %d SIMD level(s), single + threaded tiny-cache) match\n",
         cases, nlevels);
}

/* ---- 2. round trips ------------------------------------------------------------------ */

static void test_round_trips(zka_test_rng *rng) {
  const zka_cpu_exec two = test_exec(2, 0);
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    unsigned max_log = f->size == 32 ? 18 : 20;
    double t0 = now_s();
    for (unsigned log_n = 1; log_n <= max_log; log_n++) {
      size_t n = (size_t)1 << log_n, bytes = n * f->size;
      uint8_t *x = malloc(bytes), *y = malloc(bytes);
      if (!x || !y) abort();
      zka_test_random_elements(f, x, n, rng);
      memcpy(y, x, bytes);
      /* alternate the order pairing and the coset with the size */
      int mode = (int)(log_n % 4);
      int fwd_out_rev = mode & 1, coset = (mode >> 1) & 1;
      zka_ntt_job fw = make_job(f, log_n, 1, 0, 0, fwd_out_rev, coset, rng);
      zka_ntt_job iv = fw;
      iv.direction = ZKA_NTT_INVERSE;
      iv.input_order = fw.output_order;
      iv.output_order = ZKA_ORDER_NATURAL;
      const zka_cpu_exec *ex = (log_n & 1) ? &two : NULL;
      CHECK(run_ntt(y, &fw, ex), "forward failed");
      CHECK(log_n < 2 || memcmp(x, y, bytes) != 0, "forward changed nothing at log_n %u", log_n);
      CHECK(run_ntt(y, &iv, ex), "inverse failed");
      CHECK(memcmp(x, y, bytes) == 0, "field %d log_n %u: inverse(forward(x)) != x (out_rev %d coset %d)",
            (int)f->id, log_n, fwd_out_rev, coset);
      free(x);
      free(y);
    }
    printf("round trip: field %d, log_n 1..%u: inverse(forward(x)) == x (%.2f s)\n", (int)f->id,
           max_log, now_s() - t0);
  }
}

/* ---- 3. threaded == single-threaded, SIMD == portable, at larger sizes --------------- */

static void test_consistency(zka_test_rng *rng) {
  const zka_cpu_exec threaded = test_exec(4, 64 << 10); /* 4 workers, small L2: many passes */
  long cases = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    unsigned logs[3] = {12, 14, f->size == 32 ? 16u : 19u};
    for (int li = 0; li < 3; li++)
      for (int combo = (int)(zka_test_next(rng) % 5); combo < 16; combo += 5) {
        unsigned log_n = logs[li];
        size_t batch = li == 0 ? 3 : 1, n = (size_t)1 << log_n, bytes = batch * n * f->size;
        zka_ntt_job job = make_job(f, log_n, batch, combo & 1, (combo >> 1) & 1, (combo >> 2) & 1,
                                   (combo >> 3) & 1, rng);
        uint8_t *in = malloc(bytes), *a = malloc(bytes), *b = malloc(bytes);
        if (!in || !a || !b) abort();
        zka_test_random_elements(f, in, batch * n, rng);
        /* the portable kernels, one thread: the baseline */
        int prev = zka_ntt_cpu_set_simd(ZKA_NTT_SIMD_SCALAR);
        memcpy(a, in, bytes);
        CHECK(run_ntt(a, &job, NULL), "ntt failed");
        zka_ntt_cpu_set_simd(prev);
        for (int lv = 0; lv < nlevels; lv++) {
          prev = zka_ntt_cpu_set_simd(simd_levels[lv]);
          for (int ei = 0; ei < 2; ei++) {
            memcpy(b, in, bytes);
            CHECK(run_ntt(b, &job, ei ? &threaded : NULL), "ntt failed");
            CHECK(memcmp(a, b, bytes) == 0, "field %d log_n %u combo %d simd %s %s differs",
                  (int)f->id, log_n, combo, zka_ntt_cpu_kernels(f->id)->name,
                  ei ? "threaded" : "single");
            cases++;
          }
          zka_ntt_cpu_set_simd(prev);
        }
        free(in);
        free(a);
        free(b);
      }
  }
  printf("consistency: %ld transforms up to 2^19 (threaded x4 and single, every SIMD level) equal "
         "the portable single-threaded bytes\n", cases);
}

/* ---- 4. row kernels with pre-cut twiddle tables, every row length ------------------- */

/* Kernels that read their own twiddle format (ZKA_NTT_TW_IFMA52: the AVX-512 IFMA ones for
 * the 32-byte fields) against the portable kernels, called directly on rows of every length
 * 1..24: the transforms only ever pass rows of a multiple of 8, so the masked ends of rows
 * are checked here.  Random reduced twiddles are enough: a butterfly is exact for any. */
static void test_row_kernels(zka_test_rng *rng) {
  long cases = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    int prev = zka_ntt_cpu_set_simd(ZKA_NTT_SIMD_SCALAR);
    const zka_ntt_kernels *ref = zka_ntt_cpu_kernels(f->id);
    zka_ntt_cpu_set_simd(simd_levels[nlevels - 1]);
    const zka_ntt_kernels *k = zka_ntt_cpu_kernels(f->id);
    zka_ntt_cpu_set_simd(prev);
    if (k->tw_format != ZKA_NTT_TW_IFMA52) continue;
#ifdef ZKA_NTT_HAVE_MONT4
    enum { MAXL = 24 };
    _Alignas(64) uint8_t rows[4][MAXL * 32], want[4][MAXL * 32], tw[3][MAXL * 32];
    _Alignas(64) uint64_t packed[3][MAXL * 5], tw16[MAXL * 4];
    _Alignas(8) uint8_t sixteen[32];
    f->from_u64(sixteen, 16);
    for (size_t len = 1; len <= MAXL; len++)
      for (int op = 0; op < 4; op++) {
        for (int r = 0; r < 4; r++) zka_test_random_elements(f, rows[r], len, rng);
        for (int t = 0; t < 3; t++) {
          zka_test_random_elements(f, tw[t], MAXL, rng);
          for (size_t i = 0; i < MAXL; i++) f->mul((uint8_t *)tw16 + 32 * i, tw[t] + 32 * i, sixteen);
          zka_ntt_ifma_pack_table(packed[t], tw16, MAXL);
        }
        memcpy(want, rows, sizeof rows);
        switch (op) {
          case 0:
            ref->dif2(want[0], want[1], tw[0], len);
            k->dif2(rows[0], rows[1], packed[0], len);
            break;
          case 1:
            ref->dit2(want[0], want[1], tw[0], len);
            k->dit2(rows[0], rows[1], packed[0], len);
            break;
          case 2:
            ref->dif4(want[0], want[1], want[2], want[3], tw[0], tw[1], tw[2], len);
            k->dif4(rows[0], rows[1], rows[2], rows[3], packed[0], packed[1], packed[2], len);
            break;
          default:
            ref->dit4(want[0], want[1], want[2], want[3], tw[0], tw[1], tw[2], len);
            k->dit4(rows[0], rows[1], rows[2], rows[3], packed[0], packed[1], packed[2], len);
            break;
        }
        /* the whole buffers: elements past len must be untouched too */
        CHECK(memcmp(rows, want, sizeof rows) == 0, "field %d %s kernel op %d len %zu differs",
              (int)f->id, k->name, op, len);
        cases++;
      }
#else
    (void)rng;
    (void)ref;
#endif
  }
  if (cases)
    printf("row kernels: %ld calls of the IFMA dif2/dit2/dif4/dit4 (rows of 1..24, masked ends) "
           "equal the portable kernels\n", cases);
  else
    printf("row kernels: no kernels with their own twiddle format on this CPU (no AVX-512 IFMA), "
           "nothing to compare\n");
}

/* ---- 5. the bit-reversal pass against a plain loop, and batched cosets --------------- */

static size_t test_bitrev(size_t x, unsigned bits) {
  size_t r = 0;
  for (unsigned b = 0; b < bits; b++) r |= ((x >> b) & 1u) << (bits - 1 - b);
  return r;
}

/* The permutation (ntt_cpu.c: AVX-512 tiles transposed in registers, walked in blocks of
 * 2^3 × 2^3 tiles per middle-bits value; scalar tiles otherwise) at sizes where the block
 * walk has no, an odd and an even number of middle bits: natural-out must equal bitrev-out
 * read through a plain bit-reversal loop, and bitrev-in/bitrev-out must equal natural-in on
 * the input permuted by that loop; forward, and inverse (whose n^-1 the AVX-512 tiles
 * multiply in, while bitrev-out scales in a pass of its own); on every SIMD level, one
 * thread and two. */
static void test_permutation(zka_test_rng *rng) {
  const zka_cpu_exec two = test_exec(2, 0);
  long cases = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    const size_t es = f->size;
    const unsigned logs[] = {9, 10, 13, 14, 17, 20};
    for (size_t li = 0; li < sizeof logs / sizeof logs[0]; li++) {
      const unsigned log_n = logs[li];
      if (es == 32 && log_n > 14) continue; /* the portable 32-byte kernels are slow */
      const size_t n = (size_t)1 << log_n, batch = log_n <= 14 ? 2 : 1, bytes = batch * n * es;
      uint8_t *x = malloc(bytes), *rev_out = malloc(bytes), *nat_out = malloc(bytes),
              *px = malloc(bytes);
      if (!x || !rev_out || !nat_out || !px) abort();
      zka_test_random_elements(f, x, batch * n, rng);
      for (size_t t = 0; t < batch; t++)
        for (size_t i = 0; i < n; i++)
          memcpy(px + (t * n + test_bitrev(i, log_n)) * es, x + (t * n + i) * es, es);
      /* above 2^14 only the best level (the AVX-512 tiles; the others run the scalar tiles,
       * which the smaller sizes cover) */
      for (int lv = log_n > 14 ? nlevels - 1 : 0; lv < nlevels; lv++) {
        int prev = zka_ntt_cpu_set_simd(simd_levels[lv]);
        for (int ei = 0; ei < 4; ei++) {
          /* ei & 1: two threads; ei & 2: the inverse (n^-1 folded into the permutation) */
          const zka_cpu_exec *ex = (ei & 1) ? &two : NULL;
          zka_ntt_job job = make_job(f, log_n, batch, ei >> 1, 0, 1, 0, rng);
          memcpy(rev_out, x, bytes);
          CHECK(run_ntt(rev_out, &job, ex), "ntt failed");
          job.output_order = ZKA_ORDER_NATURAL;
          memcpy(nat_out, x, bytes);
          CHECK(run_ntt(nat_out, &job, ex), "ntt failed");
          int ok = 1;
          for (size_t t = 0; t < batch && ok; t++)
            for (size_t i = 0; i < n && ok; i++)
              ok = memcmp(nat_out + (t * n + i) * es,
                          rev_out + (t * n + test_bitrev(i, log_n)) * es, es) == 0;
          CHECK(ok, "field %d log_n %u simd %s %s %s: natural output is not the bit-reversed "
                "output permuted", (int)f->id, log_n, zka_ntt_cpu_kernels(f->id)->name,
                (ei & 1) ? "two threads" : "single", (ei & 2) ? "inverse" : "forward");
          /* bitrev in, bitrev out (the permutation runs before the core) */
          job.input_order = ZKA_ORDER_BITREV;
          job.output_order = ZKA_ORDER_BITREV;
          memcpy(nat_out, px, bytes);
          CHECK(run_ntt(nat_out, &job, ex), "ntt failed");
          CHECK(memcmp(nat_out, rev_out, bytes) == 0,
                "field %d log_n %u simd %s %s %s: bit-reversed input differs", (int)f->id, log_n,
                zka_ntt_cpu_kernels(f->id)->name, (ei & 1) ? "two threads" : "single",
                (ei & 2) ? "inverse" : "forward");
          cases += 2;
        }
        zka_ntt_cpu_set_simd(prev);
      }
      free(x);
      free(rev_out);
      free(nat_out);
      free(px);
    }
  }
  printf("permutation: %ld transforms (log_n 9, 10, 13, 14, 17, 20; up to 2^14 for the "
         "32-byte fields) match a plain bit-reversal loop\n", cases);
}

/* The coset scaling pass splits a batch into chunks of transforms that share one table of
 * factors per piece: every transform of a batch must equal the same transform run alone,
 * for batch sizes that split evenly, unevenly and not at all. */
static void test_coset_batches(zka_test_rng *rng) {
  const zka_cpu_exec three = test_exec(3, 0);
  long cases = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    const size_t es = f->size;
    const unsigned logs[] = {3, 8, 9, 12};
    const size_t batches[] = {5, 7, 16};
    for (size_t li = 0; li < 4; li++)
      for (size_t bi = 0; bi < 3; bi++)
        for (int dir = 0; dir < 2; dir++) {
          const unsigned log_n = logs[li];
          const size_t n = (size_t)1 << log_n, batch = batches[bi], bytes = batch * n * es;
          zka_ntt_job job = make_job(f, log_n, batch, dir, (int)(bi & 1), (int)(li & 1), 1, rng);
          uint8_t *x = malloc(bytes), *a = malloc(bytes), *b = malloc(bytes);
          if (!x || !a || !b) abort();
          zka_test_random_elements(f, x, batch * n, rng);
          memcpy(a, x, bytes);
          zka_ntt_job one = job;
          one.batch = 1;
          for (size_t t = 0; t < batch; t++)
            CHECK(run_ntt(a + t * n * es, &one, NULL), "ntt failed");
          for (int ei = 0; ei < 2; ei++) {
            memcpy(b, x, bytes);
            CHECK(run_ntt(b, &job, ei ? &three : NULL), "ntt failed");
            CHECK(memcmp(a, b, bytes) == 0, "field %d log_n %u batch %zu dir %d %s: coset batch "
                  "differs from one transform at a time", (int)f->id, log_n, batch, dir,
                  ei ? "three threads" : "single");
            cases++;
          }
          free(x);
          free(a);
          free(b);
        }
  }
  printf("coset batches: %ld batched coset transforms (batch 5, 7, 16; log_n 3..12) equal one "
         "transform at a time\n", cases);
}

/* A forward coset transform on natural input multiplies by s^j inside the core's first pass
 * (a column pass, or the block pass at sizes without one): it must equal the plain forward
 * transform of the input scaled here one element at a time, at sizes with one and two column
 * passes (a 64 KiB "L2") and none, in both output orders. */
static void test_coset_fold(zka_test_rng *rng) {
  const zka_cpu_exec small = test_exec(3, 64 << 10);
  long cases = 0;
  for (int fi = 0; fi < 4; fi++) {
    const zka_test_field_ops *f = zka_test_ntt_fields[fi];
    const size_t es = f->size;
    const unsigned logs[] = {11, 15, 18};
    for (size_t li = 0; li < 3; li++)
      for (int ei = 0; ei < 2; ei++) {
        const unsigned log_n = es == 32 && li == 2 ? 14 : logs[li];
        const size_t n = (size_t)1 << log_n, bytes = n * es;
        zka_ntt_job job = make_job(f, log_n, 1, 0, 0, (int)li & 1, 1, rng);
        uint8_t *x = malloc(bytes), *a = malloc(bytes);
        if (!x || !a) abort();
        zka_test_random_elements(f, x, n, rng);
        _Alignas(8) uint8_t pw[32];
        f->from_u64(pw, 1);
        for (size_t j = 0; j < n; j++) {
          f->mul(a + j * es, x + j * es, pw);
          f->mul(pw, pw, job.coset_shift);
        }
        zka_ntt_job plain = job;
        plain.coset = 0;
        CHECK(run_ntt(a, &plain, ei ? &small : NULL), "ntt failed");
        CHECK(run_ntt(x, &job, ei ? &small : NULL), "ntt failed");
        CHECK(memcmp(a, x, bytes) == 0, "field %d log_n %u out_rev %d %s: coset transform "
              "differs from the transform of the scaled input", (int)f->id, log_n, (int)li & 1,
              ei ? "64 KiB L2, three threads" : "single");
        cases++;
        free(x);
        free(a);
      }
  }
  printf("coset fold: %ld forward coset transforms (log_n 11, 15, 18; 14 for the 32-byte "
         "fields) equal the plain transform of the input scaled by s^j\n", cases);
}

/* ---- 6. bad jobs are refused --------------------------------------------------------- */

static void test_errors(void) {
  uint8_t buf[64] = {0};
  char err[128];
  zka_ntt_job job;
  memset(&job, 0, sizeof job);
  job.field = ZKA_FIELD_BABYBEAR;
  job.log_n = 2;
  job.batch = 0;
  CHECK(zka_cpu_ntt(buf, &job, NULL, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT, "batch 0");
  job.batch = 1;
  job.coset = 1; /* shift left zero */
  CHECK(zka_cpu_ntt(buf, &job, NULL, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT, "zero shift");
  job.coset = 0;
  job.log_n = 28; /* above BabyBear's two-adicity */
  CHECK(zka_cpu_ntt(buf, &job, NULL, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT, "log_n 28");
  job.log_n = 0;
  CHECK(zka_cpu_ntt(buf, &job, NULL, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT, "log_n 0");
  printf("errors: batch 0, zero coset shift, log_n 0 and above the two-adicity refused\n");
}

int main(void) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  int avail = zka_ntt_cpu_simd_available();
  for (int l = 0; l <= avail; l++) simd_levels[nlevels++] = l;
  printf("SIMD levels tested: %d (0 = portable, 1 = AVX2, 2 = AVX-512); BabyBear default "
         "kernels: %s\n", nlevels, zka_ntt_cpu_kernels(ZKA_FIELD_BABYBEAR)->name);
  /* which kernels each level runs per field (the 32-byte fields: "adx" = direct MULX/ADX
   * products, "avx512ifma" = eight lanes of IFMA), so the log shows what was compared */
  for (int l = 0; l < nlevels; l++) {
    int prev = zka_ntt_cpu_set_simd(simd_levels[l]);
    printf("  level %d: BN254 Fr %s, BLS12-381 Fr %s, BabyBear %s, Goldilocks %s\n", simd_levels[l],
           zka_ntt_cpu_kernels(ZKA_FIELD_BN254_FR)->name,
           zka_ntt_cpu_kernels(ZKA_FIELD_BLS12_381_FR)->name,
           zka_ntt_cpu_kernels(ZKA_FIELD_BABYBEAR)->name,
           zka_ntt_cpu_kernels(ZKA_FIELD_GOLDILOCKS)->name);
    zka_ntt_cpu_set_simd(prev);
  }
  double t0 = now_s();
  test_errors();
  test_reference(&rng);
  printf("  (%.2f s)\n", now_s() - t0);
  t0 = now_s();
  test_round_trips(&rng);
  test_consistency(&rng);
  test_row_kernels(&rng);
  test_permutation(&rng);
  test_coset_batches(&rng);
  test_coset_fold(&rng);
  printf("  (%.2f s)\n", now_s() - t0);
  return zka_test_finish("test_ntt_cpu");
}
