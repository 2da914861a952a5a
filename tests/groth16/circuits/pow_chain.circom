pragma circom 2.0.0;

// pow_chain.circom: x[i+1] = (x[i] + i + k)^5, N rounds of three constraints each. It
// uses no library constants, so it is a fair circuit over any prime: the end-to-end test
// compiles it for bls12381 (circom -p bls12381). PARAMS in make_fixture.sh replaces N.
template PowChain(N) {
    signal input x0;  // private
    signal input k;   // public
    signal output out;

    signal x[N + 1];
    signal t[N];
    signal sq[N];
    signal q[N];
    x[0] <== x0;
    for (var i = 0; i < N; i++) {
        t[i] <== x[i] + i + k;
        sq[i] <== t[i] * t[i];
        q[i] <== sq[i] * sq[i];
        x[i + 1] <== q[i] * t[i];
    }
    out <== x[N];
}

component main {public [k]} = PowChain(8);
