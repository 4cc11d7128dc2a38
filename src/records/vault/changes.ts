/**
 * What the patient does with their own files: hide from all doctors and show again, share one file
 * with one doctor and revoke it, delete (restorable for the undo days) and restore. Each change is
 * one conditional write at the version read.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { listPastAppointmentsForPatient, upcomingAppointmentsFor } from '../../appointments';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError, ValidationError } from '../../platform/http/errors';
import { notify } from '../../notifications';
import { fullName, getUserById, type User } from '../../users';
import { ownFile } from './access';
import { sharedNotice } from './notices';
import { saveFile, stageFileChange } from './repository';
import type { VaultFile } from './types';

type Ctx = Pick<Deps, 'db' | 'config'> & Partial<Pick<Deps, 'outbox'>>;
export type Change = 'hide' | 'unhide' | 'delete' | 'restore';

function changed(ctx: Ctx, file: VaultFile, change: Change): VaultFile {
  if (change === 'hide' || change === 'unhide') {
    if (file.deletedAt) throw new ConflictError('This file is deleted. Restore it first.');
    return { ...file, hidden: change === 'hide' };
  }
  if (change === 'delete') {
    if (file.deletedAt) return file;
    const now = DateTime.utc();
    return { ...file, deletedAt: now.toISO(), purgeAfter: now.plus({ days: ctx.config.records.undoDays }).toISO() };
  }
  if (!file.deletedAt) return file;
  const { deletedAt: _d, purgeAfter: _p, ...restored } = file;
  return restored;
}

/** Applies one of the patient's changes to their file. */
export async function changeFile(ctx: Ctx, patient: User, fileId: string, change: Change): Promise<VaultFile> {
  const file = await ownFile(ctx, patient, patient.id, fileId);
  const after = changed(ctx, file, change);
  return after === file ? file : saveFile(ctx.db, file, after);
}

/** The doctors a patient may share with: those of their visits, booked or past (the last 50). */
export async function shareableDoctors(ctx: Ctx, patient: User): Promise<{ id: string; name: string }[]> {
  const [upcoming, past] = await Promise.all([
    upcomingAppointmentsFor(ctx, patient.id, 20),
    listPastAppointmentsForPatient(ctx.db, patient.id, new Date().toISOString(), 50),
  ]);
  const ids = [...new Set([...upcoming, ...past].map((visit) => visit.doctorId))];
  const doctors = await Promise.all(ids.map((id) => getUserById(ctx.db, id)));
  return doctors.filter((d): d is User => Boolean(d?.doctor)).map((d) => ({ id: d.id, name: `Dr ${fullName(d)}` })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Shares the file with one of the patient's doctors, who is told in the same transaction. */
export async function shareFile(ctx: Ctx, patient: User, fileId: string, doctorId: string): Promise<VaultFile> {
  const file = await ownFile(ctx, patient, patient.id, fileId);
  if (file.deletedAt) throw new ConflictError('This file is deleted. Restore it first.');
  if (!(await shareableDoctors(ctx, patient)).some((d) => d.id === doctorId)) throw new ValidationError({ doctorId: 'Choose one of your doctors from the list' });
  if (file.shares.includes(doctorId)) return file;
  const doctor = (await getUserById(ctx.db, doctorId))!;
  const work = new UnitOfWork(ctx.db);
  const shared = stageFileChange(work, file, { ...file, shares: [...file.shares, doctorId] });
  await notify(ctx, [sharedNotice(doctor, fullName(patient), shared)], work);
  return shared;
}

/** Ends a share; a share already ended is no error. */
export async function revokeShare(ctx: Ctx, patient: User, fileId: string, doctorId: string): Promise<VaultFile> {
  const file = await ownFile(ctx, patient, patient.id, fileId);
  if (!file.shares.includes(doctorId)) return file;
  return saveFile(ctx.db, file, { ...file, shares: file.shares.filter((id) => id !== doctorId) });
}
