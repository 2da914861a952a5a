/* zkvm_air.h — internal: the zkVM's tables ("chips"), the buses that connect them, the
 * witness (the executor's trace plus the events each chip hands to the next) and the
 * memory-access gadget.  See air.h for the constraint language and zkvm/README.md for the
 * design in prose.
 *
 * Conventions every chip follows
 *  - A 32-bit word is four byte cells, little-endian.  Every word put on a bus is made of
 *    canonical bytes; the chip that PRODUCES a word (an ALU result, a value written to
 *    memory, a register or memory value after a write) range-checks its bytes on
 *    ZKA_BUS_U8.  A chip may assume words it receives are bytes.
 *  - Row r of a table is real when its multiplicity/flag column says so; padding rows (all
 *    zero cells unless the chip says otherwise) send and receive nothing and satisfy every
 *    constraint.
 *  - Timestamps: one global counter `ts`.  The CPU row of cycle c owns ts_base .. ts_base+3
 *    (slot 0: read rs1, 1: read rs2, 2: the load/store word, 3: write rd); the next row's
 *    ts_base is ts_base + 4, except after an ecall, whose chip uses ts_base .. ts_end - 1
 *    and hands ts_end back.  The first CPU row has ts_base = 1 (0 is the memory chip's
 *    initial time).  Every ts < 2^24 (ZKA_ZKVM_MAX_TS): longer runs are refused.
 *
 * Buses and their tuples (fp order = this order)
 *  ZKA_BUS_U8      (x)                              x in [0, 256).  The byte chip receives.
 *  ZKA_BUS_MEM     (addr, v0, v1, v2, v3, ts, wr)   memory protocol (offline memory checking):
 *                  an access at time ts receives (addr, old, prev_ts, wr) and sends
 *                  (addr, new, ts, wr) with prev_ts < ts checked; the memory chip sends
 *                  (addr, init, 0, wr) and receives (addr, final, final_ts, wr) once per
 *                  address.  addr: 0..31 are the registers x0..x31; other addresses are byte
 *                  addresses of aligned words in [ZKA_ZKVM_TEXT_BASE, ZKA_ZKVM_MEM_END).
 *                  wr: the memory chip's "writable" flag of addr (1 for registers and words
 *                  >= write_lo, 0 for code / read-only data), carried unchanged by every
 *                  access; a WRITE puts 1 there, so it cannot touch a read-only word.
 *  ZKA_BUS_ALU     (op, a0..a3, b0..b3, c0..c3)     c = op(a, b) exactly as RV32IM computes it
 *                  (zka_alu_eval); op a zka_alu_op.  ALU chips receive, others send.
 *  ZKA_BUS_PROGRAM (see zka_cpu_program_tuple)      the CPU receives its instruction; the
 *                  verifier sends every instruction of the code window with the execution
 *                  counts the proof carries.
 *  ZKA_BUS_MEM_IN  (addr, v0, v1, v2, v3)           for every address the segment touches
 *                  (its boundary list), the verifier sends the value it holds at the
 *                  segment's start (the ELF image word, 0, or an earlier segment's final
 *                  value); the memory chip's row of that address receives it as init.
 *  ZKA_BUS_MEM_OUT (addr, v0, v1, v2, v3)           the memory chip sends each row's final
 *                  value; the verifier receives the segment's claimed final values.
 *  ZKA_BUS_ECALL   (clk, ts, ts_end, halt)          the CPU sends on an ecall row; the ecall
 *                  chip receives; halt = 1 for exit (the CPU's last real row).
 *  ZKA_BUS_OUTPUT  (pos, byte)                      the ecall chip sends each public-output
 *                  byte; the verifier receives the claimed output.
 *  ZKA_BUS_HALT    (e0, e1, e2, e3, clk)            the ecall chip sends once, on exit (exit
 *                  code bytes, the exit's cycle index); the verifier receives the claim.
 *  ZKA_BUS_START   (pc)                             the CPU's first row sends its pc; the
 *                  verifier receives the segment's start (the entry point, then the
 *                  previous segment's end pc).
 *  ZKA_BUS_END     (pc)                             the CPU's last real row of a segment that
 *                  does not exit sends its next pc; the verifier receives the claimed end pc
 *                  of every segment but the last (which exits: ZKA_BUS_HALT).
 *  ZKA_BUS_IOSTATE (tag, pos, eof)                  the verifier sends the segment's start
 *                  state of the streams (tag 0; public output bytes written so far, input
 *                  ended) and receives its end state (tag 1); the ecall chip's row 0
 *                  receives the start, its last request (or, without ecalls, row 0) sends
 *                  the end.
 */
