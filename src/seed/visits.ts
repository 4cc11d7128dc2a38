/**
 * The demo hospital's visits: three months of history (mostly completed, with diagnoses,
 * prescriptions and ratings; some cancelled or missed) and busy days today and tomorrow, for every
 * approved doctor. The first demo patient gets a story of her own. Repeatable for a given day.
 */
import { DateTime } from 'luxon';
import { slotsOn, type Appointment, type PastOrBookedVisit, type Slot, type WeeklyPlan } from '../appointments';
import type { User } from '../users';
import { cancellationReasons, casesBySpecialty, demoVitals, ratingComments, upcomingReasons } from './demo-clinical';
import { markAnyDoctorVisits } from './any-doctor';
import { idFor, seededRandom, type Random } from './random';

export interface DemoCast {
  doctors: User[];
  plans: Map<string, WeeklyPlan>;
  /** The first demo patient, whose story is written by hand. */
  featured: User;
  /** Patients who fill the doctors' days; the other published logins only get history. */
  crowd: User[];
  historyOnly: User[];
}

const HISTORY_DAYS = 90;
const minutes = (iso: string, n: number) => DateTime.fromISO(iso).plus({ minutes: n }).toUTC().toISO()!;

/** A day on which a doctor has no free time left, for the featured patient's waiting-list entry. */
export interface FullDay {
  doctor: User;
  date: string;
}

export function demoVisits(cast: DemoCast, zone: string, now: Date): { visits: PastOrBookedVisit[]; fullDay?: FullDay } {
  const book = new VisitBook(zone, now, seededRandom(Number(DateTime.fromJSDate(now).toFormat('yyyyMMdd'))));
  featuredStory(book, cast);
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  for (let back = HISTORY_DAYS; back >= -1; back--) {
    const date = today.minus({ days: back }).toISODate()!;
    for (const doctor of cast.doctors) book.fillDay(doctor, cast.plans.get(doctor.id)!, date, back > 0 ? [...cast.crowd, ...cast.historyOnly] : cast.crowd);
  }
  const fullDay = fillNextWorkingDay(book, cast, today);
  markAnyDoctorVisits(book.visits, seededRandom(HISTORY_DAYS));
  return { visits: book.visits, fullDay };
}

/** The dermatologist's next working day from tomorrow, booked to the last slot. */
function fillNextWorkingDay(book: VisitBook, cast: DemoCast, today: DateTime): FullDay | undefined {
  const doctor = cast.doctors.find((d) => d.doctor!.specialty === 'dermatology')!;
  const plan = cast.plans.get(doctor.id)!;
  for (let ahead = 1; ahead <= 7; ahead++) {
    const date = today.plus({ days: ahead }).toISODate()!;
    if (book.fillDay(doctor, plan, date, cast.crowd, 1)) return { doctor, date };
  }
  return undefined;
}

function featuredStory(book: VisitBook, cast: DemoCast): void {
  const by = (specialty: string) => cast.doctors.find((d) => d.doctor!.specialty === specialty)!;
  const story: [User, number, Appointment['status']][] = [
    [by('general-medicine'), 80, 'completed'],
    [by('dermatology'), 55, 'completed'],
    [cast.doctors[0], 30, 'completed'],
    [by('general-medicine'), 20, 'cancelled'],
    [by('orthopedics'), 10, 'no-show'],
    [cast.doctors[0], -1, 'booked'],
  ];
  for (const [doctor, daysAgo, status] of story) book.placeOnOrAfter(doctor, cast.plans.get(doctor.id)!, daysAgo, cast.featured, status);
}

class VisitBook {
  readonly visits: PastOrBookedVisit[] = [];
  private readonly busy = new Map<string, [number, number][]>();
  private readonly today: DateTime;

  constructor(private readonly zone: string, private readonly now: Date, private readonly random: Random) {
    this.today = DateTime.fromJSDate(now, { zone }).startOf('day');
  }

  /** The first slot of the doctor's working day `daysAgo` days back (or the next working day) free for both. */
  placeOnOrAfter(doctor: User, plan: WeeklyPlan, daysAgo: number, patient: User, status: Appointment['status']): void {
    for (let back = daysAgo; back > daysAgo - 7; back--) {
      const date = this.today.minus({ days: back }).toISODate()!;
      const slot = slotsOn(plan, [], date, this.zone).find((s) => this.free(doctor.id, s) && this.free(patient.id, s));
      if (slot) return this.add(doctor, patient, slot, date, status);
    }
  }

