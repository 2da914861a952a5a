/* byte_chip.c — the byte table: receives every (x) sent on ZKA_BUS_U8.
 *
 * Two columns, val and mult.  val starts at 0 (first row), steps by 0 or 1 from one row to
 * the next, and ends at 255 (last row), so it takes every value 0..255 and no other: a send
 * (x) can only be matched when x is a byte.  mult[r] is the number of sends of val[r] on the
 * first row holding that value, 0 elsewhere.  Needs n >= 256 rows. */
#include "core/error.h"
#include "zkvm/air/zkvm_air.h"

enum { COL_VAL, COL_MULT, BYTE_WIDTH };

static void byte_air(zka_air_builder *b) {
  zka_expr v = zka_air_col(b, COL_VAL), vn = zka_air_next(b, COL_VAL);
  zka_air_label(b, "byte: starts at 0");
  zka_air_assert_zero_when(b, zka_air_first_row(b), v);
  zka_air_label(b, "byte: steps by 0 or 1");
  zka_expr step = zka_air_sub(b, vn, v);
  zka_air_assert_zero_when(b, zka_air_transition(b),
                           zka_air_mul(b, step, zka_air_add_const(b, step, -1)));
  zka_air_label(b, "byte: ends at 255");
  zka_air_assert_zero_when(b, zka_air_last_row(b), zka_air_add_const(b, v, -255));
  zka_air_receive(b, ZKA_BUS_U8, zka_air_col(b, COL_MULT), &v, 1);
}

static size_t byte_rows(const zka_zkvm_witness *w, size_t index) {
  (void)w;
  (void)index;
  return 256;
}

static zka_status byte_fill(const zka_zkvm_witness *w, size_t index, zka_babybear *rows,
                            size_t n, zka_ctx *ctx) {
  (void)index;
  if (n < 256) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "byte table: needs 256 rows, got %zu", n);
  for (size_t r = 0; r < n; r++) {
    rows[r * BYTE_WIDTH + COL_VAL] = zka_bb(r < 256 ? (uint32_t)r : 255u);
    /* counts stay below p: each send is one of at most 2^24 accesses x a few bytes */
    rows[r * BYTE_WIDTH + COL_MULT] = zka_bb(r < 256 ? (uint32_t)(w->u8_count[r] % 0x78000001u) : 0u);
  }
  return ZKA_OK;
}

const zka_chip zka_chip_byte = {"byte", BYTE_WIDTH, byte_air, NULL, byte_rows, byte_fill, NULL};
