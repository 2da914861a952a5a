/* witness.c — the pieces of the zkVM's witness every chip shares: the RV32IM ALU reference,
 * growable arrays, the memory-state model (registers + paged RAM with per-word timestamps),
 * the ELF image words, and the memory-access gadget (constraints and trace side). */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/air/zkvm_air.h"

/* ---- ALU reference ---------------------------------------------------------------------- */

uint32_t zka_alu_eval(uint32_t op, uint32_t a, uint32_t b) {
  int32_t sa = (int32_t)a, sb = (int32_t)b;
  switch (op) {
    case ZKA_ALU_ADD: return a + b;
    case ZKA_ALU_SUB: return a - b;
    case ZKA_ALU_XOR: return a ^ b;
    case ZKA_ALU_OR: return a | b;
    case ZKA_ALU_AND: return a & b;
    case ZKA_ALU_SLL: return a << (b & 31);
    case ZKA_ALU_SRL: return a >> (b & 31);
    case ZKA_ALU_SRA: return (uint32_t)(sa < 0 ? ~(~a >> (b & 31)) : a >> (b & 31));
    case ZKA_ALU_SLT: return sa < sb;
    case ZKA_ALU_SLTU: return a < b;
    case ZKA_ALU_EQ: return a == b;
    case ZKA_ALU_MUL: return a * b;
    case ZKA_ALU_MULH: return (uint32_t)(((int64_t)sa * (int64_t)sb) >> 32);
    case ZKA_ALU_MULHSU: return (uint32_t)(((int64_t)sa * (int64_t)(uint64_t)b) >> 32);
    case ZKA_ALU_MULHU: return (uint32_t)(((uint64_t)a * (uint64_t)b) >> 32);
    case ZKA_ALU_DIV:
      if (b == 0) return 0xFFFFFFFFu;
      if (a == 0x80000000u && b == 0xFFFFFFFFu) return a;
      return (uint32_t)(sa / sb);
    case ZKA_ALU_DIVU: return b == 0 ? 0xFFFFFFFFu : a / b;
    case ZKA_ALU_REM:
      if (b == 0) return a;
      if (a == 0x80000000u && b == 0xFFFFFFFFu) return 0;
      return (uint32_t)(sa % sb);
    case ZKA_ALU_REMU: return b == 0 ? a : a % b;
    default: return 0;
  }
}

/* ---- arrays ----------------------------------------------------------------------------- */

void *zka_vec_push(zka_vec *v, const void *x) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 64;
    void *p = realloc(v->p, cap * v->elem);
    if (!p) return NULL;
    v->p = p;
    v->cap = cap;
  }
  void *dst = (char *)v->p + v->n * v->elem;
  memcpy(dst, x, v->elem);
  v->n++;
  return dst;
}

void zka_vec_free(zka_vec *v) {
  free(v->p);
  v->p = NULL;
  v->n = v->cap = 0;
}

uint32_t zka_witness_alu(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b) {
  zka_alu_event e = {op, a, b, zka_alu_eval(op, a, b)};
  (void)zka_vec_push(&w->alu, &e);
  return e.c;
}

/* ---- the ELF image ---------------------------------------------------------------------- */

static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

/* The byte at address a as loaded from the file (0 outside every file-backed range). */
static uint32_t image_byte(const zka_zkvm_program *p, uint32_t a) {
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *s = &p->seg[i];
    if (a >= s->vaddr && a - s->vaddr < s->filesz) return p->file[s->offset + (a - s->vaddr)];
  }
  return 0;
}

zka_status zka_zkvm_image(const zka_zkvm_program *prog, zka_image_fn fn, void *user,
                          zka_ctx *ctx) {
  if (!prog || !fn) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm image: NULL argument");
  size_t total = 0;
  for (size_t i = 0; i < prog->nseg; i++)
    if (prog->seg[i].filesz) total += prog->seg[i].filesz / 4 + 2;
  uint32_t *addr = malloc((total ? total : 1) * sizeof *addr);
  if (!addr) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm image: out of memory");
  size_t n = 0;
  for (size_t i = 0; i < prog->nseg; i++) {
    const zka_zkvm_segment *s = &prog->seg[i];
    if (!s->filesz) continue;
    uint32_t lo = s->vaddr & ~3u, hi = (uint32_t)(((uint64_t)s->vaddr + s->filesz + 3) & ~3ull);
    for (uint32_t a = lo; a < hi; a += 4) addr[n++] = a;
  }
  qsort(addr, n, sizeof *addr, cmp_u32);
  for (size_t i = 0; i < n; i++) {
    if (i && addr[i] == addr[i - 1]) continue;
    uint32_t a = addr[i];
    uint32_t word = image_byte(prog, a) | image_byte(prog, a + 1) << 8 |
                    image_byte(prog, a + 2) << 16 | image_byte(prog, a + 3) << 24;
    fn(user, a, word);
  }
  free(addr);
  return ZKA_OK;
}

