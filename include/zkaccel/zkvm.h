/* zkvm.h — the zkVM executor: load an RV32IM ELF, run it, get its public output.
 *
 * A guest is a bare-metal RISC-V RV32IM program (no compressed instructions, no floating
 * point, no CSRs) built with zkvm/guest/ (see zkvm/README.md for the build line).  It reads
 * its private input and writes its public output through `ecall`, following Linux's
 * RISC-V system-call convention, so the same ELF also runs under qemu-riscv32:
 *
 *   a7 = 93 (exit)   a0 = exit code                      halts the machine
 *   a7 = 63 (read)   a0 = fd, a1 = buf, a2 = count       fd 0: the private input;
 *                                                       returns the bytes read (0 at its end)
 *   a7 = 64 (write)  a0 = fd, a1 = buf, a2 = count       fd 1: appends to the public output,
 *                                                       fd 2: appends to the debug stream;
 *                                                       returns count
 *   a read or write on any other fd returns -EBADF (-9), as Linux would.
 *   a7 in [ZKA_ZKVM_ECALL_BASE, ZKA_ZKVM_ECALL_BASE + 0xFFFF]: zkVM-only calls (precompiles,
 *   a later issue); none is defined yet, so each traps as an unknown ecall.
 *   Any other a7 traps ("unknown ecall"), naming a7 and the pc.
 *
 * Memory map (the only one; zkvm/guest/zkvm.ld lays guests out this way):
 *
 *   0x0000_0000 .. 0x0000_FFFF   never mapped: catches NULL-pointer accesses
 *   0x0001_0000                  ZKA_ZKVM_TEXT_BASE: .text (R X), then .rodata (R), then
 *                                .data, .bss, the heap and the stack (R W), in that order
 *   .. 0x0FFF_FFFF               every loaded segment ends below ZKA_ZKVM_MEM_END
 *
 * The stack (__stack_top, 16-byte aligned) and the heap (__heap_start .. __heap_end) are
 * zero-initialised sections of the ELF itself, so they are mapped under qemu too.  The
 * executor maps exactly the span from ZKA_ZKVM_TEXT_BASE to the end of the highest segment:
 * loads may read anywhere in it (gaps read as zero), stores only at or above the lowest
 * writable segment, and instructions execute only from executable segments, which must lie
 * below every writable one (so the program never changes while it runs: it is decoded once).
 *
 * Execution follows the RISC-V unprivileged spec (RV32I + M) exactly; one instruction is
 * one cycle.  These trap and stop the run with a message naming the pc: an illegal or
 * compressed instruction, ebreak, a misaligned load/store/jump target (IALIGN = 32), an
 * access outside the map or a store to a read-only part, a jump outside the executable
 * segments, an unknown ecall, and reaching the cycle limit.
 */
#ifndef ZKACCEL_ZKVM_H
#define ZKACCEL_ZKVM_H
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The lowest address a segment may occupy (the first 64 KiB are a NULL guard). */
#define ZKA_ZKVM_TEXT_BASE 0x00010000u
/** Every segment ends at or below this address (256 MiB address space). */
#define ZKA_ZKVM_MEM_END 0x10000000u

/** Linux RISC-V system-call numbers (include/uapi/asm-generic/unistd.h) the guest uses. */
#define ZKA_ZKVM_ECALL_READ 63u
#define ZKA_ZKVM_ECALL_WRITE 64u
#define ZKA_ZKVM_ECALL_EXIT 93u
/** zkVM-only calls live in [BASE, BASE + 0xFFFF]; Linux numbers stay far below (< 1024). */
#define ZKA_ZKVM_ECALL_BASE 0x5A4B0000u

/** Default cycle limit of zka_zkvm_options_default (2^32 instructions). */
#define ZKA_ZKVM_DEFAULT_MAX_CYCLES 0x100000000ull
/** Default limits on the private input and on each output stream (bytes). */
#define ZKA_ZKVM_DEFAULT_MAX_INPUT (256u << 20)
#define ZKA_ZKVM_DEFAULT_MAX_OUTPUT (64u << 20)

