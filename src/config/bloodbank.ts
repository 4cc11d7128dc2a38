/**
 * The blood bank's settings (src/bloodbank/README.md): shelf lives, low-stock thresholds per
 * group, the re-donation interval, and how platelets are matched. Lists are "key=number" pairs;
 * a key left out keeps its default.
 */
import { z } from 'zod';

const COMPONENT_KEYS = ['whole-blood', 'red-cells', 'platelets', 'plasma', 'cryo'] as const;
const GROUP_KEYS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

const SHELF_DEFAULTS: Record<string, number> = { 'whole-blood': 35, 'red-cells': 42, platelets: 5, plasma: 365, cryo: 365 };
const THRESHOLD_DEFAULTS: Record<string, number> = { 'A+': 10, 'A-': 4, 'B+': 10, 'B-': 4, 'AB+': 4, 'AB-': 2, 'O+': 12, 'O-': 6 };

function pairs(keys: readonly string[], defaults: Record<string, number>, example: string, max: number) {
  return z
    .string()
    .default('')
    .refine(
      (list) =>
        list.trim() === '' ||
        list.split(',').every((part) => {
          const [key, value] = part.trim().split('=');
          return keys.includes(key) && /^\d{1,4}$/.test(value ?? '') && Number(value) <= max;
        }),
      `key=number pairs such as ${example}`,
    )
    .transform((list) => ({
      ...defaults,
      ...Object.fromEntries(list.split(',').filter((p) => p.trim()).map((p) => { const [k, v] = p.trim().split('='); return [k, Number(v)]; })),
    }));
}

export const bloodbankEnv = {
  /** Days each component keeps from collection. */
  MEDTRACK_BLOOD_SHELF_DAYS: pairs(COMPONENT_KEYS, SHELF_DEFAULTS, 'platelets=5,red-cells=42', 3650),
  /** Red-cell units (whole blood + packed red cells) available per group below which staff are alerted. */
  MEDTRACK_BLOOD_THRESHOLDS: pairs(GROUP_KEYS, THRESHOLD_DEFAULTS, 'O-=6,AB-=2', 9999),
  MEDTRACK_BLOOD_REDONATION_DAYS_MALE: z.coerce.number().int().min(1).max(730).default(90),
  MEDTRACK_BLOOD_REDONATION_DAYS_FEMALE: z.coerce.number().int().min(1).max(730).default(120),
  /** Lots expiring within this many days raise an alert. */
  MEDTRACK_BLOOD_EXPIRY_ALERT_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  MEDTRACK_BLOOD_PLATELET_RULE: z.enum(['red-cells', 'plasma']).default('red-cells'),
};

type Parsed = { [K in keyof typeof bloodbankEnv]: z.output<(typeof bloodbankEnv)[K]> };

export interface BloodbankConfig {
  shelfLifeDays: Record<string, number>;
  thresholds: Record<string, number>;
  redonationDays: { male: number; female: number };
  expiryAlertDays: number;
  plateletRule: 'red-cells' | 'plasma';
}

export function bloodbankConfig(e: Parsed): BloodbankConfig {
  return {
    shelfLifeDays: e.MEDTRACK_BLOOD_SHELF_DAYS,
    thresholds: e.MEDTRACK_BLOOD_THRESHOLDS,
    redonationDays: { male: e.MEDTRACK_BLOOD_REDONATION_DAYS_MALE, female: e.MEDTRACK_BLOOD_REDONATION_DAYS_FEMALE },
    expiryAlertDays: e.MEDTRACK_BLOOD_EXPIRY_ALERT_DAYS,
    plateletRule: e.MEDTRACK_BLOOD_PLATELET_RULE,
  };
}
