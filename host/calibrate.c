#define _POSIX_C_SOURCE 200809L /* strtok_r, getpid */
/* calibrate.c — each device's measured cost per kind of work (NTT per field, hashing per
 * hash), cached per machine.
 *
 * Measurements run through the same path jobs take (copies included); see zka_ntt_measure
 * (ntt_sched.c) and zka_hash_measure (hash_sched.c).  Figures are cached in
 * <cache dir>/calibration-v1.tsv, one line per device and cost key: backend, device name,
 * CPU threads (0 for other devices), key ("bn254_fr", "hash:sha256"), rate (units per
 * second), overhead (seconds).  zka_engine_calibrate re-measures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "host/engine_internal.h"
#include "zkaccel/hash.h"

const char *zka_cost_key_name(int key) {
  static const char *const names[ZKA_COST_KEYS] = {
      NULL, "bn254_fr", "bls12_381_fr", "babybear", "goldilocks", "hash:sha256", "hash:keccak256",
      "hash:poseidon_bn254", "hash:poseidon2_babybear_16", "hash:poseidon2_babybear_24",
      "hash:poseidon2_goldilocks_8", "hash:poseidon2_goldilocks_12", "msm:bn254_g1", "msm:bn254_g2",
      "msm:bls12_381_g1", "msm:bls12_381_g2"};
  return key > 0 && key < ZKA_COST_KEYS ? names[key] : NULL;
}

static int zka_cost_key_parse(const char *name) {
  for (int k = 1; k < ZKA_COST_KEYS; k++)
    if (!strcmp(zka_cost_key_name(k), name)) return k;
  return 0;
}

static void zka_cache_path(const zka_engine *e, char *out, size_t len, int make_dirs) {
  char dir[512];
  const char *env = getenv("ZKACCEL_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (*e->cache_dir) snprintf(dir, sizeof dir, "%s", e->cache_dir);
  else if (env && *env) snprintf(dir, sizeof dir, "%.500s", env);
  else if (xdg && *xdg) snprintf(dir, sizeof dir, "%.490s/zkaccel", xdg);
  else snprintf(dir, sizeof dir, "%.480s/.cache/zkaccel", home && *home ? home : "/tmp");
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
    int key = zka_cost_key_parse(fields[3]);
    unsigned threads = (unsigned)strtoul(fields[2], NULL, 10);
    double rate = strtod(fields[4], NULL), overhead = strtod(fields[5], NULL);
    if (!key || !(rate > 0) || overhead < 0) continue;
    for (size_t d = 0; d < e->ndev; d++)
      if (e->dev[d].dev && !strcmp(e->dev[d].info.backend, fields[0]) &&
          !strcmp(e->dev[d].info.name, fields[1]) && zka_cost_threads(e, d) == threads) {
        e->dev[d].cost[key].rate = rate;
        e->dev[d].cost[key].overhead_s = overhead;
      }
  }
  fclose(fp);
}

/* Rewrite the cache: lines for devices not in this engine are kept, ours replaced. */
static void zka_save_costs(const zka_engine *e) {
  char path[600], tmp[640], line[512];
  zka_cache_path(e, path, sizeof path, 1);
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
  FILE *out = fopen(tmp, "w");
  if (!out) return; /* a read-only home: figures stay in memory */
  FILE *in = fopen(path, "r");
  if (in) {
    while (fgets(line, sizeof line, in)) {
      char copy[512];
      memcpy(copy, line, sizeof copy);
      char *save = NULL, *backend = strtok_r(copy, "\t\n", &save), *name = strtok_r(NULL, "\t\n", &save);
      char *threads = strtok_r(NULL, "\t\n", &save), *keyname = strtok_r(NULL, "\t\n", &save);
      if (!backend || !name || !threads || !keyname) continue;
      int key = zka_cost_key_parse(keyname), ours = 0;
      for (size_t d = 0; d < e->ndev && !ours && key; d++)
        ours = e->dev[d].cost[key].rate > 0 && !strcmp(e->dev[d].info.backend, backend) &&
               !strcmp(e->dev[d].info.name, name) && zka_cost_threads(e, d) == strtoul(threads, NULL, 10);
      if (!ours) fputs(line, out);
    }
    fclose(in);
  }
  for (size_t d = 0; d < e->ndev; d++)
    for (int k = 1; k < ZKA_COST_KEYS; k++)
      if (e->dev[d].cost[k].rate > 0)
        fprintf(out, "%s\t%s\t%u\t%s\t%.6g\t%.6g\n", e->dev[d].info.backend, e->dev[d].info.name,
                zka_cost_threads(e, d), zka_cost_key_name(k), e->dev[d].cost[k].rate,
                e->dev[d].cost[k].overhead_s);
  if (fclose(out) == 0) rename(tmp, path);
  else remove(tmp);
}

void zka_engine_store_cost(zka_engine *e, size_t d, int key, const zka_device_cost *c) {
  e->dev[d].cost[key] = *c;
  zka_save_costs(e);
}

zka_status zka_engine_calibrate(zka_engine *e, zka_ctx *ctx) {
  if (!e) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_engine_calibrate: engine is NULL");
  for (size_t d = 0; d < e->ndev; d++) {
    if (!e->dev[d].selected) continue;
    for (int k = 1; k < ZKA_COST_KEYS; k++) {
      zka_device_cost c;
      zka_status st = k <= 4 ? zka_ntt_measure(e, d, k, &c)
                      : k <= 11 ? zka_hash_measure(e, d, k, &c)
                                : zka_msm_measure(e, d, k, &c);
      if (st == ZKA_ERR_UNSUPPORTED) continue; /* this device does not run that work */
      if (st != ZKA_OK)
        return zka_error(ctx, st, "calibration of %s:%d (%s) for %s failed", e->dev[d].info.backend,
                         e->dev[d].index, e->dev[d].info.name, zka_cost_key_name(k));
      e->dev[d].cost[k] = c;
    }
  }
  zka_save_costs(e);
  return ZKA_OK;
}
