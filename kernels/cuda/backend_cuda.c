/* backend_cuda.c — the "cuda" backend plug-in (host/backend.h): NVIDIA GPUs through the
 * CUDA runtime, device buffers, the NTT of kernels/common/ntt_body.h, the batch hashing
 * of kernels/common/hash_body.h and the MSM of kernels/common/msm_body.h (compiled by nvcc
 * in ntt.cu, hash.cu and msm.cu, launched through backend_cuda.h; the MSM's last step, the
 * Horner sum over the window sums, runs here on the host with the same portable formulas).
 *
 * The CUDA runtime is linked statically: it opens the driver (libcuda.so.1) at the first
 * call, so the plug-in loads on machines without the driver and probe reports
 * cudaGetDeviceCount's error ("cudaErrorInsufficientDriver", "cudaErrorNoDevice") as the
 * reason.  It never calls libzkaccel; host-side tables come from the header-only portable
 * arithmetic (the host half of ntt_body.h), the same code the OpenCL plug-in uses.
 *
 * Per device handle: one stream (plus the streams the scheduler creates for double-buffering,
 * ABI 4: cudaMemcpyAsync, kernels without a synchronize, page-locked staging from
 * cudaMallocHost); one twiddle table per field and direction kept on the
 * device and grown when a larger transform comes.  Every call selects the handle's device
 * first (handles may be used from different threads).  A handle needs exclusive access.
 */
#include <cuda_runtime_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/backend.h"
#include "kernels/common/hash_body.h"
#include "kernels/common/msm_body.h"
#include "kernels/common/ntt_body.h"
#include "kernels/cuda/backend_cuda.h"

/* Threads per block of the one-item-per-thread kernels. */
#define ZKA_CU_BLOCK 256

static void zka_cu_msg(char *err, size_t err_len, const char *fmt, ...) {
  if (!err || !err_len) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, err_len, fmt, ap);
  va_end(ap);
}

/* Allocation failures are the scheduler's cue to split a job; the rest are device errors. */
static int zka_cu_status(cudaError_t e) {
  return e == cudaErrorMemoryAllocation ? ZKA_ERR_OUT_OF_MEMORY : ZKA_ERR_DEVICE;
}

/* Every CUDA call goes through this (STYLE.md): `expr@file:line: name: text` in err, the
 * mapped status, goto cleanup.  A failed call's error is cleared from the runtime's
 * last-error slot so it does not resurface in a later, unrelated check. */
#define ZKA_CUDA_CHECK(expr)                                                                 \
  do {                                                                                       \
    cudaError_t zka_cu_err_ = (cudaError_t)(expr);                                           \
    if (zka_cu_err_ != cudaSuccess) {                                                        \
      (void)cudaGetLastError();                                                              \
      zka_cu_msg(err, err_len, "%s@%s:%d: %s: %s", #expr, __FILE__, __LINE__,                \
                 cudaGetErrorName(zka_cu_err_), cudaGetErrorString(zka_cu_err_));            \
      status = zka_cu_status(zka_cu_err_);                                                   \
      goto cleanup;                                                                          \
    }                                                                                        \
  } while (0)

#define ZKA_CU_FAIL(st, ...)                 \
  do {                                       \
    zka_cu_msg(err, err_len, __VA_ARGS__);   \
    status = (st);                           \
    goto cleanup;                            \
  } while (0)

/* ---- devices --------------------------------------------------------------------------- */

static int zka_cu_probe(zka_device_info *out, int max, char *reason, size_t reason_len) {
  int count = 0;
  if (reason && reason_len) reason[0] = 0;
  cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    (void)cudaGetLastError();
    zka_cu_msg(reason, reason_len, "cudaGetDeviceCount: %s: %s", cudaGetErrorName(e),
               cudaGetErrorString(e));
    return 0;
  }
  if (count == 0) {
    zka_cu_msg(reason, reason_len, "cudaGetDeviceCount: no CUDA device");
    return 0;
  }
  if (count > max) count = max;
  for (int i = 0; i < count; i++) {
    zka_device_info *d = &out[i];
    struct cudaDeviceProp prop;
    memset(d, 0, sizeof *d);
    snprintf(d->backend, sizeof d->backend, "cuda");
    d->kind = ZKA_DEVICE_GPU;
    e = cudaGetDeviceProperties(&prop, i);
    if (e != cudaSuccess) {
      (void)cudaGetLastError();
      snprintf(d->name, sizeof d->name, "-");
      snprintf(d->reason, sizeof d->reason, "cudaGetDeviceProperties: %s: %s",
               cudaGetErrorName(e), cudaGetErrorString(e));
      continue;
    }
    snprintf(d->name, sizeof d->name, "%.100s (sm_%d%d)", prop.name, prop.major, prop.minor);
    d->memory_bytes = prop.totalGlobalMem;
    d->compute_units = (uint32_t)prop.multiProcessorCount;
    snprintf(d->pci_bus_id, sizeof d->pci_bus_id, "%04x:%02x:%02x.0", (unsigned)prop.pciDomainID,
             (unsigned)prop.pciBusID, (unsigned)prop.pciDeviceID);
    d->available = 1;
  }
  return count;
}

