/* mem_ecall.h — internal: the column layouts of the memory chip (memory.c) and the ecall
 * chip (ecall.c) and the ecall chip's transfer chain, for the chips themselves and for the
 * tests that tamper with single cells.  The contract they implement is zkvm/air/zkvm_air.h.
 */
#ifndef ZKA_ZKVM_CHIPS_MEM_ECALL_H
#define ZKA_ZKVM_CHIPS_MEM_ECALL_H
#include "zkvm/air/zkvm_air.h"

/* The ecall chip's byte-transfer chain on ZKA_BUS_ECALL_IO (private to ecall.c):
 *   (kind, ts, addr, remaining, pos)        kind 1: memory -> public output, 0: input -> memory
 * (kind 2: memory -> debug stream, write(2): the bytes are read but go nowhere)
 * A request sends the chain's start (kind, ts + 4, buf, len, pos) and receives its end
 * (kind, ts + 4 + len, buf + len, 0, pos + len); each transfer row receives one link and
 * sends the next (ts + 1, addr + 1, remaining - 1, pos + 1). */

/* The ecall chip keeps its private state in this slot of zka_zkvm_witness.chip[]:
 * zka_ecall_gen is called by the CPU's gen without the ecall chip's list index, so the
 * slot must be fixed.  The last slot: no chip list comes near 32 chips. */
#define ZKA_ECALL_SLOT (ZKA_ZKVM_MAX_CHIPS - 1)

/* ---- memory chip: one row per address the segment touches (zka_memstate_entries),
 * ascending ---------------------------------------------------------------------------- */
enum {
  ZKA_MEMC_ADDR = 0,                    /* register index (< 32) or RAM word address */
  ZKA_MEMC_INIT,                        /* 4 bytes: value at the segment's start (received
                                           from the verifier on ZKA_BUS_MEM_IN) */
  ZKA_MEMC_FINAL = ZKA_MEMC_INIT + 4,   /* 4 bytes: value at its end (ZKA_BUS_MEM_OUT) */
  ZKA_MEMC_FINAL_TS = ZKA_MEMC_FINAL + 4,
  ZKA_MEMC_REAL,                        /* 1 on real rows (a prefix of the table) */
  ZKA_MEMC_HAS_NEXT,                    /* the next row is real */
  ZKA_MEMC_DIFF,                        /* 4 bytes, top < 16: next addr - addr - 1, or on the
                                           last real row mem_end - 1 - addr */
  ZKA_MEMC_RAM = ZKA_MEMC_DIFF + 4,     /* 1: a RAM word; 0 on a real row: a register */
  ZKA_MEMC_RO,                          /* 1: a RAM word below write_lo: final = init */
  ZKA_MEMC_TB,                          /* the layout (text_base, write_lo, mem_end), the */
  ZKA_MEMC_WL,                          /* same on every row, received on row 0 from the */
  ZKA_MEMC_ME,                          /* verifier on ZKA_BUS_LAYOUT */
  ZKA_MEMC_LO,                          /* 4 bytes, top < 16: addr - text_base (read-only
                                           RAM), addr - write_lo (writable RAM), addr (< 32) */
  ZKA_MEMC_WIDTH = ZKA_MEMC_LO + 4
};

/* ---- ecall chip: request rows (one per ecall, in execution order, a prefix of the table),
 * then transfer rows (one per byte moved by read(0) or write(1)).  The two kinds share the
 * columns TS, POS and the memory-access gadget G_A7 (a7 for a request, the byte's word for a
 * transfer) and their bus interactions (tuples selected by the row kind), so the chip pays
 * for the interactions of one kind, not both. */
