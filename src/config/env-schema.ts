/**
 * The environment MedTrack reads, as one zod schema: names, types, ranges and defaults. It is
 * only a description; config.ts alone reads process.env and turns the result into a Config.
 */
import { IANAZone } from 'luxon';
import cron from 'node-cron';
import { z } from 'zod';
import { bloodbankEnv } from './bloodbank';

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const DURATION_MS = { m: 60_000, h: 60 * 60_000, d: 24 * 60 * 60_000 } as const;
/** "24h,2h,30m" -> [86400000, 7200000, 1800000]: longest first, each once; "" -> none. */
const reminderOffsets = z
  .string()
  .default('24h,2h')
  .refine((list) => list.trim() === '' || list.split(',').every((part) => /^\s*[1-9]\d{0,3}[mhd]\s*$/.test(part)), 'times before the visit such as 24h,2h,30m ("" for none)')
  .transform((list) =>
    list
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => Number(part.slice(0, -1)) * DURATION_MS[part.slice(-1) as keyof typeof DURATION_MS])
      .sort((a, b) => b - a),
  )
  .refine((offsets) => new Set(offsets).size === offsets.length, 'each reminder time once');
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const HOURS_PART = new RegExp(`^\\s*[1-7](-[1-7])?\\s+${TIME}-${TIME}\\s*$`);
/** "1-5 08:00-16:00": days in order, a range that ends after it starts. */
function validHours(part: string): boolean {
  if (!HOURS_PART.test(part)) return false;
  const [days, hours] = part.trim().split(/\s+/);
  const [first, last = first] = days.split('-');
  const [start, end] = hours.split('-');
  return first <= last && start < end;
}
/**
 * The blood bank's opening hours: "1-5 08:00-16:00;6 09:00-13:00" (ISO weekdays, 1 = Monday; a day
 * may have several ranges) -> { 1: [{ start: '08:00', end: '16:00' }], ... }.
 */
const openingHours = z
  .string()
  .default('1-5 08:00-16:00;6 09:00-13:00')
  .refine((list) => list.split(';').every(validHours), 'weekdays and hours such as "1-5 08:00-16:00;6 09:00-13:00" (1 = Monday)')
  .transform((list) => {
    const days: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, { start: string; end: string }[]>> = {};
    for (const part of list.split(';')) {
      const [weekdays, hours] = part.trim().split(/\s+/);
      const [first, last = first] = weekdays.split('-').map(Number);
      const [start, end] = hours.split('-');
      for (let day = first; day <= last; day += 1) (days[day as 1] ??= []).push({ start, end });
    }
    return days;
  });
