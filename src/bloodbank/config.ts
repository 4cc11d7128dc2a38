/** The blood bank's settings as its rules read them (from config.bloodbank). */
import type { Config } from '../config';
import type { PlateletRule } from './compatibility';
import type { EligibilityRules } from './eligibility';
import { DEFAULT_RULES } from './eligibility';
import type { BloodGroup, Component } from './types';

export interface BloodbankSettings {
  shelfLifeDays: Record<Component, number>;
  thresholds: Record<BloodGroup, number>;
  plateletRule: PlateletRule;
  expiryAlertDays: number;
  rules: EligibilityRules;
}

export function settingsOf(config: Pick<Config, 'bloodbank'>): BloodbankSettings {
  const b = config.bloodbank;
  return {
    shelfLifeDays: b.shelfLifeDays as Record<Component, number>,
    thresholds: b.thresholds as Record<BloodGroup, number>,
    plateletRule: b.plateletRule,
    expiryAlertDays: b.expiryAlertDays,
    rules: { ...DEFAULT_RULES, redonationDays: b.redonationDays },
  };
}
