/**
 * Who may wait: the booking page offers the waiting list only for a day whose working doctors are
 * booked up, and the form is held to the part of that rule that makes an entry hopeless: a crafted
 * request for a specialty without doctors or for days nobody works is refused, not stored. A
 * request over days that still have a free time is accepted (the assigner books that time at its
 * next run), so the check reads plans only, never a day's visits.
 */
import { DateTime } from 'luxon';
import { allBookableDoctors, requireBookableDoctor } from '../booking/availability';
import { NO_DOCTORS, whoWorks, worksOn } from '../booking/day-note';
import { getSchedule } from '../schedule/repository';
import type { Ctx } from '../types';
import type { WaitlistEntry } from './repository';

type Request = Pick<WaitlistEntry, 'specialty' | 'doctorId' | 'from' | 'to'>;

/** Field errors saying why nobody could ever be booked for this request (none: it may wait). The range is checked already (at most 30 days). */
export async function whyNotWait(ctx: Ctx, request: Request, now = new Date()): Promise<Record<string, string> | undefined> {
  const doctor = request.doctorId ? await requireBookableDoctor(ctx, request.doctorId) : undefined;
  const doctors = doctor ? [doctor] : request.specialty ? await allBookableDoctors(ctx, request.specialty) : [];
  if (!doctors.length) return { form: NO_DOCTORS };
  const schedules = await Promise.all(doctors.map((d) => getSchedule(ctx.db, d.id)));
  const first = DateTime.fromISO(request.from, { zone: ctx.config.timeZone });
  const days = Math.round(DateTime.fromISO(request.to, { zone: ctx.config.timeZone }).diff(first, 'days').days) + 1;
  const dates = Array.from({ length: days }, (_, i) => first.plus({ days: i }).toISODate()!);
  if (!dates.some((date) => worksOn(ctx, schedules, date, now) === 'yes')) {
    const who = whoWorks(schedules, doctor);
    return { from: `${who.nobody} on these days. ${who.days}`.trim() };
  }
  return undefined;
}