/** A loaded, validated and pre-decoded program.  Immutable after loading: one program may
 *  be run by several threads at once, each with its own result. */
typedef struct zka_zkvm_program zka_zkvm_program;

/** Why a run stopped. */
typedef enum {
  ZKA_ZKVM_HALTED = 0,          /**< the guest called exit: a normal end */
  ZKA_ZKVM_TRAP_ILLEGAL,        /**< an unknown, reserved or compressed instruction */
  ZKA_ZKVM_TRAP_EBREAK,         /**< ebreak */
  ZKA_ZKVM_TRAP_MISALIGNED,     /**< a load, store or jump target not naturally aligned */
  ZKA_ZKVM_TRAP_ACCESS,         /**< a load or store outside the map, or a store to R/X */
  ZKA_ZKVM_TRAP_FETCH,          /**< a jump or fall-through outside the executable segments */
  ZKA_ZKVM_TRAP_ECALL,          /**< an unknown ecall, or a read/write buffer out of bounds */
  ZKA_ZKVM_TRAP_CYCLE_LIMIT,    /**< max_cycles instructions ran without exit */
  ZKA_ZKVM_TRAP_OUTPUT_LIMIT,   /**< an output stream would exceed max_output */
  ZKA_ZKVM_TRAP_TRACE_ABORT     /**< the trace callback asked to stop */
} zka_zkvm_stop;

/** One executed instruction, for the trace hook (the prover's input).  Values are those
 *  before the instruction ran, except rd_val (the value written to rd; 0 when rd = x0 or
 *  the instruction writes no register) and mem_val. */
typedef struct {
  uint64_t cycle;   /**< 0 for the first instruction */
  uint32_t pc;      /**< address of the instruction */
  uint32_t insn;    /**< the 32-bit instruction word */
  uint32_t rs1_val; /**< x[rs1] */
  uint32_t rs2_val; /**< x[rs2] */
  uint32_t rd_val;  /**< the value written to x[rd] */
  uint32_t next_pc; /**< the pc of the next instruction */
  uint32_t mem_addr;/**< load/store: the effective address; otherwise 0 */
  uint32_t mem_val; /**< load: the value loaded (extended); store: the bytes stored
                         (zero-extended); otherwise 0 */
} zka_zkvm_step;

/** Trace hook: called with batches of consecutive steps (n >= 1, in order).  `steps` is
 *  valid only during the call.  Return 0 to continue, nonzero to stop the run
 *  (ZKA_ZKVM_TRAP_TRACE_ABORT).  The last batch arrives before zka_zkvm_run returns, also
 *  when the run traps (the trapping instruction is not in the trace). */
typedef int (*zka_zkvm_trace_fn)(void *user, const zka_zkvm_step *steps, size_t n);

/** Run options; start from zka_zkvm_options_default(). */
typedef struct {
  uint64_t max_cycles;      /**< stop with ZKA_ZKVM_TRAP_CYCLE_LIMIT after this many */
  size_t max_input;         /**< a longer private input is refused before running */
  size_t max_output;        /**< limit on the public output and, separately, the debug stream */
  zka_zkvm_trace_fn trace;  /**< NULL: no tracing (the fast path) */
  void *trace_user;         /**< passed to trace */
} zka_zkvm_options;

/** The outcome of a run.  The library allocates output and debug; release them with
 *  zka_zkvm_result_clear. */
