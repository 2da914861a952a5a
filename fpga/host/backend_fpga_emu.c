/* backend_fpga_emu.c — the "fpga-emu" plug-in: an emulated FPGA board that runs the HLS NTT,
 * Poseidon2 and MSM top functions (fpga/hls/ntt/ntt_kernel.c, fpga/hls/poseidon2/
 * poseidon2_kernel.c, fpga/hls/msm/msm_kernel.c, compiled into this plug-in) on the CPU, through the same host path as
 * the real board (backend_xrt.c): device buffers in an emulated DDR of fixed size, the
 * twiddle buffer and scalar arguments packed by fpga_ntt_host.h and fpga_hash_host.h, and
 * jobs split into kernel calls of at most ZKA_HLS_NTT_MAX_BATCH transforms or
 * ZKA_HLS_POSEIDON2_MAX_BATCH messages.  What passes here differs from the board only by the
 * compiler that turned the kernels into hardware.
 *
 * Hashing: Poseidon2 only (hash_supported); SHA-256, Keccak-256 and Poseidon BN254 are
 * reported unsupported so the scheduler runs them on another device (fpga_hash_host.h).
 *
 * MSM: BN254 and BLS12-381, G1 and G2 (fpga_msm_host.h: digits per window fed to the bucket
 * kernel in calls of ZKA_FPGA_EMU_MSM_CALL points, window sums and doublings on the host),
 * up to ZKA_FPGA_EMU_MSM_MAX_N points: the emulated kernel runs its modeled pipeline cycle
 * by cycle in the HLS flavour of the arithmetic, a few microseconds per addition, so larger
 * jobs go to other devices.
 *
 * Interface: host/backend.h.  Uses no libzkaccel function (only header-only core/ code).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpga/host/fpga_hash_host.h"
#include "fpga/host/fpga_msm_host.h"
#include "fpga/host/fpga_ntt_host.h"

#define ZKA_FPGA_EMU_NAME "fpga-emu"
/** Emulated DDR: 4 GiB, the smallest DDR of the Alveo cards the kernels target (U50's HBM is
 *  8 GiB, U200/U250 have 64 GiB); enough for any job the kernels' size limit allows. */
#define ZKA_FPGA_EMU_DDR_BYTES (UINT64_C(4) << 30)
/** Kernel instances (compute units) per field kernel in the emulated .xclbin. */
#define ZKA_FPGA_EMU_CUS 1u
/** Most points of an MSM job the emulated board takes (msm_supported).  Measured here: a
 *  500-point BN254 G1 MSM (37 windows of c = 7) takes 0.05 s, about 2.5 us per emulated
 *  addition, BLS12-381 G2 about 6 times that; so 2^16 points (22 windows of c = 12) take
 *  some 4 s on G1 and 25 s on BLS12-381 G2 (estimated from those rates).  Larger jobs are
 *  left to real devices. */
#define ZKA_FPGA_EMU_MSM_MAX_N ((size_t)1 << 16)
/** Points per MSM kernel call on the emulated board.  A board takes up to
 *  ZKA_HLS_MSM_MAX_COUNT per call; the emulator feeds each window in calls of 256 so that
 *  jobs of test size already take the path large jobs take on the board (buckets carried
 *  from call to call through device memory), at the cost of a bucket load and store per
 *  call. */
#define ZKA_FPGA_EMU_MSM_CALL 256u

/* The board's DDR is one per process, whoever opened the device: a budget and a lock. */
static pthread_mutex_t zka_fpga_emu_ddr_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t zka_fpga_emu_ddr_used = 0;

typedef struct {
  size_t bytes;
  unsigned char *mem;
} zka_fpga_emu_buf;

typedef struct {
  zka_fpga_emu_buf *tw;   /* the twiddle buffer on the device (NULL until the first job) */
  zka_fpga_ntt_key tw_key; /* what it holds */
  int tw_valid;
  uint8_t *staging;       /* host copy the table is built in before the "DMA" */
  size_t staging_bytes;
} zka_fpga_emu_dev;

/* A kernel call's context: the device buffer and the field. */
typedef struct {
  zka_fpga_emu_dev *dev;
  zka_fpga_emu_buf *data;
  zka_field_id field;
} zka_fpga_emu_launch_ctx;