typedef struct {
  int device;
  cudaStream_t stream;
  void *tw[5][2];         /* twiddles per field code and [forward, inverse] */
  unsigned tw_log[5][2];  /* their order 2^tw_log (0: none yet) */
} zka_cu_dev;

typedef struct {
  void *ptr;
  size_t size;
} zka_cu_buf;

static void zka_cu_close(void *handle) {
  zka_cu_dev *d = handle;
  if (!d) return;
  cudaSetDevice(d->device);
  for (int f = 0; f < 5; f++)
    for (int i = 0; i < 2; i++) cudaFree(d->tw[f][i]);
  if (d->stream) cudaStreamDestroy(d->stream);
  (void)cudaGetLastError();
  free(d);
}

static int zka_cu_open(int index, void **out, char *err, size_t err_len) {
  int status = ZKA_OK, count = 0;
  zka_cu_dev *d = NULL;
  *out = NULL;
  ZKA_CUDA_CHECK(cudaGetDeviceCount(&count));
  if (index < 0 || index >= count)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: no device %d (%d listed)", index, count);
  d = calloc(1, sizeof *d);
  if (!d) ZKA_CU_FAIL(ZKA_ERR_OUT_OF_MEMORY, "cuda: out of host memory");
  d->device = index;
  ZKA_CUDA_CHECK(cudaSetDevice(index));
  ZKA_CUDA_CHECK(cudaStreamCreateWithFlags(&d->stream, cudaStreamNonBlocking));
  *out = d;
  d = NULL;
cleanup:
  zka_cu_close(d);
  return status;
}

/* ---- memory ---------------------------------------------------------------------------- */

static int zka_cu_alloc(void *handle, size_t bytes, void **out, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  int status = ZKA_OK;
  zka_cu_buf *b = NULL;
  *out = NULL;
  b = calloc(1, sizeof *b);
  if (!b) ZKA_CU_FAIL(ZKA_ERR_OUT_OF_MEMORY, "cuda: out of host memory");
  b->size = bytes;
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMalloc(&b->ptr, bytes ? bytes : 1));
  *out = b;
  b = NULL;
cleanup:
  free(b);
  return status;
}

static void zka_cu_free(void *handle, void *buf) {
  zka_cu_dev *d = handle;
  zka_cu_buf *b = buf;
  if (!b) return;
  cudaSetDevice(d->device);
  cudaFree(b->ptr);
  (void)cudaGetLastError();
  free(b);
}

static int zka_cu_write(void *handle, void *buf, size_t offset, const void *src, size_t bytes,
                        char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  zka_cu_buf *b = buf;
  int status = ZKA_OK;
  if (offset > b->size || bytes > b->size - offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: write of %zu bytes at %zu past a %zu-byte buffer",
                bytes, offset, b->size);
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMemcpyAsync((char *)b->ptr + offset, src, bytes, cudaMemcpyHostToDevice,
                                 d->stream));
  ZKA_CUDA_CHECK(cudaStreamSynchronize(d->stream));
cleanup:
  return status;
}

static int zka_cu_read(void *handle, const void *buf, size_t offset, void *dst, size_t bytes,
                       char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  const zka_cu_buf *b = buf;
  int status = ZKA_OK;
  if (offset > b->size || bytes > b->size - offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: read of %zu bytes at %zu past a %zu-byte buffer",
                bytes, offset, b->size);
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMemcpyAsync(dst, (const char *)b->ptr + offset, bytes,
                                 cudaMemcpyDeviceToHost, d->stream));
  ZKA_CUDA_CHECK(cudaStreamSynchronize(d->stream));
