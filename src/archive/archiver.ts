/**
 * Daily archival of finished appointments to S3. For each local date of the window (selection.ts):
 *
 *   select  the day's due visits: finished, ended before the cut-off
 *   adopt   parts in the day's folder that its manifest does not list (a run died between writing
 *           a part and recording it): each is read back and added to the manifest as it is
 *   copy    the visits the manifest does not hold yet (same id, version and line SHA-256), in parts
 *           of `partSize`: write part N+1 (N: the highest number in the folder), read it back
 *           (checksum, line count, records), then add it to the manifest
 *   delete  every selected visit the manifest holds: one conditional transaction each replaces it
 *           with its stand-in (`replaceWithStandIn`, in the appointments repository)
 *
 * Why a kill at any step then a rerun loses nothing and duplicates nothing:
 * - nothing is deleted before the manifest lists a verified copy of exactly that version;
 * - a visit already copied is recognised by its record in the manifest, so a rerun only deletes it;
 * - a part written but not recorded is adopted before anything is copied, so its visits are
 *   recognised as well; a new part never reuses a number, so no object is ever overwritten;
 * - the delete holds only while the visit is the copy (version, status, rating), so a visit edited
 *   after the copy stays and a later run archives its new version; readers take the highest.
 * The run does no clean-up on its way out, so a throw at a step (the tests' `faults`) leaves S3
 * and DynamoDB exactly as a kill there would.
 */
import { replaceWithStandIn } from '../appointments';
import type { Item } from '../backups';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import type { Storage } from '../platform/s3';
import { appointmentOf, recordOf } from './items';
import { ARCHIVE_ROOT, dayFolder, emptyManifest, partFile, partNumber, readManifest, withPart, writeManifest, type DayManifest } from './layout';
import { DamagedPartError, listPartFiles, putPart, readPart, verifyPart } from './parts';
import { archiveWindow, dueVisitsOn } from './selection';

export interface ArchiveContext {
  db: Db;
  storage: Storage;
  config: Pick<Config, 'timeZone' | 'archive'>;
}

export type ArchiveStep = 'selected' | 'part-written' | 'part-verified' | 'manifest-written' | 'appointment-removed';

export interface ArchiveOptions {
  now?: Date;
  /** The top folder in the bucket (`archive`); tests use their own. */
  root?: string;
  partSize?: number;
  /** Called after each step; a throw there stops the run as a kill would. */
  faults?: (step: ArchiveStep) => void | Promise<void>;
}

export interface ArchiveSummary {
  days: number;
  copied: number;
  removed: number;
  /** Edited after the copy (or already gone): left in DynamoDB for a later run. */
  skippedChanged: number;
  parts: number;
  adoptedParts: number;
}

const DEFAULT_PART_SIZE = 500;

/** Moves every due visit of the window to S3, day by day; safe to rerun after any failure. */
export async function archiveAppointments(ctx: ArchiveContext, options: ArchiveOptions = {}): Promise<ArchiveSummary> {
  const window = archiveWindow(options.now ?? new Date(), ctx.config.archive, ctx.config.timeZone);
  const summary: ArchiveSummary = { days: 0, copied: 0, removed: 0, skippedChanged: 0, parts: 0, adoptedParts: 0 };
  for (const day of window.days) {
    const due = await dueVisitsOn(ctx.db, day, window.cutoff);
    if (!due.length) continue;
    await options.faults?.('selected');
    await archiveDay(ctx, dayFolder(options.root ?? ARCHIVE_ROOT, day), day, due, options, summary);
    summary.days += 1;
  }
  return summary;
}

async function archiveDay(ctx: ArchiveContext, folder: string, day: string, due: Item[], options: ArchiveOptions, summary: ArchiveSummary): Promise<void> {
  const { manifest: start, nextNumber } = await adoptUnlisted(ctx.storage, folder, (await readManifest(ctx.storage, folder)) ?? emptyManifest(day), summary);
  let manifest = start;
  const fileOf = new Map(manifest.parts.flatMap((part) => part.records.map((record) => [record.sha256, part.file] as const)));
  const copied = due.filter((item) => fileOf.has(recordOf(item).sha256));
  const fresh = due.filter((item) => !fileOf.has(recordOf(item).sha256));
  await removeAll(ctx, folder, copied, (item) => fileOf.get(recordOf(item).sha256)!, options, summary);
  const size = options.partSize ?? DEFAULT_PART_SIZE;
  for (let first = 0, number = nextNumber; first < fresh.length; first += size, number += 1) {
    const batch = fresh.slice(first, first + size);
    const part = await putPart(ctx.storage, folder, partFile(number), batch);
    await options.faults?.('part-written');
    await verifyPart(ctx.storage, folder, part);
    await options.faults?.('part-verified');
    manifest = withPart(manifest, part);
    await writeManifest(ctx.storage, folder, manifest);
    await options.faults?.('manifest-written');
    summary.parts += 1;
    summary.copied += batch.length;
    await removeAll(ctx, folder, batch, () => part.file, options, summary);
  }
}

/** Lists the folder's unrecorded parts in the manifest; returns it with the next free part number. */
async function adoptUnlisted(storage: Storage, folder: string, manifest: DayManifest, summary: ArchiveSummary) {
  const files = await listPartFiles(storage, folder);
  const listed = new Set(manifest.parts.map((part) => part.file));
  let adopted = manifest;
  for (const file of files.filter((f) => !listed.has(f) && partNumber(f) > 0).sort((a, b) => partNumber(a) - partNumber(b))) {
    try {
      adopted = withPart(adopted, (await readPart(storage, folder, file)).part);
      summary.adoptedParts += 1;
    } catch (error) {
      // A damaged object vouches for nothing: it stays unlisted, and its number is never reused.
      if (!(error instanceof DamagedPartError)) throw error;
    }
  }
  if (adopted !== manifest) await writeManifest(storage, folder, adopted);
  const nextNumber = Math.max(0, ...files.map(partNumber), ...manifest.parts.map((part) => partNumber(part.file))) + 1;
  return { manifest: adopted, nextNumber };
}

async function removeAll(ctx: ArchiveContext, folder: string, items: Item[], fileOf: (item: Item) => string, options: ArchiveOptions, summary: ArchiveSummary) {
  for (const item of items) {
    // False when the visit is no longer the archived copy (edited after it, or already gone).
    if (await replaceWithStandIn(ctx.db, appointmentOf(item), `${folder}/${fileOf(item)}`)) summary.removed += 1;
    else summary.skippedChanged += 1;
    await options.faults?.('appointment-removed');
  }
}
