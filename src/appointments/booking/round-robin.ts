/**
 * "Any doctor" assignment. The per-specialty counter gives the rotation: start at counter mod N in
 * the stable list of the specialty's doctors (ProviderIndex = counter mod N), the rest follow. The
 * visit is offered first to the free doctor with the fewest visits that day, ties going by the
 * rotation. Pure rotation would let doctors after a busy one collect extra visits (a spread of 2-7
 * a day when patients pick times freely); balancing by the day's load keeps the spread at most 1.
 * Loads are per day, so a doctor back from leave starts level with the others, not owed visits,
 * and is not flooded.
 */
export interface RotationStart {
  counter: number;
  index: number;
}

/** The order in which to offer a request: start at counter mod N, wrap around. */
export function rotation<T extends { id: string }>(doctors: T[], counter: number): { order: T[]; start: RotationStart } {
  const stable = [...doctors].sort((a, b) => a.id.localeCompare(b.id));
  const index = stable.length ? ((counter % stable.length) + stable.length) % stable.length : 0;
  return { order: [...stable.slice(index), ...stable.slice(0, index)], start: { counter, index } };
}

/** The rotation re-ordered by the day's load, fewest first; equal loads keep their rotation order. */
export function offerOrder<T extends { id: string; load: number }>(doctors: T[], counter: number): { order: T[]; start: RotationStart } {
  const { order, start } = rotation(doctors, counter);
  return { order: [...order].sort((a, b) => a.load - b.load), start };
}