#ifndef ZKA_ZKVM_AIR_ZKVM_AIR_H
#define ZKA_ZKVM_AIR_ZKVM_AIR_H
#include <stddef.h>
#include <stdint.h>

#include "zkvm/air/air.h"
#include "zkvm/zkvm_internal.h"

enum {
  ZKA_BUS_U8 = 1,
  ZKA_BUS_MEM = 2,
  ZKA_BUS_ALU = 3,
  ZKA_BUS_PROGRAM = 4,
  ZKA_BUS_MEM_IN = 5,
  ZKA_BUS_ECALL = 6,
  ZKA_BUS_OUTPUT = 7,
  ZKA_BUS_HALT = 8,
  ZKA_BUS_START = 9,
  ZKA_BUS_ECALL_IO = 10, /* the ecall chip's own chaining of byte transfers */
  ZKA_BUS_LAYOUT = 11,   /* (text_base, write_lo, mem_end): the verifier sends it ONCE; the
                            memory chip receives it on its first row and checks every RAM
                            row's address lies in [text_base, mem_end) and that words below
                            write_lo end with their initial value */
  ZKA_BUS_MEM_OUT = 12,
  ZKA_BUS_END = 13,
  ZKA_BUS_IOSTATE = 14
};

#define ZKA_ZKVM_MAX_TS (1u << 24)

/* ALU operations on the ALU bus (values fixed: they are part of the proof statement). */
typedef enum {
  ZKA_ALU_ADD = 1, ZKA_ALU_SUB, ZKA_ALU_XOR, ZKA_ALU_OR, ZKA_ALU_AND,
  ZKA_ALU_SLL, ZKA_ALU_SRL, ZKA_ALU_SRA,   /* shift amount: b mod 32 */
  ZKA_ALU_SLT, ZKA_ALU_SLTU, ZKA_ALU_EQ,   /* c = 1 or 0 */
  ZKA_ALU_MUL, ZKA_ALU_MULH, ZKA_ALU_MULHSU, ZKA_ALU_MULHU,
  ZKA_ALU_DIV, ZKA_ALU_DIVU, ZKA_ALU_REM, ZKA_ALU_REMU,
  ZKA_ALU_OP_COUNT
} zka_alu_op;

/** The RV32IM result of op on a, b (the reference every ALU chip matches). */
uint32_t zka_alu_eval(uint32_t op, uint32_t a, uint32_t b);

/* ---- growable arrays -------------------------------------------------------------------- */

typedef struct {
  void *p;
  size_t n, cap, elem;
} zka_vec;

static inline void zka_vec_init(zka_vec *v, size_t elem) {
  v->p = NULL;
  v->n = v->cap = 0;
  v->elem = elem;
}
/** Append one element (copied from x); returns a pointer to it, NULL when out of memory. */
void *zka_vec_push(zka_vec *v, const void *x);
void zka_vec_free(zka_vec *v);

/* ---- memory state (the trace generators' model of registers and memory) ----------------- */

typedef struct zka_memstate zka_memstate;

typedef struct {
  uint32_t addr;     /* register index 0..31 or aligned byte address */
  uint32_t init;     /* value at the segment's start */
  uint32_t final;    /* value at its end */
  uint32_t final_ts; /* time of the last access in the segment */
} zka_mem_entry;

/** Visit every word of prog's file-backed bytes (each segment's [vaddr, vaddr + filesz),
 *  zero-padded to whole words), in increasing address order, each once. */
typedef void (*zka_image_fn)(void *user, uint32_t addr, uint32_t word);
zka_status zka_zkvm_image(const zka_zkvm_program *prog, zka_image_fn fn, void *user,
                          zka_ctx *ctx);

zka_status zka_memstate_new(zka_memstate **out, const zka_zkvm_program *prog, zka_ctx *ctx);
void zka_memstate_free(zka_memstate *m);
/** One access at time ts (ts > every earlier access's): returns the value before it in
 *  *old and the time of the previous access (0: none) in *prev_ts; a write stores val. */
