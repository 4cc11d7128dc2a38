/**
 * The tables of the features built on the core ones (tables.ts lists them all): prescriptions, the
 * medical vault, analytics, donation bookings, sign-in security and the blood bank.
 */
import type { TableSpec } from './table-spec';

/**
 * Prescriptions issued from completed visits (src/prescriptions), each its own record with its
 * status and version, and the claim that makes one visit give one prescription.
 */
export const prescriptionsTable: TableSpec = {
  name: 'prescriptions',
  partitionKey: 'pk',
  sortKey: 'sk',
  // A patient's prescriptions by issue time (the health timeline); sparse: the visit claims have no keys.
  indexes: [{ name: 'byPatient', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
};

/**
 * The medical vault (src/records): one item per file under its patient (pk PATIENT#…, sk FILE#…).
 * Sparse indexes: `filesByDate` holds a patient's files not deleted by the date on the report (the
 * vault's list and the health timeline), `deletedFiles` those deleted and still restorable,
 * `purgeDue` every deleted file by when its object may go.
 */
export const recordsTable: TableSpec = {
  name: 'records',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'deletedFiles', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'purgeDue', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { name: 'filesByDate', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
};

/**
 * Provider analytics (src/analytics): one aggregate item per local day (pk DAY) and per week
 * (pk WEEK, sk its Monday), written by the analytics job, so a page reads at most 60 items.
 */
export const analyticsTable: TableSpec = {
  name: 'analytics',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};

/** Donation bookings (src/donation-booking; their chair and donor locks are in the appointments table). */
export const donationBookingsTable: TableSpec = {
  name: 'donation-bookings',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [{ name: 'byDonor', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }, { name: 'byDay', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' }, { name: 'byReminder', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' }],
  ttlAttribute: 'expiresAt',
};

/**
 * Sign-in security (src/auth/mfa): each staff member's second factor (the authenticator secret,
 * sealed; recovery codes, hashed) and every account's sign-in history, kept 180 days (TTL).
 */
export const securityTable: TableSpec = {
  name: 'security',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'expiresAt',
};

/** The blood bank (src/bloodbank): lots, donors, donations, requests, stock and flow aggregates; sparse indexes (its README). */
export const bloodbankTable: TableSpec = {
  name: 'bloodbank',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    ['availableFefo', 'gsi1'], ['shelfByExpiry', 'gsi2'], ['byDonation', 'gsi3'], ['byStatus', 'gsi4'], ['byDonor', 'gsi5'], ['releaseDue', 'gsi6'],
  ].map(([name, key]) => ({ name, partitionKey: `${key}pk`, sortKey: `${key}sk` })),
};
