/** HTTP for writing to the vault: uploads (patient or doctor in a visit) and the patient's changes. Every write is audited. */
import type { Request, Response } from 'express';
import { audited } from '../../audit';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { getUserById } from '../../users';
import { inVisitWith, NOT_FOUND, ownFile } from './access';
import { changeFile, revokeShare, shareFile, type Change } from './changes';
import { fileParams, filePath, renderFile, renderUpload } from './pages';
import { shareSchema } from './schemas';
import { addFile, readUpload, vaultOwner } from './upload';

const DONE: Record<Change, string> = {
  hide: 'The file is hidden from all doctors.',
  unhide: 'Your doctors can see this file again.',
  delete: 'The file is deleted. You can restore it from “Recently deleted”.',
  restore: 'The file is back in your records.',
};

export function vaultWriteHandlers(deps: Deps) {
  const change = (action: Change) => async (req: Request, res: Response) => {
    const { patientId, fileId } = fileParams(req);
    const file = await audited(deps, req, { action, resourceType: 'file', resourceId: fileId, patientId }, () => changeFile(deps, req.user!, fileId, action));
    flash(req, 'success', DONE[action]);
    res.redirect(303, action === 'delete' ? '/records' : filePath(file));
  };
  /** A refused share or revoke shows the file page again with the message. */
  const onFilePage = withFormErrors.bind(null, async (req, res, form) => {
    const { patientId, fileId } = fileParams(req);
    const file = await ownFile(deps, req.user!, patientId, fileId);
    if (file.deletedAt) throw new NotFoundError(NOT_FOUND);
    await renderFile(deps, res, req.user!, file, form);
  });

  return {
    uploadForm: (_req: Request, res: Response) => renderUpload(deps, res, undefined),

    async doctorUploadForm(req: Request, res: Response) {
      const { patientId } = fileParams(req);
      const patient = (await inVisitWith(deps, req.user!, patientId)) ? await getUserById(deps.db, patientId) : undefined;
      if (!patient) throw new NotFoundError(NOT_FOUND);
      await renderUpload(deps, res, patient);
    },

    upload: withFormErrors(
      async (req, res, form) => {
        // A doctor's form names its patient again only for a visit today: no other patient's name is shown.
        const patientId = req.user!.role === 'doctor' ? form.values.patientId : undefined;
        const inVisit = patientId && /^[0-9a-f-]{36}$/.test(patientId) && (await inVisitWith(deps, req.user!, patientId));
        await renderUpload(deps, res, inVisit ? await getUserById(deps.db, patientId) : undefined, form);
      },
      async (req, res) => {
        const uploader = req.user!;
        const target = { action: 'create', resourceType: 'file', resourceId: 'new', patientId: (f: { patientId: string }) => f.patientId };
        const file = await audited(deps, req, target, async () => {
          const { input, upload } = await readUpload(deps, req.body, req.file, req.uploadRefusal);
          return addFile(deps, uploader, await vaultOwner(deps, uploader, input), input, upload);
        });
        flash(req, 'success', 'The file is added to the records.');
        res.redirect(303, filePath(file));
      },
    ),

    hide: change('hide'),
    unhide: change('unhide'),
    remove: change('delete'),
    restore: change('restore'),

    share: onFilePage(async (req, res) => {
      const { patientId, fileId } = fileParams(req);
      const { doctorId } = validForm(shareSchema, req.body);
      const file = await audited(deps, req, { action: 'share', resourceType: 'file', resourceId: fileId, patientId }, () => shareFile(deps, req.user!, fileId, doctorId));
      flash(req, 'success', 'The file is shared with that doctor.');
      res.redirect(303, filePath(file));
    }),

    revoke: onFilePage(async (req, res) => {
      const { patientId, fileId } = fileParams(req);
      const { doctorId } = validForm(shareSchema, req.body);
      const file = await audited(deps, req, { action: 'unshare', resourceType: 'file', resourceId: fileId, patientId }, () => revokeShare(deps, req.user!, fileId, doctorId));
      flash(req, 'success', 'That doctor can no longer see this file, unless they are caring for you.');
      res.redirect(303, filePath(file));
    }),
  };
}
