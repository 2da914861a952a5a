/* exec.c — the RV32IM executor: a decode-once interpreter over the program's pre-decoded
 * instructions (zkvm/elf.c), with the ecall ABI of include/zkaccel/zkvm.h.
 *
 * The dispatch loop is written once (zka_zkvm_loop) and instantiated twice, with tracing
 * compiled in and out, so the untraced path carries no per-step bookkeeping.  Semantics
 * follow the RISC-V unprivileged ISA 20191213, chapters 2 (RV32I) and 7 (M). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/zkvm_internal.h"

#if defined(__GNUC__) || defined(__clang__)
#define ZKA_ZKVM_ALWAYS_INLINE inline __attribute__((always_inline))
#define ZKA_ZKVM_NOINLINE __attribute__((noinline))
#define ZKA_ZKVM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ZKA_ZKVM_ALWAYS_INLINE inline
#define ZKA_ZKVM_NOINLINE
#define ZKA_ZKVM_UNLIKELY(x) (x)
#endif

/* Linux's EBADF (asm-generic/errno-base.h), returned negated like the kernel does. */
#define ZKA_ZKVM_EBADF 9u
/* Steps buffered before each call of the trace hook. */
#define ZKA_ZKVM_TRACE_BATCH 4096u

typedef struct {
  uint8_t *buf;
  size_t len, cap;
} zka_zkvm_stream;

typedef struct {
  const zka_zkvm_program *prog;
  uint8_t *mem; /* the mapped span; byte i is address ZKA_ZKVM_TEXT_BASE + i */
  uint32_t regs[33]; /* x0..x31 and the write sink (zkvm_internal.h) */
  const uint8_t *input;
  size_t input_len, input_pos, max_output;
  zka_zkvm_stream out, dbg;
  zka_zkvm_trace_fn trace;
  void *trace_user;
  zka_zkvm_step *steps;
  size_t nsteps;
  /* how the run ended */
  zka_zkvm_stop stop;
  zka_status status;
  uint32_t stop_pc;
  int32_t exit_code;
  uint64_t cycles;
  char msg[320];
} zka_zkvm_machine;

/* Rotate right by k, 0 <= k < 32 (k = 0 is the identity: no shift by 32). */
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_ror(uint32_t x, unsigned k) {
  return (x >> k) | (x << ((32 - k) & 31));
}