cleanup:
  return status;
}

/* ---- the NTT ----------------------------------------------------------------------------- */

/* Threads per block: the plan's group, or for a launch smaller than that the power of two
 * >= count (at least a warp).  The _local kernels' groups (2^(ZKA_NTT_LOCAL_LOG-1)) always
 * divide their count, so they are never reduced. */
static unsigned zka_cu_block(uint64_t count, unsigned group) {
  unsigned b = group;
  while (b > 32 && b / 2 >= count) b /= 2;
  return b;
}

/* A device copy of a host table, on stream s.  ordered = 0: cudaMalloc, freed by the caller
 * with cudaFree after s is synchronized; ordered = 1: stream-ordered (cudaMallocAsync),
 * freed by the caller with cudaFreeAsync on s, so nothing waits.  The source may be freed
 * on return: a copy from pageable memory has left it by then. */
static int zka_cu_upload(cudaStream_t s, int ordered, void **out, const void *host, size_t bytes,
                         char *err, size_t err_len) {
  int status = ZKA_OK;
  *out = NULL;
  if (ordered) ZKA_CUDA_CHECK(cudaMallocAsync(out, bytes, s));
  else ZKA_CUDA_CHECK(cudaMalloc(out, bytes));
  ZKA_CUDA_CHECK(cudaMemcpyAsync(*out, host, bytes, cudaMemcpyHostToDevice, s));
cleanup:
  return status;
}

#define ZKA_CU_LAUNCH(f, k, count, block, args)                                               \
  ZKA_CUDA_CHECK(zka_cuda_ntt_launch((f), (k), (count), (block), (args), (void *)d->stream))

/* Make sure field f has a twiddle table of order >= 2^log_n for the direction. */
static int zka_cu_twiddles(zka_cu_dev *d, unsigned f, int inverse, unsigned log_n, size_t elem,
                           char *err, size_t err_len) {
  int status = ZKA_OK;
  void *lo = NULL, *hi = NULL, *tw = NULL, *hlo = NULL, *hhi = NULL;
  if (d->tw[f][inverse] && d->tw_log[f][inverse] >= log_n) return ZKA_OK;
  unsigned lb, hb;
  zka_ntt_host_split(log_n - 1, &lb, &hb);
  hlo = malloc(elem << lb);
  hhi = malloc(elem << hb);
  if (!hlo || !hhi) ZKA_CU_FAIL(ZKA_ERR_OUT_OF_MEMORY, "cuda: out of host memory");
  zka_ntt_host_twiddle_tables(f, hlo, hhi, log_n, inverse);
  if ((status = zka_cu_upload(d->stream, 0, &lo, hlo, elem << lb, err, err_len))) goto cleanup;
  if ((status = zka_cu_upload(d->stream, 0, &hi, hhi, elem << hb, err, err_len))) goto cleanup;
  const uint64_t count = (uint64_t)1 << (log_n - 1);
  ZKA_CUDA_CHECK(cudaMalloc(&tw, (size_t)count * elem));
  zka_cuda_ntt_args a;
  memset(&a, 0, sizeof a);
  a.data = tw;
  a.lo = lo;
  a.hi = hi;
  a.lo_bits = lb;
  ZKA_CU_LAUNCH(f, ZKA_NTT_K_POWERS, count, zka_cu_block(count, ZKA_CU_BLOCK), &a);
  ZKA_CUDA_CHECK(cudaStreamSynchronize(d->stream));
  /* The old table may still be read by kernels on the scheduler's other streams (ABI 4):
   * wait for the whole device before freeing it (tables only grow, so this is rare). */
  if (d->tw[f][inverse]) ZKA_CUDA_CHECK(cudaDeviceSynchronize());
  cudaFree(d->tw[f][inverse]);
  d->tw[f][inverse] = tw;
  d->tw_log[f][inverse] = log_n;
  tw = NULL;
cleanup:
  if (status != ZKA_OK) cudaStreamSynchronize(d->stream);
  cudaFree(lo);
  cudaFree(hi);
  cudaFree(tw);
  free(hlo);
  free(hhi);
  return status;
}

