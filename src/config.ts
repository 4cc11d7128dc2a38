/**
 * The only reader of process.env: every setting is parsed, validated and frozen here, once.
 * Local mode has working defaults; aws mode refuses them and fails fast at start.
 */
import path from 'node:path';
import fs from 'node:fs';
import { createHash, hkdfSync } from 'node:crypto';
import { envSchema, type EnvSettings } from './config/env-schema';
import type { Config } from './config/types';
import { bloodbankConfig } from './config/bloodbank';

const LOCAL_ADMIN_PASSWORD = 'admin-local-only';
const LOCAL_SESSION_SECRET = 'local-only-session-secret-never-use-in-aws-0123456789';

export type { Config } from './config/types';
export type { Env } from './config/env-schema';

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
    mfaRequiredRoles: e.MEDTRACK_MFA_REQUIRED_ROLES,
    bcryptCost: e.MEDTRACK_BCRYPT_COST,
    prescriptions: { signingKeys: signingKeys(e.MEDTRACK_PRESCRIPTION_KEYS, e.MEDTRACK_SESSION_SECRET ?? LOCAL_SESSION_SECRET), validDays: e.MEDTRACK_PRESCRIPTION_VALID_DAYS },
    records: {
      careRelationshipMonths: e.MEDTRACK_CARE_RELATIONSHIP_MONTHS,
      maxUploadBytes: e.MEDTRACK_VAULT_MAX_MB * 1024 * 1024,
      undoDays: e.MEDTRACK_VAULT_UNDO_DAYS,
      // s3rver knows no KMS: locally the bucket's own AES256; in aws mode the named key (or the account's S3 key).
      encryption: local ? { ServerSideEncryption: 'AES256' } : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: e.MEDTRACK_VAULT_KMS_KEY_ID },
    },
    booking: {
      minNoticeMinutes: e.MEDTRACK_MIN_NOTICE_MINUTES,
      horizonDays: e.MEDTRACK_BOOKING_HORIZON_DAYS,
      cancelCutoffHours: e.MEDTRACK_CANCEL_CUTOFF_HOURS,
      checkInOpensMinutes: e.MEDTRACK_CHECK_IN_OPENS_MINUTES,
      viewMaxAgeMs: e.MEDTRACK_AVAILABILITY_VIEW_MS,
      maxActivePerPatient: e.MEDTRACK_MAX_ACTIVE_APPOINTMENTS,
      requestsPerPatientPerHour: e.MEDTRACK_BOOKING_REQUESTS_PER_HOUR,
    },
    notifications: { reminderOffsetsMs: e.MEDTRACK_REMINDERS },
    donation: { hours: e.MEDTRACK_DONATION_HOURS, slotMinutes: e.MEDTRACK_DONATION_SLOT_MINUTES, chairs: e.MEDTRACK_DONATION_CHAIRS },
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
    logFormat: e.LOG_FORMAT ?? (local ? 'pretty' : 'json'),
    metricsPort: e.MEDTRACK_METRICS_PORT ? e.MEDTRACK_METRICS_PORT + e.NODE_APP_INSTANCE : undefined,
    bloodbank: bloodbankConfig(e),
  };
  return deepFreeze(config);
}

function assertAwsSettings(e: EnvSettings): void {
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

/**
 * "id:secret,id:secret" -> keys, newest first (the schema checked the shape). Unset: keys derived
 * (HKDF, a label of their own) from the session secrets, so no setting is needed; set them
 * explicitly to rotate prescription keys apart from sessions.
 */
function signingKeys(list: string | undefined, sessionSecrets: string): { id: string; secret: string }[] {
  if (!list) {
    return sessionSecrets.split(',').map((secret) => ({
      id: `s-${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`,
      secret: Buffer.from(hkdfSync('sha256', secret, '', 'medtrack prescription signing', 32)).toString('hex'),
    }));
  }
  const keys = list.split(',').map((pair) => ({ id: pair.slice(0, pair.indexOf(':')), secret: pair.slice(pair.indexOf(':') + 1) }));
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError('MEDTRACK_PRESCRIPTION_KEYS: each key id once');
  return keys;
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