/* Little-endian guest memory on any host. */
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_ld32(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
#else
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_ld16(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static ZKA_ZKVM_ALWAYS_INLINE void zka_zkvm_st32(uint8_t *p, uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(p, &v, 4);
#else
  p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
#endif
}
static ZKA_ZKVM_ALWAYS_INLINE void zka_zkvm_st16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_sext8(uint32_t v) { return ((v & 0xff) ^ 0x80) - 0x80; }
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_sext16(uint32_t v) {
  return ((v & 0xffff) ^ 0x8000) - 0x8000;
}
/* Arithmetic right shift without relying on the implementation-defined signed >>. */
static ZKA_ZKVM_ALWAYS_INLINE uint32_t zka_zkvm_sra(uint32_t v, uint32_t s) {
  const uint32_t sign = 0u - (v >> 31);
  return ((v ^ sign) >> s) ^ sign;
}
static ZKA_ZKVM_ALWAYS_INLINE int zka_zkvm_lt(uint32_t a, uint32_t b) {
  return (a ^ 0x80000000u) < (b ^ 0x80000000u); /* signed a < b */
}
/* Sign-extend to 64 bits as two's complement, then multiply modulo 2^64: the high words
 * of the 64-bit products are those of the exact signed products (M chapter, 7.1). */
static ZKA_ZKVM_ALWAYS_INLINE uint64_t zka_zkvm_sx64(uint32_t v) {
  return (uint64_t)v | ((uint64_t)(0u - (v >> 31)) << 32);
}

static void zka_zkvm_stop_at(zka_zkvm_machine *m, zka_zkvm_stop why, zka_status st, uint32_t pc,
                             const char *fmt, ...) ZKA_PRINTF(5, 6);

static void zka_zkvm_stop_at(zka_zkvm_machine *m, zka_zkvm_stop why, zka_status st, uint32_t pc,
                             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->msg, sizeof m->msg, fmt, ap);
  va_end(ap);
  m->stop = why;
  m->status = st;
  m->stop_pc = pc;
}

static const char *zka_zkvm_op_name(uint32_t op) {
  static const char *const names[] = {"lb", "lh", "lw", "lbu", "lhu", "sb", "sh", "sw"};
  return op >= ZKA_OP_LB && op <= ZKA_OP_SW ? names[op - ZKA_OP_LB] : "access";
}

/* A load or store whose address failed the combined alignment-and-range check. */
static ZKA_ZKVM_NOINLINE void zka_zkvm_trap_mem(zka_zkvm_machine *m, uint32_t pc, uint32_t op,
                                                uint32_t addr, uint32_t width, int store) {
  const zka_zkvm_program *p = m->prog;
  const uint32_t end = ZKA_ZKVM_TEXT_BASE + p->mem_size;
  if (addr & (width - 1)) {
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: misaligned %u-byte %s (%s) at address 0x%08x, pc 0x%08x", width,
                     store ? "store" : "load", zka_zkvm_op_name(op), addr, pc);
  } else if (store && addr >= ZKA_ZKVM_TEXT_BASE && addr < p->write_lo) {
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ACCESS, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: store (%s) to read-only address 0x%08x (code or constants below "
                     "0x%08x), pc 0x%08x", zka_zkvm_op_name(op), addr, p->write_lo, pc);
  } else {
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ACCESS, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: %s (%s) at address 0x%08x outside guest memory [0x%08x, 0x%08x), "
                     "pc 0x%08x", store ? "store" : "load", zka_zkvm_op_name(op), addr,
                     ZKA_ZKVM_TEXT_BASE, end, pc);
  }
}

/* The instruction at `pc` cannot be fetched; `from` is the instruction executed before. */
static ZKA_ZKVM_NOINLINE void zka_zkvm_trap_fetch(zka_zkvm_machine *m, uint32_t pc,
                                                  uint32_t from) {
  const zka_zkvm_program *p = m->prog;
  if (pc & 3) {
    /* Only a taken branch gets here misaligned (JAL and JALR check their own targets); it
     * wrote no register, so un-count it and report the trap on the branch itself. */
    m->cycles--;
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, from,
                     "zkvm: branch at pc 0x%08x to misaligned target 0x%08x (instructions "
                     "are 4-byte aligned: no compressed instructions)", from, pc);
  } else {
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: jump outside the program: pc 0x%08x (reached from pc 0x%08x) is "
                     "not in the executable code [0x%08x, 0x%08x)", pc, from, p->code_lo,
                     p->code_lo + 4 * p->code_count);
  }
}

static ZKA_ZKVM_NOINLINE void zka_zkvm_trap_insn(zka_zkvm_machine *m, uint32_t pc, uint32_t op) {
  const zka_zkvm_program *p = m->prog;
  const uint32_t w = p->words[(pc - p->code_lo) / 4];
  if (op == ZKA_OP_EBREAK)
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_EBREAK, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: ebreak at pc 0x%08x", pc);
  else if (op == ZKA_OP_COMPRESSED)
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: compressed (RVC) instruction 0x%04x at pc 0x%08x: the zkVM runs "
                     "RV32IM only (build with -march=rv32im)", w & 0xffff, pc);
  else if (op == ZKA_OP_NOEXEC)
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: jump outside the program: pc 0x%08x is not in an executable "
                     "segment", pc);
  else
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: illegal instruction 0x%08x at pc 0x%08x (not RV32IM)", w, pc);
}

static int zka_zkvm_append(zka_zkvm_stream *s, const uint8_t *src, size_t n) {
  if (s->len + n > s->cap) {
    size_t ncap = s->cap ? s->cap : 256;
    while (ncap < s->len + n) ncap *= 2;
    uint8_t *nb = realloc(s->buf, ncap);
    if (!nb) return 1;
    s->buf = nb;
    s->cap = ncap;
  }
  memcpy(s->buf + s->len, src, n);
  s->len += n;
  return 0;
}

