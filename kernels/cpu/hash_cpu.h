/* hash_cpu.h — internal: the CPU backend's batch hashing.
 *
 * zka_cpu_hash (kernels/cpu/hash_cpu.c) validates a job, splits it across the worker pool
 * and calls the per-family batch functions below on contiguous ranges.  Each per-family
 * function is single-threaded, handles any count (including 0), uses the fastest code the
 * CPU has (SHA-NI, AVX2/AVX-512 lanes) chosen at run time, and gives the same bytes as the
 * portable reference.  Message and digest layouts: include/zkaccel/hash.h. */
#ifndef ZKA_KERNELS_CPU_HASH_CPU_H
#define ZKA_KERNELS_CPU_HASH_CPU_H
#include <stddef.h>
#include <stdint.h>

#include "host/backend.h"
#include "kernels/cpu/ntt_cpu.h" /* zka_cpu_exec */

/** Run job on host memory (out: job->count digests; in: messages or digest pairs).
 *  exec may be NULL (one thread).  ZKA_ERR_INVALID_ARGUMENT with a message for a job the
 *  hash does not take (e.g. Poseidon BN254 with len 0 or > 16). */
zka_status zka_cpu_hash(void *out, const void *in, const zka_hash_job *job,
                        const zka_cpu_exec *exec, char *err, size_t err_len);

/* ---- per family (kernels/cpu/hash_bytes_cpu.c, poseidon_cpu.c, poseidon2_cpu.c) ---- */

/** count SHA-256 digests of len-byte messages stored back to back. */
void zka_cpu_sha256_batch(uint8_t *out, const uint8_t *in, size_t len, size_t count);
/** count Keccak-256 digests of len-byte messages stored back to back. */
void zka_cpu_keccak256_batch(uint8_t *out, const uint8_t *in, size_t len, size_t count);
/** count circomlib Poseidon hashes of len (1..16) BN254 Fr elements each. */
void zka_cpu_poseidon_bn254_batch(zka_bn254_fr *out, const zka_bn254_fr *in, size_t len,
                                  size_t count);
/** Poseidon2 sponge (hash.h) of count messages of len elements; h is one of the four
 *  ZKA_HASH_POSEIDON2_* ids. */
void zka_cpu_poseidon2_batch(zka_hash_id h, void *out, const void *in, size_t len, size_t count);
/** Poseidon2 two-to-one compression of count digest pairs. */
void zka_cpu_poseidon2_compress_batch(zka_hash_id h, void *out, const void *in, size_t count);

#endif
