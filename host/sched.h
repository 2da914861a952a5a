/* sched.h — internal: the scheduler's core, shared by every primitive (NTT, hashing, ...).
 *
 * A primitive describes its job as `rows` independent rows (transforms, messages) with a
 * zka_sched_work; zka_sched_run splits the rows across the selected devices in proportion
 * to their measured rate for that kind of work (cost key), drops devices whose launch and
 * copy overhead does not pay, cuts each share into chunks that fit half the device's
 * memory, runs one host thread per device, re-runs failed chunks on the next device and
 * finally the CPU (unless strict), and writes the engine's job report.
 *
 * Copy/compute overlap: a device whose backend has the asynchronous queues of ABI 4
 * (backend.h) and whose share has two chunks or more runs them double-buffered: two device
 * buffers, two in-order queues, chunk k+1 uploaded and chunk k-1 downloaded while chunk k
 * computes (chunks then fit a quarter of the device's memory, not half).  A chunk that
 * fails there re-runs elsewhere after the device's pipeline has drained, as on the
 * blocking path.
 *
 * Testing hooks (environment):
 *   ZKA_INJECT_FAULTS="opencl:0,2;fpga-emu:*"  the named backend fails its first attempt at
 *                                               the listed chunk numbers (or all: *)
 *   ZKA_SCHED_CHUNK_ROWS=k                      at most k rows per chunk
 *   ZKA_SCHED_EQUAL_SPLIT=1                     split rows evenly, ignoring throughput
 *   ZKA_SCHED_ASYNC=0                           never double-buffer: every chunk through
 *                                               the blocking write/compute/read (for
 *                                               comparisons and debugging)
 */
#ifndef ZKA_HOST_SCHED_H
#define ZKA_HOST_SCHED_H
#include <stddef.h>
#include <stdint.h>

#include "host/engine_internal.h"

typedef struct zka_sched_work zka_sched_work;
struct zka_sched_work {
  int cost_key;          /**< zka_cost_key_*: which measured rate applies */
  size_t rows;           /**< independent rows (>= 1) */
  double work_per_row;   /**< cost-model units per row (the rate's units) */
  size_t in_row_bytes;   /**< input bytes per row */
  size_t out_row_bytes;  /**< output bytes per row; 0: in place (output overwrites input) */
  const uint8_t *in;     /**< host input rows */
  uint8_t *out;          /**< host output rows (== in when in place) */
  const void *job;       /**< the primitive's job description (zka_ntt_job, zka_hash_job) */
  /** Whether device dv runs this work at all (shape, support). */
  int (*supported)(const zka_engine_device *dv, const zka_sched_work *w);
  /** Run rows [first, first+count) from host memory, if the device has a host path (the
   *  cpu); return -1 (as int) when it has none. */
  int (*run_host)(zka_engine_device *dv, const zka_sched_work *w, size_t first, size_t count,
                  char *err, size_t err_len);
  /** Run count rows already copied to device buffer buf (inputs at in_off, outputs to
   *  out_off; in place: in_off == out_off). */
  int (*run_device)(zka_engine_device *dv, const zka_sched_work *w, void *buf, size_t in_off,
                    size_t out_off, size_t count, char *err, size_t err_len);
  /** When set, replaces the staging above entirely: run rows [first, first+count) on dv
   *  however the primitive needs (several inputs, a reduced output); called with the
   *  device locked.  run_host/run_device are then unused. */
  int (*run_rows)(zka_engine_device *dv, const zka_sched_work *w, size_t first, size_t count,
                  char *err, size_t err_len);
  /** Measure device d's rate and overhead for this cost key (calibration). */
  zka_status (*measure)(zka_engine *e, size_t d, int cost_key, zka_device_cost *out);

  /* ---- the double-buffered path (all optional; NULL: the blocking path only) ---- */
  /** Whether dv's backend has this primitive's asynchronous entry (the queue entries are
   *  checked by the scheduler). */
  int (*async_supported)(const zka_engine_device *dv, const zka_sched_work *w);
  /** Staged primitives: enqueue the compute of count rows in device buffer buf on queue
   *  (as run_device, without waiting). */
  int (*run_async)(zka_engine_device *dv, const zka_sched_work *w, void *queue, void *buf,
                   size_t in_off, size_t out_off, size_t count, char *err, size_t err_len);
  /** run_rows primitives: enqueue the upload of rows [first, first+count) to buf (count *
   *  in_row_bytes bytes) on queue ... */
  int (*upload_async)(zka_engine_device *dv, const zka_sched_work *w, void *queue, void *buf,
                      size_t first, size_t count, char *err, size_t err_len);
  /** ... and, once that queue is synchronized, run those rows from buf (blocking, on the
   *  device's own queue) and keep their result, as run_rows does. */
  int (*run_buffer)(zka_engine_device *dv, const zka_sched_work *w, void *buf, size_t first,
                    size_t count, char *err, size_t err_len);
};

/** Run w across the engine's devices; `what` names the primitive in messages. */
zka_status zka_sched_run(zka_engine *e, const zka_sched_work *w, const char *what, zka_ctx *ctx);

/** Run rows [first, first+count) of w on device d (locks the device; stages through device
 *  memory when the device has no host path).  staging: host buffer of count rows of
 *  max(in place ? in_row_bytes : out_row_bytes) bytes, or NULL. */
zka_status zka_sched_run_rows(zka_engine *e, size_t d, const zka_sched_work *w, size_t first,
                              size_t count, uint8_t *staging, char *err, size_t err_len);

/** 1 when ZKA_INJECT_FAULTS names this backend and chunk. */
int zka_sched_fault_injected(const char *backend, size_t chunk);

double zka_sched_now(void);

/** Debug trace of the double-buffered path (the overlap test): while a trace is on, the
 *  scheduler appends one event per operation it enqueues on a device ('W' upload, 'K'
 *  compute, 'R' download) and per chunk it finds finished ('D': its queue synchronized and
 *  its rows delivered) or failed ('F'), in the order it did them, with the time. */
typedef struct {
  size_t chunk;  /**< the chunk's number (as in ZKA_INJECT_FAULTS) */
  size_t device; /**< engine device index */
  char op;       /**< 'W', 'K', 'R', 'D' or 'F' */
  double t;      /**< zka_sched_now() when it was issued or observed */
} zka_sched_event;

/** Start recording into events[0..cap) (earlier events are dropped). */
void zka_sched_trace_start(zka_sched_event *events, size_t cap);
/** Stop recording; returns how many events were recorded (at most cap are stored). */
size_t zka_sched_trace_stop(void);

#endif