static int zka_cu_check_job(const zka_ntt_job *job, size_t *elem, size_t *word, char *err,
                            size_t err_len) {
  unsigned two_adicity;
  int status = ZKA_OK;
  if (!job || !zka_ntt_host_field_info((unsigned)job->field, elem, word, &two_adicity))
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: unknown field %d", job ? (int)job->field : -1);
  if (job->log_n < 1 || job->log_n > two_adicity || job->log_n > ZKA_NTT_MAX_LOG_N)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: log_n %u outside [1, %u]", job->log_n,
                two_adicity < ZKA_NTT_MAX_LOG_N ? two_adicity : ZKA_NTT_MAX_LOG_N);
  if (job->batch < 1) ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: batch 0");
cleanup:
  return status;
}

static int zka_cu_ntt_supported(void *handle, const zka_ntt_job *job) {
  size_t elem, word;
  (void)handle;
  return zka_cu_check_job(job, &elem, &word, NULL, 0) == ZKA_OK;
}

/* The NTT on stream s; wait: also wait for it (the blocking entry), else the scale tables
 * are stream-ordered allocations freed behind the kernels. */
static int zka_cu_ntt_on(zka_cu_dev *d, cudaStream_t s, int wait, void *buf, size_t offset,
                         const zka_ntt_job *job, char *err, size_t err_len) {
  zka_cu_buf *b = buf;
  int status = ZKA_OK;
  size_t elem = 0, word = 0;
  void *lo = NULL, *hi = NULL, *hlo = NULL, *hhi = NULL;
  if ((status = zka_cu_check_job(job, &elem, &word, err, err_len))) return status;
  const unsigned f = (unsigned)job->field, log_n = job->log_n;
  const int inverse = job->direction == ZKA_NTT_INVERSE;
  const uint64_t n = (uint64_t)1 << log_n, total = n * job->batch;
  if (job->batch > (SIZE_MAX / elem) >> log_n || offset % word != 0 || offset > b->size ||
      total * elem > b->size - offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT,
                "cuda: %zu transform(s) of 2^%u elements at byte offset %zu do not fit a "
                "%zu-byte buffer (or the offset is not a multiple of %zu)",
                job->batch, log_n, offset, b->size, word);
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  if ((status = zka_cu_twiddles(d, f, inverse, log_n, elem, err, err_len))) goto cleanup;

  zka_cuda_ntt_args a;
  memset(&a, 0, sizeof a);
  a.data = b->ptr;
  a.off = offset / word;
  a.tw = d->tw[f][inverse];
  a.tw_log = d->tw_log[f][inverse];
  a.log_n = log_n;

  /* Coset (forward) and 1/n with the coset (inverse): the powers tables. */
  if (inverse || job->coset) {
    size_t entries = (size_t)1 << ((log_n + 1) / 2);
    hlo = malloc(entries * elem);
    hhi = malloc(entries * elem);
    if (!hlo || !hhi) ZKA_CU_FAIL(ZKA_ERR_OUT_OF_MEMORY, "cuda: out of host memory");
    unsigned lb = 0, hb = 0;
    zka_ntt_host_scale_tables(f, hlo, hhi, log_n, inverse, job->coset ? job->coset_shift : NULL,
                              &lb, &hb);
    if ((status = zka_cu_upload(s, !wait, &lo, hlo, elem << lb, err, err_len))) goto cleanup;
    if ((status = zka_cu_upload(s, !wait, &hi, hhi, elem << hb, err, err_len))) goto cleanup;
    a.lo = lo;
    a.hi = hi;
    a.lo_bits = lb;
    a.hi_bits = hb;
  }

  /* The launches: the plan the OpenCL plug-in runs (and the tests check on PoCL); every
   * GPU takes 128-thread blocks with 8 KiB of shared memory for the _local kernels. */
  zka_ntt_step steps[ZKA_NTT_MAX_STEPS];
  const int nsteps = zka_ntt_host_plan(steps, log_n, job->batch, inverse, job->coset,
                                       job->input_order == ZKA_ORDER_BITREV,
                                       job->output_order == ZKA_ORDER_BITREV, 1, ZKA_CU_BLOCK);
  for (int i = 0; i < nsteps; i++) {
    a.stage = steps[i].stage;
    a.bitrev = steps[i].bitrev;
    ZKA_CUDA_CHECK(zka_cuda_ntt_launch(f, steps[i].k, steps[i].count,
                                       zka_cu_block(steps[i].count, steps[i].group), &a,
                                       (void *)s));
  }
  if (wait) ZKA_CUDA_CHECK(cudaStreamSynchronize(s));
cleanup:
  if (wait || status != ZKA_OK) cudaStreamSynchronize(s); /* before freeing lo and hi */
  if (wait) {
    cudaFree(lo);
    cudaFree(hi);
  } else {
    if (lo) cudaFreeAsync(lo, s);
    if (hi) cudaFreeAsync(hi, s);
  }
  (void)cudaGetLastError();
  free(hlo);
  free(hhi);
  return status;
}

