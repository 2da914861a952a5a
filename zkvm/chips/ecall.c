/* ecall.c — the ecall chip: exit, read(0) of the private input, write(1) of the public
 * output, write(2) of the debug stream, -EBADF for other fds (zkvm/README.md's ABI, done
 * exactly as zkvm/exec.c does it).
 *
 * Two kinds of rows (columns in mem_ecall.h), at most one kind per row:
 *  - a request (one per ecall, in execution order, a prefix of the table): receives
 *    (clk, ts, ts_end, halt) from the CPU on ZKA_BUS_ECALL, reads a7, a0, a1, a2 at
 *    ts .. ts+3 through the memory-access gadget (a0's access also writes the return
 *    value), picks the call with one flag that the register bytes must match (an unknown
 *    a7 matches none, so its CPU send cannot be received), moves len bytes at
 *    ts+4 .. ts+3+len and hands back ts_end = ts+4+len;
 *  - a transfer (one per byte moved): one memory access at its own ts on the aligned word
 *    holding the byte (a read for write(1) and write(2), a read-modify-write for read(0)).
 *    write(2)'s bytes are proven nothing about but where they are: the executor traps on a
 *    debug buffer outside guest memory, so the chip reads each byte's word (the memory chip
 *    holds only words in [text_base, mem_end)) and sends it nowhere.
 * The kinds share the gadget of a7 and their bus interactions: each shared interaction's
 * tuple is (request flag)·(request's values) + (transfer flag)·(transfer's values), so a
 * row can only send what its own kind would.
 * A request starts a chain on ZKA_BUS_ECALL_IO and ends it: it sends
 * (kind, ts+4, buf, len, pos) and receives (kind, ts+4+len, buf+len, 0, pos+len); each
 * transfer receives (kind, t, a, r, q) and sends (kind, t+1, a+1, r-1, q+1).  A balanced
 * bus is a set of paths from starts to ends; the path from request A reaches an end with
 * remaining 0 after exactly len_A steps (len < 2^28), and its ts then equals ts_A+4+len_A,
 * which no other request's end has (the CPU gives each ecall a disjoint [ts, ts_end)).  So
 * each request gets exactly its bytes, at buf, buf+1, ..., in order: none skipped, added or
 * reordered.
 *
 * Chained across request rows (consecutive rows, ts strictly increasing):
 *  - pos, the public output written before the call, + len after write(1), and eof start
 *    from the segment's stream state, which row 0 receives from the verifier on
 *    ZKA_BUS_IOSTATE as (0, pos, eof) ((0, 0, 0) for the first segment), and the last
 *    request sends the state after it back as (1, pos', eof') (the verifier receives the
 *    next segment's start).  The tags keep the verifier's two tuples from cancelling when
 *    a segment claims no change (a segment without ecalls: padding row 0 passes the state
 *    through, so it must be unchanged).
 *    Output bytes go to ZKA_BUS_OUTPUT as (pos, byte); the verifier receives (i, out[i])
 *    for the claimed output, so it is exactly the bytes written, in execution order;
 *  - eof: read may return less than count (n = min(count, input left), the input being
 *    private) only by setting eof, after which every read returns 0 — so there is an input
 *    on which the executor returns exactly these counts.  n <= count is an SLTU request on
 *    the ALU bus (count < n is false).
 * Addresses: buf < 2^28 when len > 0 (so buf + k is an integer below p), and every
 * transfer address is in [0x10000, 0x10000 + 2^28), so registers (MEM addresses 0..31)
 * cannot be reached.  The program's own bounds are the memory chip's: every RAM word it
 * holds lies in [text_base, mem_end), and a word below write_lo cannot be written at all:
 * a read(0) byte's access carries the writable flag 1 on ZKA_BUS_MEM (ZKA_ECT_RO = 0), which
 * no read-only row of the memory chip matches, even if the bytes written equal the old ones.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/chips/mem_ecall.h"

#define ZKA_ECALL_EBADF_RET 0xFFFFFFF7u /* -EBADF = -9, Linux's asm-generic/errno-base.h */
#define ZKA_ECALL_REG_A0 10u
#define ZKA_ECALL_REG_A1 11u
#define ZKA_ECALL_REG_A2 12u
#define ZKA_ECALL_REG_A7 17u

enum { ZKA_ECK_EXIT, ZKA_ECK_READ, ZKA_ECK_OUT, ZKA_ECK_DBG, ZKA_ECK_RBAD, ZKA_ECK_WBAD };

typedef struct {
  uint32_t clk, ts, kind, a0, a1, a2, ret, len, pos, eof, shrt, has_next, next_ts;
  zka_babybear g[4][ZKA_MEMACC_COLS]; /* a7, a0 (read, then the result written), a1, a2 */
} zka_ecall_req;

enum { ZKA_ECX_IN, ZKA_ECX_OUT, ZKA_ECX_DBG }; /* transfer kinds */

typedef struct {
  uint32_t out, ts, addr, rem, pos, byte, new_word, ro; /* out: a ZKA_ECX_ kind */
  zka_babybear g[ZKA_MEMACC_COLS];
} zka_ecall_xfer;

