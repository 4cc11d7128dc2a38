/**
 * Every DynamoDB table the app uses, declared once. The local bootstrap, `npm run create-tables`,
 * the tests and the deploy kit all read this file.
 */
import type { TableSpec } from './table-spec';
import { analyticsTable, bloodbankTable, donationBookingsTable, prescriptionsTable, recordsTable, securityTable } from './feature-tables';

export type { IndexSpec, TableSpec } from './table-spec';
export * from './feature-tables';

/** Users, e-mail/phone uniqueness claims, one-time tokens and session tombstones. */
export const usersTable: TableSpec = {
  name: 'users',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byRole', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'byDoctorStatus', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'bySpecialty', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // Admin user search by prefix (src/users/search-keys.ts): sparse, user items only.
    { name: 'searchByEmail', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    { name: 'searchByPhone', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
    { name: 'searchByName', partitionKey: 'gsi6pk', sortKey: 'gsi6sk' },
    { name: 'searchBySurname', partitionKey: 'gsi7pk', sortKey: 'gsi7sk' },
  ],
  ttlAttribute: 'expiresAt',
};

/** Hospitals, specialties and one-off markers such as the demo seed. */
export const directoryTable: TableSpec = {
  name: 'directory',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};

/**
 * express-session items, written by connect-dynamodb. Not backed up: each id is a live bearer
 * credential; after a restore everyone simply logs in again.
 */
export const sessionsTable: TableSpec = {
  name: 'sessions',
  partitionKey: 'id',
  indexes: [],
  ttlAttribute: 'expires',
  backup: false,
};

/**
 * Counters of rate-limiter-flexible, shared by every process. Not backed up: they live minutes,
 * and their keys name clients (addresses, accounts) for no purpose a restore has.
 */
export const rateLimitsTable: TableSpec = {
  name: 'rate-limits',
  partitionKey: 'key',
  indexes: [],
  ttlAttribute: 'expire',
  backup: false,
};

/**
 * Appointments with the lock items that make double-booking impossible, idempotency records,
 * round-robin counters and each doctor's schedule (weekly plan and leave).
 */
export const appointmentsTable: TableSpec = {
  name: 'appointments',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byDoctorDay', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'byPatient', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // A patient's active visits apart from their ended ones: the "Upcoming" and "Past" lists.
    { name: 'byPatientVisits', partitionKey: 'gsi6pk', sortKey: 'gsi6sk' },
    { name: 'byDay', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { name: 'byReminder', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    // A department (specialty at a hospital) on a date: the doctor's day counts read only it.
    { name: 'byDepartmentDay', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
  ttlAttribute: 'expiresAt',
};

/** Job leases (one runner across processes) and, later, job run records. */
export const jobsTable: TableSpec = {
  name: 'jobs',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'expiresAt',
};

/**
 * Notifications: outbox items (written in the same transaction as the change that causes them),
 * each user's in-app inbox, reminder markers, and in local mode the record of SMS "sent".
 * Indexes are sparse: an item is in `byDue` only while something is left to send, in `byState`
 * once delivered (by day) or dead-lettered, in `byUnread` only while unread.
 */
export const notificationsTable: TableSpec = {
  name: 'notifications',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byDue', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'byState', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'byUnread', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  ttlAttribute: 'expiresAt',
};

/**
 * The audit trail (src/audit): write-once events, one hash chain per patient (pk CHAIN#…, sk the
 * zero-padded sequence). Indexes answer the admin filters and the patient's "who looked" page, each
 * sorted by time; `chains` is sparse (first event of each chain only) for the daily chain check;
 * `byDay` holds each event under its UTC day (the S3 archive, the admin log by dates only).
 * The app's role may only put, get and query (aws-policy.ts); not backed up (see src/audit/README.md).
 */
export const auditTable: TableSpec = {
  name: 'audit',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byActor', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'byPatient', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'byAction', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { name: 'chains', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    // Every event under its UTC day: the daily S3 archive and the admin log by dates alone.
    { name: 'byDay', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
  backup: false,
  appendOnly: true,
};

/** Every table under the name the app's code knows it by (TableNames), in creation order. */
const TABLES = {
  users: usersTable,
  directory: directoryTable,
  sessions: sessionsTable,
  rateLimits: rateLimitsTable,
  appointments: appointmentsTable,
  jobs: jobsTable,
  notifications: notificationsTable,
  audit: auditTable,
  prescriptions: prescriptionsTable,
  records: recordsTable,
  analytics: analyticsTable,
  donationBookings: donationBookingsTable,
  security: securityTable,
  bloodbank: bloodbankTable,
} satisfies Record<string, TableSpec>;

export const allTables: TableSpec[] = Object.values(TABLES);

/** The tables the daily backup copies (see TableSpec.backup). */
export const backedUpTables: TableSpec[] = allTables.filter((spec) => spec.backup !== false);

export type TableNames = Record<keyof typeof TABLES, string>;

export function tableNames(prefix: string): TableNames {
  const entries = Object.entries(TABLES).map(([key, spec]) => [key, prefix + spec.name]);
  return Object.fromEntries(entries) as TableNames;
}
