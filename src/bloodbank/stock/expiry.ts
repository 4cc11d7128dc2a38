/** Expiry dates from each component's shelf life (luxon; dates are yyyy-mm-dd in hospital time). */
import { DateTime } from 'luxon';
import type { Component } from '../types';

/** The last day a lot collected on `collectedOn` may be used: collection + the component's shelf life. */
export function expiryOf(component: Component, collectedOn: string, shelfLifeDays: Record<Component, number>): string {
  return DateTime.fromISO(collectedOn).plus({ days: shelfLifeDays[component] }).toISODate()!;
}

/** Today in the hospital's zone. */
export const todayIn = (zone: string, now = new Date()): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** `day` plus n days. */
export const plusDays = (day: string, n: number): string => DateTime.fromISO(day).plus({ days: n }).toISODate()!;

/** A lot past its last day of use. */
export const isExpired = (expiresOn: string, today: string): boolean => expiresOn < today;