typedef struct {
  zka_vec req;  /* zka_ecall_req */
  zka_vec xfer; /* zka_ecall_xfer */
} zka_ecall_state;

/* ---- constraints ------------------------------------------------------------------------ */

static zka_expr zka_ecall_word(zka_air_builder *b, size_t col) {
  zka_expr x[4];
  for (size_t i = 0; i < 4; i++) x[i] = zka_air_col(b, col + i);
  return zka_air_bytes(b, x, 4);
}

static void zka_ecall_air(zka_air_builder *b) {
  const zka_expr req = zka_air_col(b, ZKA_ECR_REQ);
  const zka_expr xin = zka_air_col(b, ZKA_ECT_IN), xout = zka_air_col(b, ZKA_ECT_OUT);
  const zka_expr xdbg = zka_air_col(b, ZKA_ECT_DBG);
  const zka_expr xrd = zka_air_add(b, xout, xdbg);  /* a transfer that reads memory */
  const zka_expr x = zka_air_add(b, xin, xrd);      /* a transfer row */
  const zka_expr ts = zka_air_col(b, ZKA_ECR_TS), pos = zka_air_col(b, ZKA_ECR_POS);
  const zka_expr len = zka_air_col(b, ZKA_ECR_LEN);
  const zka_expr f_exit = zka_air_col(b, ZKA_ECR_F_EXIT), f_read = zka_air_col(b, ZKA_ECR_F_READ);
  const zka_expr f_out = zka_air_col(b, ZKA_ECR_F_OUT), f_dbg = zka_air_col(b, ZKA_ECR_F_DBG);
  const zka_expr f_rbad = zka_air_col(b, ZKA_ECR_F_RBAD), f_wbad = zka_air_col(b, ZKA_ECR_F_WBAD);
  const zka_expr has_next = zka_air_col(b, ZKA_ECR_HAS_NEXT);
  const zka_expr sh = zka_air_col(b, ZKA_ECR_SHORT), eof = zka_air_col(b, ZKA_ECR_EOF);
  const zka_expr nz = zka_air_col(b, ZKA_ECR_NZ), inv = zka_air_col(b, ZKA_ECR_INV);
  const zka_expr xaddr = zka_air_col(b, ZKA_ECT_ADDR), rem = zka_air_col(b, ZKA_ECT_REM);
  const zka_expr byte = zka_air_col(b, ZKA_ECT_BYTE), q = zka_air_col(b, ZKA_ECT_Q);
  zka_expr a7[4], a0[4], a1[4], a2[4], ret[4], o[4], nw[4];
  for (size_t i = 0; i < 4; i++) {
    a7[i] = zka_air_memacc_old(b, ZKA_ECR_G_A7, i); /* a transfer row: the word's old value */
    a0[i] = zka_air_memacc_old(b, ZKA_ECR_G_A0, i);
    a1[i] = zka_air_memacc_old(b, ZKA_ECR_G_A1, i);
    a2[i] = zka_air_memacc_old(b, ZKA_ECR_G_A2, i);
    ret[i] = zka_air_col(b, ZKA_ECR_RET + i);
    o[i] = zka_air_col(b, ZKA_ECT_OFF + i);
    nw[i] = zka_air_col(b, ZKA_ECT_NEW + i);
  }
  const zka_expr buf = zka_air_bytes(b, a1, 4), count = zka_air_bytes(b, a2, 4);
  const zka_expr retw = zka_ecall_word(b, ZKA_ECR_RET);
  const zka_expr f_bad = zka_air_add(b, f_rbad, f_wbad);
  const zka_expr f_cnt = zka_air_add(b, f_out, f_dbg); /* calls that return count */
  const zka_expr f_io = zka_air_add(b, f_read, f_cnt); /* calls that move bytes */

  zka_air_label(b, "ecall: flags are boolean");
  zka_air_assert_bool(b, req);
  zka_air_assert_bool(b, xin);
  zka_air_assert_bool(b, xout);
  zka_air_assert_bool(b, xdbg);
  zka_air_assert_bool(b, zka_air_add(b, req, x)); /* one kind per row */
  zka_air_assert_bool(b, f_exit);
  zka_air_assert_bool(b, f_read);
  zka_air_assert_bool(b, f_out);
  zka_air_assert_bool(b, f_dbg);
  zka_air_assert_bool(b, f_rbad);
  zka_air_assert_bool(b, f_wbad);
  zka_air_assert_bool(b, sh);
  zka_air_assert_bool(b, eof);
  zka_air_assert_bool(b, nz);
  zka_air_label(b, "ecall: one call per request");
  zka_expr sum = zka_air_add(b, zka_air_add(b, f_exit, f_io), f_bad);
  zka_air_assert_eq(b, sum, req);
  zka_air_assert_zero_when(b, nz, zka_air_not(b, req));

  /* a7 selects the call: its bytes are (93|63|64, 0, 0, 0). */
  zka_air_label(b, "ecall: a7 matches the call");
  zka_expr want = zka_air_add(b, zka_air_scale(b, f_exit, ZKA_ZKVM_ECALL_EXIT),
                              zka_air_scale(b, zka_air_add(b, f_read, f_rbad), ZKA_ZKVM_ECALL_READ));
  want = zka_air_add(b, want, zka_air_scale(b, zka_air_add(b, f_cnt, f_wbad), ZKA_ZKVM_ECALL_WRITE));
  zka_air_assert_eq(b, zka_air_mul(b, req, a7[0]), want);
  for (size_t i = 1; i < 4; i++) zka_air_assert_zero_when(b, req, a7[i]);

  /* a0 (the fd) matches the call; a bad fd is shown nonzero by an inverse. */
  zka_air_label(b, "ecall: fd matches the call");
  zka_air_assert_zero_when(b, f_out, zka_air_add_const(b, a0[0], -1));
  zka_air_assert_zero_when(b, f_dbg, zka_air_add_const(b, a0[0], -2));
  for (size_t i = 0; i < 4; i++) zka_air_assert_zero_when(b, f_read, a0[i]);
  for (size_t i = 1; i < 4; i++) zka_air_assert_zero_when(b, f_cnt, a0[i]);
  /* read, fd != 0: the byte sum (< 1024, no wrap) is invertible */
  zka_expr fd_sum = zka_air_add(b, zka_air_add(b, a0[0], a0[1]), zka_air_add(b, a0[2], a0[3]));
  zka_air_assert_zero_when(b, f_rbad, zka_air_add_const(b, zka_air_mul(b, fd_sum, inv), -1));
  /* write, fd not 1 or 2: w = (fd_0 - 1)(fd_0 - 2) >= 0 is 0 only for fd_0 in {1, 2}, so
   * fd_1 + fd_2 + fd_3 + w (< 2^16 + 768, no wrap) is 0 exactly when fd is 1 or 2. */
  const zka_expr wcol = zka_air_col(b, ZKA_ECR_W);
  zka_expr wval = zka_air_mul(b, zka_air_add_const(b, a0[0], -1), zka_air_add_const(b, a0[0], -2));
  zka_air_assert_zero_when(b, f_wbad, zka_air_sub(b, wcol, wval));
  zka_expr hi_sum = zka_air_add(b, zka_air_add(b, a0[1], a0[2]), zka_air_add(b, a0[3], wcol));
  zka_air_assert_zero_when(b, f_wbad, zka_air_add_const(b, zka_air_mul(b, hi_sum, inv), -1));

  /* The return value: exit keeps a0, read returns n (ret itself), write returns count. */
  zka_air_label(b, "ecall: return value");
  const int64_t ebadf[4] = {0xF7, 0xFF, 0xFF, 0xFF};
  for (size_t i = 0; i < 4; i++) {
    zka_expr rhs = zka_air_add(b, zka_air_mul(b, f_exit, a0[i]), zka_air_mul(b, f_cnt, a2[i]));
    rhs = zka_air_add(b, rhs, zka_air_scale(b, f_bad, ebadf[i]));
    zka_air_assert_eq(b, zka_air_mul(b, zka_air_sub(b, req, f_read), ret[i]), rhs);
  }
  zka_air_label(b, "ecall: transfer length");
  zka_air_assert_zero_when(b, f_read, zka_air_sub(b, len, retw));
  /* write(2) moves its bytes too (read from memory, sent nowhere): the executor traps on a
   * debug buffer outside guest memory exactly as on fd 1's, and a transfer can only read a
   * word the memory chip holds, i.e. inside [text_base, mem_end) */
  zka_air_assert_zero_when(b, f_cnt, zka_air_sub(b, len, count));
  zka_air_assert_zero_when(b, zka_air_sub(b, req, f_io), len);
  zka_air_assert_zero_when(b, len, zka_air_not(b, nz));

  /* read: n = count unless short; once short (eof), n = 0 */
  zka_air_label(b, "ecall: read count");
  zka_air_assert_zero_when(b, sh, zka_air_not(b, f_read));
  zka_expr full = zka_air_mul(b, f_read, zka_air_not(b, sh));
  for (size_t i = 0; i < 4; i++) zka_air_assert_zero_when(b, full, zka_air_sub(b, ret[i], a2[i]));
  zka_air_assert_zero_when(b, zka_air_mul(b, eof, f_read), len);

  /* Chaining consecutive requests (has_next = 0 off request rows, so requests are a prefix). */
  zka_air_label(b, "ecall: has_next is the next row's request flag");
  zka_air_assert_zero_when(b, zka_air_transition(b),
                           zka_air_sub(b, has_next, zka_air_next(b, ZKA_ECR_REQ)));
  zka_air_assert_zero_when(b, zka_air_last_row(b), has_next);
  zka_air_assert_zero_when(b, has_next, zka_air_not(b, req));
  zka_air_label(b, "ecall: requests in execution order");
  zka_expr tsd[3];
  for (size_t i = 0; i < 3; i++) tsd[i] = zka_air_col(b, ZKA_ECR_TSD + i);
  zka_expr gap = zka_air_sub(b, zka_air_next(b, ZKA_ECR_TS), zka_air_add_const(b, ts, 1));
  zka_air_assert_zero_when(b, has_next, zka_air_sub(b, gap, zka_air_bytes(b, tsd, 3)));
  zka_air_label(b, "ecall: output position chain");
  zka_expr pos_next = zka_air_add(b, pos, zka_air_mul(b, f_out, len));
  zka_air_assert_zero_when(b, has_next, zka_air_sub(b, zka_air_next(b, ZKA_ECR_POS), pos_next));
  zka_air_label(b, "ecall: end-of-input chain");
  zka_expr eof_next = zka_air_sub(b, zka_air_add(b, eof, sh), zka_air_mul(b, eof, sh));
  zka_air_assert_zero_when(b, has_next, zka_air_sub(b, zka_air_next(b, ZKA_ECR_EOF), eof_next));
  /* The streams' state at the segment's start and end, tagged 0 (start) and 1 (end) so the
   * two can never cancel each other: row 0 receives (0, pos, eof) — the first request,
   * or a padding row that passes the state through (f_out = sh = 0 there) when the segment
   * has no ecall — and the last request, or that padding row 0, sends (1, pos', eof'). */
  {
    const zka_expr first = zka_air_first_row(b);
    zka_expr st[3] = {zka_air_const(b, 0), pos, eof};
    zka_air_receive(b, ZKA_BUS_IOSTATE, first, st, 3);
    zka_expr en[3] = {zka_air_const(b, 1), pos_next, eof_next};
    zka_expr last_req = zka_air_sub(b, req, has_next);
    zka_air_send(b, ZKA_BUS_IOSTATE, zka_air_add(b, last_req, zka_air_mul(b, first, zka_air_not(b, req))),
                 en, 3);
  }

  /* Transfers. */
  zka_air_label(b, "ecall transfer: one offset");
  for (size_t i = 0; i < 4; i++) zka_air_assert_bool(b, o[i]);
  zka_air_assert_eq(b, zka_air_add(b, zka_air_add(b, o[0], o[1]), zka_air_add(b, o[2], o[3])), x);
  /* addr - 0x10000·x = 4q + off + 256 b1 + 2^16 b2 + 2^24 b3 with q < 64 and b3 < 16:
   * the address is in [0x10000, 0x10000 + 2^28) and the word address addr - off is aligned */
  zka_air_label(b, "ecall transfer: address decomposition");
  const size_t cols[7] = {ZKA_ECT_Q, ZKA_ECT_OFF + 1, ZKA_ECT_OFF + 2, ZKA_ECT_OFF + 3,
                          ZKA_ECT_B1, ZKA_ECT_B2, ZKA_ECT_B3};
  const int64_t coef[7] = {4, 1, 2, 3, 256, 65536, 16777216};
  zka_expr dec = zka_air_lincomb(b, cols, coef, 7);
  zka_air_assert_eq(b, zka_air_sub(b, xaddr, zka_air_scale(b, x, ZKA_ZKVM_TEXT_BASE)), dec);
  const size_t ocols[3] = {ZKA_ECT_OFF + 1, ZKA_ECT_OFF + 2, ZKA_ECT_OFF + 3};
  const int64_t ocoef[3] = {1, 2, 3};
  zka_expr waddr = zka_air_sub(b, xaddr, zka_air_lincomb(b, ocols, ocoef, 3));
  /* the word after the shared gadget's access: read(0) replaces the byte at off; write(1)
   * and a request's a7 read change nothing */
  zka_air_label(b, "ecall transfer: new word");
  for (size_t i = 0; i < 4; i++) {
    zka_expr put = zka_air_mul(b, zka_air_mul(b, xin, o[i]), zka_air_sub(b, byte, a7[i]));
    zka_air_assert_eq(b, nw[i], zka_air_add(b, a7[i], put));
  }
  zka_air_label(b, "ecall transfer: output byte is the memory byte");
  zka_expr sel = zka_air_add(b, zka_air_add(b, zka_air_mul(b, o[0], a7[0]), zka_air_mul(b, o[1], a7[1])),
                             zka_air_add(b, zka_air_mul(b, o[2], a7[2]), zka_air_mul(b, o[3], a7[3])));
  zka_air_assert_zero_when(b, xout, zka_air_sub(b, byte, sel));

  /* Interactions.  Shared ones: request values times req plus transfer values times x. */
  zka_expr v[6];
  v[0] = zka_air_col(b, ZKA_ECR_CLK);
  v[1] = ts;
  v[2] = zka_air_add_const(b, zka_air_add(b, ts, len), 4);
  v[3] = f_exit;
  zka_air_receive(b, ZKA_BUS_ECALL, req, v, 4);
  /* the shared gadget: a7 (register 17) for a request, the byte's word for a transfer */
  zka_expr addr_g = zka_air_add(b, zka_air_scale(b, req, ZKA_ECALL_REG_A7), zka_air_mul(b, x, waddr));
  /* its writable flag on the MEM bus (zkvm_air.h) is 1 - ro: a7 is a register (ro = 0), a
   * read(0) byte writes its word (ro = 0), only write(1)/write(2)'s reads may find code or
   * read-only data.  So read(0) into read-only memory matches no memory-chip row, even when the
   * bytes written equal the old ones. */
  const zka_expr ro = zka_air_col(b, ZKA_ECT_RO);
  zka_air_label(b, "ecall: only write(1)/write(2) transfers may read read-only memory");
  zka_air_assert_zero_when(b, zka_air_not(b, xrd), ro);
  zka_air_mem_access_wr(b, ZKA_ECR_G_A7, zka_air_add(b, req, x), addr_g, nw, ts,
                        zka_air_not(b, ro));
  zka_air_mem_access(b, ZKA_ECR_G_A0, req, zka_air_const(b, ZKA_ECALL_REG_A0), ret,
                     zka_air_add_const(b, ts, 1));
  zka_air_mem_access(b, ZKA_ECR_G_A1, req, zka_air_const(b, ZKA_ECALL_REG_A1), a1,
                     zka_air_add_const(b, ts, 2));
  zka_air_mem_access(b, ZKA_ECR_G_A2, req, zka_air_const(b, ZKA_ECALL_REG_A2), a2,
                     zka_air_add_const(b, ts, 3));
  for (size_t i = 0; i < 4; i++) v[i] = a0[i];
  v[4] = zka_air_col(b, ZKA_ECR_CLK);
  zka_air_send(b, ZKA_BUS_HALT, f_exit, v, 5);
  /* read: n <= count, i.e. SLTU(count, n) = 0 */
  zka_expr alu[13];
  alu[0] = zka_air_const(b, ZKA_ALU_SLTU);
  for (size_t i = 0; i < 4; i++) {
    alu[1 + i] = a2[i];
    alu[5 + i] = ret[i];
    alu[9 + i] = zka_air_const(b, 0);
  }
  zka_air_send(b, ZKA_BUS_ALU, f_read, alu, 13);
  /* the transfer chain: a request sends its start and receives its end, a transfer
   * receives its link and sends the next */
  const zka_expr kind = zka_air_add(b, zka_air_add(b, f_out, xout),
                                    zka_air_scale(b, zka_air_add(b, f_dbg, xdbg), 2));
  const zka_expr chain = zka_air_add(b, f_io, x);
  v[0] = kind;
  v[1] = zka_air_add(b, zka_air_add(b, ts, zka_air_scale(b, f_io, 4)), x);
  v[2] = zka_air_add(b, zka_air_mul(b, f_io, buf), zka_air_mul(b, x, zka_air_add_const(b, xaddr, 1)));
  v[3] = zka_air_add(b, zka_air_mul(b, f_io, len), zka_air_mul(b, x, zka_air_add_const(b, rem, -1)));
  v[4] = zka_air_add(b, pos, x);
  zka_air_send(b, ZKA_BUS_ECALL_IO, chain, v, 5);
  v[1] = zka_air_add(b, ts, zka_air_mul(b, f_io, zka_air_add_const(b, len, 4)));
  v[2] = zka_air_add(b, zka_air_mul(b, f_io, zka_air_add(b, buf, len)), zka_air_mul(b, x, xaddr));
  v[3] = zka_air_mul(b, x, rem);
  v[4] = zka_air_add(b, pos, zka_air_mul(b, f_io, len));
  zka_air_receive(b, ZKA_BUS_ECALL_IO, chain, v, 5);
  zka_air_send(b, ZKA_BUS_OUTPUT, xout, (zka_expr[2]){pos, byte}, 2);
  /* Byte checks, shared.  Request: read's n (< 2^28), count < 2^28 for write(1), buf < 2^28
   * when bytes move (the executor traps otherwise: memory ends below 2^28), the ts order.
   * Transfer: the input byte, and q < 64, b1, b2, b3 < 16 of the address. */
  const zka_expr rq[10] = {ret[0], ret[1], ret[2], ret[3], zka_air_scale(b, ret[3], 16),
                           zka_air_scale(b, a2[3], 16), zka_air_scale(b, a1[3], 16),
                           tsd[0], tsd[1], tsd[2]};
  const zka_expr rm[10] = {f_read, f_read, f_read, f_read, f_read, f_cnt, nz,
                           has_next, has_next, has_next};
  const zka_expr xv[7] = {byte, q, zka_air_col(b, ZKA_ECT_B1), zka_air_col(b, ZKA_ECT_B2),
                          zka_air_col(b, ZKA_ECT_B3), zka_air_scale(b, q, 4),
                          zka_air_scale(b, zka_air_col(b, ZKA_ECT_B3), 16)};
  const zka_expr xm[7] = {xin, x, x, x, x, x, x};
  for (size_t i = 0; i < 10; i++) {
    zka_expr val = zka_air_mul(b, req, rq[i]), m = rm[i];
    if (i < 7) {
      val = zka_air_add(b, val, zka_air_mul(b, x, xv[i]));
      m = zka_air_add(b, m, xm[i]);
    }
    zka_air_send(b, ZKA_BUS_U8, m, &val, 1);
  }
}