/* An ecall at pc.  Returns 0 to go on, 1 when the machine stopped (exit or a trap). */
static ZKA_ZKVM_NOINLINE int zka_zkvm_ecall(zka_zkvm_machine *m, uint32_t pc) {
  uint32_t *x = m->regs;
  const uint32_t num = x[17], fd = x[10], buf = x[11], count = x[12];
  const zka_zkvm_program *p = m->prog;
  if (num == ZKA_ZKVM_ECALL_EXIT) {
    /* a0 as a two's-complement int32_t, without an implementation-defined conversion. */
    m->exit_code = fd < 0x80000000u ? (int32_t)fd : -(int32_t)~fd - 1;
    m->stop = ZKA_ZKVM_HALTED;
    m->status = ZKA_OK;
    m->stop_pc = pc;
    return 1;
  }
  if (num == ZKA_ZKVM_ECALL_READ || num == ZKA_ZKVM_ECALL_WRITE) {
    const int is_read = num == ZKA_ZKVM_ECALL_READ;
    if ((is_read && fd != 0) || (!is_read && fd != 1 && fd != 2)) {
      x[10] = 0u - ZKA_ZKVM_EBADF;
      return 0;
    }
    uint32_t n = count;
    if (is_read && n > m->input_len - m->input_pos) n = (uint32_t)(m->input_len - m->input_pos);
    /* The buffer must lie in guest memory (writable memory for read). */
    const uint32_t lo = is_read ? p->write_lo : ZKA_ZKVM_TEXT_BASE;
    const uint32_t hi = ZKA_ZKVM_TEXT_BASE + p->mem_size;
    if (n && (buf < lo || buf > hi || n > hi - buf)) {
      zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ECALL, ZKA_ERR_BAD_ENCODING, pc,
                       "zkvm: %s(fd %u) buffer [0x%08x, 0x%08llx) outside %sguest memory "
                       "[0x%08x, 0x%08x), pc 0x%08x", is_read ? "read" : "write", fd, buf,
                       (unsigned long long)buf + n, is_read ? "writable " : "", lo, hi, pc);
      return 1;
    }
    uint8_t *mem = m->mem + (buf - ZKA_ZKVM_TEXT_BASE);
    if (is_read) {
      if (n) memcpy(mem, m->input + m->input_pos, n);
      m->input_pos += n;
    } else {
      zka_zkvm_stream *s = fd == 1 ? &m->out : &m->dbg;
      if (s->len + n > m->max_output) {
        zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_OUTPUT_LIMIT, ZKA_ERR_INVALID_ARGUMENT, pc,
                         "zkvm: the %s output would exceed its limit of %zu bytes, pc 0x%08x",
                         fd == 1 ? "public" : "debug", m->max_output, pc);
        return 1;
      }
      if (n && zka_zkvm_append(s, mem, n)) {
        zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_OUTPUT_LIMIT, ZKA_ERR_OUT_OF_MEMORY, pc,
                         "zkvm: out of memory for the guest's output");
        return 1;
      }
    }
    x[10] = n;
    return 0;
  }
  zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_ECALL, ZKA_ERR_BAD_ENCODING, pc,
                   "zkvm: unknown ecall a7 = %u (0x%08x) at pc 0x%08x (known: 63 read, "
                   "64 write, 93 exit)", num, num, pc);
  return 1;
}

/* Hand the buffered steps to the trace hook; 1 when it asked to stop. */
static ZKA_ZKVM_NOINLINE int zka_zkvm_flush(zka_zkvm_machine *m) {
  size_t n = m->nsteps;
  m->nsteps = 0;
  return n ? m->trace(m->trace_user, m->steps, n) != 0 : 0;
}

