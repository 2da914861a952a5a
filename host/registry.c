/* registry.c — the engine: loading backend plug-ins, probing and opening their devices,
 * choosing which ones receive work, device-resident buffers. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "host/engine_internal.h"
#include "host/topology.h"

#ifndef ZKA_BUILT_BACKENDS
#define ZKA_BUILT_BACKENDS ""
#endif
#ifndef ZKA_BACKEND_BUILD_DIR
#define ZKA_BACKEND_BUILD_DIR ""
#endif
#ifndef ZKA_BACKEND_INSTALL_DIR
#define ZKA_BACKEND_INSTALL_DIR ""
#endif

/* Every backend zkaccel knows, in fallback order (the cpu is the last resort). */
static const char *const zka_known_backends[] = {"cuda", "opencl", "fpga", "fpga-emu", "cpu"};
#define ZKA_N_KNOWN (sizeof zka_known_backends / sizeof zka_known_backends[0])

/* Emulators run only when named: they are for testing the FPGA host path, not for speed. */
static int zka_backend_is_emulator(const char *name) { return !strcmp(name, "fpga-emu"); }

static const char *zka_not_built_reason(const char *name) {
  if (!strcmp(name, "cuda")) return "not built: nvcc was not found when this build was configured";
  if (!strcmp(name, "fpga")) return "not built: XRT headers/libraries were not found when this build was configured";
  if (!strcmp(name, "opencl")) return "not built: the OpenCL ICD loader was not found when this build was configured";
  return "not built in this configuration";
}

/* snprintf that may truncate on purpose (paths and driver messages into fixed fields). */
static void zka_fmt(char *dst, size_t len, const char *fmt, ...) ZKA_PRINTF(3, 4);
static void zka_fmt(char *dst, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(dst, len, fmt, ap);
  va_end(ap);
}

/* ---- field ids --------------------------------------------------------------------------- */

size_t zka_field_id_element_size(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR:
    case ZKA_FIELD_BLS12_381_FR: return 32;
    case ZKA_FIELD_BABYBEAR: return 4;
    case ZKA_FIELD_GOLDILOCKS: return 8;
  }
  return 0;
}

const char *zka_field_id_name(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR: return "bn254_fr";
    case ZKA_FIELD_BLS12_381_FR: return "bls12_381_fr";
    case ZKA_FIELD_BABYBEAR: return "babybear";
    case ZKA_FIELD_GOLDILOCKS: return "goldilocks";
  }
  return "?";
}

zka_status zka_field_id_parse(const char *name, zka_field_id *out) {
  static const struct { const char *name; zka_field_id id; } names[] = {
      {"bn254_fr", ZKA_FIELD_BN254_FR},         {"bn254", ZKA_FIELD_BN254_FR},
      {"bn128", ZKA_FIELD_BN254_FR},            {"bls12_381_fr", ZKA_FIELD_BLS12_381_FR},
      {"bls12_381", ZKA_FIELD_BLS12_381_FR},    {"bls12-381", ZKA_FIELD_BLS12_381_FR},
      {"bls12381", ZKA_FIELD_BLS12_381_FR},     {"babybear", ZKA_FIELD_BABYBEAR},
      {"goldilocks", ZKA_FIELD_GOLDILOCKS}};
  if (!name || !out) return ZKA_ERR_INVALID_ARGUMENT;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i].name)) {
      *out = names[i].id;
      return ZKA_OK;
    }
  return ZKA_ERR_INVALID_ARGUMENT;
}

/* ---- options, selection ----------------------------------------------------------------- */

zka_engine_options zka_engine_options_default(void) {
  zka_engine_options o;
  memset(&o, 0, sizeof o);
  return o;
}

/* Is `name` in the comma-separated list? */
static int zka_list_has(const char *list, const char *name) {
  size_t n = strlen(name);
  for (const char *p = list; *p;) {
    const char *q = strchr(p, ',');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (len == n && !strncmp(p, name, n)) return 1;
    if (!q) break;
    p = q + 1;
  }
  return 0;
}

static int zka_known(const char *name, size_t len) {
  for (size_t i = 0; i < ZKA_N_KNOWN; i++)
    if (strlen(zka_known_backends[i]) == len && !strncmp(zka_known_backends[i], name, len))
      return 1;
  return len == 3 && !strncmp(name, "all", 3);
}

/* ---- plug-in loading ------------------------------------------------------------------ */

static void zka_add_unavailable(zka_engine *e, const char *backend, const char *reason) {
  if (e->ndev >= ZKA_ENGINE_MAX_DEVICES) return;
  zka_engine_device *d = &e->dev[e->ndev++];
  memset(d, 0, sizeof *d);
  pthread_mutex_init(&d->lock, NULL);
  snprintf(d->info.backend, sizeof d->info.backend, "%s", backend);
  snprintf(d->info.name, sizeof d->info.name, "-");
  snprintf(d->info.reason, sizeof d->info.reason, "%s", reason);
}

