/**
 * "Any doctor" assignment: the per-specialty counter picks where to start in the stable list of
 * the specialty's doctors (ProviderIndex = counter mod N), and the rest follow in order, so each
 * doctor is offered every N-th request. A doctor back from leave simply rejoins the rotation;
 * nobody is "owed" visits, so nobody is flooded.
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