static ZKA_ZKVM_ALWAYS_INLINE void zka_zkvm_loop(zka_zkvm_machine *m, uint64_t max_cycles,
                                                 const int tracing) {
  const zka_zkvm_program *p = m->prog;
  const zka_zkvm_insn *const code = p->code;
  const uint32_t code_lo = p->code_lo, code_count = p->code_count;
  uint8_t *const mem = m->mem;
  /* A load of w bytes at offset off (from ZKA_ZKVM_TEXT_BASE) is aligned and inside the
   * span exactly when ror(off, log2 w) < size / w: misaligned offsets rotate their low
   * bits to the top, so one compare checks both. */
  const uint32_t size1 = p->mem_size, size2 = size1 / 2, size4 = size1 / 4;
  const uint32_t wbase = p->write_lo, wsize1 = ZKA_ZKVM_TEXT_BASE + size1 - wbase;
  const uint32_t wsize2 = wsize1 / 2, wsize4 = wsize1 / 4;
  uint8_t *const wmem = mem + (wbase - ZKA_ZKVM_TEXT_BASE);
  uint32_t *const x = m->regs;
  uint32_t pc = p->entry, prev = pc;
  uint64_t cycle = 0;

  for (;;) {
    const uint32_t idx = zka_zkvm_ror(pc - code_lo, 2);
    if (ZKA_ZKVM_UNLIKELY(idx >= code_count)) {
      m->cycles = cycle;
      zka_zkvm_trap_fetch(m, pc, prev);
      break;
    }
    if (ZKA_ZKVM_UNLIKELY(cycle >= max_cycles)) {
      m->cycles = cycle;
      zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_CYCLE_LIMIT, ZKA_ERR_INVALID_ARGUMENT, pc,
                       "zkvm: cycle limit of %llu reached at pc 0x%08x without the guest "
                       "calling exit (raise --max-cycles / max_cycles)",
                       (unsigned long long)max_cycles, pc);
      break;
    }
    const zka_zkvm_insn d = code[idx];
    const uint32_t a = x[d.rs1], b = x[d.rs2];
    uint32_t next = pc + 4, maddr = 0, mval = 0, off;
    int halt = 0;
    prev = pc;
    switch ((zka_zkvm_op)d.op) {
      case ZKA_OP_LUI: x[d.rd] = d.imm; break;
      case ZKA_OP_JAL:
        if (ZKA_ZKVM_UNLIKELY(d.imm & 3)) {
          next = d.imm;
          goto misaligned_jump;
        }
        x[d.rd] = next;
        next = d.imm;
        break;
      case ZKA_OP_JALR: {
        const uint32_t t = (a + d.imm) & ~1u;
        if (ZKA_ZKVM_UNLIKELY(t & 3)) {
          next = t;
          goto misaligned_jump;
        }
        x[d.rd] = next;
        next = t;
        break;
      }
      case ZKA_OP_BEQ: if (a == b) next = d.imm; break;
      case ZKA_OP_BNE: if (a != b) next = d.imm; break;
      case ZKA_OP_BLT: if (zka_zkvm_lt(a, b)) next = d.imm; break;
      case ZKA_OP_BGE: if (!zka_zkvm_lt(a, b)) next = d.imm; break;
      case ZKA_OP_BLTU: if (a < b) next = d.imm; break;
      case ZKA_OP_BGEU: if (a >= b) next = d.imm; break;

#define ZKA_ZKVM_LOAD(w, sizew, expr)                                       \
  maddr = a + d.imm;                                                        \
  off = maddr - ZKA_ZKVM_TEXT_BASE;                                         \
  if (ZKA_ZKVM_UNLIKELY(zka_zkvm_ror(off, w) >= sizew)) goto mem_trap_load; \
  mval = (expr);                                                            \
  x[d.rd] = mval;                                                           \
  break;
      case ZKA_OP_LB: ZKA_ZKVM_LOAD(0, size1, zka_zkvm_sext8(mem[off]))
      case ZKA_OP_LBU: ZKA_ZKVM_LOAD(0, size1, mem[off])
      case ZKA_OP_LH: ZKA_ZKVM_LOAD(1, size2, zka_zkvm_sext16(zka_zkvm_ld16(mem + off)))
      case ZKA_OP_LHU: ZKA_ZKVM_LOAD(1, size2, zka_zkvm_ld16(mem + off))
      case ZKA_OP_LW: ZKA_ZKVM_LOAD(2, size4, zka_zkvm_ld32(mem + off))
#undef ZKA_ZKVM_LOAD
      case ZKA_OP_SB:
        maddr = a + d.imm;
        off = maddr - wbase;
        if (ZKA_ZKVM_UNLIKELY(off >= wsize1)) goto mem_trap_store;
        mval = b & 0xff;
        wmem[off] = (uint8_t)b;
        break;
      case ZKA_OP_SH:
        maddr = a + d.imm;
        off = maddr - wbase;
        if (ZKA_ZKVM_UNLIKELY(zka_zkvm_ror(off, 1) >= wsize2)) goto mem_trap_store;
        mval = b & 0xffff;
        zka_zkvm_st16(wmem + off, b);
        break;
      case ZKA_OP_SW:
        maddr = a + d.imm;
        off = maddr - wbase;
        if (ZKA_ZKVM_UNLIKELY(zka_zkvm_ror(off, 2) >= wsize4)) goto mem_trap_store;
        mval = b;
        zka_zkvm_st32(wmem + off, b);
        break;

      case ZKA_OP_ADDI: x[d.rd] = a + d.imm; break;
      case ZKA_OP_SLTI: x[d.rd] = (uint32_t)zka_zkvm_lt(a, d.imm); break;
      case ZKA_OP_SLTIU: x[d.rd] = (uint32_t)(a < d.imm); break;
      case ZKA_OP_XORI: x[d.rd] = a ^ d.imm; break;
      case ZKA_OP_ORI: x[d.rd] = a | d.imm; break;
      case ZKA_OP_ANDI: x[d.rd] = a & d.imm; break;
      case ZKA_OP_SLLI: x[d.rd] = a << d.imm; break;
      case ZKA_OP_SRLI: x[d.rd] = a >> d.imm; break;
      case ZKA_OP_SRAI: x[d.rd] = zka_zkvm_sra(a, d.imm); break;
      case ZKA_OP_ADD: x[d.rd] = a + b; break;
      case ZKA_OP_SUB: x[d.rd] = a - b; break;
      case ZKA_OP_SLL: x[d.rd] = a << (b & 31); break;
      case ZKA_OP_SLT: x[d.rd] = (uint32_t)zka_zkvm_lt(a, b); break;
      case ZKA_OP_SLTU: x[d.rd] = (uint32_t)(a < b); break;
      case ZKA_OP_XOR: x[d.rd] = a ^ b; break;
      case ZKA_OP_SRL: x[d.rd] = a >> (b & 31); break;
      case ZKA_OP_SRA: x[d.rd] = zka_zkvm_sra(a, b & 31); break;
      case ZKA_OP_OR: x[d.rd] = a | b; break;
      case ZKA_OP_AND: x[d.rd] = a & b; break;
      case ZKA_OP_MUL: x[d.rd] = a * b; break;
      case ZKA_OP_MULH:
        x[d.rd] = (uint32_t)((zka_zkvm_sx64(a) * zka_zkvm_sx64(b)) >> 32);
        break;
      case ZKA_OP_MULHSU: x[d.rd] = (uint32_t)((zka_zkvm_sx64(a) * (uint64_t)b) >> 32); break;
      case ZKA_OP_MULHU: x[d.rd] = (uint32_t)(((uint64_t)a * b) >> 32); break;
      /* Division by zero and the one overflow case (-2^31 / -1) have defined results
       * (M chapter, table 7.1), with no trap. */
      case ZKA_OP_DIV:
        if (b == 0) x[d.rd] = 0xffffffffu;
        else if (a == 0x80000000u && b == 0xffffffffu) x[d.rd] = 0x80000000u;
        else {
          /* |a| / |b| in unsigned arithmetic, then the sign: no signed overflow in C. */
          const uint32_t na = a >> 31, nb = b >> 31;
          const uint32_t q = ((na ? 0u - a : a) / (nb ? 0u - b : b));
          x[d.rd] = (na ^ nb) ? 0u - q : q;
        }
        break;
      case ZKA_OP_DIVU: x[d.rd] = b ? a / b : 0xffffffffu; break;
      case ZKA_OP_REM:
        if (b == 0) x[d.rd] = a;
        else if (a == 0x80000000u && b == 0xffffffffu) x[d.rd] = 0;
        else {
          /* The remainder takes the sign of the dividend (division rounds toward zero). */
          const uint32_t na = a >> 31, nb = b >> 31;
          const uint32_t r = ((na ? 0u - a : a) % (nb ? 0u - b : b));
          x[d.rd] = na ? 0u - r : r;
        }
        break;
      case ZKA_OP_REMU: x[d.rd] = b ? a % b : a; break;
      case ZKA_OP_FENCE: break;
      case ZKA_OP_ECALL:
        m->cycles = cycle;
        if (zka_zkvm_ecall(m, pc)) {
          if (m->stop != ZKA_ZKVM_HALTED) goto stopped;
          halt = 1;
        }
        break;
      case ZKA_OP_EBREAK:
      case ZKA_OP_ILLEGAL:
      case ZKA_OP_COMPRESSED:
      case ZKA_OP_NOEXEC:
      case ZKA_OP_COUNT:
      default:
        zka_zkvm_trap_insn(m, pc, d.op);
        goto stopped;
    }
    if (tracing) {
      zka_zkvm_step *s = &m->steps[m->nsteps++];
      s->cycle = cycle;
      s->pc = pc;
      s->insn = p->words[idx];
      s->rs1_val = a;
      s->rs2_val = b;
      s->rd_val = d.op == ZKA_OP_ECALL ? x[10] : d.rd == ZKA_ZKVM_REG_SINK ? 0 : x[d.rd];
      s->next_pc = next;
      s->mem_addr = maddr;
      s->mem_val = mval;
      if (m->nsteps == ZKA_ZKVM_TRACE_BATCH && zka_zkvm_flush(m)) {
        m->cycles = cycle + 1;
        if (!halt)
          zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_TRACE_ABORT, ZKA_ERR_INVALID_ARGUMENT, next,
                           "zkvm: the trace callback stopped the run before pc 0x%08x", next);
        return;
      }
    }
    cycle++;
    if (halt) {
      m->cycles = cycle;
      return;
    }
    pc = next;
    continue;

  misaligned_jump:
    /* IALIGN = 32: the jump traps before writing rd (unprivileged ISA 2.5). */
    m->cycles = cycle;
    zka_zkvm_stop_at(m, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, pc,
                     "zkvm: jump at pc 0x%08x to misaligned target 0x%08x (instructions are "
                     "4-byte aligned: no compressed instructions)", pc, next);
    goto stopped;
  mem_trap_load:
    m->cycles = cycle;
    zka_zkvm_trap_mem(m, pc, d.op, maddr, 1u << (d.op == ZKA_OP_LW ? 2 : d.op == ZKA_OP_LH || d.op == ZKA_OP_LHU ? 1 : 0), 0);
    goto stopped;
  mem_trap_store:
    m->cycles = cycle;
    zka_zkvm_trap_mem(m, pc, d.op, maddr, 1u << (d.op == ZKA_OP_SW ? 2 : d.op == ZKA_OP_SH ? 1 : 0), 1);
    goto stopped;
  }
