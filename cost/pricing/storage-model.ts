/**
 * Steady-state lifecycle model shared by S3 and ADLS: a layer holds `storedGb`, with data ages spread
 * evenly between 0 and the horizon (the lifecycle expiration, else the usage's `retainedDays`). The
 * share of a tier is the share of that age window it covers.
 *
 *   horizon H = min(expiration days, retainedDays)
 *   GB in a tier entered at day a and left at day b = storedGb × (min(b, H) − min(a, H)) / H
 */
export interface TierStep {
  /** Age in days from which objects are in `tier`. */
  readonly fromDay: number;
  readonly tier: string;
}

export interface TierShare {
  readonly tier: string;
  readonly gb: number;
  readonly fromDay: number;
  readonly toDay: number;
}

export function tierShares(
  storedGb: number,
  firstTier: string,
  transitions: readonly TierStep[],
  expirationDays: number | undefined,
  retainedDays: number,
): { horizon: number; shares: TierShare[] } {
  const horizon = Math.min(expirationDays ?? Infinity, retainedDays);
  const steps = [{ fromDay: 0, tier: firstTier }, ...[...transitions].sort((a, b) => a.fromDay - b.fromDay)];
  const shares: TierShare[] = [];
  steps.forEach((step, i) => {
    const from = Math.min(step.fromDay, horizon);
    const to = Math.min(steps[i + 1]?.fromDay ?? Infinity, horizon);
    if (to > from)
      shares.push({ tier: step.tier, gb: (storedGb * (to - from)) / horizon, fromDay: from, toDay: to });
  });
  return { horizon, shares };
}
