/**
 * Reading archived visits back from S3. Parts never change once a manifest lists them, so the
 * parts read are kept in a small LRU cache; a visit is found through the stand-in it left
 * (appointments/repository/archive.ts).
 */
import { LRUCache } from 'lru-cache';
import { getArchivePointer, type Appointment } from '../appointments';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { NotFoundError, NotYoursError } from '../platform/http/errors';
import { createS3, type Storage } from '../platform/s3';
import type { User } from '../users';
import { appointmentOf } from './items';
import { readPart } from './parts';

const cachedParts = new LRUCache<string, Appointment[]>({ max: 64 });
const storages = new WeakMap<Readonly<Config>, Storage>();

/** One S3 client per config, shared by every request that reads the archive. */
export function archiveStorage(config: Readonly<Config>): Storage {
  if (!storages.has(config)) storages.set(config, createS3(config));
  return storages.get(config)!;
}

/** Every appointment a part holds (each version as archived), read from S3 once. */
export async function appointmentsInPart(storage: Storage, key: string): Promise<Appointment[]> {
  const cacheKey = `${storage.bucket}/${key}`;
  const cached = cachedParts.get(cacheKey);
  if (cached) return cached;
  const slash = key.lastIndexOf('/');
  const { items } = await readPart(storage, key.slice(0, slash), key.slice(slash + 1));
  const appointments = items.map(appointmentOf);
  cachedParts.set(cacheKey, appointments);
  return appointments;
}

/** The newest version of each appointment, in time order. */
export function newestVersions(appointments: Appointment[]): Appointment[] {
  const newest = new Map<string, Appointment>();
  for (const a of appointments) if ((newest.get(a.id)?.version ?? -1) <= a.version) newest.set(a.id, a);
  return [...newest.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * An archived appointment the user may see (the same rule as a live one: the patient, the doctor,
 * any admin; to anyone else it does not exist), or undefined when `appointmentId` is not archived.
 */
export async function archivedAppointmentFor(deps: Pick<Deps, 'db' | 'config'>, user: User, appointmentId: string): Promise<Appointment | undefined> {
  const pointer = await getArchivePointer(deps.db, appointmentId);
  if (!pointer) return undefined;
  if (user.role !== 'admin' && pointer.patientId !== user.id && pointer.doctorId !== user.id) throw new NotYoursError('We could not find that appointment.');
  const versions = (await appointmentsInPart(archiveStorage(deps.config), pointer.archivedPart)).filter((a) => a.id === appointmentId);
  const archived = versions.find((a) => a.version === pointer.version) ?? newestVersions(versions)[0];
  if (!archived) throw new NotFoundError('This appointment is archived, but its record could not be read. Please contact the hospital.');
  return { ...archived, rating: pointer.rating ?? archived.rating, archived: true };
}
