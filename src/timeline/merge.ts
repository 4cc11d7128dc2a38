/**
 * One page of the timeline: a k-way merge of the sources, newest first. Each source reads at most
 * one page (plus one, to know whether it has more) below its own bound; the page takes the newest
 * `size` of all they returned, and each source's new bound is the last of its entries the page
 * took. The bounds travel in one sealed cursor (platform/db/cursor.ts) bound to the patient and
 * filters, so the next page starts exactly where this one stopped: no gap, no entry twice.
 */
import type { PageCursors } from '../platform/db/cursor';
import { BadCursorError } from '../platform/db/cursor';
import { entryKey, type TimelineEntry, type TimelineKind, type TimelineSource, type TimelineViewer } from '../platform/timeline';

/** Per source: the exclusive upper bound to read below (absent: from the newest), or null once it has nothing more. */
type Bounds = Record<string, string | null>;

export interface MergeRequest {
  patientId: string;
  kinds: readonly TimelineKind[];
  /** UTC ISO instants: entries at or after `from` and before `until`. */
  from?: string;
  until?: string;
  viewer: TimelineViewer;
  size: number;
  cursor?: string;
  /** Names the cursor's list: a cursor opens only for the same patient and filters. */
  list: string;
}

export interface MergedPage {
  entries: TimelineEntry[];
  /** Sealed; absent on the last page. */
  cursor?: string;
}

function openBounds(cursors: PageCursors, request: MergeRequest): Bounds {
  if (!request.cursor) return {};
  const opened = cursors.open(request.cursor, request.list).bounds;
  if (!opened || typeof opened !== 'object') throw new BadCursorError();
  return opened as Bounds;
}

export async function mergePage(cursors: PageCursors, sources: Record<string, TimelineSource>, request: MergeRequest): Promise<MergedPage> {
  const bounds = openBounds(cursors, request);
  const asked = Object.entries(sources).filter(([name, source]) => bounds[name] !== null && source.kinds.some((kind) => request.kinds.includes(kind)));
  const read = await Promise.all(
    asked.map(async ([name, source]) => {
      const kinds = source.kinds.filter((kind) => request.kinds.includes(kind));
      const window = { before: bounds[name] ?? undefined, from: request.from, until: request.until, limit: request.size + 1, kinds, viewer: request.viewer };
      return { name, entries: (await source.read(request.patientId, window)).map((entry) => ({ entry, key: entryKey(entry) })) };
    }),
  );
  const merged = read.flatMap(({ name, entries }) => entries.map((e) => ({ ...e, name }))).sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : a.name.localeCompare(b.name)));
  const page = merged.slice(0, request.size);
  const next: Bounds = { ...bounds };
  for (const { name, entries } of read) {
    const taken = page.filter((e) => e.name === name);
    // Read fewer than asked and all taken: that source is done. Otherwise it resumes below its last taken entry.
    if (taken.length === entries.length && entries.length <= request.size) next[name] = null;
    else if (taken.length) next[name] = taken[taken.length - 1].key;
  }
  const more = Object.entries(sources).some(([name, source]) => next[name] !== null && source.kinds.some((kind) => request.kinds.includes(kind)));
  return { entries: page.map((e) => e.entry), cursor: more ? cursors.seal({ bounds: next }, request.list) : undefined };
}