/* The directories searched for plug-ins, most specific first. */
static size_t zka_plugin_dirs(char dirs[][512], size_t max) {
  size_t n = 0;
  const char *env = getenv("ZKACCEL_BACKEND_DIR");
  if (env && *env && n < max) snprintf(dirs[n++], 512, "%s", env);
  Dl_info info;
  if (dladdr((void *)zka_engine_create, &info) && info.dli_fname) {
    char self[512];
    snprintf(self, sizeof self, "%s", info.dli_fname);
    char *slash = strrchr(self, '/');
    if (slash) {
      *slash = 0;
      if (n < max) zka_fmt(dirs[n++], 512, "%s/zkaccel", self);      /* lib/libzkaccel.so */
      if (n < max) zka_fmt(dirs[n++], 512, "%s/../lib/zkaccel", self); /* bin/zkaccel */
    }
  }
  if (*ZKA_BACKEND_INSTALL_DIR && n < max) snprintf(dirs[n++], 512, "%s", ZKA_BACKEND_INSTALL_DIR);
  if (*ZKA_BACKEND_BUILD_DIR && n < max) snprintf(dirs[n++], 512, "%s", ZKA_BACKEND_BUILD_DIR);
  return n;
}

static const zka_backend_api *zka_load_plugin(zka_engine *e, const char *name, char *why,
                                              size_t why_len) {
  char dirs[6][512], path[600];
  size_t nd = zka_plugin_dirs(dirs, 6);
  for (size_t i = 0; i < nd; i++) {
    zka_fmt(path, sizeof path, "%s/libzkaccel_backend_%s.so", dirs[i], name);
    if (access(path, R_OK) != 0) continue;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      snprintf(why, why_len, "cannot load plug-in: %s", dlerror());
      return NULL;
    }
    zka_backend_entry_fn entry = (zka_backend_entry_fn)dlsym(h, ZKA_BACKEND_ENTRY_SYMBOL);
    const zka_backend_api *api = entry ? entry() : NULL;
    if (!api || api->abi_version != ZKA_BACKEND_ABI_VERSION || !api->probe || !api->open) {
      zka_fmt(why, why_len, "%s: not a zkaccel backend of ABI version %u", path,
               ZKA_BACKEND_ABI_VERSION);
      dlclose(h);
      return NULL;
    }
    if (e->ndl < sizeof e->dl_handles / sizeof e->dl_handles[0]) e->dl_handles[e->ndl++] = h;
    return api;
  }
  zka_fmt(why, why_len, "plug-in libzkaccel_backend_%s.so not found (searched %s%s%s)", name,
           nd ? dirs[0] : "nowhere", nd > 1 ? ", " : "", nd > 1 ? dirs[nd - 1] : "");
  return NULL;
}

/* Probe one backend and open its available devices. */
static void zka_probe_backend(zka_engine *e, const zka_backend_api *api, int is_cpu) {
  zka_device_info infos[16];
  char reason[256] = "";
  memset(infos, 0, sizeof infos);
  int n = api->probe(infos, 16, reason, sizeof reason);
  if (n <= 0) {
    zka_add_unavailable(e, api->name, *reason ? reason : "no device found");
    return;
  }
  if (n > 16) n = 16;
  for (int i = 0; i < n && e->ndev < ZKA_ENGINE_MAX_DEVICES; i++) {
    zka_engine_device *d = &e->dev[e->ndev];
    memset(d, 0, sizeof *d);
    pthread_mutex_init(&d->lock, NULL);
    d->info = infos[i];
    snprintf(d->info.backend, sizeof d->info.backend, "%s", api->name);
    d->api = api;
    d->index = i;
    d->is_cpu = is_cpu;
    if (d->info.available) {
      char err[256] = "";
      int st = api->open(i, &d->dev, err, sizeof err);
      if (st != ZKA_OK) {
        d->info.available = 0;
        d->dev = NULL;
        zka_fmt(d->info.reason, sizeof d->info.reason, "cannot open: %s", err);
      }
    } else if (!*d->info.reason) {
      snprintf(d->info.reason, sizeof d->info.reason, "unavailable");
    }
    e->ndev++;
  }
}