/* ---- trace generation ------------------------------------------------------------------- */

static zka_ecall_state *zka_ecall_state_get(zka_zkvm_witness *w) {
  zka_ecall_state *s = w->chip[ZKA_ECALL_SLOT];
  if (s) return s;
  s = calloc(1, sizeof *s);
  if (!s) return NULL;
  zka_vec_init(&s->req, sizeof(zka_ecall_req));
  zka_vec_init(&s->xfer, sizeof(zka_ecall_xfer));
  w->chip[ZKA_ECALL_SLOT] = s;
  return s;
}

/* Move one byte at ts (read(0): input byte `in` into memory; write(1): memory to output;
 * write(2): read from memory only). */
static zka_status zka_ecall_move(zka_zkvm_witness *w, zka_ecall_state *s, int xk, uint32_t ts,
                                 uint32_t addr, uint32_t rem, uint32_t pos, uint8_t in,
                                 zka_ctx *ctx) {
  zka_ecall_xfer x;
  memset(&x, 0, sizeof x);
  const uint32_t waddr = addr & ~3u, off = addr & 3u, rel = addr - ZKA_ZKVM_TEXT_BASE;
  x.out = (uint32_t)xk;
  x.ts = ts;
  x.addr = addr;
  x.rem = rem;
  x.pos = pos;
  if (xk != ZKA_ECX_IN) {
    const uint32_t word = zka_memacc_gen(w, x.g, waddr, 0, 0, ts);
    x.byte = (word >> (8 * off)) & 255;
    x.new_word = word;
    x.ro = waddr < (w->prog ? w->prog->write_lo : ZKA_ZKVM_TEXT_BASE);
    uint8_t ob = (uint8_t)x.byte;
    if (xk == ZKA_ECX_OUT && !zka_vec_push(&w->output, &ob)) goto oom;
  } else {
    const uint32_t word = zka_memstate_peek(w->mem, waddr);
    const uint32_t shift = 8 * off;
    x.byte = in;
    x.new_word = (word & ~(255u << shift)) | ((uint32_t)in << shift);
    zka_memacc_gen(w, x.g, waddr, 1, x.new_word, ts);
    zka_witness_u8(w, in);
  }
  zka_witness_u8(w, (rel & 255) >> 2);
  zka_witness_u8(w, rel & 0xFC);
  zka_witness_u8(w, (rel >> 8) & 255);
  zka_witness_u8(w, (rel >> 16) & 255);
  zka_witness_u8(w, rel >> 24);
  zka_witness_u8(w, (rel >> 24) * 16);
  if (!zka_vec_push(&s->xfer, &x)) goto oom;
  return ZKA_OK;
oom:
  return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm ecall chip: out of memory");
}