/* ---- memory state ----------------------------------------------------------------------- */

#define PAGE_WORDS 1024u /* 4 KiB */
#define N_PAGES (ZKA_ZKVM_MEM_END / (PAGE_WORDS * 4u))

enum { F_TOUCHED = 1, F_IMAGE = 2 };

typedef struct {
  uint32_t val[PAGE_WORDS], ts[PAGE_WORDS], init[PAGE_WORDS];
  uint8_t flags[PAGE_WORDS];
} mem_page;

struct zka_memstate {
  mem_page regs; /* words 0..31: x0..x31 */
  mem_page **page;
  int oom;
};

static mem_page *page_of(zka_memstate *m, uint32_t addr, uint32_t *idx) {
  if (addr < 32) {
    *idx = addr;
    return &m->regs;
  }
  uint32_t w = addr >> 2, pg = w / PAGE_WORDS;
  *idx = w % PAGE_WORDS;
  if (pg >= N_PAGES) return NULL;
  if (!m->page[pg]) {
    m->page[pg] = calloc(1, sizeof(mem_page));
    if (!m->page[pg]) m->oom = 1;
  }
  return m->page[pg];
}

static void image_store(void *user, uint32_t addr, uint32_t word) {
  zka_memstate *m = user;
  uint32_t i;
  mem_page *p = page_of(m, addr, &i);
  if (!p) return;
  p->val[i] = p->init[i] = word;
  p->flags[i] |= F_IMAGE;
}

zka_status zka_memstate_new(zka_memstate **out, const zka_zkvm_program *prog, zka_ctx *ctx) {
  zka_memstate *m = calloc(1, sizeof *m);
  if (m) m->page = calloc(N_PAGES, sizeof *m->page);
  if (!m || !m->page) {
    free(m);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm memory state: out of memory");
  }
  zka_status s = prog ? zka_zkvm_image(prog, image_store, m, ctx) : ZKA_OK;
  if (s == ZKA_OK && m->oom) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm memory state: out of memory");
  if (s != ZKA_OK) {
    zka_memstate_free(m);
    return s;
  }
  *out = m;
  return ZKA_OK;
}

void zka_memstate_free(zka_memstate *m) {
  if (!m) return;
  if (m->page)
    for (size_t i = 0; i < N_PAGES; i++) free(m->page[i]);
  free(m->page);
  free(m);
}

void zka_memstate_access(zka_memstate *m, uint32_t addr, int write, uint32_t val, uint32_t ts,
                         uint32_t *old, uint32_t *prev_ts) {
  uint32_t i;
  mem_page *p = page_of(m, addr, &i);
  if (!p) {
    *old = *prev_ts = 0;
    return;
  }
  *old = p->val[i];
  *prev_ts = p->ts[i];
  if (write) p->val[i] = val;
  p->ts[i] = ts;
  p->flags[i] |= F_TOUCHED;
}

int zka_memstate_oom(const zka_memstate *m) { return m->oom; }

uint32_t zka_memstate_peek(const zka_memstate *m, uint32_t addr) {
  if (addr < 32) return m->regs.val[addr];
  uint32_t w = addr >> 2, pg = w / PAGE_WORDS;
  if (pg >= N_PAGES || !m->page[pg]) return 0;
  return m->page[pg]->val[w % PAGE_WORDS];
}

static size_t page_entries(const mem_page *p, uint32_t base, uint32_t stride, uint32_t count,
                           zka_mem_entry *out, size_t k) {
  for (uint32_t i = 0; i < count; i++) {
    if (!(p->flags[i] & F_TOUCHED)) continue;
    if (out) {
      zka_mem_entry *e = &out[k];
      e->addr = base + i * stride;
      e->init = p->init[i];
      e->final = p->val[i];
      e->final_ts = p->ts[i];
    }
    k++;
  }
  return k;
}