/** "appointment-booked=1107161234567890123,appointment-reminder=..." -> { name: id }. */
const dltTemplateIds = z
  .string()
  .default('')
  .refine((list) => list.trim() === '' || list.split(',').every((part) => /^\s*[a-z][a-z0-9-]*=\d{1,30}\s*$/.test(part)), 'template=id pairs such as appointment-booked=1107161234567890123')
  .transform((list) => Object.fromEntries(list.split(',').filter((part) => part.trim()).map((part) => part.trim().split('=') as [string, string])));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MEDTRACK_MODE: z.enum(['local', 'aws']).default('local'),
  PORT: port.default(3000),
  MEDTRACK_LISTEN_HOST: optionalString,
  MEDTRACK_PUBLIC_URL: z.url().optional(),
  MEDTRACK_DATA_DIR: z.string().default('data'),
  MEDTRACK_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only')
    .optional(),
  MEDTRACK_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).optional(),
  AWS_REGION: optionalString,
  MEDTRACK_SES_FROM: z.email().optional(),
  MEDTRACK_SNS_TOPIC_ARN: optionalString,
  MEDTRACK_SNS_SENDER_ID: optionalString,
  MEDTRACK_SNS_DLT_ENTITY_ID: optionalString.pipe(z.string().regex(/^\d{1,30}$/, 'the digits of your DLT principal entity id').optional()),
  MEDTRACK_SNS_DLT_TEMPLATE_IDS: dltTemplateIds,
  MEDTRACK_SESSION_SECRET: optionalString,
  MEDTRACK_ADMIN_PASSWORD: optionalString,
  /** Keys that sign prescriptions: "id:secret,id:secret", newest first; the first signs, all verify. */
  MEDTRACK_PRESCRIPTION_KEYS: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9-]{1,20}:[^,:\s]{32,}(,[a-z0-9-]{1,20}:[^,:\s]{32,})*$/, 'id:secret pairs, newest first, each secret at least 32 characters')
      .optional(),
  ),
  MEDTRACK_PRESCRIPTION_VALID_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  MEDTRACK_CARE_RELATIONSHIP_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  MEDTRACK_VAULT_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  MEDTRACK_VAULT_UNDO_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  MEDTRACK_VAULT_KMS_KEY_ID: z.string().min(1).max(2048).optional(),
  MEDTRACK_HOSPITAL_NAME: z.string().min(1).default('MedTrack'),
  MEDTRACK_TIMEZONE: z
    .string()
    .default('Asia/Kolkata')
    .refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone such as Asia/Kolkata'),
  MEDTRACK_DEFAULT_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('IN'),
  MEDTRACK_SESSION_IDLE_MINUTES: positiveInt.default(15),
  MEDTRACK_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  MEDTRACK_BCRYPT_COST: z.coerce.number().int().min(10).max(15).default(12),
  MEDTRACK_RATE_LIMIT_PER_IP: positiveInt.default(100),
  MEDTRACK_LOGIN_FAILURES_BEFORE_LOCK: positiveInt.default(10),
  MEDTRACK_LOCKOUT_MINUTES: positiveInt.default(15),
  MEDTRACK_LOGIN_FAILURES_PER_ACCOUNT_HOUR: positiveInt.default(100),
  MEDTRACK_LOGIN_ATTACK_ALERT_FAILURES: positiveInt.default(30),
  /** Staff roles that must sign in with a second factor (an authenticator app): "admin", "admin,doctor", or "" for none. */
  MEDTRACK_MFA_REQUIRED_ROLES: z
    .string()
    .default('admin')
    .refine((list) => list.split(',').every((role) => ['', 'admin', 'doctor'].includes(role.trim())), 'a list of staff roles such as admin,doctor ("" for none)')
    .transform((list) => [...new Set(list.split(',').map((role) => role.trim()).filter(Boolean))] as ('admin' | 'doctor')[]),
  MEDTRACK_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  MEDTRACK_BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
  MEDTRACK_CANCEL_CUTOFF_HOURS: z.coerce.number().min(0).max(7 * 24).default(2),
  MEDTRACK_CHECK_IN_OPENS_MINUTES: z.coerce.number().int().min(0).max(14 * 24 * 60).default(60),
  MEDTRACK_AVAILABILITY_VIEW_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  MEDTRACK_MAX_ACTIVE_APPOINTMENTS: z.coerce.number().int().min(1).max(100).default(5),
  MEDTRACK_BOOKING_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  MEDTRACK_REMINDERS: reminderOffsets,
  MEDTRACK_DONATION_HOURS: openingHours,
  MEDTRACK_DONATION_SLOT_MINUTES: z.coerce.number().int().min(10).max(60).multipleOf(5).default(30),
  MEDTRACK_DONATION_CHAIRS: z.coerce.number().int().min(1).max(50).default(4),
  MEDTRACK_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  MEDTRACK_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).optional(),
  MEDTRACK_SEED: z.enum(['true', 'false']).optional(),
  MEDTRACK_BACKUP_CRON: z
    .string()
    .default('0 3 * * *')
    .refine((expression) => cron.validate(expression), 'a cron expression such as "0 3 * * *" (03:00 every day, hospital time)'),
  MEDTRACK_ARCHIVE_CRON: z
    .string()
    .default('0 2 * * *')
    .refine((expression) => cron.validate(expression), 'a cron expression such as "0 2 * * *" (02:00 every day, hospital time)'),
  MEDTRACK_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(1),
  MEDTRACK_ARCHIVE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  DYNAMODB_LOCAL_PORT: port.default(8000),
  S3_LOCAL_PORT: port.default(4569),
  SES_LOCAL_PORT: port.default(8005),
  MEDTRACK_DYNAMODB_ENDPOINT: z.url().optional(),
  MEDTRACK_LOCAL_STACK: z.enum(['start', 'external']).default('start'),
  MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** 0 turns the metrics listener off. */
  MEDTRACK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Set by pm2 in cluster mode: 0, 1, ... for each process. */
  NODE_APP_INSTANCE: z.coerce.number().int().min(0).max(1000).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** `pretty`: one readable line per entry (local default); `json`: one JSON object a line (aws default, for log shippers). */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  ...bloodbankEnv,
});

export type Env = z.input<typeof envSchema>;
/** The environment after parsing: defaults applied, numbers coerced. */
export type EnvSettings = z.output<typeof envSchema>;
