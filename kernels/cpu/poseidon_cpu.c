/* poseidon_cpu.c — the CPU backend's batch circomlib Poseidon (kernels/cpu/hash_cpu.h):
 * one hash after another with the host code of core/hash/poseidon_bn254.c.  Single-threaded
 * by contract; zka_cpu_hash (kernels/cpu/hash_cpu.c) splits batches across threads and has
 * already checked len. */
#include "kernels/cpu/hash_cpu.h"

#include "zkaccel/hash.h"

void zka_cpu_poseidon_bn254_batch(zka_bn254_fr *out, const zka_bn254_fr *in, size_t len,
                                  size_t count) {
  for (size_t i = 0; i < count; i++) {
    /* Only a len outside 1..16 fails, and the dispatcher refuses those jobs first. */
    zka_status st = zka_poseidon_bn254(&out[i], &in[i * len], len);
    (void)st;
  }
}
