/* engine_internal.h — internal: the engine's state, shared by the registry (loading and
 * selecting backends), the scheduler (splitting jobs) and calibration. */
#ifndef ZKA_HOST_ENGINE_INTERNAL_H
#define ZKA_HOST_ENGINE_INTERNAL_H
#include <pthread.h>
#include <stddef.h>

#include "host/backend.h"
#include "host/threadpool.h"
#include "kernels/cpu/ntt_cpu.h"
#include "zkaccel/device.h"

/* Cost keys: what a measured rate is for.  1..4: NTT over a zka_field_id; 5..11: hashing
 * with zka_hash_id (key = 4 + id); 12..15: MSM over a zka_group_id (key = 11 + id). */
#define ZKA_COST_KEYS 16
#define ZKA_COST_KEY_MSM(g) (11 + (int)(g))
#define ZKA_COST_KEY_NTT(f) ((int)(f))
#define ZKA_COST_KEY_HASH(h) (4 + (int)(h))
#define ZKA_ENGINE_MAX_DEVICES 64

/** Measured cost model of one device for one kind of work: time(work) = overhead_s +
 *  units / rate (0 = not measured yet).  Units: elements*log_n for NTT, message units
 *  (bytes or elements) for hashing. */
typedef struct {
  double rate;       /* units per second */
  double overhead_s; /* launch + copy latency of a tiny job */
} zka_device_cost;

typedef struct {
  zka_device_info info;
  const zka_backend_api *api; /* NULL for a backend that failed to load */
  int index;                  /* the backend's own device index */
  void *dev;                  /* opened handle; NULL when unavailable */
  int selected;               /* receives split work */
  int is_cpu;
  pthread_mutex_t lock;       /* one call at a time per device */
  zka_device_cost cost[ZKA_COST_KEYS];
} zka_engine_device;

struct zka_engine {
  zka_engine_options opt;
  char backends[256];  /* opt.backends copied */
  char cache_dir[512];
  zka_engine_device dev[ZKA_ENGINE_MAX_DEVICES];
  size_t ndev;
  void *dl_handles[8];
  size_t ndl;
  zka_threadpool *pool;
  zka_cpu_exec cpu_exec;
  size_t cpu_device; /* index of the cpu device in dev[] */
  zka_job_report report;
};

struct zka_buffer {
  zka_engine *engine;
  size_t device;
  void *handle;
  size_t bytes;
};

/** The cpu backend (host/backend_cpu.c), compiled in; its open() expects the engine. */
const zka_backend_api *zka_backend_cpu(void);
void zka_backend_cpu_set_exec(void *dev, const zka_cpu_exec *exec);

/** The name of a cost key in the calibration cache ("bn254_fr", "hash:sha256"); NULL if
 *  the key is unused. */
const char *zka_cost_key_name(int key);
/** Record a measured cost and rewrite the cache. */
void zka_engine_store_cost(zka_engine *e, size_t d, int key, const zka_device_cost *c);
/** Re-measure every selected device for every cost key (zka_engine_calibrate). */
zka_status zka_ntt_measure(zka_engine *e, size_t d, int key, zka_device_cost *out);
zka_status zka_hash_measure(zka_engine *e, size_t d, int key, zka_device_cost *out);
zka_status zka_msm_measure(zka_engine *e, size_t d, int key, zka_device_cost *out);
/** Load the calibration cache into the devices (missing file: nothing). */
void zka_engine_load_costs(zka_engine *e);

#endif