zka_status zka_ecall_gen(zka_zkvm_witness *w, uint32_t clk, uint32_t ts, uint32_t *ts_end,
                         int *halt, zka_ctx *ctx) {
  zka_ecall_state *s = zka_ecall_state_get(w);
  if (!s) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm ecall chip: out of memory");
  zka_ecall_req r;
  memset(&r, 0, sizeof r);
  r.clk = clk;
  r.ts = ts;
  /* Peek first: an ecall the chip cannot prove is refused before any access is recorded. */
  const uint32_t a7 = zka_memstate_peek(w->mem, ZKA_ECALL_REG_A7);
  const uint32_t fd = zka_memstate_peek(w->mem, ZKA_ECALL_REG_A0);
  const uint32_t buf = zka_memstate_peek(w->mem, ZKA_ECALL_REG_A1);
  const uint32_t count = zka_memstate_peek(w->mem, ZKA_ECALL_REG_A2);
  const size_t out_len = w->output.n;
  const uint32_t hi = ZKA_ZKVM_TEXT_BASE + (w->prog ? w->prog->mem_size : 0);
  if (a7 == ZKA_ZKVM_ECALL_EXIT) {
    r.kind = ZKA_ECK_EXIT;
    r.ret = fd;
  } else if (a7 == ZKA_ZKVM_ECALL_READ && fd == 0) {
    const size_t left = w->input_len - w->input_pos;
    r.kind = ZKA_ECK_READ;
    r.len = count > left ? (uint32_t)left : count;
    r.ret = r.len;
    r.shrt = r.len < count;
    const uint32_t lo = w->prog ? w->prog->write_lo : ZKA_ZKVM_TEXT_BASE;
    if (r.len && (buf < lo || buf > hi || r.len > hi - buf))
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm ecall: read buffer 0x%08x + %u outside writable memory at cycle %u",
                       buf, r.len, clk);
  } else if (a7 == ZKA_ZKVM_ECALL_WRITE && (fd == 1 || fd == 2)) {
    r.kind = fd == 1 ? ZKA_ECK_OUT : ZKA_ECK_DBG;
    r.len = count; /* write(2)'s bytes are read too: its buffer must lie in guest memory */
    r.ret = count;
    if (count && (buf < ZKA_ZKVM_TEXT_BASE || buf > hi || count > hi - buf))
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm ecall: write buffer 0x%08x + %u outside guest memory at cycle %u",
                       buf, count, clk);
  } else if (a7 == ZKA_ZKVM_ECALL_READ || a7 == ZKA_ZKVM_ECALL_WRITE) {
    r.kind = a7 == ZKA_ZKVM_ECALL_READ ? ZKA_ECK_RBAD : ZKA_ECK_WBAD;
    r.ret = ZKA_ECALL_EBADF_RET;
  } else {
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "zkvm ecall: unknown ecall a7 = %u (0x%08x) at cycle %u cannot be proven",
                     a7, a7, clk);
  }
  if (r.len >= ZKA_ZKVM_MEM_END || (uint64_t)ts + 4 + r.len >= ZKA_ZKVM_MAX_TS)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "zkvm ecall: transfer of %u bytes at ts %u exceeds the timestamp range",
                     r.len, ts);
  (void)zka_memacc_gen(w, r.g[0], ZKA_ECALL_REG_A7, 0, 0, ts); /* = a7, peeked above */
  r.a0 = zka_memacc_gen(w, r.g[1], ZKA_ECALL_REG_A0, 1, r.ret, ts + 1); /* a0 = result */
  r.a1 = zka_memacc_gen(w, r.g[2], ZKA_ECALL_REG_A1, 0, 0, ts + 2);
  r.a2 = zka_memacc_gen(w, r.g[3], ZKA_ECALL_REG_A2, 0, 0, ts + 3);
  r.eof = (uint32_t)w->eof;
  r.pos = (uint32_t)out_len;
  if (r.kind == ZKA_ECK_READ) {
    if (w->eof && r.len)
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm ecall: input read after its end");
    for (uint32_t k = 0; k < r.len; k++) {
      zka_status st = zka_ecall_move(w, s, ZKA_ECX_IN, ts + 4 + k, buf + k, r.len - k,
                                     r.pos + k, w->input[w->input_pos + k], ctx);
      if (st != ZKA_OK) return st;
    }
    w->input_pos += r.len;
    if (r.shrt) w->eof = 1;
    zka_witness_alu(w, ZKA_ALU_SLTU, count, r.len);
    zka_witness_u8_word(w, r.ret); /* the only return value not copied from a word or constant */
    zka_witness_u8(w, (r.ret >> 24) * 16);
  } else if (r.kind == ZKA_ECK_OUT || r.kind == ZKA_ECK_DBG) {
    const int kind = r.kind == ZKA_ECK_OUT ? ZKA_ECX_OUT : ZKA_ECX_DBG;
    for (uint32_t k = 0; k < r.len; k++) {
      zka_status st = zka_ecall_move(w, s, kind, ts + 4 + k, buf + k, r.len - k, r.pos + k, 0, ctx);
      if (st != ZKA_OK) return st;
    }
    zka_witness_u8(w, (count >> 24) * 16);
  } else if (r.kind == ZKA_ECK_EXIT) {
    w->exit_code = fd < 0x80000000u ? (int32_t)fd : -(int32_t)~fd - 1;
    w->halted = 1;
  }
  if (r.len) zka_witness_u8(w, (buf >> 24) * 16);
  /* the previous request's order check, now that this ts is known */
  if (s->req.n) {
    zka_ecall_req *prev = (zka_ecall_req *)s->req.p + (s->req.n - 1);
    const uint32_t d = ts - prev->ts - 1;
    prev->has_next = 1;
    prev->next_ts = ts;
    zka_witness_u8(w, d & 255);
    zka_witness_u8(w, (d >> 8) & 255);
    zka_witness_u8(w, (d >> 16) & 255);
  }
  if (!zka_vec_push(&s->req, &r))
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm ecall chip: out of memory");
  *ts_end = ts + 4 + r.len;
  *halt = r.kind == ZKA_ECK_EXIT;
  w->ts = *ts_end;
  return ZKA_OK;
}