typedef struct {
  zka_zkvm_stop stop;  /**< why the run stopped */
  int32_t exit_code;   /**< a0 of the exit ecall (valid when stop == ZKA_ZKVM_HALTED) */
  uint64_t cycles;     /**< instructions executed (the exit ecall included) */
  uint32_t pc;         /**< pc of the exit ecall, or of the trapping instruction */
  uint8_t *output;     /**< the public output (fd 1), output_len bytes; NULL when empty */
  size_t output_len;
  uint8_t *debug;      /**< the debug stream (fd 2), debug_len bytes; NULL when empty */
  size_t debug_len;
  uint32_t regs[32];   /**< the registers when the run stopped */
} zka_zkvm_result;

/** max_cycles = ZKA_ZKVM_DEFAULT_MAX_CYCLES, max_input = ZKA_ZKVM_DEFAULT_MAX_INPUT,
 *  max_output = ZKA_ZKVM_DEFAULT_MAX_OUTPUT, no trace. */
ZKA_API zka_zkvm_options zka_zkvm_options_default(void);

/** Validate and load an ELF image (elf, elf_len bytes; copied, the caller keeps it) into
 *  *out.  Accepts only little-endian ELF32 ET_EXEC files for EM_RISCV without the RVC or
 *  float-ABI flags, whose PT_LOAD segments lie inside the memory map above, do not overlap,
 *  are not both writable and executable, whose executable bytes span at most 64 MiB, and
 *  whose entry point is in an executable segment.  Errors (message in ctx): ZKA_ERR_INVALID_ARGUMENT (NULL out or elf),
 *  ZKA_ERR_BAD_ENCODING (not ELF, truncated, inconsistent headers, segments outside the
 *  map or overlapping), ZKA_ERR_UNSUPPORTED (64-bit, big-endian, another machine, not an
 *  executable, RVC, float ABI, dynamic linking), ZKA_ERR_OUT_OF_MEMORY. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkvm_program_load(zka_zkvm_program **out,
                                                                const uint8_t *elf,
                                                                size_t elf_len, zka_ctx *ctx);

/** zka_zkvm_program_load on the contents of the file at path; ZKA_ERR_IO when it cannot be
 *  read. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkvm_program_load_file(zka_zkvm_program **out,
                                                                     const char *path,
                                                                     zka_ctx *ctx);

/** Free a program (NULL is allowed). */
ZKA_API void zka_zkvm_program_destroy(zka_zkvm_program *prog);

/** The entry point of a loaded program. */
ZKA_API uint32_t zka_zkvm_program_entry(const zka_zkvm_program *prog);

/** Run prog from its entry point on a fresh copy of its memory, with registers zero, the
 *  private input (input, input_len bytes; NULL allowed when input_len is 0) and options
 *  opt (NULL: the defaults).  *out is always initialised (also on error) and must be
 *  released with zka_zkvm_result_clear.
 *  Returns ZKA_OK when the guest called exit (whatever its exit code).  Otherwise, with a
 *  message naming the pc in ctx and out->stop saying why:
 *  ZKA_ERR_BAD_ENCODING (the guest trapped: illegal instruction, misaligned or out-of-map
 *  access, jump outside the program, unknown ecall, ebreak), ZKA_ERR_INVALID_ARGUMENT
 *  (NULL out or prog, input longer than opt->max_input, the cycle or output limit
 *  reached, the trace callback stopped the run), ZKA_ERR_OUT_OF_MEMORY. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkvm_run(zka_zkvm_result *out,
                                                       const zka_zkvm_program *prog,
                                                       const uint8_t *input, size_t input_len,
                                                       const zka_zkvm_options *opt,
                                                       zka_ctx *ctx);

/** Free the buffers of a result and zero it (NULL is allowed). */
ZKA_API void zka_zkvm_result_clear(zka_zkvm_result *r);

struct zka_engine; /* device.h */

/* ---- proving ---------------------------------------------------------------------------- */

/** Continuations: the prover splits a run into segments of at most 2^log_segment cycles
 *  and proves each separately (its start and end state are in the proof; the verifier
 *  checks the chain), so its memory depends on the segment size, not on the run's length.
 *  The default 2^18 cycles takes about 5-6 GB (bench/RESULTS.md); 8 .. 21 are accepted
 *  (every cycle uses 4 memory timestamps of a segment, which stay below 2^24). */
