/* fuzz_elf — libFuzzer target for the zkVM ELF loader (zkvm/elf.c): any input is loaded
 * as an ELF; what loads is run for at most 4096 cycles on a fixed input, so the decoder
 * and executor see the mutated code too.  Build: CC=clang cmake -DZKA_FUZZ=ON ... and
 * `cmake --build . --target fuzz_elf`; run: bin/fuzz_elf [corpus_dir] (a seed corpus: the
 * guests in <build>/zkvm/guests). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zkaccel/zkvm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static zka_ctx *ctx;
  if (!ctx && zka_ctx_create(&ctx) != ZKA_OK) return 0;
  zka_zkvm_program *prog = NULL;
  if (zka_zkvm_program_load(&prog, data, size, ctx) != ZKA_OK) {
    /* a refusal always carries a message */
    if (prog != NULL || zka_ctx_last_error(ctx)[0] == '\0') __builtin_trap();
    return 0;
  }
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.max_cycles = 4096;
  opt.max_output = 1 << 16;
  zka_zkvm_result r;
  static const uint8_t input[8] = {5, 0, 0, 0, 'a', 'b', 'c', 'd'};
  zka_status st = zka_zkvm_run(&r, prog, input, sizeof input, &opt, ctx);
  if (st != ZKA_OK && zka_ctx_last_error(ctx)[0] == '\0') __builtin_trap();
  if (r.cycles > opt.max_cycles) __builtin_trap();
  zka_zkvm_result_clear(&r);
  zka_zkvm_program_destroy(prog);
  return 0;
}
