/** HTTP for the doctor's day and the visit steps. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Deps } from '../deps';
import { getHospital, getSpecialty, listSpecialties } from '../directory';
import { NotFoundError, NotYoursError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { formValues } from '../platform/validation';
import { renderAppointmentPage } from './appointment-page';
import { dayStats, patientFlow } from './doctor-day';
import { appointmentIdParam } from './handlers';
import { describeAppointments } from './presenter';
import { getAppointment, listAppointmentsForDoctorOnDay, listAppointmentsOnDay } from './repository';
import { advanceVisit, nextActions, type VisitAction } from './visit';
import { parseCompletion } from './visit-schemas';
import type { User } from '../users';

/** Unknown or malformed filters fall back to the defaults (today, the doctor's own patients). */
const dayQuery = z.object({
  date: z.iso.date().optional().catch(undefined),
  specialty: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
});

export function doctorHandlers(deps: Deps) {
  const zone = deps.config.timeZone;
  const today = () => DateTime.now().setZone(zone).toISODate()!;

  /**
   * The doctor's own visits, and the numbers: of those visits, or, filtered by a specialty, of that
   * department at the doctor's hospital (counts only: other doctors' patients stay private).
   */
  async function day(doctor: User, date: string, specialty?: string) {
    const [own, department] = await Promise.all([
      listAppointmentsForDoctorOnDay(deps.db, doctor.id, date),
      specialty ? listAppointmentsOnDay(deps.db, date) : undefined,
    ]);
    const counted = department?.filter((a) => a.specialty === specialty && a.hospitalId === doctor.doctor!.hospitalId) ?? own;
    return { appointments: own, stats: dayStats(counted), flow: patientFlow(counted, zone) };
  }

  /** The filters of a request: a date, and a specialty only if it exists. */
  async function filtersOf(req: Request) {
    const { date = today(), specialty: slug } = dayQuery.parse(req.query);
    const specialty = slug ? await getSpecialty(deps.db, slug) : undefined;
    return { date, specialty };
  }

  return {
    async showDay(req: Request, res: Response) {
      const doctor = req.user!.doctor!;
      const [hospital, specialty] = await Promise.all([getHospital(deps.db, doctor.hospitalId), getSpecialty(deps.db, doctor.specialty)]);
      if (doctor.approval !== 'approved') {
        return res.render('doctor/awaiting-approval', { title: 'Your practice', user: req.user, doctor, hospital, specialty });
      }
      const { date, specialty: department } = await filtersOf(req);
      const [{ appointments, stats, flow }, specialties] = await Promise.all([day(req.user!, date, department?.slug), listSpecialties(deps.db)]);
      const rows = (await describeAppointments(deps, appointments)).map((a) => ({ ...a, actions: nextActions(a) }));
      const at = DateTime.fromISO(date, { zone });
      res.render('doctor/day', {
        title: 'My day',
        user: req.user,
        practice: [specialty?.name, hospital?.name].filter(Boolean).join(' · '),
        date,
        specialties,
        department,
        departmentHospital: hospital?.name ?? 'your hospital',
        isToday: date === today(),
        dayLink: (d: string) => `/doctor?${new URLSearchParams({ date: d, ...(department ? { specialty: department.slug } : {}) })}`,
        previousDate: at.minus({ days: 1 }).toISODate(),
        nextDate: at.plus({ days: 1 }).toISODate(),
        rows,
        stats,
        flow,
      });
    },

    /** The numbers the day page refreshes every 15 seconds. */
    async dayData(req: Request, res: Response) {
      const { date, specialty } = await filtersOf(req);
      const { appointments, stats, flow } = await day(req.user!, date, specialty?.slug);
      res.json({ date, specialty: specialty?.slug, stats, flow, statuses: appointments.map((a) => ({ id: a.id, status: a.status })) });
    },

    visitStep: (action: Exclude<VisitAction, 'complete'>) => async (req: Request, res: Response) => {
      const appointment = await advanceVisit(deps, req.user!, appointmentIdParam(req), action);
      flash(req, 'success', { 'check-in': 'Patient checked in.', start: 'Consultation started.', 'no-show': 'Marked as no-show.' }[action]);
      res.redirect(303, action === 'start' ? `/appointments/${appointment.id}` : `/doctor?date=${appointment.localDate}`);
    },

    async complete(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseCompletion(req.body);
      if (!form.ok) {
        const appointment = await getAppointment(deps.db, appointmentId);
        if (!appointment) throw new NotFoundError('We could not find that appointment.');
        if (appointment.doctorId !== req.user!.id) throw new NotYoursError('We could not find that appointment.');
        return renderAppointmentPage(deps, res.status(422), appointment, req.user!, { errors: form.errors, values: formValues(req.body) });
      }
      const appointment = await advanceVisit(deps, req.user!, appointmentId, 'complete', form.data);
      flash(req, 'success', 'Visit completed. The patient can now see the diagnosis and prescription.');
      res.redirect(303, `/doctor?date=${appointment.localDate}`);
    },
  };
}