#define ZKA_ZKVM_DEFAULT_LOG_SEGMENT 18u
#define ZKA_ZKVM_MIN_LOG_SEGMENT 8u
#define ZKA_ZKVM_MAX_LOG_SEGMENT 21u

/** Proving options; start from zka_zkvm_prove_options_default(). */
typedef struct {
  zka_zkvm_options run;       /**< executor limits (trace is the prover's own: ignored) */
  uint32_t log_segment;       /**< 0: ZKA_ZKVM_DEFAULT_LOG_SEGMENT; segments of at most
                                   2^log_segment cycles */
  uint32_t log_blowup;        /**< 0: the default (2, blowup 4) */
  uint32_t num_queries;       /**< 0: the default (42) */
  uint32_t pow_bits;          /**< 0: the default (16) */
  void (*progress)(void *user, const char *stage); /**< NULL: quiet */
  void *progress_user;
} zka_zkvm_prove_options;

/** run = zka_zkvm_options_default(); segments of 2^ZKA_ZKVM_DEFAULT_LOG_SEGMENT cycles; the
 *  STARK parameters' defaults (log_blowup 2, 42 queries, 16 grinding bits: 100 bits of
 *  conjectured security); no progress callback. */
ZKA_API zka_zkvm_prove_options zka_zkvm_prove_options_default(void);

/** Run prog on input (as zka_zkvm_run) and prove the run: on success *proof (release with
 *  zka_zkvm_proof_free) holds *proof_len bytes that zka_zkvm_verify accepts for the same
 *  ELF, and *out the run's result (release with zka_zkvm_result_clear; also filled when the
 *  run itself fails).  The engine e (device.h; NULL: the CPU) runs the NTTs and the
 *  Poseidon2 Merkle trees.  With the same inputs the proof bytes are the same on every
 *  backend.  Errors: those of zka_zkvm_run (a guest that traps or never exits has nothing
 *  to prove), ZKA_ERR_INVALID_ARGUMENT (log_segment out of range), ZKA_ERR_OUT_OF_MEMORY
 *  (also up front, when a segment's estimated peak — about 24 bytes per table cell —
 *  exceeds the physical memory or $ZKA_ZKVM_MEM_LIMIT bytes; the message says how much and
 *  that a smaller log_segment helps), ZKA_ERR_DEVICE (strict engine).  The progress
 *  callback names the segment ("segment 2/5: main LDE"). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkvm_prove(struct zka_engine *e,
                                                         const zka_zkvm_program *prog,
                                                         const uint8_t *input, size_t input_len,
                                                         const zka_zkvm_prove_options *opt,
                                                         zka_zkvm_result *out, uint8_t **proof,
                                                         size_t *proof_len, zka_ctx *ctx);

/** Check proof (proof_len bytes) against the program prog.  ZKA_OK when it proves that prog,
 *  run from its entry point on some private input, exited with the exit code and public
 *  output written to *out (stop, exit_code, cycles, output; release with
 *  zka_zkvm_result_clear).  ZKA_ERR_VERIFY_FAILED (another program, any changed byte, a
 *  wrong claim: the message says which check failed), ZKA_ERR_BAD_ENCODING (not a zkVM
 *  proof, truncated). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkvm_verify(const zka_zkvm_program *prog,
                                                          const uint8_t *proof, size_t proof_len,
                                                          zka_zkvm_result *out, zka_ctx *ctx);

/** Free a proof from zka_zkvm_prove (NULL is allowed). */
ZKA_API void zka_zkvm_proof_free(uint8_t *proof);

/** A short English name for a stop reason ("halted", "illegal instruction", ...). */
ZKA_API const char *zka_zkvm_stop_str(zka_zkvm_stop s);

#ifdef __cplusplus
}
#endif
#endif
