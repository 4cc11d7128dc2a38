/** The admin's archive browser: the archived days (from their manifests) and one day's visits. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describeAppointments, type DescribedAppointment } from '../appointments';
import type { Deps } from '../deps';
import type { Storage } from '../platform/s3';
import { ARCHIVE_ROOT, dayFolder, dayOfManifestKey, kindFolder, readManifest, type DayManifest } from './layout';
import { newestVersions } from './read-back';

/** Local dates that have a manifest, newest first (ListObjectsV2, every page). */
export async function listArchivedDays(storage: Storage, root = ARCHIVE_ROOT): Promise<string[]> {
  const days: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${kindFolder(root)}/`, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      const day = dayOfManifestKey(root, object.Key ?? '');
      if (day) days.push(day);
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return days.sort().reverse();
}

export interface ArchivedDay {
  manifest: DayManifest;
  /** The newest archived version of each visit, named, in time order. */
  appointments: DescribedAppointment[];
}

export async function archivedDay(deps: Pick<Deps, 'db' | 'archive'>, storage: Storage, day: string, root = ARCHIVE_ROOT): Promise<ArchivedDay | undefined> {
  const folder = dayFolder(root, day);
  const manifest = await readManifest(storage, folder);
  if (!manifest) return undefined;
  const parts = await Promise.all(manifest.parts.map((part) => deps.archive.appointmentsInPart(`${folder}/${part.file}`)));
  return { manifest, appointments: await describeAppointments(deps, newestVersions(parts.flat())) };
}
