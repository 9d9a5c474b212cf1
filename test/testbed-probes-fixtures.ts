/**
 * Probes of reference-testbed runs (bytes/s: the host's measured upload and
 * each member's), quarter rates (docs/benchmarks.md). Used by
 * test/stripes.test.ts and test/plan-adapter.test.ts.
 *
 * N = 8: the bare estimate takes seven stripes, the host four ("How many
 * stripes").
 */
export const TESTBED_N8_HOST_UPLOAD = 593_650
export const TESTBED_N8_UPLOADS: readonly number[] = [1_192_070, 1_166_556, 490_119, 472_441, 472_406, 456_396, 119_983, 119_108]

/**
 * N = 16, one 10 Mbit/s relay probed 10 % low (1.07 MB/s where the others
 * read 1.20): four stripes' estimate jumps by 10 % on that one probe, and the
 * cost per stripe the host used before took six stripes, which ran 18 % over
 * their plan ("How many stripes on drop-tail links").
 */
export const TESTBED_N16_HOST_UPLOAD = 596_894
export const TESTBED_N16_UPLOADS: readonly number[] = [
  1_196_729, 1_196_526, 1_194_286, 1_068_582, 478_698, 478_101, 477_725, 477_550,
  477_516, 477_280, 477_271, 476_723, 120_128, 119_982, 119_977, 119_957
]

/** N = 32: six stripes by the estimate, 1.35 to 1.6 × their plan on the testbed's two cores. */
export const TESTBED_N32_HOST_UPLOAD = 598_778
export const TESTBED_N32_UPLOADS: readonly number[] = [
  1_279_403, 1_196_278, 1_195_553, 1_195_250, 1_195_192, 1_195_176, 1_194_125, 1_188_951,
  478_069, 478_031, 477_978, 477_852, 477_819, 477_644, 477_611, 477_362,
  477_361, 477_315, 477_190, 477_098, 476_984, 476_808, 476_796, 476_255,
  120_415, 119_897, 119_894, 119_888, 119_788, 119_788, 119_738, 119_707
]

/**
 * N = 16 again, a second misread: one 10 Mbit/s relay at 1,081,473 (its class reads 1.19 M). The
 * planner fed one stripe twice from the host on it, and that run took 44.6 s (docs/benchmarks.md,
 * "The host feeds each stripe once").
 */
export const TESTBED_N16_MISREAD_HOST_UPLOAD = 597_984
export const TESTBED_N16_MISREAD_UPLOADS: readonly number[] = [
  1_196_620, 1_195_662, 1_194_624, 1_081_473, 493_148, 478_661, 477_872, 477_695,
  477_678, 477_598, 477_238, 476_470, 120_720, 119_847, 119_691, 119_654
]
