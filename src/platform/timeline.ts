/**
 * The contract between the patient's health timeline (src/timeline) and the features that feed it.
 * A source belongs to the feature that owns the data (exported from its index.ts): given one patient
 * and a window, it answers up to `limit` entries older than `before`, newest first, from one Query
 * on its own index. The timeline merges the sources; it knows none of their tables. It lives in
 * platform/ so a feature can offer a source without importing the timeline (no import cycles).
 */

export const TIMELINE_KINDS = ['visit', 'diagnosis', 'vitals', 'prescription', 'file'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** UTC ISO instant the entry sorts by. */
  at: string;
  kind: TimelineKind;
  /** Unique within its source; with `at` it is the entry's place in the timeline (entryKey). */
  id: string;
  title: string;
  summary: string;
  /** Where the viewer can open it; absent when this viewer may not (a doctor, another doctor's visit). */
  link?: string;
  /** The entry has a day but no time of day (a file's report date): the page shows no time. */
  dateOnly?: boolean;
  /** Short labelled facts shown under the summary (vitals, medicines). */
  details?: { label: string; value: string }[];
}

export interface TimelineViewer {
  userId: string;
  role: 'patient' | 'doctor' | 'admin';
}

export interface TimelineWindow {
  /** Only entries whose entryKey sorts strictly before this (exclusive upper bound); absent: from the newest. */
  before?: string;
  /** Only entries at or after this UTC ISO instant. */
  from?: string;
  /** Only entries strictly before this UTC ISO instant. */
  until?: string;
  limit: number;
  /** The kinds asked for, among those the source gives. */
  kinds: readonly TimelineKind[];
  viewer: TimelineViewer;
}

export interface TimelineSource {
  /** The kinds this source gives: the timeline asks it only when one of them is wanted. */
  kinds: readonly TimelineKind[];
  /** Up to `window.limit` entries inside the window, newest first (by entryKey, descending). */
  read(patientId: string, window: TimelineWindow): Promise<TimelineEntry[]>;
}

/** The entry's place: time, then id. Sources and the merge both order by it, descending. */
export const entryKey = (entry: Pick<TimelineEntry, 'at' | 'id'>) => `${entry.at}#${entry.id}`;

/** The upper sort-key bound of a Query for a window: the lower of `before` and `until`. */
export function upperBound(window: Pick<TimelineWindow, 'before' | 'until'>): string {
  const bounds = [window.before, window.until].filter((b): b is string => Boolean(b));
  // '~' sorts after every ISO instant.
  return bounds.length ? bounds.sort()[0] : '~';
}

/** The lower sort-key bound of a Query for a window ('0' sorts before every ISO instant; DynamoDB refuses an empty key). */
export const lowerBound = (window: Pick<TimelineWindow, 'from'>): string => window.from ?? '0';
