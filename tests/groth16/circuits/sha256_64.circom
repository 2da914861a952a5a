pragma circom 2.0.0;

// sha256_64.circom: SHA-256 of a 64-byte private message with circomlib's Sha256 (two
// compression blocks after padding, about 60k constraints). The digest is made public as
// two 128-bit numbers (big-endian halves) to keep nPublic small.
include "circomlib/circuits/sha256/sha256.circom";
include "circomlib/circuits/bitify.circom";

template Sha256Bytes64() {
    signal input msg[64];   // private bytes
    signal output hi;       // digest bits 0..127 as a big-endian number
    signal output lo;       // digest bits 128..255

    component bytes[64];
    component sha = Sha256(512);
    for (var i = 0; i < 64; i++) {
        bytes[i] = Num2Bits(8);
        bytes[i].in <== msg[i];
        for (var j = 0; j < 8; j++) {
            // circomlib's Sha256 takes the message bits most significant first
            sha.in[i * 8 + j] <== bytes[i].out[7 - j];
        }
    }
    component h = Bits2Num(128);
    component l = Bits2Num(128);
    for (var i = 0; i < 128; i++) {
        h.in[i] <== sha.out[127 - i];
        l.in[i] <== sha.out[255 - i];
    }
    hi <== h.out;
    lo <== l.out;
}

component main = Sha256Bytes64();
