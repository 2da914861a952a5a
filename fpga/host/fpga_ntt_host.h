/* fpga_ntt_host.h — the host side of the HLS NTT kernels, shared by the two FPGA plug-ins
 * (backend_fpga_emu.c: the emulated board; backend_xrt.c: a real board through XRT): job
 * checks, the twiddle buffer the kernels read (layout in fpga/hls/ntt/ntt_kernel.h), the
 * kernel's scalar arguments, and the split of a job into calls of at most
 * ZKA_HLS_NTT_MAX_BATCH transforms.  Header-only (static functions), host C only; uses the
 * portable arithmetic of core/field/, never libzkaccel (host/backend.h).
 */
#ifndef ZKA_FPGA_NTT_HOST_H
#define ZKA_FPGA_NTT_HOST_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fpga/hls/ntt/ntt_kernel.h"
#include "host/backend.h"

/** The kernel's scalar arguments for one call, in the top function's argument order (after
 *  the data and twiddle pointers). */
typedef struct {
  zka_u32 log_n;
  zka_u32 batch;
  zka_u32 direction;
  zka_u32 input_order;
  zka_u32 output_order;
  zka_u32 coset;
} zka_fpga_ntt_args;

/** Start one kernel call on `batch` transforms at byte `data_offset` of the job's device
 *  buffer and wait for it; the plug-in binds the data and twiddle buffers.  Returns a
 *  zka_status, with a message in err on failure. */
typedef int (*zka_fpga_ntt_launch_fn)(void *ctx, size_t data_offset, const zka_fpga_ntt_args *args,
                                      char *err, size_t err_len);

/** What a twiddle buffer was computed for: a plug-in keeps the last one on the device and
 *  rebuilds it only when this changes.  Compare with memcmp (built by zka_fpga_ntt_table_key,
 *  which zeroes the padding). */
typedef struct {
  uint32_t field;
  uint32_t log_n;
  uint32_t direction;
  uint32_t coset;
  uint8_t shift[32];
} zka_fpga_ntt_key;

/** Bytes of one element of f (0 for a field the kernels do not have). */
static inline size_t zka_fpga_ntt_element_size(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR:
      return 8 * ZKA_HLS_NTT_WORDS_BN254_FR;
    case ZKA_FIELD_BLS12_381_FR:
      return 8 * ZKA_HLS_NTT_WORDS_BLS12_381_FR;
    case ZKA_FIELD_BABYBEAR:
      return 4 * ZKA_HLS_NTT_WORDS_BABYBEAR;
    case ZKA_FIELD_GOLDILOCKS:
      return 8 * ZKA_HLS_NTT_WORDS_GOLDILOCKS;
  }
  return 0;
}

/** The kernel (top function, and .xclbin kernel) name for f; NULL for an unknown field. */
static inline const char *zka_fpga_ntt_kernel_name(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR:
      return "zka_hls_ntt_bn254_fr";
    case ZKA_FIELD_BLS12_381_FR:
      return "zka_hls_ntt_bls12_381_fr";
    case ZKA_FIELD_BABYBEAR:
      return "zka_hls_ntt_babybear";
    case ZKA_FIELD_GOLDILOCKS:
      return "zka_hls_ntt_goldilocks";
  }
  return NULL;
}

/** 1 when the kernels run this job shape: a known field and 1 <= log_n <=
 *  ZKA_HLS_NTT_MAX_LOG_N (the on-chip buffer size; every field's two-adicity is larger). */
static inline int zka_fpga_ntt_supported(const zka_ntt_job *job) {
  return job && zka_fpga_ntt_element_size(job->field) != 0 && job->log_n >= 1 &&
         job->log_n <= ZKA_HLS_NTT_MAX_LOG_N;
}

/** Check a job against the kernels and a device buffer of buf_bytes (offset and extent);
 *  ZKA_ERR_UNSUPPORTED or ZKA_ERR_INVALID_ARGUMENT with a message naming `who`. */
