/**
 * A doctor's public profile: they edit their introduction, qualifications, languages and photo
 * (before approval too, so the profile is ready when patients first see it); the photo is served
 * from the app, never from a public bucket URL. The photo form is multipart: see UPLOADS.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole, requireVerifiedEmail } from '../platform/http/guards';
import type { UploadRoute } from '../platform/http/uploads';
import { doctorProfileHandlers } from './handlers';
import { MAX_PHOTO_BYTES } from './photos';

/** The multipart forms of this feature, parsed by app.ts before the CSRF check (platform/http/uploads.ts). */
export const DOCTOR_PROFILE_UPLOADS: UploadRoute[] = [{ path: '/doctor/profile/photo', field: 'photo', maxBytes: MAX_PHOTO_BYTES }];

export function doctorProfileRoutes(deps: Deps): Router {
  const h = doctorProfileHandlers(deps);
  const doctor = [requireRole('doctor'), requireVerifiedEmail];
  return Router()
    .get('/doctor/profile', ...doctor, h.show)
    .post('/doctor/profile', ...doctor, h.save)
    .post('/doctor/profile/photo', ...doctor, h.uploadPhoto)
    .post('/doctor/profile/photo/remove', ...doctor, h.removePhoto)
    .get('/doctors/:doctorId/photo', h.showPhoto);
}
