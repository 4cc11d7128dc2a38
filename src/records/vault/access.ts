/**
 * Who may see a file (the rules of the vault, see ../README.md): the patient; a doctor who cares for
 * the patient, unless the patient hid the file; a doctor the patient shared the file with, unless
 * hidden. Nobody else, admins included: to them a file is missing (404), as is a deleted one.
 */
import { DateTime } from 'luxon';
import { caresFor, listAppointmentsForDoctorOnDay } from '../../appointments';
import type { Deps } from '../../deps';
import { NotFoundError, NotYoursError } from '../../platform/http/errors';
import { getUserById, type User } from '../../users';
import { getFile, listLiveFiles, type FilePage } from './repository';
import type { VaultFile } from './types';

type Ctx = Pick<Deps, 'db' | 'config'>;
type Viewer = Pick<User, 'id' | 'role'>;

export const NOT_FOUND = 'We could not find that file.';
const NO_PATIENT = 'We could not find that patient’s files.';

const isOwner = (viewer: Viewer, patientId: string) => viewer.role === 'patient' && viewer.id === patientId;

/** Whether the viewer may open this (live) file. */
export async function maySee(ctx: Ctx, viewer: Viewer, file: VaultFile): Promise<boolean> {
  if (isOwner(viewer, file.patientId)) return true;
  if (viewer.role !== 'doctor' || file.hidden) return false;
  return file.shares.includes(viewer.id) || caresFor(ctx, viewer.id, file.patientId);
}

/** The live file if the viewer may see it; the same 404 for missing, deleted and someone else's. */
export async function readFileFor(ctx: Ctx, viewer: Viewer, patientId: string, fileId: string): Promise<VaultFile> {
  const file = await getFile(ctx.db, patientId, fileId);
  if (!file || file.deletedAt) throw new NotFoundError(NOT_FOUND);
  if (!(await maySee(ctx, viewer, file))) throw new NotYoursError(NOT_FOUND);
  return file;
}

/** The patient's own file, deleted or not: only they change it. */
export async function ownFile(ctx: Ctx, viewer: Viewer, patientId: string, fileId: string): Promise<VaultFile> {
  const file = await getFile(ctx.db, patientId, fileId);
  if (!file || file.purgedAt) throw new NotFoundError(NOT_FOUND);
  if (!isOwner(viewer, patientId)) throw new NotYoursError(NOT_FOUND);
  return file;
}

/**
 * One page of the patient's files as the viewer may see them: all of them for the patient; for a
 * caring doctor those not hidden. Anyone else: 404, as for a patient who does not exist.
 */
export async function listFilesFor(ctx: Ctx, viewer: Viewer, patientId: string, cursor?: string): Promise<FilePage> {
  if (isOwner(viewer, patientId)) return listLiveFiles(ctx.db, patientId, cursor);
  if (viewer.role !== 'doctor' || !(await caresFor(ctx, viewer.id, patientId))) {
    // Told apart only for the authorization log: both answer the same 404.
    const patient = await getUserById(ctx.db, patientId);
    throw patient?.role === 'patient' ? new NotYoursError(NO_PATIENT) : new NotFoundError(NO_PATIENT);
  }
  const page = await listLiveFiles(ctx.db, patientId, cursor);
  return { ...page, files: page.files.filter((file) => !file.hidden) };
}

/** A doctor may add files to a patient's vault during a visit with them today: checked in or with the doctor. */
export async function inVisitWith(ctx: Ctx, doctor: Viewer, patientId: string): Promise<boolean> {
  if (doctor.role !== 'doctor') return false;
  const today = DateTime.now().setZone(ctx.config.timeZone).toISODate()!;
  const visits = await listAppointmentsForDoctorOnDay(ctx.db, doctor.id, today);
  return visits.some((visit) => visit.patientId === patientId && (visit.status === 'checked-in' || visit.status === 'in-progress'));
}
