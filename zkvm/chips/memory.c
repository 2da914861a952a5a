/* memory.c — the memory chip: the two ends of offline memory checking within a segment.
 *
 * One real row per address the segment touches (zka_memstate_entries: registers and RAM
 * words), in strictly increasing address order.  Each row receives (addr, init) from the
 * verifier on ZKA_BUS_MEM_IN and sends (addr, final) to it on ZKA_BUS_MEM_OUT — the
 * segment's memory boundary, which the proof lists and the verifier chains from segment to
 * segment (init = the ELF image word, 0, or the final value of the last segment that touched
 * the address) — and on ZKA_BUS_MEM sends (addr, init, 0) and receives (addr, final,
 * final_ts); the accesses in between (each receives (addr, old, prev_ts) and sends
 * (addr, new, ts), prev_ts < ts) form one chain per address from time 0 to final_ts.
 *
 * The program's layout (text_base, write_lo, mem_end) is received once from the verifier
 * on ZKA_BUS_LAYOUT (row 0) and kept in three columns equal on every row.  A real row is a
 * register (addr < 32) or a RAM word with text_base <= addr < mem_end; a RAM word below
 * write_lo (code, read-only data) ends with its initial value.
 *
 * Why this is sound (p = 2^31 - 2^27 + 1):
 *  - every address is an integer below 2^29: a register's is < 32, a read-only word's
 *    addr - text_base and a writable word's addr - write_lo are shown to be in [0, 2^28)
 *    (four bytes, the top one < 16).  next - addr - 1 is in [0, 2^28) too, so
 *    addr + 1 + diff < 2^30 < p holds over the integers: addresses strictly increase and
 *    none repeats (real rows are a prefix of the table).  So the last real row holds the
 *    highest address, and mem_end - 1 - addr in [0, 2^28) there bounds them all;
 *  - an access to an address with no row cannot balance: following prev_ts downwards the
 *    chain must start at a send with ts 0, which only this chip makes (one per row);
 *  - the boundary: the verifier sends (addr, value) on ZKA_BUS_MEM_IN once per address of
 *    the proof's boundary list and receives (addr, claimed final) on ZKA_BUS_MEM_OUT; every
 *    real row receives and sends one of each, so the rows are exactly the listed addresses
 *    (they are distinct), each starting from the verifier's value and ending at the claim;
 *  - init is a word of bytes (the verifier's own).  final needs no range check: it is
 *    received from the last access's send, which is a write's value (range-checked by the
 *    writer) or the value that access read, and so back to init;
 *  - a row claimed read-only must keep its value; a row claimed writable has
 *    addr >= write_lo by its bound;
 *  - no access may WRITE a read-only word, not even one that puts the old value back later
 *    (the executor traps on the first store): the MEM tuples end with the row's writable
 *    flag 1 - ro, which every access to the address must carry (zka_air_mem_access_wr's
 *    argument), and every write (CPU store, read(0) byte) carries 1.  A row cannot dodge
 *    it by claiming ro = 0: its address then needs addr - write_lo in [0, 2^28).
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/chips/mem_ecall.h"

typedef struct {
  zka_mem_entry *e;
  size_t n;
  uint32_t tb, wl, me; /* the layout */
} zka_memchip_state;

static zka_expr zka_memchip_bytes(zka_air_builder *b, size_t col) {
  zka_expr x[4];
  for (size_t i = 0; i < 4; i++) x[i] = zka_air_col(b, col + i);
  return zka_air_bytes(b, x, 4); /* < 2^28 < p - 2^27 by the top byte's check */
}

/* Send the four bytes at col, and 16 times the top one, with multiplicity mult: the value
 * they make is in [0, 2^28). */
static void zka_memchip_range28(zka_air_builder *b, size_t col, zka_expr mult) {
  for (size_t i = 0; i < 4; i++) {
    zka_expr x = zka_air_col(b, col + i);
    zka_air_send(b, ZKA_BUS_U8, mult, &x, 1);
  }
  zka_expr top = zka_air_scale(b, zka_air_col(b, col + 3), 16);
  zka_air_send(b, ZKA_BUS_U8, mult, &top, 1);
}