  /**
   * Books a share of the doctor's free slots that day (by default a few on a past day, most of
   * today and tomorrow); true when the doctor works that day and no slot is left free.
   */
  fillDay(doctor: User, plan: WeeklyPlan, date: string, patients: User[], share = date < this.today.toISODate()! ? 0.12 : 0.85): boolean {
    const slots = slotsOn(plan, [], date, this.zone);
    for (const slot of slots) {
      if (!this.random.chance(share) || !this.free(doctor.id, slot)) continue;
      const patient = this.freePatient(patients, slot);
      if (patient) this.add(doctor, patient, slot, date, this.statusOf(slot));
    }
    return slots.length > 0 && slots.every((slot) => !this.free(doctor.id, slot));
  }

  private statusOf(slot: Slot): Appointment['status'] {
    const now = this.now.getTime();
    const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
    if (end <= now) return this.random.chance(0.06) ? 'no-show' : this.random.chance(0.06) ? 'cancelled' : 'completed';
    if (start <= now) return 'in-progress';
    return start - now < 30 * 60_000 ? 'checked-in' : 'booked';
  }

  private freePatient(patients: User[], slot: Slot): User | undefined {
    for (let tries = 0; tries < 20; tries++) {
      const patient = this.random.pick(patients);
      if (this.free(patient.id, slot)) return patient;
    }
    return undefined;
  }

  private free(personId: string, slot: Slot): boolean {
    const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
    return !(this.busy.get(personId) ?? []).some(([s, e]) => s < end && start < e);
  }

  private hold(personId: string, slot: Slot): void {
    this.busy.set(personId, [...(this.busy.get(personId) ?? []), [Date.parse(slot.start), Date.parse(slot.end)]]);
  }

  private add(doctor: User, patient: User, slot: Slot, localDate: string, status: Appointment['status']): void {
    if (status !== 'cancelled') [doctor.id, patient.id].forEach((id) => this.hold(id, slot));
    const visit = visitOf(doctor, patient, slot, localDate, status, this.random);
    this.visits.push({ ...visit, ...historyOf(visit, status, this.now, this.random) });
  }
}

function visitOf(doctor: User, patient: User, slot: Slot, localDate: string, status: Appointment['status'], random: Random): PastOrBookedVisit {
  const { specialty, hospitalId } = doctor.doctor!;
  const medicalCase = random.pick(casesBySpecialty[specialty] ?? casesBySpecialty['general-medicine']);
  return {
    id: idFor(`${doctor.id}#${patient.id}#${slot.start}`),
    patientId: patient.id,
    doctorId: doctor.id,
    specialty,
    hospitalId,
    start: slot.start,
    end: slot.end,
    localDate,
    status: 'booked',
    reason: status === 'booked' || status === 'checked-in' ? random.pick(upcomingReasons) : medicalCase.reason,
    assignment: { mode: 'named' },
    consultation: { ...medicalCase.consultation, vitals: demoVitals(patient.id, slot.start) },
    createdAt: DateTime.fromISO(slot.start).minus({ days: 1 + Math.floor(random.next() * 10) }).toUTC().toISO()!,
  };
}

/** What happened to the visit: its status, the steps' times, and (completed) its consultation and rating. */
function historyOf(visit: PastOrBookedVisit, status: Appointment['status'], now: Date, random: Random): Partial<PastOrBookedVisit> {
  const { start, end } = visit;
  const base = { status, consultation: undefined };
  switch (status) {
    case 'completed': {
      const ratedAt = minutes(end, 60 * 20);
      const rated = Date.parse(ratedAt) < now.getTime() && random.chance(0.6);
      const rating = rated ? { stars: random.pick([5, 5, 5, 4, 4, 4, 3, 2]), comment: random.pick(ratingComments), at: ratedAt } : undefined;
      const timeline = { checkedInAt: minutes(start, -10), startedAt: minutes(start, 2), completedAt: minutes(end, -1) };
      return { status, timeline, consultation: visit.consultation, rating };
    }
    case 'cancelled':
      return { ...base, cancellation: { by: 'patient', userId: visit.patientId, reason: random.pick(cancellationReasons), at: minutes(start, -60 * 26) } };
    case 'no-show':
      return { ...base, timeline: { noShowAt: minutes(start, 15) } };
    case 'in-progress':
      return { ...base, timeline: { checkedInAt: minutes(start, -10), startedAt: minutes(start, 1) } };
    case 'checked-in':
      return { ...base, timeline: { checkedInAt: new Date(Math.min(now.getTime(), Date.parse(minutes(start, -10)))).toISOString() } };
    default:
      return base;
  }
}
