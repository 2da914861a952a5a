/* zkvm_prove.c — prove and verify an RV32IM run with continuations: the run is split into
 * segments of at most 2^log_segment cycles; each segment's executor trace becomes the chips'
 * tables (zkvm/air/zkvm_air.h) and the STARK (zkvm/stark/) proves them; the verifier supplies
 * its own side of the buses from the ELF, the segment's claims and the state the previous
 * segments left (pc, memory, output position, end of input).
 *
 * Proof file (little-endian):
 *   "ZKVM" | version u32 = 3 | program digest (32 bytes, SHA-256 of the program part of the
 *   statement: entry, ELF segments, file-backed bytes) | exit code i32 | cycles u64 (all
 *   segments) | output length u32 | output bytes | log_segment u32 | segment count u32 |
 *   per segment: its header | STARK proof length u32 | STARK proof (zkvm/stark/stark.h).
 *   A segment's header: ends u32 (1: with the exit ecall — the last segment — 0: it
 *   pauses) | cycles u32 | exit code (ends = 1) or end pc (0) u32 | output bytes written
 *   u32 | input ended after it u32 (0/1) | count of executed instructions u32, then per one
 *   (code-window index u32, executions u32), indices ascending | boundary length u32, then
 *   per address the segment touches (address u32, final value u32), ascending.
 * What the verifier does not read from a header it derives: the start pc (the entry, then
 * the previous end pc), the output position and input state (0, then the previous end), and
 * every boundary address's start value (the ELF image word, 0, or the last final value an
 * earlier segment claimed for it; registers start at 0).
 *
 * Binding: chain_0 = SHA-256("zkaccel zkvm proof v3" | program digest) and chain_{k+1} =
 * SHA-256(chain_k | k u32 | header_k | segment k's output bytes); segment k's STARK absorbs
 * (version, k, chain_{k+1}) as its preamble, so everything its buses depend on — its own
 * claims and every earlier segment's — is fixed before its challenges are drawn.  The file's exit code, cycles and
 * output are checked against the segments' (the last one's exit, the sum, the concatenation).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "zkaccel/hash.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/prove_internal.h"
#include "zkvm/stark/stark.h"

#define ZKVM_PROOF_VERSION 3u
static const char zkvm_chain_tag[] = "zkaccel zkvm proof v3";

/* ---- the chips, in hook order ----------------------------------------------------------- */

size_t zka_zkvm_chip_list(const zka_chip **out) {
  size_t k = 0;
  out[k++] = &zka_chip_cpu;
  out[k++] = &zka_chip_ecall;
  k += zka_alu_chips(out + k, ZKA_ZKVM_MAX_CHIPS - 3);
  out[k++] = &zka_chip_memory;
  out[k++] = &zka_chip_byte;
  return k;
}

static void tables_free(zka_air_table *t, size_t n) {
  for (size_t i = 0; i < n; i++) zka_air_table_free(&t[i]);
}

static zka_status tables_build(zka_air_table *t, const zka_chip *const *chips, size_t n,
                               zka_ctx *ctx) {
  memset(t, 0, n * sizeof *t);
  for (size_t i = 0; i < n; i++) {
    zka_air_builder *b;
    zka_status s = zka_air_builder_new(&b, chips[i]->name, chips[i]->width, ctx);
    if (s == ZKA_OK) {
      chips[i]->air(b);
      s = zka_air_builder_finish(b, &t[i], ctx);
    }
    if (s != ZKA_OK) {
      tables_free(t, i);
      return s;
    }
  }
  return ZKA_OK;
}

/* ---- the statement ---------------------------------------------------------------------- */

typedef zka_zkvm_statement statement;

zka_status zka_zkvm_program_digest(const zka_zkvm_program *p, uint8_t out[32], zka_ctx *ctx) {
  /* entry, then per segment (vaddr, memsz, filesz, flags) and its file bytes */
  size_t len = 4;
  for (size_t i = 0; i < p->nseg; i++) len += 16 + p->seg[i].filesz;
  uint8_t *buf = malloc(len);
  if (!buf) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory hashing the program");
  size_t k = 0;
  memcpy(buf + k, &p->entry, 4);
  k += 4;
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *s = &p->seg[i];
    uint32_t h[4] = {s->vaddr, s->memsz, s->filesz, s->flags};
    memcpy(buf + k, h, 16);
    k += 16;
    memcpy(buf + k, p->file + s->offset, s->filesz);
    k += s->filesz;
  }
  zka_sha256(out, buf, len);
  free(buf);
  return ZKA_OK;
}

/* A growing byte buffer (the proof file, a segment header). */
typedef zka_zkvm_bytes bytes;

static void bytes_put(bytes *b, const void *x, size_t len) {
  if (b->oom) return;
  if (b->n + len > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + len) cap *= 2;
    uint8_t *q = realloc(b->p, cap);
    if (!q) {
      b->oom = 1;
      return;
    }
    b->p = q;
    b->cap = cap;
  }
  if (len) memcpy(b->p + b->n, x, len);
  b->n += len;
}

