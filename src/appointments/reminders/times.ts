/**
 * When a visit's reminders are due: plain millisecond arithmetic on UTC instants, so "24 h before"
 * is 24 elapsed hours whatever a DST change does to the wall clock in between.
 */

/**
 * The next reminder due strictly after `after` (when booking or moving: now), as an ISO instant;
 * undefined when none is left. Offsets are longest first, so the first one still ahead is the one.
 */
export function nextReminderAt(start: string, offsetsMs: readonly number[], after: Date): string | undefined {
  const startMs = Date.parse(start);
  const next = offsetsMs.map((offset) => startMs - offset).find((at) => at > after.getTime());
  return next === undefined ? undefined : new Date(next).toISOString();
}

/**
 * What a pass does with the reminder due at `dueAt`: the key moves on to the next offset either
 * way. It is sent only while it still helps: not once the visit has begun (the app was down), and
 * not when the next reminder is due as well (that one goes instead, so a late pass sends one).
 */
export function reminderStep(start: string, offsetsMs: readonly number[], dueAt: string, now: Date): { send: boolean; next?: string } {
  const next = nextReminderAt(start, offsetsMs, new Date(dueAt));
  const superseded = next !== undefined && Date.parse(next) <= now.getTime();
  return { send: offsetsMs.length > 0 && Date.parse(start) > now.getTime() && !superseded, next };
}