static void zka_memchip_air(zka_air_builder *b) {
  const zka_expr real = zka_air_col(b, ZKA_MEMC_REAL);
  const zka_expr has_next = zka_air_col(b, ZKA_MEMC_HAS_NEXT);
  const zka_expr ram = zka_air_col(b, ZKA_MEMC_RAM), ro = zka_air_col(b, ZKA_MEMC_RO);
  const zka_expr reg = zka_air_sub(b, real, ram);
  const zka_expr rw = zka_air_sub(b, ram, ro);
  const zka_expr addr = zka_air_col(b, ZKA_MEMC_ADDR);
  const zka_expr tb = zka_air_col(b, ZKA_MEMC_TB), wl = zka_air_col(b, ZKA_MEMC_WL);
  const zka_expr me = zka_air_col(b, ZKA_MEMC_ME);
  zka_expr init[4], fin[4];
  for (size_t i = 0; i < 4; i++) {
    init[i] = zka_air_col(b, ZKA_MEMC_INIT + i);
    fin[i] = zka_air_col(b, ZKA_MEMC_FINAL + i);
  }

  zka_air_label(b, "memory: flags are boolean");
  zka_air_assert_bool(b, real);
  zka_air_assert_bool(b, ram);
  zka_air_assert_bool(b, ro);
  zka_air_label(b, "memory: ram, ro only on real (ram) rows");
  zka_air_assert_zero_when(b, ram, zka_air_not(b, real));
  zka_air_assert_zero_when(b, ro, zka_air_not(b, ram));
  /* has_next = real(next) on every row but the last, 0 on the last: the address order is
   * checked between every two consecutive real rows and never across the wrap. */
  zka_air_label(b, "memory: has_next is the next row's real flag");
  zka_air_assert_zero_when(b, zka_air_transition(b),
                           zka_air_sub(b, has_next, zka_air_next(b, ZKA_MEMC_REAL)));
  zka_air_assert_zero_when(b, zka_air_last_row(b), has_next);
  zka_air_label(b, "memory: real rows are a prefix");
  zka_air_assert_zero_when(b, has_next, zka_air_not(b, real));
  zka_air_label(b, "memory: addresses strictly increase");
  zka_expr step = zka_air_sub(b, zka_air_next(b, ZKA_MEMC_ADDR), zka_air_add_const(b, addr, 1));
  zka_air_assert_zero_when(b, has_next, zka_air_sub(b, step, zka_memchip_bytes(b, ZKA_MEMC_DIFF)));

  /* The layout: constant down the table. */
  zka_air_label(b, "memory: layout columns are constant");
  const size_t lay[3] = {ZKA_MEMC_TB, ZKA_MEMC_WL, ZKA_MEMC_ME};
  for (size_t i = 0; i < 3; i++)
    zka_air_assert_zero_when(b, zka_air_transition(b),
                             zka_air_sub(b, zka_air_next(b, lay[i]), zka_air_col(b, lay[i])));
  /* lo = addr - text_base (read-only RAM), addr - write_lo (writable RAM), addr (register,
   * then < 32); on the last real row the diff bytes hold mem_end - 1 - addr. */
  zka_air_label(b, "memory: address bounds");
  zka_expr base = zka_air_add(b, zka_air_mul(b, ro, tb), zka_air_mul(b, rw, wl));
  zka_air_assert_eq(b, zka_air_sub(b, addr, base), zka_memchip_bytes(b, ZKA_MEMC_LO));
  for (size_t i = 1; i < 4; i++) zka_air_assert_zero_when(b, reg, zka_air_col(b, ZKA_MEMC_LO + i));
  zka_expr last = zka_air_sub(b, real, has_next);
  zka_expr hi = zka_air_sub(b, zka_air_add_const(b, me, -1), addr);
  zka_air_assert_zero_when(b, last, zka_air_sub(b, hi, zka_memchip_bytes(b, ZKA_MEMC_DIFF)));
  zka_air_label(b, "memory: read-only words keep their value");
  for (size_t i = 0; i < 4; i++) zka_air_assert_zero_when(b, ro, zka_air_sub(b, fin[i], init[i]));

  /* Offline memory checking: the initial write and the final read of each address. */
  /* The tuples' last value is the word's writable flag (1 - ro: registers and words at or
   * above write_lo); every access carries it unchanged and a write puts 1 there, so no
   * write to a read-only word can balance (witness.c, zka_air_mem_access_wr). */
  zka_expr v[7];
  v[0] = addr;
  for (size_t i = 0; i < 4; i++) v[1 + i] = init[i];
  v[5] = zka_air_const(b, 0);
  v[6] = zka_air_not(b, ro);
  zka_air_send(b, ZKA_BUS_MEM, real, v, 7);
  for (size_t i = 0; i < 4; i++) v[1 + i] = fin[i];
  v[5] = zka_air_col(b, ZKA_MEMC_FINAL_TS);
  zka_air_receive(b, ZKA_BUS_MEM, real, v, 7);
  for (size_t i = 0; i < 4; i++) v[1 + i] = init[i];
  zka_air_receive(b, ZKA_BUS_MEM_IN, real, v, 5);
  for (size_t i = 0; i < 4; i++) v[1 + i] = fin[i];
  zka_air_send(b, ZKA_BUS_MEM_OUT, real, v, 5);
  zka_expr l[3] = {tb, wl, me};
  zka_air_receive(b, ZKA_BUS_LAYOUT, zka_air_first_row(b), l, 3);

  /* Range checks: each difference above in [0, 2^28); a register's index < 32. */
  zka_memchip_range28(b, ZKA_MEMC_LO, real);
  zka_expr lo8 = zka_air_scale(b, zka_air_col(b, ZKA_MEMC_LO), 8);
  zka_air_send(b, ZKA_BUS_U8, reg, &lo8, 1);
  zka_memchip_range28(b, ZKA_MEMC_DIFF, real);
}

