/** HTTP for working hours: the same page for a doctor's own schedule and an admin editing any. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { ConflictError, NotFoundError } from '../../platform/http/errors';
import { formatInstant } from '../../platform/format';
import { flash } from '../../platform/session/flash';
import { formValues, parseForm, type FieldErrors } from '../../platform/validation';
import type { User } from '../../users';
import { WEEKDAYS } from './plan';
import { idSchema, leaveFormSchema, planFormSchema, planFormValues, RANGES_PER_DAY, SLOT_LENGTHS } from './schemas';
import * as service from './service';

/** Whose schedule a request is about, and where its page lives. */
interface Target {
  doctor: User;
  path: string;
  byAdmin: boolean;
}

type Form = { values: Record<string, string>; errors: FieldErrors };
const blank: Form = { values: {}, errors: {} };
const STALE =
  'Someone else changed these working hours while you were editing. The summary shows what is saved now; ' +
  'your changes below are not saved yet. Check them and save again.';

/** Behind requireApprovedDoctor (../routes.ts): only an approved doctor gets here. */
export const ownSchedule = async (req: Request): Promise<Target> => ({ doctor: req.user!, path: '/doctor/schedule', byAdmin: false });

export const doctorSchedule = (deps: Deps) => async (req: Request): Promise<Target> => {
  const id = idSchema.safeParse(req.params.userId);
  if (!id.success) throw new NotFoundError('There is no doctor with that id.');
  const doctor = await service.getDoctorForAdmin(deps, id.data);
  return { doctor, path: `/admin/doctors/${doctor.id}/schedule`, byAdmin: true };
};

export function scheduleHandlers(deps: Deps, targetOf: (req: Request) => Promise<Target>) {
  const zone = deps.config.timeZone;

  /** The page; a form given here shows what was typed, the other shows what is saved. */
  async function render(res: Response, target: Target, forms: { plan?: Form; leave?: Form } = {}) {
    const page = await service.loadSchedulePage(deps, target.doctor.id);
    const plan = forms.plan ?? { values: planFormValues(page.schedule.plan), errors: {} };
    res.render('appointments/schedule/edit', {
      title: target.byAdmin ? `${service.doctorLabel(target.doctor)} · working hours` : 'Working hours',
      ...target,
      ...page,
      doctorLabel: service.doctorLabel(target.doctor),
      zone,
      weekdays: WEEKDAYS.map((day) => ({ day, name: service.WEEKDAY_NAMES[day - 1] })),
      rangesPerDay: RANGES_PER_DAY,
      slotLengths: SLOT_LENGTHS,
      plan: { ...plan, values: { planVersion: String(page.schedule.planVersion), ...plan.values } },
      leave: forms.leave ?? blank,
    });
  }

  return {
    async show(req: Request, res: Response) {
      await render(res, await targetOf(req));
    },

    async savePlan(req: Request, res: Response) {
      const target = await targetOf(req);
      const form = parseForm(planFormSchema, req.body);
      if (!form.ok) return render(res.status(422), target, { plan: { values: formValues(req.body), errors: form.errors } });
      try {
        await service.saveWeeklyPlan(deps, target.doctor.id, form.data.plan, form.data.planVersion);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Keep what was typed but take the new version: the summary shows what is saved now.
        const typed = formValues(req.body);
        delete typed.planVersion;
        return render(res.status(409), target, { plan: { values: typed, errors: { form: STALE } } });
      }
      flash(req, 'success', 'Working hours saved.');
      res.redirect(303, target.path);
    },

    async addLeave(req: Request, res: Response) {
      const target = await targetOf(req);
      const form = parseForm(leaveFormSchema(zone, DateTime.now()), req.body);
      if (!form.ok) return render(res.status(422), target, { leave: { values: formValues(req.body), errors: form.errors } });
      const leave = await service.addDoctorLeave(deps, target.doctor.id, form.data);
      flash(req, 'success', `Leave added: ${leave.when}.`);
      if (leave.clashes.length) {
        const times = leave.clashes.map((a) => formatInstant(a.start, zone)).join(', ');
        flash(req, 'error', `${leave.clashes.length} booked visit${leave.clashes.length === 1 ? ' falls' : 's fall'} in this leave (${times}). Move or cancel ${leave.clashes.length === 1 ? 'it' : 'them'} so the patients know.`);
      }
      res.redirect(303, target.path);
    },

    async removeLeave(req: Request, res: Response) {
      const target = await targetOf(req);
      const leaveId = idSchema.safeParse(req.params.leaveId);
      if (!leaveId.success) throw new NotFoundError('There is no such leave in this schedule.');
      const leave = await service.removeDoctorLeave(deps, target.doctor.id, leaveId.data);
      flash(req, 'success', `Leave removed: ${leave.when}.`);
      res.redirect(303, target.path);
    },
  };
}