static size_t zka_ecall_rows(const zka_zkvm_witness *w, size_t index) {
  (void)index;
  const zka_ecall_state *s = w->chip[ZKA_ECALL_SLOT];
  return s ? s->req.n + s->xfer.n : 0;
}

static void zka_ecall_word_cells(zka_babybear *cells, uint32_t v) {
  for (size_t i = 0; i < 4; i++) cells[i] = zka_bb((v >> (8 * i)) & 255);
}

static void zka_ecall_fill_request(zka_babybear *c, const zka_ecall_req *r) {
  c[ZKA_ECR_REQ] = zka_bb(1);
  c[ZKA_ECR_CLK] = zka_bb(r->clk);
  c[ZKA_ECR_TS] = zka_bb(r->ts);
  c[ZKA_ECR_POS] = zka_bb(r->pos);
  for (size_t g = 0; g < 4; g++)
    memcpy(c + ZKA_ECR_G_A7 + g * ZKA_MEMACC_COLS, r->g[g], sizeof r->g[g]);
  memcpy(c + ZKA_ECT_NEW, r->g[0] + 1, 4 * sizeof(zka_babybear)); /* the shared gadget's
                                                                     new value: a7, unchanged */
  c[ZKA_ECR_F_EXIT + r->kind] = zka_bb(1);
  zka_ecall_word_cells(c + ZKA_ECR_RET, r->ret);
  c[ZKA_ECR_LEN] = zka_bb(r->len);
  c[ZKA_ECR_NZ] = zka_bb(r->len != 0);
  const uint32_t f0 = r->a0 & 255;
  const uint32_t fhi = ((r->a0 >> 8) & 255) + ((r->a0 >> 16) & 255) + (r->a0 >> 24);
  if (r->kind == ZKA_ECK_RBAD) c[ZKA_ECR_INV] = zka_babybear_inv_ref(zka_bb(f0 + fhi));
  if (r->kind == ZKA_ECK_WBAD) {
    const zka_babybear w = zka_bb_i64(((int64_t)f0 - 1) * ((int64_t)f0 - 2));
    c[ZKA_ECR_W] = w;
    c[ZKA_ECR_INV] = zka_babybear_inv_ref(zka_babybear_add_ref(w, zka_bb(fhi)));
  }
  c[ZKA_ECR_SHORT] = zka_bb(r->shrt);
  c[ZKA_ECR_EOF] = zka_bb(r->eof);
  if (r->has_next) {
    const uint32_t d = r->next_ts - r->ts - 1;
    c[ZKA_ECR_HAS_NEXT] = zka_bb(1);
    for (size_t i = 0; i < 3; i++) c[ZKA_ECR_TSD + i] = zka_bb((d >> (8 * i)) & 255);
  }
}