/* Count the bytes of a [0, 2^28) range check of v. */
static void zka_memchip_count28(zka_zkvm_witness *w, uint32_t v) {
  zka_witness_u8_word(w, v);
  zka_witness_u8(w, (v >> 24) * 16);
}

static zka_status zka_memchip_gen(zka_zkvm_witness *w, size_t index, zka_ctx *ctx) {
  zka_memchip_state *s = calloc(1, sizeof *s);
  if (!s) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm memory chip: out of memory");
  s->n = zka_memstate_entries(w->mem, NULL);
  if (s->n) {
    s->e = malloc(s->n * sizeof *s->e);
    if (!s->e) {
      free(s);
      return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm memory chip: out of memory");
    }
    s->n = zka_memstate_entries(w->mem, s->e);
  }
  w->chip[index] = s;
  s->tb = ZKA_ZKVM_TEXT_BASE;
  s->me = w->prog ? ZKA_ZKVM_TEXT_BASE + w->prog->mem_size : ZKA_ZKVM_MEM_END;
  s->wl = w->prog ? w->prog->write_lo : ZKA_ZKVM_TEXT_BASE;
  for (size_t i = 0; i < s->n; i++) {
    const zka_mem_entry *e = &s->e[i];
    const uint32_t a = e->addr;
    if ((i && a <= s->e[i - 1].addr) || (a >= 32 && (a < s->tb || a >= s->me)))
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "zkvm memory chip: address 0x%08x out of order or outside the map "
                       "[0x%08x, 0x%08x)", a, s->tb, s->me);
    if (a < 32) {
      zka_memchip_count28(w, a);
      zka_witness_u8(w, a * 8);
    } else if (a >= s->wl) {
      zka_memchip_count28(w, a - s->wl);
    } else if (e->final != e->init) {
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "zkvm memory chip: read-only word 0x%08x changed", a);
    } else {
      zka_memchip_count28(w, a - s->tb);
    }
    zka_memchip_count28(w, i + 1 < s->n ? s->e[i + 1].addr - a - 1 : s->me - 1 - a);
  }
  return ZKA_OK;
}

static size_t zka_memchip_rows(const zka_zkvm_witness *w, size_t index) {
  const zka_memchip_state *s = w->chip[index];
  return s ? s->n : 0;
}

static void zka_memchip_word(zka_babybear *cells, uint32_t v) {
  for (size_t i = 0; i < 4; i++) cells[i] = zka_bb((v >> (8 * i)) & 255);
}

static zka_status zka_memchip_fill(const zka_zkvm_witness *w, size_t index, zka_babybear *rows,
                                   size_t n, zka_ctx *ctx) {
  const zka_memchip_state *s = w->chip[index];
  const size_t m = s ? s->n : 0;
  if (m > n) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm memory chip: %zu rows > %zu", m, n);
  for (size_t i = 0; i < n; i++) { /* the layout, on every row */
    zka_babybear *r = rows + i * ZKA_MEMC_WIDTH;
    r[ZKA_MEMC_TB] = zka_bb(s ? s->tb : 0);
    r[ZKA_MEMC_WL] = zka_bb(s ? s->wl : 0);
    r[ZKA_MEMC_ME] = zka_bb(s ? s->me : 0);
  }
  for (size_t i = 0; i < m; i++) {
    const zka_mem_entry *e = &s->e[i];
    const uint32_t a = e->addr;
    zka_babybear *r = rows + i * ZKA_MEMC_WIDTH;
    r[ZKA_MEMC_ADDR] = zka_bb(a);
    zka_memchip_word(r + ZKA_MEMC_INIT, e->init);
    zka_memchip_word(r + ZKA_MEMC_FINAL, e->final);
    r[ZKA_MEMC_FINAL_TS] = zka_bb(e->final_ts);
    r[ZKA_MEMC_REAL] = zka_bb(1);
    if (a < 32) {
      zka_memchip_word(r + ZKA_MEMC_LO, a);
    } else {
      r[ZKA_MEMC_RAM] = zka_bb(1);
      if (a < s->wl) r[ZKA_MEMC_RO] = zka_bb(1);
      zka_memchip_word(r + ZKA_MEMC_LO, a - (a < s->wl ? s->tb : s->wl));
    }
    r[ZKA_MEMC_HAS_NEXT] = zka_bb(i + 1 < m);
    zka_memchip_word(r + ZKA_MEMC_DIFF, i + 1 < m ? s->e[i + 1].addr - a - 1 : s->me - 1 - a);
  }
  return ZKA_OK; /* padding rows: zero but for the layout */
}

static void zka_memchip_free(zka_zkvm_witness *w, size_t index) {
  zka_memchip_state *s = w->chip[index];
  if (s) free(s->e);
  free(s);
  w->chip[index] = NULL;
}

const zka_chip zka_chip_memory = {
    .name = "memory",
    .width = ZKA_MEMC_WIDTH,
    .air = zka_memchip_air,
    .gen = zka_memchip_gen,
    .rows = zka_memchip_rows,
    .fill = zka_memchip_fill,
    .free = zka_memchip_free,
};
