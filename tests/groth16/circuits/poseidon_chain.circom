pragma circom 2.0.0;

// poseidon_chain.circom: N circomlib Poseidon(2) hashes in a row (about 240 constraints
// each), acc[i+1] = Poseidon(acc[i], seed[1] + i * step). The size knob for the end-to-end
// test and the benchmark: make_fixture.sh's PARAMS replaces N in the main line below.
// Include path: circomlib's package (make_fixture.sh passes -l WORK/node_modules).
include "circomlib/circuits/poseidon.circom";

template PoseidonChain(N) {
    signal input seed[2];  // private
    signal input step;     // public
    signal output out;

    component h[N];
    signal acc[N + 1];
    acc[0] <== seed[0];
    for (var i = 0; i < N; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== acc[i];
        h[i].inputs[1] <== seed[1] + i * step;
        acc[i + 1] <== h[i].out;
    }
    out <== acc[N];
}

component main {public [step]} = PoseidonChain(4);
