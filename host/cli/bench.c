/* zkaccel bench — run the Google Benchmark suite of each primitive over fields, sizes and
 * backends, then write one table of median times, throughputs, ratios to the CPU and
 * byte-for-byte checks against the CPU (results.json, results.csv, summary.md) and a plot
 * per primitive (gnuplot).  The suites are separate executables beside this one; the
 * protocol between them and this tool is in host/cli/bench_cli.h. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host/cli/bench_cli.h"
#include "host/cli/cli.h"
#include "zkaccel/device.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"
#include "zkaccel/ntt.h"

extern char **environ;

/* Primitives the tool knows, in run order; only those whose suite exists are run. */
static const char *const zka_bench_primitives[] = {"ntt", "msm", "hash", "merkle", "groth16", "zkvm"};
#define ZKA_BENCH_N_PRIMITIVES (sizeof zka_bench_primitives / sizeof zka_bench_primitives[0])
#define ZKA_BENCH_MAX_BACKENDS 8

static void zka_bench_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel bench [--primitives LIST] [--backends LIST] [--fields LIST]\n"
          "                     [--sizes LIST] [--quick] --out DIR\n"
          "\n"
          "Runs the Google Benchmark suite of each primitive (build/bin/zka_bench_<primitive>,\n"
          "beside this program) for every field x size x backend, and writes into DIR:\n"
          "  results.json, results.csv  one row per primitive, field, size and backend\n"
          "  summary.md     a table: median time, throughput, ratio to the CPU (CPU time /\n"
          "                 this time: above 1 is faster) and check (the output compared byte\n"
          "                 for byte with the CPU backend's: identical or MISMATCH)\n"
          "  <primitive>.png  time against size, a panel per field, a line per backend\n"
          "                 (needs gnuplot, e.g. Debian's gnuplot-nox; without it the plot is\n"
          "                 skipped with a message and <primitive>.gp is left to render later)\n"
          "  raw_<primitive>.json  the suite's own output (Google Benchmark JSON)\n"
          "Progress goes to stderr.  Exit status: 0 when every check matched, 1 when one did\n"
          "not, a benchmark failed or no suite could run, 2 for a usage error.\n"
          "\n"
          "  --primitives LIST  comma list of ntt, msm, hash, merkle, groth16, zkvm (default:\n"
          "                 all); one whose suite is not built is reported and skipped\n"
          "  --backends LIST  cpu, opencl, cuda, fpga, fpga-emu or all (default: the engine's\n"
          "                 default selection, as for other commands).  A\n"
          "                 backend without an available device is skipped with the reason;\n"
          "                 the CPU is always measured, since every ratio is to it.\n"
          "  --fields LIST    what each suite runs over (default: all).  ntt: the fields\n"
          "                 bn254_fr, bls12_381_fr, babybear, goldilocks.  hash, merkle: the\n"
          "                 hashes sha256, keccak256, poseidon_bn254, poseidon2_babybear_16,\n"
          "                 poseidon2_babybear_24, poseidon2_goldilocks_8, poseidon2_goldilocks_12,\n"
          "                 or a field for the hashes over it (babybear: both Poseidon2\n"
          "                 BabyBear).  msm: the groups bn254_g1, bn254_g2, bls12_381_g1,\n"
          "                 bls12_381_g2, or a scalar field for its curve's two groups\n"
          "                 (bn254_fr, bls12_381_fr).  groth16: the curve by its scalar field\n"
          "                 (bn254_fr, bls12_381_fr); a synthetic zkey of that domain size\n"
          "                 (bench/bench_groth16.cc); with ZKA_BENCH_G16_CIRCUITS=DIR,... also\n"
          "                 real circom circuits (DIR/circuit.zkey, DIR/witness.wtns) and a\n"
          "                 snarkjs row timing `snarkjs groth16 prove` on them (ZKA_BENCH_SNARKJS:\n"
          "                 its cli.cjs; default build/groth16-work's).  zkvm: the example\n"
          "                 guests fibonacci, sha256, sort, bignum (bench/bench_zkvm.cc; the\n"
          "                 ELFs from build/zkvm/guests or ZKA_BENCH_ZKVM_GUESTS): a proof on\n"
          "                 each backend and an executor row (<guest>-exec).  Each suite gets\n"
          "                 the names it takes; one that takes none of them is skipped\n"
          "  --sizes LIST     log2 sizes, e.g. 12,16,20.  Defaults: ntt 12,16,20 elements; msm\n"
          "                 12,16,18 points (G2: 12,14); hash 10,14,18 messages; merkle\n"
          "                 12,16,20 leaves (Poseidon BN254 stops at 2^16 unless --sizes asks);\n"
          "                 groth16 12,14,16 (log2 domain); zkvm 12,14,16 (log2 cycles); with\n"
          "                 --quick 10,12 / 8,10 / 8,10 / 8,10 / 8,10 / 10\n"
          "  --quick          3 short repetitions per benchmark: seconds for the whole run\n"
          "                   (otherwise 5 repetitions of at least 0.1 s each)\n"
          "  --out DIR        where the results go (created if missing)\n");
}

/* ---- a small JSON reader: enough for Google Benchmark's output --------------------- */

typedef enum { ZKA_JSON_NULL, ZKA_JSON_BOOL, ZKA_JSON_NUMBER, ZKA_JSON_STRING, ZKA_JSON_ARRAY, ZKA_JSON_OBJECT } zka_json_type;

typedef struct zka_json {
  zka_json_type type;
  double number; /* NUMBER; BOOL as 0/1 */
  char *string;  /* STRING */
  char *key;     /* member name inside an object */
  struct zka_json *child, *next;
} zka_json;

typedef struct {
  const char *p;
  int depth;
  int failed;
} zka_json_parser;

static void zka_json_free(zka_json *v) {
  while (v) {
    zka_json *next = v->next;
    zka_json_free(v->child);
    free(v->string);
    free(v->key);
    free(v);
    v = next;
  }
}

static void zka_json_ws(zka_json_parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r') ps->p++;
}

