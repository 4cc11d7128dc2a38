/** HTTP for reading the vault: the lists, the file page, the download and the in-page preview. Every read is audited. */
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { audited } from '../../audit';
import type { Deps } from '../../deps';
import { fullName, getUserById } from '../../users';
import { listFilesFor, readFileFor } from './access';
import { openObject } from './objects';
import { listDeletedFiles } from './repository';
import { cursorOf, fileParams, filePath, renderFile, sizeWords } from './pages';
import { KIND_WORDS, type VaultFile } from './types';

const fileTarget = (action: string, patientId: string, fileId: string) => ({ action, resourceType: 'file', resourceId: fileId, patientId });
const EXTENSIONS: Record<VaultFile['contentType'], string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };

/** The name a download is saved under: the title, with the extension of what the file really is. */
const downloadName = (file: VaultFile) => `${file.title.replace(/[^\p{L}\p{N} ._-]/gu, '').trim() || 'file'}.${EXTENSIONS[file.contentType]}`;

/**
 * Sends the object's bytes on as they come. Not stream.pipeline: it reports a client that closed
 * the connection once it had every byte as an error after the answer was sent. A read that fails
 * half-way ends the connection (the headers are gone), and a client that leaves stops the read.
 */
function sendBody(res: Response, body: Readable): void {
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}

export function vaultReadHandlers(deps: Deps) {
  const list = async (req: Request, res: Response, patientId: string) => {
    const page = await audited(deps, req, { ...fileTarget('list', patientId, patientId) }, () => listFilesFor(deps, req.user!, patientId, cursorOf(req)));
    const own = req.user!.id === patientId;
    const patient = own ? req.user! : await getUserById(deps.db, patientId);
    const files = page.files.map((file) => ({ ...file, path: filePath(file), kindWords: KIND_WORDS[file.kind], size: sizeWords(file.size) }));
    res.render('records/index', { title: own ? 'Your medical records' : `Files of ${patient ? fullName(patient) : 'your patient'}`, own, patientId, files, cursor: page.cursor ?? null, here: req.path });
  };
  return {
    listOwn: (req: Request, res: Response) => list(req, res, req.user!.id),
    listForPatient: (req: Request, res: Response) => list(req, res, fileParams(req).patientId),

    async listDeleted(req: Request, res: Response) {
      const patientId = req.user!.id;
      const page = await audited(deps, req, fileTarget('list', patientId, 'deleted'), () => listDeletedFiles(deps.db, patientId, cursorOf(req)));
      res.render('records/deleted', { title: 'Recently deleted files', undoDays: deps.config.records.undoDays, files: page.files.map((f) => ({ ...f, path: filePath(f) })), cursor: page.cursor ?? null });
    },

    async show(req: Request, res: Response) {
      const { patientId, fileId } = fileParams(req);
      const file = await audited(deps, req, fileTarget('view', patientId, fileId), () => readFileFor(deps, req.user!, patientId, fileId));
      await renderFile(deps, res, req.user!, file);
    },

    /** Streamed through the app after the check: no bucket URL ever reaches the browser. */
    async download(req: Request, res: Response) {
      const { patientId, fileId } = fileParams(req);
      const file = await audited(deps, req, fileTarget('download', patientId, fileId), () => readFileFor(deps, req.user!, patientId, fileId));
      const body = await openObject(deps, file);
      res.attachment(downloadName(file));
      res.set({ 'Content-Type': file.contentType, 'Content-Length': String(file.size), 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" });
      sendBody(res, body);
    },

    /** Shown inside the file page (img or iframe), never as a page of its own: sandboxed, no script. */
    async preview(req: Request, res: Response) {
      const { patientId, fileId } = fileParams(req);
      const file = await audited(deps, req, fileTarget('preview', patientId, fileId), () => readFileFor(deps, req.user!, patientId, fileId));
      const body = await openObject(deps, file);
      const sandbox = file.contentType === 'application/pdf' ? '' : '; sandbox';
      res.set({
        'Content-Type': file.contentType, 'Content-Length': String(file.size), 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'${sandbox}`, 'X-Frame-Options': 'SAMEORIGIN',
      });
      sendBody(res, body);
    },
  };
}
