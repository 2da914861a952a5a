#define _POSIX_C_SOURCE 200809L /* strtok_r, getpid */
/* calibrate.c — each device's measured NTT cost, per field, cached per machine.
 *
 * A measurement times, through the same path jobs take (copies included): a warm-up (which
 * also builds kernels), a tiny transform (the launch-and-copy overhead) and a mid-size batch
 * (the rate).  Figures are cached in <cache dir>/calibration-v1.tsv, one line per device
 * and field: backend, device name, CPU threads (0 for other devices), field, rate
 * (elements*log_n per second), overhead (seconds).  zka_engine_calibrate re-measures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "host/engine_internal.h"

double zka_sched_time_on_device(zka_engine *e, size_t d, zka_field_id f, uint32_t log_n, size_t batch);

static void zka_cache_path(const zka_engine *e, char *out, size_t len, int make_dirs) {
  char dir[512];
  const char *env = getenv("ZKACCEL_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (*e->cache_dir) snprintf(dir, sizeof dir, "%s", e->cache_dir);
  else if (env && *env) snprintf(dir, sizeof dir, "%s", env);
  else if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/zkaccel", xdg);
  else snprintf(dir, sizeof dir, "%s/.cache/zkaccel", home && *home ? home : "/tmp");
  if (make_dirs) { /* mkdir -p */
    for (char *p = dir + 1; *p; p++)
      if (*p == '/') {
        *p = 0;
        (void)mkdir(dir, 0755);
        *p = '/';
      }
    (void)mkdir(dir, 0755);
  }
  snprintf(out, len, "%s/calibration-v1.tsv", dir);
}

static unsigned zka_cost_threads(const zka_engine *e, size_t d) {
  return e->dev[d].is_cpu ? e->cpu_exec.threads : 0;
}

void zka_engine_load_costs(zka_engine *e) {
  char path[600], line[512];
  zka_cache_path(e, path, sizeof path, 0);
  FILE *fp = fopen(path, "r");
  if (!fp) return;
  while (fgets(line, sizeof line, fp)) {
    char *fields[6];
    int nf = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, "\t\n", &save); tok && nf < 6; tok = strtok_r(NULL, "\t\n", &save))
      fields[nf++] = tok;
    if (nf != 6) continue;
    zka_field_id f;
    if (zka_field_id_parse(fields[3], &f) != ZKA_OK) continue;
    unsigned threads = (unsigned)strtoul(fields[2], NULL, 10);
    double rate = strtod(fields[4], NULL), overhead = strtod(fields[5], NULL);
    if (!(rate > 0) || overhead < 0) continue;
    for (size_t d = 0; d < e->ndev; d++)
      if (e->dev[d].dev && !strcmp(e->dev[d].info.backend, fields[0]) &&
          !strcmp(e->dev[d].info.name, fields[1]) && zka_cost_threads(e, d) == threads) {
        e->dev[d].cost[f].ntt_rate = rate;
        e->dev[d].cost[f].overhead_s = overhead;
      }
  }
  fclose(fp);
}

/* Rewrite the cache: lines for devices not in this engine are kept, ours replaced. */
static void zka_save_costs(const zka_engine *e) {
  char path[600], tmp[620], line[512];
  zka_cache_path(e, path, sizeof path, 1);
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
  FILE *out = fopen(tmp, "w");
  if (!out) return; /* a read-only home: figures stay in memory */
  FILE *in = fopen(path, "r");
  if (in) {
    while (fgets(line, sizeof line, in)) {
      char copy[512];
      snprintf(copy, sizeof copy, "%s", line);
      char *save = NULL, *backend = strtok_r(copy, "\t\n", &save), *name = strtok_r(NULL, "\t\n", &save);
      char *threads = strtok_r(NULL, "\t\n", &save), *field = strtok_r(NULL, "\t\n", &save);
      if (!backend || !name || !threads || !field) continue;
      int ours = 0;
      for (size_t d = 0; d < e->ndev && !ours; d++)
        for (int f = 1; f < ZKA_FIELD_ID_COUNT && !ours; f++)
          ours = e->dev[d].cost[f].ntt_rate > 0 && !strcmp(e->dev[d].info.backend, backend) &&
                 !strcmp(e->dev[d].info.name, name) && zka_cost_threads(e, d) == strtoul(threads, NULL, 10) &&
                 !strcmp(zka_field_id_name((zka_field_id)f), field);
      if (!ours) fputs(line, out);
    }
    fclose(in);
  }
  for (size_t d = 0; d < e->ndev; d++)
    for (int f = 1; f < ZKA_FIELD_ID_COUNT; f++)
      if (e->dev[d].cost[f].ntt_rate > 0)
        fprintf(out, "%s\t%s\t%u\t%s\t%.6g\t%.6g\n", e->dev[d].info.backend, e->dev[d].info.name,
                zka_cost_threads(e, d), zka_field_id_name((zka_field_id)f), e->dev[d].cost[f].ntt_rate,
                e->dev[d].cost[f].overhead_s);
  if (fclose(out) == 0) rename(tmp, path);
  else remove(tmp);
}

static zka_status zka_measure(zka_engine *e, size_t d, zka_field_id f) {
  int small = f == ZKA_FIELD_BABYBEAR || f == ZKA_FIELD_GOLDILOCKS;
  uint32_t log_n = small ? 12 : 10;
  size_t batch = small ? 16 : 8;
  if (zka_sched_time_on_device(e, d, f, 10, 1) < 0) return ZKA_ERR_DEVICE; /* warm-up */
  double overhead = 1e300;
  for (int i = 0; i < 3; i++) {
    double t = zka_sched_time_on_device(e, d, f, 4, 1);
    if (t < 0) return ZKA_ERR_DEVICE;
    if (t < overhead) overhead = t;
  }
  double t = zka_sched_time_on_device(e, d, f, log_n, batch);
  if (t < 0) return ZKA_ERR_DEVICE;
  double busy = t > 2 * overhead ? t - overhead : t;
  e->dev[d].cost[f].ntt_rate = (double)batch * (double)((size_t)1 << log_n) * log_n / busy;
  e->dev[d].cost[f].overhead_s = overhead;
  return ZKA_OK;
}

zka_status zka_engine_ensure_cost(zka_engine *e, size_t d, zka_field_id f) {
  if (e->dev[d].cost[f].ntt_rate > 0) return ZKA_OK;
  zka_status st = zka_measure(e, d, f);
  if (st == ZKA_OK) zka_save_costs(e);
  return st;
}

zka_status zka_engine_calibrate(zka_engine *e, zka_ctx *ctx) {
  if (!e) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_engine_calibrate: engine is NULL");
  for (size_t d = 0; d < e->ndev; d++) {
    if (!e->dev[d].selected) continue;
    for (int f = 1; f < ZKA_FIELD_ID_COUNT; f++) {
      zka_status st = zka_measure(e, d, (zka_field_id)f);
      if (st != ZKA_OK)
        return zka_error(ctx, st, "calibration of %s:%d (%s) on %s failed", e->dev[d].info.backend,
                         e->dev[d].index, e->dev[d].info.name, zka_field_id_name((zka_field_id)f));
    }
  }
  zka_save_costs(e);
  return ZKA_OK;
}
