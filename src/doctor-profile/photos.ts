/**
 * Doctors' photos in the app's bucket, under doctor-photos/<doctorId>/<photoId>. The bucket is never
 * public: the app serves each photo itself (routes.ts). What a file is comes from its bytes
 * (file-type reads the signature), never from its name or the type the browser claimed.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../platform/s3';
import { PHOTO_TYPES, type DoctorPhoto } from '../users';
import { detectFileType } from './file-type';

export const PHOTO_FOLDER = 'doctor-photos';
/** About what a phone camera's photo is after the browser's own resizing; larger is refused. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

const photoKey = (doctorId: string, photoId: string) => `${PHOTO_FOLDER}/${doctorId}/${photoId}`;

/** The type of an image patients may be shown, read from its bytes; undefined for anything else. */
export async function imageTypeOf(bytes: Buffer): Promise<DoctorPhoto['contentType'] | undefined> {
  const mime = await detectFileType(bytes);
  return PHOTO_TYPES.find((type) => type === mime);
}

export async function putPhoto(storage: Storage, doctorId: string, photo: DoctorPhoto, bytes: Buffer): Promise<void> {
  await storage.client.send(
    new PutObjectCommand({ Bucket: storage.bucket, Key: photoKey(doctorId, photo.id), Body: bytes, ContentType: photo.contentType }),
  );
}

export async function readPhoto(storage: Storage, doctorId: string, photo: DoctorPhoto): Promise<Buffer> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: photoKey(doctorId, photo.id) }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function deletePhoto(storage: Storage, doctorId: string, photo: DoctorPhoto): Promise<void> {
  await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: photoKey(doctorId, photo.id) }));
}
