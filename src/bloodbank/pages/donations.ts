/** Donations: awaiting screening, open follow-ups, a donation's page with its screening form (PHI: audited). */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { getDonation, getDonor, listDonationsIn } from '../donations/repository';
import { closeFollowUp, recordScreening } from '../donations/service';
import { followUpSchema, idParam, screeningSchema } from '../schemas';
import { listLotsOfDonation } from '../stock/lots';
import { auditRead, BASE, words } from './common';

export function donationPages(deps: Deps) {
  const renderDonation = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const donation = await getDonation(deps.db, idParam(req, 'donationId', 'donation'));
    if (!donation) throw new NotFoundError('We could not find that donation.');
    await auditRead(deps, req, 'blood-donation', donation.id, donation.donorKind === 'patient' ? donation.donorId : undefined);
    const [donor, lots] = await Promise.all([getDonor(deps.db, donation.donorId), listLotsOfDonation(deps.db, donation.id)]);
    res.render('bloodbank/donation', { title: 'Donation', ...words, donation, donor, lots, values: form.values ?? {}, errors: form.errors ?? {} });
  };
  const queue = (which: 'awaiting' | 'follow-up', title: string) => async (req: Request, res: Response) => {
    const { items } = await listDonationsIn(deps.db, which, undefined, 100);
    const donors = await Promise.all(items.map((d) => getDonor(deps.db, d.donorId)));
    for (const d of items) await auditRead(deps, req, 'blood-donation', d.id, d.donorKind === 'patient' ? d.donorId : undefined, 'list');
    res.render('bloodbank/queue', { title, ...words, which, rows: items.map((d, i) => ({ donation: d, donor: donors[i] })) });
  };
  return {
    awaiting: queue('awaiting', 'Awaiting screening'),
    followUps: queue('follow-up', 'Donor follow-ups'),
    show: (req: Request, res: Response) => renderDonation(req, res),
    screen: withFormErrors(renderDonation, async (req, res) => {
      const id = idParam(req, 'donationId', 'donation');
      const results = validForm(screeningSchema, req.body);
      const donation = await recordScreening(deps, id, results);
      await auditRead(deps, req, 'blood-donation', id, donation.donorKind === 'patient' ? donation.donorId : undefined, 'update');
      flash(req, 'success', donation.screening === 'passed' ? 'Screening passed: the bags are now available.' : 'A result was positive: the bags are discarded and the donor is on the follow-up list.');
      res.redirect(303, `${BASE}/donations/${id}`);
    }),
    closeFollowUp: withFormErrors(renderDonation, async (req, res) => {
      const id = idParam(req, 'donationId', 'donation');
      const { note } = validForm(followUpSchema, req.body, { multiline: ['note'] });
      await closeFollowUp(deps, id, note);
      const donation = await getDonation(deps.db, id);
      await auditRead(deps, req, 'blood-donation', id, donation?.donorKind === 'patient' ? donation.donorId : undefined, 'update');
      flash(req, 'success', 'Follow-up closed.');
      res.redirect(303, `${BASE}/follow-ups`);
    }),
  };
}
