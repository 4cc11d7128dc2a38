/**
 * Double-booking is made impossible by lock items: one per 5-minute block a visit covers, for the
 * doctor and for the patient, each created with attribute_not_exists in the booking transaction.
 * Blocks rather than slot starts, so visits of different lengths (a plan changed from 20 to 30
 * minutes) still collide when they overlap.
 */
import { DateTime } from 'luxon';

export const BLOCK_MINUTES = 5;

export function blocksOf(start: string, end: string): string[] {
  const blocks: string[] = [];
  const last = DateTime.fromISO(end);
  for (let at = DateTime.fromISO(start); at < last; at = at.plus({ minutes: BLOCK_MINUTES })) {
    blocks.push(at.toUTC().toISO()!);
  }
  return blocks;
}
