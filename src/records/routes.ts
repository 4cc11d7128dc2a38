/**
 * The medical vault: a patient's files (PDF, PNG, JPEG) in S3 with their metadata in DynamoDB.
 * The patient adds, hides, shares, deletes and restores; a doctor who cares for the patient reads
 * (and adds during a visit today); a doctor a file is shared with reads that file. Anyone else,
 * admins included, finds nothing (404). The upload form is multipart: see RECORDS_UPLOADS.
 */
import { Router } from 'express';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../platform/http/guards';
import type { UploadRoute } from '../platform/http/uploads';
import { vaultWriteHandlers } from './vault/change-handlers';
import { vaultReadHandlers } from './vault/handlers';

/** The multipart form of the vault, parsed by app.ts before the CSRF check; the raw name is kept so a path in it is refused, not cut. */
export const recordsUploads = (config: Config): UploadRoute[] => [{ path: '/records/upload', field: 'file', maxBytes: config.records.maxUploadBytes, preservePath: true }];

export function recordsRoutes(deps: Deps): Router {
  const read = vaultReadHandlers(deps);
  const write = vaultWriteHandlers(deps);
  const patient = [requireRole('patient'), requireVerifiedEmail];
  const doctor = [requireRole('doctor'), requireVerifiedEmail, requireApprovedDoctor];
  const careParty = [requireRole('patient', 'doctor'), requireVerifiedEmail, requireApprovedDoctor];
  const file = '/patients/:patientId/files/:fileId';
  return Router()
    .get('/records', ...patient, read.listOwn)
    .get('/records/deleted', ...patient, read.listDeleted)
    .get('/records/upload', ...patient, write.uploadForm)
    .post('/records/upload', ...careParty, write.upload)
    .get('/patients/:patientId/files', ...careParty, read.listForPatient)
    .get('/patients/:patientId/files/new', ...doctor, write.doctorUploadForm)
    .get(file, ...careParty, read.show)
    .get(`${file}/download`, ...careParty, read.download)
    .get(`${file}/preview`, ...careParty, read.preview)
    .post(`${file}/hide`, ...patient, write.hide)
    .post(`${file}/unhide`, ...patient, write.unhide)
    .post(`${file}/share`, ...patient, write.share)
    .post(`${file}/unshare`, ...patient, write.revoke)
    .post(`${file}/delete`, ...patient, write.remove)
    .post(`${file}/restore`, ...patient, write.restore);
}