static void zka_ecall_fill_transfer(zka_babybear *c, const zka_ecall_xfer *x) {
  const uint32_t rel = x->addr - ZKA_ZKVM_TEXT_BASE;
  c[x->out == ZKA_ECX_OUT ? ZKA_ECT_OUT : x->out == ZKA_ECX_DBG ? ZKA_ECT_DBG : ZKA_ECT_IN] = zka_bb(1);
  c[ZKA_ECT_TS] = zka_bb(x->ts);
  c[ZKA_ECT_POS] = zka_bb(x->pos);
  c[ZKA_ECT_ADDR] = zka_bb(x->addr);
  c[ZKA_ECT_REM] = zka_bb(x->rem);
  c[ZKA_ECT_OFF + (x->addr & 3)] = zka_bb(1);
  c[ZKA_ECT_Q] = zka_bb((rel & 255) >> 2);
  c[ZKA_ECT_B1] = zka_bb((rel >> 8) & 255);
  c[ZKA_ECT_B2] = zka_bb((rel >> 16) & 255);
  c[ZKA_ECT_B3] = zka_bb(rel >> 24);
  c[ZKA_ECT_BYTE] = zka_bb(x->byte);
  memcpy(c + ZKA_ECT_G, x->g, sizeof x->g);
  zka_ecall_word_cells(c + ZKA_ECT_NEW, x->new_word);
  c[ZKA_ECT_RO] = zka_bb(x->ro);
}

