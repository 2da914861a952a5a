/* msm_kernel_body.h — the body of one HLS MSM top function, instantiated once per group by
 * msm_kernel.c (like core/curve/point_template.h).  Arguments, semantics and the scheduler's
 * contract: msm_kernel.h.
 *
 * Before including, define:
 *   ZKA_HM_NAME     the top function's name (zka_hls_msm_<group>)
 *   ZKA_HM_PA, ZKA_HM_PX   the group's affine and XYZZ point types
 *   ZKA_HM_PN(op)   the group's portable point functions (zka_<group>_##op##_ref)
 *   ZKA_HM_WORDS    zka_u64 words per coordinate
 *   ZKA_HM_GET_A, ZKA_HM_GET_X, ZKA_HM_PUT_X   point <-> words at a pointer (msm_kernel.c)
 * All are #undef'd at the end.
 *
 * Phases of one call:
 *   load      the 2^(c-1) buckets from `buckets` (or infinity with ZKA_HLS_MSM_CLEAR);
 *   accumulate  one cycle per loop iteration (PIPELINE II = 1): retire the addition started
 *             ZKA_HLS_MSM_PIPE_DEPTH cycles ago (write its bucket), then start at most one
 *             new addition: the FIFO head if its bucket is free, else the next input point
 *             if its bucket is free, else park that point in the FIFO (or, FIFO full, leave
 *             it for the next cycle).  Skipped inputs (digit 0, infinity) take a cycle.
 *   store     the buckets back to `buckets`.
 * The loop's trip bound: every cycle that neither starts an addition nor consumes an input
 * waits on an in-flight bucket, which retires within PIPE_DEPTH cycles; there are at most
 * 2·count such events (a point is consumed once and started once), so (2·count + 1)·
 * (PIPE_DEPTH + 1) cycles always drain the input, the FIFO and the pipeline.
 *
 * The modeled pipeline is a ring of PIPE_DEPTH slots indexed by cycle mod PIPE_DEPTH: the
 * slot a new addition takes is the one whose addition retires this cycle.  In synthesis the
 * adder's own pipeline registers carry the sums and the ring of bucket ids is the hazard
 * shift register (PIPE_DEPTH comparators, fully partitioned); in C simulation the ring holds
 * the sums too, so a scheduler that let two additions into one bucket would lose one and the
 * bench would see a wrong bucket.
 */

