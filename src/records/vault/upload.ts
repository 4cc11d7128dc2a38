/**
 * Adding a file to a vault: the bytes are checked (type from the signature, nothing else inside),
 * the object is stored first, then its metadata; if the metadata cannot be written the object is
 * deleted again, so a refused or failed upload leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { HttpError, NotFoundError, ValidationError } from '../../platform/http/errors';
import type { UploadRefusal } from '../../platform/http/uploads';
import { parseForm } from '../../platform/validation';
import { getUserById, type User } from '../../users';
import { readLabReport } from '../insights/read-lab-report';
import { inVisitWith, NOT_FOUND } from './access';
import { checkFile, checkFileName } from './file-check';
import { deleteObject, putObject } from './objects';
import { createFile } from './repository';
import { uploadSchema, type UploadInput } from './schemas';
import type { VaultFile } from './types';

type Ctx = Pick<Deps, 'db' | 'config' | 'storage' | 'logger'>;
export interface UploadedFile { buffer: Buffer; originalname: string }

const megabytes = (ctx: Ctx) => ctx.config.records.maxUploadBytes / 1024 / 1024;
const refuse = (message: string) => new ValidationError({ file: message });

/** The bytes and cleaned name of the form's file, or the refusal shown on the file field. */
export async function checkedUpload(ctx: Ctx, file: UploadedFile | undefined, refusal: UploadRefusal | undefined) {
  if (refusal === 'too-large') {
    const message = `This file is larger than ${megabytes(ctx)} MB. Choose a smaller file.`;
    throw new HttpError(413, message, { file: message });
  }
  if (refusal) throw refuse('The file could not be read. Choose it again.');
  if (!file) throw refuse('Choose a file to add');
  if (!file.buffer.length) throw refuse('This file is empty. Choose another one.');
  const name = checkFileName(file.originalname);
  if (!name.ok) throw refuse(name.reason === 'path' ? 'The file’s name looks like a folder path. Rename the file and try again.' : 'The file’s name holds invisible characters. Rename the file and try again.');
  const verdict = await checkFile(file.buffer);
  if (!verdict.ok) {
    throw refuse(verdict.reason === 'polyglot' ? 'This file holds more than a PDF or picture (something else is hidden inside it), so we cannot keep it safely.' : 'Only PDF, PNG and JPEG files can be added. This file is something else, whatever its name says.');
  }
  return { bytes: file.buffer, displayName: name.displayName, contentType: verdict.contentType };
}

/**
 * The form's fields and its file, checked together so every message shows at once; a body cut short
 * by the size limit is answered with 413 alone (the fields after the file never arrived).
 */
export async function readUpload(ctx: Ctx, body: unknown, file: UploadedFile | undefined, refusal: UploadRefusal | undefined) {
  const form = parseForm(uploadSchema, body);
  const fileErrors = await checkedUpload(ctx, file, refusal).then(
    (upload) => ({ upload, errors: {} }),
    (error: unknown) => {
      if (error instanceof ValidationError && error.status === 422 && error.errors) return { upload: undefined, errors: error.errors };
      throw error;
    },
  );
  if (!form.ok || !fileErrors.upload) throw new ValidationError({ ...(form.ok ? {} : form.errors), ...fileErrors.errors });
  return { input: form.data, upload: fileErrors.upload };
}

/** Whose vault the upload goes to: the patient's own, or for a doctor the patient of a visit in progress today. */
export async function vaultOwner(ctx: Ctx, uploader: User, input: Pick<UploadInput, 'patientId'>): Promise<User> {
  if (uploader.role === 'patient') return uploader;
  if (!input.patientId) throw refuse('Open this page from the patient’s visit');
  if (!(await inVisitWith(ctx, uploader, input.patientId))) throw new NotFoundError(NOT_FOUND);
  const patient = await getUserById(ctx.db, input.patientId);
  if (!patient || patient.role !== 'patient') throw new NotFoundError(NOT_FOUND);
  return patient;
}

/** Lab-report PDFs get an automated reading, for the patient's sex where the ranges differ. */
async function readingOf(kind: VaultFile['kind'], contentType: VaultFile['contentType'], bytes: Buffer, patient: User) {
  if (kind !== 'lab-report' || contentType !== 'application/pdf') return undefined;
  return readLabReport(bytes, { sex: patient.gender === 'female' || patient.gender === 'male' ? patient.gender : undefined });
}

/** The report's date as an instant: the start of that day in the hospital's zone (the timeline's sort key). */
const startOfDay = (ctx: Ctx, date: string) => DateTime.fromISO(date, { zone: ctx.config.timeZone }).startOf('day').toUTC().toISO()!;

/** Stores a checked file in the patient's vault. */
export async function addFile(ctx: Ctx, uploader: User, patient: User, input: UploadInput, upload: Awaited<ReturnType<typeof checkedUpload>>): Promise<VaultFile> {
  const { bytes, displayName, contentType } = upload;
  const file: VaultFile = {
    id: randomUUID(), patientId: patient.id, title: input.title, kind: input.kind, date: input.date, dateAt: startOfDay(ctx, input.date), displayName, size: bytes.length, contentType,
    sha256: createHash('sha256').update(bytes).digest('hex'), uploadedBy: { userId: uploader.id, role: uploader.role === 'doctor' ? 'doctor' : 'patient' },
    uploadedAt: new Date().toISOString(), hidden: false, shares: [], version: 1,
  };
  const reading = await readingOf(input.kind, contentType, bytes, patient);
  const stored = reading ? { ...file, reading } : file;
  await putObject(ctx, stored, bytes);
  try {
    await createFile(ctx.db, stored);
  } catch (error) {
    await deleteObject(ctx, stored).catch((err: unknown) => ctx.logger.error({ err, fileId: stored.id }, 'vault object left without metadata'));
    throw error;
  }
  return stored;
}

/** The vault's storing function for callers outside a request (the demo seed): the same checks, reading and writes as an upload. */
export async function storeFile(ctx: Ctx, uploader: User, patient: User, input: Omit<UploadInput, 'patientId'>, file: UploadedFile): Promise<VaultFile> {
  return addFile(ctx, uploader, patient, input, await checkedUpload(ctx, file, undefined));
}
