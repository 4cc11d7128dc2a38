/**
 * This process's view of a specialty's doctors and their days, for "any doctor" booking.
 *
 * DynamoDB's transaction stays the only judge of who gets a slot; the view only decides which
 * doctor to try first. It is read at most once per `viewMaxAgeMs` (concurrent requests share one
 * read), and every attempt this process makes is marked in it before the write is sent, so a burst
 * of requests in one process spreads over the free doctors instead of racing for the same one.
 * Bookings and schedule changes made by other processes show after at most `viewMaxAgeMs`; until
 * then a stale view costs a refused transaction and a try of the next doctor, never a double booking.
 */
import { LRUCache } from 'lru-cache';
import { getHospital } from '../../directory';
import type { User } from '../../users';
import { listAppointmentsForDoctorOnDay } from '../repository';
import type { Slot } from '../schedule/plan';
import { getSchedule, type Schedule } from '../schedule/repository';
import type { Appointment, Ctx } from '../types';
import { allBookableDoctors } from './availability';

export type Visit = Pick<Appointment, 'start' | 'end' | 'status'> & { id?: string };

/** One doctor on one date, as read; `visitsOf` adds what happened in this process since. */
export interface DoctorView {
  doctor: User;
  schedule: Schedule;
  day: string;
  read: Visit[];
}

/** An attempt in flight on a slot: settled with what the transaction said. */
export interface Hold {
  settle(outcome: { booked: Appointment } | 'taken' | 'failed'): void;
}

export class DayBoard {
  private readonly doctors: LRUCache<string, User[]>;
  private readonly hospitals: LRUCache<string, string>;
  private readonly schedules: LRUCache<string, Schedule>;
  /** The visits of a doctor's day as last read, keyed by `dayKey`. */
  private readonly days: LRUCache<string, Visit[]>;
  /** Attempts in flight, kept apart from the reads so that a fresh read does not lose them. */
  private readonly inFlight = new Map<string, Visit[]>();

  constructor(ctx: BoardContext) {
    // lru-cache reads a ttl of 0 as "forever"; 1 ms still shares a read among requests in flight.
    const ttl = Math.max(1, ctx.config.booking.viewMaxAgeMs);
    this.doctors = new LRUCache({ max: 1_000, ttl, fetchMethod: (specialty) => allBookableDoctors(ctx, specialty) });
    // Names change rarely; a renamed hospital shows in new messages within a minute.
    this.hospitals = new LRUCache({ max: 1_000, ttl: 60_000, fetchMethod: async (id) => (await getHospital(ctx.db, id))?.name ?? id });
    this.schedules = new LRUCache({ max: 10_000, ttl, fetchMethod: (doctorId) => getSchedule(ctx.db, doctorId) });
    this.days = new LRUCache<string, Visit[]>({
      max: 20_000,
      ttl,
      fetchMethod: async (key) => {
        const [doctorId, localDate] = key.split('|');
        return (await listAppointmentsForDoctorOnDay(ctx.db, doctorId, localDate)).map(({ id, start, end, status }) => ({ id, start, end, status }));
      },
    });
  }

  /** The specialty's bookable doctors, each with schedule and visits on the date. */
  async specialtyOn(specialty: string, localDate: string): Promise<DoctorView[]> {
    const doctors = (await this.doctors.fetch(specialty)) ?? [];
    return Promise.all(
      doctors.map(async (doctor) => {
        const day = dayKey(doctor.id, localDate);
        const [schedule, read] = await Promise.all([this.schedules.fetch(doctor.id), this.days.fetch(day)]);
        return { doctor, schedule: schedule!, day, read: read! };
      }),
    );
  }

  /** The doctor's visits that day as this process knows them now: the latest read plus attempts in flight. */
  visitsOf(view: DoctorView): Visit[] {
    return [...this.latestRead(view), ...(this.inFlight.get(view.day) ?? [])];
  }

  /** Marks a slot as taken before the write is sent, so other requests here try other doctors. */
  hold(view: DoctorView, slot: Slot): Hold {
    const visit: Visit = { start: slot.start, end: slot.end, status: 'booked' };
    const pending = this.inFlight.get(view.day) ?? [];
    this.inFlight.set(view.day, [...pending, visit]);
    return {
      settle: (outcome) => {
        const left = (this.inFlight.get(view.day) ?? []).filter((v) => v !== visit);
        if (left.length) this.inFlight.set(view.day, left);
        else this.inFlight.delete(view.day);
        // Booked here, or by someone this view has not read yet: either way the slot is busy.
        const landed = outcome === 'taken' ? visit : outcome === 'failed' ? undefined : { ...visit, id: outcome.booked.id };
        const read = this.latestRead(view);
        if (landed && !read.some((v) => v.id && v.id === landed.id)) read.push(landed);
      },
    };
  }

  async hospitalName(hospitalId: string): Promise<string> {
    return (await this.hospitals.fetch(hospitalId)) ?? hospitalId;
  }

  /** Called after this process changed a doctor's day, so the next booking reads it afresh. */
  forgetDay(doctorId: string, localDate: string): void {
    this.days.delete(dayKey(doctorId, localDate));
  }

  forgetSchedule(doctorId: string): void {
    this.schedules.delete(doctorId);
  }

  private latestRead(view: DoctorView): Visit[] {
    return this.days.peek(view.day) ?? view.read;
  }
}

const dayKey = (doctorId: string, localDate: string) => `${doctorId}|${localDate}`;

/** What a board reads with: one board per process, built in server.ts (and per test app), passed in Deps. */
export type BoardContext = Pick<Ctx, 'db' | 'config'>;

export function createDayBoard(ctx: BoardContext): DayBoard {
  return new DayBoard(ctx);
}