static void page_begin(mem_page *p) {
  memcpy(p->init, p->val, sizeof p->init);
  memset(p->ts, 0, sizeof p->ts);
  for (uint32_t i = 0; i < PAGE_WORDS; i++) p->flags[i] &= (uint8_t)~F_TOUCHED;
}

void zka_memstate_begin_segment(zka_memstate *m) {
  page_begin(&m->regs);
  for (uint32_t pg = 0; pg < N_PAGES; pg++)
    if (m->page[pg]) page_begin(m->page[pg]);
}

size_t zka_memstate_entries(const zka_memstate *m, zka_mem_entry *out) {
  size_t k = page_entries(&m->regs, 0, 1, 32, out, 0);
  for (uint32_t pg = 0; pg < N_PAGES; pg++)
    if (m->page[pg]) k = page_entries(m->page[pg], pg * PAGE_WORDS * 4u, 4, PAGE_WORDS, out, k);
  return k;
}

/* ---- the memory-access gadget ----------------------------------------------------------- */

/* Why the wr flag stops writes to read-only words (the memory chip sends (addr, init, 0, W)
 * and receives (addr, final, final_ts, W) once per address, W = 0 exactly for words below
 * write_lo): every access's receive (addr, old, prev_ts, wr) must equal some send of the
 * same address, i.e. the memory chip's (ts 0, W) or another access's (ts = prev_ts, its
 * wr).  prev_ts < ts over the integers (every ts is a small integer: the CPU's start at 1
 * and grow by 4 per row, an ecall's by 4 + len with the lens summing to at most the ecall
 * chip's rows, so ts < 5n, far below p; the gap is < 2^24), so by induction on ts every
 * access to addr carries wr = W of addr's one memory row.  A write carries wr = 1, so its
 * word has W = 1: it is writable.  This checks every write, not just the final value, so a
 * store to code that is later undone is refused too. */
void zka_air_mem_access_wr(zka_air_builder *b, size_t col, zka_expr mult, zka_expr addr,
                           const zka_expr new_val[4], zka_expr ts, zka_expr wr) {
  zka_expr prev_ts = zka_air_col(b, col);
  zka_expr old_t[7], new_t[7];
  old_t[0] = new_t[0] = addr;
  for (size_t i = 0; i < 4; i++) {
    old_t[1 + i] = zka_air_col(b, col + 1 + i);
    new_t[1 + i] = new_val[i];
  }
  old_t[5] = prev_ts;
  new_t[5] = ts;
  old_t[6] = new_t[6] = wr;
  zka_air_receive(b, ZKA_BUS_MEM, mult, old_t, 7);
  zka_air_send(b, ZKA_BUS_MEM, mult, new_t, 7);
  zka_expr d[3];
  for (size_t i = 0; i < 3; i++) {
    d[i] = zka_air_col(b, col + 5 + i);
    zka_air_send(b, ZKA_BUS_U8, mult, &d[i], 1);
  }
  /* ts - prev_ts - 1 = d0 + 256 d1 + 65536 d2 in [0, 2^24): prev_ts < ts. */
  zka_expr gap = zka_air_sub(b, zka_air_sub(b, ts, prev_ts), zka_air_const(b, 1));
  zka_air_assert_zero_when(b, mult, zka_air_sub(b, gap, zka_air_bytes(b, d, 3)));
}

void zka_air_mem_access(zka_air_builder *b, size_t col, zka_expr mult, zka_expr addr,
                        const zka_expr new_val[4], zka_expr ts) {
  zka_air_mem_access_wr(b, col, mult, addr, new_val, ts, zka_air_const(b, 1));
}

zka_expr zka_air_memacc_old(zka_air_builder *b, size_t col, size_t i) {
  return zka_air_col(b, col + 1 + i);
}

uint32_t zka_memacc_gen(zka_zkvm_witness *w, zka_babybear *cells, uint32_t addr, int write,
                        uint32_t val, uint32_t ts) {
  uint32_t old, prev_ts;
  zka_memstate_access(w->mem, addr, write, val, ts, &old, &prev_ts);
  uint32_t gap = ts - prev_ts - 1;
  cells[0] = zka_bb(prev_ts);
  for (size_t i = 0; i < 4; i++) cells[1 + i] = zka_bb((old >> (8 * i)) & 255);
  for (size_t i = 0; i < 3; i++) {
    uint32_t d = (gap >> (8 * i)) & 255;
    cells[5 + i] = zka_bb(d);
    zka_witness_u8(w, d);
  }
  return old;
}
