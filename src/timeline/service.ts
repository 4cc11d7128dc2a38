/**
 * The health timeline: who may see whose (the patient their own; a doctor a patient they care for),
 * one page of the merged sources for the filters, and the vitals chart on the first page.
 */
import { DateTime } from 'luxon';
import { caresFor, vitalsSince, type ArchivedRecordReader } from '../appointments';
import type { Deps } from '../deps';
import { NotFoundError, NotYoursError } from '../platform/http/errors';
import { TIMELINE_KINDS, type TimelineKind, type TimelineSource, type TimelineViewer } from '../platform/timeline';
import { getUserById, type User } from '../users';
import { vitalsCharts, type VitalsChart } from './chart';
import { mergePage, type MergedPage } from './merge';
import type { TimelineQuery } from './schemas';

export const PAGE_SIZE = 20;
/** The chart's bound: the last 12 months, at most 50 completed visits (archived ones are read back). */
export const CHART_MONTHS = 12;
export const CHART_VISITS = 50;

export interface Timeline {
  sources: Record<string, TimelineSource>;
  readArchived: ArchivedRecordReader;
}

const NOT_FOUND = 'We could not find that patient.';

/**
 * The patient whose timeline `user` asked for, if they may see it. Someone else's answers exactly like
 * a missing one (and is logged as a denial: NotYoursError); a missing id is simply not found.
 */
export async function patientFor(deps: Pick<Deps, 'db' | 'config'>, user: User, patientId: string): Promise<User> {
  const patient = await getUserById(deps.db, patientId);
  if (!patient || patient.role !== 'patient') throw new NotFoundError(NOT_FOUND);
  const allowed = user.role === 'patient' ? user.id === patientId : user.role === 'doctor' && (await caresFor(deps, user.id, patientId));
  if (!allowed) throw new NotYoursError(NOT_FOUND);
  return patient;
}

/** The kinds the sources give, in the order the filter lists them. */
export const kindsOffered = (timeline: Timeline): TimelineKind[] => TIMELINE_KINDS.filter((kind) => Object.values(timeline.sources).some((s) => s.kinds.includes(kind)));

/** The filter's dates as instants in the hospital's zone: from the start of `from` to the end of `to`. */
function rangeOf(deps: Pick<Deps, 'config'>, query: TimelineQuery): { from?: string; until?: string } {
  const zone = deps.config.timeZone;
  return {
    from: query.from ? DateTime.fromISO(query.from, { zone }).startOf('day').toUTC().toISO()! : undefined,
    until: query.to ? DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day').toUTC().toISO()! : undefined,
  };
}

export interface TimelineView {
  patient: User;
  kinds: TimelineKind[];
  offered: TimelineKind[];
  /** Absent when the filter was refused: the page shows the form again, and no entries. */
  page?: MergedPage;
  charts?: VitalsChart[];
}

/** Only the check of who may see it, for a refused filter (still audited: the page names the patient). */
export async function timelineWithoutEntries(deps: Pick<Deps, 'db' | 'config'>, timeline: Timeline, user: User, patientId: string): Promise<TimelineView> {
  return { patient: await patientFor(deps, user, patientId), kinds: [], offered: kindsOffered(timeline) };
}

/** One page of `patient`'s timeline as `user` may see it, with the chart when it is the first page and vitals are shown. */
export async function timelinePage(deps: Pick<Deps, 'db' | 'config'>, timeline: Timeline, user: User, patientId: string, query: TimelineQuery): Promise<TimelineView> {
  const patient = await patientFor(deps, user, patientId);
  const offered = kindsOffered(timeline);
  const kinds = query.kind.length ? offered.filter((kind) => query.kind.includes(kind)) : offered;
  const range = rangeOf(deps, query);
  const viewer: TimelineViewer = { userId: user.id, role: user.role as TimelineViewer['role'] };
  const list = `timeline/${patient.id}/${kinds.join(',')}/${query.from ?? ''}/${query.to ?? ''}`;
  const request = { patientId: patient.id, kinds, ...range, viewer, size: PAGE_SIZE, cursor: query.cursor, list };
  const [page, charts] = await Promise.all([
    mergePage(deps.db.cursors, timeline.sources, request),
    !query.cursor && kinds.includes('vitals') ? chartsFor(deps, timeline, patient.id) : Promise.resolve(undefined),
  ]);
  return { patient, kinds, offered, page, charts };
}

async function chartsFor(deps: Pick<Deps, 'db' | 'config'>, timeline: Timeline, patientId: string) {
  const since = DateTime.now().minus({ months: CHART_MONTHS }).toUTC().toISO()!;
  const readings = await vitalsSince(deps, timeline.readArchived, patientId, since, CHART_VISITS);
  return vitalsCharts(readings, deps.config.timeZone);
}