static int zka_cu_ntt(void *handle, void *buf, size_t offset, const zka_ntt_job *job, char *err,
                      size_t err_len) {
  zka_cu_dev *d = handle;
  return zka_cu_ntt_on(d, d->stream, 1, buf, offset, job, err, err_len);
}

/* ---- batch hashing ------------------------------------------------------------------------ */

/* Threads per block of the hashing kernels: each thread holds a whole hash state (up to
 * 17 BN254 elements for Poseidon), so smaller blocks than the NTT's keep registers and
 * occupancy reasonable; 64 is also what the OpenCL side launches. */
#define ZKA_CU_HASH_BLOCK 64

static int zka_cu_hash_supported(void *handle, const zka_hash_job *job) {
  zka_hb_info info;
  size_t msg_bytes, klen;
  unsigned compress;
  const char *why;
  (void)handle;
  return job && zka_hb_job_shape((unsigned)job->hash, (int)job->mode, job->len, job->count,
                                 &info, &msg_bytes, &klen, &compress, &why);
}

/* The hash job on stream s; wait: also wait for it (the blocking entry). */
static int zka_cu_hash_on(zka_cu_dev *d, cudaStream_t s, int wait, void *out_buf, size_t out_offset,
                          const void *in_buf, size_t in_offset, const zka_hash_job *job, char *err,
                          size_t err_len) {
  zka_cu_buf *ob = out_buf;
  const zka_cu_buf *ib = in_buf;
  int status = ZKA_OK;
  zka_hb_info info;
  size_t msg_bytes = 0, klen = 0;
  unsigned compress = 0;
  const char *why = "";
  if (!job || !zka_hb_job_shape((unsigned)job->hash, (int)job->mode, job->len, job->count, &info,
                                &msg_bytes, &klen, &compress, &why))
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: hash %d mode %d len %zu: %s",
                job ? (int)job->hash : -1, job ? (int)job->mode : -1, job ? job->len : 0, why);
  const size_t count = job->count, in_bytes = count * msg_bytes;
  if (count > ((size_t)-1) / info.digest)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: %zu digests overflow", count);
  const size_t out_bytes = count * info.digest;
  if (in_offset % info.word || out_offset % info.word)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT,
                "cuda: %s: byte offsets %zu (in) and %zu (out) must be multiples of %zu",
                info.name, in_offset, out_offset, info.word);
  if (in_offset > ib->size || in_bytes > ib->size - in_offset || out_offset > ob->size ||
      out_bytes > ob->size - out_offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT,
                "cuda: %s of %zu message(s) of %zu bytes: %zu bytes at %zu do not fit the "
                "%zu-byte input buffer, or %zu at %zu the %zu-byte output buffer",
                info.name, count, msg_bytes, in_bytes, in_offset, ib->size, out_bytes,
                out_offset, ob->size);
  if (count == 0) return ZKA_OK;
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(zka_cuda_hash_launch((unsigned)job->hash, count,
                                      zka_cu_block(count, ZKA_CU_HASH_BLOCK), ob->ptr,
                                      out_offset / info.word, ib->ptr, in_offset / info.word,
                                      klen, compress, (void *)s));
  if (wait) ZKA_CUDA_CHECK(cudaStreamSynchronize(s));
cleanup:
  return status;
}

static int zka_cu_hash(void *handle, void *out_buf, size_t out_offset, const void *in_buf,
                       size_t in_offset, const zka_hash_job *job, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  return zka_cu_hash_on(d, d->stream, 1, out_buf, out_offset, in_buf, in_offset, job, err, err_len);
}

/* ---- multi-scalar multiplication ---------------------------------------------------------- */

/* Threads per block of the MSM kernels: each thread holds XYZZ points (up to 384 bytes for
 * BLS12-381 G2) and a field multiplication's temporaries; 64 is also the OpenCL size. */
#define ZKA_CU_MSM_BLOCK 64

