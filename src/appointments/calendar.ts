/**
 * The booking engine for calendars that are not a doctor's (the blood bank's donation chairs):
 * a calendar owner is any id that holds block locks, a doctor id or e.g. `BLOODBANK#main#chair-2`.
 * A hold takes the owner's and the patient's 5-minute block locks, the very items a visit takes,
 * so a donor cannot be at a doctor's visit and on a donation chair at once, and two donors never
 * get one chair. The caller stages the hold in its own transaction next to its own booking item.
 */
import type { UnitOfWork } from '../platform/db/unit-of-work';
import { blocksOf, doctorBlocks, freeLocks, patientBlocks, takeLocks } from './repository/locks';

export interface CalendarHold {
  /** Whoever's calendar it is: a doctor id or another calendar's own id. */
  ownerId: string;
  patientId: string;
  start: string;
  end: string;
  /** The booking the locks belong to (stored on each lock as `appointmentId`). */
  holderId: string;
}

/** Errors the hold's writes stand for when their condition fails (see UnitOfWork.stage). */
export interface HoldRefusals {
  ownerBusy: () => Error;
  patientBusy: () => Error;
}

/** Stages the owner's and the patient's block locks; each fails if the block is already held. */
export function stageCalendarHold(work: UnitOfWork, hold: CalendarHold, refusals: HoldRefusals): void {
  const blocks = blocksOf(hold.start, hold.end);
  for (const put of takeLocks(work.db, doctorBlocks(hold.ownerId, blocks), hold.holderId)) work.stage(put, refusals.ownerBusy);
  for (const put of takeLocks(work.db, patientBlocks(hold.patientId, blocks), hold.holderId)) work.stage(put, refusals.patientBusy);
}

/** Stages freeing a hold's locks (a lock already gone is fine: freeing twice frees once). */
export function stageCalendarRelease(work: UnitOfWork, hold: CalendarHold): void {
  const blocks = blocksOf(hold.start, hold.end);
  const keys = [...doctorBlocks(hold.ownerId, blocks), ...patientBlocks(hold.patientId, blocks)];
  for (const del of freeLocks(work.db, keys, hold.holderId, true)) work.stage(del);
}
