/** HTTP for the doctor's public profile: the edit page, its two forms, and the photo itself. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { NotFoundError } from '../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import type { User } from '../users';
import { MAX_PHOTO_BYTES } from './photos';
import { doctorIdSchema, profileSchema } from './schemas';
import * as profile from './service';

const PAGE = '/doctor/profile';
/** A photo's URL names its version, so the browser may keep it for a year. */
const ONE_YEAR = 'public, max-age=31536000, immutable';

function renderProfile(res: Response, user: User, form: Partial<RejectedForm> & { photoErrors?: Record<string, string> } = {}) {
  const doctor = profile.requireDoctorProfile(user).doctor;
  const saved = { bio: doctor.bio ?? '', qualifications: doctor.qualifications, languages: (doctor.languages ?? []).join(', ') };
  return res.render('doctor-profile/edit', {
    title: 'Your public profile',
    person: user,
    values: form.values ?? saved,
    errors: form.errors ?? {},
    photoErrors: form.photoErrors ?? {},
    maxMegabytes: MAX_PHOTO_BYTES / 1024 / 1024,
  });
}

export function doctorProfileHandlers(deps: Deps) {
  return {
    show: (req: Request, res: Response) => renderProfile(res, req.user!),

    save: withFormErrors(
      (req, res, form) => renderProfile(res, req.user!, form),
      async (req, res) => {
        await profile.saveProfile(deps, req.user!, validForm(profileSchema, req.body, { multiline: ['bio'] }));
        flash(req, 'success', 'Your profile is saved. Patients see it on the doctors page.');
        res.redirect(303, PAGE);
      },
    ),

    uploadPhoto: withFormErrors(
      (req, res, { errors }) => renderProfile(res, req.user!, { photoErrors: errors }),
      async (req, res) => {
        await profile.replacePhoto(deps, req.user!, profile.uploadedPhoto(req.file, req.uploadRefusal));
        flash(req, 'success', 'Your photo is saved.');
        res.redirect(303, PAGE);
      },
    ),

    async removePhoto(req: Request, res: Response) {
      await profile.removePhoto(deps, req.user!);
      flash(req, 'success', 'Your photo is removed.');
      res.redirect(303, PAGE);
    },

    /** The bytes as checked at upload, typed as detected then; never sniffed by the browser. */
    async showPhoto(req: Request, res: Response) {
      const doctorId = doctorIdSchema.safeParse(req.params.doctorId);
      if (!doctorId.success) throw new NotFoundError('There is no photo here.');
      const { photo, open, bytes } = await profile.photoFor(deps, doctorId.data, req.user);
      res.removeHeader('Pragma');
      res.set({
        'Content-Type': photo.contentType,
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'inline',
        'Cache-Control': !open ? 'private, no-store' : req.query.v === photo.id ? ONE_YEAR : 'public, no-cache',
      });
      res.send(bytes);
    },
  };
}