static int zka_cu_msm_supported(void *handle, const zka_msm_job *job) {
  zka_msm_host_plan p;
  const char *why = "";
  (void)handle;
  return job && zka_msm_host_plan_job(&p, (unsigned)job->group, job->n, job->scalar_bits, &why);
}

static int zka_cu_msm(void *handle, void *result, const void *points_buf, size_t points_offset,
                      const void *scalars_buf, size_t scalars_offset, const zka_msm_job *job,
                      char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  const zka_cu_buf *pb = points_buf, *sb = scalars_buf;
  int status = ZKA_OK;
  zka_msm_host_plan p;
  const char *why = "";
  zka_cuda_msm_args a;
  uint64_t *hwin = NULL;
  memset(&a, 0, sizeof a);
  if (!job || !zka_msm_host_plan_job(&p, (unsigned)job->group, job->n, job->scalar_bits, &why))
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: msm of group %d, %zu points, %u-bit scalars: %s",
                job ? (int)job->group : -1, job ? job->n : 0, job ? job->scalar_bits : 0, why);
  const unsigned g = (unsigned)job->group;
  const uint64_t n = job->n;
  if (points_offset % 8 || scalars_offset % 8 || points_offset > pb->size ||
      n > (pb->size - points_offset) / (p.pw * 8) || scalars_offset > sb->size ||
      n > (sb->size - scalars_offset) / 32)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT,
                "cuda: msm of %llu points: %zu-byte points at %zu in a %zu-byte buffer or "
                "32-byte scalars at %zu in a %zu-byte buffer do not fit (offsets must be "
                "multiples of 8)",
                (unsigned long long)n, p.pw * 8, points_offset, pb->size, scalars_offset,
                sb->size);
  if (n == 0) {
    zka_msm_host_infinity(result, g);
    return ZKA_OK;
  }
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  const uint64_t entries = (uint64_t)p.nw * n, keys = (uint64_t)p.nw * p.nb,
                 nseg = (uint64_t)p.nw << p.log_s;
  const size_t xbytes = p.xw * 8;
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.digits, (size_t)entries * 4));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.sorted, (size_t)entries * 4));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.counts, (size_t)keys * 4));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.starts, (size_t)keys * 4));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.cursor, (size_t)keys * 4));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.buckets, (size_t)keys * xbytes));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.segs, (size_t)nseg * 2 * xbytes));
  ZKA_CUDA_CHECK(cudaMalloc((void **)&a.windows, (size_t)p.nw * xbytes));
  ZKA_CUDA_CHECK(cudaMemsetAsync(a.counts, 0, (size_t)keys * 4, d->stream));
  a.points = (const uint64_t *)pb->ptr;
  a.scalars = (const uint64_t *)sb->ptr;
  a.poff = points_offset / 8;
  a.soff = scalars_offset / 8;
  a.n = n;
  a.c = p.c;
  a.nw = p.nw;
  a.log_s = p.log_s;
  ZKA_CUDA_CHECK(zka_cuda_msm_launch(g, ZKA_CU_MSM_BLOCK, &a, (void *)d->stream));
  hwin = malloc((size_t)p.nw * xbytes);
  if (!hwin) ZKA_CU_FAIL(ZKA_ERR_OUT_OF_MEMORY, "cuda: out of host memory");
  ZKA_CUDA_CHECK(cudaMemcpyAsync(hwin, a.windows, (size_t)p.nw * xbytes, cudaMemcpyDeviceToHost,
                                 d->stream));
  ZKA_CUDA_CHECK(cudaStreamSynchronize(d->stream));
  zka_msm_host_finish(result, g, &p, hwin);
cleanup:
  if (status != ZKA_OK && d) cudaStreamSynchronize(d->stream); /* before freeing */
  cudaFree(a.digits);
  cudaFree(a.sorted);
  cudaFree(a.counts);
  cudaFree(a.starts);
  cudaFree(a.cursor);
  cudaFree(a.buckets);
  cudaFree(a.segs);
  cudaFree(a.windows);
  (void)cudaGetLastError();
  free(hwin);
  return status;
}

/* ---- asynchronous queues (ABI 4) ---------------------------------------------------------- */

/* A queue is a cudaStream_t of the handle's device (non-blocking: it does not wait for the
 * legacy default stream).  Copies from pageable host memory are correct but only partly
 * asynchronous; the scheduler downloads into host_alloc's page-locked staging. */

