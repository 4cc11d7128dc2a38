/** Donors: search (registered patients by e-mail or phone, walk-ins by phone), walk-in registration, a donor's page and recording a donation. */
import type { Request, Response } from 'express';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { getUserByEmail, getUserById, getUserByPhone, type User } from '../../users';
import { settingsOf } from '../config';
import { nextEligibleOn } from '../eligibility';
import { donorForPatient, recordDonation, registerWalkIn } from '../donations/service';
import { getDonor, getWalkInByPhone, lastWholeBloodDonation, listDonationsOfDonor } from '../donations/repository';
import { donationSchema, idParam, patientDonorSchema, searchSchema, walkInSchema } from '../schemas';
import { todayIn } from '../stock/expiry';
import type { Donor } from '../types';
import { auditRead, BASE, words } from './common';

/** Patients and walk-in donors matching an e-mail address or phone number exactly. */
async function findDonors(deps: Deps, q: string): Promise<{ patients: User[]; walkIns: Donor[] }> {
  if (q.includes('@')) {
    const user = await getUserByEmail(deps.db, q);
    return { patients: user?.role === 'patient' ? [user] : [], walkIns: [] };
  }
  const phone = parsePhoneNumberFromString(q, deps.config.defaultCountry as CountryCode);
  if (!phone?.isValid()) return { patients: [], walkIns: [] };
  const [user, walkIn] = await Promise.all([getUserByPhone(deps.db, phone.number), getWalkInByPhone(deps.db, phone.number)]);
  return { patients: user?.role === 'patient' ? [user] : [], walkIns: walkIn ? [walkIn] : [] };
}

export function donorPages(deps: Deps) {
  const renderSearch = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const { q } = searchSchema.parse(req.query);
    // After a refused "open as donor", the patient it was for, so the officer can fill in what was missing.
    const refusedFor = req.params.patientId ? await getUserById(deps.db, String(req.params.patientId)) : undefined;
    const found = q ? await findDonors(deps, q) : { patients: refusedFor?.role === 'patient' ? [refusedFor] : [], walkIns: [] };
    for (const p of found.patients) await auditRead(deps, req, 'blood-donor', p.id, p.id, 'search');
    res.render('bloodbank/donors', { title: 'Blood donors', ...words, q: q ?? '', ...found, values: form.values ?? {}, errors: form.errors ?? {}, patientId: req.params.patientId });
  };
  const renderDonor = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const donorId = idParam(req, 'donorId', 'donor');
    const donor = await getDonor(deps.db, donorId);
    if (!donor) throw new NotFoundError('We could not find that donor.');
    await auditRead(deps, req, 'blood-donor', donor.id, donor.kind === 'patient' ? donor.id : undefined);
    const [donations, last] = await Promise.all([listDonationsOfDonor(deps.db, donor.id), lastWholeBloodDonation(deps.db, donor.id)]);
    const nextOn = last ? nextEligibleOn(last.collectedOn, donor.sex, settingsOf(deps.config).rules) : undefined;
    const today = todayIn(deps.config.timeZone);
    res.render('bloodbank/donor', { title: 'Donor', ...words, donor, donations, last, nextOn, today, values: { collectedOn: today, kind: 'whole-blood', component1: 'whole-blood', units1: '1', ...form.values }, errors: form.errors ?? {} });
  };
  return {
    search: (req: Request, res: Response) => renderSearch(req, res),
    registerWalkIn: withFormErrors(renderSearch, async (req, res) => {
      const donor = await registerWalkIn(deps, validForm(walkInSchema(deps.config.defaultCountry), req.body));
      flash(req, 'success', 'The donor is registered.');
      res.redirect(303, `${BASE}/donors/${donor.id}`);
    }),
    fromPatient: withFormErrors(renderSearch, async (req, res) => {
      const patientId = idParam(req, 'patientId', 'patient');
      const details = validForm(patientDonorSchema, req.body);
      const donor = await donorForPatient(deps, patientId, details);
      await auditRead(deps, req, 'blood-donor', donor.id, donor.id, 'create');
      res.redirect(303, `${BASE}/donors/${donor.id}`);
    }),
    show: (req: Request, res: Response) => renderDonor(req, res),
    recordDonation: withFormErrors(renderDonor, async (req, res) => {
      const donorId = idParam(req, 'donorId', 'donor');
      const input = validForm(donationSchema, req.body);
      const donation = await recordDonation(deps, req.user!, donorId, input);
      await auditRead(deps, req, 'blood-donation', donation.id, donation.donorKind === 'patient' ? donation.donorId : undefined, 'create');
      flash(req, 'success', `Donation recorded: ${donation.lotIds.length} bag${donation.lotIds.length === 1 ? '' : 's'} quarantined until screening.`);
      res.redirect(303, `${BASE}/donations/${donation.id}`);
    }),
  };
}