static void bytes_u32(bytes *b, uint32_t v) {
  uint8_t q[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  bytes_put(b, q, 4);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The file's header: everything before the segments. */
static void file_header(bytes *f, const uint8_t digest[32], int32_t exit_code, uint64_t cycles,
                        const uint8_t *output, size_t output_len, uint32_t log_segment,
                        uint32_t n_segments) {
  bytes_put(f, "ZKVM", 4);
  bytes_u32(f, ZKVM_PROOF_VERSION);
  bytes_put(f, digest, 32);
  bytes_u32(f, (uint32_t)exit_code);
  bytes_u32(f, (uint32_t)cycles);
  bytes_u32(f, (uint32_t)(cycles >> 32));
  bytes_u32(f, (uint32_t)output_len);
  bytes_put(f, output, output_len);
  bytes_u32(f, log_segment);
  bytes_u32(f, n_segments);
}

static void chain_start(const uint8_t digest[32], uint8_t chain[32]) {
  uint8_t buf[sizeof zkvm_chain_tag - 1 + 32];
  memcpy(buf, zkvm_chain_tag, sizeof zkvm_chain_tag - 1);
  memcpy(buf + sizeof zkvm_chain_tag - 1, digest, 32);
  zka_sha256(chain, buf, sizeof buf);
}

/* A segment's header bytes (the file's layout above). */
static void segment_header(bytes *h, const statement *st) {
  bytes_u32(h, st->exits ? 1 : 0);
  bytes_u32(h, (uint32_t)st->cycles);
  bytes_u32(h, st->exits ? (uint32_t)st->exit_code : st->end_pc);
  bytes_u32(h, (uint32_t)st->output_len);
  bytes_u32(h, st->eof1);
  uint32_t nz = 0;
  for (size_t i = 0; i < st->n_counts; i++) nz += st->counts[i] != 0;
  bytes_u32(h, nz);
  for (size_t i = 0; i < st->n_counts; i++)
    if (st->counts[i]) {
      bytes_u32(h, (uint32_t)i);
      bytes_u32(h, st->counts[i]);
    }
  bytes_u32(h, (uint32_t)st->n_bound);
  for (size_t i = 0; i < st->n_bound; i++) {
    bytes_u32(h, st->bound[i].addr);
    bytes_u32(h, st->bound[i].final);
  }
}

/* chain_{k+1} from chain_k = st->chain, k, the header's bytes and the output bytes the
 * segment writes (they are in the file's header, not the segment's, but its buses carry
 * them, so its transcript must absorb them before any challenge). */
static zka_status chain_next(const statement *st, const uint8_t *hdr, size_t hdr_len,
                             uint8_t out[32], zka_ctx *ctx) {
  uint8_t *buf = malloc(32 + 4 + hdr_len + st->output_len);
  if (!buf) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory");
  memcpy(buf, st->chain, 32);
  const uint32_t k = st->index;
  uint8_t q[4] = {(uint8_t)k, (uint8_t)(k >> 8), (uint8_t)(k >> 16), (uint8_t)(k >> 24)};
  memcpy(buf + 32, q, 4);
  memcpy(buf + 36, hdr, hdr_len);
  if (st->output_len) memcpy(buf + 36 + hdr_len, st->output, st->output_len);
  zka_sha256(out, buf, 36 + hdr_len + st->output_len);
  free(buf);
  return ZKA_OK;
}

/* The STARK's preamble: the version, the segment index and chain_{k+1} in 16-bit pieces. */
#define PREAMBLE_LEN 18
static void preamble_make(uint32_t index, const uint8_t chain[32], zka_babybear *p) {
  p[0] = zka_bb(ZKVM_PROOF_VERSION);
  p[1] = zka_bb(index);
  for (size_t i = 0; i < 16; i++) p[2 + i] = zka_bb((uint32_t)chain[2 * i] | (uint32_t)chain[2 * i + 1] << 8);
}

/* ---- the verifier's side of the buses --------------------------------------------------- */

static void word_tuple(zka_babybear *t, uint32_t addr, uint32_t word) {
  t[0] = zka_bb(addr);
  for (size_t i = 0; i < 4; i++) t[1 + i] = zka_bb((word >> (8 * i)) & 255);
}

zka_status zka_zkvm_external(const zka_zkvm_program *prog, const zka_zkvm_statement *st,
                             zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  (void)ctx;
  zka_babybear one = zka_bb(1), t[ZKA_AIR_MAX_TUPLE];
  /* the program: every instruction of the code window, as often as the proof says */
  for (size_t i = 0; i < st->n_counts; i++) {
    if (!st->counts[i]) continue;
    size_t n = 0;
    zka_cpu_program_tuple(prog, i, t, &n);
    emit(acc, ZKA_BUS_PROGRAM, +1, zka_bb(st->counts[i]), t, n);
  }
  /* the memory boundary: start values sent, claimed end values received */
  for (size_t i = 0; i < st->n_bound; i++) {
    word_tuple(t, st->bound[i].addr, st->bound[i].init);
    emit(acc, ZKA_BUS_MEM_IN, +1, one, t, 5);
    word_tuple(t, st->bound[i].addr, st->bound[i].final);
    emit(acc, ZKA_BUS_MEM_OUT, -1, one, t, 5);
  }
  /* the memory map: code and read-only data below write_lo, nothing at or above mem_end */
  t[0] = zka_bb(ZKA_ZKVM_TEXT_BASE);
  t[1] = zka_bb(prog->write_lo);
  t[2] = zka_bb(ZKA_ZKVM_TEXT_BASE + prog->mem_size);
  emit(acc, ZKA_BUS_LAYOUT, +1, one, t, 3);
  /* the start, the end (exit or pause), the public output and the streams' state */
  t[0] = zka_bb(st->start_pc);
  emit(acc, ZKA_BUS_START, -1, one, t, 1);
  if (st->exits) {
    uint32_t e = (uint32_t)st->exit_code;
    for (size_t i = 0; i < 4; i++) t[i] = zka_bb((e >> (8 * i)) & 255);
    t[4] = zka_bb((uint32_t)(st->cycles - 1));
    emit(acc, ZKA_BUS_HALT, -1, one, t, 5);
  } else {
    t[0] = zka_bb(st->end_pc);
    emit(acc, ZKA_BUS_END, -1, one, t, 1);
  }
  for (size_t i = 0; i < st->output_len; i++) {
    t[0] = zka_bb((uint32_t)(st->out0 + i));
    t[1] = zka_bb(st->output[i]);
    emit(acc, ZKA_BUS_OUTPUT, -1, one, t, 2);
  }
  t[0] = zka_bb(0);
  t[1] = zka_bb((uint32_t)st->out0);
  t[2] = zka_bb(st->eof0);
  emit(acc, ZKA_BUS_IOSTATE, +1, one, t, 3);
  t[0] = zka_bb(1);
  t[1] = zka_bb((uint32_t)(st->out0 + st->output_len));
  t[2] = zka_bb(st->eof1);
  emit(acc, ZKA_BUS_IOSTATE, -1, one, t, 3);
  return ZKA_OK;
}

typedef struct {
  const zka_zkvm_program *prog;
  const statement *st;
} external_ctx;

static zka_status external_fn(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  const external_ctx *x = user;
  return zka_zkvm_external(x->prog, x->st, emit, acc, ctx);
}

/* ---- memory ----------------------------------------------------------------------------- */

/* About how many bytes proving tables of 2^log_n rows takes at its peak: every base column
 * (main, the LogUp helpers at most one extension column per interaction plus the running
 * sums, the quotient chunks) held as the trace and its 4x extension, plus scratch —
 * 24 bytes per cell, fitted to the peaks measured at 2^16..2^19 rows (bench/RESULTS.md). */
static double proving_bytes(const zka_air_table *t, size_t n_tables, size_t n) {
  double cols = 8; /* quotient chunks */
  for (size_t i = 0; i < n_tables; i++) cols += (double)t[i].width + 4.0 * ((double)t[i].n_inter / 2 + 1);
  return 24.0 * cols * (double)n;
}

/* The memory the prover may plan on: ZKA_ZKVM_MEM_LIMIT (bytes) when set, else the
 * machine's physical memory (0: unknown, no check). */
static double memory_limit(void) {
  const char *env = getenv("ZKA_ZKVM_MEM_LIMIT");
  if (env && *env) return strtod(env, NULL);
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? (double)pages * (double)page : 0;
}

/* ---- proving one segment ---------------------------------------------------------------- */

zka_zkvm_prove_options zka_zkvm_prove_options_default(void) {
  zka_zkvm_prove_options o;
  memset(&o, 0, sizeof o);
  o.run = zka_zkvm_options_default();
  o.log_segment = ZKA_ZKVM_DEFAULT_LOG_SEGMENT;
  return o;
}

static zka_stark_params params_from(const zka_zkvm_prove_options *o) {
  zka_stark_params p = zka_stark_params_default();
  if (o && o->log_blowup) p.log_blowup = o->log_blowup;
  if (o && o->num_queries) p.num_queries = o->num_queries;
  if (o && o->pow_bits) p.pow_bits = o->pow_bits;
  return p;
}

/* Prove one segment (st->chain = chain_k) and append its header and STARK proof to f;
 * chain_{k+1} -> next. */
static zka_status prove_segment_stark(zka_engine *e, const zka_stark_params *prm,
                                      const zka_zkvm_program *check_prog,
                                      const statement *st, const zka_air_table *const *tables,
                                      const zka_babybear *const *traces, size_t n_tables,
                                      uint32_t log_n, zka_stark_progress_fn on_stage,
                                      void *progress_user, bytes *f, uint8_t next[32],
                                      zka_ctx *ctx) {
  bytes h = {0};
  segment_header(&h, st);
  if (h.oom) {
    free(h.p);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  zka_status s = chain_next(st, h.p, h.n, next, ctx);
  zka_babybear pre[PREAMBLE_LEN];
  preamble_make(st->index, next, pre);
  uint8_t *stark = NULL;
  size_t stark_len = 0;
  external_ctx xc = {check_prog, st};
  if (s == ZKA_OK)
    s = zka_stark_prove_ext(e, prm, tables, traces, n_tables, log_n, pre, PREAMBLE_LEN,
                            check_prog ? external_fn : NULL, &xc, on_stage, progress_user,
                            &stark, &stark_len, ctx);
  if (s == ZKA_OK) {
    bytes_put(f, h.p, h.n);
    bytes_u32(f, (uint32_t)stark_len);
    bytes_put(f, stark, stark_len);
    if (f->oom) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  free(stark);
  free(h.p);
  return s;
}

zka_status zka_zkvm_proof_begin(zka_zkvm_proof_writer *w, const zka_zkvm_program *prog,
                                int32_t exit_code, uint64_t cycles, const uint8_t *output,
                                size_t output_len, uint32_t log_segment, uint32_t n_segments,
                                zka_ctx *ctx) {
  memset(w, 0, sizeof *w);
  uint8_t digest[32];
  zka_status s = zka_zkvm_program_digest(prog, digest, ctx);
  if (s != ZKA_OK) return s;
  chain_start(digest, w->chain);
  file_header(&w->file, digest, exit_code, cycles, output, output_len, log_segment, n_segments);
  if (w->file.oom) {
    zka_zkvm_proof_writer_free(w);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  return ZKA_OK;
}

zka_status zka_zkvm_proof_segment(zka_zkvm_proof_writer *w, zka_engine *e,
                                  const zka_stark_params *prm,
                                  const zka_zkvm_program *check_prog, zka_zkvm_statement *st,
                                  const zka_air_table *const *tables,
                                  const zka_babybear *const *traces, size_t n_tables,
                                  uint32_t log_n, zka_stark_progress_fn progress,
                                  void *progress_user, zka_ctx *ctx) {
  memcpy(st->chain, w->chain, 32);
  st->index = w->index;
  uint8_t next[32];
  zka_status s = prove_segment_stark(e, prm, check_prog, st, tables, traces, n_tables, log_n,
                                     progress, progress_user, &w->file, next, ctx);
  if (s == ZKA_OK) {
    memcpy(w->chain, next, 32);
    w->index++;
  }
  return s;
}

void zka_zkvm_proof_writer_free(zka_zkvm_proof_writer *w) {
  free(w->file.p);
  memset(w, 0, sizeof *w);
}

zka_status zka_zkvm_proof_end(zka_zkvm_proof_writer *w, uint8_t **proof, size_t *proof_len,
                              zka_ctx *ctx) {
  *proof = NULL;
  *proof_len = 0;
  if (w->file.oom) {
    zka_zkvm_proof_writer_free(w);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  *proof = w->file.p;
  *proof_len = w->file.n;
  memset(w, 0, sizeof *w);
  return ZKA_OK;
}

zka_status zka_zkvm_prove_tables(zka_engine *e, const zka_stark_params *prm,
                                 const zka_zkvm_program *prog, zka_zkvm_statement *st,
                                 const zka_air_table *const *tables,
                                 const zka_babybear *const *traces, size_t n_tables,
                                 uint32_t log_n, zka_stark_progress_fn on_stage,
                                 void *progress_user, uint8_t **proof, size_t *proof_len,
                                 zka_ctx *ctx) {
  *proof = NULL;
  *proof_len = 0;
  zka_zkvm_proof_writer w;
  zka_status s = zka_zkvm_proof_begin(&w, prog, st->exit_code, st->cycles, st->output,
                                      st->output_len, 0, 1, ctx);
  if (s != ZKA_OK) return s;
  s = zka_zkvm_proof_segment(&w, e, prm, NULL, st, tables, traces, n_tables, log_n, on_stage,
                             progress_user, ctx);
  if (s != ZKA_OK) {
    zka_zkvm_proof_writer_free(&w);
    return s;
  }
  return zka_zkvm_proof_end(&w, proof, proof_len, ctx);
}

/* ---- proving a run ---------------------------------------------------------------------- */

typedef struct {
  zka_engine *e;
  const zka_zkvm_program *prog;
  const zka_zkvm_prove_options *opt;
  zka_stark_params prm;
  zka_ctx *ctx;
  const zka_chip *chips[ZKA_ZKVM_MAX_CHIPS];
  size_t n_chips;
  zka_air_table tables[ZKA_ZKVM_MAX_CHIPS];
  zka_zkvm_witness w;
  zka_vec steps;       /* the trace not yet proven */
  uint64_t cycle0;     /* the global cycle of steps[0] */
  uint32_t pc;         /* the next segment's start */
  uint64_t total;      /* the run's cycles (from the first run) */
  uint64_t seg_len;
  uint32_t n_seg, k;   /* segments in all, segments proven */
  zka_zkvm_proof_writer file;
  zka_status status;   /* a failure inside the trace hook, with its message: */
  char msg[512];       /* the executor's own "stopped" error would replace it */
  char stage[128];
} prover;

static void progress(const prover *P, const char *stage) {
  const zka_zkvm_prove_options *o = P->opt;
  if (!o->progress) return;
  if (P->n_seg <= 1) {
    o->progress(o->progress_user, stage);
    return;
  }
  char buf[128];
  snprintf(buf, sizeof buf, "segment %u/%u: %s", P->k + 1, P->n_seg, stage);
  o->progress(o->progress_user, buf);
}

static void stark_stage(void *user, const char *stage) { progress(user, stage); }

static void witness_clear_segment(prover *P) {
  for (size_t i = 0; i < P->n_chips; i++)
    if (P->chips[i]->free) P->chips[i]->free(&P->w, i);
}

void zka_zkvm_segment_begin(zka_zkvm_witness *w, const zka_zkvm_step *steps, size_t n_steps,
                            uint64_t cycle0, uint32_t pc0, int pauses) {
  zka_memstate_begin_segment(w->mem);
  w->steps = steps;
  w->n_steps = n_steps;
  w->cycle0 = cycle0;
  w->pc0 = pc0;
  w->pauses = pauses;
  w->ts = 1;
  w->alu.n = 0;
  memset(w->u8_count, 0, sizeof w->u8_count);
  const size_t nc = w->prog->code_count ? w->prog->code_count : 1;
  memset(w->program_count, 0, nc * sizeof *w->program_count);
}

void zka_zkvm_segment_claims(const zka_zkvm_witness *w, size_t out0, uint32_t eof0,
                             const zka_mem_entry *bound, size_t n_bound, zka_zkvm_statement *st) {
  memset(st, 0, sizeof *st);
  st->start_pc = w->pc0 ? w->pc0 : w->prog->entry;
  st->exits = !w->pauses;
  st->exit_code = w->exit_code;
  st->end_pc = w->n_steps ? w->steps[w->n_steps - 1].next_pc : st->start_pc;
  st->cycles = w->n_steps;
  st->output = w->output.p ? (const uint8_t *)w->output.p + out0 : NULL;
  st->output_len = w->output.n - out0;
  st->out0 = out0;
  st->eof0 = eof0;
  st->eof1 = (uint32_t)w->eof;
  st->counts = w->program_count;
  st->n_counts = w->prog->code_count;
  st->bound = bound;
  st->n_bound = n_bound;
}

/* Prove the first n steps as segment P->k (pauses: it does not exit). */
static zka_status prove_segment(prover *P, size_t n_steps, int pauses) {
  zka_zkvm_witness *w = &P->w;
  zka_ctx *ctx = P->ctx;
  const zka_zkvm_program *prog = P->prog;
  progress(P, "trace tables");
  zka_zkvm_segment_begin(w, P->steps.p, n_steps, P->cycle0, P->pc, pauses);
  const size_t out0 = w->output.n;
  const uint32_t eof0 = (uint32_t)w->eof;
  zka_status s = ZKA_OK;
  for (size_t i = 0; i < P->n_chips && s == ZKA_OK; i++)
    if (P->chips[i]->gen) s = P->chips[i]->gen(w, i, ctx);
  if (s == ZKA_OK && ((w->alu.n && !w->alu.p) || zka_memstate_oom(w->mem)))
    s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  if (s == ZKA_OK && w->ts >= ZKA_ZKVM_MAX_TS)
    s = zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                  "zkvm prove: segment %u needs %u memory timestamps, more than one segment "
                  "covers (%u): use smaller segments", P->k, w->ts, ZKA_ZKVM_MAX_TS);
  /* the tables' height and contents */
  size_t n = 256;
  for (size_t i = 0; i < P->n_chips && s == ZKA_OK; i++) {
    size_t r = P->chips[i]->rows(w, i);
    while (n < r) n *= 2;
  }
  uint32_t log_n = 0;
  while (((size_t)1 << log_n) < n) log_n++;
  if (s == ZKA_OK) {
    /* refuse up front what cannot fit, rather than swap or be killed half-way */
    double need = proving_bytes(P->tables, P->n_chips, n), have = memory_limit();
    if (have > 0 && need > have) {
      const int gib = need >= 1073741824.0;
      const double unit = gib ? 1073741824.0 : 1048576.0;
      s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY,
                    "zkvm prove: a segment of %zu cycles needs tables of 2^%u rows and about "
                    "%.1f %s of memory to prove; this machine has %.1f %s (smaller segments, "
                    "--segment-log / log_segment below %u, need less)",
                    n_steps, log_n, need / unit, gib ? "GiB" : "MiB", have / unit,
                    gib ? "GiB" : "MiB", P->opt->log_segment);
    }
  }
  zka_babybear *traces[ZKA_ZKVM_MAX_CHIPS] = {0};
  for (size_t i = 0; i < P->n_chips && s == ZKA_OK; i++) {
    traces[i] = calloc(n * P->chips[i]->width, sizeof(zka_babybear));
    if (!traces[i]) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory (table %s)", P->chips[i]->name);
    else s = P->chips[i]->fill(w, i, traces[i], n, ctx);
  }
  /* the segment's claims */
  statement st;
  memset(&st, 0, sizeof st);
  zka_mem_entry *bound = NULL;
  if (s == ZKA_OK) {
    const size_t n_bound = zka_memstate_entries(w->mem, NULL);
    bound = malloc((n_bound ? n_bound : 1) * sizeof *bound);
    if (!bound) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
    else zka_memstate_entries(w->mem, bound);
    if (bound) zka_zkvm_segment_claims(w, out0, eof0, bound, n_bound, &st);
  }
  /* optional: the mock checker first (ZKA_ZKVM_CHECK=1), to name a broken constraint */
  const char *check = getenv("ZKA_ZKVM_CHECK");
  if (s == ZKA_OK && check && *check && strcmp(check, "0")) {
    progress(P, "mock check");
    zka_air_trace tr[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < P->n_chips; i++) {
      tr[i].air = &P->tables[i];
      tr[i].rows = traces[i];
    }
    external_ctx xc = {prog, &st};
    s = zka_air_check(tr, P->n_chips, n, external_fn, &xc, 0, ctx);
  }
  if (s == ZKA_OK) {
    const zka_air_table *tp[ZKA_ZKVM_MAX_CHIPS];
    const zka_babybear *trp[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < P->n_chips; i++) {
      tp[i] = &P->tables[i];
      trp[i] = traces[i];
    }
    s = zka_zkvm_proof_segment(&P->file, P->e, &P->prm, prog, &st, tp, trp, P->n_chips, log_n,
                               stark_stage, P, ctx);
    if (s == ZKA_OK) {
      P->pc = st.end_pc;
      P->cycle0 += n_steps;
      P->k++;
    }
  }
  free(bound);
  for (size_t i = 0; i < P->n_chips; i++) free(traces[i]);
  witness_clear_segment(P);
  return s;
}

/* The trace hook of the proving run: prove every full segment that is not the last. */
static int on_steps(void *user, const zka_zkvm_step *steps, size_t n) {
  prover *P = user;
  if (P->status != ZKA_OK) return 1;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(&P->steps, &steps[i])) {
      P->status = ZKA_ERR_OUT_OF_MEMORY;
      snprintf(P->msg, sizeof P->msg, "zkvm prove: out of memory keeping the trace");
      return 1;
    }
  while (P->steps.n >= P->seg_len && P->cycle0 + P->seg_len < P->total) {
    P->status = prove_segment(P, (size_t)P->seg_len, 1);
    if (P->status != ZKA_OK) {
      snprintf(P->msg, sizeof P->msg, "%s", zka_ctx_last_error(P->ctx));
      return 1;
    }
    zka_zkvm_step *q = P->steps.p;
    memmove(q, q + P->seg_len, (P->steps.n - P->seg_len) * sizeof *q);
    P->steps.n -= P->seg_len;
  }
  return 0;
}

zka_status zka_zkvm_prove(zka_engine *e, const zka_zkvm_program *prog, const uint8_t *input,
                          size_t input_len, const zka_zkvm_prove_options *opt,
                          zka_zkvm_result *out, uint8_t **proof, size_t *proof_len,
                          zka_ctx *ctx) {
  if (out) memset(out, 0, sizeof *out);
  if (!prog || !out || !proof || !proof_len)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm prove: NULL argument");
  *proof = NULL;
  *proof_len = 0;
  zka_zkvm_prove_options dflt = zka_zkvm_prove_options_default();
  if (!opt) opt = &dflt;
  zka_zkvm_prove_options o = *opt;
  if (!o.log_segment) o.log_segment = ZKA_ZKVM_DEFAULT_LOG_SEGMENT;
  if (o.log_segment < ZKA_ZKVM_MIN_LOG_SEGMENT || o.log_segment > ZKA_ZKVM_MAX_LOG_SEGMENT)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "zkvm prove: segments of 2^%u cycles: the segment size must be 2^%u .. 2^%u",
                     o.log_segment, ZKA_ZKVM_MIN_LOG_SEGMENT, ZKA_ZKVM_MAX_LOG_SEGMENT);
  /* 1. run once without a trace: the result, and a trap or endless loop found quickly */
  prover *P = calloc(1, sizeof *P);
  if (!P) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  P->e = e;
  P->prog = prog;
  P->opt = &o;
  P->ctx = ctx;
  P->prm = params_from(&o);
  P->seg_len = 1ull << o.log_segment;
  P->pc = prog->entry;
  zka_vec_init(&P->steps, sizeof(zka_zkvm_step));
  progress(P, "execute");
  zka_zkvm_options run = o.run;
  run.trace = NULL;
  run.trace_user = NULL;
  zka_status s = zka_zkvm_run(out, prog, input, input_len, &run, ctx);
  if (s != ZKA_OK && out->stop == ZKA_ZKVM_TRAP_CYCLE_LIMIT)
    s = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                  "zkvm prove: the guest did not exit within the cycle limit (%llu cycles): "
                  "nothing to prove", (unsigned long long)run.max_cycles);
  if (s != ZKA_OK) {
    free(P);
    return s;
  }
  P->total = out->cycles;
  P->n_seg = (uint32_t)((P->total + P->seg_len - 1) / P->seg_len);
  /* 2. the tables, the witness's lasting state, the proof file's header */
  P->n_chips = zka_zkvm_chip_list(P->chips);
  s = tables_build(P->tables, P->chips, P->n_chips, ctx);
  const int have_tables = s == ZKA_OK;
  zka_zkvm_witness *w = &P->w;
  w->prog = prog;
  w->input = input;
  w->input_len = input_len;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  if (s == ZKA_OK) {
    w->program_count = calloc(prog->code_count ? prog->code_count : 1, sizeof *w->program_count);
    s = w->program_count ? zka_memstate_new(&w->mem, prog, ctx)
                         : zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  const int have_file = s == ZKA_OK;
  if (s == ZKA_OK)
    s = zka_zkvm_proof_begin(&P->file, prog, out->exit_code, out->cycles, out->output,
                             out->output_len, o.log_segment, P->n_seg, ctx);
  /* 3. run again with the trace, proving each segment as it completes, then the last */
  if (s == ZKA_OK) {
    run.trace = on_steps;
    run.trace_user = P;
    zka_zkvm_result again;
    s = zka_zkvm_run(&again, prog, input, input_len, &run, ctx);
    if (P->status != ZKA_OK) s = zka_error(ctx, P->status, "%s", P->msg);
    else if (s == ZKA_OK && (again.cycles != out->cycles || again.exit_code != out->exit_code))
      s = zka_error(ctx, ZKA_ERR_INTERNAL, "zkvm prove: the second run differs from the first");
    zka_zkvm_result_clear(&again);
  }
  if (s == ZKA_OK && (P->steps.n == 0 || P->cycle0 + P->steps.n != P->total))
    s = zka_error(ctx, ZKA_ERR_INTERNAL, "zkvm prove: %zu steps left for the last segment at "
                  "cycle %llu of %llu", P->steps.n, (unsigned long long)P->cycle0,
                  (unsigned long long)P->total);
  if (s == ZKA_OK) s = prove_segment(P, P->steps.n, 0);
  if (s == ZKA_OK && (P->k != P->n_seg || !w->halted || w->exit_code != out->exit_code ||
                      w->output.n != out->output_len ||
                      (w->output.n && memcmp(w->output.p, out->output, w->output.n))))
    s = zka_error(ctx, ZKA_ERR_INTERNAL, "zkvm prove: the trace tables disagree with the executor "
                  "(output %zu vs %zu bytes, exit %d vs %d, %u of %u segments)", w->output.n,
                  out->output_len, (int)w->exit_code, (int)out->exit_code, P->k, P->n_seg);
  if (s == ZKA_OK) s = zka_zkvm_proof_end(&P->file, proof, proof_len, ctx);
  else if (have_file) zka_zkvm_proof_writer_free(&P->file);
  if (have_tables) tables_free(P->tables, P->n_chips);
  zka_memstate_free(w->mem);
  free(w->program_count);
  zka_vec_free(&w->output);
  zka_vec_free(&w->alu);
  zka_vec_free(&P->steps);
  free(P);
  return s;
}

/* ---- verifying -------------------------------------------------------------------------- */

/* A reader over the proof bytes: every get checks the length first. */
typedef struct {
  const uint8_t *p;
  size_t n, k;
  int bad;
} reader;

static uint32_t rd32(reader *r) {
  if (r->bad || r->n - r->k < 4) {
    r->bad = 1;
    return 0;
  }
  uint32_t v = get32(r->p + r->k);
  r->k += 4;
  return v;
}

/* Read segment k's header at r into st (derived fields from the state so far); the
 * boundary's start values come from mem.  *hdr, *hdr_len: the header's bytes. */
static zka_status read_segment(reader *r, const zka_zkvm_program *prog, zka_memstate *mem,
                               statement *st, uint32_t *counts, zka_mem_entry **bound,
                               size_t *bound_cap, const uint8_t *output, size_t output_len,
                               int want_exit, zka_ctx *ctx) {
  const uint32_t k = st->index;
  const uint32_t ends = rd32(r);
  const uint32_t cycles = rd32(r), end = rd32(r), out_len = rd32(r), eof1 = rd32(r);
  const uint32_t nz = rd32(r);
  if (r->bad) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (segment %u's header)", k);
  if (ends > 1 || eof1 > 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: segment %u: malformed header", k);
  if ((int)ends != want_exit)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, want_exit ? "zkvm verify: the last segment (%u) "
                     "does not end with exit" : "zkvm verify: segment %u ends with exit but is not "
                     "the last", k);
  if (st->eof0 && !eof1)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: segment %u: the input had ended before it but not after", k);
  st->exits = (int)ends;
  st->exit_code = (int32_t)end;
  st->end_pc = end;
  st->cycles = cycles;
  st->eof1 = eof1;
  if (out_len > output_len - st->out0)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: segment %u writes %u output bytes "
                     "past the %zu the proof claims", k, out_len, output_len);
  st->output = output + st->out0;
  st->output_len = out_len;
  if (nz > prog->code_count || (r->n - r->k) / 8 < nz)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: segment %u: %u execution counts for "
                     "a program of %u instructions (or truncated)", k, nz, prog->code_count);
  memset(counts, 0, (prog->code_count ? prog->code_count : 1) * sizeof *counts);
  uint64_t total = 0;
  int64_t prev = -1;
  for (uint32_t i = 0; i < nz; i++) {
    const uint32_t idx = rd32(r), c = rd32(r);
    if ((int64_t)idx <= prev || idx >= prog->code_count || c == 0 || c >= ZKA_ZKVM_MAX_TS)
      return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: segment %u: bad execution count "
                       "(instruction %u, %u times)", k, idx, c);
    prev = idx;
    counts[idx] = c;
    total += c;
  }
  if (total != cycles || cycles == 0 || cycles >= ZKA_ZKVM_MAX_TS / 4)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: segment %u: the execution counts "
                     "(%llu in all) do not add up to its %u cycles", k, (unsigned long long)total, cycles);
  st->counts = counts;
  st->n_counts = prog->code_count;
  const uint32_t nb = rd32(r);
  if (r->bad || (r->n - r->k) / 8 < nb)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (segment %u's memory boundary)", k);
  if (nb > *bound_cap) {
    zka_mem_entry *q = realloc(*bound, nb * sizeof *q);
    if (!q) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
    *bound = q;
    *bound_cap = nb;
  }
  const uint32_t mem_end = ZKA_ZKVM_TEXT_BASE + prog->mem_size;
  for (uint32_t i = 0; i < nb; i++) {
    zka_mem_entry *b = &(*bound)[i];
    b->addr = rd32(r);
    b->final = rd32(r);
    b->final_ts = 0;
    if ((i && b->addr <= (*bound)[i - 1].addr) ||
        (b->addr >= 32 && ((b->addr & 3) || b->addr < ZKA_ZKVM_TEXT_BASE || b->addr >= mem_end)))
      return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: segment %u: boundary address "
                       "0x%08x out of order or outside the memory map", k, b->addr);
    b->init = zka_memstate_peek(mem, b->addr);
  }
  st->bound = *bound;
  st->n_bound = nb;
  return ZKA_OK;
}

