/* poseidon2_kernel_body.h — the body of one HLS Poseidon2 top function, instantiated once per
 * instance by poseidon2_kernel.c (like ntt_kernel_body.h).  Arguments and semantics:
 * poseidon2_kernel.h.
 *
 * Before including, define:
 *   ZKA_HP_NAME        the top function's name (zka_hls_poseidon2_<instance>)
 *   ZKA_HP_F           the element type (zka_babybear, zka_goldilocks)
 *   ZKA_HP_WORD        the memory word type (zka_u32, zka_u64): one element per word
 *   ZKA_HP_WIDTH       the permutation's width t
 *   ZKA_HP_RATE        elements absorbed per permutation by the sponge (t - capacity)
 *   ZKA_HP_DIGEST      digest elements
 *   ZKA_HP_ABSORB_MAX  max(RATE, 2 * DIGEST): the widest chunk (sponge or compress)
 *   ZKA_HP_PERMUTE     the portable permutation, in place (core/hash/poseidon2.h)
 *   ZKA_HP_ZERO        the zero element (expression)
 *   ZKA_HP_GET(w)      element from a memory word; ZKA_HP_PUT(e): memory word of an element
 * All are #undef'd at the end.
 *
 * One sponge and one compression, as one loop: compression is a sponge over the 2 * digest
 * elements (left, right) with a single chunk that overwrites state[0 .. 2 * digest), so
 *   absorb = RATE, n = len            (sponge)
 *   absorb = 2 * DIGEST, n = 2*DIGEST (compress)
 * and message i's chunk c = elements [c * absorb, min(n, (c + 1) * absorb)) overwrite
 * state[0 .. size) before the permutation; the digest is state[0 .. DIGEST).  A message of
 * 0 elements has 0 chunks: its digest is the zero state's first elements (hash.h).
 *
 * Schedule (the messages of one call are independent, a message's chunks are not):
 *   clear     state[i] = 0 for every message;
 *   chunk c = 0 .. chunks - 1:
 *     load    chunk c of every message into `chunk` (one element per cycle: a burst of `size`
 *             consecutive words per message);
 *     permute one message per cycle (PIPELINE II = 1): its state with the chunk overwriting
 *             the first lanes, through the whole permutation.  The permutation's loops
 *             (rounds, lanes, M4 blocks) sit inside the pipelined loop, so HLS unrolls them
 *             all into one datapath of R_F full and R_P partial rounds; the state is
 *             partitioned into registers (ARRAY_PARTITION complete), so all lanes of a round
 *             run side by side;
 *   store     the digests, one element per cycle (a burst).
 * `state` and `chunk` are partitioned by lane (dim 2), so the permute loop reads and writes
 * a message's whole state in one cycle; messages are addressed by the row (dim 1).
 * Every field operation returns fully reduced values, so digests are fully reduced.
 */

