/* device.h — the engine: backends, devices and the scheduler that splits work across them.
 *
 * A zka_engine loads the backends (cpu always; opencl, cuda, fpga and fpga-emu as plug-ins
 * loaded at run time), lists their devices, and runs primitives (zka_ntt, later MSM and
 * hashes) on the selected ones: a job is split across devices in proportion to their
 * measured throughput, chunked to fit each device's memory, and a chunk that fails on a
 * device re-runs on the next one and finally on the CPU.  Results do not depend on which
 * devices ran them (every backend computes the same bits).
 *
 * Thread safety: a non-const zka_engine needs exclusive access (one job at a time); the
 * engine runs its own threads inside a job.
 */
#ifndef ZKACCEL_DEVICE_H
#define ZKACCEL_DEVICE_H
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a device is. */
typedef enum {
  ZKA_DEVICE_CPU = 0,
  ZKA_DEVICE_GPU = 1,
  ZKA_DEVICE_ACCELERATOR = 2, /**< another OpenCL device type */
  ZKA_DEVICE_FPGA = 3
} zka_device_kind;

/** One device of one backend, available or not. */
typedef struct {
  char backend[16];       /**< "cpu", "opencl", "cuda", "fpga", "fpga-emu" */
  char name[128];         /**< the driver's device name; "-" when the backend has none */
  zka_device_kind kind;
  uint64_t memory_bytes;  /**< device global memory (host RAM for cpu); 0 when unknown */
  uint32_t compute_units; /**< cores, SMs, compute units, kernel instances; 0 when unknown */
  int available;          /**< 1 when jobs can run on it */
  char reason[256];       /**< why not available (the loader's or driver's words); "" if available */
  char pci_bus_id[32];    /**< "DDDD:BB:DD.F" when known (host staging buffers are placed on
                               the NUMA node nearest it); "" otherwise */
} zka_device_info;

/** The fields the engine's primitives take. */
typedef enum {
  ZKA_FIELD_BN254_FR = 1,     /**< zka_bn254_fr, 32 bytes, Montgomery form */
  ZKA_FIELD_BLS12_381_FR = 2, /**< zka_bls12_381_fr, 32 bytes, Montgomery form */
  ZKA_FIELD_BABYBEAR = 3,     /**< zka_babybear, 4 bytes, Montgomery form */
  ZKA_FIELD_GOLDILOCKS = 4    /**< zka_goldilocks, 8 bytes, canonical form */
} zka_field_id;

/** Bytes of one element of f in memory (0 for an unknown id). */
ZKA_API size_t zka_field_id_element_size(zka_field_id f);
/** "bn254_fr", "bls12_381_fr", "babybear", "goldilocks"; "?" for an unknown id. */
ZKA_API const char *zka_field_id_name(zka_field_id f);
/** Parse one of the names above (also "bn254", "bls12-381", "bls12_381"); 0 on success. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_field_id_parse(const char *name, zka_field_id *out);

typedef struct zka_engine zka_engine;

/** Engine options; start from zka_engine_options_default(). */
typedef struct {
  /** Comma-separated backends to use ("cpu,opencl"); NULL: $ZKACCEL_BACKENDS, and when that
   *  is unset, every available backend except the fpga-emu emulator and OpenCL devices of
   *  CPU type (PoCL: they share the cpu backend's cores, so a share for them slows a job
   *  down).  "all": every available backend, those included.  The CPU is always the last-resort
   *  fallback (unless strict). */
  const char *backends;
  /** 1: a requested backend that has no available device, or a device that fails during a
   *  job, is an error (ZKA_ERR_DEVICE) instead of a fallback to the next device.  Also set
   *  by the environment variable ZKACCEL_STRICT=1. */
  int strict;
  /** 1: do not print fallback messages on stderr (they are still in the job report). */
  int quiet;
  /** CPU worker threads; 0: one per physical core (hwloc). */
  unsigned cpu_threads;
  /** Directory of the calibration cache; NULL: $ZKACCEL_CACHE_DIR, else
   *  $XDG_CACHE_HOME/zkaccel, else $HOME/.cache/zkaccel. */
  const char *cache_dir;
} zka_engine_options;

ZKA_API zka_engine_options zka_engine_options_default(void);

/** Load the backends, probe their devices and open the selected available ones.
 *  ZKA_ERR_INVALID_ARGUMENT for an unknown backend name; ZKA_ERR_DEVICE when strict and a
 *  requested backend has no available device; ZKA_ERR_OUT_OF_MEMORY. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_engine_create(zka_engine **out,
                                                            const zka_engine_options *opt,
                                                            zka_ctx *ctx);
/** NULL is allowed. */
ZKA_API void zka_engine_destroy(zka_engine *e);

/** Every device of every known backend, available or not, selected or not. */
ZKA_API size_t zka_engine_device_count(const zka_engine *e);
/** Device i's description (i < zka_engine_device_count). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_engine_device_info(const zka_engine *e, size_t i,
                                                                 zka_device_info *out);
/** 1 when device i is available and selected for jobs. */
ZKA_API int zka_engine_device_selected(const zka_engine *e, size_t i);

/** Re-measure every selected device's throughput (per field, a short NTT) and rewrite the
 *  cache.  Jobs otherwise use the cached figures, measuring what is missing on first need. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_engine_calibrate(zka_engine *e, zka_ctx *ctx);

/** What the last job did. */
typedef struct {
  uint32_t chunks;         /**< pieces the job was split into */
  uint32_t fallbacks;      /**< chunks that failed on a device and re-ran on another */
  double seconds;          /**< wall time of the job */
  char devices[256];       /**< "cpu:0=3 opencl:0=1": chunks run per device */
  char fallback_log[1024]; /**< one line per fallback: device, chunk, error, where it re-ran */
} zka_job_report;

/** The report of the last job run by e (zeros before the first). */
ZKA_API void zka_engine_last_report(const zka_engine *e, zka_job_report *out);

/* ---- device-resident buffers (the second tier: chain kernels without round trips) ---- */

typedef struct zka_buffer zka_buffer;

/** Allocate bytes on device i (an available, selected device).  ZKA_ERR_OUT_OF_MEMORY when
 *  the device cannot hold it, ZKA_ERR_INVALID_ARGUMENT for a bad index. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_buffer_create(zka_buffer **out, zka_engine *e,
                                                            size_t device, size_t bytes,
                                                            zka_ctx *ctx);
/** NULL is allowed.  Buffers must be destroyed before their engine. */
ZKA_API void zka_buffer_destroy(zka_buffer *b);
ZKA_API size_t zka_buffer_size(const zka_buffer *b);
/** Copy host memory into [offset, offset + bytes) of the buffer. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_buffer_write(zka_buffer *b, size_t offset,
                                                           const void *src, size_t bytes,
                                                           zka_ctx *ctx);
/** Copy [offset, offset + bytes) of the buffer to host memory. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_buffer_read(const zka_buffer *b, size_t offset,
                                                          void *dst, size_t bytes, zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
