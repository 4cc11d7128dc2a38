/**
 * What patients and doctors are told about an appointment: one notification per person, on the
 * inbox, by e-mail (with a calendar entry for the patient when the booking changes) and by SMS when
 * they want it. Time, doctor, hospital and a link only: never symptoms, diagnoses or prescriptions.
 */
import { DateTime } from 'luxon';
import type { Config } from '../config';
import { fitSms, newNotification, type Notification } from '../notifications';
import { formatInstant } from '../platform/format';
import { fullName, getUserById, wantsSms, type User } from '../users';
import type { Appointment, Ctx } from './types';

export type AppointmentEvent = 'booked' | 'waitlist-booked' | 'rescheduled' | 'reassigned' | 'reassigned-away' | 'cancelled' | 'reminder' | 'no-show';

export interface Parties {
  appointment: Appointment;
  patient: User;
  doctor: User;
  hospitalName: string;
}

/** What the texts are made of. */
interface Facts {
  when: string;
  /** "tomorrow at 10:30", from the moment the message is written. */
  soon: string;
  doctorName: string;
  patientName: string;
  hospitalName: string;
  cancelledBy?: NonNullable<Appointment['cancellation']>['by'];
}

interface Wording {
  title: string;
  /** The e-mail's subject when not "<title>: <when>". */
  subject?: (f: Facts) => string;
  toPatient: (f: Facts) => string;
  /** Absent: the doctor is not told (reminders, no-shows) or is told as of `doctorEvent`. */
  toDoctor?: (f: Facts) => string;
  doctorEvent?: AppointmentEvent;
  /** The title the doctor reads, when not `title`. */
  doctorTitle?: string;
  /** The patient's calendar entry changes. */
  calendar?: 'REQUEST' | 'CANCEL';
  sms: boolean;
  /** Doctors who want texts get one too: the change is to their own day, at short notice. */
  smsToDoctor?: boolean;
  /** Where the message points, when not the appointment page. */
  path?: (a: Appointment) => string;
}

const WORDING: Record<AppointmentEvent, Wording> = {
  booked: {
    title: 'Appointment booked',
    toPatient: (f) => `${f.when} with ${f.doctorName}, ${f.hospitalName}.`,
    toDoctor: (f) => `${f.patientName} booked a visit with you on ${f.when}.`,
    calendar: 'REQUEST',
    sms: true,
  },
  'waitlist-booked': {
    title: 'Your wait-list request is booked',
    toPatient: (f) => `A time came free: ${f.when} with ${f.doctorName}, ${f.hospitalName}.`,
    doctorEvent: 'booked',
    calendar: 'REQUEST',
    sms: true,
  },
  rescheduled: {
    title: 'Appointment moved',
    toPatient: (f) => `Now ${f.when} with ${f.doctorName}, ${f.hospitalName}.`,
    toDoctor: (f) => `${f.patientName} moved their visit with you to ${f.when}.`,
    calendar: 'REQUEST',
    sms: true,
  },
  // An admin gave the visit to another doctor: `doctorName` is the new one. The patient's calendar
  // entry is replaced (same UID, higher SEQUENCE); the old doctor is told as of 'reassigned-away'.
  reassigned: {
    title: 'Your appointment has a new doctor',
    doctorTitle: 'A visit was passed to you',
    toPatient: (f) => `Now with ${f.doctorName}: ${f.when}, ${f.hospitalName}. The time is the same.`,
    toDoctor: (f) => `${f.patientName} at ${f.when} is now with you.`,
    calendar: 'REQUEST',
    sms: true,
    smsToDoctor: true,
  },
  'reassigned-away': {
    title: 'A visit moved to another doctor',
    toPatient: () => '',
    toDoctor: (f) => `${f.patientName} at ${f.when} is now with ${f.doctorName}. You no longer see this visit.`,
    sms: false,
    smsToDoctor: true,
    path: (a) => `/doctor?date=${a.localDate}`,
  },
  cancelled: {
    title: 'Appointment cancelled',
    toPatient: (f) => `${f.when} with ${f.doctorName} was cancelled${f.cancelledBy && f.cancelledBy !== 'patient' ? ` by ${f.cancelledBy === 'doctor' ? 'the doctor' : 'the hospital'}` : ''}.`,
    toDoctor: (f) => `The visit with ${f.patientName} on ${f.when} was cancelled${f.cancelledBy === 'patient' ? ' by the patient' : f.cancelledBy === 'admin' ? ' by the hospital' : ''}.`,
    calendar: 'CANCEL',
    sms: true,
  },
  reminder: {
    title: 'Appointment reminder',
    subject: (f) => `Reminder: your appointment ${f.soon}`,
    toPatient: (f) => `Your appointment is ${f.soon} with ${f.doctorName} at ${f.hospitalName}.`,
    sms: true,
  },
  'no-show': {
    title: 'We missed you',
    toPatient: (f) => `We missed you at your appointment on ${f.when} with ${f.doctorName}. Book again when it suits you.`,
    sms: false,
    path: () => '/appointments/new',
  },
};

