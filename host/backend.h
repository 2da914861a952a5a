/* backend.h — internal: the one interface every backend implements (cpu, opencl, cuda,
 * fpga, fpga-emu), and the job descriptions the scheduler hands them.
 *
 * The cpu backend is compiled into the library.  The others are shared objects
 * (libzkaccel_backend_<name>.so, CMake MODULE targets written to <build>/lib/zkaccel/ and
 * installed to <libdir>/zkaccel/) that the loader (host/registry.c) opens with dlopen, so
 * one build runs on machines with and without CUDA, an OpenCL ICD or XRT.  A plug-in
 * exports one symbol, ZKA_BACKEND_ENTRY_SYMBOL, returning its table.  A plug-in must not
 * call into libzkaccel (it may be loaded by a static build): it uses the header-only
 * portable arithmetic (core/field/fields_portable.h, small_fields_portable.h) instead.
 *
 * Conventions for every function pointer:
 *   - the return value is a zka_status (as int: ZKA_OK = 0);
 *   - on failure, a message for the user (driver call and the driver's words) is written,
 *     NUL-terminated, to err[0..err_len) — never more;
 *   - `dev` is the handle returned by open(); calls on one handle are never concurrent
 *     (the scheduler runs one host thread per device), calls on different handles may be.
 *
 * Asynchronous queues (ABI 4, optional): a backend that fills queue_create, queue_destroy,
 * queue_sync, write_async, read_async and at least one of ntt_async / hash_async lets the
 * scheduler double-buffer a device's chunks (host/sched_core.c): with two queues, chunk
 * k+1 is uploaded and chunk k-1 downloaded while chunk k computes.  Semantics:
 *   - a queue is in order: what is enqueued on one queue runs in the order it was enqueued;
 *     different queues of one device may run concurrently, and are ordered only by
 *     queue_sync on the host.  The blocking entries (write, ntt, msm, ...) run on the
 *     device's own queue and do not wait for the async queues;
 *   - an _async call only enqueues: host memory passed to it must stay valid and unchanged
 *     (src) or untouched (dst) until queue_sync on that queue returns;
 *   - an error may be reported by the _async call itself or only by the next queue_sync;
 *     either way every operation enqueued since the previous queue_sync is then suspect;
 *   - a backend that leaves these NULL keeps working through the blocking entries.
 */
#ifndef ZKA_HOST_BACKEND_H
#define ZKA_HOST_BACKEND_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/device.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"
#include "zkaccel/ntt.h"
#include "zkaccel/status.h"

#define ZKA_BACKEND_ABI_VERSION 4u
#define ZKA_BACKEND_ENTRY_SYMBOL "zka_backend_entry"

/** One NTT job, as the scheduler hands it to a backend: `batch` transforms of 2^log_n
 *  elements, stored one after another, transformed in place (semantics in ntt.h). */
typedef struct {
  zka_field_id field;
  uint32_t log_n;
  size_t batch;
  zka_ntt_direction direction;
  zka_ntt_order input_order;
  zka_ntt_order output_order;
  int coset;                /**< 1: use coset_shift */
  union {                  /* the union only aligns the bytes for element casts */
    uint8_t coset_shift[32]; /**< the shift s in the field's in-memory form (first
                                  zka_field_id_element_size bytes); never zero */
    uint64_t coset_shift_words_[4];
  };
} zka_ntt_job;

/** Batch hashing (hash.h): `count` messages of `len` units each, stored one after
 *  another, into `count` digests; or, in COMPRESS mode, `count` two-to-one compressions of
 *  the digest pairs (in[2i], in[2i+1]) (len is ignored). */
typedef enum { ZKA_HASH_MODE_SPONGE = 0, ZKA_HASH_MODE_COMPRESS = 1 } zka_hash_mode;
typedef struct {
  zka_hash_id hash;
  zka_hash_mode mode;
  size_t len;   /**< units per message (bytes or field elements); SPONGE only */
  size_t count; /**< messages (or compressions) */
} zka_hash_job;

/** One MSM job: result (Jacobian, zka_<G>_jacobian) = sum of scalars[i] * points[i] for
 *  i < n.  Points: affine (curve.h layout, infinity = (0, 0)), in the subgroup.  Scalars:
 *  32-byte little-endian, already reduced below r, and below 2^scalar_bits (scalar_bits <=
 *  256: plans with precomputation pass short scalars). */
typedef struct {
  zka_group_id group;
  size_t n;
  unsigned scalar_bits;
} zka_msm_job;

/** A backend's table of operations.  Entries a backend does not implement are NULL (the
 *  scheduler then runs that work elsewhere). */
