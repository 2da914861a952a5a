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

#define ZKA_FIELD_ID_COUNT 5 /* ids 1..4 index the tables below */
#define ZKA_ENGINE_MAX_DEVICES 64

/** Measured cost model of one device for one field: time(work) = overhead_s +
 *  elements*log_n / ntt_rate (0 = not measured yet). */
typedef struct {
  double ntt_rate;   /* elements*log_n per second */
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
  zka_device_cost cost[ZKA_FIELD_ID_COUNT];
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

/** Make sure device d has a cost figure for field f (measure and cache it if missing). */
zka_status zka_engine_ensure_cost(zka_engine *e, size_t d, zka_field_id f);
/** Load the calibration cache into the devices (missing file: nothing). */
void zka_engine_load_costs(zka_engine *e);

#endif
