/**
 * Donors and donations: a registered patient or a walk-in gives blood; the officer checks
 * eligibility, records the donation (its lots go on the shelf quarantined), then records screening:
 * all negative makes the lots available, any positive discards them and opens a follow-up.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import { ifConditionFails } from '../../platform/db/errors';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors';
import { fullName, getUserById, type User } from '../../users';
import { settingsOf } from '../config';
import { eligibilityRefusals } from '../eligibility';
import { donationItem, donorItemKeys } from './items';
import { stageLotTransition, stageNewLot, listLotsOfDonation } from '../stock/lots';
import { newLot } from '../stock/service';
import { StockChanges } from '../stock/aggregate';
import { SCREENING_TESTS, type BloodGroup, type Component, type Donation, type DonationKind, type Donor, type ScreeningTest, type Sex } from '../types';
import { getDonation, getDonor, lastWholeBloodDonation } from './repository';

export type DonationCtx = Pick<Deps, 'db' | 'config'>;

export interface WalkInInput {
  firstName: string;
  lastName: string;
  phone: string;
  group: BloodGroup;
  dateOfBirth: string;
  sex: Sex;
}

/** Registers a walk-in donor; one donor per phone number. */
export async function registerWalkIn(ctx: DonationCtx, input: WalkInInput): Promise<Donor> {
  const donor: Donor = { id: randomUUID(), kind: 'walk-in', ...input, createdAt: new Date().toISOString() };
  const work = new UnitOfWork(ctx.db);
  for (const put of donorItemKeys(work.db, donor)) work.stage(put, () => new ConflictError('A donor with this phone number is registered already: search for them.', { phone: 'A donor with this phone number is registered already: search for them.' }));
  await work.commit();
  return donor;
}

/** The donor record of a registered patient (made from their account the first time they give). */
export async function donorForPatient(ctx: DonationCtx, patientId: string, details: { group?: BloodGroup; sex?: Sex; dateOfBirth?: string } = {}): Promise<Donor> {
  const existing = await getDonor(ctx.db, patientId);
  if (existing) return existing;
  const user = await getUserById(ctx.db, patientId);
  if (!user || user.role !== 'patient') throw new NotFoundError('We could not find that patient.');
  const group = details.group ?? user.bloodGroup;
  const sex = details.sex ?? (user.gender === 'male' || user.gender === 'female' ? user.gender : undefined);
  const dateOfBirth = details.dateOfBirth ?? user.dateOfBirth;
  const missing = { ...(group ? {} : { group: 'Enter the donor’s blood group' }), ...(sex ? {} : { sex: 'Choose the donor’s sex' }), ...(dateOfBirth ? {} : { dateOfBirth: 'Enter the donor’s date of birth' }) };
  if (Object.keys(missing).length) throw new ValidationError(missing);
  const donor: Donor = { id: user.id, kind: 'patient', firstName: user.firstName, lastName: user.lastName, phone: user.phone, email: user.email, group: group!, sex: sex!, dateOfBirth: dateOfBirth!, createdAt: new Date().toISOString() };
  const work = new UnitOfWork(ctx.db);
  work.stage(donorItemKeys(work.db, donor)[0]);
  // Two desks at once: the other's record is the same person's.
  await ifConditionFails(() => work.commit(), undefined);
  return (await getDonor(ctx.db, patientId)) ?? donor;
}

export interface DonationInput {
  kind: DonationKind;
  collectedOn: string;
  weightKg: number;
  haemoglobin: number;
  lots: { component: Component; units: number; bagNumber: string }[];
}

/** Refusals for this donor today (age, weight, haemoglobin, interval), as field messages. */
export async function checkEligibility(ctx: DonationCtx, donor: Donor, input: Pick<DonationInput, 'collectedOn' | 'weightKg' | 'haemoglobin'>) {
  const last = await lastWholeBloodDonation(ctx.db, donor.id);
  return eligibilityRefusals({ ...input, dateOfBirth: donor.dateOfBirth, sex: donor.sex, lastWholeBlood: last?.collectedOn, today: input.collectedOn }, settingsOf(ctx.config).rules);
}

