#!/usr/bin/env python3
"""Generate core/params/babybear.h and core/params/goldilocks.h: the small STARK fields.

Usage: python3 tools/gen_small_field_params.py   (writes core/params/, prints what it wrote)
Pure Python, no dependencies.  Every constant is written with its formula; the files are
marked generated.  Before writing, every fact the C code relies on is checked here:

  * p is prime (deterministic Miller-Rabin, valid below 3.3e24);
  * p - 1 = 2^s * q with q odd, and the full factorization of p - 1;
  * the multiplicative generator g generates F_p^*: g^((p-1)/r) != 1 for each prime r | p-1;
  * the 2-adic root of unity g^q (which equals Plonky3's TWO_ADIC_GENERATOR) has order
    exactly 2^s;
  * X^k - W is irreducible over F_p, proved two ways: Lidl & Niederreiter, "Finite Fields",
    Theorem 3.75 (X^t - a is irreducible iff every prime r | t divides ord(a) but not
    (p-1)/ord(a), and p = 1 mod 4 when 4 | t), and Rabin's test ("Probabilistic algorithms
    in finite fields", 1980: f of degree k is irreducible iff X^(p^k) = X mod f and
    gcd(X^(p^(k/r)) - X, f) = 1 for each prime r | k), by polynomial arithmetic mod f.

Sources of the choices (all as Plonky3 makes them, so NTT and FRI outputs match it):
  BabyBear    p = 15 * 2^27 + 1 = 0x78000001 (Plonky3 crate baby-bear), Montgomery form with
              R = 2^32 (monty-31: MONTY_BITS = 32, MONTY_MU = p^-1 mod 2^32), generator 31,
              TWO_ADIC_GENERATORS[27] = 0x1a427a41; degree-4 extension
              BinomialExtensionField<BabyBear, 4> = F[X]/(X^4 - 11).
  Goldilocks  p = 2^64 - 2^32 + 1 (Plonky3 crate goldilocks; Plonky2), canonical form,
              generator 7, TWO_ADIC_GENERATOR = 1753635133440165772; degree-2 extension
              BinomialExtensionField<Goldilocks, 2> = F[X]/(X^2 - 7).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zka_params import two_adicity  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "params")

SMALL_FIELDS = {
    # name: (p, word bits, Montgomery?, generator, Plonky3 2-adic generator, ext name, k, W)
    "babybear": (15 * 2**27 + 1, 32, True, 31, 0x1A427A41, "babybear4", 4, 11),
    "goldilocks": (2**64 - 2**32 + 1, 64, False, 7, 1753635133440165772, "goldilocks2", 2, 7),
}


def is_prime(n):
    if n < 2:
        return False
    bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41]
    for b in bases:
        if n % b == 0:
            return n == b
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def factor(n):
    """Prime factors of n (trial division; p - 1 here is smooth)."""
    fs, d = [], 2
    while d * d <= n:
        if n % d == 0:
            fs.append(d)
            while n % d == 0:
                n //= d
        d += 1
    if n > 1:
        fs.append(n)
    return fs


def order(a, p, prime_factors):
    e = p - 1
    for r in prime_factors:
        while e % r == 0 and pow(a, e // r, p) == 1:
            e //= r
    return e


# --- polynomials over F_p as coefficient lists, lowest degree first -------------------
def ptrim(a):
    while a and a[-1] == 0:
        a = a[:-1]
    return a


def pmod(a, f, p):
    a, f = ptrim(list(a)), ptrim(f)
    inv_lead = pow(f[-1], -1, p)
    while len(a) >= len(f):
        c = a[-1] * inv_lead % p
        shift = len(a) - len(f)
        for i, fc in enumerate(f):
            a[shift + i] = (a[shift + i] - c * fc) % p
        a = ptrim(a)
    return a


def pmulmod(a, b, f, p):
    r = [0] * (len(a) + len(b))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            r[i + j] = (r[i + j] + x * y) % p
    return pmod(r, f, p)


def ppowmod(a, e, f, p):
    r, b = [1], pmod(a, f, p)
    while e:
        if e & 1:
            r = pmulmod(r, b, f, p)
        b = pmulmod(b, b, f, p)
        e >>= 1
    return r


def pgcd(a, b, p):
    a, b = ptrim(a), ptrim(b)
    while b:
        a, b = b, pmod(a, b, p)
    return a


def psub(a, b, p):
    n = max(len(a), len(b))
    a, b = a + [0] * (n - len(a)), b + [0] * (n - len(b))
    return ptrim([(x - y) % p for x, y in zip(a, b)])


def rabin_irreducible(f, p):
    k = len(f) - 1
    x = [0, 1]
    if ptrim(psub(ppowmod(x, p**k, f, p), x, p)):
        return False
    for r in factor(k):
        g = pgcd(f, psub(ppowmod(x, p ** (k // r), f, p), x, p), p)
        if len(g) != 1:  # a non-constant common factor
            return False
    return True


def binomial_irreducible_lidl(k, w, p, pf):
    """Lidl & Niederreiter Theorem 3.75 for X^k - w, k >= 2."""
    e = order(w, p, pf)
    for r in factor(k):
        if e % r != 0 or ((p - 1) // e) % r == 0:
            return False
    if k % 4 == 0 and p % 4 != 1:
        return False
    return True


def hex_word(x, bits):
    return ("0x%08xu" % x) if bits == 32 else ("ZKA_U64C(0x%016x)" % x)


def gen(name, p, bits, montgomery, g, plonky3_root, ext, k, w_int):
    N, E = name.upper(), ext.upper()
    assert is_prime(p) and p < 1 << bits
    s, q = two_adicity(p)
    pf = factor(p - 1)
    assert pf[0] == 2
    # g generates F_p^*
    for r in pf:
        assert pow(g, (p - 1) // r, p) != 1, "%s: %d is not a generator (r = %d)" % (name, g, r)
    # the 2-adic root: g^q, exact order 2^s, and the value Plonky3 uses
    root = pow(g, q, p)
    assert root == plonky3_root, "%s: g^q differs from Plonky3's two-adic generator" % name
    assert pow(root, 1 << s, p) == 1 and pow(root, 1 << (s - 1), p) == p - 1
    # X^k - W irreducible, two independent proofs
    f = [(-w_int) % p] + [0] * (k - 1) + [1]
    assert binomial_irreducible_lidl(k, w_int, p, pf), "%s: X^%d - %d reducible" % (ext, k, w_int)
    assert rabin_irreducible(f, p), "%s: Rabin test says X^%d - %d is reducible" % (ext, k, w_int)
    assert (p - 1) % k == 0  # so X^p = X * W^((p-1)/k): the Frobenius is diagonal
    frob = [pow(w_int, i * (p - 1) // k, p) for i in range(k)]
    assert frob[0] == 1 and pow(frob[1], k, p) == 1 and all(pow(frob[1], j, p) != 1 for j in range(1, k))

    R = (1 << bits) % p
    if montgomery:
        def enc(x):
            return (x << bits) % p
        form = "Montgomery form x*2^%d mod p" % bits
    else:
        def enc(x):
            return x % p
        form = "canonical form"

    def word(x):
        return hex_word(x, bits)

    lines = []
    out = lines.append
    out("/* GENERATED by tools/gen_small_field_params.py — do not edit. */")
    out("/* %s: p = 0x%x (%d bits), one %d-bit word, %s; p - 1 = 2^%d * %d,"
        % (name, p, p.bit_length(), bits, form, s, q))
    out(" * prime factors of p - 1: %s. */" % ", ".join(str(r) for r in pf))
    out("#ifndef ZKA_PARAMS_%s_H" % N)
    out("#define ZKA_PARAMS_%s_H" % N)
    out("#define ZKA_%s_BITS %d" % (N, p.bit_length()))
    out("/* p */")
    out("#define ZKA_%s_P %s" % (N, word(p)))
    if montgomery:
        mu = pow(p, -1, 1 << bits)
        out("/* MU = p^-1 mod 2^%d (Plonky3 monty-31 MONTY_MU; the reduction subtracts (x*MU mod 2^%d)*p) */"
            % (bits, bits))
        out("#define ZKA_%s_MU %s" % (N, word(mu)))
        out("/* R = 2^%d mod p (one in Montgomery form) */" % bits)
        out("#define ZKA_%s_ONE %s" % (N, word(R)))
        out("/* R^2 mod p (to_mont(x) = mont_mul(x, R^2)) */")
        out("#define ZKA_%s_R2 %s" % (N, word(R * R % p)))
        out("/* R^3 mod p (mont_mul(h, R^3) = h*2^%d*R mod p: the high word of a %d-bit input) */" % (bits, 2 * bits))
        out("#define ZKA_%s_R3 %s" % (N, word(R * R * R % p)))
    else:
        eps = (1 << bits) - p
        assert eps == 2**32 - 1 and (1 << 96) % p == p - 1
        out("/* EPSILON = 2^64 - p = 2^32 - 1 = 2^64 mod p; and 2^96 = -1 mod p */")
        out("#define ZKA_%s_EPSILON %s" % (N, word(eps)))
        out("/* one (canonical form) */")
        out("#define ZKA_%s_ONE %s" % (N, word(1)))
    out("/* p - 2 (Fermat inverse exponent) */")
    out("#define ZKA_%s_P_MINUS_2 %s" % (N, word(p - 2)))
    out("/* (p - 1) / 2 (Euler criterion exponent) */")
    out("#define ZKA_%s_P_MINUS_1_HALF %s" % (N, word((p - 1) // 2)))
    out("/* two-adicity s: p - 1 = 2^s * q, q odd */")
    out("#define ZKA_%s_TWO_ADICITY %d" % (N, s))
    out("/* (q - 1) / 2 (Tonelli-Shanks exponent) */")
    out("#define ZKA_%s_Q_MINUS_1_HALF %s" % (N, word((q - 1) // 2)))
    out("/* multiplicative generator g = %d (Plonky3), %s */" % (g, form))
    out("#define ZKA_%s_GENERATOR %s" % (N, word(enc(g))))
    out("#define ZKA_%s_GENERATOR_INT %d" % (N, g))
    out("/* primitive 2^s-th root of unity g^q = 0x%x (Plonky3's TWO_ADIC_GENERATOR), %s */" % (root, form))
    out("#define ZKA_%s_ROOT_OF_UNITY %s" % (N, word(enc(root))))
    out("/* %s = F_p[X]/(X^%d - W), W = %d (Plonky3 BinomialExtensionField<_, %d>); */" % (ext, k, w_int, k))
    out("/* irreducible: Lidl-Niederreiter Thm 3.75 and Rabin's test, checked by the generator */")
    out("#define ZKA_%s_DEGREE %d" % (E, k))
    out("#define ZKA_%s_W_INT %d" % (E, w_int))
    out("/* W, %s */" % form)
    out("#define ZKA_%s_W %s" % (E, word(enc(w_int))))
    out("/* Frobenius: X^p = X * W^((p-1)/%d), so (sum c_i X^i)^p = sum c_i * FROB_i * X^i with */" % k)
    out("/* FROB_i = W^(i(p-1)/%d), a primitive %d-th root of unity to the power i (%s) */" % (k, k, form))
    for i in range(1, k):
        out("#define ZKA_%s_FROB_%d %s /* canonical 0x%x */" % (E, i, word(enc(frob[i])), frob[i]))
    out("#endif")
    path = os.path.join(OUT, name + ".h")
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("wrote", os.path.relpath(path), "(p-1 factors %s, X^%d - %d irreducible)" % (pf, k, w_int))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, args in SMALL_FIELDS.items():
        gen(name, *args)
