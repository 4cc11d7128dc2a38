/** What the vault's pages are rendered with, and the parts of a request they read. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import type { RejectedForm } from '../../platform/http/forms';
import { fullName, getUserById, type User } from '../../users';
import { NOT_FOUND } from './access';
import { shareableDoctors } from './changes';
import { idParam } from './schemas';
import { FILE_KINDS, KIND_WORDS, type VaultFile } from './types';

export const KIND_OPTIONS = FILE_KINDS.map((value) => ({ value, label: KIND_WORDS[value] }));
export const filePath = (file: Pick<VaultFile, 'patientId' | 'id'>) => `/patients/${file.patientId}/files/${file.id}`;

/** The route's patient and file ids; anything but a uuid is a file that does not exist. */
export function fileParams(req: Request): { patientId: string; fileId: string } {
  const patientId = idParam.safeParse(req.params.patientId);
  const fileId = idParam.safeParse(req.params.fileId ?? patientId.data);
  if (!patientId.success || !fileId.success) throw new NotFoundError(NOT_FOUND);
  return { patientId: patientId.data, fileId: fileId.data };
}

export const cursorOf = (req: Request) => (typeof req.query.cursor === 'string' ? req.query.cursor : undefined);

/** "12.5 MB", "340 KB". */
export function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function renderUpload(deps: Deps, res: Response, patient: User | undefined, form: Partial<RejectedForm> = {}) {
  res.render('records/upload', {
    title: patient ? `Add a file for ${fullName(patient)}` : 'Add a file',
    patient: patient ? { id: patient.id, name: fullName(patient) } : null,
    kinds: KIND_OPTIONS,
    values: form.values ?? {},
    errors: form.errors ?? {},
    maxMegabytes: deps.config.records.maxUploadBytes / 1024 / 1024,
  });
}

/** The file page: the patient sees their controls, a doctor the file beside its reading. */
export async function renderFile(deps: Deps, res: Response, viewer: User, file: VaultFile, form: Partial<RejectedForm> = {}) {
  const isPatient = viewer.id === file.patientId;
  const doctors = isPatient ? await shareableDoctors(deps, viewer) : [];
  const sharedWith = isPatient ? await Promise.all(file.shares.map(async (id) => ({ id, name: nameOf(await getUserById(deps.db, id)) }))) : [];
  const patient = isPatient ? viewer : await getUserById(deps.db, file.patientId);
  res.render('records/show', {
    title: file.title,
    file,
    path: filePath(file),
    kindWords: KIND_WORDS[file.kind],
    size: sizeWords(file.size),
    isPatient,
    undoDays: deps.config.records.undoDays,
    patientName: patient ? fullName(patient) : 'Patient',
    doctors: doctors.filter((d) => !file.shares.includes(d.id)),
    sharedWith,
    values: form.values ?? {},
    errors: form.errors ?? {},
  });
}

const nameOf = (user: User | undefined) => (user ? `Dr ${fullName(user)}` : 'A former doctor');
