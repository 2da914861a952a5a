/* fuzz_groth16 — libFuzzer target for the snarkjs file readers (circuits/): the input is
 * read as a .zkey, a .wtns, a verification_key.json, a proof.json and a public.json.  What
 * a reader accepts must be consistent (a zkey whose info is sane; a refusal always carries
 * a message).  Build: CC=clang cmake -DZKA_FUZZ=ON ... and `cmake --build . --target
 * fuzz_groth16`; run: bin/fuzz_groth16 tests/data/groth16/bn128 (the fixtures are a seed
 * corpus).  tests/test_groth16_fuzz.c replays seeded mutations of the fixtures through this
 * same function in every `make test` (under ASan/UBSan in build-asan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zkaccel/groth16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static zka_ctx *ctx;
  if (!ctx && zka_ctx_create(&ctx) != ZKA_OK) return 0;
  zka_zkey *z = NULL;
  if (zka_zkey_from_bytes(&z, data, size, "fuzz.zkey", ctx) == ZKA_OK) {
    zka_zkey_info i;
    zka_zkey_get_info(z, &i);
    if (i.n_public >= i.n_vars || i.domain_size < 2 || (i.domain_size & (i.domain_size - 1)))
      __builtin_trap();
    zka_zkey_close(z);
  } else if (z || !zka_ctx_last_error(ctx)[0]) {
    __builtin_trap();
  }
  zka_wtns *w = NULL;
  if (zka_wtns_from_bytes(&w, data, size, "fuzz.wtns", ctx) == ZKA_OK) {
    if (zka_wtns_count(w) < 1 || !zka_wtns_value(w, zka_wtns_count(w) - 1)) __builtin_trap();
    zka_wtns_close(w);
  } else if (w || !zka_ctx_last_error(ctx)[0]) {
    __builtin_trap();
  }
  const char *text = (const char *)data;
  zka_groth16_vkey *vk = NULL;
  if (zka_groth16_vkey_from_json(&vk, text, size, ctx) == ZKA_OK) zka_groth16_vkey_destroy(vk);
  else if (vk || !zka_ctx_last_error(ctx)[0]) __builtin_trap();
  for (int c = 1; c <= 2; c++) {
    zka_groth16_proof p;
    if (zka_groth16_proof_from_json(&p, (zka_curve_id)c, text, size, ctx) != ZKA_OK &&
        !zka_ctx_last_error(ctx)[0])
      __builtin_trap();
    uint8_t *v = NULL;
    size_t n = 0;
    if (zka_groth16_public_from_json(&v, &n, (zka_curve_id)c, text, size, ctx) == ZKA_OK) free(v);
    else if (v || !zka_ctx_last_error(ctx)[0]) __builtin_trap();
  }
  return 0;
}
