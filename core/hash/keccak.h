/* keccak.h — the portable Keccak-f[1600] permutation (FIPS 202, section 3; the Keccak
 * reference, keccak.team): zka_keccak_f1600_ref.  Compiles as host C, OpenCL C 1.2, CUDA
 * and HLS C (kernels/common/zka_target.h): the state is a private array of 25 lanes, lane
 * (x, y) at index x + 5y, each lane a little-endian 64-bit word of the byte state (byte i
 * of the state is byte i % 8 of lane i / 8); no pointer casts, bounded loops.
 *
 * Keccak-256 as Ethereum uses it is the sponge Keccak[r = 1088, c = 512] (rate 136 bytes,
 * ZKA_KECCAK256_RATE) with the original multi-rate padding 0x01 ... 0x80; SHA3-256 is the
 * same permutation and rate with 0x06 ... 0x80.  The sponge lives with the callers
 * (core/hash/sha256_keccak.c on the host, the kernels on devices).
 *
 * Constants (FIPS 202, 3.2.2 and 3.2.5):
 *   rho offsets: lane (x, y) rotates by (t + 1)(t + 2)/2 mod 64 where (x, y) is reached at
 *     step t of (x, y) <- (y, 2x + 3y) from (1, 0); lane (0, 0) by 0.
 *   iota round constants: RC[i] bit 2^j - 1 = rc(j + 7i) for j = 0..6, where rc(t) is the
 *     output of the LFSR x^8 + x^6 + x^5 + x^4 + 1.
 * tests/test_hash_bytes.c recomputes both tables from these definitions.
 */
#ifndef ZKA_HASH_KECCAK_H
#define ZKA_HASH_KECCAK_H
#include "../../kernels/common/zka_target.h"

/** Rate of Keccak-256 / SHA3-256 in bytes (1600 - 2*256 bits). */
#define ZKA_KECCAK256_RATE 136

/* iota round constants RC[0..23] (FIPS 202, Algorithm 5 and 6). */
#define ZKA_KECCAK_RC_VALUES                                                                \
  ZKA_U64C(0x0000000000000001), ZKA_U64C(0x0000000000008082), ZKA_U64C(0x800000000000808a),  \
      ZKA_U64C(0x8000000080008000), ZKA_U64C(0x000000000000808b), ZKA_U64C(0x0000000080000001), \
      ZKA_U64C(0x8000000080008081), ZKA_U64C(0x8000000000008009), ZKA_U64C(0x000000000000008a), \
      ZKA_U64C(0x0000000000000088), ZKA_U64C(0x0000000080008009), ZKA_U64C(0x000000008000000a), \
      ZKA_U64C(0x000000008000808b), ZKA_U64C(0x800000000000008b), ZKA_U64C(0x8000000000008089), \
      ZKA_U64C(0x8000000000008003), ZKA_U64C(0x8000000000008002), ZKA_U64C(0x8000000000000080), \
      ZKA_U64C(0x000000000000800a), ZKA_U64C(0x800000008000000a), ZKA_U64C(0x8000000080008081), \
      ZKA_U64C(0x8000000000008080), ZKA_U64C(0x0000000080000001), ZKA_U64C(0x8000000080008008)

/* rho rotation offsets by lane index x + 5y (FIPS 202, Table 2). */
#define ZKA_KECCAK_RHO_VALUES \
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14

/** The tables.  ZKA_CONST_TABLE is __constant in OpenCL and a __device__ array in CUDA;
 *  nvcc's host pass cannot read a __device__ array from the __host__ __device__ functions
 *  below, so CUDA also gets host copies and ZKA_KECCAK_RC(i) / ZKA_KECCAK_RHO(i) pick the
 *  one for the side being compiled (same values, one list). */
ZKA_CONST_TABLE zka_u64 zka_keccak_rc[24] = {ZKA_KECCAK_RC_VALUES};
ZKA_CONST_TABLE zka_u32 zka_keccak_rho[25] = {ZKA_KECCAK_RHO_VALUES};
#if defined(ZKA_TARGET_CUDA) && !defined(__CUDA_ARCH__)
static const zka_u64 zka_keccak_rc_host[24] = {ZKA_KECCAK_RC_VALUES};
static const zka_u32 zka_keccak_rho_host[25] = {ZKA_KECCAK_RHO_VALUES};
#define ZKA_KECCAK_RC(i) zka_keccak_rc_host[i]
#define ZKA_KECCAK_RHO(i) zka_keccak_rho_host[i]
#else
#define ZKA_KECCAK_RC(i) zka_keccak_rc[i]
#define ZKA_KECCAK_RHO(i) zka_keccak_rho[i]
#endif

/* Rotate left by a constant 0 < n < 64. */
#define ZKA_KECCAK_ROTL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/** Keccak-f[1600]: 24 rounds of theta, rho, pi, chi, iota on st (lane x + 5y).  The round
 *  is written out lane by lane (rho offsets as literals, from zka_keccak_rho): compilers
 *  keep the 25 lanes in registers and rotate by immediates, where loops with "% 5"
 *  indices were left rolled (2-3x slower on the host). */