/* Requests first (rows 0 .. R-1, in execution order), then the transfers, then padding. */
static zka_status zka_ecall_fill(const zka_zkvm_witness *w, size_t index, zka_babybear *rows,
                                 size_t n, zka_ctx *ctx) {
  const zka_ecall_state *s = w->chip[ZKA_ECALL_SLOT];
  if (zka_ecall_rows(w, index) > n)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm ecall chip: more rows than %zu", n);
  if (!s || !s->req.n) {
    /* no ecall in this segment: padding row 0 carries the stream state through
     * (ZKA_BUS_IOSTATE), as the segment found it */
    rows[ZKA_ECR_POS] = zka_bb((uint32_t)w->output.n);
    rows[ZKA_ECR_EOF] = zka_bb((uint32_t)w->eof);
    return ZKA_OK;
  }
  for (size_t i = 0; i < s->req.n; i++)
    zka_ecall_fill_request(rows + i * ZKA_EC_WIDTH, (const zka_ecall_req *)s->req.p + i);
  zka_babybear *xr = rows + s->req.n * ZKA_EC_WIDTH;
  for (size_t i = 0; i < s->xfer.n; i++)
    zka_ecall_fill_transfer(xr + i * ZKA_EC_WIDTH, (const zka_ecall_xfer *)s->xfer.p + i);
  return ZKA_OK;
}

static void zka_ecall_free(zka_zkvm_witness *w, size_t index) {
  (void)index;
  zka_ecall_state *s = w->chip[ZKA_ECALL_SLOT];
  if (!s) return;
  zka_vec_free(&s->req);
  zka_vec_free(&s->xfer);
  free(s);
  w->chip[ZKA_ECALL_SLOT] = NULL;
}

const zka_chip zka_chip_ecall = {
    .name = "ecall",
    .width = ZKA_EC_WIDTH,
    .air = zka_ecall_air,
    .gen = NULL,
    .rows = zka_ecall_rows,
    .fill = zka_ecall_fill,
    .free = zka_ecall_free,
};