stopped:
  return;
}

static ZKA_ZKVM_NOINLINE void zka_zkvm_run_fast(zka_zkvm_machine *m, uint64_t max_cycles) {
  zka_zkvm_loop(m, max_cycles, 0);
}

static ZKA_ZKVM_NOINLINE void zka_zkvm_run_traced(zka_zkvm_machine *m, uint64_t max_cycles) {
  zka_zkvm_loop(m, max_cycles, 1);
  /* The last steps; the run is over, so a request to stop changes nothing. */
  (void)zka_zkvm_flush(m);
}

zka_zkvm_options zka_zkvm_options_default(void) {
  zka_zkvm_options o;
  memset(&o, 0, sizeof o);
  o.max_cycles = ZKA_ZKVM_DEFAULT_MAX_CYCLES;
  o.max_input = ZKA_ZKVM_DEFAULT_MAX_INPUT;
  o.max_output = ZKA_ZKVM_DEFAULT_MAX_OUTPUT;
  return o;
}

const char *zka_zkvm_stop_str(zka_zkvm_stop s) {
  switch (s) {
    case ZKA_ZKVM_HALTED: return "halted";
    case ZKA_ZKVM_TRAP_ILLEGAL: return "illegal instruction";
    case ZKA_ZKVM_TRAP_EBREAK: return "ebreak";
    case ZKA_ZKVM_TRAP_MISALIGNED: return "misaligned access or jump";
    case ZKA_ZKVM_TRAP_ACCESS: return "memory access fault";
    case ZKA_ZKVM_TRAP_FETCH: return "jump outside the program";
    case ZKA_ZKVM_TRAP_ECALL: return "bad ecall";
    case ZKA_ZKVM_TRAP_CYCLE_LIMIT: return "cycle limit reached";
    case ZKA_ZKVM_TRAP_OUTPUT_LIMIT: return "output limit reached";
    case ZKA_ZKVM_TRAP_TRACE_ABORT: return "stopped by the trace callback";
  }
  return "unknown stop reason";
}

