/* ntt_cpu.c — the CPU backend's NTT (contract: ntt_cpu.h, include/zkaccel/ntt.h).
 *
 * Plan of one job (every pass runs over batch × pieces through exec->parallel_for):
 *   1. forward with a coset: x[pos] *= s^j, j the index element pos holds (input order); a
 *      table of factors per piece of 256 is formed once per chunk of the batch (one
 *      transform on natural input: inside the core's first pass instead, zka_ntt_prescale);
 *   2. the core is DIF (natural -> bit-reversed) or DIT (bit-reversed -> natural); a
 *      cache-blocked bit-reversal permutes before or after it when the orders do not fit
 *      (AVX-512: tiles of one cache line per row, transposed in registers);
 *   3. the core, radix-4 (two radix-2 layers fused per sweep) with a cache plan, the
 *      four-step (six-step) idea done in place:
 *        - "column passes" for the layers whose butterflies span more than one block: a pass
 *          takes up to K layers (R = 2^K rows of a strided view, R·C elements fitting half
 *          the L2, C = 2 KiB of columns) and runs them on C consecutive columns at a time,
 *          twiddles read contiguously from the per-stage table;
 *        - a "block pass" for the layers inside contiguous blocks of B elements (B sized to
 *          half the L2), finishing with a tail kernel for the last layers (in-register for
 *          the SIMD kernels);
 *      DIF runs the column passes top-down then the block pass; DIT the reverse.  The sub-
 *      transforms are sized from the per-core L2, not the L3: the L3 here (300 MiB, shared)
 *      holds every size up to 2^26 BabyBear whole, so an L3-sized split would change nothing,
 *      while the L2 decides how many times the data crosses it (one column pass and the block
 *      pass up to BabyBear 2^26, one more column pass at 2^27; plus the permutation).  A
 *      six-step with transposes into contiguous scratch was tried for the column groups and
 *      made BabyBear 2^24 ~20% slower (the copies cost more than the strided rows, see
 *      zka_ntt_core on the strip width);
 *   4. inverse: x[pos] *= n^-1 · s^-j (output order), or the constant n^-1 without a coset,
 *      folded into the permutation's tiles when there is one (AVX-512, 4- and 8-byte).
 * Kernels per field and SIMD cap (zka_ntt_kernels_for): BabyBear AVX2 / AVX-512, Goldilocks
 * AVX2 / AVX-512 (ntt_simd_x86.c), BN254 Fr and BLS12-381 Fr direct MULX/ADX (ntt_mont4.c)
 * or AVX-512 IFMA (ntt_ifma.c); the portable template (ntt_cpu_tmpl.h) at cap 0.
 * Twiddles: one table per field, direction and format (layouts in ntt_cpu_internal.h; the
 * IFMA kernels read their own pre-cut one), built on first use, grown when a bigger size
 * comes, and freed at exit.
 */
#include "kernels/cpu/ntt_cpu.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field/field_host.h"
#include "core/field/small_fields_portable.h"
#include "kernels/cpu/ntt_cpu_internal.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"

/* ---- portable kernels, one instantiation per field ----------------------------------- */

#define ZKA_NT zka_bn254_fr
#define ZKA_NN(op) zka_ntt_bn254_fr_##op
#define ZKA_NADD(a, b) zka_bn254_fr_add_h(a, b)
#define ZKA_NSUB(a, b) zka_bn254_fr_sub_h(a, b)
#define ZKA_NMUL(a, b) zka_bn254_fr_mul_h(a, b)
#include "kernels/cpu/ntt_cpu_tmpl.h"

#define ZKA_NT zka_bls12_381_fr
#define ZKA_NN(op) zka_ntt_bls12_381_fr_##op
#define ZKA_NADD(a, b) zka_bls12_381_fr_add_h(a, b)
#define ZKA_NSUB(a, b) zka_bls12_381_fr_sub_h(a, b)
#define ZKA_NMUL(a, b) zka_bls12_381_fr_mul_h(a, b)
#include "kernels/cpu/ntt_cpu_tmpl.h"

#define ZKA_NT zka_babybear
#define ZKA_NN(op) zka_ntt_babybear_##op
#define ZKA_NADD(a, b) zka_babybear_add_ref(a, b)
#define ZKA_NSUB(a, b) zka_babybear_sub_ref(a, b)
#define ZKA_NMUL(a, b) zka_babybear_mul_ref(a, b)
#include "kernels/cpu/ntt_cpu_tmpl.h"

#define ZKA_NT zka_goldilocks
#define ZKA_NN(op) zka_ntt_goldilocks_##op
#define ZKA_NADD(a, b) zka_goldilocks_add_ref(a, b)
#define ZKA_NSUB(a, b) zka_goldilocks_sub_ref(a, b)
#define ZKA_NMUL(a, b) zka_goldilocks_mul_ref(a, b)
#include "kernels/cpu/ntt_cpu_tmpl.h"

/* ---- per-field scalar helpers over the public pointer API (set-up work only) --------- */

typedef struct {
  zka_field_id id;
  size_t es; /* element bytes */
  const char *name;
  void (*mul)(void *out, const void *a, const void *b);
  void (*one)(void *out);
  void (*from_u64)(void *out, uint64_t v);
  zka_status (*inv)(void *out, const void *a);
  zka_status (*root)(void *out, unsigned log_n);
  const zka_ntt_kernels *scalar;
} zka_ntt_field;

#define ZKA_NTT_FIELD_OPS(F)                                                                \
  static void zka_ntt_mul_##F(void *o, const void *a, const void *b) { zka_##F##_mul(o, a, b); } \
  static void zka_ntt_one_##F(void *o) { zka_##F##_one(o); }                                \
  static void zka_ntt_u64_##F(void *o, uint64_t v) { zka_##F##_from_u64(o, v); }           \
  static zka_status zka_ntt_inv_##F(void *o, const void *a) { return zka_##F##_inv(o, a); } \
  static zka_status zka_ntt_root_##F(void *o, unsigned k) { return zka_##F##_root_of_unity(o, k); }

ZKA_NTT_FIELD_OPS(bn254_fr)
ZKA_NTT_FIELD_OPS(bls12_381_fr)
ZKA_NTT_FIELD_OPS(babybear)
ZKA_NTT_FIELD_OPS(goldilocks)

