/**
 * A doctor's public profile: what they write (introduction, qualifications, languages) and their
 * photo. Each save changes only the doctor's own user item, guarded by the version it was read at.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { HttpError, NotFoundError, ValidationError } from '../platform/http/errors';
import type { UploadRefusal } from '../platform/http/uploads';
import { getUserById, updateUser, type DoctorPhoto, type DoctorProfile, type User } from '../users';
import { deletePhoto, imageTypeOf, MAX_PHOTO_BYTES, putPhoto, readPhoto } from './photos';
import type { ProfileInput } from './schemas';

type Ctx = Pick<Deps, 'db' | 'storage' | 'logger'>;
type Doctor = User & { doctor: DoctorProfile };

const NOT_AN_IMAGE = 'This file is not a photo we can show. Choose a JPEG, PNG or WebP image.';
export const PHOTO_TOO_LARGE = `The photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB. Choose a smaller one, or resize it first.`;

export function requireDoctorProfile(user: User): Doctor {
  if (!user.doctor) throw new NotFoundError('There is no doctor profile here.');
  return user as Doctor;
}

/** Saves what the doctor writes about themselves; the rest of their doctor record is kept as read. */
export async function saveProfile(ctx: Ctx, user: User, input: ProfileInput): Promise<User> {
  const doctor = requireDoctorProfile(user);
  return updateUser(ctx.db, doctor, { doctor: { ...doctor.doctor, ...input, bio: input.bio || undefined } });
}

/** The uploaded file's bytes, or the refusal a form shows on the photo field (413 for too large, 422 otherwise). */
export function uploadedPhoto(file: { buffer: Buffer } | undefined, refusal: UploadRefusal | undefined): Buffer {
  if (refusal === 'too-large') throw new HttpError(413, PHOTO_TOO_LARGE, { photo: PHOTO_TOO_LARGE });
  if (refusal) throw new ValidationError({ photo: 'The upload could not be read. Choose the photo again.' });
  if (!file || !file.buffer.length) throw new ValidationError({ photo: 'Choose a photo to upload' });
  return file.buffer;
}

/**
 * Stores the photo, then points the doctor's profile at it; the previous photo is then deleted.
 * If the profile changed meanwhile, the new object is deleted again and the conflict is thrown.
 */
export async function replacePhoto(ctx: Ctx, user: User, bytes: Buffer): Promise<User> {
  const doctor = requireDoctorProfile(user);
  const contentType = await imageTypeOf(bytes);
  if (!contentType) throw new ValidationError({ photo: NOT_AN_IMAGE });
  const photo: DoctorPhoto = { id: randomUUID(), contentType, bytes: bytes.length, uploadedAt: new Date().toISOString() };
  await putPhoto(ctx.storage, doctor.id, photo, bytes);
  let saved: User;
  try {
    saved = await updateUser(ctx.db, doctor, { doctor: { ...doctor.doctor, photo } });
  } catch (error) {
    await forget(ctx, doctor.id, photo);
    throw error;
  }
  if (doctor.doctor.photo) await forget(ctx, doctor.id, doctor.doctor.photo);
  return saved;
}

export async function removePhoto(ctx: Ctx, user: User): Promise<User> {
  const doctor = requireDoctorProfile(user);
  if (!doctor.doctor.photo) return doctor;
  const saved = await updateUser(ctx.db, doctor, { doctor: { ...doctor.doctor, photo: undefined } });
  await forget(ctx, doctor.id, doctor.doctor.photo);
  return saved;
}

/** A photo no profile points at: deleted, and if that fails only storage is lost, so it is logged, not thrown. */
async function forget(ctx: Ctx, doctorId: string, photo: DoctorPhoto): Promise<void> {
  await deletePhoto(ctx.storage, doctorId, photo).catch((err: unknown) => ctx.logger.warn({ err, doctorId, photoId: photo.id }, 'doctor photo not deleted'));
}

const isPublic = (doctor: Doctor) => doctor.status === 'active' && doctor.doctor.approval === 'approved';

/**
 * A doctor's photo for a viewer: anyone may see a bookable doctor's; a doctor awaiting approval (or
 * inactive) shows theirs only to themselves and to admins. Missing and hidden answer alike.
 */
export async function photoFor(ctx: Ctx, doctorId: string, viewer: Pick<User, 'id' | 'role'> | undefined) {
  const user = await getUserById(ctx.db, doctorId);
  const photo = user?.doctor?.photo;
  if (!user?.doctor || !photo) throw new NotFoundError('There is no photo here.');
  const doctor = user as Doctor;
  const open = isPublic(doctor);
  if (!open && viewer?.id !== doctor.id && viewer?.role !== 'admin') throw new NotFoundError('There is no photo here.');
  return { photo, open, bytes: await readPhoto(ctx.storage, doctor.id, photo) };
}
