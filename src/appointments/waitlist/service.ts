/**
 * The waitlist: a patient who found no free time asks for a specialty (or a doctor) over a date
 * range. The assigner, run every minute by node-cron, books the earliest free slot for the oldest
 * open entries, with the same rules and transaction as a booking. The entry's id is the booking's
 * idempotency key, so a run that dies after booking and before marking the entry books nothing
 * twice on the next run. Booked visits count toward the patient's places (booking/places.ts): an
 * entry whose patient holds them all waits, on hold, and is booked once a place frees.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors';
import { listSpecialties } from '../../directory';
import { fullName, getUserById, type User } from '../../users';
import { freeSlotsForDoctor, freeSlotsForSpecialty } from '../booking/availability';
import { hasFreePlace, tooManyMessage } from '../booking/places';
import { bookAppointment } from '../booking/service';
import type { Ctx } from '../types';
import { whyNotWait } from './rules';
import { closeEntry, insertEntry, listOpenEntries, listWaitlistForPatient, type WaitlistEntry } from './repository';

export { listWaitlistForPatient, type WaitlistEntry } from './repository';

export const MAX_OPEN_ENTRIES = 5;
export const MAX_WAIT_DAYS = 30;

/** Field errors for a date range outside today..horizon or wider than MAX_WAIT_DAYS, if any. */
export function waitRangeErrors(ctx: Ctx, from: string, to: string, now = new Date()): Record<string, string> | undefined {
  const zone = ctx.config.timeZone;
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const first = DateTime.fromISO(from, { zone });
  const last = DateTime.fromISO(to, { zone });
  if (first < today) return { from: 'The first day cannot be in the past' };
  if (last > today.plus({ days: ctx.config.booking.horizonDays })) return { to: `Choose a day within the next ${ctx.config.booking.horizonDays} days` };
  if (last.diff(first, 'days').days >= MAX_WAIT_DAYS) return { to: `Wait for at most ${MAX_WAIT_DAYS} days at a time` };
  return undefined;
}

/**
 * The waiting-list form: the range checked, someone working on those days (rules.ts), and (a
 * courtesy: the entry could never be booked; the booking transaction is what holds the cap) a
 * place free, then joined.
 */
export async function askToWait(ctx: Ctx, patient: User, request: Pick<WaitlistEntry, 'specialty' | 'doctorId' | 'from' | 'to' | 'reason'>): Promise<WaitlistEntry> {
  const errors = waitRangeErrors(ctx, request.from, request.to);
  if (errors) throw new ValidationError(errors);
  const unbookable = await whyNotWait(ctx, request);
  if (unbookable) throw new ValidationError(unbookable);
  if (!(await hasFreePlace(ctx, patient.id))) {
    const full = tooManyMessage(ctx.config.booking.maxActivePerPatient);
    throw new ConflictError(full, { form: full });
  }
  return joinWaitlist(ctx, patient, request);
}

/** Adds an open entry (no checks of the range or the places: askToWait makes those for the form). */
export async function joinWaitlist(ctx: Ctx, patient: User, request: Pick<WaitlistEntry, 'specialty' | 'doctorId' | 'from' | 'to' | 'reason'>): Promise<WaitlistEntry> {
  const open = (await listWaitlistForPatient(ctx.db, patient.id)).filter((e) => e.status === 'open');
  if (open.length >= MAX_OPEN_ENTRIES) {
    const most = `You can wait for at most ${MAX_OPEN_ENTRIES} appointments at a time.`;
    throw new ConflictError(most, { form: most });
  }
  const entry: WaitlistEntry = { id: randomUUID(), patientId: patient.id, ...request, status: 'open', createdAt: new Date().toISOString() };
  await insertEntry(ctx.db, entry);
  return entry;
}

/** A patient's entries, newest first, each naming what it waits for: "Cardiology · any doctor" or "Cardiology · Dr Mira Rao". */
export async function describedWaitlistFor(ctx: Pick<Ctx, 'db'>, patientId: string): Promise<(WaitlistEntry & { waitsFor: string })[]> {
  const entries = await listWaitlistForPatient(ctx.db, patientId);
  const doctorIds = [...new Set(entries.flatMap((e) => (e.doctorId ? [e.doctorId] : [])))];
  const [doctors, specialties] = await Promise.all([Promise.all(doctorIds.map((id) => getUserById(ctx.db, id))), entries.length ? listSpecialties(ctx.db) : []]);
  const doctorOf = (id: string) => doctors.find((d) => d?.id === id);
  return entries.map((entry) => {
    const doctor = entry.doctorId ? doctorOf(entry.doctorId) : undefined;
    const slug = entry.specialty ?? doctor?.doctor?.specialty;
    const specialty = specialties.find((s) => s.slug === slug)?.name ?? slug ?? 'A specialty';
    const who = !entry.doctorId ? 'any doctor' : doctor ? `Dr ${fullName(doctor)}` : 'a former doctor';
    return { ...entry, waitsFor: `${specialty} · ${who}` };
  });
}

/** How a request that is no longer open reads in a sentence. */
const CLOSED_AS: Record<WaitlistEntry['status'], string> = { open: 'open', assigned: 'booked', expired: 'closed', withdrawn: 'withdrawn' };

export async function withdraw(ctx: Ctx, patient: User, entryId: string): Promise<void> {
  const entry = (await listWaitlistForPatient(ctx.db, patient.id)).find((e) => e.id === entryId);
  if (!entry) throw new NotFoundError('We could not find that waitlist entry.');
  if (!(await closeEntry(ctx.db, entry, 'withdrawn'))) throw new ConflictError(`This request is already ${CLOSED_AS[entry.status]}.`);
}

/** One run of the assigner: the oldest open entries first. Returns what it did, for the job log. */
export async function assignWaitlist(ctx: Ctx, now = new Date(), limit = 100) {
  const entries = await listOpenEntries(ctx.db, limit);
  const counts = { assigned: 0, expired: 0, waiting: 0 };
  for (const entry of entries) counts[await assignEntry(ctx, entry, now)] += 1;
  return counts;
}

async function assignEntry(ctx: Ctx, entry: WaitlistEntry, now: Date): Promise<'assigned' | 'expired' | 'waiting'> {
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone).toISODate()!;
  const patient = await getUserById(ctx.db, entry.patientId);
  if (entry.to < today || !patient || patient.status !== 'active') return (await closeEntry(ctx.db, entry, 'expired')) ? 'expired' : 'waiting';
  // A patient holding every place they may stays on the list, on hold (their page says so), until
  // they free one or the entry's days pass. The booking transaction holds the cap regardless.
  if (!(await hasFreePlace(ctx, patient.id, now))) return 'waiting';
  for (let day = DateTime.fromISO(entry.from < today ? today : entry.from); day.toISODate()! <= entry.to; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    const slots = entry.doctorId ? await freeSlotsForDoctor(ctx, entry.doctorId, date, now) : await freeSlotsForSpecialty(ctx, entry.specialty!, date, now);
    for (const slot of slots) {
      const booked = await bookAppointment(
        ctx,
        { patient, doctorId: entry.doctorId, specialty: entry.doctorId ? undefined : entry.specialty, start: slot.start, reason: entry.reason, idempotencyKey: entry.id, fromWaitlist: true },
        now,
      );
      if (booked.kind === 'booked') return (await closeEntry(ctx.db, entry, 'assigned', booked.appointment.id)) ? 'assigned' : 'waiting';
      if (booked.kind === 'too-many') return 'waiting';
    }
  }
  return 'waiting';
}
