/* hash_cpu.c — the CPU backend's batch hashing: checks the job, cuts the rows into tasks
 * for the worker pool, and calls the per-family batch functions (hash_cpu.h). */
#include <stdio.h>
#include <string.h>

#include "kernels/cpu/hash_cpu.h"

typedef struct {
  uint8_t *out;
  const uint8_t *in;
  zka_hash_job job;
  size_t in_row, out_row, rows_per_task;
} zka_cpu_hash_task;

static void zka_cpu_hash_range(const zka_cpu_hash_task *t, size_t first, size_t count) {
  uint8_t *out = t->out + first * t->out_row;
  const uint8_t *in = t->in + first * t->in_row;
  int compress = t->job.mode == ZKA_HASH_MODE_COMPRESS;
  size_t len = compress ? 0 : t->job.len;
  switch (t->job.hash) {
    case ZKA_HASH_SHA256: zka_cpu_sha256_batch(out, in, compress ? 64 : len, count); break;
    case ZKA_HASH_KECCAK256: zka_cpu_keccak256_batch(out, in, compress ? 64 : len, count); break;
    case ZKA_HASH_POSEIDON_BN254:
      zka_cpu_poseidon_bn254_batch((zka_bn254_fr *)(void *)out, (const zka_bn254_fr *)(const void *)in,
                                   compress ? 2 : len, count);
      break;
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12:
      if (compress) zka_cpu_poseidon2_compress_batch(t->job.hash, out, in, count);
      else zka_cpu_poseidon2_batch(t->job.hash, out, in, len, count);
      break;
  }
}

static void zka_cpu_hash_body(void *arg, size_t task) {
  const zka_cpu_hash_task *t = arg;
  size_t first = task * t->rows_per_task;
  size_t count = t->job.count - first < t->rows_per_task ? t->job.count - first : t->rows_per_task;
  zka_cpu_hash_range(t, first, count);
}

zka_status zka_cpu_hash(void *out, const void *in, const zka_hash_job *job, const zka_cpu_exec *exec,
                        char *err, size_t err_len) {
  size_t unit = zka_hash_unit_size(job->hash);
  if (!unit) {
    snprintf(err, err_len, "cpu: unknown hash id %d", (int)job->hash);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  int compress = job->mode == ZKA_HASH_MODE_COMPRESS;
  if (!compress && job->hash == ZKA_HASH_POSEIDON_BN254 && (job->len < 1 || job->len > 16)) {
    snprintf(err, err_len, "cpu: Poseidon (circomlib) takes 1 to 16 inputs, not %zu", job->len);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  if (job->count == 0) return ZKA_OK;
  zka_cpu_hash_task t;
  t.out = out;
  t.in = in;
  t.job = *job;
  t.out_row = zka_hash_digest_size(job->hash);
  t.in_row = compress ? 2 * t.out_row : job->len * unit;
  /* Tasks of at least ~16 KiB of input (or 64 rows) so the pool's overhead stays small,
   * and at least 4 per thread when there is enough work, for balance. */
  unsigned threads = exec && exec->parallel_for ? exec->threads : 1;
  size_t per = t.in_row ? (16384 + t.in_row - 1) / t.in_row : 64;
  if (per < 64) per = 64;
  if (job->count / per < 4u * threads && threads > 1) per = job->count / (4u * threads) + 1;
  t.rows_per_task = per;
  size_t ntasks = (job->count + per - 1) / per;
  if (threads > 1 && ntasks > 1) exec->parallel_for(exec->pool, ntasks, zka_cpu_hash_body, &t);
  else zka_cpu_hash_range(&t, 0, job->count);
  return ZKA_OK;
}
