/**
 * Reading archived visits back from S3. Parts never change once a manifest lists them, so the
 * parts read are kept in a small LRU cache; a visit is found through the stand-in it left
 * (appointments/repository/archive.ts).
 */
import { LRUCache } from 'lru-cache';
import { getArchivePointer, type Appointment } from '../appointments';
import type { Deps } from '../deps';
import { NotFoundError, NotYoursError } from '../platform/http/errors';
import type { Storage } from '../platform/s3';
import type { User } from '../users';
import { appointmentOf } from './items';
import { readPart } from './parts';

/** Reads archived parts from the bucket; built once per process (server.ts) and passed in Deps. */
export interface ArchiveReader {
  /** Every appointment a part holds (each version as archived), read from S3 once. */
  appointmentsInPart(key: string): Promise<Appointment[]>;
}

export function createArchiveReader(storage: Storage): ArchiveReader {
  const cachedParts = new LRUCache<string, Appointment[]>({ max: 64 });
  return {
    async appointmentsInPart(key) {
      const cached = cachedParts.get(key);
      if (cached) return cached;
      const slash = key.lastIndexOf('/');
      const { items } = await readPart(storage, key.slice(0, slash), key.slice(slash + 1));
      const appointments = items.map(appointmentOf);
      cachedParts.set(key, appointments);
      return appointments;
    },
  };
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
export async function archivedAppointmentFor(deps: Pick<Deps, 'db' | 'archive'>, user: User, appointmentId: string): Promise<Appointment | undefined> {
  const pointer = await getArchivePointer(deps.db, appointmentId);
  if (!pointer) return undefined;
  if (user.role !== 'admin' && pointer.patientId !== user.id && pointer.doctorId !== user.id) throw new NotYoursError('We could not find that appointment.');
  const versions = (await deps.archive.appointmentsInPart(pointer.archivedPart)).filter((a) => a.id === appointmentId);
  const archived = versions.find((a) => a.version === pointer.version) ?? newestVersions(versions)[0];
  if (!archived) throw new NotFoundError('This appointment is archived, but its record could not be read. Please contact the hospital.');
  return { ...archived, rating: pointer.rating ?? archived.rating, archived: true };
}

/**
 * The archived record of one of `patientId`'s visits, for the health timeline (which checked the
 * viewer may see that patient's history). Undefined when it is not archived or is another patient's;
 * an unreachable bucket throws (the page fails rather than showing a history with holes).
 */
export async function archivedRecordOf(deps: Pick<Deps, 'db' | 'archive'>, patientId: string, appointmentId: string): Promise<Appointment | undefined> {
  const pointer = await getArchivePointer(deps.db, appointmentId);
  if (!pointer || pointer.patientId !== patientId) return undefined;
  const versions = (await deps.archive.appointmentsInPart(pointer.archivedPart)).filter((a) => a.id === appointmentId);
  const archived = versions.find((a) => a.version === pointer.version) ?? newestVersions(versions)[0];
  return archived && { ...archived, archived: true };
}
