pragma circom 2.0.0;

// tiny.circom: the bundled Groth16 fixture (tests/data/groth16/{bn128,bls12381}/).
// Three constraints and two public signals (the output c, then the public input k), so
// the zkey is a few kilobytes. It uses no library template, so it compiles unchanged for
// bn128 and for bls12381 (circom -p bls12381).
template Tiny() {
    signal input a;   // private
    signal input b;   // private
    signal input k;   // public
    signal output c;

    signal ab;
    signal abk;
    ab <== a * b;
    abk <== ab * k;
    c <== abk * a + b;
}

component main {public [k]} = Tiny();
