/**
 * The daily audit archive: copies each finished UTC day's events to S3 once (one object and its
 * manifest per day, see archive-store.ts), found with a Query on the `byDay` index, never a Scan.
 * A day already with a manifest is left alone, so a re-run (or a run after a crash) writes nothing
 * twice; an events object without its manifest (a crash between the two puts) is adopted as it is.
 */
import { gzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import type { StartKey } from '../platform/db/cursor';
import type { Logger } from '../platform/logger';
import type { Storage } from '../platform/s3';
import { headsToAnchor } from './anchors';
import {
  archivedDays,
  auditDayFolder,
  AUDIT_ARCHIVE_ROOT,
  EVENTS_FILE,
  getBytes,
  linesOf,
  manifestOf,
  MANIFEST_FILE,
  putOnce,
  readAuditManifest,
  sha256Hex,
  type AnchoredHead,
  type ArchiveStore,
} from './archive-store';
import { canonicalJson, type AuditEvent } from './event';
import { recordAccess } from './record';
import { dayEventsPage } from './repository';

/** An event's time is taken just before its put, and the index is eventually consistent: a day is archived once it has been over this long. */
const SETTLE_MS = 15 * 60_000;
/** Days looked back on each run: a few missed runs (an outage) are caught up. */
const LOOKBACK_DAYS = 7;

/** Who archives: the job, with no request behind it. */
const JOB_ACCESS = {
  actor: { userId: 'job:audit-archive', role: 'system' },
  origin: { requestId: 'job:audit-archive', clientIp: '' },
  action: 'archive',
  resourceType: 'audit-day',
};

export interface AuditArchiveDeps {
  db: Db;
  storage: Storage;
  config: Pick<Config, 'mode'>;
  logger: Logger;
}

export interface AuditArchiveOptions {
  /** S3 folder of the archive (tests use their own). */
  root?: string;
  now?: Date;
  lookbackDays?: number;
}

export const archiveStoreOf = (deps: Pick<AuditArchiveDeps, 'storage' | 'config'>, root = AUDIT_ARCHIVE_ROOT): ArchiveStore => ({
  storage: deps.storage,
  root,
  lock: deps.config.mode === 'aws',
});

/** The finished UTC days of the look-back, oldest first. */
function dueDays(now: Date, lookbackDays: number): string[] {
  const settled = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ milliseconds: SETTLE_MS });
  const lastFinished = settled.startOf('day').minus({ days: 1 });
  return Array.from({ length: lookbackDays }, (_, i) => lastFinished.minus({ days: lookbackDays - 1 - i }).toISODate()!);
}

/** All of a day's events, by chain and place, so the same day always gives the same bytes. */
async function eventsOfDay(db: Db, day: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await dayEventsPage(db, day, {}, startKey);
    events.push(...page.events);
    startKey = page.next;
  } while (startKey);
  return events.sort((a, b) => (a.chainId === b.chainId ? a.seq - b.seq : a.chainId < b.chainId ? -1 : 1));
}

/** Archives one day: its events object (unless a crashed run left it) and then its manifest with the anchor. */
async function archiveDay(db: Db, store: ArchiveStore, day: string, heads: AnchoredHead[]) {
  const folder = auditDayFolder(store.root, day);
  let body = await getBytes(store, `${folder}/${EVENTS_FILE}`);
  if (!body) {
    body = gzipSync((await eventsOfDay(db, day)).map((event) => `${canonicalJson(event)}\n`).join(''));
    await putOnce(store, `${folder}/${EVENTS_FILE}`, body, 'application/gzip');
  }
  const count = linesOf(body).length;
  const manifest = manifestOf({ day, archivedAt: new Date().toISOString(), count, bytes: body.length, sha256: sha256Hex(body), heads });
  await putOnce(store, `${folder}/${MANIFEST_FILE}`, Buffer.from(JSON.stringify(manifest, null, 2)), 'application/json');
  return manifest;
}

/** Archives every finished day of the look-back that has no manifest yet. */
export async function archiveAuditDays(deps: AuditArchiveDeps, options: AuditArchiveOptions = {}) {
  const store = archiveStoreOf(deps, options.root);
  const known = new Set(await archivedDays(store));
  const due = dueDays(options.now ?? new Date(), options.lookbackDays ?? LOOKBACK_DAYS).filter((day) => !known.has(day));
  const summary = { days: 0, events: 0, skipped: (options.lookbackDays ?? LOOKBACK_DAYS) - due.length };
  if (due.length) {
    const newestKnown = [...known].pop();
    const previous = newestKnown ? ((await readAuditManifest(store, newestKnown))?.heads ?? []) : [];
    // One anchor for the run: the heads as they are now, whichever days it catches up.
    const heads = await headsToAnchor(deps.db, previous);
    for (const day of due) {
      summary.events += (await archiveDay(deps.db, store, day, heads)).count;
      summary.days++;
      // The archive batch is itself on the trail (HIPAA 164.312(b)), on the job's own chain.
      await recordAccess(deps, { ...JOB_ACCESS, resourceId: day, outcome: 'allowed' });
    }
  }
  deps.logger.info(summary, 'audit events archived');
  return summary;
}
