/* ntt_kernel_body.h — the body of one HLS NTT top function, instantiated once per field by
 * ntt_kernel.c (like core/field/mont_template.h).  Arguments and semantics: ntt_kernel.h.
 *
 * Before including, define:
 *   ZKA_HN_NAME    the top function's name (zka_hls_ntt_<field>)
 *   ZKA_HN_F       the element type (zka_bn254_fr, ...)
 *   ZKA_HN_WORD    the memory word type (zka_u64 or zka_u32)
 *   ZKA_HN_WORDS   words per element
 *   ZKA_HN_OP(op)  the portable by-value field operation (zka_bn254_fr_##op##_ref)
 *   ZKA_HN_GET, ZKA_HN_PUT   element <-> words at a pointer (defined in ntt_kernel.c)
 * All are #undef'd at the end.
 *
 * Algorithm (one transform; every pass runs on the on-chip buffer `buf`):
 *   load     read the n input elements in order (a burst from DDR) and store element i at
 *            bitrev(i) for a natural-order input, at i for a bit-reversed one: either way
 *            coefficient j lands at bitrev(j), the input a decimation-in-time radix-2
 *            transform wants;
 *   coset    forward only: coefficient j *= s^j (running product, in natural j);
 *   stages   log_n radix-2 Cooley-Tukey DIT stages, twiddle w^(j * n/m) for butterfly j of a
 *            block of m = 2^s, from the on-chip twiddle table; natural-order result;
 *   scale    inverse only: output k *= n^-1 * s^-k (running product, natural k);
 *   store    write element i from buf[i] (natural output) or buf[bitrev(i)] (bit-reversed
 *            output), in order (a burst to DDR).
 * Every field operation returns fully reduced values, so outputs are fully reduced.
 */

void ZKA_HN_NAME(ZKA_HN_WORD *data, const ZKA_HN_WORD *tw, zka_u32 log_n, zka_u32 batch,
                 zka_u32 direction, zka_u32 input_order, zka_u32 output_order, zka_u32 coset) {
  /* One AXI master for both buffers: they are never accessed at the same time (the twiddles
   * are loaded once per call), and one port keeps the link to a single DDR bank simple. */
#pragma HLS INTERFACE m_axi port = data offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = tw offset = slave bundle = gmem
#pragma HLS INTERFACE s_axilite port = data bundle = control
#pragma HLS INTERFACE s_axilite port = tw bundle = control
#pragma HLS INTERFACE s_axilite port = log_n bundle = control
#pragma HLS INTERFACE s_axilite port = batch bundle = control
#pragma HLS INTERFACE s_axilite port = direction bundle = control
#pragma HLS INTERFACE s_axilite port = input_order bundle = control
#pragma HLS INTERFACE s_axilite port = output_order bundle = control
#pragma HLS INTERFACE s_axilite port = coset bundle = control
#pragma HLS INTERFACE s_axilite port = return bundle = control

  /* On-chip memories.  A butterfly reads and writes two elements whose indices differ by
   * half a block, which no cyclic/block partition separates for every stage, so buf is one
   * true dual-port RAM and the butterfly loop runs at II = 2 (two reads, then two writes). */
  ZKA_HLS_NTT_BUF_STORAGE ZKA_HN_F buf[ZKA_HLS_NTT_MAX_N];
  ZKA_HLS_NTT_BUF_STORAGE ZKA_HN_F twl[ZKA_HLS_NTT_MAX_N / 2];
#pragma HLS BIND_STORAGE variable = buf type = ram_t2p
#pragma HLS BIND_STORAGE variable = twl type = ram_1p

  if (log_n < 1 || log_n > ZKA_HLS_NTT_MAX_LOG_N || batch > ZKA_HLS_NTT_MAX_BATCH) return;
  const zka_u32 n = (zka_u32)1 << log_n;
  const ZKA_HN_F scale = ZKA_HN_GET(tw);
  const ZKA_HN_F shift = ZKA_HN_GET(tw + ZKA_HN_WORDS);

zka_hn_twiddles:
  for (zka_u32 k = 0; k < n / 2; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 8192
#pragma HLS PIPELINE II = 1
    twl[k] = ZKA_HN_GET(tw + (2 + k) * ZKA_HN_WORDS);
  }

zka_hn_batch:
  for (zka_u32 b = 0; b < batch; b++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 64
    ZKA_HN_WORD *row = data + b * n * ZKA_HN_WORDS;

  zka_hn_load:
    for (zka_u32 i = 0; i < n; i++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 16384
#pragma HLS PIPELINE II = 1
      const zka_u32 pos = input_order ? i : zka_hls_ntt_bitrev(i, log_n);
      buf[pos] = ZKA_HN_GET(row + i * ZKA_HN_WORDS);
    }

    if (direction == 0 && coset) {
      ZKA_HN_F p = ZKA_HN_OP(one)();
    zka_hn_coset:
      for (zka_u32 j = 0; j < n; j++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 16384
#pragma HLS PIPELINE
        const zka_u32 pos = zka_hls_ntt_bitrev(j, log_n);
        buf[pos] = ZKA_HN_OP(mul)(buf[pos], p);
        p = ZKA_HN_OP(mul)(p, shift);
      }
    }

  zka_hn_stages:
    for (zka_u32 s = 1; s <= log_n; s++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 14
      const zka_u32 half = (zka_u32)1 << (s - 1);
    zka_hn_butterflies:
      for (zka_u32 k = 0; k < n / 2; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 8192
#pragma HLS PIPELINE II = 2
        /* Butterflies of one stage touch disjoint pairs. */
#pragma HLS DEPENDENCE variable = buf type = inter dependent = false
        const zka_u32 j = k & (half - 1);
        const zka_u32 i0 = ((k >> (s - 1)) << s) | j;
        const zka_u32 i1 = i0 + half;
        const ZKA_HN_F w = twl[j << (log_n - s)];
        const ZKA_HN_F u = buf[i0];
        const ZKA_HN_F t = ZKA_HN_OP(mul)(buf[i1], w);
        buf[i0] = ZKA_HN_OP(add)(u, t);
        buf[i1] = ZKA_HN_OP(sub)(u, t);
      }
    }

    if (direction != 0) {
      ZKA_HN_F f = scale;
    zka_hn_scale:
      for (zka_u32 k = 0; k < n; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 16384
#pragma HLS PIPELINE
        buf[k] = ZKA_HN_OP(mul)(buf[k], f);
        if (coset) f = ZKA_HN_OP(mul)(f, shift);
      }
    }

  zka_hn_store:
    for (zka_u32 i = 0; i < n; i++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 16384
#pragma HLS PIPELINE II = 1
      const zka_u32 pos = output_order ? zka_hls_ntt_bitrev(i, log_n) : i;
      ZKA_HN_PUT(row + i * ZKA_HN_WORDS, buf[pos]);
    }
  }
}

#undef ZKA_HN_NAME
#undef ZKA_HN_F
#undef ZKA_HN_WORD
#undef ZKA_HN_WORDS
#undef ZKA_HN_OP
#undef ZKA_HN_GET
#undef ZKA_HN_PUT