static int zka_fpga_emu_probe(zka_device_info *out, int max, char *reason, size_t reason_len) {
  if (reason && reason_len) reason[0] = '\0';
  if (max < 1 || !out) return 1;
  memset(out, 0, sizeof *out);
  snprintf(out->backend, sizeof out->backend, "%s", ZKA_FPGA_EMU_NAME);
  snprintf(out->name, sizeof out->name, "Emulated FPGA (HLS C, %u kernel instance%s)",
           ZKA_FPGA_EMU_CUS, ZKA_FPGA_EMU_CUS == 1 ? "" : "s");
  out->kind = ZKA_DEVICE_FPGA;
  out->memory_bytes = ZKA_FPGA_EMU_DDR_BYTES;
  out->compute_units = ZKA_FPGA_EMU_CUS;
  out->available = 1;
  return 1;
}

static void zka_fpga_emu_release(uint64_t bytes) {
  pthread_mutex_lock(&zka_fpga_emu_ddr_lock);
  zka_fpga_emu_ddr_used -= bytes;
  pthread_mutex_unlock(&zka_fpga_emu_ddr_lock);
}

static int zka_fpga_emu_alloc(void *dev, size_t bytes, void **buf, char *err, size_t err_len) {
  (void)dev;
  const uint64_t want = bytes ? (uint64_t)bytes : 1;
  pthread_mutex_lock(&zka_fpga_emu_ddr_lock);
  const uint64_t free_bytes = ZKA_FPGA_EMU_DDR_BYTES - zka_fpga_emu_ddr_used;
  const int fits = want <= free_bytes;
  if (fits) zka_fpga_emu_ddr_used += want;
  pthread_mutex_unlock(&zka_fpga_emu_ddr_lock);
  if (!fits) {
    snprintf(err, err_len,
             ZKA_FPGA_EMU_NAME ": cannot allocate %zu bytes: the emulated DDR has %llu of "
             "%llu bytes free",
             bytes, (unsigned long long)free_bytes, (unsigned long long)ZKA_FPGA_EMU_DDR_BYTES);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  zka_fpga_emu_buf *b = malloc(sizeof *b);
  unsigned char *mem = calloc(1, (size_t)want);
  if (!b || !mem) {
    free(b);
    free(mem);
    zka_fpga_emu_release(want);
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": host memory for a %zu-byte emulated buffer "
             "could not be allocated", bytes);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  b->bytes = (size_t)want;
  b->mem = mem;
  *buf = b;
  return ZKA_OK;
}

static void zka_fpga_emu_free(void *dev, void *buf) {
  (void)dev;
  zka_fpga_emu_buf *b = buf;
  if (!b) return;
  zka_fpga_emu_release(b->bytes);
  free(b->mem);
  free(b);
}

static int zka_fpga_emu_open(int index, void **dev, char *err, size_t err_len) {
  if (index != 0) {
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": no device %d (there is one, device 0)", index);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_fpga_emu_dev *d = calloc(1, sizeof *d);
  if (!d) {
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": out of host memory opening the device");
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  *dev = d;
  return ZKA_OK;
}

static void zka_fpga_emu_close(void *dev) {
  zka_fpga_emu_dev *d = dev;
  if (!d) return;
  zka_fpga_emu_free(d, d->tw);
  free(d->staging);
  free(d);
}

static int zka_fpga_emu_range(const zka_fpga_emu_buf *b, size_t offset, size_t bytes,
                              const char *what, char *err, size_t err_len) {
  if (!b || offset > b->bytes || bytes > b->bytes - offset) {
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": %s of %zu bytes at offset %zu is outside the "
             "%zu-byte buffer", what, bytes, offset, b ? b->bytes : (size_t)0);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

static int zka_fpga_emu_write(void *dev, void *buf, size_t offset, const void *src, size_t bytes,
                              char *err, size_t err_len) {
  (void)dev;
  zka_fpga_emu_buf *b = buf;
  int st = zka_fpga_emu_range(b, offset, bytes, "write", err, err_len);
  if (st != ZKA_OK) return st;
  if (bytes) memcpy(b->mem + offset, src, bytes);
  return ZKA_OK;
}

static int zka_fpga_emu_read(void *dev, const void *buf, size_t offset, void *dst, size_t bytes,
                             char *err, size_t err_len) {
  (void)dev;
  const zka_fpga_emu_buf *b = buf;
  int st = zka_fpga_emu_range(b, offset, bytes, "read", err, err_len);
  if (st != ZKA_OK) return st;
  if (bytes) memcpy(dst, b->mem + offset, bytes);
  return ZKA_OK;
}

static int zka_fpga_emu_ntt_supported(void *dev, const zka_ntt_job *job) {
  (void)dev;
  return zka_fpga_ntt_supported(job);
}

/* One kernel call: what XRT would do with xrtKernelRun(kernel, data_bo, tw_bo, scalars...)
 * and xrtRunWait, here a direct call of the top function on the emulated DDR. */
static int zka_fpga_emu_launch(void *ctx, size_t data_offset, const zka_fpga_ntt_args *a,
                               char *err, size_t err_len) {
  zka_fpga_emu_launch_ctx *c = ctx;
  unsigned char *data = c->data->mem + data_offset;
  const unsigned char *tw = c->dev->tw->mem;
  /* Buffers come from malloc and offsets are whole elements (zka_fpga_ntt_check), so the
   * word pointers are aligned, as the kernel's AXI master needs. */
  switch (c->field) {
    case ZKA_FIELD_BN254_FR:
      zka_hls_ntt_bn254_fr((zka_u64 *)(void *)data, (const zka_u64 *)(const void *)tw, a->log_n,
                           a->batch, a->direction, a->input_order, a->output_order, a->coset);
      return ZKA_OK;
    case ZKA_FIELD_BLS12_381_FR:
      zka_hls_ntt_bls12_381_fr((zka_u64 *)(void *)data, (const zka_u64 *)(const void *)tw,
                               a->log_n, a->batch, a->direction, a->input_order,
                               a->output_order, a->coset);
      return ZKA_OK;
    case ZKA_FIELD_BABYBEAR:
      zka_hls_ntt_babybear((zka_u32 *)(void *)data, (const zka_u32 *)(const void *)tw, a->log_n,
                           a->batch, a->direction, a->input_order, a->output_order, a->coset);
      return ZKA_OK;
    case ZKA_FIELD_GOLDILOCKS:
      zka_hls_ntt_goldilocks((zka_u64 *)(void *)data, (const zka_u64 *)(const void *)tw,
                             a->log_n, a->batch, a->direction, a->input_order, a->output_order,
                             a->coset);
      return ZKA_OK;
  }
  snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": no kernel for field %d", (int)c->field);
  return ZKA_ERR_UNSUPPORTED;
}

static int zka_fpga_emu_ntt(void *dev, void *buf, size_t offset, const zka_ntt_job *job,
                            char *err, size_t err_len) {
  zka_fpga_emu_dev *d = dev;
  zka_fpga_emu_buf *b = buf;
  int st = zka_fpga_ntt_check(ZKA_FPGA_EMU_NAME, job, offset, b ? b->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;

  /* The twiddle buffer: rebuilt and copied to the device only when the job's table differs
   * from the one already there (a real board pays a DMA for each). */
  const zka_fpga_ntt_key key = zka_fpga_ntt_table_key(job);
  if (!d->tw_valid || memcmp(&key, &d->tw_key, sizeof key) != 0) {
    const size_t tb = zka_fpga_ntt_table_bytes(job->field, job->log_n);
    d->tw_valid = 0;
    if (!d->tw || d->tw->bytes < tb) {
      /* Size it for the largest table once, so jobs of different sizes reuse it. */
      const size_t cap = zka_fpga_ntt_table_bytes(job->field, ZKA_HLS_NTT_MAX_LOG_N);
      void *nb;
      zka_fpga_emu_free(d, d->tw);
      d->tw = NULL;
      st = zka_fpga_emu_alloc(d, cap, &nb, err, err_len);
      if (st != ZKA_OK) return st;
      d->tw = nb;
    }
    if (d->staging_bytes < tb) {
      uint8_t *s = realloc(d->staging, tb);
      if (!s) {
        snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": out of host memory for a %zu-byte twiddle "
                 "table", tb);
        return ZKA_ERR_OUT_OF_MEMORY;
      }
      d->staging = s;
      d->staging_bytes = tb;
    }
    zka_fpga_ntt_table(d->staging, job);
    st = zka_fpga_emu_write(d, d->tw, 0, d->staging, tb, err, err_len);
    if (st != ZKA_OK) return st;
    d->tw_key = key;
    d->tw_valid = 1;
  }

  zka_fpga_emu_launch_ctx c = {d, b, job->field};
  return zka_fpga_ntt_run(job, offset, zka_fpga_emu_launch, &c, err, err_len);
}

static int zka_fpga_emu_hash_supported(void *dev, const zka_hash_job *job) {
  (void)dev;
  return zka_fpga_hash_supported(job);
}

/* A hash kernel call's context: the job's device buffers. */
typedef struct {
  zka_fpga_emu_buf *out;
  const zka_fpga_emu_buf *in;
  zka_hash_id hash;
} zka_fpga_emu_hash_ctx;

/* One hash kernel call, as xrtKernelRun(kernel, digests_bo, msgs_bo, count, len, mode) and
 * xrtRunWait would make it: the top function on the emulated DDR. */
static int zka_fpga_emu_hash_launch(void *ctx, size_t out_offset, size_t in_offset,
                                    size_t in_bytes, const zka_fpga_hash_args *a, char *err,
                                    size_t err_len) {
  zka_fpga_emu_hash_ctx *c = ctx;
  (void)in_bytes;
  /* malloc'd buffers, offsets on element boundaries (zka_fpga_hash_check): aligned words. */
  void *out = c->out->mem + out_offset;
  const void *in = c->in->mem + in_offset;
  switch (c->hash) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
      zka_hls_poseidon2_babybear16((zka_u32 *)out, (const zka_u32 *)in, a->count, a->len, a->mode);
      return ZKA_OK;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
      zka_hls_poseidon2_babybear24((zka_u32 *)out, (const zka_u32 *)in, a->count, a->len, a->mode);
      return ZKA_OK;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
      zka_hls_poseidon2_goldilocks8((zka_u64 *)out, (const zka_u64 *)in, a->count, a->len,
                                    a->mode);
      return ZKA_OK;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12:
      zka_hls_poseidon2_goldilocks12((zka_u64 *)out, (const zka_u64 *)in, a->count, a->len,
                                     a->mode);
      return ZKA_OK;
    case ZKA_HASH_SHA256:
    case ZKA_HASH_KECCAK256:
    case ZKA_HASH_POSEIDON_BN254:
      break;
  }
  snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": no kernel for hash %d", (int)c->hash);
  return ZKA_ERR_UNSUPPORTED;
}

