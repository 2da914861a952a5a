/* alu_common.c — what the ALU chips share: the generic trace generator (one row per event),
 * the flag/receive/range-check helpers, the 64-bit product gadget, and the chip list. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/chips/alu_internal.h"

/* The rows one chip made in gen: n rows of width canonical cells. */
typedef struct {
  uint32_t *cells;
  size_t n, cap, width;
} zka_alu_rows_state;

zka_status zka_alu_gen(const zka_alu_desc *d, zka_zkvm_witness *w, size_t index, zka_ctx *ctx) {
  if (index >= ZKA_ZKVM_MAX_CHIPS || d->width > ZKA_ALU_MAX_WIDTH)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: chip index %zu", d->name, index);
  zka_alu_free(w, index);
  zka_alu_rows_state *s = calloc(1, sizeof *s);
  if (!s) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", d->name);
  s->width = d->width;
  w->chip[index] = s;
  /* w->alu may grow while we walk it only if a chip's row function requested ALU work,
   * which none does: every ALU chip proves its own arithmetic. */
  const zka_alu_event *ev = (const zka_alu_event *)w->alu.p;
  for (size_t i = 0; i < w->alu.n; i++) {
    zka_alu_event e = ev[i];
    if (e.op >= 32 || !((d->ops >> e.op) & 1u)) continue;
    if (s->n == s->cap) {
      size_t cap = s->cap ? 2 * s->cap : 64;
      uint32_t *p = realloc(s->cells, cap * s->width * sizeof *p);
      if (!p) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", d->name);
      s->cells = p;
      s->cap = cap;
    }
    uint32_t *row = s->cells + s->n * s->width;
    memset(row, 0, s->width * sizeof *row);
    uint32_t c = d->row(w, e.op, e.a, e.b, row);
    if (c != e.c)
      return zka_error(ctx, ZKA_ERR_INTERNAL,
                       "%s: event %zu (op %u, a 0x%08x, b 0x%08x) claims 0x%08x, the chip proves "
                       "0x%08x",
                       d->name, i, e.op, e.a, e.b, e.c, c);
    s->n++;
  }
  return ZKA_OK;
}

size_t zka_alu_rows(const zka_zkvm_witness *w, size_t index) {
  const zka_alu_rows_state *s = index < ZKA_ZKVM_MAX_CHIPS ? w->chip[index] : NULL;
  return s ? s->n : 0;
}

const uint32_t *zka_alu_row_cells(const zka_zkvm_witness *w, size_t index, size_t r) {
  const zka_alu_rows_state *s = index < ZKA_ZKVM_MAX_CHIPS ? w->chip[index] : NULL;
  return s && r < s->n ? s->cells + r * s->width : NULL;
}

zka_status zka_alu_fill(const zka_alu_desc *d, const zka_zkvm_witness *w, size_t index,
                        zka_babybear *rows, size_t n, zka_ctx *ctx) {
  const zka_alu_rows_state *s = index < ZKA_ZKVM_MAX_CHIPS ? w->chip[index] : NULL;
  size_t real = s ? s->n : 0;
  if (real > n)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: %zu rows do not fit in %zu", d->name, real,
                     n);
  for (size_t i = 0; i < real * d->width; i++) rows[i] = zka_bb(s->cells[i]);
  /* Padding: all zero (every flag 0, so multiplicity 0), which every constraint allows. */
  memset(rows + real * d->width, 0, (n - real) * d->width * sizeof *rows);
  return ZKA_OK;
}

void zka_alu_free(zka_zkvm_witness *w, size_t index) {
  if (index >= ZKA_ZKVM_MAX_CHIPS || !w->chip[index]) return;
  zka_alu_rows_state *s = w->chip[index];
  free(s->cells);
  free(s);
  w->chip[index] = NULL;
}

/* ---- constraint helpers ----------------------------------------------------------------- */

zka_expr zka_alu_air_flags(zka_air_builder *b, size_t col, const uint32_t *ops, size_t k,
                           zka_expr *op_out) {
  zka_expr real = zka_air_const(b, 0), op = zka_air_const(b, 0);
  zka_air_label(b, "alu: op flag is boolean");
  for (size_t i = 0; i < k; i++) {
    zka_expr f = zka_air_col(b, col + i);
    zka_air_assert_bool(b, f);
    real = zka_air_add(b, real, f);
    op = zka_air_add(b, op, zka_air_scale(b, f, ops[i]));
  }
  /* At most one flag: the sum is boolean too (flags are 0/1, so it counts the set ones). */
  zka_air_label(b, "alu: at most one op flag");
  zka_air_assert_bool(b, real);
  *op_out = op;
  return real;
}