/** The notifications of one event: to the patient, and to the doctor when it concerns them. */
export function appointmentNotices(config: Config, event: AppointmentEvent, parties: Parties, now = new Date()): Notification[] {
  const facts = factsOf(config, parties, now);
  const doctorEvent = WORDING[event].doctorEvent ?? event;
  const toPatient = messageTo(config, event, 'patient', parties, facts, now);
  return WORDING[doctorEvent].toDoctor ? [toPatient, messageTo(config, doctorEvent, 'doctor', parties, facts, now)] : [toPatient];
}

export function factsOf(config: Config, { appointment, patient, doctor, hospitalName }: Parties, now: Date): Facts {
  return {
    when: formatInstant(appointment.start, config.timeZone),
    soon: soonPhrase(appointment.start, now, config.timeZone),
    doctorName: `Dr ${fullName(doctor)}`,
    patientName: fullName(patient),
    hospitalName,
    cancelledBy: appointment.cancellation?.by,
  };
}

/** The notifications of a change, for the appointment as it will be after it (no one to tell: none). */
export async function noticesOf(ctx: Ctx, event: AppointmentEvent, after: Appointment, now = new Date()) {
  const [patient, doctor, hospitalName] = await Promise.all([
    getUserById(ctx.db, after.patientId),
    getUserById(ctx.db, after.doctorId),
    ctx.dayBoard.hospitalName(after.hospitalId),
  ]);
  return patient && doctor ? appointmentNotices(ctx.config, event, { appointment: after, patient, doctor, hospitalName }, now) : [];
}

/** One person's notification of the event; `parties[role]` is who is told. */
export function messageTo(config: Config, event: AppointmentEvent, role: 'patient' | 'doctor', parties: Parties, facts: Facts, now: Date): Notification {
  const { appointment } = parties;
  const wording = WORDING[event];
  const to = parties[role];
  const title = role === 'doctor' ? (wording.doctorTitle ?? wording.title) : wording.title;
  const path = wording.path?.(appointment) ?? `/appointments/${appointment.id}`;
  const link = `${config.publicUrl}${path}`;
  const body = role === 'doctor' ? wording.toDoctor!(facts) : wording.toPatient(facts);
  const cancellation = appointment.cancellation;
  const email = {
    to: to.email,
    subject: wording.subject?.(facts) ?? `${title}: ${facts.when}`,
    template: `appointment-${event}`,
    data: {
      recipientName: to.firstName, when: facts.when, soon: facts.soon, doctorName: facts.doctorName, hospitalName: facts.hospitalName, link,
      patientName: role === 'doctor' ? facts.patientName : undefined,
      // The doctor's e-mail is written for the doctor: who booked, not "your appointment".
      forDoctor: role === 'doctor' ? true : undefined,
      reason: event === 'cancelled' ? cancellation?.reason : undefined,
      by: !cancellation ? undefined : cancellation.userId === to.id ? 'you' : ({ patient: 'the patient', doctor: 'the doctor', admin: 'the hospital' } as const)[cancellation.by],
    },
    calendar: role === 'patient' && wording.calendar ? calendarEntry(config, appointment, facts, wording.calendar) : undefined,
  };
  const texts = role === 'patient' ? wording.sms : Boolean(wording.smsToDoctor);
  const sms = texts && wantsSms(to) ? { to: to.phone, text: fitSms(`${config.hospitalName}: ${title}. ${body}`, link), template: email.template } : undefined;
  return newNotification({ event: `appointment.${event}`, userId: to.id, inbox: { title, body, link: path }, email, sms }, now);
}

function calendarEntry(config: Config, appointment: Appointment, facts: Facts, method: 'REQUEST' | 'CANCEL') {
  return {
    uid: `${appointment.id}@medtrack`,
    // The version grows with every change of the appointment, as calendar sequences must.
    sequence: appointment.version,
    method,
    start: appointment.start,
    end: appointment.end,
    summary: `Appointment with ${facts.doctorName}`,
    location: facts.hospitalName,
    url: `${config.publicUrl}/appointments/${appointment.id}`,
  };
}

/** "today at 10:30", "tomorrow at 10:30" or "on Tue 3 Mar at 10:30", as seen in the hospital's zone at `now`. */
export function soonPhrase(start: string, now: Date, zone: string): string {
  const at = DateTime.fromISO(start, { zone });
  const days = Math.round(at.startOf('day').diff(DateTime.fromJSDate(now, { zone }).startOf('day'), 'days').days);
  const time = at.toFormat('HH:mm');
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${at.toFormat('ccc d LLL')} at ${time}`;
}