static int zka_fpga_emu_hash(void *dev, void *out_buf, size_t out_offset, const void *in_buf,
                             size_t in_offset, const zka_hash_job *job, char *err,
                             size_t err_len) {
  (void)dev;
  zka_fpga_emu_buf *out = out_buf;
  const zka_fpga_emu_buf *in = in_buf;
  int st = zka_fpga_hash_check(ZKA_FPGA_EMU_NAME, job, out_offset, out ? out->bytes : 0,
                               in_offset, in ? in->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;
  if (job->count > 0 && (!out || !in)) {
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": hash job without a device buffer");
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_fpga_emu_hash_ctx c = {out, in, job->hash};
  return zka_fpga_hash_run(job, out_offset, in_offset, zka_fpga_emu_hash_launch, &c, err,
                           err_len);
}

static int zka_fpga_emu_msm_supported(void *dev, const zka_msm_job *job) {
  (void)dev;
  return zka_fpga_msm_supported(job, ZKA_FPGA_EMU_MSM_MAX_N);
}

/* An MSM job's context: its device buffers (points and scalars: the caller's; digits and
 * buckets: allocated for the job in the emulated DDR). */
typedef struct {
  zka_fpga_emu_dev *dev;
  const zka_fpga_emu_buf *points;
  const zka_fpga_emu_buf *scalars;
  zka_fpga_emu_buf *digits;
  zka_fpga_emu_buf *buckets;
  zka_group_id group;
} zka_fpga_emu_msm_ctx;

static int zka_fpga_emu_msm_read_scalars(void *ctx, void *dst, size_t offset, size_t bytes,
                                         char *err, size_t err_len) {
  zka_fpga_emu_msm_ctx *c = ctx;
  return zka_fpga_emu_read(c->dev, c->scalars, offset, dst, bytes, err, err_len);
}

static int zka_fpga_emu_msm_write_digits(void *ctx, const zka_u32 *src, size_t count, char *err,
                                         size_t err_len) {
  zka_fpga_emu_msm_ctx *c = ctx;
  return zka_fpga_emu_write(c->dev, c->digits, 0, src, count * sizeof *src, err, err_len);
}

static int zka_fpga_emu_msm_read_buckets(void *ctx, void *dst, size_t bytes, char *err,
                                         size_t err_len) {
  zka_fpga_emu_msm_ctx *c = ctx;
  return zka_fpga_emu_read(c->dev, c->buckets, 0, dst, bytes, err, err_len);
}

/* One MSM kernel call, as xrtKernelRun(kernel, buckets_bo, points_sub_bo, digits_bo, count,
 * window_bits, flags) and xrtRunWait would make it: the top function on the emulated DDR. */
static int zka_fpga_emu_msm_launch(void *ctx, size_t points_offset, const zka_fpga_msm_args *a,
                                   char *err, size_t err_len) {
  zka_fpga_emu_msm_ctx *c = ctx;
  /* malloc'd buffers, points offset a multiple of 8 (zka_fpga_msm_check): aligned words */
  zka_u64 *buckets = (zka_u64 *)(void *)c->buckets->mem;
  const zka_u64 *points = (const zka_u64 *)(const void *)(c->points->mem + points_offset);
  const zka_u32 *digits = (const zka_u32 *)(const void *)c->digits->mem;
  switch (c->group) {
    case ZKA_GROUP_BN254_G1:
      zka_hls_msm_bn254_g1(buckets, points, digits, a->count, a->window_bits, a->flags);
      return ZKA_OK;
    case ZKA_GROUP_BN254_G2:
      zka_hls_msm_bn254_g2(buckets, points, digits, a->count, a->window_bits, a->flags);
      return ZKA_OK;
    case ZKA_GROUP_BLS12_381_G1:
      zka_hls_msm_bls12_381_g1(buckets, points, digits, a->count, a->window_bits, a->flags);
      return ZKA_OK;
    case ZKA_GROUP_BLS12_381_G2:
      zka_hls_msm_bls12_381_g2(buckets, points, digits, a->count, a->window_bits, a->flags);
      return ZKA_OK;
  }
  snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": no MSM kernel for group %d", (int)c->group);
  return ZKA_ERR_UNSUPPORTED;
}