static int zka_cu_queue_create(void *handle, void **out, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  int status = ZKA_OK;
  cudaStream_t s = NULL;
  *out = NULL;
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  *out = (void *)s;
cleanup:
  return status;
}

static void zka_cu_queue_destroy(void *handle, void *queue) {
  zka_cu_dev *d = handle;
  if (!queue) return;
  cudaSetDevice(d->device);
  cudaStreamSynchronize((cudaStream_t)queue);
  cudaStreamDestroy((cudaStream_t)queue);
  (void)cudaGetLastError();
}

static int zka_cu_queue_sync(void *handle, void *queue, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  int status = ZKA_OK;
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaStreamSynchronize((cudaStream_t)queue));
cleanup:
  return status;
}

static int zka_cu_write_async(void *handle, void *queue, void *buf, size_t offset, const void *src,
                              size_t bytes, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  zka_cu_buf *b = buf;
  int status = ZKA_OK;
  if (offset > b->size || bytes > b->size - offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: write of %zu bytes at %zu past a %zu-byte buffer",
                bytes, offset, b->size);
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMemcpyAsync((char *)b->ptr + offset, src, bytes, cudaMemcpyHostToDevice,
                                 (cudaStream_t)queue));
cleanup:
  return status;
}

static int zka_cu_read_async(void *handle, void *queue, const void *buf, size_t offset, void *dst,
                             size_t bytes, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  const zka_cu_buf *b = buf;
  int status = ZKA_OK;
  if (offset > b->size || bytes > b->size - offset)
    ZKA_CU_FAIL(ZKA_ERR_INVALID_ARGUMENT, "cuda: read of %zu bytes at %zu past a %zu-byte buffer",
                bytes, offset, b->size);
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMemcpyAsync(dst, (const char *)b->ptr + offset, bytes, cudaMemcpyDeviceToHost,
                                 (cudaStream_t)queue));
cleanup:
  return status;
}

static int zka_cu_ntt_async(void *handle, void *queue, void *buf, size_t offset,
                            const zka_ntt_job *job, char *err, size_t err_len) {
  return zka_cu_ntt_on(handle, (cudaStream_t)queue, 0, buf, offset, job, err, err_len);
}

static int zka_cu_hash_async(void *handle, void *queue, void *out_buf, size_t out_offset,
                             const void *in_buf, size_t in_offset, const zka_hash_job *job,
                             char *err, size_t err_len) {
  return zka_cu_hash_on(handle, (cudaStream_t)queue, 0, out_buf, out_offset, in_buf, in_offset,
                        job, err, err_len);
}

static int zka_cu_host_alloc(void *handle, size_t bytes, void **ptr, char *err, size_t err_len) {
  zka_cu_dev *d = handle;
  int status = ZKA_OK;
  *ptr = NULL;
  ZKA_CUDA_CHECK(cudaSetDevice(d->device));
  ZKA_CUDA_CHECK(cudaMallocHost(ptr, bytes ? bytes : 1));
cleanup:
  return status;
}

static void zka_cu_host_free(void *handle, void *ptr) {
  (void)handle;
  cudaFreeHost(ptr);
  (void)cudaGetLastError();
}

static const zka_backend_api zka_cu_api = {
    ZKA_BACKEND_ABI_VERSION,
    "cuda",
    zka_cu_probe,
    zka_cu_open,
    zka_cu_close,
    zka_cu_alloc,
    zka_cu_free,
    zka_cu_write,
    zka_cu_read,
    zka_cu_ntt_supported,
    zka_cu_ntt,
    NULL, /* ntt_host: the scheduler copies through alloc/write/ntt/read */
    zka_cu_hash_supported,
    zka_cu_hash,
    NULL, /* hash_host: likewise */
    zka_cu_msm_supported,
    zka_cu_msm,
    NULL, /* msm_host: likewise */
    zka_cu_queue_create,
    zka_cu_queue_destroy,
    zka_cu_queue_sync,
    zka_cu_write_async,
    zka_cu_read_async,
    zka_cu_ntt_async,
    zka_cu_hash_async,
    zka_cu_host_alloc,
    zka_cu_host_free,
};

/** The plug-in's entry point (host/backend.h). */
ZKA_BACKEND_EXPORT const zka_backend_api *zka_backend_entry(void) { return &zka_cu_api; }