ZKA_INLINE void zka_keccak_f1600_ref(zka_u64 st[25]) {
  for (int round = 0; round < 24; round++) {
    /* theta: lane ^= parity(column x - 1) ^ rot(parity(column x + 1), 1) */
    zka_u64 c0 = st[0] ^ st[5] ^ st[10] ^ st[15] ^ st[20];
    zka_u64 c1 = st[1] ^ st[6] ^ st[11] ^ st[16] ^ st[21];
    zka_u64 c2 = st[2] ^ st[7] ^ st[12] ^ st[17] ^ st[22];
    zka_u64 c3 = st[3] ^ st[8] ^ st[13] ^ st[18] ^ st[23];
    zka_u64 c4 = st[4] ^ st[9] ^ st[14] ^ st[19] ^ st[24];
    zka_u64 d0 = c4 ^ ZKA_KECCAK_ROTL(c1, 1);
    zka_u64 d1 = c0 ^ ZKA_KECCAK_ROTL(c2, 1);
    zka_u64 d2 = c1 ^ ZKA_KECCAK_ROTL(c3, 1);
    zka_u64 d3 = c2 ^ ZKA_KECCAK_ROTL(c4, 1);
    zka_u64 d4 = c3 ^ ZKA_KECCAK_ROTL(c0, 1);
    /* rho and pi: B[y, 2x + 3y] = rot(A[x, y], rho[x, y]) */
    zka_u64 b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12;
    zka_u64 b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, b23, b24;
    b0 = st[0] ^ d0;
    b1 = ZKA_KECCAK_ROTL(st[6] ^ d1, 44);
    b2 = ZKA_KECCAK_ROTL(st[12] ^ d2, 43);
    b3 = ZKA_KECCAK_ROTL(st[18] ^ d3, 21);
    b4 = ZKA_KECCAK_ROTL(st[24] ^ d4, 14);
    b5 = ZKA_KECCAK_ROTL(st[3] ^ d3, 28);
    b6 = ZKA_KECCAK_ROTL(st[9] ^ d4, 20);
    b7 = ZKA_KECCAK_ROTL(st[10] ^ d0, 3);
    b8 = ZKA_KECCAK_ROTL(st[16] ^ d1, 45);
    b9 = ZKA_KECCAK_ROTL(st[22] ^ d2, 61);
    b10 = ZKA_KECCAK_ROTL(st[1] ^ d1, 1);
    b11 = ZKA_KECCAK_ROTL(st[7] ^ d2, 6);
    b12 = ZKA_KECCAK_ROTL(st[13] ^ d3, 25);
    b13 = ZKA_KECCAK_ROTL(st[19] ^ d4, 8);
    b14 = ZKA_KECCAK_ROTL(st[20] ^ d0, 18);
    b15 = ZKA_KECCAK_ROTL(st[4] ^ d4, 27);
    b16 = ZKA_KECCAK_ROTL(st[5] ^ d0, 36);
    b17 = ZKA_KECCAK_ROTL(st[11] ^ d1, 10);
    b18 = ZKA_KECCAK_ROTL(st[17] ^ d2, 15);
    b19 = ZKA_KECCAK_ROTL(st[23] ^ d3, 56);
    b20 = ZKA_KECCAK_ROTL(st[2] ^ d2, 62);
    b21 = ZKA_KECCAK_ROTL(st[8] ^ d3, 55);
    b22 = ZKA_KECCAK_ROTL(st[14] ^ d4, 39);
    b23 = ZKA_KECCAK_ROTL(st[15] ^ d0, 41);
    b24 = ZKA_KECCAK_ROTL(st[21] ^ d1, 2);
    /* chi: A[x, y] = B[x, y] ^ (~B[x + 1, y] & B[x + 2, y]) */
    st[0] = b0 ^ (~b1 & b2);
    st[1] = b1 ^ (~b2 & b3);
    st[2] = b2 ^ (~b3 & b4);
    st[3] = b3 ^ (~b4 & b0);
    st[4] = b4 ^ (~b0 & b1);
    st[5] = b5 ^ (~b6 & b7);
    st[6] = b6 ^ (~b7 & b8);
    st[7] = b7 ^ (~b8 & b9);
    st[8] = b8 ^ (~b9 & b5);
    st[9] = b9 ^ (~b5 & b6);
    st[10] = b10 ^ (~b11 & b12);
    st[11] = b11 ^ (~b12 & b13);
    st[12] = b12 ^ (~b13 & b14);
    st[13] = b13 ^ (~b14 & b10);
    st[14] = b14 ^ (~b10 & b11);
    st[15] = b15 ^ (~b16 & b17);
    st[16] = b16 ^ (~b17 & b18);
    st[17] = b17 ^ (~b18 & b19);
    st[18] = b18 ^ (~b19 & b15);
    st[19] = b19 ^ (~b15 & b16);
    st[20] = b20 ^ (~b21 & b22);
    st[21] = b21 ^ (~b22 & b23);
    st[22] = b22 ^ (~b23 & b24);
    st[23] = b23 ^ (~b24 & b20);
    st[24] = b24 ^ (~b20 & b21);
    /* iota */
    st[0] ^= ZKA_KECCAK_RC(round);
  }
}

#endif /* ZKA_HASH_KECCAK_H */
