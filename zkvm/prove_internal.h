/* prove_internal.h — internal: the zkVM's statement and the verifier's side of the buses
 * (zkvm/prove.c), shared with tests that check traces against exactly what the verifier
 * sends and receives. */
#ifndef ZKA_ZKVM_PROVE_INTERNAL_H
#define ZKA_ZKVM_PROVE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/device.h"
#include "zkvm/air/air.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/stark/stark.h"
#include "zkvm/zkvm_internal.h"

/** The zkVM's chips in the prover's hook order (out: ZKA_ZKVM_MAX_CHIPS entries); returns
 *  how many. */
size_t zka_zkvm_chip_list(const zka_chip **out);

/** What one segment of a proof claims (the STARK of that segment proves it).  A proof is
 *  a chain of segments; segment k starts where k - 1 ended (pc, memory, streams). */
typedef struct {
  uint8_t chain[32];      /* the chain digest before this segment (zkvm_prove.c) */
  uint32_t index;         /* k, from 0 */
  uint32_t start_pc;      /* the entry point, or segment k - 1's end_pc */
  int exits;              /* 1: the segment ends with the exit ecall (the last one) */
  int32_t exit_code;      /* when exits */
  uint32_t end_pc;        /* otherwise: the pc the next segment starts at */
  uint64_t cycles;        /* instructions in this segment */
  const uint8_t *output;  /* the public output bytes this segment writes ... */
  size_t output_len;
  size_t out0;            /* ... at positions out0 .. out0 + output_len - 1 */
  uint32_t eof0, eof1;    /* the input had ended before / after the segment */
  const uint32_t *counts; /* executions of each code-window instruction in the segment */
  size_t n_counts;        /* = prog->code_count */
  const zka_mem_entry *bound; /* the memory boundary: every address the segment touches, */
  size_t n_bound;             /* ascending, with its value at the start and at the end */
} zka_zkvm_statement;

/** Set w up for the next segment (its steps, whose first has global cycle cycle0, starting
 *  at pc0; pauses: it does not exit): the memory state's segment starts, timestamps, ALU
 *  requests, byte counts and execution counts restart.  Then run the chips' gen hooks. */
void zka_zkvm_segment_begin(zka_zkvm_witness *w, const zka_zkvm_step *steps, size_t n_steps,
                            uint64_t cycle0, uint32_t pc0, int pauses);

/** The claims of the segment the chips' gen hooks just ran on w (begun with
 *  zka_zkvm_segment_begin): out0, eof0 the output length and input state at its start,
 *  bound its n_bound memory entries (zka_memstate_entries).  chain and index are left to
 *  zka_zkvm_proof_segment. */
void zka_zkvm_segment_claims(const zka_zkvm_witness *w, size_t out0, uint32_t eof0,
                             const zka_mem_entry *bound, size_t n_bound, zka_zkvm_statement *st);

/** The verifier's own tuples for prog and the segment's claims st (the program with its
 *  execution counts, the boundary's start values sent and end values received, the memory
 *  map, the start pc, the end (exit or end pc), the output bytes and the stream states),
 *  each passed to emit(acc, ...).  Does not check the counts (the proof reader does). */
zka_status zka_zkvm_external(const zka_zkvm_program *prog, const zka_zkvm_statement *st,
                             zka_air_emit_fn emit, void *acc, zka_ctx *ctx);

/** The digest a proof carries for prog: SHA-256 of the entry point, then per segment
 *  (vaddr, memsz, filesz, flags) and its file bytes.  ZKA_ERR_OUT_OF_MEMORY. */
zka_status zka_zkvm_program_digest(const zka_zkvm_program *prog, uint8_t out[32], zka_ctx *ctx);

/* ---- writing a proof file, segment by segment (zka_zkvm_prove's own steps; tests use them
 * to write proofs of tables they built or changed) ------------------------------------------ */

/* A growing byte buffer (oom: an append failed; the buffer is then incomplete). */
typedef struct {
  uint8_t *p;
  size_t n, cap;
  int oom;
} zka_zkvm_bytes;

typedef struct {
  zka_zkvm_bytes file; /* the file so far */
  uint8_t chain[32];   /* chain_k: the digest the next segment continues */
  uint32_t index;      /* k: segments written */
} zka_zkvm_proof_writer;

/** Start a proof of a run of prog with these claims (the file's header; chain_0). */
zka_status zka_zkvm_proof_begin(zka_zkvm_proof_writer *w, const zka_zkvm_program *prog,
                                int32_t exit_code, uint64_t cycles, const uint8_t *output,
                                size_t output_len, uint32_t log_segment, uint32_t n_segments,
                                zka_ctx *ctx);

/** Prove the tables (the chips' compiled AIRs and their traces, 2^log_n rows) as the next
 *  segment under st's claims (st->chain and st->index are set from w) and append its
 *  header and STARK proof.  check_prog (may be NULL: no check): the program, to refuse
 *  before proving further tables whose buses do not balance against the verifier's side
 *  (zka_stark_prove_ext); a test forging proofs passes NULL. */
zka_status zka_zkvm_proof_segment(zka_zkvm_proof_writer *w, zka_engine *e,
                                  const zka_stark_params *prm,
                                  const zka_zkvm_program *check_prog, zka_zkvm_statement *st,
                                  const zka_air_table *const *tables,
                                  const zka_babybear *const *traces, size_t n_tables,
                                  uint32_t log_n, zka_stark_progress_fn progress,
                                  void *progress_user, zka_ctx *ctx);

/** Hand the file over (*proof: free()); w is empty afterwards.  Also frees w on error. */
zka_status zka_zkvm_proof_end(zka_zkvm_proof_writer *w, uint8_t **proof, size_t *proof_len,
                              zka_ctx *ctx);
void zka_zkvm_proof_writer_free(zka_zkvm_proof_writer *w);

/** A one-segment proof file: begin, segment (st: index 0, start_pc the entry, exits,
 *  out0 0, eof0 0), end. */
zka_status zka_zkvm_prove_tables(zka_engine *e, const zka_stark_params *prm,
                                 const zka_zkvm_program *prog, zka_zkvm_statement *st,
                                 const zka_air_table *const *tables,
                                 const zka_babybear *const *traces, size_t n_tables,
                                 uint32_t log_n, zka_stark_progress_fn progress,
                                 void *progress_user, uint8_t **proof, size_t *proof_len,
                                 zka_ctx *ctx);

#endif