typedef struct zka_backend_api {
  uint32_t abi_version; /**< ZKA_BACKEND_ABI_VERSION */
  const char *name;     /**< "opencl", ... (the name users type) */

  /** List up to max devices in out[].  Returns the number of devices (>= 0); unavailable
   *  ones are listed with available = 0 and a reason.  When the backend has no device at
   *  all (no driver, no platform) return 0 and put the reason in reason[]. */
  int (*probe)(zka_device_info *out, int max, char *reason, size_t reason_len);

  /** Open device `index` (as listed by probe) into *dev. */
  int (*open)(int index, void **dev, char *err, size_t err_len);
  void (*close)(void *dev);

  /** Device memory: allocate, free, copy in and out (blocking). */
  int (*alloc)(void *dev, size_t bytes, void **buf, char *err, size_t err_len);
  void (*free)(void *dev, void *buf);
  int (*write)(void *dev, void *buf, size_t offset, const void *src, size_t bytes, char *err,
               size_t err_len);
  int (*read)(void *dev, const void *buf, size_t offset, void *dst, size_t bytes, char *err,
              size_t err_len);

  /** Whether this device runs this job shape (field, log_n); 1 or 0.  The scheduler sends
   *  a job a device cannot run elsewhere.  May be NULL (= runs every job). */
  int (*ntt_supported)(void *dev, const zka_ntt_job *job);
  /** Run job on the device buffer buf, starting at byte `offset`; blocks until done. */
  int (*ntt)(void *dev, void *buf, size_t offset, const zka_ntt_job *job, char *err,
             size_t err_len);

  /** Host-pointer shortcut: run the job on host memory directly (the cpu backend; a device
   *  that shares host memory).  May be NULL; the scheduler then copies through alloc/write/
   *  ntt/read. */
  int (*ntt_host)(void *dev, void *data, const zka_ntt_job *job, char *err, size_t err_len);

  /* ---- ABI 2: hashing ---- */
  /** Whether this device runs this hash job; NULL with hash != NULL: every job. */
  int (*hash_supported)(void *dev, const zka_hash_job *job);
  /** Device buffers: messages at in_buf + in_offset, digests to out_buf + out_offset. */
  int (*hash)(void *dev, void *out_buf, size_t out_offset, const void *in_buf, size_t in_offset,
              const zka_hash_job *job, char *err, size_t err_len);
  /** Host-pointer shortcut (the cpu backend); may be NULL. */
  int (*hash_host)(void *dev, void *out, const void *in, const zka_hash_job *job, char *err,
                   size_t err_len);

  /* ---- ABI 3: MSM ---- */
  /** Whether this device runs this MSM job; NULL with msm != NULL: every job. */
  int (*msm_supported)(void *dev, const zka_msm_job *job);
  /** Device buffers: points at points_buf + points_offset, scalars at scalars_buf +
   *  scalars_offset; the Jacobian result is written to host memory `result`. */
  int (*msm)(void *dev, void *result, const void *points_buf, size_t points_offset,
             const void *scalars_buf, size_t scalars_offset, const zka_msm_job *job, char *err,
             size_t err_len);
  /** Host-pointer shortcut (the cpu backend); may be NULL. */
  int (*msm_host)(void *dev, void *result, const void *points, const uint8_t *scalars,
                  const zka_msm_job *job, char *err, size_t err_len);

  /* ---- ABI 4: asynchronous queues (every entry may be NULL: see the top of this file) ---- */
  /** Create an in-order queue (stream) on dev into *queue. */
  int (*queue_create)(void *dev, void **queue, char *err, size_t err_len);
  /** Destroy a queue: waits for what it still runs; errors are dropped (sync first). */
  void (*queue_destroy)(void *dev, void *queue);
  /** Wait until everything enqueued on queue has finished; the first error since the last
   *  queue_sync, if any, is returned here. */
  int (*queue_sync)(void *dev, void *queue, char *err, size_t err_len);
  /** Enqueue a copy of bytes from host src to buf + offset. */
  int (*write_async)(void *dev, void *queue, void *buf, size_t offset, const void *src,
                     size_t bytes, char *err, size_t err_len);
  /** Enqueue a copy of bytes from buf + offset to host dst. */
  int (*read_async)(void *dev, void *queue, const void *buf, size_t offset, void *dst,
                    size_t bytes, char *err, size_t err_len);
  /** Enqueue the NTT job on buf + offset (as ntt, without waiting). */
  int (*ntt_async)(void *dev, void *queue, void *buf, size_t offset, const zka_ntt_job *job,
                   char *err, size_t err_len);
  /** Enqueue the hash job (as hash, without waiting). */
  int (*hash_async)(void *dev, void *queue, void *out_buf, size_t out_offset, const void *in_buf,
                    size_t in_offset, const zka_hash_job *job, char *err, size_t err_len);
  /** Page-locked host memory for staging (DMA without a bounce copy); may be NULL (the
   *  scheduler then uses ordinary memory).  host_free takes what host_alloc returned. */
  int (*host_alloc)(void *dev, size_t bytes, void **ptr, char *err, size_t err_len);
  void (*host_free)(void *dev, void *ptr);
} zka_backend_api;

typedef const zka_backend_api *(*zka_backend_entry_fn)(void);

#if defined(__GNUC__)
#define ZKA_BACKEND_EXPORT __attribute__((visibility("default")))
#else
#define ZKA_BACKEND_EXPORT
#endif

#endif