zka_status zka_zkvm_verify(const zka_zkvm_program *prog, const uint8_t *proof, size_t proof_len,
                           zka_zkvm_result *out, zka_ctx *ctx) {
  if (out) memset(out, 0, sizeof *out);
  if (!prog || !proof || !out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm verify: NULL argument");
  if (proof_len < 64 || memcmp(proof, "ZKVM", 4))
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: not a zkaccel zkVM proof (bad magic or too short)");
  if (get32(proof + 4) != ZKVM_PROOF_VERSION)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: proof version %u, this build reads %u",
                     get32(proof + 4), ZKVM_PROOF_VERSION);
  uint8_t digest[32];
  zka_status ds = zka_zkvm_program_digest(prog, digest, ctx);
  if (ds != ZKA_OK) return ds;
  if (memcmp(digest, proof + 8, 32))
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: the proof is for another program "
                     "(its program digest differs from this ELF's)");
  reader r = {proof, proof_len, 40, 0};
  const int32_t exit_code = (int32_t)rd32(&r);
  uint64_t cycles = rd32(&r);
  cycles |= (uint64_t)rd32(&r) << 32;
  const size_t output_len = rd32(&r);
  if (r.bad || output_len > proof_len - r.k)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (public output)");
  const uint8_t *output = proof + r.k;
  r.k += output_len;
  (void)rd32(&r); /* log_segment: informational */
  const uint32_t n_seg = rd32(&r);
  if (r.bad) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof");
  if (n_seg == 0 || n_seg > (proof_len - r.k) / 32)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: %u segments in %zu bytes", n_seg, proof_len - r.k);
  const zka_chip *chips[ZKA_ZKVM_MAX_CHIPS];
  size_t n_chips = zka_zkvm_chip_list(chips);
  zka_air_table tables[ZKA_ZKVM_MAX_CHIPS];
  zka_status s = tables_build(tables, chips, n_chips, ctx);
  const int have_tables = s == ZKA_OK;
  const zka_air_table *tp[ZKA_ZKVM_MAX_CHIPS];
  for (size_t i = 0; i < n_chips; i++) tp[i] = &tables[i];
  zka_memstate *mem = NULL;
  uint32_t *counts = malloc((prog->code_count ? prog->code_count : 1) * sizeof *counts);
  zka_mem_entry *bound = NULL;
  size_t bound_cap = 0;
  if (s == ZKA_OK && !counts) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
  if (s == ZKA_OK) s = zka_memstate_new(&mem, prog, ctx);
  statement st;
  memset(&st, 0, sizeof st);
  chain_start(digest, st.chain);
  st.start_pc = prog->entry;
  uint64_t sum = 0;
  const zka_stark_params prm = zka_stark_params_default();
  for (uint32_t k = 0; k < n_seg && s == ZKA_OK; k++) {
    st.index = k;
    const size_t hdr_at = r.k;
    s = read_segment(&r, prog, mem, &st, counts, &bound, &bound_cap, output, output_len,
                     k + 1 == n_seg, ctx);
    if (s != ZKA_OK) break;
    const size_t hdr_end = r.k;
    const uint32_t stark_len = rd32(&r);
    if (r.bad || stark_len > proof_len - r.k) {
      s = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (segment %u's STARK proof)", k);
      break;
    }
    uint8_t next[32];
    s = chain_next(&st, proof + hdr_at, hdr_end - hdr_at, next, ctx);
    if (s != ZKA_OK) break;
    zka_babybear pre[PREAMBLE_LEN];
    preamble_make(k, next, pre);
    external_ctx xc = {prog, &st};
    s = zka_stark_verify(&prm, tp, n_chips, pre, PREAMBLE_LEN, external_fn, &xc, proof + r.k,
                         stark_len, NULL, ctx);
    if (s != ZKA_OK) {
      if (n_seg > 1) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", zka_ctx_last_error(ctx));
        s = zka_error(ctx, s, "segment %u of %u: %s", k, n_seg, msg);
      }
      break;
    }
    r.k += stark_len;
    /* the state the next segment starts from */
    for (size_t i = 0; i < st.n_bound; i++) {
      uint32_t old, prev_ts;
      zka_memstate_access(mem, st.bound[i].addr, 1, st.bound[i].final, 1, &old, &prev_ts);
    }
    if (zka_memstate_oom(mem)) {
      s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory (the memory state)");
      break;
    }
    sum += st.cycles;
    memcpy(st.chain, next, 32);
    st.start_pc = st.end_pc;
    st.out0 += st.output_len;
    st.eof0 = st.eof1;
  }
  if (s == ZKA_OK && r.k != proof_len)
    s = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: %zu bytes after the last segment", proof_len - r.k);
  if (s == ZKA_OK && (sum != cycles || st.out0 != output_len || st.exit_code != exit_code))
    s = zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: the segments prove %llu cycles, %zu "
                  "output bytes and exit code %d; the proof claims %llu, %zu and %d",
                  (unsigned long long)sum, st.out0, (int)st.exit_code,
                  (unsigned long long)cycles, output_len, (int)exit_code);
  if (s == ZKA_OK) {
    out->stop = ZKA_ZKVM_HALTED;
    out->exit_code = exit_code;
    out->cycles = cycles;
    if (output_len) {
      out->output = malloc(output_len);
      if (!out->output) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
      else memcpy(out->output, output, output_len);
      out->output_len = out->output ? output_len : 0;
    }
  }
  free(bound);
  free(counts);
  zka_memstate_free(mem);
  if (have_tables) tables_free(tables, n_chips);
  return s;
}

void zka_zkvm_proof_free(uint8_t *proof) { free(proof); }
