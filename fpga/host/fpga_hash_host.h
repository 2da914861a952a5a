/* fpga_hash_host.h — the host side of the HLS Poseidon2 kernels (fpga/hls/poseidon2/), shared
 * by the two FPGA plug-ins (backend_fpga_emu.c: the emulated board; backend_xrt.c: a real
 * board through XRT): which hash jobs the kernels take, job checks against device buffers,
 * the kernel's scalar arguments, and the split of a job into calls of at most
 * ZKA_HLS_POSEIDON2_MAX_BATCH messages.  Header-only (static functions), host C only; never
 * calls libzkaccel (host/backend.h).
 *
 * Only the four Poseidon2 instances have kernels.  SHA-256, Keccak-256 and Poseidon BN254
 * are reported unsupported (hash_supported = 0), so the scheduler runs those jobs on another
 * device (the CPU at least): byte hashes suit the CPU's SHA-NI/AVX2 paths better than an
 * HLS pipeline, and BN254 Poseidon's 254-bit S-boxes would need a kernel of their own.
 */
#ifndef ZKA_FPGA_HASH_HOST_H
#define ZKA_FPGA_HASH_HOST_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fpga/hls/poseidon2/poseidon2_kernel.h"
#include "host/backend.h"

/** The kernel's scalar arguments for one call, in the top function's argument order (after
 *  the digests and messages pointers). */
typedef struct {
  zka_u32 count;
  zka_u32 len;
  zka_u32 mode;
} zka_fpga_hash_args;

/** Start one kernel call: digests at byte out_offset of the job's output buffer, messages at
 *  byte in_offset of its input buffer (in_bytes of them: 0 for empty messages), and wait
 *  for it.  Returns a zka_status, with a message in err on failure. */
typedef int (*zka_fpga_hash_launch_fn)(void *ctx, size_t out_offset, size_t in_offset,
                                       size_t in_bytes, const zka_fpga_hash_args *args,
                                       char *err, size_t err_len);

/** The kernel (top function, and .xclbin kernel) name for h; NULL when there is none. */
static inline const char *zka_fpga_hash_kernel_name(zka_hash_id h) {
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
      return "zka_hls_poseidon2_babybear16";
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
      return "zka_hls_poseidon2_babybear24";
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
      return "zka_hls_poseidon2_goldilocks8";
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12:
      return "zka_hls_poseidon2_goldilocks12";
    case ZKA_HASH_SHA256:
    case ZKA_HASH_KECCAK256:
    case ZKA_HASH_POSEIDON_BN254:
      break;
  }
  return NULL;
}

/** Bytes of one element (= one kernel memory word) of h's kernel; 0 without a kernel. */
static inline size_t zka_fpga_hash_unit_size(zka_hash_id h) {
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
      return 4;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12:
      return 8;
    case ZKA_HASH_SHA256:
    case ZKA_HASH_KECCAK256:
    case ZKA_HASH_POSEIDON_BN254:
      break;
  }
  return 0;
}

/** Digest elements of h's kernel (0 without a kernel); digests are 32 bytes either way. */
static inline size_t zka_fpga_hash_digest_elements(zka_hash_id h) {
  const size_t unit = zka_fpga_hash_unit_size(h);
  return unit == 4   ? ZKA_HLS_POSEIDON2_BABYBEAR_DIGEST
         : unit == 8 ? ZKA_HLS_POSEIDON2_GOLDILOCKS_DIGEST
                     : 0;
}

/** Elements of one kernel input item: len for the sponge, 2 * digest for compression. */
static inline size_t zka_fpga_hash_item_elements(const zka_hash_job *job) {
  return job->mode == ZKA_HASH_MODE_COMPRESS ? 2 * zka_fpga_hash_digest_elements(job->hash)
                                             : job->len;
}

/** 1 when the kernels run this job: a Poseidon2 id, a known mode, and (sponge) a length that
 *  fits the kernel's 32-bit len register.  Any count (the host splits it into calls). */