enum {
  ZKA_ECR_REQ = 0,      /* 1 on a request row */
  ZKA_ECR_CLK,
  ZKA_ECR_TS,           /* request: its first timestamp; transfer: the byte's */
  ZKA_ECR_POS,          /* request: public output bytes written before it; transfer: the
                           byte's output position */
  ZKA_ECR_G_A7,         /* memory-access gadgets: read a7 at ts (transfer: the word at ts), */
  ZKA_ECR_G_A0 = ZKA_ECR_G_A7 + ZKA_MEMACC_COLS, /* a0 at ts+1 (read, and write the result), */
  ZKA_ECR_G_A1 = ZKA_ECR_G_A0 + ZKA_MEMACC_COLS, /* a1 at ts+2, a2 at ts+3 */
  ZKA_ECR_G_A2 = ZKA_ECR_G_A1 + ZKA_MEMACC_COLS,
  ZKA_ECR_F_EXIT = ZKA_ECR_G_A2 + ZKA_MEMACC_COLS, /* the call: one flag per request */
  ZKA_ECR_F_READ,       /* read(0, ...) */
  ZKA_ECR_F_OUT,        /* write(1, ...): public output */
  ZKA_ECR_F_DBG,        /* write(2, ...): debug stream, returns count; its bytes are read
                           (buffer bounds) but not proven anywhere */
  ZKA_ECR_F_RBAD,       /* read on fd != 0: -EBADF */
  ZKA_ECR_F_WBAD,       /* write on fd not 1 or 2: -EBADF */
  ZKA_ECR_RET,          /* 4 bytes: the value written to a0 */
  ZKA_ECR_LEN = ZKA_ECR_RET + 4, /* bytes moved (read: the return value; write(1)/(2): count) */
  ZKA_ECR_NZ,           /* 1 when len != 0 (then buf < 2^28 is checked) */
  ZKA_ECR_INV,          /* inverse witnessing a bad fd */
  ZKA_ECR_W,            /* (fd_0 - 1)(fd_0 - 2), for write's bad fd */
  ZKA_ECR_SHORT,        /* read: returned less than count (the input ended) */
  ZKA_ECR_EOF,          /* an earlier read was short: reads now return 0 */
  ZKA_ECR_HAS_NEXT,     /* the next row is a request */
  ZKA_ECR_TSD,          /* 3 bytes of next ts - ts - 1 (requests in execution order) */
  ZKA_ECR_WIDTH = ZKA_ECR_TSD + 3, /* end of the request columns */

  /* transfer rows (and ZKA_ECR_TS, ZKA_ECR_POS, gadget ZKA_ECT_G) */
  ZKA_ECT_IN = ZKA_ECR_WIDTH, /* input -> memory (a read-modify-write of the word) */
  ZKA_ECT_OUT,          /* memory -> public output (a read of the word) */
  ZKA_ECT_ADDR,         /* byte address */
  ZKA_ECT_REM,          /* bytes left, this one included */
  ZKA_ECT_OFF,          /* 4 one-hot flags: addr mod 4 */
  ZKA_ECT_Q = ZKA_ECT_OFF + 4, /* addr - 0x10000 = 4q + off + 256 b1 + 2^16 b2 + 2^24 b3 */
  ZKA_ECT_B1,
  ZKA_ECT_B2,
  ZKA_ECT_B3,
  ZKA_ECT_BYTE,         /* the byte moved */
  ZKA_ECT_NEW,          /* 4 bytes: the word after the access (a request row: a7) */
  ZKA_ECT_RO = ZKA_ECT_NEW + 4, /* a read transfer (write(1)/(2)): 1 when the word is below
                                   write_lo (read-only); 0 on every other row (constrained) */
  ZKA_ECT_DBG,          /* memory -> debug stream (a read of the word; nothing is sent: it
                           proves the write(2) buffer lies in guest memory, as the executor
                           requires) */
  ZKA_EC_WIDTH,
  ZKA_ECT_TS = ZKA_ECR_TS,
  ZKA_ECT_POS = ZKA_ECR_POS,
  ZKA_ECT_G = ZKA_ECR_G_A7
};

#endif
