#!/usr/bin/env python3
"""Generate core/params/bn254_pairing.h and core/params/bls12_381_pairing.h: the constants of
the optimal ate pairings (core/pairing/).

Usage: python3 tools/gen_pairing_params.py   (writes core/params/, prints what it wrote)

Every constant is written with its formula and checked here before it is written.  Facts
used (public sources, cited):
  BN254: curve parameter x = 4965661367192848881, p = 36x^4 + 36x^3 + 24x^2 + 6x + 1,
    r = 36x^4 + 36x^3 + 18x^2 + 6x + 1 (Barreto-Naehrig 2005; EIP-196/197); tower
    Fq2 = Fq[u]/(u^2 + 1), xi = 9 + u, G2 on the D-type twist y^2 = x^3 + 3/xi; generators
    G1 = (1, 2) and G2 as listed in EIP-197.
  BLS12-381: x = -0xd201000000010000, p = (x - 1)^2 (x^4 - x^2 + 1)/3 + x,
    r = x^4 - x^2 + 1; xi = 1 + u; G2 on the M-type twist y^2 = x^3 + 4(1 + u);
    generators from draft-irtf-cfrg-pairing-friendly-curves (section 4.2.1, BLS12_381).
  Optimal ate loops: Vercauteren, "Optimal pairings", IEEE TIT 2010 (eprint 2008/096):
    BN: 6x + 2 plus two Frobenius lines; BLS12: x.
  Final exponentiation hard parts (exponents checked below as integer identities):
    BN254: Fuentes-Castaneda, Knapp, Rodriguez-Henriquez, "Faster hashing to G2" (SAC 2011),
      section 6: the multiple m·(p^4 - p^2 + 1)/r with m = 2x(6x^2 + 3x + 1), the convention
      of arkworks, gnark-crypto and @noble/curves.
    BLS12-381: Hayashida, Hayasaka, Teruya, eprint 2020/875: 3·(p^4 - p^2 + 1)/r, the
      convention of zkcrypto/bls12_381, blst and @noble/curves.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zka_params import BIG_FIELDS, limb_list, mont  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "params")


# ---- Fq2 = Fq[u]/(u^2 + 1), elements as (c0, c1) -------------------------------------------
def f2_mul(a, b, p):
    return ((a[0] * b[0] - a[1] * b[1]) % p, (a[0] * b[1] + a[1] * b[0]) % p)


def f2_add(a, b, p):
    return ((a[0] + b[0]) % p, (a[1] + b[1]) % p)


def f2_inv(a, p):
    n = pow(a[0] * a[0] + a[1] * a[1], p - 2, p)
    return (a[0] * n % p, -a[1] * n % p)


def f2_pow(a, e, p):
    r = (1, 0)
    for bit in bin(e)[2:]:
        r = f2_mul(r, r, p)
        if bit == "1":
            r = f2_mul(r, a, p)
    return r


# ---- affine points over Fq or Fq2, for the generator checks (None = infinity) ----------------
def pt_add(P, Q, F):
    mul, add, inv, sub, zero = F
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0]:
        if add(P[1], Q[1]) == zero:
            return None
        lam = mul(mul(P[0], P[0]), inv(add(P[1], P[1])))
        lam = add(add(lam, lam), lam)
    else:
        lam = mul(sub(Q[1], P[1]), inv(sub(Q[0], P[0])))
    x3 = sub(sub(mul(lam, lam), P[0]), Q[0])
    return (x3, sub(mul(lam, sub(P[0], x3)), P[1]))


def pt_mul(P, k, F):
    R = None
    for bit in bin(k)[2:]:
        R = pt_add(R, R, F)
        if bit == "1":
            R = pt_add(R, P, F)
    return R


def fq_ops(p):
    return (lambda a, b: a * b % p, lambda a, b: (a + b) % p, lambda a: pow(a, p - 2, p),
            lambda a, b: (a - b) % p, 0)


def fq2_ops(p):
    return (lambda a, b: f2_mul(a, b, p), lambda a, b: f2_add(a, b, p), lambda a: f2_inv(a, p),
            lambda a, b: ((a[0] - b[0]) % p, (a[1] - b[1]) % p), (0, 0))


def naf(k):
    """Non-adjacent form, least significant digit first."""
    d = []
    while k:
        if k & 1:
            z = 2 - (k % 4)
            k -= z
        else:
            z = 0
        d.append(z)
        k //= 2
    return d


def limbs_needed(v):
    return max(1, (v.bit_length() + 63) // 64)


class Writer:
    def __init__(self, name, p, n):
        self.N = "ZKA_%s_PAIRING" % name.upper()
        self.p, self.n = p, n
        self.lines = []

    def w(self, s=""):
        self.lines.append(s)

    def fq(self, macro, v, formula):
        self.w("/* %s (canonical 0x%x), Montgomery form; use as {%s_%s} */" % (formula, v, self.N, macro))
        self.w("#define %s_%s {%s}" % (self.N, macro, limb_list(mont(v, self.p, self.n), self.n)))

    def fq2(self, macro, v, formula):
        self.w("/* %s = 0x%x + 0x%x·u, Montgomery form; use as {%s_%s} */" % (formula, v[0], v[1], self.N, macro))
        self.w("#define %s_%s {{%s}}, {{%s}}" % (self.N, macro, limb_list(mont(v[0], self.p, self.n), self.n),
                                                 limb_list(mont(v[1], self.p, self.n), self.n)))

    def digits(self, macro, ds, formula):
        self.w("/* %s, most significant digit first (%d digits) */" % (formula, len(ds)))
        self.w("#define %s_%s_LEN %d" % (self.N, macro, len(ds)))
        self.w("#define %s_%s %s" % (self.N, macro, ", ".join(str(x) for x in ds)))

    def bigint(self, macro, v, formula):
        k = limbs_needed(v)
        self.w("/* %s (%d bits), little-endian 64-bit limbs */" % (formula, v.bit_length()))
        self.w("#define %s_%s_LIMBS %d" % (self.N, macro, k))
        self.w("#define %s_%s %s" % (self.N, macro, limb_list(v, k)))


def gen(name, x, xi_c, b, twist, g1, g2):
    p, n, _ = BIG_FIELDS[name + "_fq"]
    r = BIG_FIELDS[name + "_fr"][0]
    xi = (xi_c, 1)
    if twist == "D":
        assert p == 36 * x**4 + 36 * x**3 + 24 * x**2 + 6 * x + 1
        assert r == 36 * x**4 + 36 * x**3 + 18 * x**2 + 6 * x + 1
        bt = f2_mul((b, 0), f2_inv(xi, p), p)  # b' = b / xi
    else:
        assert p == (x - 1) ** 2 * (x**4 - x**2 + 1) // 3 + x
        assert r == x**4 - x**2 + 1
        bt = f2_mul((b, 0), xi, p)  # b' = b · xi
    assert p % 6 == 1 and p % 4 == 3
    # xi must be neither a square nor a cube in Fq2, so that w^6 - xi is irreducible.
    assert f2_pow(xi, (p * p - 1) // 2, p) != (1, 0)
    assert f2_pow(xi, (p * p - 1) // 3, p) != (1, 0)
    # Generators on their curves and of order r.
    assert (g1[1] ** 2 - g1[0] ** 3 - b) % p == 0
    assert f2_mul(g2[1], g2[1], p) == f2_add(f2_mul(f2_mul(g2[0], g2[0], p), g2[0], p), bt, p)
    assert pt_mul(g1, r, fq_ops(p)) is None
    assert pt_mul(g2, r, fq2_ops(p)) is None

    W = Writer(name, p, n)
    w = W.w
    N = W.N
    w("/* GENERATED by tools/gen_pairing_params.py — do not edit. */")
    w("/* %s optimal ate pairing constants (sources and formulas: the generator's docstring). */" % name)
    w("#ifndef %s_H" % N.replace("ZKA_", "ZKA_PARAMS_"))
    w("#define %s_H" % N.replace("ZKA_", "ZKA_PARAMS_"))
    w("/* curve parameter |x| = 0x%x; x %s 0 */" % (abs(x), "<" if x < 0 else ">"))
    w("#define %s_X_ABS ZKA_U64C(0x%016x)" % (N, abs(x)))
    w("#define %s_X_IS_NEGATIVE %d" % (N, 1 if x < 0 else 0))
    w("/* tower non-residue xi = %d + u (Fq6 = Fq2[v]/(v^3 - xi), Fq12 = Fq6[w]/(w^2 - v)) */" % xi_c)
    w("#define %s_XI_C0 %d" % (N, xi_c))
    w("/* sextic twist type: %s-type, E': y^2 = x^3 + b' with b' = %s */" % (twist, "b/xi" if twist == "D" else "b·xi"))
    w("#define %s_TWIST_D %d" % (N, 1 if twist == "D" else 0))
    W.fq2("TWIST_B3", ((3 * bt[0]) % p, (3 * bt[1]) % p), "3·b'")
    # When 3b' = k·xi for a small integer k (BLS12-381: 3·4·xi), the doubling step
    # multiplies by xi and adds instead of a full Fq2 product.
    k = 3 * b if twist == "M" else 0
    assert k == 0 or f2_mul((k, 0), xi, p) == ((3 * bt[0]) % p, (3 * bt[1]) % p)
    w("/* k with 3·b' = k·xi, or 0 when there is no such small k */")
    w("#define %s_TWIST_B3_XI_MULTIPLE %d" % (N, k))

    # Frobenius: (sum a_k w^k)^(p^j) = sum frob_j(a_k) · gamma_{j,k} · w^k with
    # gamma_{j,k} = xi^(k (p^j - 1)/6), since w^(p^j) = w · (w^6)^((p^j - 1)/6).
    for j in (1, 2, 3):
        for k in range(1, 6):
            g = f2_pow(xi, k * (p**j - 1) // 6, p)
            if j == 2:
                assert g[1] == 0  # in Fq since p = 1 mod 6
                W.fq("GAMMA2_%d" % k, g[0], "gamma_{2,%d} = xi^(%d·(p^2 - 1)/6) (in Fq)" % (k, k))
            else:
                W.fq2("GAMMA%d_%d" % (j, k), g, "gamma_{%d,%d} = xi^(%d·(p^%d - 1)/6)" % (j, k, k, j))

    if twist == "D":
        loop = naf(6 * x + 2)[::-1]
        assert sum(dg * (1 << i) for i, dg in enumerate(loop[::-1])) == 6 * x + 2
        W.digits("LOOP", loop, "Miller loop: NAF of 6x + 2 = 0x%x" % (6 * x + 2))
        xd = naf(x)[::-1]
        W.digits("X_NAF", xd, "NAF of x (final exponentiation's x-powers)")
        # Vercauteren's short vector (6x + 2, 1, -1, 1): 6x + 2 + p - p^2 + p^3 = 0 mod r; the
        # p^3 term's Miller function is 1, so two Frobenius lines close the loop.
        assert (6 * x + 2 + p - p * p + p**3) % r == 0
        m = 2 * x * (6 * x * x + 3 * x + 1)
        mult_formula = "2x(6x^2 + 3x + 1)"
        # The chain in pairing_template.h computes the exponent below; check it is m·d.
        e = ((12 * x**3 + 6 * x**2 + 4 * x - 1) * p**3 + (12 * x**3 + 6 * x**2 + 6 * x) * p**2
             + (12 * x**3 + 6 * x**2 + 4 * x) * p + (12 * x**3 + 12 * x**2 + 6 * x + 1))
    else:
        loop = [int(c) for c in bin(abs(x))[2:]]
        W.digits("LOOP", loop, "Miller loop: binary digits of |x|")
        m = 3
        mult_formula = "3"
        e = ((x + x * x * (x - 2)) * p**2 + (x * (x - 2) + 1) * p**3
             + (x**3 * (x - 2) + 2 * x - 1) * p + x**4 * (x - 2) + 2 * x * x - (x - 2) + 1)
    d = (p**4 - p**2 + 1) // r
    assert d * r == p**4 - p**2 + 1
    assert e == m * d and m % r != 0
    W.bigint("HARD_EXP", d, "d = (p^4 - p^2 + 1)/r, the hard part of (p^12 - 1)/r")
    W.bigint("FINAL_EXP_MULTIPLE", m, "m = %s: final_exp(f) = f^(m·(p^12 - 1)/r)" % mult_formula)

    W.fq("G1_X", g1[0], "G1 generator x")
    W.fq("G1_Y", g1[1], "G1 generator y")
    W.fq2("G2_X", g2[0], "G2 generator x")
    W.fq2("G2_Y", g2[1], "G2 generator y")
    w("#endif")
    path = os.path.join(OUT, name + "_pairing.h")
    with open(path, "w") as f:
        f.write("\n".join(W.lines) + "\n")
    print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    gen("bn254", 4965661367192848881, 9, 3, "D", (1, 2), (
        (10857046999023057135944570762232829481370756359578518086990519993285655852781,
         11559732032986387107991004021392285783925812861821192530917403151452391805634),
        (8495653923123431417604973247489272438418190587263600148770280649306958101930,
         4082367875863433681332203403145435568316851327593401208105741076214120093531)))
    gen("bls12_381", -0xd201000000010000, 1, 4, "M", (
        0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb,
        0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1), (
        (0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8,
         0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e),
        (0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801,
         0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be)))