static inline int zka_fpga_ntt_check(const char *who, const zka_ntt_job *job, size_t offset,
                                     size_t buf_bytes, char *err, size_t err_len) {
  if (!zka_fpga_ntt_supported(job)) {
    snprintf(err, err_len, "%s: NTT of field %d, log_n %u is not supported (the HLS kernels "
             "take log_n 1..%d of bn254_fr, bls12_381_fr, babybear, goldilocks)", who,
             job ? (int)job->field : -1, job ? job->log_n : 0u, ZKA_HLS_NTT_MAX_LOG_N);
    return ZKA_ERR_UNSUPPORTED;
  }
  const size_t es = zka_fpga_ntt_element_size(job->field);
  const size_t row = ((size_t)1 << job->log_n) * es;
  if (job->batch == 0 || job->batch > SIZE_MAX / row || offset % es != 0 ||
      offset > buf_bytes || job->batch * row > buf_bytes - offset) {
    snprintf(err, err_len, "%s: NTT of %zu x 2^%u elements at offset %zu does not fit a "
             "%zu-byte device buffer (or the offset is not a multiple of the %zu-byte element)",
             who, job->batch, job->log_n, offset, buf_bytes, es);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

/** The key of job's twiddle buffer. */
static inline zka_fpga_ntt_key zka_fpga_ntt_table_key(const zka_ntt_job *job) {
  zka_fpga_ntt_key k;
  memset(&k, 0, sizeof k);
  k.field = (uint32_t)job->field;
  k.log_n = job->log_n;
  k.direction = (uint32_t)job->direction;
  k.coset = job->coset ? 1u : 0u;
  if (job->coset) memcpy(k.shift, job->coset_shift, zka_fpga_ntt_element_size(job->field));
  return k;
}

/** Bytes of the twiddle buffer for (field, log_n). */
static inline size_t zka_fpga_ntt_table_bytes(zka_field_id f, uint32_t log_n) {
  return (size_t)ZKA_HLS_NTT_TABLE_ELEMENTS(log_n) * zka_fpga_ntt_element_size(f);
}

/* One table builder per field: omega = ROOT_OF_UNITY squared (two-adicity - log_n) times
 * (the definition of zka_<field>_root_of_unity), inverted for the inverse; then scale,
 * coset factor and the n/2 powers, written in the in-memory form (ntt_kernel.h). */
#define ZKA_FPGA_NTT_TABLE_FN(F, ROOT_EXPR, TWO_ADICITY, FROM_U64)                          \
  static inline void zka_fpga_ntt_table_##F(uint8_t *out, uint32_t log_n, int inverse,      \
                                            int coset, const uint8_t *shift_bytes) {       \
    const size_t es = sizeof(zka_##F);                                                      \
    zka_##F w = ROOT_EXPR;                                                                  \
    for (uint32_t i = log_n; i < (TWO_ADICITY); i++) w = zka_##F##_sqr_ref(w);              \
    zka_##F scale = zka_##F##_one_ref(), s = zka_##F##_one_ref();                           \
    if (coset) memcpy(&s, shift_bytes, es);                                                 \
    if (inverse) {                                                                          \
      w = zka_##F##_inv_ref(w);                                                             \
      s = zka_##F##_inv_ref(s);                                                             \
      scale = zka_##F##_inv_ref(FROM_U64((zka_u64)1 << log_n));                             \
    }                                                                                       \
    memcpy(out, &scale, es);                                                                \
    memcpy(out + es, &s, es);                                                               \
    zka_##F p = zka_##F##_one_ref();                                                        \
    for (size_t k = 0; k < ((size_t)1 << log_n) / 2; k++) {                                 \
      memcpy(out + (2 + k) * es, &p, es);                                                   \
      p = zka_##F##_mul_ref(p, w);                                                          \
    }                                                                                       \
  }

static inline zka_bn254_fr zka_fpga_ntt_bn254_fr_from_u64(zka_u64 v) {
  zka_bn254_fr x = zka_bn254_fr_zero_ref();
  x.l[0] = v;
  return zka_bn254_fr_to_mont_ref(x);
}
static inline zka_bls12_381_fr zka_fpga_ntt_bls12_381_fr_from_u64(zka_u64 v) {
  zka_bls12_381_fr x = zka_bls12_381_fr_zero_ref();
  x.l[0] = v;
  return zka_bls12_381_fr_to_mont_ref(x);
}

ZKA_FPGA_NTT_TABLE_FN(bn254_fr, ((zka_bn254_fr){{ZKA_BN254_FR_ROOT_OF_UNITY}}),
                      ZKA_BN254_FR_TWO_ADICITY, zka_fpga_ntt_bn254_fr_from_u64)
ZKA_FPGA_NTT_TABLE_FN(bls12_381_fr, ((zka_bls12_381_fr){{ZKA_BLS12_381_FR_ROOT_OF_UNITY}}),
                      ZKA_BLS12_381_FR_TWO_ADICITY, zka_fpga_ntt_bls12_381_fr_from_u64)
ZKA_FPGA_NTT_TABLE_FN(babybear, zka_babybear_make_ref(ZKA_BABYBEAR_ROOT_OF_UNITY),
                      ZKA_BABYBEAR_TWO_ADICITY, zka_babybear_from_u64_ref)
ZKA_FPGA_NTT_TABLE_FN(goldilocks, zka_goldilocks_make_ref(ZKA_GOLDILOCKS_ROOT_OF_UNITY),
                      ZKA_GOLDILOCKS_TWO_ADICITY, zka_goldilocks_from_u64_ref)

/** Write job's twiddle buffer (zka_fpga_ntt_table_bytes bytes) to out.  The job must be
 *  supported (zka_fpga_ntt_supported). */
static inline void zka_fpga_ntt_table(uint8_t *out, const zka_ntt_job *job) {
  const int inv = job->direction == ZKA_NTT_INVERSE, coset = job->coset != 0;
  switch (job->field) {
    case ZKA_FIELD_BN254_FR:
      zka_fpga_ntt_table_bn254_fr(out, job->log_n, inv, coset, job->coset_shift);
      break;
    case ZKA_FIELD_BLS12_381_FR:
      zka_fpga_ntt_table_bls12_381_fr(out, job->log_n, inv, coset, job->coset_shift);
      break;
    case ZKA_FIELD_BABYBEAR:
      zka_fpga_ntt_table_babybear(out, job->log_n, inv, coset, job->coset_shift);
      break;
    case ZKA_FIELD_GOLDILOCKS:
      zka_fpga_ntt_table_goldilocks(out, job->log_n, inv, coset, job->coset_shift);
      break;
  }
}

/** Run job as kernel calls of at most ZKA_HLS_NTT_MAX_BATCH transforms each: call i covers
 *  transforms [i*MAX, ...) at byte offset + i*MAX*row.  The twiddle buffer must already hold
 *  zka_fpga_ntt_table(job).  Stops at the first failing call. */
static inline int zka_fpga_ntt_run(const zka_ntt_job *job, size_t offset,
                                   zka_fpga_ntt_launch_fn launch, void *ctx, char *err,
                                   size_t err_len) {
  const size_t row = ((size_t)1 << job->log_n) * zka_fpga_ntt_element_size(job->field);
  for (size_t first = 0; first < job->batch; first += ZKA_HLS_NTT_MAX_BATCH) {
    const size_t left = job->batch - first;
    zka_fpga_ntt_args a;
    a.log_n = job->log_n;
    a.batch = (zka_u32)(left < ZKA_HLS_NTT_MAX_BATCH ? left : ZKA_HLS_NTT_MAX_BATCH);
    a.direction = job->direction == ZKA_NTT_INVERSE ? 1u : 0u;
    a.input_order = job->input_order == ZKA_ORDER_BITREV ? 1u : 0u;
    a.output_order = job->output_order == ZKA_ORDER_BITREV ? 1u : 0u;
    a.coset = job->coset ? 1u : 0u;
    int st = launch(ctx, offset + first * row, &a, err, err_len);
    if (st != ZKA_OK) return st;
  }
  return ZKA_OK;
}

#endif
