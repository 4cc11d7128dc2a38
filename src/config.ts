/**
 * The only reader of process.env: every setting is parsed, validated and frozen here, once.
 * Local mode has working defaults; aws mode refuses them and fails fast at start.
 */
import path from 'node:path';
import fs from 'node:fs';
import { IANAZone } from 'luxon';
import cron from 'node-cron';
import { z } from 'zod';

const LOCAL_ADMIN_PASSWORD = 'admin-local-only';
const LOCAL_SESSION_SECRET = 'local-only-session-secret-never-use-in-aws-0123456789';

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

const envSchema = z.object({
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
  MEDTRACK_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  MEDTRACK_BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
  MEDTRACK_CANCEL_CUTOFF_HOURS: z.coerce.number().min(0).max(7 * 24).default(2),
  MEDTRACK_AVAILABILITY_VIEW_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  MEDTRACK_MAX_ACTIVE_APPOINTMENTS: z.coerce.number().int().min(1).max(100).default(5),
  MEDTRACK_BOOKING_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  MEDTRACK_REMINDERS: reminderOffsets,
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
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  mode: 'local' | 'aws';
  port: number;
  /**
   * Where the server listens: loopback unless MEDTRACK_LISTEN_HOST opens it. aws mode: nothing may
   * reach the app except through nginx (a direct request could forge the X-Forwarded-For the app
   * trusts); local mode: the dev mailbox shows reset links, and the demo accounts' passwords are public.
   */
  listenHost: string;
  publicUrl: string;
  projectRoot: string;
  dataDir: string;
  region: string;
  tablePrefix: string;
  bucket: string;
  sesFrom: string;
  sns: {
    topicArn?: string;
    senderId?: string;
    /** India's DLT registration: every SMS names the entity and its text's registered template. */
    dlt?: { entityId: string; templateIds: Record<string, string> };
  };
  hospitalName: string;
  timeZone: string;
  defaultCountry: string;
  session: {
    secrets: string[];
    idleMinutes: number;
    absoluteHours: number;
    secureCookies: boolean;
    cookieName: string;
  };
  trustProxyHops: number;
  rateLimits: {
    /** Login, register, resend and reset requests per IP per 15 minutes. */
    perIpPer15Min: number;
    /** Failed log-ins before one client (a network address, or a trusted device) is locked out of an account. */
    loginFailuresBeforeLock: number;
    lockoutMinutes: number;
    /** Failed log-ins per account per hour from all untrusted clients together (T-AUTH-01); trusted devices still get in. */
    accountFailuresPerHour: number;
    /** Failed log-ins per account per hour at which staff are alerted to an attack. */
    attackAlertFailures: number;
  };
  bcryptCost: number;
  booking: {
    /** A visit must start at least this long after it is booked. */
    minNoticeMinutes: number;
    /** How far ahead patients may book. */
    horizonDays: number;
    /** Patients may cancel or reschedule up to this long before the visit. */
    cancelCutoffHours: number;
    /**
     * How old this process's view of other processes' bookings and schedule changes may get
     * before "any doctor" reads it again (0: read on every request). See service/day-board.ts.
     */
    viewMaxAgeMs: number;
    /** Active visits (booked, checked in, under way) one patient may hold at a time; see appointments/README.md. */
    maxActivePerPatient: number;
    /** Booking and waitlist requests one patient may send per hour (each booking mails and texts a doctor). */
    requestsPerPatientPerHour: number;
  };
  notifications: {
    /** How long before a visit the patient is reminded, longest first (empty: no reminders). */
    reminderOffsetsMs: number[];
  };
  /** Password of the demo hospital's admin: local mode only (aws mode never seeds). */
  adminPassword: string;
  seedDemoData: boolean;
  /** When the daily backup to S3 runs (every table but sessions and rate limits): cron, in the hospital's time zone. */
  backupCron: string;
  archive: {
    /** When the daily archival of finished appointments to S3 runs: cron, hospital time. */
    cron: string;
    /** A finished visit is archived once it ended at least this many days ago. */
    afterDays: number;
    /** How many days before that cut-off each run looks at (one Query per day). */
    lookbackDays: number;
  };
  /**
   * Per attempt (the SDK makes two). DynamoDB answers in milliseconds, so with DynamoDB down a
   * page fails within about 2 s instead of hanging; a slow test machine may need more.
   */
  dynamodbTimeouts: { connectMs: number; requestMs: number };
  local: {
    /** false when another process already runs the local stack on these ports (pm2 cluster, tests). */
    startStack: boolean;
    dynamodbPort: number;
    s3Port: number;
    sesPort: number;
    dynamodbEndpoint?: string;
  };
  logLevel: string;
  /** This process's Prometheus listener on loopback (base port + pm2 instance), if any. */
  metricsPort?: number;
}

export class ConfigError extends Error {}

/** Parses the environment into a frozen Config, or throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (Object.keys(e.MEDTRACK_SNS_DLT_TEMPLATE_IDS).length && !e.MEDTRACK_SNS_DLT_ENTITY_ID) {
    throw new ConfigError('MEDTRACK_SNS_DLT_TEMPLATE_IDS needs MEDTRACK_SNS_DLT_ENTITY_ID as well');
  }
  const local = e.MEDTRACK_MODE === 'local';
  if (!local) assertAwsSettings(e);

  const projectRoot = findProjectRoot(__dirname);
  const secureCookies = e.MEDTRACK_SECURE_COOKIES ? e.MEDTRACK_SECURE_COOKIES === 'true' : !local;
  const config: Config = {
    env: e.NODE_ENV,
    mode: e.MEDTRACK_MODE,
    port: e.PORT,
    listenHost: e.MEDTRACK_LISTEN_HOST ?? '127.0.0.1',
    publicUrl: (e.MEDTRACK_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    projectRoot,
    dataDir: path.resolve(projectRoot, e.MEDTRACK_DATA_DIR),
    region: e.AWS_REGION ?? 'ap-south-1',
    tablePrefix: e.MEDTRACK_TABLE_PREFIX ?? (local ? 'local-' : 'medtrack-'),
    bucket: e.MEDTRACK_BUCKET ?? 'medtrack-local',
    sesFrom: e.MEDTRACK_SES_FROM ?? 'no-reply@medtrack.local',
    sns: {
      topicArn: e.MEDTRACK_SNS_TOPIC_ARN,
      senderId: e.MEDTRACK_SNS_SENDER_ID,
      dlt: e.MEDTRACK_SNS_DLT_ENTITY_ID ? { entityId: e.MEDTRACK_SNS_DLT_ENTITY_ID, templateIds: e.MEDTRACK_SNS_DLT_TEMPLATE_IDS } : undefined,
    },
    hospitalName: e.MEDTRACK_HOSPITAL_NAME,
    timeZone: e.MEDTRACK_TIMEZONE,
    defaultCountry: e.MEDTRACK_DEFAULT_COUNTRY,
    session: {
      secrets: (e.MEDTRACK_SESSION_SECRET ?? LOCAL_SESSION_SECRET).split(','),
      idleMinutes: e.MEDTRACK_SESSION_IDLE_MINUTES,
      absoluteHours: e.MEDTRACK_SESSION_ABSOLUTE_HOURS,
      secureCookies,
      // The __Host- prefix is only accepted by browsers on Secure cookies.
      cookieName: secureCookies ? '__Host-sid' : 'medtrack.sid',
    },
    trustProxyHops: e.MEDTRACK_TRUST_PROXY_HOPS ?? (local ? 0 : 1),
    rateLimits: {
      perIpPer15Min: e.MEDTRACK_RATE_LIMIT_PER_IP,
      loginFailuresBeforeLock: e.MEDTRACK_LOGIN_FAILURES_BEFORE_LOCK,
      lockoutMinutes: e.MEDTRACK_LOCKOUT_MINUTES,
      accountFailuresPerHour: e.MEDTRACK_LOGIN_FAILURES_PER_ACCOUNT_HOUR,
      attackAlertFailures: e.MEDTRACK_LOGIN_ATTACK_ALERT_FAILURES,
    },
    bcryptCost: e.MEDTRACK_BCRYPT_COST,
    booking: {
      minNoticeMinutes: e.MEDTRACK_MIN_NOTICE_MINUTES,
      horizonDays: e.MEDTRACK_BOOKING_HORIZON_DAYS,
      cancelCutoffHours: e.MEDTRACK_CANCEL_CUTOFF_HOURS,
      viewMaxAgeMs: e.MEDTRACK_AVAILABILITY_VIEW_MS,
      maxActivePerPatient: e.MEDTRACK_MAX_ACTIVE_APPOINTMENTS,
      requestsPerPatientPerHour: e.MEDTRACK_BOOKING_REQUESTS_PER_HOUR,
    },
    notifications: { reminderOffsetsMs: e.MEDTRACK_REMINDERS },
    adminPassword: e.MEDTRACK_ADMIN_PASSWORD ?? LOCAL_ADMIN_PASSWORD,
    seedDemoData: e.MEDTRACK_SEED ? e.MEDTRACK_SEED === 'true' : local,
    backupCron: e.MEDTRACK_BACKUP_CRON,
    archive: { cron: e.MEDTRACK_ARCHIVE_CRON, afterDays: e.MEDTRACK_ARCHIVE_AFTER_DAYS, lookbackDays: e.MEDTRACK_ARCHIVE_LOOKBACK_DAYS },
    dynamodbTimeouts: { connectMs: e.MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS, requestMs: e.MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS },
    local: {
      startStack: e.MEDTRACK_LOCAL_STACK === 'start',
      dynamodbPort: e.DYNAMODB_LOCAL_PORT,
      s3Port: e.S3_LOCAL_PORT,
      sesPort: e.SES_LOCAL_PORT,
      dynamodbEndpoint: e.MEDTRACK_DYNAMODB_ENDPOINT,
    },
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    metricsPort: e.MEDTRACK_METRICS_PORT ? e.MEDTRACK_METRICS_PORT + e.NODE_APP_INSTANCE : undefined,
  };
  return deepFreeze(config);
}

function assertAwsSettings(e: z.output<typeof envSchema>): void {
  const missing = (
    [
      ['AWS_REGION', e.AWS_REGION],
      ['MEDTRACK_BUCKET', e.MEDTRACK_BUCKET],
      ['MEDTRACK_SES_FROM', e.MEDTRACK_SES_FROM],
      ['MEDTRACK_PUBLIC_URL', e.MEDTRACK_PUBLIC_URL],
      ['MEDTRACK_SESSION_SECRET', e.MEDTRACK_SESSION_SECRET],
    ] as const
  )
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length) throw new ConfigError(`aws mode needs: ${missing.join(', ')}`);
  const secrets = (e.MEDTRACK_SESSION_SECRET ?? '').split(',');
  if (secrets.some((s) => s.length < 32 || s === LOCAL_SESSION_SECRET)) {
    throw new ConfigError('MEDTRACK_SESSION_SECRET: each secret must be at least 32 characters');
  }
  if (e.MEDTRACK_ADMIN_PASSWORD === LOCAL_ADMIN_PASSWORD) {
    throw new ConfigError('MEDTRACK_ADMIN_PASSWORD: the local demo password is refused in aws mode');
  }
  // The demo doctors and patients have passwords printed in the README: never on a real portal.
  if (e.MEDTRACK_SEED === 'true') {
    throw new ConfigError(
      'MEDTRACK_SEED=true is refused in aws mode: the demo accounts have published passwords. ' +
        'Create the first admin with `npm run create-admin` (deploy/aws/README.md, "The first admin").',
    );
  }
  if (e.MEDTRACK_SECURE_COOKIES === 'false') {
    throw new ConfigError('MEDTRACK_SECURE_COOKIES=false is refused in aws mode');
  }
}

function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