void zka_zkvm_result_clear(zka_zkvm_result *r) {
  if (!r) return;
  free(r->output);
  free(r->debug);
  memset(r, 0, sizeof *r);
}

zka_status zka_zkvm_run(zka_zkvm_result *out, const zka_zkvm_program *prog,
                        const uint8_t *input, size_t input_len, const zka_zkvm_options *opt,
                        zka_ctx *ctx) {
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL result");
  memset(out, 0, sizeof *out);
  if (!prog) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL program");
  if (!input && input_len) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL input");
  const zka_zkvm_options defaults = zka_zkvm_options_default();
  if (!opt) opt = &defaults;
  if (input_len > opt->max_input)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "zkvm: private input of %zu bytes is larger than the limit of %zu bytes",
                     input_len, opt->max_input);

  zka_zkvm_machine *m = calloc(1, sizeof *m);
  if (!m) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory");
  m->prog = prog;
  m->mem = calloc(prog->mem_size, 1); /* zero pages: .bss, heap and stack start zeroed */
  if (opt->trace) m->steps = malloc(ZKA_ZKVM_TRACE_BATCH * sizeof *m->steps);
  if (!m->mem || (opt->trace && !m->steps)) {
    free(m->mem);
    free(m->steps);
    free(m);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory for %u bytes of guest "
                     "memory", prog->mem_size);
  }
  for (size_t i = 0; i < prog->nseg; i++) {
    const zka_zkvm_segment *s = &prog->seg[i];
    if (s->filesz)
      memcpy(m->mem + (s->vaddr - ZKA_ZKVM_TEXT_BASE), prog->file + s->offset, s->filesz);
  }
  m->input = input;
  m->input_len = input_len;
  m->max_output = opt->max_output;
  m->trace = opt->trace;
  m->trace_user = opt->trace_user;
  m->status = ZKA_ERR_INTERNAL;

  if (opt->trace)
    zka_zkvm_run_traced(m, opt->max_cycles);
  else
    zka_zkvm_run_fast(m, opt->max_cycles);

  out->stop = m->stop;
  out->exit_code = m->exit_code;
  out->cycles = m->cycles;
  out->pc = m->stop_pc;
  memcpy(out->regs, m->regs, sizeof out->regs);
  out->output = m->out.buf;
  out->output_len = m->out.len;
  out->debug = m->dbg.buf;
  out->debug_len = m->dbg.len;
  zka_status st = m->status;
  if (st != ZKA_OK) zka_error(ctx, st, "%s", m->msg);
  free(m->mem);
  free(m->steps);
  free(m);
  return st;
}