static inline int zka_fpga_hash_supported(const zka_hash_job *job) {
  if (!job || !zka_fpga_hash_kernel_name(job->hash)) return 0;
  if (job->mode == ZKA_HASH_MODE_COMPRESS) return 1;
  return job->mode == ZKA_HASH_MODE_SPONGE && (uint64_t)job->len <= UINT32_MAX;
}

/** Check a job against the kernels and the device buffers (out_bytes, in_bytes): offsets on
 *  element boundaries (the kernels' AXI masters read whole words) and extents inside the
 *  buffers.  ZKA_ERR_UNSUPPORTED or ZKA_ERR_INVALID_ARGUMENT with a message naming `who`. */
static inline int zka_fpga_hash_check(const char *who, const zka_hash_job *job, size_t out_offset,
                                      size_t out_bytes, size_t in_offset, size_t in_bytes,
                                      char *err, size_t err_len) {
  if (!zka_fpga_hash_supported(job)) {
    snprintf(err, err_len, "%s: hash %d (mode %d, len %zu) is not supported (the HLS kernels "
             "take Poseidon2 BabyBear-16/24 and Goldilocks-8/12, sponge len < 2^32 or "
             "compress)", who, job ? (int)job->hash : -1, job ? (int)job->mode : -1,
             job ? job->len : (size_t)0);
    return ZKA_ERR_UNSUPPORTED;
  }
  const size_t unit = zka_fpga_hash_unit_size(job->hash);
  const size_t digest = unit * zka_fpga_hash_digest_elements(job->hash);
  const size_t item = zka_fpga_hash_item_elements(job);
  const int fits =
      out_offset % unit == 0 && in_offset % unit == 0 && out_offset <= out_bytes &&
      in_offset <= in_bytes && job->count <= (out_bytes - out_offset) / digest &&
      (item == 0 || (job->count <= SIZE_MAX / item / unit &&
                     job->count * item * unit <= in_bytes - in_offset));
  if (!fits) {
    snprintf(err, err_len, "%s: %zu %s of %zu elements: input at offset %zu of a %zu-byte "
             "buffer, digests at offset %zu of a %zu-byte buffer do not fit (or an offset is "
             "not a multiple of the %zu-byte element)", who, job->count,
             job->mode == ZKA_HASH_MODE_COMPRESS ? "compressions" : "messages", item, in_offset,
             in_bytes, out_offset, out_bytes, unit);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

/** Run a checked job as kernel calls of at most ZKA_HLS_POSEIDON2_MAX_BATCH messages each:
 *  call k covers messages [k*MAX, ...), input at in_offset + k*MAX*item bytes, digests at
 *  out_offset + k*MAX*32.  count 0 makes no call.  Stops at the first failing call. */
static inline int zka_fpga_hash_run(const zka_hash_job *job, size_t out_offset, size_t in_offset,
                                    zka_fpga_hash_launch_fn launch, void *ctx, char *err,
                                    size_t err_len) {
  const size_t unit = zka_fpga_hash_unit_size(job->hash);
  const size_t digest = unit * zka_fpga_hash_digest_elements(job->hash);
  const size_t item = zka_fpga_hash_item_elements(job) * unit;
  for (size_t first = 0; first < job->count; first += ZKA_HLS_POSEIDON2_MAX_BATCH) {
    const size_t left = job->count - first;
    zka_fpga_hash_args a;
    a.count = (zka_u32)(left < ZKA_HLS_POSEIDON2_MAX_BATCH ? left : ZKA_HLS_POSEIDON2_MAX_BATCH);
    a.len = job->mode == ZKA_HASH_MODE_COMPRESS ? 0u : (zka_u32)job->len;
    a.mode = job->mode == ZKA_HASH_MODE_COMPRESS ? ZKA_HLS_POSEIDON2_COMPRESS
                                                 : ZKA_HLS_POSEIDON2_SPONGE;
    int st = launch(ctx, out_offset + first * digest, in_offset + first * item,
                    (size_t)a.count * item, &a, err, err_len);
    if (st != ZKA_OK) return st;
  }
  return ZKA_OK;
}

#endif
