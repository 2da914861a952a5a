/* prove_internal.h — internal: the zkVM's statement and the verifier's side of the buses
 * (zkvm/prove.c), shared with tests that check traces against exactly what the verifier
 * sends and receives. */
#ifndef ZKA_ZKVM_PROVE_INTERNAL_H
#define ZKA_ZKVM_PROVE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/device.h"
#include "zkvm/air/air.h"
#include "zkvm/stark/stark.h"
#include "zkvm/zkvm_internal.h"

/** What a proof claims about a run of a program. */
typedef struct {
  uint8_t digest[32];     /* SHA-256 of the program part of the statement */
  int32_t exit_code;
  uint64_t cycles;
  const uint8_t *output;  /* the public output */
  size_t output_len;
  const uint32_t *counts; /* executions of each code-window instruction */
  size_t n_counts;        /* = prog->code_count */
} zka_zkvm_statement;

/** The verifier's own tuples for prog and the claims in st (the program with its execution
 *  counts, the initial memory image, the memory map, the entry point, the exit and the
 *  public output), each passed to emit(acc, ...).  Does not check the counts (the proof
 *  reader does). */
zka_status zka_zkvm_external(const zka_zkvm_program *prog, const zka_zkvm_statement *st,
                             zka_air_emit_fn emit, void *acc, zka_ctx *ctx);

/** The digest a proof carries for prog: SHA-256 of the entry point, then per segment
 *  (vaddr, memsz, filesz, flags) and its file bytes. */
void zka_zkvm_program_digest(const zka_zkvm_program *prog, uint8_t out[32]);

/** Prove the tables (the chips' compiled AIRs and their traces, 2^log_n rows) under the claims
 *  of st (st->digest must be zka_zkvm_program_digest's) and write the proof file that
 *  zka_zkvm_verify reads: the header with the claims, then the STARK proof whose preamble
 *  is those claims.  zka_zkvm_prove's last step; tests call it on traces they changed. */
zka_status zka_zkvm_prove_tables(zka_engine *e, const zka_stark_params *prm,
                                 const zka_zkvm_statement *st,
                                 const zka_air_table *const *tables,
                                 const zka_babybear *const *traces, size_t n_tables,
                                 uint32_t log_n, zka_stark_progress_fn progress,
                                 void *progress_user, uint8_t **proof, size_t *proof_len,
                                 zka_ctx *ctx);

#endif