zka_status zka_engine_create(zka_engine **out, const zka_engine_options *opt, zka_ctx *ctx) {
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_engine_create: out is NULL");
  *out = NULL;
  zka_engine *e = calloc(1, sizeof *e);
  if (!e) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_engine_create: out of memory");
  e->opt = opt ? *opt : zka_engine_options_default();
  const char *strict_env = getenv("ZKACCEL_STRICT");
  if (strict_env && atoi(strict_env) > 0) e->opt.strict = 1;
  const char *list = e->opt.backends;
  if (!list || !*list) list = getenv("ZKACCEL_BACKENDS");
  int all = list && !strcmp(list, "all");
  int explicit_list = list && *list && !all;
  snprintf(e->backends, sizeof e->backends, "%s", explicit_list ? list : "all");
  e->opt.backends = e->backends;
  for (const char *p = e->backends; *p;) { /* validate names */
    const char *q = strchr(p, ',');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (!zka_known(p, len)) {
      zka_status st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                                "unknown backend '%.*s' (known: cuda, opencl, fpga, fpga-emu, cpu, all)",
                                (int)len, p);
      free(e);
      return st;
    }
    if (!q) break;
    p = q + 1;
  }
  if (e->opt.cache_dir) snprintf(e->cache_dir, sizeof e->cache_dir, "%s", e->opt.cache_dir);
  e->opt.cache_dir = NULL;

  /* The CPU pool: one pinned worker per physical core unless told otherwise. */
  const zka_topology_info *topo = zka_topology();
  unsigned threads = e->opt.cpu_threads ? e->opt.cpu_threads : topo->cores;
  zka_status st = zka_threadpool_create(&e->pool, threads, threads <= topo->cores);
  if (st != ZKA_OK) {
    free(e);
    return zka_error(ctx, st, "zka_engine_create: cannot start %u CPU worker threads", threads);
  }
  e->cpu_exec.parallel_for = zka_threadpool_parallel_for;
  e->cpu_exec.pool = e->pool;
  e->cpu_exec.threads = zka_threadpool_size(e->pool);
  e->cpu_exec.l2_bytes = topo->l2_bytes;
  e->cpu_exec.l3_bytes = topo->l3_bytes;

  for (size_t k = 0; k < ZKA_N_KNOWN; k++) {
    const char *name = zka_known_backends[k];
    if (!strcmp(name, "cpu")) {
      e->cpu_device = e->ndev;
      zka_probe_backend(e, zka_backend_cpu(), 1);
      zka_backend_cpu_set_exec(e->dev[e->cpu_device].dev, &e->cpu_exec);
      continue;
    }
    if (!zka_list_has(ZKA_BUILT_BACKENDS, name)) {
      zka_add_unavailable(e, name, zka_not_built_reason(name));
      continue;
    }
    /* A driver that hangs or crashes when probed can be kept out without rebuilding. */
    const char *disabled = getenv("ZKACCEL_DISABLE_BACKENDS");
    if (disabled && zka_list_has(disabled, name)) {
      zka_add_unavailable(e, name, "disabled by ZKACCEL_DISABLE_BACKENDS (not loaded)");
      continue;
    }
    char why[256];
    const zka_backend_api *api = zka_load_plugin(e, name, why, sizeof why);
    if (!api) zka_add_unavailable(e, name, why);
    else zka_probe_backend(e, api, 0);
  }

  /* Selection: named backends, or every available backend except the emulator and
   * OpenCL devices of CPU type (PoCL and the like): those run on the very cores the cpu
   * backend's threads already use, so giving them a share of a job only slows it down
   * (measured: an MSM or a Groth16 proof split across PoCL and cpu takes up to 2x the cpu
   * alone).  Named ("opencl", "all") they are used like any device. */
  int any_selected = 0;
  for (size_t i = 0; i < e->ndev; i++) {
    zka_engine_device *d = &e->dev[i];
    int host_cores = !strcmp(d->info.backend, "opencl") && d->info.kind == ZKA_DEVICE_CPU;
    int wanted = explicit_list ? zka_list_has(e->backends, d->info.backend)
                 : all         ? 1
                               : !zka_backend_is_emulator(d->info.backend) && !host_cores;
    d->selected = wanted && d->info.available && d->dev;
    any_selected |= d->selected;
  }
  if (explicit_list) { /* every named backend should have a device */
    for (const char *p = e->backends; *p;) {
      const char *q = strchr(p, ',');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      int found = 0;
      const char *why = "no device";
      for (size_t i = 0; i < e->ndev; i++)
        if (strlen(e->dev[i].info.backend) == len && !strncmp(e->dev[i].info.backend, p, len)) {
          if (e->dev[i].selected) found = 1;
          else why = e->dev[i].info.reason;
        }
      if (!found && !(len == 3 && !strncmp(p, "all", 3))) {
        if (e->opt.strict) {
          zka_status s2 = zka_error(ctx, ZKA_ERR_DEVICE,
                                    "backend '%.*s' was requested (--strict) but has no available device: %s",
                                    (int)len, p, why);
          zka_engine_destroy(e);
          return s2;
        }
        if (!e->opt.quiet)
          fprintf(stderr, "zkaccel: backend '%.*s' unavailable (%s); its work goes to the other devices\n",
                  (int)len, p, why);
      }
      if (!q) break;
      p = q + 1;
    }
  }
  if (!any_selected) { /* non-strict: the CPU carries the work */
    e->dev[e->cpu_device].selected = 1;
  }
  zka_engine_load_costs(e);
  *out = e;
  return ZKA_OK;
}

