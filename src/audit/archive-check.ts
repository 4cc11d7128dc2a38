/**
 * The archived part of the daily check: each archived day's object must still match its manifest
 * (size and SHA-256), each archived event its own hash, and the table must agree with the archive:
 * an event still in the table has the archived hash; one no longer there must link with its
 * neighbours (its prevHash is the hash of the event before, the next event's prevHash is its hash).
 */
import type { Db } from '../platform/db/client';
import { archivedDays, auditDayFolder, EVENTS_FILE, getBytes, linesOf, readAuditManifest, sha256Hex, type AnchoredHead, type ArchiveStore } from './archive-store';
import { GENESIS_HASH, hashOf, type AuditEvent } from './event';
import { chainRange } from './repository';

export interface ArchiveBreak {
  day: string;
  problem: 'manifest unreadable' | 'events missing' | 'events altered' | 'event altered' | 'differs from the table' | 'does not link';
  chainId?: string;
  seq?: number;
}

export interface ArchiveReport {
  days: number;
  events: number;
  breaks: ArchiveBreak[];
  /** The newest manifest's chain heads: what the table must not fall behind. */
  anchors: AnchoredHead[];
}

/** The day's events as archived, or the break that stops them being read. */
async function readDay(store: ArchiveStore, day: string): Promise<{ events: AuditEvent[]; anchors: AnchoredHead[] } | ArchiveBreak> {
  const manifest = await readAuditManifest(store, day).catch(() => undefined);
  if (!manifest) return { day, problem: 'manifest unreadable' };
  const body = await getBytes(store, `${auditDayFolder(store.root, day)}/${EVENTS_FILE}`);
  if (!body) return { day, problem: 'events missing' };
  if (body.length !== manifest.bytes || sha256Hex(body) !== manifest.sha256) return { day, problem: 'events altered' };
  const lines = linesOf(body);
  if (lines.length !== manifest.count) return { day, problem: 'events altered' };
  return { events: lines.map((line) => JSON.parse(line) as AuditEvent), anchors: manifest.heads };
}

/** Compares one chain's archived events of a day with the table. */
async function compareChain(db: Db, day: string, archived: AuditEvent[]): Promise<ArchiveBreak[]> {
  const chainId = archived[0].chainId;
  // Archived in place order (archive-job.ts), so the first and last are the lowest and highest.
  const [first, last] = [archived[0].seq, archived[archived.length - 1].seq];
  const inTable = new Map((await chainRange(db, chainId, Math.max(1, first - 1), last + 1)).map((e) => [e.seq, e]));
  const inArchive = new Map(archived.map((e) => [e.seq, e]));
  const breaks: ArchiveBreak[] = [];
  for (const event of archived) {
    const at = { day, chainId, seq: event.seq };
    const stored = inTable.get(event.seq);
    if (hashOf(event) !== event.hash) breaks.push({ ...at, problem: 'event altered' });
    else if (stored) {
      // Same stored hash is not enough: the content must still give it.
      if (stored.hash !== event.hash || hashOf(stored) !== event.hash) breaks.push({ ...at, problem: 'differs from the table' });
    } else {
      const before = event.seq === 1 ? GENESIS_HASH : (inTable.get(event.seq - 1) ?? inArchive.get(event.seq - 1))?.hash;
      const after = inTable.get(event.seq + 1);
      if ((before !== undefined && before !== event.prevHash) || (after && after.prevHash !== event.hash)) breaks.push({ ...at, problem: 'does not link' });
    }
  }
  return breaks;
}

/** Every archived day, oldest first; the anchors are the newest day's. */
export async function verifyArchive(db: Db, store: ArchiveStore): Promise<ArchiveReport> {
  const report: ArchiveReport = { days: 0, events: 0, breaks: [], anchors: [] };
  for (const day of await archivedDays(store)) {
    report.days++;
    const read = await readDay(store, day);
    if ('problem' in read) {
      report.breaks.push(read);
      continue;
    }
    report.events += read.events.length;
    report.anchors = read.anchors;
    const byChain = new Map<string, AuditEvent[]>();
    for (const event of read.events) byChain.set(event.chainId, [...(byChain.get(event.chainId) ?? []), event]);
    for (const events of byChain.values()) report.breaks.push(...(await compareChain(db, day, events)));
  }
  return report;
}
