/** The settings every part of MedTrack reads, built by loadConfig (src/config.ts) and frozen. */
import type { BloodbankConfig } from './bloodbank';

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
  /** Staff roles that must use two-step sign-in (src/auth/mfa); other staff may choose it. */
  mfaRequiredRoles: ('admin' | 'doctor')[];
  bcryptCost: number;
  prescriptions: {
    /** HMAC keys, newest first: the first signs new links, every one still verifies (rotation). */
    signingKeys: { id: string; secret: string }[];
    /** A prescription can be dispensed this many days after it was issued. */
    validDays: number;
  };
  records: {
    /** A doctor cares for a patient with a visit booked with them, or completed within this many months (files, timeline). */
    careRelationshipMonths: number;
    /** The largest file the medical vault accepts. */
    maxUploadBytes: number;
    /** A deleted file can be restored for this many days; the daily purge then removes its object. */
    undoDays: number;
    /** How vault objects are encrypted at rest (S3 server-side encryption). */
    encryption: { ServerSideEncryption: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
  };
  booking: {
    /** A visit must start at least this long after it is booked. */
    minNoticeMinutes: number;
    /** How far ahead patients may book. */
    horizonDays: number;
    /** Patients may cancel or reschedule up to this long before the visit. */
    cancelCutoffHours: number;
    /** How long before a visit's start the patient may be checked in (and the visit started). */
    checkInOpensMinutes: number;
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
  /** The blood bank's donation calendar (src/donation-booking). */
  donation: {
    /** Opening hours per ISO weekday (1 = Monday), hospital time; gaps are breaks. */
    hours: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, { start: string; end: string }[]>>;
    /** One donation slot, in minutes. */
    slotMinutes: number;
    /** Donation chairs: how many donors can be booked at the same time. */
    chairs: number;
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
  /** Readable lines for a person at a terminal, or JSON for machines (production). */
  logFormat: 'pretty' | 'json';
  /** This process's Prometheus listener on loopback (base port + pm2 instance), if any. */
  metricsPort?: number;
  /** The blood bank's shelf lives, thresholds and rules (config/bloodbank.ts). */
  bloodbank: BloodbankConfig;
}
