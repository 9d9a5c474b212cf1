/**
 * A cap on how many peers any client relays to, so relaying is not
 * noticeable to its user (docs/update-flow.md, "Order and tree"). Four keeps each child's share of a relay's upload
 * at a quarter or more and the tree shallow: 100,000 clients fit in 9 levels.
 */
export const DEFAULT_MAX_FANOUT = 4

/**
 * floor(U / r) for a candidate rate r = U / k must give k back, but the
 * division can land a hair below k. This slack (relative to a fan-out of a
 * few units) is far below any bandwidth measurement's precision.
 */
export const SLOT_EPSILON = 1e-9

/**
 * Resolution of the rate-for-depth search: candidate rates 2^(1/16) (~4.4 %)
 * apart, finer than a bandwidth probe is accurate. The best sample is then
 * refined exactly, so this only bounds how many trees are tried.
 */
export const RATE_STEPS_PER_OCTAVE = 16

/**
 * Stripe counts the planner tries when none is asked for: every count up to
 * 8. Beyond 8 every stripe's per-hop delay (a stripe's chunk crosses a hop
 * in k·C / R) and the relays' connection count grow while the rate gains
 * little: on the benchmark mesh (caps 10/4/1 Mbit/s) 8 stripes already come
 * within 5-8 % of T* in rate (docs/benchmarks.md, "The tree against T*").
 * Not only powers of two: slots are whole numbers, and on that mesh at
 * N = 32 five stripes simulate at 1.19 × T* where four give 1.27 and eight
 * 1.33 (docs/striping.md).
 */
export const STRIPE_CHOICES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8]

/**
 * More stripes are taken only when the estimate improves by more than this
 * fraction: a smaller gain is below what the bandwidth probes can resolve
 * (they read ~4 % under the configured caps, docs/benchmarks.md). What
 * extra stripes cost on real links beyond the estimate is
 * `DROP_TAIL_MAX_FLOWS`'s part, not this threshold's.
 */
export const STRIPE_GAIN_THRESHOLD = 0.01

/**
 * A striped plan whose host feeds some stripe twice is traded for one that
 * feeds each stripe once when that one's estimate is at most this much
 * slower. What a relay falls short of its plan, members with upload to
 * spare make up (the swarm assist, docs/update-flow.md "Endgame"); what the
 * host sends twice nobody can, and the host sends it at its full rate, not
 * at the plan's. The trade comes up when one fast relay's probe reads low:
 * on the two recorded misreads at N = 16 (10 % under the relay's class,
 * test/testbed-probes-fixtures.ts and test/plan-adapter.test.ts) the plan
 * feeding each stripe once is 0.7 % and 2.2 % slower by the estimate, and
 * the plan with the host's fifth stripe-child ran 44.6 and 44.9 s on the
 * reference testbed where the runs whose host fed each stripe once ran
 * 33.5–34.5 s (docs/benchmarks.md, "The host feeds each stripe once").
 * Above 5 % it would take, on the simulator's fair links, a plan only 4 %
 * better than one tree (test/stripes.test.ts, the benchmark mesh at N = 32).
 */
export const HOST_ONCE_TOLERANCE = 0.05

/**
 * The most stripe-children one uplink feeds at once when the host plans for
 * real links: each is its own TCP flow through the sender's drop-tail queue
 * (and its own per-read work on the sender's CPU). On the reference testbed
 * (docs/benchmarks.md, "Flows per uplink") plans whose fastest relays fed 7
 * to 9 stripe-children ran within 3 % of their planned time at N = 8, 16
 * and 32; plans with 10 to 13 ran 10 to 60 % over theirs, although their
 * estimates were 1 to 8 % better: five stripes at N = 8 (10), four at
 * N = 32 (10), five and six at N = 16 (11, 12) and six at N = 32 (13). With
 * the cap those counts are planned at the rate 9 flows allow, and the
 * planner takes four stripes at N = 8 and 16 and one or two trees at
 * N = 32 for every recorded probe set. It replaces a cost per stripe on the
 * estimate (0.025), which chose five, six or one tree whenever one probe
 * read a fast relay 10 % low (four stripes' estimate then jumps by 10 %:
 * whole slots). The simulator's links are fluid: it plans without a cap.
 */
export const DROP_TAIL_MAX_FLOWS = 9

/**
 * Bytes/s below which the planner does not choose a stripe count by itself
 * (an asked-for count is kept): a stripe's 64 KiB chunk takes 1.3 s a hop at
 * 50 KB/s, and each stripe is its own TCP flow per parent-child pair. It was
 * 100 KB/s, from the fair-queue bench mesh (8 stripes of 72 KB/s fell behind
 * there); on the drop-tail reference testbed 5 stripes of 97 KB/s at N = 16
 * kept their plan in steady state, and at N = 32 the 100 KB/s floor left the
 * planner one tree (1.45 × T* planned) where 6 stripes of 82 KB/s plan 1.25
 * (docs/benchmarks.md).
 */
export const MIN_STRIPE_RATE = 50_000

/**
 * Bisection steps for the highest feasible striped rate: 2^-40 (1e-12) of
 * the host's upload, far finer than a rate can be measured. Each step is one
 * O(N) feasibility pass with early exits.
 */
export const STRIPE_RATE_BISECTIONS = 40

/**
 * A stripe-child's stripe is split between its parent and a helper
 * (src/tree/split.ts) only when that cuts the busiest relay uplink's planned
 * time by more than this fraction: a smaller gain is within what the
 * bandwidth probes can resolve (they read ~4 % under the configured caps,
 * docs/benchmarks.md), and each split adds a flow and a hop for its child.
 */
export const SPLIT_MIN_GAIN = 0.02

/**
 * The parts a split stripe-child's stripe is dealt in (src/tree/split.ts):
 * quarters. On the reference testbed at N = 16 a 1 Mbit/s member can take
 * half a stripe within the time the plan gives the fastest relays, a
 * 4 Mbit/s relay a quarter more than its three whole stripe-children
 * (docs/benchmarks.md); halves alone left those relays out. An even number,
 * so that two parts pair into a half on the wire.
 */
export const SPLIT_PARTS = 4

/**
 * Above this many clients the host splits the stripe count `planStriped`
 * chose instead of planning and splitting every count (src/tree/split-choice.ts):
 * all eight counts at 10,000 clients of the benchmark's classes take about a
 * second together on this project's two-core machine, and grow a little
 * faster than the fleet (test/split-choice.test.ts). A fleet that large has
 * enough members to share its busiest relays' stripes at any count.
 */
export const SPLIT_CHOICE_MAX_CLIENTS = 10_000

/**
 * Another stripe count, split, takes the place of the one `planStriped`
 * chose (split too) only when its estimate is faster by more than this
 * fraction (src/tree/split-choice.ts): more than the bandwidth probes can
 * resolve (~4 % under the configured caps, docs/benchmarks.md), since the
 * choice then rests on the split estimate alone. On the reference testbed's
 * probes at N = 8 two stripes would take the place of four for 0.9 %, where
 * four run at 1.14 × T*; at N = 32 four stripes win over one tree by 15 %.
 */
export const SPLIT_CHOICE_GAIN = 0.05