#define ZKA_NTT_FIELD_ENTRY(F, ID)                                                          \
  {ID,                sizeof(zka_##F),    #F,               zka_ntt_mul_##F,               \
   zka_ntt_one_##F,   zka_ntt_u64_##F,    zka_ntt_inv_##F,  zka_ntt_root_##F,              \
   &zka_ntt_##F##_kernels}

static const zka_ntt_field zka_ntt_fields[4] = {
    ZKA_NTT_FIELD_ENTRY(bn254_fr, ZKA_FIELD_BN254_FR),
    ZKA_NTT_FIELD_ENTRY(bls12_381_fr, ZKA_FIELD_BLS12_381_FR),
    ZKA_NTT_FIELD_ENTRY(babybear, ZKA_FIELD_BABYBEAR),
    ZKA_NTT_FIELD_ENTRY(goldilocks, ZKA_FIELD_GOLDILOCKS)};

static int zka_ntt_field_index(zka_field_id id) {
  for (int i = 0; i < 4; i++)
    if (zka_ntt_fields[i].id == id) return i;
  return -1;
}

/* ---- SIMD selection ------------------------------------------------------------------ */

static int zka_ntt_simd_cap = -1; /* -1: not chosen yet */

int zka_ntt_cpu_simd_available(void) {
#ifdef ZKA_NTT_HAVE_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return ZKA_NTT_SIMD_AVX512;
  if (__builtin_cpu_supports("avx2")) return ZKA_NTT_SIMD_AVX2;
#endif
  return ZKA_NTT_SIMD_SCALAR;
}

static int zka_ntt_simd_level(void) {
  int cap = __atomic_load_n(&zka_ntt_simd_cap, __ATOMIC_RELAXED);
  if (cap < 0) {
    /* Same switch as the field arithmetic (core/field/field.c): ZKA_PORTABLE=1 in the
     * environment forces the portable path everywhere. */
    const char *env = getenv("ZKA_PORTABLE");
    cap = (env && *env && strcmp(env, "0") != 0) ? ZKA_NTT_SIMD_SCALAR : ZKA_NTT_SIMD_AVX512;
    __atomic_store_n(&zka_ntt_simd_cap, cap, __ATOMIC_RELAXED);
  }
  int avail = zka_ntt_cpu_simd_available();
  return cap < avail ? cap : avail;
}

int zka_ntt_cpu_set_simd(int level) {
  (void)zka_ntt_simd_level(); /* resolve the default first, so it can be returned */
  return __atomic_exchange_n(&zka_ntt_simd_cap, level, __ATOMIC_RELAXED);
}

static const zka_ntt_kernels *zka_ntt_kernels_for(int fi) {
  int level = zka_ntt_simd_level();
#ifdef ZKA_NTT_HAVE_X86
  if (zka_ntt_fields[fi].id == ZKA_FIELD_BABYBEAR) {
    if (level >= ZKA_NTT_SIMD_AVX512) return &zka_ntt_babybear_avx512;
    if (level >= ZKA_NTT_SIMD_AVX2) return &zka_ntt_babybear_avx2;
  }
  if (zka_ntt_fields[fi].id == ZKA_FIELD_GOLDILOCKS) {
    if (level >= ZKA_NTT_SIMD_AVX512) return &zka_ntt_goldilocks_avx512;
    if (level >= ZKA_NTT_SIMD_AVX2) return &zka_ntt_goldilocks_avx2;
  }
#ifdef ZKA_NTT_HAVE_MONT4
  /* The 32-byte fields have no vector kernels; any cap above scalar lets them use the
   * direct MULX/ADX kernels when the field fast path is on (same bytes either way). */
  if (level > ZKA_NTT_SIMD_SCALAR && zka_field_fast_enabled) {
    /* AVX-512 IFMA: eight products per instruction sequence (ntt_ifma.c) */
    const int ifma = level >= ZKA_NTT_SIMD_AVX512 && zka_ntt_ifma_available();
    if (zka_ntt_fields[fi].id == ZKA_FIELD_BN254_FR)
      return ifma ? &zka_ntt_bn254_fr_ifma : zka_ntt_bn254_fr_adx;
    if (zka_ntt_fields[fi].id == ZKA_FIELD_BLS12_381_FR)
      return ifma ? &zka_ntt_bls12_381_fr_ifma : zka_ntt_bls12_381_fr_adx;
  }
#endif
#else
  (void)level;
#endif
  return zka_ntt_fields[fi].scalar;
}

const zka_ntt_kernels *zka_ntt_cpu_kernels(int field_id) {
  int fi = zka_ntt_field_index((zka_field_id)field_id);
  return fi < 0 ? NULL : zka_ntt_kernels_for(fi);
}

/* ---- twiddle cache ------------------------------------------------------------------- */

/* Tables larger than this are built per call and freed after it, so the cache stays
 * bounded (at most twice this per field and direction: superseded tables are kept until
 * exit because another thread may still be reading them). */
#define ZKA_NTT_CACHE_MAX_BYTES ((size_t)256 << 20)

typedef struct zka_ntt_table {
  struct zka_ntt_table *next; /* superseded tables, freed at exit */
  unsigned log_n;
  uint8_t *tw;
} zka_ntt_table;

static pthread_mutex_t zka_ntt_cache_lock = PTHREAD_MUTEX_INITIALIZER;
/* [field][direction][format (ZKA_NTT_TW_*)], newest first */
static zka_ntt_table *zka_ntt_cache[4][2][2];

/* Fill tw[0..2^log_n) for field f: tw[h + j] = w_{2h}^j (inverse roots when inverse). */
static zka_status zka_ntt_build_table(uint8_t *tw, const zka_ntt_field *f, unsigned log_n,
                                      int inverse) {
  const size_t es = f->es, n = (size_t)1 << log_n, half = n / 2;
  _Alignas(8) uint8_t w[32];
  zka_status st = f->root(w, log_n);
  if (st != ZKA_OK) return st;
  if (inverse && (st = f->inv(w, w)) != ZKA_OK) return st;
  f->one(tw); /* entry 0 is unused; keep it defined */
  uint8_t *top = tw + half * es; /* stage h = n/2: w_n^j */
  f->one(top);
  for (size_t j = 1; j < half; j++) f->mul(top + j * es, top + (j - 1) * es, w);
  /* stage h: w_{2h}^j = w_{4h}^{2j}, i.e. every other entry of the stage above */
  for (size_t h = half / 2; h >= 1; h /= 2)
    for (size_t j = 0; j < h; j++) memcpy(tw + (h + j) * es, tw + (2 * h + 2 * j) * es, es);
  return ZKA_OK;
}

/* Bytes per table entry in a format. */
static size_t zka_ntt_table_es(const zka_ntt_field *f, int format) {
  return format == ZKA_NTT_TW_IFMA52 ? (size_t)ZKA_NTT_TW_IFMA52_BYTES : f->es;
}

/* Allocate and fill the table of 2^log_n entries in a format (*out owned by the caller). */
static zka_status zka_ntt_make_table(uint8_t **out, const zka_ntt_field *f, unsigned log_n,
                                     int inverse, int format) {
  const size_t n = (size_t)1 << log_n;
  *out = NULL;
  uint8_t *tw = malloc(n * f->es);
  if (!tw) return ZKA_ERR_OUT_OF_MEMORY;
  zka_status st = zka_ntt_build_table(tw, f, log_n, inverse);
  if (st != ZKA_OK) {
    free(tw);
    return st;
  }
#ifdef ZKA_NTT_HAVE_MONT4
  if (format == ZKA_NTT_TW_IFMA52) {
    /* entries times 16 (Montgomery form of 16), then re-cut (ntt_cpu_internal.h) */
    uint8_t *packed = malloc(n * ZKA_NTT_TW_IFMA52_BYTES);
    if (!packed) {
      free(tw);
      return ZKA_ERR_OUT_OF_MEMORY;
    }
    _Alignas(8) uint8_t sixteen[32];
    f->from_u64(sixteen, 16);
    for (size_t i = 0; i < n; i++) f->mul(tw + i * f->es, tw + i * f->es, sixteen);
    zka_ntt_ifma_pack_table((uint64_t *)(void *)packed, (const uint64_t *)(const void *)tw, n);
    free(tw);
    tw = packed;
  }
#else
  (void)format;
#endif
  *out = tw;
  return ZKA_OK;
}

static void zka_ntt_cache_free(void) {
  for (int fi = 0; fi < 4; fi++)
    for (int d = 0; d < 2; d++)
      for (int fm = 0; fm < 2; fm++) {
        zka_ntt_table *t = zka_ntt_cache[fi][d][fm];
        while (t) {
          zka_ntt_table *next = t->next;
          free(t->tw);
          free(t);
          t = next;
        }
        zka_ntt_cache[fi][d][fm] = NULL;
      }
}

__attribute__((destructor)) static void zka_ntt_cache_at_exit(void) { zka_ntt_cache_free(); }

/* A table covering log_n in a format (ZKA_NTT_TW_*): *owned is set when the caller must
 * free it (too big to cache). */
static zka_status zka_ntt_get_table(const uint8_t **out, uint8_t **owned, int fi,
                                    unsigned log_n, int inverse, int format) {
  const zka_ntt_field *f = &zka_ntt_fields[fi];
  const size_t tes = zka_ntt_table_es(f, format);
  /* an IFMA52 table is made of blocks of 8 entries */
  const unsigned min_log = format == ZKA_NTT_TW_IFMA52 ? 3 : 1;
  if (log_n < min_log) log_n = min_log;
  *owned = NULL;
  if (((size_t)1 << log_n) * tes > ZKA_NTT_CACHE_MAX_BYTES) {
    uint8_t *tw;
    zka_status st = zka_ntt_make_table(&tw, f, log_n, inverse, format);
    if (st != ZKA_OK) return st;
    *out = *owned = tw;
    return ZKA_OK;
  }
  zka_status st = ZKA_OK;
  pthread_mutex_lock(&zka_ntt_cache_lock);
  zka_ntt_table *t = zka_ntt_cache[fi][inverse][format];
  if (!t || t->log_n < log_n) {
    /* Build at least 2^12 so small sizes share one table. */
    unsigned lg = log_n < 12 ? 12 : log_n;
    if ((((size_t)1 << lg) * tes) > ZKA_NTT_CACHE_MAX_BYTES) lg = log_n;
    zka_ntt_table *nt = calloc(1, sizeof *nt);
    uint8_t *tw = NULL;
    if (!nt) {
      st = ZKA_ERR_OUT_OF_MEMORY;
    } else if ((st = zka_ntt_make_table(&tw, f, lg, inverse, format)) != ZKA_OK &&
               st != ZKA_ERR_OUT_OF_MEMORY && lg != log_n) {
      /* the field's two-adicity is below 2^12: build exactly log_n */
      if ((st = zka_ntt_make_table(&tw, f, log_n, inverse, format)) == ZKA_OK) lg = log_n;
    }
    if (st == ZKA_OK) {
      nt->log_n = lg;
      nt->tw = tw;
      nt->next = t;
      zka_ntt_cache[fi][inverse][format] = t = nt;
    } else {
      free(tw);
      free(nt);
    }
  }
  if (st == ZKA_OK) *out = t->tw;
  pthread_mutex_unlock(&zka_ntt_cache_lock);
  return st;
}

/* ---- threads ------------------------------------------------------------------------- */

/* Run body over ntasks through exec (or inline). */
static void zka_ntt_run(const zka_cpu_exec *exec, size_t ntasks,
                        void (*body)(void *arg, size_t task), void *arg) {
  if (exec && exec->parallel_for && exec->threads > 1 && ntasks > 1) {
    exec->parallel_for(exec->pool, ntasks, body, arg);
    return;
  }
  for (size_t t = 0; t < ntasks; t++) body(arg, t);
}

static unsigned zka_ntt_threads(const zka_cpu_exec *exec) {
  return (exec && exec->parallel_for && exec->threads > 1) ? exec->threads : 1;
}

/* ---- the job context ----------------------------------------------------------------- */

typedef struct {
  const zka_ntt_field *f;
  const zka_ntt_kernels *k;
  uint8_t *data;
  size_t es, n, batch;
  unsigned log_n;
  const uint8_t *tw;      /* the standard table (portable small-size path) */
  const uint8_t *ktw;     /* the table in the kernels' format (k->tw_format) */
  size_t kes;             /* its bytes per entry */
  /* work split: `items` per transform, each task covers `per_task` consecutive items of
   * the flattened batch × items range */
  size_t items, per_task, total;
  /* pass parameters */
  size_t block;          /* block pass: B */
  unsigned block_log;
  size_t h_hi, h_lo, cols; /* column pass: layers h_hi .. h_lo, C columns per group */
  int dit;
  /* scaling pass */
  int bitrev_pos;        /* 1: position i holds index bitrev(i) */
  unsigned scale_log;    /* L: pieces of 2^L */
  _Alignas(8) uint8_t step[32];      /* s^(2^L) (natural) or s (bit-reversed) */
  _Alignas(8) uint8_t extra[32];     /* constant factor (n^-1 or 1) */
  const uint8_t *row_table; /* 2^L entries */
  size_t scale_chunk;    /* transforms per item of the scaling pass */
  unsigned perm_b, perm_mbits;
  unsigned perm_pb;      /* SIMD tiles: bits of m walked per item at each end */
  int perm_simd;         /* 1: the AVX-512 tile kernels (es 4, 8 or 32) */
  const uint8_t *perm_scale; /* non-NULL: the tiles also multiply by it (es 4 and 8) */
  /* forward coset on natural input, folded into the core's first pass: x[j] *= s^j with
   * row_table = s^i (i < 256) and step = s^256 */
  const uint8_t *pre_shift; /* s, or NULL */
  int pre_active;           /* 1 while the pass that scales runs */
  _Alignas(8) uint8_t pre_hstep[32]; /* s^h_lo: from one row of a column group to the next */
} zka_ntt_ctx;

static inline size_t zka_ntt_bitrev(size_t x, unsigned bits) {
  size_t r = 0;
  for (unsigned b = 0; b < bits; b++) r |= ((x >> b) & 1u) << (bits - 1 - b);
  return r;
}

/* The same without a loop (1 <= bits <= 64): swap halves, then ever smaller groups. */
static inline size_t zka_ntt_bitrev_fast(size_t x, unsigned bits) {
  uint64_t v = (uint64_t)x;
  v = (v >> 32) | (v << 32);
  v = ((v >> 16) & 0x0000ffff0000ffffULL) | ((v & 0x0000ffff0000ffffULL) << 16);
  v = ((v >> 8) & 0x00ff00ff00ff00ffULL) | ((v & 0x00ff00ff00ff00ffULL) << 8);
  v = ((v >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((v & 0x0f0f0f0f0f0f0f0fULL) << 4);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  return (size_t)(v >> (64 - bits));
}

/* Split batch × items into tasks (a few per thread, so uneven pieces balance). */
static size_t zka_ntt_split(zka_ntt_ctx *c, size_t items, const zka_cpu_exec *exec) {
  c->items = items;
  c->total = items * c->batch;
  size_t want = (size_t)zka_ntt_threads(exec) * 4;
  if (zka_ntt_threads(exec) == 1) want = 1;
  c->per_task = (c->total + want - 1) / want;
  if (c->per_task == 0) c->per_task = 1;
  return (c->total + c->per_task - 1) / c->per_task;
}

/* ---- pass: bit-reversal permutation (cache-blocked) ---------------------------------- */

static inline void zka_ntt_swap(uint8_t *a, uint8_t *b, size_t es) {
  if (es == 4) {
    uint32_t t;
    memcpy(&t, a, 4);
    memcpy(a, b, 4);
    memcpy(b, &t, 4);
  } else if (es == 8) {
    uint64_t t;
    memcpy(&t, a, 8);
    memcpy(a, b, 8);
    memcpy(b, &t, 8);
  } else {
    _Alignas(8) uint8_t t[32];
    memcpy(t, a, 32);
    memcpy(a, b, 32);
    memcpy(b, t, 32);
  }
}

/* Index i = (hi, mid, lo) with hi, lo of b bits: bitrev(i) = (rev lo, rev mid, rev hi), so
 * the tile of one mid value swaps with the tile of rev(mid), each tile 2^b runs of 2^b
 * consecutive elements (whole cache lines): both tiles are copied to the stack, then
 * written back row by row, A[hi][lo] = B[rev lo][rev hi] and B[r][c] = A[rev c][rev r].
 * Item = one mid value. */
typedef struct { uint64_t w[4]; } zka_ntt_e32;
#define ZKA_NTT_PERMUTE_TILES(NAME, T, BITS)                                                \
  static void NAME(zka_ntt_ctx *c, size_t begin, size_t end) {                             \
    const unsigned b = BITS, mb = c->perm_mbits;                                           \
    const size_t tb = (size_t)1 << b, rowstep = (size_t)1 << (mb + b);                     \
    size_t rev_b[16];                                                                      \
    T ta[256], tbuf[256];                                                                  \
    for (size_t i = 0; i < tb; i++) rev_b[i] = zka_ntt_bitrev(i, b);                       \
    for (size_t it = begin; it < end; it++) {                                              \
      T *x = (T *)(void *)(c->data + (it / c->items) * c->n * c->es);                      \
      size_t m = it % c->items, rm = zka_ntt_bitrev(m, mb);                                \
      if (rm < m) continue;                                                                \
      T *pa = x + (m << b), *pb = x + (rm << b);                                           \
      for (size_t r = 0; r < tb; r++) {                                                    \
        for (size_t col = 0; col < tb; col++) ta[r * tb + col] = pa[r * rowstep + col];    \
        if (rm != m)                                                                       \
          for (size_t col = 0; col < tb; col++) tbuf[r * tb + col] = pb[r * rowstep + col]; \
      }                                                                                    \
      const T *sb = rm != m ? tbuf : ta;                                                   \
      for (size_t hi = 0; hi < tb; hi++)                                                   \
        for (size_t lo = 0; lo < tb; lo++) pa[hi * rowstep + lo] = sb[rev_b[lo] * tb + rev_b[hi]]; \
      if (rm != m)                                                                         \
        for (size_t r = 0; r < tb; r++)                                                    \
          for (size_t col = 0; col < tb; col++) pb[r * rowstep + col] = ta[rev_b[col] * tb + rev_b[r]]; \
    }                                                                                      \
  }
ZKA_NTT_PERMUTE_TILES(zka_ntt_permute_tiles4, uint32_t, 4)
ZKA_NTT_PERMUTE_TILES(zka_ntt_permute_tiles8, uint64_t, 3)
ZKA_NTT_PERMUTE_TILES(zka_ntt_permute_tiles32, zka_ntt_e32, 3)

static void zka_ntt_permute_task(void *arg, size_t task) {
  zka_ntt_ctx *c = arg;
  const size_t es = c->es, n = c->n;
  size_t begin = task * c->per_task, end = begin + c->per_task;
  if (end > c->total) end = c->total;
  if (c->perm_b == 0) { /* small: plain loop, one item per transform */
    for (size_t it = begin; it < end; it++) {
      uint8_t *x = c->data + it * n * es;
      for (size_t i = 0; i < n; i++) {
        size_t r = zka_ntt_bitrev(i, c->log_n);
        if (i < r) zka_ntt_swap(x + i * es, x + r * es, es);
      }
    }
    return;
  }
#ifdef ZKA_NTT_HAVE_X86
  if (c->perm_simd) {
    /* Item = one value of the middle bits mc of m = (a, mc, bl) (a, bl: pb bits each); the
     * tiles of mc pair with those of rev(mc), so the item owning the smaller of the two does
     * both.  Walking the 2^(2·pb) tiles of an item keeps the pages the rows touch to 2^pb
     * per row and side (the plain order m = 0, 1, 2, ... moved rev(m) to a new page on
     * every row of every tile: a TLB miss per row with 4 KiB pages). */
    const unsigned b = c->perm_b, mb = c->perm_mbits, pb = c->perm_pb, cb = mb - 2 * pb;
    const size_t rowstep = (size_t)1 << (mb + b), side = (size_t)1 << pb;
    for (size_t it = begin; it < end; it++) {
      uint8_t *x = c->data + (it / c->items) * c->n * es;
      size_t mc = it % c->items, rmc = zka_ntt_bitrev(mc, cb);
      if (rmc < mc) continue;
      for (size_t a = 0; a < side; a++)
        for (size_t bl = 0; bl < side; bl++) {
          size_t m = (a << (mb - pb)) | (mc << pb) | bl, rm = zka_ntt_bitrev_fast(m, mb);
          if (rmc == mc && rm < m) continue;
          if (es == 4)
            zka_ntt_bitrev_tile16_avx512((uint32_t *)(void *)x + (m << b),
                                         (uint32_t *)(void *)x + (rm << b), rowstep,
                                         (const uint32_t *)(const void *)c->perm_scale);
          else if (es == 8)
            zka_ntt_bitrev_tile8_avx512((uint64_t *)(void *)x + (m << b),
                                        (uint64_t *)(void *)x + (rm << b), rowstep,
                                        (const uint64_t *)(const void *)c->perm_scale);
          else
            zka_ntt_bitrev_tile8x32_avx512((uint64_t *)(void *)(x + (m << b) * es),
                                           (uint64_t *)(void *)(x + (rm << b) * es), rowstep);
        }
    }
    return;
  }
#endif
  if (es == 4) zka_ntt_permute_tiles4(c, begin, end);
  else if (es == 8) zka_ntt_permute_tiles8(c, begin, end);
  else zka_ntt_permute_tiles32(c, begin, end);
}

/* The permutation; with scale non-NULL it also multiplies every element by *scale when the
 * tile kernels can (AVX-512 tiles of 4- or 8-byte elements) and returns 1, else returns 0
 * and leaves the scaling to the caller. */
static int zka_ntt_permute(zka_ntt_ctx *c, const zka_cpu_exec *exec, const uint8_t *scale) {
  /* tiles of 16 × 16 (4-byte), 8 × 8 (8- and 32-byte): rows of 64 or 256 bytes; 8 × 8 for
   * the 32-byte fields cut their permutation time by about a quarter against 4 × 4 */
  unsigned b = c->es <= 4 ? 4 : 3;
  if (c->log_n < 2 * b + 1) b = 0;
  c->perm_b = b;
  /* the AVX-512 tiles move whole vectors: 16 × 4, 8 × 8 or 8 × 32 bytes per tile row */
  c->perm_simd = zka_ntt_simd_level() >= ZKA_NTT_SIMD_AVX512 && b != 0 &&
                 ((c->es == 4 && b == 4) || (c->es == 8 && b == 3) || (c->es == 32 && b == 3));
  c->perm_scale = (scale && c->perm_simd && c->es != 32) ? scale : NULL;
  size_t ntasks;
  if (b == 0) {
    ntasks = zka_ntt_split(c, 1, exec);
  } else {
    c->perm_mbits = c->log_n - 2 * b;
    /* 2^3 tiles per end: 2 · 16 rows · 8 pages stay inside the second-level TLB */
    c->perm_pb = c->perm_simd ? (c->perm_mbits / 2 < 3 ? c->perm_mbits / 2 : 3) : 0;
    ntasks = zka_ntt_split(c, (size_t)1 << (c->perm_mbits - 2 * c->perm_pb), exec);
  }
  zka_ntt_run(exec, ntasks, zka_ntt_permute_task, c);
  const int scaled = c->perm_scale != NULL;
  c->perm_scale = NULL;
  return scaled;
}

/* ---- pass: scaling by (step-derived) powers ------------------------------------------ */

/* Item = one piece of 2^L positions.  Natural order: position i = hi·2^L + lo holds index
 * i, factor s^i = row_table[lo] · (s^(2^L))^hi.  Bit-reversed: position i holds
 * j = bitrev(lo)·2^(log_n - L) + bitrev(hi), factor row_table[lo] · s^bitrev(hi) with
 * row_table[lo] = (s^(2^(log_n-L)))^bitrev_L(lo).  Both times extra (n^-1 or 1). */
static void zka_ntt_pow(const zka_ntt_field *f, uint8_t *out, const uint8_t *x, uint64_t e) {
  _Alignas(8) uint8_t acc[32], base[32];
  f->one(acc);
  memcpy(base, x, f->es);
  while (e) {
    if (e & 1) f->mul(acc, acc, base);
    f->mul(base, base, base);
    e >>= 1;
  }
  memcpy(out, acc, f->es);
}

/* Item = one piece hi for one chunk of scale_chunk consecutive transforms: the piece's
 * factors row_table[lo] · factor(hi) are formed once into a local table and applied to the
 * piece of every transform of the chunk, so a batch (the STARK's columns) costs about one
 * product per element instead of two. */
static void zka_ntt_scale_task(void *arg, size_t task) {
  zka_ntt_ctx *c = arg;
  const size_t es = c->es, piece = (size_t)1 << c->scale_log, pieces = c->n >> c->scale_log;
  size_t begin = task * c->per_task, end = begin + c->per_task;
  if (end > c->total) end = c->total;
  _Alignas(64) uint8_t factor[32], combined[256 * 32];
  for (size_t it = begin; it < end; it++) {
    size_t chunk = it / pieces, hi = it % pieces;
    size_t t0 = chunk * c->scale_chunk, t1 = t0 + c->scale_chunk;
    if (t1 > c->batch) t1 = c->batch;
    uint64_t e = c->bitrev_pos ? zka_ntt_bitrev(hi, c->log_n - c->scale_log) : hi;
    zka_ntt_pow(c->f, factor, c->step, e);
    c->f->mul(factor, factor, c->extra);
    memcpy(combined, c->row_table, piece * es);
    c->k->scale(combined, factor, piece);
    for (size_t t = t0; t < t1; t++)
      c->k->mulpw(c->data + (t * c->n + hi * piece) * es, combined, piece);
  }
}

/* x[pos] *= extra · s^j(pos) over every transform; s = NULL: only extra. */
static zka_status zka_ntt_scale(zka_ntt_ctx *c, const uint8_t *s, const uint8_t *extra,
                                int bitrev_pos, const zka_cpu_exec *exec) {
  const zka_ntt_field *f = c->f;
  const size_t es = c->es;
  const unsigned L = c->log_n < 8 ? c->log_n : 8;
  const size_t piece = (size_t)1 << L;
  uint8_t *table = malloc(piece * es);
  if (!table) return ZKA_ERR_OUT_OF_MEMORY;
  _Alignas(8) uint8_t one[32], t[32];
  f->one(one);
  if (!s) {
    for (size_t i = 0; i < piece; i++) memcpy(table + i * es, one, es);
    memcpy(c->step, one, es);
  } else if (!bitrev_pos) {
    memcpy(table, one, es);
    for (size_t i = 1; i < piece; i++) f->mul(table + i * es, table + (i - 1) * es, s);
    zka_ntt_pow(f, c->step, s, (uint64_t)piece); /* s^(2^L) */
  } else {
    zka_ntt_pow(f, t, s, (uint64_t)1 << (c->log_n - L)); /* s^(2^(log_n - L)) */
    _Alignas(8) uint8_t acc[32];
    memcpy(acc, one, es);
    for (size_t i = 0; i < piece; i++) {
      memcpy(table + zka_ntt_bitrev(i, L) * es, acc, es);
      f->mul(acc, acc, t);
    }
    memcpy(c->step, s, es);
  }
  memcpy(c->extra, extra, es);
  c->bitrev_pos = bitrev_pos;
  c->scale_log = L;
  c->row_table = table;
  /* the batch in chunks, just enough of them that every thread gets items */
  const size_t pieces = c->n >> L, want = (size_t)zka_ntt_threads(exec) * 4;
  size_t chunks = pieces >= want ? 1 : (want + pieces - 1) / pieces;
  if (chunks > c->batch) chunks = c->batch;
  c->scale_chunk = (c->batch + chunks - 1) / chunks;
  chunks = (c->batch + c->scale_chunk - 1) / c->scale_chunk;
  c->items = pieces * chunks;
  c->total = c->items;
  c->per_task = (c->total + want - 1) / want;
  if (zka_ntt_threads(exec) == 1 || c->per_task == 0) c->per_task = c->total;
  size_t ntasks = (c->total + c->per_task - 1) / c->per_task;
  zka_ntt_run(exec, ntasks, zka_ntt_scale_task, c);
  free(table);
  c->row_table = NULL;
  return ZKA_OK;
}

/* ---- pass: constant scale ------------------------------------------------------------ */

static void zka_ntt_const_task(void *arg, size_t task) {
  zka_ntt_ctx *c = arg;
  const size_t piece = (size_t)1 << c->scale_log;
  size_t begin = task * c->per_task, end = begin + c->per_task;
  if (end > c->total) end = c->total;
  /* items are consecutive pieces of the whole batch (the batch is contiguous) */
  c->k->scale(c->data + begin * piece * c->es, c->extra, (end - begin) * piece);
}

static void zka_ntt_scale_const(zka_ntt_ctx *c, const uint8_t *factor,
                                const zka_cpu_exec *exec) {
  memcpy(c->extra, factor, c->es);
  c->scale_log = c->log_n < 12 ? c->log_n : 12;
  size_t ntasks = zka_ntt_split(c, c->n >> c->scale_log, exec);
  zka_ntt_run(exec, ntasks, zka_ntt_const_task, c);
}

/* ---- the coset factors inside the core's first pass ---------------------------------- */

/* x[i] *= s^(j0 + i) for i < len, with *factor = s^j0 on entry (clobbered): per piece of 256
 * the factors row_table[i]·factor are formed once (an L1-resident table) and applied. */
static void zka_ntt_prescale(const zka_ntt_ctx *c, uint8_t *x, size_t len, uint8_t *factor) {
  const size_t es = c->es;
  _Alignas(64) uint8_t combined[256 * 32];
  for (size_t off = 0; off < len; off += 256) {
    const size_t m = len - off < 256 ? len - off : 256;
    memcpy(combined, c->row_table, m * es);
    c->k->scale(combined, factor, m);
    c->k->mulpw(x + off * es, combined, m);
    c->f->mul(factor, factor, c->step);
  }
}

/* ---- pass: blocks (layers inside contiguous blocks of B) ----------------------------- */

/* Generic small layers h < 2^logb inside x[0..len) (scalar reference, any size). */
static void zka_ntt_small_layers(const zka_ntt_kernels *k, uint8_t *x, size_t len,
                                 unsigned logb, const uint8_t *tw, size_t es, int dit) {
  for (unsigned s = 0; s < logb; s++) {
    size_t h = dit ? ((size_t)1 << s) : ((size_t)1 << (logb - 1 - s));
    for (size_t g = 0; g < len; g += 2 * h) {
      if (dit) k->dit2(x + g * es, x + (g + h) * es, tw + h * es, h);
      else k->dif2(x + g * es, x + (g + h) * es, tw + h * es, h);
    }
  }
}

static void zka_ntt_block(const zka_ntt_ctx *c, uint8_t *x) {
  const zka_ntt_kernels *k = c->k;
  const size_t es = c->es, B = c->block;
  const unsigned lb = c->block_log;
  /* the kernels' twiddle table (entries of tes bytes; see zka_ntt_kernels.tw_format) */
  const uint8_t *tw = c->ktw;
  const size_t tes = c->kes;
  if (lb < k->tail_log) {
    zka_ntt_small_layers(c->f->scalar, x, B, lb, c->tw, es, c->dit);
    return;
  }
  const unsigned tl = k->tail_log;
  /* layers h = 2^(lb-1) .. 2^tl in pairs (radix-4); an odd one out is done alone */
  unsigned nl = lb - tl; /* layers above the tail */
  if (!c->dit) {
    unsigned s = lb; /* current top layer is h = 2^(s-1) */
    if (nl & 1) {
      size_t h = (size_t)1 << (s - 1);
      for (size_t g = 0; g < B; g += 2 * h) k->dif2(x + g * es, x + (g + h) * es, tw + h * tes, h);
      s--;
    }
    while (s >= tl + 2) {
      size_t h2 = (size_t)1 << (s - 2), h = 2 * h2;
      for (size_t g = 0; g < B; g += 4 * h2)
        k->dif4(x + g * es, x + (g + h2) * es, x + (g + 2 * h2) * es, x + (g + 3 * h2) * es,
                tw + h * tes, tw + (h + h2) * tes, tw + h2 * tes, h2);
      s -= 2;
    }
    k->tail_dif(x, B, tw);
  } else {
    k->tail_dit(x, B, tw);
    unsigned s = tl; /* next layer is h = 2^s */
    while (s + 2 <= lb) {
      size_t h2 = (size_t)1 << s, h = 2 * h2;
      for (size_t g = 0; g < B; g += 4 * h2)
        k->dit4(x + g * es, x + (g + h2) * es, x + (g + 2 * h2) * es, x + (g + 3 * h2) * es,
                tw + h * tes, tw + (h + h2) * tes, tw + h2 * tes, h2);
      s += 2;
    }
    if (s < lb) {
      size_t h = (size_t)1 << s;
      for (size_t g = 0; g < B; g += 2 * h) k->dit2(x + g * es, x + (g + h) * es, tw + h * tes, h);
    }
  }
}

static void zka_ntt_block_task(void *arg, size_t task) {
  zka_ntt_ctx *c = arg;
  size_t begin = task * c->per_task, end = begin + c->per_task;
  if (end > c->total) end = c->total;
  /* blocks of one transform are consecutive and transforms are contiguous: item it is the
   * block at element it·B of the whole batch */
  for (size_t it = begin; it < end; it++) {
    uint8_t *x = c->data + it * c->block * c->es;
    if (c->pre_active) { /* no column pass: the block is the first to read its elements */
      _Alignas(8) uint8_t factor[32];
      zka_ntt_pow(c->f, factor, c->pre_shift, (uint64_t)((it * c->block) % c->n));
      zka_ntt_prescale(c, x, c->block, factor);
    }
    zka_ntt_block(c, x);
  }
}

/* ---- pass: columns (layers h_hi .. h_lo, all >= B) ------------------------------------ */

/* A group: elements base + k·h_lo + [0, C) for rows k in [0, R), R = 2·h_hi/h_lo, where
 * base = part·2·h_hi + col0.  Layer h (H = h/h_lo rows apart) pairs rows (k, k + H) inside
 * each run of 2H rows, with twiddle index j = (k mod H)·h_lo + col0 + i. */
static void zka_ntt_columns(const zka_ntt_ctx *c, uint8_t *x, size_t col0) {
  const zka_ntt_kernels *k = c->k;
  const size_t es = c->es, hl = c->h_lo, C = c->cols;
  const size_t R = 2 * c->h_hi / hl;
  const size_t tes = c->kes;
  const uint8_t *tw = c->ktw + col0 * tes;
  x += col0 * es;
#define ZKA_ROW(r) (x + (r) * hl * es)
  if (!c->dit) {
    size_t H = R / 2; /* rows apart in the current layer */
    unsigned nl = 0;
    for (size_t t = R; t > 1; t /= 2) nl++;
    if (nl & 1) {
      for (size_t g = 0; g < R; g += 2 * H)
        for (size_t q = 0; q < H; q++)
          k->dif2(ZKA_ROW(g + q), ZKA_ROW(g + q + H), tw + (H * hl + q * hl) * tes, C);
      H /= 2;
    }
    while (H >= 2) { /* layers H and H/2 */
      size_t H2 = H / 2;
      for (size_t g = 0; g < R; g += 2 * H)
        for (size_t q = 0; q < H2; q++)
          k->dif4(ZKA_ROW(g + q), ZKA_ROW(g + q + H2), ZKA_ROW(g + q + H), ZKA_ROW(g + q + H + H2),
                  tw + (H * hl + q * hl) * tes, tw + (H * hl + (q + H2) * hl) * tes,
                  tw + (H2 * hl + q * hl) * tes, C);
      H /= 4;
    }
  } else {
    size_t H = 1;
    while (2 * H * 2 <= R) { /* layers H and 2H */
      size_t H2 = H, Hh = 2 * H;
      for (size_t g = 0; g < R; g += 2 * Hh)
        for (size_t q = 0; q < H2; q++)
          k->dit4(ZKA_ROW(g + q), ZKA_ROW(g + q + H2), ZKA_ROW(g + q + Hh), ZKA_ROW(g + q + Hh + H2),
                  tw + (Hh * hl + q * hl) * tes, tw + (Hh * hl + (q + H2) * hl) * tes,
                  tw + (H2 * hl + q * hl) * tes, C);
      H *= 4;
    }
    if (H < R) {
      for (size_t g = 0; g < R; g += 2 * H)
        for (size_t q = 0; q < H; q++)
          k->dit2(ZKA_ROW(g + q), ZKA_ROW(g + q + H), tw + (H * hl + q * hl) * tes, C);
    }
  }
#undef ZKA_ROW
}

static void zka_ntt_columns_task(void *arg, size_t task) {
  zka_ntt_ctx *c = arg;
  size_t begin = task * c->per_task, end = begin + c->per_task;
  if (end > c->total) end = c->total;
  const size_t groups_per_part = c->h_lo / c->cols;
  for (size_t it = begin; it < end; it++) {
    size_t t = it / c->items, r = it % c->items;
    size_t part = r / groups_per_part, g = r % groups_per_part;
    uint8_t *x = c->data + (t * c->n + part * 2 * c->h_hi) * c->es;
    if (c->pre_active) {
      /* the coset factors on the group's rows while they come in: row k starts at index
       * part·2·h_hi + g·C + k·h_lo, so one power per group and one product per row */
      const size_t R = 2 * c->h_hi / c->h_lo, es = c->es;
      _Alignas(8) uint8_t row_factor[32], factor[32];
      zka_ntt_pow(c->f, row_factor, c->pre_shift, (uint64_t)(part * 2 * c->h_hi + g * c->cols));
      for (size_t k = 0; k < R; k++) {
        memcpy(factor, row_factor, es);
        zka_ntt_prescale(c, x + (k * c->h_lo + g * c->cols) * es, c->cols, factor);
        c->f->mul(row_factor, row_factor, c->pre_hstep);
      }
    }
    zka_ntt_columns(c, x, g * c->cols);
  }
}

/* ---- the core ------------------------------------------------------------------------ */

static void zka_ntt_core(zka_ntt_ctx *c, int dit, const zka_cpu_exec *exec) {
  const size_t es = c->es, n = c->n;
  const unsigned threads = zka_ntt_threads(exec);
  const size_t l2 = (exec && exec->l2_bytes) ? exec->l2_bytes : ((size_t)512 << 10);
  c->dit = dit;
  /* B: a power of two with B·es <= L2/2, small enough that every thread gets blocks */
  unsigned lb = 0;
  while (lb < c->log_n && (((size_t)2 << lb) * es) <= l2 / 2) lb++;
  while (threads > 1 && lb > 10 && c->batch * (n >> lb) < 2 * (size_t)threads) lb--;
  if (lb < 1) lb = 1;
  if (lb > c->log_n) lb = c->log_n;
  c->block_log = lb;
  c->block = (size_t)1 << lb;
  /* C: 2 KiB of columns (half a 4 KiB page per row), at most B.  Strips of 256 bytes made
   * BabyBear 2^24 ~12% slower (64 vs 56 ms CPU, one core: the column pass reads 64 rows
   * 1 MiB apart, and longer runs per row let the L2 streamer keep up); 1 KiB was in between,
   * 2^20..2^22 and Goldilocks 2^22 were within noise either way (2026-12-02). */
  size_t C = 2048 / es;
  if (C < 4) C = 4;
  if (C > c->block) C = c->block;
  c->cols = C;
  /* K: layers per column pass with 2^K·C·es <= L2/2 (2^8 rows with 2 KiB strips and a
   * 2 MiB L2: every size up to 2^27 needs at most two column passes) */
  unsigned K = 1;
  while (((size_t)2 << K) * C * es <= l2 / 2 && K < 16) K++;
  const unsigned above = c->log_n - lb; /* layers h >= B */
  /* column passes as a list of [lo, hi] layer ranges in units of log2(h) */
  unsigned ranges[32][2], nr = 0;
  for (unsigned lo = lb; lo < lb + above; lo += K) {
    unsigned hi = lo + K - 1;
    if (hi > lb + above - 1) hi = lb + above - 1;
    ranges[nr][0] = lo;
    ranges[nr][1] = hi;
    nr++;
  }
  if (dit) {
    size_t ntasks = zka_ntt_split(c, n >> lb, exec);
    zka_ntt_run(exec, ntasks, zka_ntt_block_task, c);
  }
  /* DIF with pre_shift: the first pass also multiplies by the coset factors */
  c->pre_active = !dit && c->pre_shift != NULL;
  for (unsigned r = 0; r < nr; r++) {
    unsigned idx = dit ? r : nr - 1 - r; /* DIF: top layers first */
    c->h_lo = (size_t)1 << ranges[idx][0];
    c->h_hi = (size_t)1 << ranges[idx][1];
    if (c->pre_active) zka_ntt_pow(c->f, c->pre_hstep, c->pre_shift, (uint64_t)c->h_lo);
    size_t groups = (n / (2 * c->h_hi)) * (c->h_lo / C);
    size_t ntasks = zka_ntt_split(c, groups, exec);
    zka_ntt_run(exec, ntasks, zka_ntt_columns_task, c);
    c->pre_active = 0;
  }
  if (!dit) {
    size_t ntasks = zka_ntt_split(c, n >> lb, exec);
    zka_ntt_run(exec, ntasks, zka_ntt_block_task, c);
    c->pre_active = 0;
  }
}

/* ---- entry --------------------------------------------------------------------------- */

static zka_status zka_ntt_fail(char *err, size_t err_len, zka_status st, const char *msg) {
  if (err && err_len) snprintf(err, err_len, "cpu ntt: %s", msg);
  return st;
}

zka_status zka_cpu_ntt(void *data, const zka_ntt_job *job, const zka_cpu_exec *exec, char *err,
                       size_t err_len) {
  if (!data || !job || job->batch == 0)
    return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT, "NULL data or batch 0");
  int fi = zka_ntt_field_index(job->field);
  if (fi < 0) return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT, "unknown field");
  const zka_ntt_field *f = &zka_ntt_fields[fi];
  if (job->log_n < 1 || job->log_n > ZKA_NTT_MAX_LOG_N)
    return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT, "log_n out of range");
  const int inverse = job->direction == ZKA_NTT_INVERSE;
  _Alignas(8) uint8_t probe[32];
  if (f->root(probe, job->log_n) != ZKA_OK)
    return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT,
                        "log_n above the field's two-adicity");
  _Alignas(8) uint8_t shift[32], zero[32] = {0};
  if (job->coset) {
    memcpy(shift, job->coset_shift, f->es);
    if (memcmp(shift, zero, f->es) == 0)
      return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT, "zero coset shift");
    if (inverse && f->inv(shift, shift) != ZKA_OK)
      return zka_ntt_fail(err, err_len, ZKA_ERR_INVALID_ARGUMENT, "coset shift not invertible");
  }

  zka_ntt_ctx c;
  memset(&c, 0, sizeof c);
  c.f = f;
  c.k = zka_ntt_kernels_for(fi);
  c.data = data;
  c.es = f->es;
  c.log_n = job->log_n;
  c.n = (size_t)1 << job->log_n;
  c.batch = job->batch;
  uint8_t *owned = NULL, *kowned = NULL;
  zka_status st = zka_ntt_get_table(&c.tw, &owned, fi, job->log_n, inverse, ZKA_NTT_TW_STANDARD);
  c.ktw = c.tw;
  c.kes = c.es;
  if (st == ZKA_OK && c.k->tw_format != ZKA_NTT_TW_STANDARD) {
    st = zka_ntt_get_table(&c.ktw, &kowned, fi, job->log_n, inverse, (int)c.k->tw_format);
    c.kes = zka_ntt_table_es(f, (int)c.k->tw_format);
  }
  if (st != ZKA_OK) {
    free(owned);
    return zka_ntt_fail(err, err_len, st, st == ZKA_ERR_OUT_OF_MEMORY ? "out of memory (twiddles)"
                                                                     : "twiddle table");
  }
  _Alignas(8) uint8_t one[32];
  f->one(one);
  const int in_rev = job->input_order == ZKA_ORDER_BITREV;
  const int out_rev = job->output_order == ZKA_ORDER_BITREV;

  _Alignas(8) uint8_t ninv[32];
  if (inverse) {
    f->from_u64(ninv, c.n);
    if (f->inv(ninv, ninv) != ZKA_OK) st = ZKA_ERR_INVALID_ARGUMENT;
  }
  /* an inverse without a coset multiplies by the constant n^-1: inside the permutation when
   * there is one and its tiles can, as a pass of its own otherwise */
  const uint8_t *perm_scale = inverse && !job->coset ? ninv : NULL;
  int scaled = 0;
  /* forward coset on natural input, one transform: the factors go into the core's first
   * pass, which reads every element anyway (BabyBear 2^20: 4.7 instead of 5.2 ms).  Both ways
   * cost two products per element for one transform; for a batch the pass of its own shares
   * each piece's factors across the transforms (one product per element) and wins instead
   * (2^20 × 8: 32.8 against 35.1 ms folded), so batches and bit-reversed input keep it. */
  uint8_t *pre_table = NULL;
  if (st == ZKA_OK && !inverse && job->coset && !in_rev && job->batch == 1) {
    pre_table = malloc(256 * f->es);
    if (!pre_table) {
      st = ZKA_ERR_OUT_OF_MEMORY;
    } else {
      memcpy(pre_table, one, f->es);
      for (size_t i = 1; i < 256; i++)
        f->mul(pre_table + i * f->es, pre_table + (i - 1) * f->es, shift);
      zka_ntt_pow(f, c.step, shift, 256);
      c.row_table = pre_table;
      c.pre_shift = shift;
    }
  } else if (st == ZKA_OK && !inverse && job->coset) {
    st = zka_ntt_scale(&c, shift, one, in_rev, exec);
  }
  /* DIT (bit-reversed -> natural) only when the orders ask exactly for it; DIF (natural ->
   * bit-reversed) otherwise, with a permutation before (bit-reversed in) or after (natural
   * out): DIF's multiplicands are differences a - b, which the SIMD kernels take signed and
   * unreduced, so it is the cheaper core. */
  const int dit = in_rev && !out_rev;
  if (st == ZKA_OK && in_rev && out_rev) scaled = zka_ntt_permute(&c, exec, perm_scale);
  if (st == ZKA_OK) zka_ntt_core(&c, dit, exec);
  c.pre_shift = NULL;
  c.row_table = NULL;
  free(pre_table);
  if (st == ZKA_OK && !in_rev && !out_rev) scaled = zka_ntt_permute(&c, exec, perm_scale);
  if (st == ZKA_OK && inverse) {
    if (job->coset) st = zka_ntt_scale(&c, shift, ninv, out_rev, exec);
    else if (!scaled) zka_ntt_scale_const(&c, ninv, exec);
  }
  free(owned);
  free(kowned);
  if (st != ZKA_OK) return zka_ntt_fail(err, err_len, st, "out of memory (scratch)");
  return ZKA_OK;
}