void zka_memstate_access(zka_memstate *m, uint32_t addr, int write, uint32_t val, uint32_t ts,
                         uint32_t *old, uint32_t *prev_ts);
/** 1 when a page could not be allocated since m was made (an access was then lost). */
int zka_memstate_oom(const zka_memstate *m);
/** The value now (no access recorded). */
uint32_t zka_memstate_peek(const zka_memstate *m, uint32_t addr);
/** Every address accessed since the segment began, ascending; returns the count and fills
 *  out (when not NULL) with that many entries. */
size_t zka_memstate_entries(const zka_memstate *m, zka_mem_entry *out);
/** Begin a segment: every word's init becomes its current value, its time 0, and no
 *  address counts as accessed. */
void zka_memstate_begin_segment(zka_memstate *m);

/* ---- the witness ------------------------------------------------------------------------ */

typedef struct {
  uint32_t op, a, b, c;
} zka_alu_event;

#define ZKA_ZKVM_MAX_CHIPS 32

typedef struct zka_zkvm_witness {
  const zka_zkvm_program *prog;
  const zka_zkvm_step *steps; /* the executor's trace of this segment, one per cycle */
  size_t n_steps;
  uint64_t cycle0;            /* the global cycle index of steps[0] */
  uint32_t pc0;               /* the segment's start pc (0: the entry point) */
  int pauses;                 /* 0: the segment (or whole run) ends with exit; 1: it pauses
                                 after its last step, which is then not an exit */
  int eof;                    /* the input has ended (a short read happened), carried on */
  const uint8_t *input;       /* the private input */
  size_t input_len, input_pos;
  zka_vec output;             /* uint8_t: the public output, appended by the ecall chip */
  int32_t exit_code;
  int halted;
  zka_memstate *mem;
  uint32_t ts;                /* the next unused timestamp */
  zka_vec alu;                /* zka_alu_event, in the order they were requested */
  uint64_t u8_count[256];     /* sends on ZKA_BUS_U8 by real rows so far */
  uint32_t *program_count;    /* per code-window instruction: times executed */
  void *chip[ZKA_ZKVM_MAX_CHIPS]; /* private state of chip i (freed by its free hook) */
} zka_zkvm_witness;

/** Record an ALU request and return its result (zka_alu_eval).  On out-of-memory the
 *  request is dropped and w->alu.p stays as it was; check zka_witness_ok. */
uint32_t zka_witness_alu(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b);
/** Count n sends of byte x on ZKA_BUS_U8 (x must be < 256). */
static inline void zka_witness_u8(zka_zkvm_witness *w, uint32_t x) { w->u8_count[x & 255]++; }
/** Count the four bytes of a word. */
static inline void zka_witness_u8_word(zka_zkvm_witness *w, uint32_t v) {
  zka_witness_u8(w, v & 255); zka_witness_u8(w, (v >> 8) & 255);
  zka_witness_u8(w, (v >> 16) & 255); zka_witness_u8(w, v >> 24);
}

/* ---- chips ------------------------------------------------------------------------------ */

/* A chip's hooks run in this order for every chip, chips in list order (zka_zkvm_chips):
 *   gen   (optional) — produce this chip's rows (kept in w->chip[index]) and the events of
 *         LATER chips (ALU requests, byte counts).  The CPU's gen walks the executor's
 *         trace and calls the ecall chip's zka_ecall_gen at each ecall.
 *   rows  — real rows this chip needs (after every earlier gen ran).
 *   fill  — write the n x width row-major trace (n >= every chip's rows, a power of two,
 *           zeroed on entry): real rows, then padding.  Must not add events or counts.
 *   free  — release w->chip[index].
 * Every chip builds its constraints with `air` (called once per proof and per verify). */
typedef struct zka_chip {
  const char *name;
  size_t width;
  void (*air)(zka_air_builder *b);
  zka_status (*gen)(zka_zkvm_witness *w, size_t index, zka_ctx *ctx);
  size_t (*rows)(const zka_zkvm_witness *w, size_t index);
  zka_status (*fill)(const zka_zkvm_witness *w, size_t index, zka_babybear *rows, size_t n,
                     zka_ctx *ctx);
  void (*free)(zka_zkvm_witness *w, size_t index);
} zka_chip;