void zka_alu_air_receive(zka_air_builder *b, zka_expr mult, zka_expr op, const zka_expr a[4],
                         const zka_expr bv[4], const zka_expr c[4]) {
  zka_expr t[13];
  t[0] = op;
  for (int i = 0; i < 4; i++) {
    t[1 + i] = a[i];
    t[5 + i] = bv[i];
    t[9 + i] = c[i];
  }
  zka_air_receive(b, ZKA_BUS_ALU, mult, t, 13);
}

void zka_alu_air_byte(zka_air_builder *b, zka_expr mult, zka_expr x) {
  zka_air_send(b, ZKA_BUS_U8, mult, &x, 1);
}

void zka_alu_air_sign(zka_air_builder *b, zka_expr mult, zka_expr top, zka_expr sign) {
  zka_air_label(b, "alu: sign bit is boolean");
  zka_air_assert_bool(b, sign);
  /* 2·(top - 128·sign) in [0, 256) forces top - 128·sign in [0, 128): an odd byte y would
   * need top - 128·sign = (y + p)/2 ~ 2^30, out of reach of a byte minus 0 or 128. */
  zka_expr low = zka_air_sub(b, top, zka_air_scale(b, sign, 128));
  zka_alu_air_byte(b, mult, zka_air_scale(b, low, 2));
}

void zka_alu_air_product(zka_air_builder *b, zka_expr gate, int has_gate, zka_expr mult,
                         const zka_expr x[8], const zka_expr y[8], const zka_expr *add,
                         const zka_expr out[8], size_t carry_col) {
  zka_expr carry_in = zka_air_const(b, 0);
  zka_air_label(b, "alu: product column");
  for (int k = 0; k < 8; k++) {
    zka_expr lo = zka_air_col(b, carry_col + 2 * (size_t)k);
    zka_expr hi = zka_air_col(b, carry_col + 2 * (size_t)k + 1);
    zka_expr carry = zka_air_add(b, lo, zka_air_scale(b, hi, 256));
    zka_expr sum = carry_in;
    for (int i = 0; i <= k; i++) sum = zka_air_add(b, sum, zka_air_mul(b, x[i], y[k - i]));
    if (add) sum = zka_air_add(b, sum, add[k]);
    zka_expr diff = zka_air_sub(b, sum, zka_air_add(b, out[k], zka_air_scale(b, carry, 256)));
    zka_air_assert_zero(b, has_gate ? zka_air_mul(b, gate, diff) : diff);
    zka_alu_air_byte(b, mult, lo);
    zka_alu_air_byte(b, mult, hi);
    carry_in = carry;
  }
}

void zka_alu_gen_product(zka_zkvm_witness *w, uint32_t *cells, uint32_t out[8], const uint32_t x[8],
                         const uint32_t y[8], const uint32_t *add) {
  uint64_t carry = 0;
  for (int k = 0; k < 8; k++) {
    uint64_t s = carry + (add ? add[k] : 0);
    for (int i = 0; i <= k; i++) s += (uint64_t)x[i] * y[k - i];
    out[k] = (uint32_t)(s & 255);
    carry = s >> 8; /* < 2^12: 8·255^2 + 255 + carry < 2^20 */
    cells[2 * k] = (uint32_t)(carry & 255);
    cells[2 * k + 1] = (uint32_t)(carry >> 8);
    zka_witness_u8(w, cells[2 * k]);
    zka_witness_u8(w, cells[2 * k + 1]);
  }
}

/* ---- the list --------------------------------------------------------------------------- */

size_t zka_alu_chips(const zka_chip **out, size_t max) {
  /* Each chip proves its own arithmetic (divrem has its own product gadget), so the order
   * only matters for the rule that a chip sends ALU requests to later ones: none does. */
  static const zka_chip *const list[] = {&zka_chip_alu_addsub, &zka_chip_alu_bitwise,
                                         &zka_chip_alu_lt,     &zka_chip_alu_shift,
                                         &zka_chip_alu_mul,    &zka_chip_alu_divrem};
  size_t n = sizeof list / sizeof list[0];
  for (size_t i = 0; i < n && i < max; i++) out[i] = list[i];
  return n;
}
