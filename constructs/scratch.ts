// The explicit request for unbounded scratch space. No imports: a constant every module may use.

/**
 * `scratchSizeLimit: UNLIMITED_SCRATCH`: the workload's emptyDirs get no `sizeLimit` (the node's disk
 * is the limit), and its object says so with the validator's opt-out annotation. Only on this
 * explicit request: an unset `scratchSizeLimit` takes the default and `''` is refused.
 */
export const UNLIMITED_SCRATCH = 'unlimited';
