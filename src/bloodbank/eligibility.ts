/**
 * Whether a donor may give blood today: pure, so the desk's form and the booking of a donation slot
 * (the donate feature) apply the same rules. Each refusal is a sentence the officer can read out.
 */
import { DateTime } from 'luxon';
import type { Sex } from './types';

export interface EligibilityRules {
  minAge: number;
  maxAge: number;
  minWeightKg: number;
  minHaemoglobin: number;
  /** Days between whole-blood donations, by sex. */
  redonationDays: Record<Sex, number>;
}

export const DEFAULT_RULES: EligibilityRules = { minAge: 18, maxAge: 65, minWeightKg: 50, minHaemoglobin: 12.5, redonationDays: { male: 90, female: 120 } };

export interface EligibilityInput {
  dateOfBirth: string;
  sex: Sex;
  weightKg: number;
  haemoglobin: number;
  /** yyyy-mm-dd of the last whole-blood donation, if any. */
  lastWholeBlood?: string;
  /** yyyy-mm-dd of the donation being checked. */
  today: string;
}

export type Refusal = { field: 'dateOfBirth' | 'weightKg' | 'haemoglobin' | 'lastDonation'; message: string };

/** Days a donor of this sex waits after a whole-blood donation (an unknown sex waits the longer). */
export function redonationIntervalDays(sex: Sex | undefined, config: { redonationDays: Record<Sex, number> }): number {
  return sex ? config.redonationDays[sex] : Math.max(config.redonationDays.male, config.redonationDays.female);
}

/** The first day a donor may give whole blood again after `lastOn` (yyyy-mm-dd). */
export function nextEligibleOn(lastOn: string, sex: Sex | undefined, config: { redonationDays: Record<Sex, number> }): string {
  return DateTime.fromISO(lastOn).plus({ days: redonationIntervalDays(sex, config) }).toISODate()!;
}

/** Every reason the donor may not give today; empty when they may. */
export function eligibilityRefusals(input: EligibilityInput, rules: EligibilityRules = DEFAULT_RULES): Refusal[] {
  const refusals: Refusal[] = [];
  const today = DateTime.fromISO(input.today);
  const age = Math.floor(today.diff(DateTime.fromISO(input.dateOfBirth), 'years').years);
  if (age < rules.minAge) refusals.push({ field: 'dateOfBirth', message: `Donors must be at least ${rules.minAge} years old (this donor is ${Math.max(age, 0)}).` });
  else if (age > rules.maxAge) refusals.push({ field: 'dateOfBirth', message: `Donors must be ${rules.maxAge} or younger (this donor is ${age}).` });
  if (input.weightKg < rules.minWeightKg) refusals.push({ field: 'weightKg', message: `Donors must weigh at least ${rules.minWeightKg} kg.` });
  if (input.haemoglobin < rules.minHaemoglobin) refusals.push({ field: 'haemoglobin', message: `Haemoglobin must be at least ${rules.minHaemoglobin} g/dL to donate.` });
  if (input.lastWholeBlood) {
    const next = nextEligibleOn(input.lastWholeBlood, input.sex, rules);
    if (next > input.today) {
      const days = redonationIntervalDays(input.sex, rules);
      refusals.push({ field: 'lastDonation', message: `The last whole-blood donation was on ${input.lastWholeBlood}; ${days} days must pass, so the donor may give again from ${next}.` });
    }
  }
  return refusals;
}