/* ---- the memory-access gadget ----------------------------------------------------------- */

/* ZKA_MEMACC_COLS consecutive columns starting at `col`:
 *   col+0      prev_ts
 *   col+1..4   old value (bytes)
 *   col+5..7   d0, d1, d2: bytes of ts - prev_ts - 1 (so prev_ts < ts <= prev_ts + 2^24)
 * zka_air_mem_access adds: receive (addr, old, prev_ts, 1) and send (addr, new, ts, 1) on
 * ZKA_BUS_MEM, and d0..d2 on ZKA_BUS_U8, all with multiplicity mult (degree <= 2), and the
 * constraint ts - prev_ts - 1 = d0 + 256·d1 + 65536·d2 (times mult, so padding rows are
 * free): an access to a register or a WRITABLE word (wr = 1).  zka_air_mem_access_wr is
 * the same with the tuples' wr value given (degree <= 1): an accessor that may READ a
 * read-only word (a load, write(1)'s buffer) passes 1 - ro with ro a column it sets to 1
 * for words below write_lo, and must force ro = 0 whenever it writes (stores, read(0)).
 * For a read pass new = the old-value columns (zka_air_memacc_old).  The new
 * value's bytes must be range-checked by the caller when they are not a word received
 * from elsewhere.  The bus does not tell registers from RAM: an accessor that computes a RAM
 * address (loads, stores, ecall buffers) must itself prove it is >= ZKA_ZKVM_TEXT_BASE
 * (else a store to byte address 8 would write x8). */
#define ZKA_MEMACC_COLS 8
void zka_air_mem_access(zka_air_builder *b, size_t col, zka_expr mult, zka_expr addr,
                        const zka_expr new_val[4], zka_expr ts);
/** zka_air_mem_access with the tuples' writable flag wr (1: register or writable word, 0: a
 *  word below write_lo; the memory chip's row of addr decides which balances). */
void zka_air_mem_access_wr(zka_air_builder *b, size_t col, zka_expr mult, zka_expr addr,
                           const zka_expr new_val[4], zka_expr ts, zka_expr wr);
/** The old value's byte i (0..3) of the gadget at col. */
zka_expr zka_air_memacc_old(zka_air_builder *b, size_t col, size_t i);
/** Trace side: do the access on w->mem (write: store val; read: val ignored) and fill the
 *  gadget's cells at cells[0..ZKA_MEMACC_COLS); counts d0..d2 on ZKA_BUS_U8.  Returns the
 *  old value. */
uint32_t zka_memacc_gen(zka_zkvm_witness *w, zka_babybear *cells, uint32_t addr, int write,
                        uint32_t val, uint32_t ts);

/* ---- what each part of the zkVM provides ------------------------------------------------ */

/* CPU (zkvm/chips/cpu*.c) */
extern const zka_chip zka_chip_cpu;
/** The ZKA_BUS_PROGRAM tuple of code-window instruction i (at pc code_lo + 4i): writes
 *  *n <= ZKA_AIR_MAX_TUPLE values. */
void zka_cpu_program_tuple(const zka_zkvm_program *prog, size_t i, zka_babybear *vals,
                           size_t *n);

/* ecall + memory (zkvm/chips/ecall.c, memory.c) */
extern const zka_chip zka_chip_ecall;
extern const zka_chip zka_chip_memory;
/** Called by the CPU's gen on an ecall at cycle clk whose timestamps start at ts: reads the
 *  registers, does the call (input, output, exit) on w, records the ecall chip's rows, and
 *  returns the first timestamp after it in *ts_end and whether the call was exit in *halt.
 *  ZKA_ERR_BAD_ENCODING for an ecall the zkVM cannot prove (message names it). */
zka_status zka_ecall_gen(zka_zkvm_witness *w, uint32_t clk, uint32_t ts, uint32_t *ts_end,
                         int *halt, zka_ctx *ctx);

/* ALU (zkvm/chips/alu*.c): its chips in fill order (a chip may send ALU requests only to
 * chips after it).  Returns the count. */
size_t zka_alu_chips(const zka_chip **out, size_t max);

/* byte table (zkvm/air/byte_chip.c): receives ZKA_BUS_U8 with the counts. */
extern const zka_chip zka_chip_byte;

#endif
