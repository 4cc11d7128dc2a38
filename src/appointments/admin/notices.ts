/** What a reassignment tells the patient, the doctor who has the visit now and the one who had it. */
import type { Notification } from '../../notifications';
import { getUserById } from '../../users';
import { appointmentNotices, factsOf, messageTo } from '../notices';
import type { Appointment, Ctx } from '../types';

/**
 * The notifications of a reassignment, for the visit as it will be after it: the patient (with the
 * calendar entry replaced), the doctor who has it now, and the one who had it.
 */
export async function reassignmentNotices(ctx: Ctx, after: Appointment, fromDoctorId: string, now = new Date()): Promise<Notification[]> {
  const [patient, doctor, formerDoctor, hospitalName] = await Promise.all([
    getUserById(ctx.db, after.patientId), getUserById(ctx.db, after.doctorId), getUserById(ctx.db, fromDoctorId), ctx.dayBoard.hospitalName(after.hospitalId),
  ]);
  if (!patient || !doctor) return [];
  const parties = { appointment: after, patient, doctor, hospitalName };
  const notices = appointmentNotices(ctx.config, 'reassigned', parties, now);
  // The former doctor reads the new doctor's name: `facts` are those of the visit as it is now.
  const away = formerDoctor && messageTo(ctx.config, 'reassigned-away', 'doctor', { ...parties, doctor: formerDoctor }, factsOf(ctx.config, parties, now), now);
  return away ? [...notices, away] : notices;
}
