/**
 * What the audit pages show: a patient's "who looked at my record" and the admin log. Each page is
 * one Query on an index, newest first, paged with sealed cursors; people are named from their ids.
 */
import { DateTime } from 'luxon';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { ValidationError } from '../platform/http/errors';
import { fullName, getUserByEmail, getUserById, type User } from '../users';
import type { AuditEvent } from './event';
import { queryEventsByDates } from './day-log';
import { queryEvents, type AuditFilter } from './repository';
import type { AdminAuditQuery } from './schemas';
import { describeAction, OUTCOME_WORDS, ROLE_WORDS } from './words';

const PAGE_SIZE = 25;
/** Dates alone read one Query per day; a month bounds a page's work. */
const MAX_DATES_ONLY_DAYS = 31;

export interface ShownEvent {
  ts: string;
  who: string;
  role: string;
  what: string;
  outcome: string;
  denied: boolean;
  patientId?: string;
  resourceId: string;
}

/** Actors with no account: a pharmacy with a prescription's link, or MedTrack's own jobs. */
const NO_ACCOUNT_WORDS: Record<string, string> = { public: 'Someone with the prescription’s link', system: 'The daily archive' };

async function describeEvents(db: Db, events: AuditEvent[], viewer?: User): Promise<ShownEvent[]> {
  const ids = [...new Set(events.map((e) => e.actorUserId))];
  const people = new Map(await Promise.all(ids.map(async (id) => [id, await getUserById(db, id)] as const)));
  return events.map((event) => {
    const person = people.get(event.actorUserId);
    const who = viewer?.id === event.actorUserId ? 'You' : person ? fullName(person) : (NO_ACCOUNT_WORDS[event.actorRole] ?? 'A former user');
    return {
      ts: event.ts,
      who,
      role: ROLE_WORDS[event.actorRole] ?? event.actorRole,
      what: describeAction(event),
      outcome: OUTCOME_WORDS[event.outcome],
      denied: event.outcome !== 'allowed',
      patientId: event.patientId,
      resourceId: event.resourceId,
    };
  });
}

async function page(db: Db, filter: AuditFilter, list: string, cursor: string | undefined, viewer?: User) {
  const startKey = cursor ? db.cursors.open(cursor, list) : undefined;
  const found = await queryEvents(db, filter, PAGE_SIZE, startKey);
  return { events: await describeEvents(db, found.events, viewer), cursor: found.next && db.cursors.seal(found.next, list) };
}

/** Every access to the patient's data, newest first. */
export const recordAccessPage = (db: Db, patient: User, cursor?: string) => page(db, { by: 'patient', value: patient.id }, 'record-access', cursor, patient);

/** A user or patient given by e-mail or account id. */
async function userIdOf(db: Db, given: string, field: string): Promise<string> {
  if (!given.includes('@')) return given;
  const user = await getUserByEmail(db, given);
  if (!user) throw new ValidationError({ [field]: 'There is no account with that e-mail address' });
  return user.id;
}

/** The admin log: one filter (user, else patient, else action) picks the index; dates bound it, or are the search alone. */
export async function adminAuditPage(db: Db, config: Pick<Config, 'timeZone'>, query: AdminAuditQuery) {
  const dayStart = (date: string, plusDays = 0) => DateTime.fromISO(date, { zone: config.timeZone }).plus({ days: plusDays }).toUTC().toISO()!;
  const range = { from: query.from && dayStart(query.from), to: query.to && dayStart(query.to, 1) };
  if (range.from && range.to && range.from >= range.to) throw new ValidationError({ to: 'The end date must be on or after the start date' });
  const filter: AuditFilter | undefined = query.user
    ? { by: 'actor', value: await userIdOf(db, query.user, 'user'), ...range }
    : query.patient
      ? { by: 'patient', value: await userIdOf(db, query.patient, 'patient'), ...range }
      : query.action
        ? { by: 'action', value: query.action, ...range }
        : undefined;
  if (filter) return page(db, filter, `admin-audit:${filter.by}:${filter.value}:${range.from ?? ''}:${range.to ?? ''}`, query.cursor);
  if (!query.from && !query.to) return undefined;
  return datesOnlyPage(db, { from: range.from, to: range.to ?? dayStart(DateTime.now().setZone(config.timeZone).toISODate()!, 1) }, query.cursor);
}

/** The log by dates alone: one Query per day of the range (day-log.ts), so the range is bounded. */
async function datesOnlyPage(db: Db, range: { from?: string; to: string }, cursor?: string) {
  if (!range.from) throw new ValidationError({ from: 'Choose a start date to search by dates alone' });
  if (new Date(range.to).getTime() - new Date(range.from).getTime() > MAX_DATES_ONLY_DAYS * 86_400_000) {
    throw new ValidationError({ to: `Choose at most ${MAX_DATES_ONLY_DAYS} days when you search by dates alone` });
  }
  const bounded = { from: range.from, to: range.to };
  const list = `admin-audit:dates:${bounded.from}:${bounded.to}`;
  const found = await queryEventsByDates(db, bounded, PAGE_SIZE, cursor ? db.cursors.open(cursor, list) : undefined);
  return { events: await describeEvents(db, found.events), cursor: found.next && db.cursors.seal(found.next, list) };
}
