/* backend_cpu.c — the cpu backend: always present, compiled into the library, last resort
 * of every fallback.  Buffers are host memory; the NTT is kernels/cpu/ntt_cpu.c on the
 * engine's pinned worker pool. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/engine_internal.h"
#include "host/topology.h"
#include "kernels/cpu/hash_cpu.h"
#include "kernels/cpu/msm_cpu.h"

typedef struct {
  zka_cpu_exec exec;
} zka_cpu_dev;

static int zka_cpu_probe(zka_device_info *out, int max, char *reason, size_t reason_len) {
  (void)reason;
  (void)reason_len;
  if (max < 1) return 1;
  const zka_topology_info *t = zka_topology();
  memset(out, 0, sizeof *out);
  snprintf(out->backend, sizeof out->backend, "cpu");
  int len = snprintf(out->name, sizeof out->name, "%s (%u cores, %u threads, %u NUMA node%s)",
                     t->cpu_name, t->cores, t->pus, t->numa_nodes, t->numa_nodes == 1 ? "" : "s");
  if (len >= (int)sizeof out->name) out->name[sizeof out->name - 1] = 0; /* long model name */
  out->kind = ZKA_DEVICE_CPU;
  out->memory_bytes = t->memory_bytes;
  out->compute_units = t->cores;
  out->available = 1;
  return 1;
}

static int zka_cpu_open(int index, void **dev, char *err, size_t err_len) {
  if (index != 0) {
    snprintf(err, err_len, "cpu: no device %d", index);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_cpu_dev *d = calloc(1, sizeof *d);
  if (!d) {
    snprintf(err, err_len, "cpu: out of memory");
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  d->exec.threads = 1;
  *dev = d;
  return ZKA_OK;
}

static void zka_cpu_close(void *dev) { free(dev); }

void zka_backend_cpu_set_exec(void *dev, const zka_cpu_exec *exec) {
  ((zka_cpu_dev *)dev)->exec = *exec;
}

static int zka_cpu_alloc(void *dev, size_t bytes, void **buf, char *err, size_t err_len) {
  (void)dev;
  /* 64-byte aligned (cache lines, AVX-512 loads); aligned_alloc wants a multiple of 64. */
  void *p = bytes <= SIZE_MAX - 63 ? aligned_alloc(64, ((bytes ? bytes : 1) + 63) & ~(size_t)63) : NULL;
  if (!p) {
    snprintf(err, err_len, "cpu: cannot allocate %zu bytes of host memory", bytes);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  *buf = p;
  return ZKA_OK;
}

static void zka_cpu_free(void *dev, void *buf) {
  (void)dev;
  free(buf);
}

static int zka_cpu_write(void *dev, void *buf, size_t offset, const void *src, size_t bytes,
                         char *err, size_t err_len) {
  (void)dev;
  (void)err;
  (void)err_len;
  memcpy((char *)buf + offset, src, bytes);
  return ZKA_OK;
}

static int zka_cpu_read(void *dev, const void *buf, size_t offset, void *dst, size_t bytes,
                        char *err, size_t err_len) {
  (void)dev;
  (void)err;
  (void)err_len;
  memcpy(dst, (const char *)buf + offset, bytes);
  return ZKA_OK;
}

static int zka_cpu_ntt_host(void *dev, void *data, const zka_ntt_job *job, char *err,
                            size_t err_len) {
  return zka_cpu_ntt(data, job, &((zka_cpu_dev *)dev)->exec, err, err_len);
}

static int zka_cpu_ntt_buf(void *dev, void *buf, size_t offset, const zka_ntt_job *job,
                           char *err, size_t err_len) {
  return zka_cpu_ntt_host(dev, (char *)buf + offset, job, err, err_len);
}

static int zka_cpu_hash_host(void *dev, void *out, const void *in, const zka_hash_job *job, char *err,
                             size_t err_len) {
  return zka_cpu_hash(out, in, job, &((zka_cpu_dev *)dev)->exec, err, err_len);
}

static int zka_cpu_hash_buf(void *dev, void *out_buf, size_t out_offset, const void *in_buf,
                            size_t in_offset, const zka_hash_job *job, char *err, size_t err_len) {
  return zka_cpu_hash_host(dev, (char *)out_buf + out_offset, (const char *)in_buf + in_offset, job,
                           err, err_len);
}

static int zka_cpu_msm_host(void *dev, void *result, const void *points, const uint8_t *scalars,
                            const zka_msm_job *job, char *err, size_t err_len) {
  return zka_cpu_msm(result, points, scalars, job, &((zka_cpu_dev *)dev)->exec, err, err_len);
}

static const zka_backend_api zka_cpu_api = {
    .abi_version = ZKA_BACKEND_ABI_VERSION,
    .name = "cpu",
    .probe = zka_cpu_probe,
    .open = zka_cpu_open,
    .close = zka_cpu_close,
    .alloc = zka_cpu_alloc,
    .free = zka_cpu_free,
    .write = zka_cpu_write,
    .read = zka_cpu_read,
    .ntt_supported = NULL,
    .ntt = zka_cpu_ntt_buf,
    .ntt_host = zka_cpu_ntt_host,
    .hash_supported = NULL,
    .hash = zka_cpu_hash_buf,
    .hash_host = zka_cpu_hash_host,
    .msm_supported = NULL,
    .msm = NULL, /* host memory only: the scheduler calls msm_host */
    .msm_host = zka_cpu_msm_host,
};

const zka_backend_api *zka_backend_cpu(void) { return &zka_cpu_api; }
