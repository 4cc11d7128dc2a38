/**
 * What patients and doctors are told when an appointment changes: one notification per person,
 * on the inbox, by e-mail (with a calendar entry for the patient) and by SMS when they want it.
 * Time, doctor, hospital and a link only: never symptoms, diagnoses or prescriptions.
 */
import type { Config } from '../config';
import { fitSms, newNotification, type Notification } from '../notifications';
import { formatInstant } from '../platform/format';
import { fullName, wantsSms, type User } from '../users';
import type { Appointment } from './types';

export type AppointmentEvent = 'booked' | 'rescheduled' | 'cancelled';

interface Parties {
  appointment: Appointment;
  patient: User;
  doctor: User;
  hospitalName: string;
}

const TITLES: Record<AppointmentEvent, string> = {
  booked: 'Appointment booked',
  rescheduled: 'Appointment moved',
  cancelled: 'Appointment cancelled',
};

/** The notifications of one change: to the patient, and to the doctor. */
export function appointmentNotices(config: Config, event: AppointmentEvent, parties: Parties, now = new Date()): Notification[] {
  const { appointment, patient, doctor, hospitalName } = parties;
  const when = formatInstant(appointment.start, config.timeZone);
  const link = `/appointments/${appointment.id}`;
  const doctorName = `Dr ${fullName(doctor)}`;
  const cancelledBy = appointment.cancellation?.by;
  const toPatient = {
    booked: `${when} with ${doctorName}, ${hospitalName}.`,
    rescheduled: `Now ${when} with ${doctorName}, ${hospitalName}.`,
    cancelled: `${when} with ${doctorName} was cancelled${cancelledBy && cancelledBy !== 'patient' ? ` by ${cancelledBy === 'doctor' ? 'the doctor' : 'the hospital'}` : ''}.`,
  }[event];
  const toDoctor = {
    booked: `${fullName(patient)} at ${when}.`,
    rescheduled: `${fullName(patient)} moved to ${when}.`,
    cancelled: `${fullName(patient)} at ${when} was cancelled.`,
  }[event];
  const template = `appointment-${event}`;
  const calendar = {
    uid: `${appointment.id}@medtrack`,
    // The version grows with every change of the appointment, as calendar sequences must.
    sequence: appointment.version,
    method: event === 'cancelled' ? ('CANCEL' as const) : ('REQUEST' as const),
    start: appointment.start,
    end: appointment.end,
    summary: `Appointment with ${doctorName}`,
    location: hospitalName,
    url: `${config.publicUrl}${link}`,
  };
  const mail = (to: User, withCalendar: boolean) => ({
    to: to.email,
    subject: `${TITLES[event]}: ${when}`,
    template,
    data: {
      recipientName: to.firstName, when, doctorName, hospitalName, link: `${config.publicUrl}${link}`,
      patientName: to.id === doctor.id ? fullName(patient) : undefined,
      reason: event === 'cancelled' ? appointment.cancellation?.reason : undefined,
      by: !cancelledBy ? undefined : appointment.cancellation?.userId === to.id ? 'you' : ({ patient: 'the patient', doctor: 'the doctor', admin: 'the hospital' } as const)[cancelledBy],
    },
    calendar: withCalendar ? calendar : undefined,
  });
  return [
    newNotification(
      {
        event: `appointment.${event}`, userId: patient.id, inbox: { title: TITLES[event], body: toPatient, link },
        email: mail(patient, true),
        sms: wantsSms(patient) ? { to: patient.phone, text: fitSms(`${config.hospitalName}: ${TITLES[event]}. ${toPatient}`, `${config.publicUrl}${link}`) } : undefined,
      },
      now,
    ),
    newNotification({ event: `appointment.${event}`, userId: doctor.id, inbox: { title: TITLES[event], body: toDoctor, link }, email: mail(doctor, false) }, now),
  ];
}