static char *zka_json_parse_string(zka_json_parser *ps) {
  if (*ps->p != '"') {
    ps->failed = 1;
    return NULL;
  }
  ps->p++;
  size_t cap = 16, len = 0;
  char *s = malloc(cap);
  while (s && *ps->p && *ps->p != '"') {
    char buf[4];
    size_t n = 1;
    buf[0] = *ps->p++;
    if (buf[0] == '\\') {
      char c = *ps->p++;
      switch (c) {
        case 'b': buf[0] = '\b'; break;
        case 'f': buf[0] = '\f'; break;
        case 'n': buf[0] = '\n'; break;
        case 'r': buf[0] = '\r'; break;
        case 't': buf[0] = '\t'; break;
        case 'u': {
          unsigned cp = 0;
          for (int i = 0; i < 4; i++) {
            char h = *ps->p;
            unsigned d = (h >= '0' && h <= '9') ? (unsigned)(h - '0')
                         : (h >= 'a' && h <= 'f') ? (unsigned)(h - 'a' + 10)
                         : (h >= 'A' && h <= 'F') ? (unsigned)(h - 'A' + 10)
                                                  : 16u;
            if (d == 16) {
              ps->failed = 1;
              break;
            }
            cp = cp * 16 + d;
            ps->p++;
          }
          if (cp >= 0xD800 && cp < 0xE000) cp = '?'; /* surrogates: not in benchmark output */
          if (cp < 0x80) {
            buf[0] = (char)cp;
          } else if (cp < 0x800) {
            buf[0] = (char)(0xC0 | (cp >> 6));
            buf[1] = (char)(0x80 | (cp & 0x3F));
            n = 2;
          } else {
            buf[0] = (char)(0xE0 | (cp >> 12));
            buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            buf[2] = (char)(0x80 | (cp & 0x3F));
            n = 3;
          }
          break;
        }
        case '"': case '\\': case '/': buf[0] = c; break;
        default: ps->failed = 1; break;
      }
      if (ps->failed) break;
    }
    if (len + n + 1 > cap) {
      cap *= 2;
      char *bigger = realloc(s, cap);
      if (!bigger) {
        free(s);
        s = NULL;
        break;
      }
      s = bigger;
    }
    memcpy(s + len, buf, n);
    len += n;
  }
  if (!s || ps->failed || *ps->p != '"') {
    free(s);
    ps->failed = 1;
    return NULL;
  }
  ps->p++;
  s[len] = '\0';
  return s;
}

/* Recursive descent, bounded by depth: host code only (never compiled for a device). */
static zka_json *zka_json_parse_value(zka_json_parser *ps) {
  zka_json_ws(ps);
  if (ps->failed || ++ps->depth > 64) {
    ps->failed = 1;
    return NULL;
  }
  zka_json *v = calloc(1, sizeof *v);
  if (!v) {
    ps->failed = 1;
    return NULL;
  }
  char c = *ps->p;
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    v->type = c == '{' ? ZKA_JSON_OBJECT : ZKA_JSON_ARRAY;
    ps->p++;
    zka_json_ws(ps);
    zka_json **tail = &v->child;
    if (*ps->p == close) {
      ps->p++;
    } else {
      for (;;) {
        char *key = NULL;
        if (v->type == ZKA_JSON_OBJECT) {
          zka_json_ws(ps);
          key = zka_json_parse_string(ps);
          zka_json_ws(ps);
          if (!key || *ps->p != ':') {
            free(key);
            ps->failed = 1;
            break;
          }
          ps->p++;
        }
        zka_json *item = zka_json_parse_value(ps);
        if (!item) {
          free(key);
          break;
        }
        item->key = key;
        *tail = item;
        tail = &item->next;
        zka_json_ws(ps);
        if (*ps->p == ',') {
          ps->p++;
        } else if (*ps->p == close) {
          ps->p++;
          break;
        } else {
          ps->failed = 1;
          break;
        }
      }
    }
  } else if (c == '"') {
    v->type = ZKA_JSON_STRING;
    v->string = zka_json_parse_string(ps);
  } else if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
    v->type = ZKA_JSON_BOOL;
    v->number = c == 't';
    ps->p += c == 't' ? 4 : 5;
  } else if (!strncmp(ps->p, "null", 4)) {
    v->type = ZKA_JSON_NULL;
    ps->p += 4;
  } else {
    /* Numbers, and the NaN / Infinity / -Infinity Google Benchmark writes for non-finite
     * values (strtod reads those words too). */
    char *end = NULL;
    v->type = ZKA_JSON_NUMBER;
    v->number = strtod(ps->p, &end);
    if (!end || end == ps->p) ps->failed = 1;
    else ps->p = end;
  }
  ps->depth--;
  if (ps->failed) {
    zka_json_free(v);
    return NULL;
  }
  return v;
}

/* Parse a whole NUL-terminated document; NULL when malformed. */
static zka_json *zka_json_parse(const char *text) {
  zka_json_parser ps = {text, 0, 0};
  zka_json *v = zka_json_parse_value(&ps);
  zka_json_ws(&ps);
  if (v && *ps.p) {
    zka_json_free(v);
    v = NULL;
  }
  return v;
}

static const zka_json *zka_json_get(const zka_json *obj, const char *key) {
  if (!obj || obj->type != ZKA_JSON_OBJECT) return NULL;
  for (const zka_json *m = obj->child; m; m = m->next)
    if (m->key && !strcmp(m->key, key)) return m;
  return NULL;
}

static const char *zka_json_str(const zka_json *obj, const char *key, const char *fallback) {
  const zka_json *m = zka_json_get(obj, key);
  return (m && m->type == ZKA_JSON_STRING) ? m->string : fallback;
}

static double zka_json_num(const zka_json *obj, const char *key, double fallback) {
  const zka_json *m = zka_json_get(obj, key);
  return (m && (m->type == ZKA_JSON_NUMBER || m->type == ZKA_JSON_BOOL)) ? m->number : fallback;
}

/* ---- results ------------------------------------------------------------------------ */

#define ZKA_BENCH_MAX_SAMPLES 64

typedef struct {
  char primitive[32];
  char field[32];
  unsigned log_n;
  char backend[32];
  double seconds;  /* median wall time of one operation; 0 when unknown */
  double rate;     /* elements per second; 0 when unknown */
  int check;       /* 1 identical to the CPU, 0 not, -1 not reported */
  int repetitions;
  int has_median;  /* the suite's median aggregate was read */
  double samples[ZKA_BENCH_MAX_SAMPLES]; /* per-repetition times when there is no aggregate */
  double sample_rates[ZKA_BENCH_MAX_SAMPLES];
  int nsamples;
  char devices[128]; /* the engine's report: chunks per device */
  char error[256];
} zka_bench_row;

typedef struct {
  zka_bench_row *rows;
  size_t n, cap;
  char date[64], host[128];
  double num_cpus, mhz;
} zka_bench_results;

static zka_bench_row *zka_bench_row_for(zka_bench_results *r, const char *prim, const char *field, unsigned log_n,
                                        const char *backend) {
  for (size_t i = 0; i < r->n; i++) {
    zka_bench_row *w = &r->rows[i];
    if (!strcmp(w->primitive, prim) && !strcmp(w->field, field) && w->log_n == log_n && !strcmp(w->backend, backend))
      return w;
  }
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 32;
    zka_bench_row *bigger = realloc(r->rows, cap * sizeof *bigger);
    if (!bigger) return NULL;
    r->rows = bigger;
    r->cap = cap;
  }
  zka_bench_row *w = &r->rows[r->n++];
  memset(w, 0, sizeof *w);
  snprintf(w->primitive, sizeof w->primitive, "%s", prim);
  snprintf(w->field, sizeof w->field, "%s", field);
  w->log_n = log_n;
  snprintf(w->backend, sizeof w->backend, "%s", backend);
  w->check = -1;
  return w;
}