void ZKA_HP_NAME(ZKA_HP_WORD *digests, const ZKA_HP_WORD *msgs, zka_u32 count, zka_u32 len,
                 zka_u32 mode) {
  /* One AXI master for both buffers, as the NTT kernels: reads and writes never overlap in
   * time (loads between permutations, stores at the end), and one port keeps the link to a
   * single memory bank simple.  max_widen_bitwidth lets HLS widen the bursts of the load
   * and store loops (consecutive words) to 512-bit beats. */
#pragma HLS INTERFACE m_axi port = digests offset = slave bundle = gmem max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = msgs offset = slave bundle = gmem max_widen_bitwidth = 512
#pragma HLS INTERFACE s_axilite port = digests bundle = control
#pragma HLS INTERFACE s_axilite port = msgs bundle = control
#pragma HLS INTERFACE s_axilite port = count bundle = control
#pragma HLS INTERFACE s_axilite port = len bundle = control
#pragma HLS INTERFACE s_axilite port = mode bundle = control
#pragma HLS INTERFACE s_axilite port = return bundle = control

  ZKA_HLS_POSEIDON2_BUF_STORAGE ZKA_HP_F state[ZKA_HLS_POSEIDON2_MAX_BATCH][ZKA_HP_WIDTH];
  ZKA_HLS_POSEIDON2_BUF_STORAGE ZKA_HP_F chunk[ZKA_HLS_POSEIDON2_MAX_BATCH][ZKA_HP_ABSORB_MAX];
#pragma HLS ARRAY_PARTITION variable = state complete dim = 2
#pragma HLS ARRAY_PARTITION variable = chunk complete dim = 2

  if (count == 0 || count > ZKA_HLS_POSEIDON2_MAX_BATCH || mode > ZKA_HLS_POSEIDON2_COMPRESS)
    return;
  const zka_u32 absorb = mode ? 2u * ZKA_HP_DIGEST : (zka_u32)ZKA_HP_RATE;
  const zka_u32 n = mode ? 2u * ZKA_HP_DIGEST : len;
  /* ceil(n / absorb) without n + absorb - 1, which wraps for n near 2^32 */
  const zka_u32 chunks = n / absorb + (n % absorb != 0 ? 1u : 0u);

zka_hp_clear:
  for (zka_u32 i = 0; i < count; i++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 512
#pragma HLS PIPELINE II = 1
  zka_hp_clear_lanes:
    for (int w = 0; w < ZKA_HP_WIDTH; w++) {
#pragma HLS UNROLL
      state[i][w] = ZKA_HP_ZERO;
    }
  }

zka_hp_chunks:
  for (zka_u32 c = 0; c < chunks; c++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 16
    const zka_u32 first = c * absorb; /* < n: no wrap */
    const zka_u32 size = n - first < absorb ? n - first : absorb;
    const zka_u64 words = (zka_u64)count * size;

    /* Flattened (message, lane) loop with running indices: no division or multiplication
     * per element.  row = i * n + first, the word offset of message i's chunk. */
    zka_u64 row = first;
    zka_u32 i = 0, j = 0;
  zka_hp_load:
    for (zka_u64 k = 0; k < words; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 8192
#pragma HLS PIPELINE II = 1
      chunk[i][j] = ZKA_HP_GET(msgs[row + j]);
      if (++j == size) {
        j = 0;
        i++;
        row += n;
      }
    }

  zka_hp_permute:
    for (zka_u32 m = 0; m < count; m++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 512
#pragma HLS PIPELINE II = 1
      /* Each message's state is its own row: permutations of different messages do not
       * depend on each other. */
#pragma HLS DEPENDENCE variable = state type = inter dependent = false
      ZKA_HP_F st[ZKA_HP_WIDTH];
#pragma HLS ARRAY_PARTITION variable = st complete
    zka_hp_absorb:
      for (int w = 0; w < ZKA_HP_WIDTH; w++) {
#pragma HLS UNROLL
        st[w] = state[m][w];
      }
    zka_hp_overwrite:
      for (int w = 0; w < ZKA_HP_ABSORB_MAX; w++) {
#pragma HLS UNROLL
        if ((zka_u32)w < size) st[w] = chunk[m][w];
      }
      ZKA_HP_PERMUTE(st);
    zka_hp_keep:
      for (int w = 0; w < ZKA_HP_WIDTH; w++) {
#pragma HLS UNROLL
        state[m][w] = st[w];
      }
    }
  }

  zka_u32 i = 0, j = 0;
  const zka_u32 words = count * (zka_u32)ZKA_HP_DIGEST; /* <= 512 * 8 */
zka_hp_store:
  for (zka_u32 k = 0; k < words; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 4 max = 4096
#pragma HLS PIPELINE II = 1
    digests[k] = ZKA_HP_PUT(state[i][j]);
    if (++j == (zka_u32)ZKA_HP_DIGEST) {
      j = 0;
      i++;
    }
  }
}

#undef ZKA_HP_NAME
#undef ZKA_HP_F
#undef ZKA_HP_WORD
#undef ZKA_HP_WIDTH
#undef ZKA_HP_RATE
#undef ZKA_HP_DIGEST
#undef ZKA_HP_ABSORB_MAX
#undef ZKA_HP_PERMUTE
#undef ZKA_HP_ZERO
#undef ZKA_HP_GET
#undef ZKA_HP_PUT
