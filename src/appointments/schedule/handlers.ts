/** HTTP for working hours: the same page for a doctor's own schedule and an admin editing any. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { ConflictError, NotFoundError } from '../../platform/http/errors';
import { formatInstant } from '../../platform/format';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import type { FieldErrors } from '../../platform/validation';
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

    savePlan: withFormErrors(
      async (req, res, { values, errors, error }) => {
        // After a conflict, keep what was typed but take the new version: the summary shows what is saved now.
        if (error instanceof ConflictError) delete values.planVersion;
        await render(res, await targetOf(req), { plan: { values, errors } });
      },
      async (req, res) => {
        const target = await targetOf(req);
        const form = validForm(planFormSchema, req.body);
        await service.saveWeeklyPlan(deps, target.doctor.id, form.plan, form.planVersion);
        flash(req, 'success', 'Working hours saved.');
        res.redirect(303, target.path);
      },
    ),

    addLeave: withFormErrors(
      async (req, res, { values, errors }) => render(res, await targetOf(req), { leave: { values, errors } }),
      async (req, res) => {
        const target = await targetOf(req);
        const leave = await service.addDoctorLeave(deps, target.doctor.id, validForm(leaveFormSchema(zone, DateTime.now()), req.body));
        flash(req, 'success', `Leave added: ${leave.when}.`);
        if (leave.clashes.length) {
          const times = leave.clashes.map((a) => formatInstant(a.start, zone)).join(', ');
          flash(req, 'error', `${leave.clashes.length} booked visit${leave.clashes.length === 1 ? ' falls' : 's fall'} in this leave (${times}). Move or cancel ${leave.clashes.length === 1 ? 'it' : 'them'} so the patients know.`);
        }
        res.redirect(303, target.path);
      },
    ),

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