/** Records a donation and its lots, quarantined until screening; refused (422) when the donor may not give. */
export async function recordDonation(ctx: DonationCtx, officer: Pick<User, 'id'>, donorId: string, input: DonationInput): Promise<Donation> {
  const donor = await getDonor(ctx.db, donorId);
  if (!donor) throw new NotFoundError('We could not find that donor.');
  const refusals = await checkEligibility(ctx, donor, input);
  if (refusals.length) throw new ValidationError(Object.fromEntries(refusals.map((r) => [r.field === 'lastDonation' || r.field === 'dateOfBirth' ? 'form' : r.field, r.message])));
  const bags = input.lots.map((l) => l.bagNumber.toUpperCase());
  if (new Set(bags).size !== bags.length) throw new ValidationError({ lots: 'Each bag needs its own bag number.' });
  const id = randomUUID();
  const lots = input.lots.map((l) => newLot(ctx, { ...l, group: donor.group, collectedOn: input.collectedOn, donationId: id, status: 'quarantined' }));
  const donation: Donation = {
    id, donorId, donorKind: donor.kind, kind: input.kind, group: donor.group, collectedOn: input.collectedOn, weightKg: input.weightKg, haemoglobin: input.haemoglobin,
    lotIds: lots.map((l) => l.id), screening: 'awaiting', recordedBy: officer.id, createdAt: new Date().toISOString(), version: 1,
  };
  const work = new UnitOfWork(ctx.db);
  work.stage({ Put: { TableName: ctx.db.tables.bloodbank, Item: donationItem(donation), ConditionExpression: 'attribute_not_exists(pk)' } });
  const stock = new StockChanges();
  for (const lot of lots) stageNewLot(work, lot, stock);
  stock.stageInto(work);
  await work.commit();
  return donation;
}

export type ScreeningResults = Record<ScreeningTest, 'negative' | 'positive'>;

/** Records screening once: all negative releases the lots; any positive discards them and opens a follow-up. */
export async function recordScreening(ctx: DonationCtx, donationId: string, results: ScreeningResults): Promise<Donation> {
  const donation = await getDonation(ctx.db, donationId);
  if (!donation) throw new NotFoundError('We could not find that donation.');
  if (donation.screening !== 'awaiting') throw new ConflictError('Screening of this donation is recorded already.', { form: 'Screening of this donation is recorded already.' });
  const passed = SCREENING_TESTS.every((t) => results[t] === 'negative');
  const after: Donation = { ...donation, results, screening: passed ? 'passed' : 'failed', ...(passed ? {} : { followUp: { open: true } }), version: donation.version + 1 };
  const work = new UnitOfWork(ctx.db);
  work.stage(
    { Put: { TableName: ctx.db.tables.bloodbank, Item: donationItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': donation.version } } },
    () => new ConflictError('Screening of this donation was recorded a moment ago.', { form: 'Screening of this donation was recorded a moment ago.' }),
  );
  const stock = new StockChanges();
  for (const lot of await listLotsOfDonation(ctx.db, donationId)) {
    if (lot.status !== 'quarantined') continue;
    stageLotTransition(work, lot, passed ? { ...lot, status: 'available' } : { ...lot, status: 'discarded', reason: 'Failed donor screening' }, stock);
  }
  stock.stageInto(work);
  await work.commit();
  return after;
}

/** Closes a follow-up with the officer's note. */
export async function closeFollowUp(ctx: DonationCtx, donationId: string, note: string): Promise<void> {
  const donation = await getDonation(ctx.db, donationId);
  if (!donation?.followUp?.open) throw new NotFoundError('There is no open follow-up for that donation.');
  const after: Donation = { ...donation, followUp: { open: false, note, closedAt: new Date().toISOString() }, version: donation.version + 1 };
  const work = new UnitOfWork(ctx.db);
  work.stage({ Put: { TableName: ctx.db.tables.bloodbank, Item: donationItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': donation.version } } }, () => new ConflictError('This follow-up was changed a moment ago.'));
  await work.commit();
}

export const donorName = (donor: Pick<Donor, 'firstName' | 'lastName'>) => fullName(donor);