void ZKA_HM_NAME(zka_u64 *buckets, const zka_u64 *points, const zka_u32 *digits, zka_u32 count,
                 zka_u32 window_bits, zka_u32 flags) {
  /* One AXI master for the three buffers: buckets are touched only before and after the
   * accumulation, and points and digits are read in step. */
#pragma HLS INTERFACE m_axi port = buckets offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = points offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = digits offset = slave bundle = gmem
#pragma HLS INTERFACE s_axilite port = buckets bundle = control
#pragma HLS INTERFACE s_axilite port = points bundle = control
#pragma HLS INTERFACE s_axilite port = digits bundle = control
#pragma HLS INTERFACE s_axilite port = count bundle = control
#pragma HLS INTERFACE s_axilite port = window_bits bundle = control
#pragma HLS INTERFACE s_axilite port = flags bundle = control
#pragma HLS INTERFACE s_axilite port = return bundle = control

  /* The buckets: one read (at issue) and one write (at retirement) per cycle, to different
   * buckets by construction: a true dual-port RAM (UltraRAM for the larger groups). */
  ZKA_HLS_MSM_BUF_STORAGE ZKA_HM_PX bucket[ZKA_HLS_MSM_MAX_BUCKETS];
#pragma HLS BIND_STORAGE variable = bucket type = ram_t2p
  /* The in-flight additions (sum, bucket id, valid) and the parking FIFO. */
  ZKA_HLS_MSM_BUF_STORAGE ZKA_HM_PX pipe_sum[ZKA_HLS_MSM_PIPE_DEPTH];
  zka_u32 pipe_bucket[ZKA_HLS_MSM_PIPE_DEPTH];
  zka_u32 pipe_valid[ZKA_HLS_MSM_PIPE_DEPTH];
#pragma HLS ARRAY_PARTITION variable = pipe_bucket type = complete
#pragma HLS ARRAY_PARTITION variable = pipe_valid type = complete
  ZKA_HLS_MSM_BUF_STORAGE ZKA_HM_PA fifo_point[ZKA_HLS_MSM_FIFO_DEPTH];
  zka_u32 fifo_bucket[ZKA_HLS_MSM_FIFO_DEPTH];
#pragma HLS ARRAY_PARTITION variable = fifo_bucket type = complete

  if (count > ZKA_HLS_MSM_MAX_COUNT || window_bits < ZKA_HLS_MSM_MIN_WINDOW ||
      window_bits > ZKA_HLS_MSM_MAX_WINDOW)
    return;
  const zka_u32 nb = 1u << (window_bits - 1u);
  ZKA_HM_STAT(zka_hls_msm_stats_last.cycles = 0; zka_hls_msm_stats_last.issued = 0;
              zka_hls_msm_stats_last.parked = 0; zka_hls_msm_stats_last.bubbles = 0;
              zka_hls_msm_stats_last.max_fifo = 0; zka_hls_msm_stats_last.complete = 0;)

zka_hm_load:
  for (zka_u32 k = 0; k < nb; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 2048
#pragma HLS PIPELINE II = 1
    bucket[k] = (flags & ZKA_HLS_MSM_CLEAR)
                    ? ZKA_HM_PN(xyzz_infinity)()
                    : ZKA_HM_GET_X(buckets + (zka_u64)k * 4u * ZKA_HM_WORDS);
  }
zka_hm_pipe_init:
  for (zka_u32 s = 0; s < ZKA_HLS_MSM_PIPE_DEPTH; s++) {
#pragma HLS UNROLL
    pipe_valid[s] = 0;
    pipe_bucket[s] = 0;
  }

  zka_u32 next = 0;      /* the next input point */
  zka_u32 slot = 0;      /* cycle mod PIPE_DEPTH */
  zka_u32 in_flight = 0; /* valid pipeline slots */
  zka_u32 fifo_head = 0, fifo_size = 0;
  const zka_u32 max_cycles = (2u * count + 1u) * (ZKA_HLS_MSM_PIPE_DEPTH + 1u);
zka_hm_accumulate:
  for (zka_u32 cycle = 0; cycle < max_cycles; cycle++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 69206049
#pragma HLS PIPELINE II = 1
#pragma HLS DEPENDENCE variable = bucket type = inter dependent = false
    /* retire: the addition started PIPE_DEPTH cycles ago writes its bucket */
    if (pipe_valid[slot]) {
      bucket[pipe_bucket[slot]] = pipe_sum[slot];
      pipe_valid[slot] = 0;
      in_flight--;
    }
    if (next >= count && fifo_size == 0 && in_flight == 0) {
      ZKA_HM_STAT(zka_hls_msm_stats_last.complete = 1;)
      break;
    }
    ZKA_HM_STAT(zka_hls_msm_stats_last.cycles++;)

    /* issue: the FIFO head first, then the input stream */
    zka_u32 issue = 0, issue_bucket = 0;
    ZKA_HM_PA issue_point = ZKA_HM_PN(affine_infinity)();
    if (fifo_size) {
      const zka_u32 b = fifo_bucket[fifo_head];
      zka_u32 busy = 0;
    zka_hm_hazard_fifo:
      for (zka_u32 s = 0; s < ZKA_HLS_MSM_PIPE_DEPTH; s++) {
#pragma HLS UNROLL
        busy |= pipe_valid[s] & (zka_u32)(pipe_bucket[s] == b);
      }
      if (!busy) {
        issue = 1;
        issue_bucket = b;
        issue_point = fifo_point[fifo_head];
        fifo_head = fifo_head + 1u == ZKA_HLS_MSM_FIFO_DEPTH ? 0u : fifo_head + 1u;
        fifo_size--;
      }
    }
    if (!issue && next < count) {
      const zka_u32 du = digits[next];
      /* |d| from the two's complement word, without a signed overflow at INT32_MIN */
      const zka_u32 negative = du >> 31;
      const zka_u32 mag = negative ? 0u - du : du;
      ZKA_HM_PA p = ZKA_HM_GET_A(points + (zka_u64)next * 2u * ZKA_HM_WORDS);
      if (mag == 0 || mag > nb || ZKA_HM_PN(affine_is_infinity)(p)) {
        next++; /* nothing to add (mag > nb: outside the contract, dropped) */
      } else {
        const zka_u32 b = mag - 1u;
        if (negative) p = ZKA_HM_PN(affine_neg)(p);
        zka_u32 busy = 0;
      zka_hm_hazard_stream:
        for (zka_u32 s = 0; s < ZKA_HLS_MSM_PIPE_DEPTH; s++) {
#pragma HLS UNROLL
          busy |= pipe_valid[s] & (zka_u32)(pipe_bucket[s] == b);
        }
        if (!busy) {
          issue = 1;
          issue_bucket = b;
          issue_point = p;
          next++;
        } else if (fifo_size < ZKA_HLS_MSM_FIFO_DEPTH) {
          /* park it: its bucket is in the pipeline (a read now would miss that sum) */
          zka_u32 tail = fifo_head + fifo_size;
          if (tail >= ZKA_HLS_MSM_FIFO_DEPTH) tail -= ZKA_HLS_MSM_FIFO_DEPTH;
          fifo_point[tail] = p;
          fifo_bucket[tail] = b;
          fifo_size++;
          next++;
          ZKA_HM_STAT(zka_hls_msm_stats_last.parked++;
                      if (fifo_size > zka_hls_msm_stats_last.max_fifo)
                          zka_hls_msm_stats_last.max_fifo = fifo_size;)
        }
        /* else: FIFO full and the bucket busy: the point waits for the next cycle */
      }
    }

    if (issue) {
      /* stage 0 reads the bucket; the sum lands PIPE_DEPTH cycles later */
      pipe_sum[slot] = ZKA_HM_PN(xyzz_add_mixed)(bucket[issue_bucket], issue_point);
      pipe_bucket[slot] = issue_bucket;
      pipe_valid[slot] = 1;
      in_flight++;
      ZKA_HM_STAT(zka_hls_msm_stats_last.issued++;)
    } else {
      ZKA_HM_STAT(zka_hls_msm_stats_last.bubbles++;)
    }
    slot = slot + 1u == ZKA_HLS_MSM_PIPE_DEPTH ? 0u : slot + 1u;
  }

zka_hm_store:
  for (zka_u32 k = 0; k < nb; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 2048
#pragma HLS PIPELINE II = 1
    ZKA_HM_PUT_X(buckets + (zka_u64)k * 4u * ZKA_HM_WORDS, bucket[k]);
  }
}

#undef ZKA_HM_NAME
#undef ZKA_HM_PA
#undef ZKA_HM_PX
#undef ZKA_HM_PN
#undef ZKA_HM_WORDS
#undef ZKA_HM_GET_A
#undef ZKA_HM_GET_X
#undef ZKA_HM_PUT_X