void zka_engine_destroy(zka_engine *e) {
  if (!e) return;
  for (size_t i = 0; i < e->ndev; i++) {
    if (e->dev[i].dev && e->dev[i].api && e->dev[i].api->close) e->dev[i].api->close(e->dev[i].dev);
    pthread_mutex_destroy(&e->dev[i].lock);
  }
  zka_threadpool_destroy(e->pool);
  /* Plug-ins stay loaded: drivers (CUDA, OpenCL ICDs) do not like being unloaded and
   * reloaded within a process. */
  free(e);
}

size_t zka_engine_device_count(const zka_engine *e) { return e ? e->ndev : 0; }

zka_status zka_engine_device_info(const zka_engine *e, size_t i, zka_device_info *out) {
  if (!e || !out || i >= e->ndev) return ZKA_ERR_INVALID_ARGUMENT;
  *out = e->dev[i].info;
  return ZKA_OK;
}

int zka_engine_device_selected(const zka_engine *e, size_t i) {
  return e && i < e->ndev && e->dev[i].selected;
}

void zka_engine_last_report(const zka_engine *e, zka_job_report *out) {
  if (!out) return;
  if (e) *out = e->report;
  else memset(out, 0, sizeof *out);
}

/* ---- device-resident buffers ------------------------------------------------------------- */

zka_status zka_buffer_create(zka_buffer **out, zka_engine *e, size_t device, size_t bytes,
                             zka_ctx *ctx) {
  if (!out || !e) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_buffer_create: NULL argument");
  *out = NULL;
  if (device >= e->ndev || !e->dev[device].dev)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_buffer_create: device %zu is not available", device);
  zka_engine_device *d = &e->dev[device];
  zka_buffer *b = calloc(1, sizeof *b);
  if (!b) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_buffer_create: out of memory");
  char err[256] = "";
  pthread_mutex_lock(&d->lock);
  int st = d->api->alloc(d->dev, bytes, &b->handle, err, sizeof err);
  pthread_mutex_unlock(&d->lock);
  if (st != ZKA_OK) {
    free(b);
    return zka_error(ctx, (zka_status)st, "%s:%zu (%s): cannot allocate %zu bytes: %s",
                     d->info.backend, (size_t)d->index, d->info.name, bytes, err);
  }
  b->engine = e;
  b->device = device;
  b->bytes = bytes;
  *out = b;
  return ZKA_OK;
}

void zka_buffer_destroy(zka_buffer *b) {
  if (!b) return;
  zka_engine_device *d = &b->engine->dev[b->device];
  pthread_mutex_lock(&d->lock);
  d->api->free(d->dev, b->handle);
  pthread_mutex_unlock(&d->lock);
  free(b);
}

size_t zka_buffer_size(const zka_buffer *b) { return b ? b->bytes : 0; }

zka_status zka_buffer_write(zka_buffer *b, size_t offset, const void *src, size_t bytes,
                            zka_ctx *ctx) {
  if (!b || (!src && bytes) || offset > b->bytes || bytes > b->bytes - offset)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_buffer_write: range [%zu, +%zu) outside the buffer", offset, bytes);
  zka_engine_device *d = &b->engine->dev[b->device];
  char err[256] = "";
  pthread_mutex_lock(&d->lock);
  int st = d->api->write(d->dev, b->handle, offset, src, bytes, err, sizeof err);
  pthread_mutex_unlock(&d->lock);
  return st == ZKA_OK ? ZKA_OK : zka_error(ctx, (zka_status)st, "%s: write: %s", d->info.backend, err);
}

zka_status zka_buffer_read(const zka_buffer *b, size_t offset, void *dst, size_t bytes,
                           zka_ctx *ctx) {
  if (!b || (!dst && bytes) || offset > b->bytes || bytes > b->bytes - offset)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_buffer_read: range [%zu, +%zu) outside the buffer", offset, bytes);
  zka_engine_device *d = &b->engine->dev[b->device];
  char err[256] = "";
  pthread_mutex_lock(&d->lock);
  int st = d->api->read(d->dev, b->handle, offset, dst, bytes, err, sizeof err);
  pthread_mutex_unlock(&d->lock);
  return st == ZKA_OK ? ZKA_OK : zka_error(ctx, (zka_status)st, "%s: read: %s", d->info.backend, err);
}