static int zka_fpga_emu_msm(void *dev, void *result, const void *points_buf, size_t points_offset,
                            const void *scalars_buf, size_t scalars_offset,
                            const zka_msm_job *job, char *err, size_t err_len) {
  zka_fpga_emu_dev *d = dev;
  const zka_fpga_emu_buf *points = points_buf;
  const zka_fpga_emu_buf *scalars = scalars_buf;
  int st = zka_fpga_msm_check(ZKA_FPGA_EMU_NAME, job, ZKA_FPGA_EMU_MSM_MAX_N, points_offset,
                              points ? points->bytes : 0, scalars_offset,
                              scalars ? scalars->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;
  if (job->n > 0 && (!points || !scalars)) {
    snprintf(err, err_len, ZKA_FPGA_EMU_NAME ": MSM job without a device buffer");
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_fpga_emu_msm_ctx c = {d, points, scalars, NULL, NULL, job->group};
  void *digits = NULL, *buckets = NULL;
  if (job->n > 0 && job->scalar_bits > 0) {
    st = zka_fpga_emu_alloc(d, zka_fpga_msm_digits_bytes(job->n, ZKA_FPGA_EMU_MSM_CALL), &digits, err, err_len);
    if (st == ZKA_OK)
      st = zka_fpga_emu_alloc(d, zka_fpga_msm_buckets_bytes(job->group), &buckets, err, err_len);
    if (st != ZKA_OK) {
      zka_fpga_emu_free(d, digits);
      return st;
    }
  }
  c.digits = digits;
  c.buckets = buckets;
  const zka_fpga_msm_io io = {&c, zka_fpga_emu_msm_read_scalars, zka_fpga_emu_msm_write_digits,
                              zka_fpga_emu_msm_launch, zka_fpga_emu_msm_read_buckets};
  st = zka_fpga_msm_run(ZKA_FPGA_EMU_NAME, job, points_offset, scalars_offset,
                        ZKA_FPGA_EMU_MSM_CALL, &io, result, err, err_len);
  zka_fpga_emu_free(d, digits);
  zka_fpga_emu_free(d, buckets);
  return st;
}

static const zka_backend_api zka_fpga_emu_api = {
    ZKA_BACKEND_ABI_VERSION,
    ZKA_FPGA_EMU_NAME,
    zka_fpga_emu_probe,
    zka_fpga_emu_open,
    zka_fpga_emu_close,
    zka_fpga_emu_alloc,
    zka_fpga_emu_free,
    zka_fpga_emu_write,
    zka_fpga_emu_read,
    zka_fpga_emu_ntt_supported,
    zka_fpga_emu_ntt,
    NULL, /* no host-pointer shortcut: jobs take the board's path (alloc, write, ntt, read) */
    zka_fpga_emu_hash_supported,
    zka_fpga_emu_hash,
    NULL, /* hashing too: alloc, write, hash, read */
    zka_fpga_emu_msm_supported,
    zka_fpga_emu_msm,
    NULL, /* MSM too: alloc, write, msm */
    /* ABI 4: no asynchronous queues; the scheduler runs every chunk through the blocking
     * entries above (queue_create .. host_free). */
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/** The plug-in's entry point (host/backend.h). */
ZKA_BACKEND_EXPORT const zka_backend_api *zka_backend_entry(void);
ZKA_BACKEND_EXPORT const zka_backend_api *zka_backend_entry(void) { return &zka_fpga_emu_api; }