static double zka_time_unit_seconds(const char *unit) {
  if (!strcmp(unit, "ns")) return 1e-9;
  if (!strcmp(unit, "us")) return 1e-6;
  if (!strcmp(unit, "ms")) return 1e-3;
  return 1.0;
}

static int zka_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double zka_median(double *v, int n) {
  if (n <= 0) return 0;
  qsort(v, (size_t)n, sizeof *v, zka_cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static char *zka_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (len + 1 >= cap) {
      char *bigger = realloc(buf, cap * 2);
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    if (!got) break;
    len += got;
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

/* Read one suite's Google Benchmark JSON into rows.  Returns the number of benchmark
 * entries read, or -1 when the file is missing or malformed. */
static int zka_bench_read_json(zka_bench_results *r, const char *path) {
  char *text = zka_read_file(path);
  if (!text) return -1;
  zka_json *doc = zka_json_parse(text);
  free(text);
  if (!doc) return -1;
  const zka_json *ctx = zka_json_get(doc, "context");
  if (ctx) {
    snprintf(r->date, sizeof r->date, "%s", zka_json_str(ctx, "date", r->date));
    snprintf(r->host, sizeof r->host, "%s", zka_json_str(ctx, "host_name", r->host));
    r->num_cpus = zka_json_num(ctx, "num_cpus", r->num_cpus);
    r->mhz = zka_json_num(ctx, "mhz_per_cpu", r->mhz);
  }
  const zka_json *list = zka_json_get(doc, "benchmarks");
  int count = 0;
  for (const zka_json *b = list ? list->child : NULL; b; b = b->next) {
    const char *name = zka_json_str(b, "run_name", zka_json_str(b, "name", ""));
    /* <primitive>/<field>/<log_n>/<backend>[/min_time:…/repeats:…/real_time] */
    char part[4][32];
    int nparts = 0;
    for (const char *p = name; *p && nparts < 4; nparts++) {
      const char *q = strchr(p, '/');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      snprintf(part[nparts], sizeof part[nparts], "%.*s", (int)(len < 31 ? len : 31), p);
      p = q ? q + 1 : p + len;
    }
    if (nparts < 4) continue; /* not a benchmark of the protocol */
    char *end = NULL;
    unsigned long log_n = strtoul(part[2], &end, 10);
    if (!end || *end) continue;
    zka_bench_row *w = zka_bench_row_for(r, part[0], part[1], (unsigned)log_n, part[3]);
    if (!w) break;
    count++;
    const char *label = zka_json_str(b, "label", NULL);
    if (label) snprintf(w->devices, sizeof w->devices, "%s", label);
    if (zka_json_num(b, "error_occurred", 0) != 0) {
      snprintf(w->error, sizeof w->error, "%s", zka_json_str(b, "error_message", "failed"));
      continue;
    }
    double unit = zka_time_unit_seconds(zka_json_str(b, "time_unit", "ns"));
    double t = zka_json_num(b, "real_time", 0) * unit;
    double check = zka_json_num(b, "check", -1), rate = zka_json_num(b, "elements_per_second", 0);
    const char *run_type = zka_json_str(b, "run_type", "iteration");
    if (!strcmp(run_type, "aggregate")) {
      if (!strcmp(zka_json_str(b, "aggregate_name", ""), "median")) {
        w->has_median = 1;
        w->seconds = t;
        w->rate = rate;
        w->repetitions = (int)zka_json_num(b, "repetitions", 0);
        if (check >= 0) w->check = check >= 1 ? 1 : 0;
      }
      continue;
    }
    /* A plain run (no aggregates): keep it; the median is taken below. */
    if (w->nsamples < ZKA_BENCH_MAX_SAMPLES) {
      w->samples[w->nsamples] = t;
      w->sample_rates[w->nsamples] = rate;
      w->nsamples++;
    }
    if (check >= 0) w->check = (w->check == 0 || check < 1) ? 0 : 1;
  }
  for (size_t i = 0; i < r->n; i++) {
    zka_bench_row *w = &r->rows[i];
    if (!w->has_median && w->nsamples) {
      w->repetitions = w->nsamples;
      w->seconds = zka_median(w->samples, w->nsamples);
      w->rate = zka_median(w->sample_rates, w->nsamples);
    }
  }
  zka_json_free(doc);
  return count;
}

/* CPU time / this row's time for the same primitive, field and size; 0 when unknown. */
static double zka_bench_ratio(const zka_bench_results *r, const zka_bench_row *w) {
  if (w->error[0] || w->seconds <= 0) return 0;
  for (size_t i = 0; i < r->n; i++) {
    const zka_bench_row *c = &r->rows[i];
    if (!strcmp(c->backend, "cpu") && !strcmp(c->primitive, w->primitive) && !strcmp(c->field, w->field) &&
        c->log_n == w->log_n && !c->error[0] && c->seconds > 0)
      return c->seconds / w->seconds;
  }
  return 0;
}

static const char *zka_bench_verdict(const zka_bench_row *w) {
  if (w->error[0]) return "error";
  return w->check == 1 ? "identical" : w->check == 0 ? "MISMATCH" : "not reported";
}

/* ---- output files ------------------------------------------------------------------- */

static void zka_json_write_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void zka_json_write_number(FILE *f, double v) {
  if (v > 0 && isfinite(v)) fprintf(f, "%.6g", v);
  else fprintf(f, "null");
}

static void zka_csv_write_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static void zka_fmt_time(char *out, size_t len, double s) {
  if (s <= 0) snprintf(out, len, "-");
  else if (s < 1e-3) snprintf(out, len, "%.1f µs", s * 1e6);
  else if (s < 1) snprintf(out, len, "%.2f ms", s * 1e3);
  else snprintf(out, len, "%.3f s", s);
}

static void zka_fmt_rate(char *out, size_t len, double r) {
  if (r <= 0) snprintf(out, len, "-");
  else if (r >= 1e9) snprintf(out, len, "%.2f Gelem/s", r / 1e9);
  else if (r >= 1e6) snprintf(out, len, "%.1f Melem/s", r / 1e6);
  else snprintf(out, len, "%.1f kelem/s", r / 1e3);
}

typedef struct {
  char backend[32];
  char names[512]; /* "name; name" of its available devices */
} zka_bench_backend;

typedef struct {
  const char *out_dir;
  const char *fields;   /* NULL: the suites' default */
  const char *sizes;    /* NULL: the suites' default */
  int quick;
  char backends[128];   /* resolved, comma-separated, "cpu" first */
  zka_bench_backend backend_info[ZKA_BENCH_MAX_BACKENDS];
  size_t nbackends;
} zka_bench_setup;

static FILE *zka_bench_open(const zka_bench_setup *s, const char *name, char *path, size_t len) {
  snprintf(path, len, "%s/%s", s->out_dir, name);
  FILE *f = fopen(path, "w");
  if (!f) fprintf(stderr, "zkaccel bench: cannot write %s: %s\n", path, strerror(errno));
  return f;
}

static int zka_bench_write_json(const zka_bench_setup *s, const zka_bench_results *r) {
  char path[PATH_MAX + 32];
  FILE *f = zka_bench_open(s, "results.json", path, sizeof path);
  if (!f) return -1;
  fprintf(f, "{\n  \"tool\": \"zkaccel bench\",\n  \"version\": \"%s\",\n  \"date\": ", ZKA_CLI_VERSION);
  zka_json_write_string(f, r->date);
  fprintf(f, ",\n  \"host\": ");
  zka_json_write_string(f, r->host);
  fprintf(f, ",\n  \"num_cpus\": %.0f,\n  \"mhz_per_cpu\": %.0f,\n", r->num_cpus, r->mhz);
  fprintf(f, "  \"options\": {\"quick\": %s, \"fields\": ", s->quick ? "true" : "false");
  zka_json_write_string(f, s->fields ? s->fields : "default");
  fprintf(f, ", \"sizes\": ");
  zka_json_write_string(f, s->sizes ? s->sizes : "default");
  fprintf(f, ", \"backends\": ");
  zka_json_write_string(f, s->backends);
  fprintf(f, "},\n  \"devices\": [");
  for (size_t i = 0; i < s->nbackends; i++) {
    fprintf(f, "%s\n    {\"backend\": ", i ? "," : "");
    zka_json_write_string(f, s->backend_info[i].backend);
    fprintf(f, ", \"devices\": ");
    zka_json_write_string(f, s->backend_info[i].names);
    fprintf(f, "}");
  }
  fprintf(f, "\n  ],\n  \"results\": [");
  for (size_t i = 0; i < r->n; i++) {
    const zka_bench_row *w = &r->rows[i];
    fprintf(f, "%s\n    {\"primitive\": ", i ? "," : "");
    zka_json_write_string(f, w->primitive);
    fprintf(f, ", \"field\": ");
    zka_json_write_string(f, w->field);
    fprintf(f, ", \"log_n\": %u, \"backend\": ", w->log_n);
    zka_json_write_string(f, w->backend);
    fprintf(f, ", \"median_seconds\": ");
    zka_json_write_number(f, w->seconds);
    fprintf(f, ", \"elements_per_second\": ");
    zka_json_write_number(f, w->rate);
    fprintf(f, ", \"ratio_to_cpu\": ");
    zka_json_write_number(f, zka_bench_ratio(r, w));
    fprintf(f, ", \"check\": \"%s\", \"repetitions\": %d, \"devices\": ",
            w->error[0] ? "error" : w->check == 1 ? "identical" : w->check == 0 ? "mismatch" : "not reported",
            w->repetitions);
    zka_json_write_string(f, w->devices);
    fprintf(f, ", \"error\": ");
    zka_json_write_string(f, w->error);
    fprintf(f, "}");
  }
  fprintf(f, "\n  ]\n}\n");
  return fclose(f) ? -1 : 0;
}

static int zka_bench_write_csv(const zka_bench_setup *s, const zka_bench_results *r) {
  char path[PATH_MAX + 32];
  FILE *f = zka_bench_open(s, "results.csv", path, sizeof path);
  if (!f) return -1;
  fprintf(f, "primitive,field,log_n,backend,median_seconds,elements_per_second,ratio_to_cpu,check,repetitions,"
             "devices,error\n");
  for (size_t i = 0; i < r->n; i++) {
    const zka_bench_row *w = &r->rows[i];
    double ratio = zka_bench_ratio(r, w);
    fprintf(f, "%s,%s,%u,%s,", w->primitive, w->field, w->log_n, w->backend);
    if (w->seconds > 0) fprintf(f, "%.6g", w->seconds);
    fputc(',', f);
    if (w->rate > 0) fprintf(f, "%.6g", w->rate);
    fputc(',', f);
    if (ratio > 0) fprintf(f, "%.4g", ratio);
    fprintf(f, ",%s,%d,", zka_bench_verdict(w), w->repetitions);
    zka_csv_write_string(f, w->devices);
    fputc(',', f);
    zka_csv_write_string(f, w->error);
    fputc('\n', f);
  }
  return fclose(f) ? -1 : 0;
}

/* The table (also printed on stdout at the end). */
static void zka_bench_table(FILE *f, const zka_bench_results *r) {
  fprintf(f, "| primitive | field or hash | size | backend | median time | throughput | ratio to cpu | check |\n");
  fprintf(f, "| --- | --- | ---: | --- | ---: | ---: | ---: | --- |\n");
  for (size_t i = 0; i < r->n; i++) {
    const zka_bench_row *w = &r->rows[i];
    char t[32], rate[32], ratio[32];
    zka_fmt_time(t, sizeof t, w->error[0] ? 0 : w->seconds);
    zka_fmt_rate(rate, sizeof rate, w->error[0] ? 0 : w->rate);
    double x = zka_bench_ratio(r, w);
    if (x > 0) snprintf(ratio, sizeof ratio, "%.2fx", x);
    else snprintf(ratio, sizeof ratio, "-");
    fprintf(f, "| %s | %s | 2^%u | %s | %s | %s | %s | %s", w->primitive, w->field, w->log_n, w->backend, t, rate,
            ratio, zka_bench_verdict(w));
    if (w->error[0]) fprintf(f, ": %s", w->error);
    fprintf(f, " |\n");
  }
}

static int zka_bench_write_summary(const zka_bench_setup *s, const zka_bench_results *r, size_t matched,
                                   size_t failed, const char *command) {
  char path[PATH_MAX + 32];
  FILE *f = zka_bench_open(s, "summary.md", path, sizeof path);
  if (!f) return -1;
  fprintf(f, "# zkaccel bench\n\n");
  fprintf(f, "`%s`, %s on %s (%.0f CPUs at %.0f MHz), zkaccel %s.\n\n", command, r->date, r->host, r->num_cpus,
          r->mhz, ZKA_CLI_VERSION);
  fprintf(f, "Devices:\n\n");
  for (size_t i = 0; i < s->nbackends; i++)
    fprintf(f, "- %s: %s\n", s->backend_info[i].backend, s->backend_info[i].names);
  fprintf(f,
          "\nEach row is one benchmark of the primitive's suite (zka_bench_<primitive>) on an engine\n"
          "restricted to that backend: the median wall time of one operation over the repetitions,\n"
          "the throughput in elements per second, the ratio to the CPU (CPU time / this time: above\n"
          "1 is faster than the CPU) and check: the backend's output compared byte for byte with the\n"
          "CPU backend's for the same input.  One operation is:\n\n");
  static const char *const what[][2] = {
      {"ntt", "one forward transform, natural order, of 2^size elements of the field"},
      {"hash", "one batch of 2^size messages (zka_hash_batch) of the hash in the field column: 1 KiB\n"
               "  each for sha256 and keccak256, 2 Fr for poseidon_bn254, 16 elements for Poseidon2;\n"
               "  throughput in messages per second; check also recomputes sampled messages with zka_hash"},
      {"merkle", "one tree over 2^size leaves (zka_merkle_build, all layers kept) of the hash in\n"
                 "  the field column: 64 bytes per leaf for sha256 and keccak256, 2 Fr for poseidon_bn254,\n"
                 "  8 elements for Poseidon2; throughput in leaves per second; check compares the root,\n"
                 "  and sampled leaves' paths must verify"},
      {"msm", "one MSM of 2^size random points and scalars of the group in the field column;\n"
              "  check compares the normalized result"},
      {"zkvm", "one zkVM proof (zka_zkvm_prove: run, trace tables, STARK) of the example guest in\n"
               "  the field column on an input sized for about 2^size cycles; throughput in cycles per\n"
               "  second; check: the proof verifies, its claims equal the executor's, and its bytes\n"
               "  equal the cpu's.  <guest>-exec rows time the executor alone (no proof; check: exit 0)"},
      {"groth16", "one whole Groth16 proof (zka_groth16_prove, seeded) for a domain of 2^size: on a\n"
                  "  synthetic zkey for the curve of the field column, or on a real circom circuit\n"
                  "  (circom_<folder>, ZKA_BENCH_G16_CIRCUITS); throughput in constraints per second;\n"
                  "  check compares the proof bytes with the cpu's.  The snarkjs rows time `snarkjs\n"
                  "  groth16 prove` on the same files (one process each); their check says zkaccel's\n"
                  "  verifier accepts snarkjs's proof"},
  };
  for (size_t k = 0; k < sizeof what / sizeof what[0]; k++) {
    int present = 0;
    for (size_t i = 0; i < r->n && !present; i++) present = !strcmp(r->rows[i].primitive, what[k][0]);
    if (present) fprintf(f, "- %s: %s.\n", what[k][0], what[k][1]);
  }
  fprintf(f, "\n");
  zka_bench_table(f, r);
  fprintf(f, "\nChecks: %zu of %zu identical to the CPU", matched, r->n);
  if (failed) fprintf(f, "; %zu MISMATCH or failed", failed);
  fprintf(f, ".\n");
  return fclose(f) ? -1 : 0;
}

/* ---- running other programs ---------------------------------------------------------- */

/* Run argv[0] (a path) with extra environment entries ("NAME=value", replacing any inherited
 * one of the same name) and stdout (and stderr too, when both_to_file) sent to out_path.
 * Returns the exit status, 128+signal when killed, -1 when it could not start. */
static int zka_bench_spawn(char *const argv[], char *const extra_env[], size_t nextra, const char *out_path,
                           int both_to_file) {
  size_t nenv = 0;
  while (environ[nenv]) nenv++;
  char **envp = calloc(nenv + nextra + 1, sizeof *envp);
  if (!envp) return -1;
  size_t k = 0;
  for (size_t i = 0; i < nenv; i++) {
    int replaced = 0;
    for (size_t j = 0; j < nextra; j++) {
      size_t name_len = (size_t)(strchr(extra_env[j], '=') - extra_env[j]) + 1;
      if (!strncmp(environ[i], extra_env[j], name_len)) replaced = 1;
    }
    if (!replaced) envp[k++] = environ[i];
  }
  for (size_t j = 0; j < nextra; j++) envp[k++] = extra_env[j];
  envp[k] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (out_path) {
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (both_to_file) posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid;
  int err = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  free(envp);
  if (err) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The directory holding this executable (no trailing slash). */
static int zka_bench_exe_dir(char *out, size_t len) {
  ssize_t n = readlink("/proc/self/exe", out, len - 1);
  if (n <= 0) return -1;
  out[n] = '\0';
  char *slash = strrchr(out, '/');
  if (!slash) return -1;
  *slash = '\0';
  return 0;
}

/* `gnuplot` on $PATH, or 0. */
static int zka_bench_find_program(const char *name, char *out, size_t len) {
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path; *p;) {
    const char *q = strchr(p, ':');
    size_t dl = q ? (size_t)(q - p) : strlen(p);
    snprintf(out, len, "%.*s/%s", (int)dl, dl ? p : ".", name);
    if (access(out, X_OK) == 0) return 1;
    if (!q) break;
    p = q + 1;
  }
  return 0;
}

static int zka_mkdirs(const char *dir) {
  char buf[PATH_MAX];
  if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) return -1;
  for (char *p = buf + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char saved = *p;
      *p = '\0';
      if (mkdir(buf, 0755) && errno != EEXIST) return -1;
      *p = saved;
      if (!saved) break;
    }
  }
  struct stat st;
  return (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) ? 0 : -1;
}

/* gnuplot single-quoted string: a quote is written twice. */
static void zka_gp_string(FILE *f, const char *s) {
  fputc('\'', f);
  for (; *s; s++) {
    if (*s == '\'') fputc('\'', f);
    fputc(*s, f);
  }
  fputc('\'', f);
}

/* DIR/<primitive>.gp, then DIR/<primitive>.png through gnuplot when it is installed. */
static void zka_bench_plot(const zka_bench_setup *s, const zka_bench_results *r, const char *prim,
                           const char *gnuplot) {
  const char *fields[16], *backends[ZKA_BENCH_MAX_BACKENDS];
  size_t nf = 0, nb = 0;
  for (size_t i = 0; i < r->n; i++) {
    const zka_bench_row *w = &r->rows[i];
    if (strcmp(w->primitive, prim) || w->error[0] || w->seconds <= 0) continue;
    size_t j = 0;
    while (j < nf && strcmp(fields[j], w->field)) j++;
    if (j == nf && nf < 16) fields[nf++] = w->field;
    j = 0;
    while (j < nb && strcmp(backends[j], w->backend)) j++;
    if (j == nb && nb < ZKA_BENCH_MAX_BACKENDS) backends[nb++] = w->backend;
  }
  if (!nf) return;
  char gp_path[PATH_MAX + 32], png_path[PATH_MAX + 32], log_path[PATH_MAX + 32], name[64];
  snprintf(name, sizeof name, "%s.gp", prim);
  FILE *f = zka_bench_open(s, name, gp_path, sizeof gp_path);
  if (!f) return;
  snprintf(png_path, sizeof png_path, "%s/%s.png", s->out_dir, prim);
  snprintf(log_path, sizeof log_path, "%s/%s.gnuplot.log", s->out_dir, prim);
  const unsigned cols = nf > 1 ? 2 : 1, rows = (unsigned)((nf + cols - 1) / cols);
  fprintf(f, "# zkaccel bench: %s, median time per operation against size (gnuplot %s.gp)\n", prim, prim);
  for (size_t fi = 0; fi < nf; fi++)
    for (size_t bi = 0; bi < nb; bi++) {
      fprintf(f, "$d_%zu_%zu << EOD\n", fi, bi);
      for (size_t i = 0; i < r->n; i++) {
        const zka_bench_row *w = &r->rows[i];
        if (!strcmp(w->primitive, prim) && !strcmp(w->field, fields[fi]) && !strcmp(w->backend, backends[bi]) &&
            !w->error[0] && w->seconds > 0)
          fprintf(f, "%u %.6g\n", w->log_n, w->seconds);
      }
      fprintf(f, "EOD\n");
    }
  fprintf(f,
          "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { set terminal pngcairo size %u,%u } "
          "else { set terminal png size %u,%u }\n",
          640 * cols, 60 + 440 * rows, 640 * cols, 60 + 440 * rows);
  fprintf(f, "set termoption noenhanced\nset output ");
  zka_gp_string(f, png_path);
  fprintf(f, "\nset multiplot layout %u,%u title '%s: median time per operation (log scale) against size'\n", rows,
          cols, prim);
  fprintf(f, "set logscale y\nset grid\nset key top left\nset xlabel 'log2(size)'\nset ylabel 'seconds'\n"
             "set format y '%%g'\nset xtics 1\nset offsets 0.25, 0.25, 0, 0\n");
  for (size_t fi = 0; fi < nf; fi++) {
    fprintf(f, "set title ");
    zka_gp_string(f, fields[fi]);
    fprintf(f, "\nplot ");
    int first = 1;
    for (size_t bi = 0; bi < nb; bi++) {
      int has = 0;
      for (size_t i = 0; i < r->n && !has; i++) {
        const zka_bench_row *w = &r->rows[i];
        has = !strcmp(w->primitive, prim) && !strcmp(w->field, fields[fi]) && !strcmp(w->backend, backends[bi]) &&
              !w->error[0] && w->seconds > 0;
      }
      if (!has) continue;
      fprintf(f, "%s$d_%zu_%zu with linespoints lw 2 title ", first ? "" : ", ", fi, bi);
      zka_gp_string(f, backends[bi]);
      first = 0;
    }
    fprintf(f, "\n");
  }
  fprintf(f, "unset multiplot\n");
  if (fclose(f)) return;
  if (!gnuplot) {
    fprintf(stderr, "bench: gnuplot not found on PATH (Debian: apt-get install gnuplot-nox): no %s; %s renders it later\n",
            png_path, gp_path);
    return;
  }
  char *argv[] = {(char *)gnuplot, gp_path, NULL};
  int rc = zka_bench_spawn(argv, NULL, 0, log_path, 1);
  if (rc != 0) fprintf(stderr, "bench: gnuplot failed on %s (exit %d, see %s); no plot\n", gp_path, rc, log_path);
  else {
    remove(log_path); /* empty on success */
    fprintf(stderr, "bench: wrote %s\n", png_path);
  }
}

/* ---- the command -------------------------------------------------------------------- */

static int zka_bench_list_has(const char *list, const char *name) {
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

/* Which backends to measure: the requested ones that have an available device, "cpu" first;
 * the others are reported.  Returns 0, or 1 after an error message. */
static int zka_bench_resolve_backends(zka_bench_setup *s, const char *want) {
  static const char *const known[] = {"cpu", "opencl", "cuda", "fpga", "fpga-emu", "all"};
  if (want) {
    for (const char *p = want; *p;) {
      const char *q = strchr(p, ',');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      int ok = 0;
      for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        ok |= strlen(known[k]) == len && !strncmp(known[k], p, len);
      if (!ok) {
        fprintf(stderr, "zkaccel bench: unknown backend '%.*s' (cpu, opencl, cuda, fpga, fpga-emu, all)\n",
                (int)len, p);
        return 2;
      }
      if (!q) break;
      p = q + 1;
    }
  }
  zka_engine_options opt = zka_engine_options_default();
  opt.quiet = 1; /* the default selection ($ZKACCEL_BACKENDS, else non-emulators) */
  zka_engine *e = zka_cli_engine(&opt);
  if (!e) return 1;
  int all = want && zka_bench_list_has(want, "all");
  s->nbackends = 0;
  s->backends[0] = '\0';
  /* The CPU first, then the engine's device order (the order of `zkaccel devices`). */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < zka_engine_device_count(e); i++) {
      zka_device_info d;
      if (zka_engine_device_info(e, i, &d) != ZKA_OK) continue;
      int is_cpu = !strcmp(d.backend, "cpu");
      if (is_cpu != (pass == 0)) continue;
      int wanted = is_cpu || (want ? (all || zka_bench_list_has(want, d.backend)) : zka_engine_device_selected(e, i));
      if (!wanted) continue;
      if (!d.available) {
        /* Said once per backend, unless another of its devices is available (below). */
        int other = 0;
        for (size_t j = 0; j < zka_engine_device_count(e); j++) {
          zka_device_info o;
          if (j != i && zka_engine_device_info(e, j, &o) == ZKA_OK && o.available && !strcmp(o.backend, d.backend))
            other = 1;
        }
        if (!other && want && !all) fprintf(stderr, "bench: backend %s unavailable, skipped: %s\n", d.backend, d.reason);
        continue;
      }
      size_t b = 0;
      while (b < s->nbackends && strcmp(s->backend_info[b].backend, d.backend)) b++;
      if (b == s->nbackends) {
        if (b == ZKA_BENCH_MAX_BACKENDS) continue;
        s->nbackends++;
        snprintf(s->backend_info[b].backend, sizeof s->backend_info[b].backend, "%s", d.backend);
        s->backend_info[b].names[0] = '\0';
        size_t used = strlen(s->backends);
        snprintf(s->backends + used, sizeof s->backends - used, "%s%s", used ? "," : "", d.backend);
      }
      size_t used = strlen(s->backend_info[b].names);
      snprintf(s->backend_info[b].names + used, sizeof s->backend_info[b].names - used, "%s%s", used ? "; " : "",
               d.name);
    }
  zka_engine_destroy(e);
  return 0;
}

/* Validate a comma list of log2 sizes. */
static int zka_bench_sizes_ok(const char *list) {
  if (!*list) return 0;
  for (const char *p = list; *p;) {
    char *end = NULL;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || v < 1 || v > ZKA_NTT_MAX_LOG_N || (*end && *end != ',')) return 0;
    p = *end ? end + 1 : end;
  }
  return 1;
}

/* Whether a --fields name is one a primitive's suite takes: ntt takes fields; hash and merkle
 * take hash names (hash.h), or a field that has hashes: Poseidon over BN254 Fr, Poseidon2
 * over BabyBear and Goldilocks (a field selects the hashes over it, bench/bench_hash.cc;
 * BLS12-381 Fr has none); msm takes group names (msm.h), or a curve's scalar field for its
 * two groups (bench/bench_msm.cc); zkvm takes the example guests' names. */
static int zka_bench_name_applies(const char *prim, const char *name) {
  zka_field_id f;
  zka_hash_id h;
  zka_group_id g;
  int is_field = zka_field_id_parse(name, &f) == ZKA_OK;
  if (!strcmp(prim, "hash") || !strcmp(prim, "merkle"))
    return zka_hash_parse(name, &h) == ZKA_OK || (is_field && f != ZKA_FIELD_BLS12_381_FR);
  if (!strcmp(prim, "zkvm"))
    return !strcmp(name, "fibonacci") || !strcmp(name, "sha256") || !strcmp(name, "sort") || !strcmp(name, "bignum");
  if (!strcmp(prim, "groth16")) return is_field && (f == ZKA_FIELD_BN254_FR || f == ZKA_FIELD_BLS12_381_FR);
  if (!strcmp(prim, "msm"))
    return zka_group_parse(name, &g) == ZKA_OK ||
           (is_field && (f == ZKA_FIELD_BN254_FR || f == ZKA_FIELD_BLS12_381_FR));
  return is_field;
}

/* The names of list that prim's suite takes, comma-separated into out; returns how many. */
static size_t zka_bench_fields_for(const char *prim, const char *list, char *out, size_t out_len) {
  size_t kept = 0, used = 0;
  out[0] = '\0';
  for (const char *p = list; *p;) {
    const char *q = strchr(p, ',');
    char name[32];
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (len < sizeof name) {
      memcpy(name, p, len);
      name[len] = '\0';
      if (zka_bench_name_applies(prim, name) && used + len + 2 < out_len) {
        used += (size_t)snprintf(out + used, out_len - used, "%s%s", kept ? "," : "", name);
        kept++;
      }
    }
    if (!q) break;
    p = q + 1;
  }
  return kept;
}

/* Every name must be a field, a hash or a group. */
static int zka_bench_fields_ok(const char *list) {
  if (!*list) return 0;
  for (const char *p = list; *p;) {
    const char *q = strchr(p, ',');
    char name[32];
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (len >= sizeof name) return 0;
    memcpy(name, p, len);
    name[len] = '\0';
    zka_field_id f;
    zka_hash_id h;
    zka_group_id g;
    if (zka_field_id_parse(name, &f) != ZKA_OK && zka_hash_parse(name, &h) != ZKA_OK &&
        zka_group_parse(name, &g) != ZKA_OK && !zka_bench_name_applies("zkvm", name))
      return 0;
    if (!q) break;
    p = q + 1;
  }
  return 1;
}

int zka_cli_bench(int argc, char **argv) {
  zka_bench_setup s;
  memset(&s, 0, sizeof s);
  const char *prims = NULL, *want_backends = NULL;
  char command[512];
  size_t cl = (size_t)snprintf(command, sizeof command, "zkaccel");
  for (int i = 0; i < argc && cl < sizeof command; i++)
    cl += (size_t)snprintf(command + cl, sizeof command - cl, " %s", argv[i]);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      zka_bench_help(stdout);
      return 0;
    } else if (!strcmp(a, "--quick")) {
      s.quick = 1;
    } else if ((!strcmp(a, "--primitives") || !strcmp(a, "--primitive")) && v) {
      prims = v;
      i++;
    } else if ((!strcmp(a, "--backends") || !strcmp(a, "--backend")) && v) {
      want_backends = v;
      i++;
    } else if ((!strcmp(a, "--fields") || !strcmp(a, "--field")) && v) {
      s.fields = v;
      i++;
    } else if ((!strcmp(a, "--sizes") || !strcmp(a, "--size")) && v) {
      s.sizes = v;
      i++;
    } else if (!strcmp(a, "--out") && v) {
      s.out_dir = v;
      i++;
    } else {
      fprintf(stderr, "zkaccel bench: unknown or incomplete option '%s' (see zkaccel bench --help)\n", a);
      return 2;
    }
  }
  if (!s.out_dir || !*s.out_dir) {
    fprintf(stderr, "zkaccel bench: --out DIR is required (see zkaccel bench --help)\n");
    return 2;
  }
  if (s.sizes && !zka_bench_sizes_ok(s.sizes)) {
    fprintf(stderr, "zkaccel bench: --sizes takes a comma list of log2 sizes in 1..%d, e.g. 12,16,20\n",
            ZKA_NTT_MAX_LOG_N);
    return 2;
  }
  if (s.fields && !zka_bench_fields_ok(s.fields)) {
    fprintf(stderr,
            "zkaccel bench: --fields takes a comma list of fields (bn254_fr, bls12_381_fr, babybear, goldilocks) "
            "and hashes (sha256, keccak256, poseidon_bn254, poseidon2_babybear_16, poseidon2_babybear_24, "
            "poseidon2_goldilocks_8, poseidon2_goldilocks_12), groups (bn254_g1, bn254_g2, bls12_381_g1, "
            "bls12_381_g2) and zkVM guests (fibonacci, sha256, sort, bignum)\n");
    return 2;
  }
  int selected[ZKA_BENCH_N_PRIMITIVES] = {0};
  if (prims) {
    for (const char *p = prims; *p;) {
      const char *q = strchr(p, ',');
      size_t len = q ? (size_t)(q - p) : strlen(p), k = 0;
      while (k < ZKA_BENCH_N_PRIMITIVES &&
             !(strlen(zka_bench_primitives[k]) == len && !strncmp(zka_bench_primitives[k], p, len)))
        k++;
      if (k == ZKA_BENCH_N_PRIMITIVES) {
        fprintf(stderr, "zkaccel bench: unknown primitive '%.*s' (ntt, msm, hash, merkle, groth16, zkvm)\n", (int)len, p);
        return 2;
      }
      selected[k] = 1;
      if (!q) break;
      p = q + 1;
    }
  } else {
    for (size_t k = 0; k < ZKA_BENCH_N_PRIMITIVES; k++) selected[k] = 1;
  }

  /* The suites beside this executable. */
  char exe_dir[PATH_MAX], suite[ZKA_BENCH_N_PRIMITIVES][PATH_MAX + 32];
  if (zka_bench_exe_dir(exe_dir, sizeof exe_dir)) {
    fprintf(stderr, "zkaccel bench: cannot find this program's directory (/proc/self/exe)\n");
    return 1;
  }
  /* Each suite's share of --fields (ZKA_BENCH_FIELDS). */
  char suite_fields[ZKA_BENCH_N_PRIMITIVES][256];
  size_t nsuites = 0;
  for (size_t k = 0; k < ZKA_BENCH_N_PRIMITIVES; k++) {
    if (!selected[k]) continue;
    const char *prim = zka_bench_primitives[k];
    /* every primitive's suite is bench/bench_<primitive>.cc */
    int written = 1;
    snprintf(suite[k], sizeof suite[k], "%s/zka_bench_%s", exe_dir, prim);
    if (written && s.fields && !zka_bench_fields_for(prim, s.fields, suite_fields[k], sizeof suite_fields[k])) {
      fprintf(stderr, "bench: %s: none of --fields %s is a %s, skipped\n", prim, s.fields,
              !strcmp(prim, "ntt") || !strcmp(prim, "groth16") ? "field"
              : !strcmp(prim, "zkvm") ? "guest (fibonacci, sha256, sort, bignum)"
              : !strcmp(prim, "msm") ? "group or a curve's scalar field"
                                     : "hash or a field with hashes");
      selected[k] = 0;
    } else if (access(suite[k], X_OK) == 0) {
      nsuites++;
    } else if (written) {
      fprintf(stderr,
              "bench: %s: the suite %s is missing (the build needs a C++ compiler and Google Benchmark, "
              "libbenchmark-dev, and -DZKA_BUILD_BENCH=ON); skipped\n",
              prim, suite[k]);
      selected[k] = 0;
    } else {
      fprintf(stderr, "bench: %s: not built yet, skipped\n", zka_bench_primitives[k]);
      selected[k] = 0;
    }
  }
  if (!nsuites) {
    fprintf(stderr, "zkaccel bench: no benchmark suite to run (see the lines above)\n");
    return 1;
  }
  int rc = zka_bench_resolve_backends(&s, want_backends);
  if (rc) return rc;
  if (zka_mkdirs(s.out_dir)) {
    fprintf(stderr, "zkaccel bench: cannot create the directory %s: %s\n", s.out_dir, strerror(errno));
    return 1;
  }
  fprintf(stderr, "bench: backends %s; results in %s\n", s.backends, s.out_dir);

  /* The environment of the protocol (bench_cli.h). */
  char env_backends[160], env_fields[300], env_sizes[256], env_quick[32], env_base[64], env_total[64];
  char *env[6];
  size_t nenv = 0;
  snprintf(env_backends, sizeof env_backends, "ZKA_BENCH_BACKENDS=%s", s.backends);
  env[nenv++] = env_backends;
  if (s.sizes) {
    snprintf(env_sizes, sizeof env_sizes, "ZKA_BENCH_SIZES=%s", s.sizes);
    env[nenv++] = env_sizes;
  }
  snprintf(env_quick, sizeof env_quick, "ZKA_BENCH_QUICK=%d", s.quick);
  env[nenv++] = env_quick;
  /* Per suite, after these: its ZKA_BENCH_FIELDS (with --fields), then the progress pair. */
  size_t nfields = 0;
  if (s.fields) {
    env[nenv] = env_fields;
    nfields = 1;
  }

  /* With several suites, count their benchmarks first so the progress reads [k/total]. */
  size_t counts[ZKA_BENCH_N_PRIMITIVES] = {0}, total = 0;
  if (nsuites > 1) {
    for (size_t k = 0; k < ZKA_BENCH_N_PRIMITIVES; k++) {
      if (!selected[k]) continue;
      char list_path[PATH_MAX + 64];
      snprintf(list_path, sizeof list_path, "%s/raw_%s.list", s.out_dir, zka_bench_primitives[k]);
      char *args[] = {suite[k], (char *)"--benchmark_list_tests=true", NULL};
      if (nfields) snprintf(env_fields, sizeof env_fields, "ZKA_BENCH_FIELDS=%s", suite_fields[k]);
      if (zka_bench_spawn(args, env, nenv + nfields, list_path, 0) == 0) {
        char *text = zka_read_file(list_path);
        for (char *p = text; p && *p; p++)
          if (*p == '\n') counts[k]++;
        free(text);
      }
      remove(list_path);
      total += counts[k];
    }
  }

  zka_bench_results res;
  memset(&res, 0, sizeof res);
  time_t now = time(NULL);
  strftime(res.date, sizeof res.date, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
  if (gethostname(res.host, sizeof res.host)) snprintf(res.host, sizeof res.host, "?");
  res.host[sizeof res.host - 1] = '\0';
  int failed_suites = 0;
  size_t base = 0;
  for (size_t k = 0; k < ZKA_BENCH_N_PRIMITIVES; k++) {
    if (!selected[k]) continue;
    const char *prim = zka_bench_primitives[k];
    char json_path[PATH_MAX + 64], out_arg[PATH_MAX + 96];
    snprintf(json_path, sizeof json_path, "%s/raw_%s.json", s.out_dir, prim);
    snprintf(out_arg, sizeof out_arg, "--benchmark_out=%s", json_path);
    snprintf(env_base, sizeof env_base, "ZKA_BENCH_PROGRESS_BASE=%zu", base);
    snprintf(env_total, sizeof env_total, "ZKA_BENCH_PROGRESS_TOTAL=%zu", total);
    if (nfields) snprintf(env_fields, sizeof env_fields, "ZKA_BENCH_FIELDS=%s", suite_fields[k]);
    env[nenv + nfields] = env_base;
    env[nenv + nfields + 1] = env_total;
    /* JSON on stdout too (thrown away): the console format would print the suite's
     * context on stderr, between our progress lines. */
    char *args[] = {suite[k], out_arg, (char *)"--benchmark_out_format=json", (char *)"--benchmark_format=json", NULL};
    remove(json_path);
    int st = zka_bench_spawn(args, env, nenv + nfields + 2, "/dev/null", 0);
    int got = zka_bench_read_json(&res, json_path);
    if (st != 0 || got < 0) {
      fprintf(stderr, "bench: %s: the suite %s %s (its messages are above)\n", prim, suite[k],
              st == -1    ? "could not be started"
              : st > 128  ? "was killed by a signal"
              : st != 0   ? "failed"
                          : "wrote no readable results");
      failed_suites++;
    } else if (got == 0) {
      fprintf(stderr, "bench: %s: the suite ran no benchmark\n", prim);
      failed_suites++;
    }
    base += counts[k];
  }

  size_t matched = 0, failed = 0;
  for (size_t i = 0; i < res.n; i++) {
    if (res.rows[i].error[0] || res.rows[i].check == 0) failed++;
    else if (res.rows[i].check == 1) matched++;
  }
  int write_failed = zka_bench_write_json(&s, &res) | zka_bench_write_csv(&s, &res) |
                     zka_bench_write_summary(&s, &res, matched, failed, command);
  char gnuplot[PATH_MAX + 16];
  int have_gnuplot = zka_bench_find_program("gnuplot", gnuplot, sizeof gnuplot);
  for (size_t k = 0; k < ZKA_BENCH_N_PRIMITIVES; k++)
    if (selected[k]) zka_bench_plot(&s, &res, zka_bench_primitives[k], have_gnuplot ? gnuplot : NULL);

  printf("\n");
  zka_bench_table(stdout, &res);
  printf("\n");
  free(res.rows);
  if (write_failed) return 1;
  if (failed || failed_suites || !res.n) {
    printf("bench: FAILED: %zu of %zu checks identical to the cpu, %zu MISMATCH or failed%s; see %s/summary.md\n",
           matched, res.n, failed, failed_suites ? ", and a suite did not run cleanly" : "", s.out_dir);
    return 1;
  }
  printf("bench: all %zu checks identical to the cpu; results in %s (summary.md, results.json, results.csv)\n",
         matched, s.out_dir);
  return 0;
}
