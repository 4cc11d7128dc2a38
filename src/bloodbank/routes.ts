/**
 * The blood bank, for its officers (admins): stock as lots, donors and donations with screening,
 * requests filled first-expiry-first-out from compatible lots, issue and reservations.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { dashboard } from './pages/dashboard';
import { donationPages } from './pages/donations';
import { donorPages } from './pages/donors';
import { lotPages } from './pages/lots';
import { requestPages } from './pages/requests';
import { BASE } from './pages/common';

export function bloodbankRoutes(deps: Deps): Router {
  const lots = lotPages(deps);
  const donors = donorPages(deps);
  const donations = donationPages(deps);
  const requests = requestPages(deps);
  const officer = requireRole('admin');
  return Router()
    .get(BASE, officer, (req, res) => dashboard(deps, req, res))
    .get(`${BASE}/lots`, officer, lots.list)
    .get(`${BASE}/lots/:lotId`, officer, lots.show)
    .post(`${BASE}/lots/:lotId/discard`, officer, lots.discard)
    .get(`${BASE}/donors`, officer, donors.search)
    .post(`${BASE}/donors`, officer, donors.registerWalkIn)
    .post(`${BASE}/patients/:patientId/donor`, officer, donors.fromPatient)
    .get(`${BASE}/donors/:donorId`, officer, donors.show)
    .post(`${BASE}/donors/:donorId/donations`, officer, donors.recordDonation)
    .get(`${BASE}/screening`, officer, donations.awaiting)
    .get(`${BASE}/follow-ups`, officer, donations.followUps)
    .get(`${BASE}/donations/:donationId`, officer, donations.show)
    .post(`${BASE}/donations/:donationId/screening`, officer, donations.screen)
    .post(`${BASE}/donations/:donationId/follow-up`, officer, donations.closeFollowUp)
    .get(`${BASE}/requests`, officer, requests.list)
    .get(`${BASE}/requests/new`, officer, requests.newForm)
    .post(`${BASE}/requests`, officer, requests.create)
    .get(`${BASE}/requests/:requestId`, officer, requests.show)
    .post(`${BASE}/requests/:requestId/issue`, officer, requests.issue)
    .post(`${BASE}/requests/:requestId/reserve`, officer, requests.reserve)
    .post(`${BASE}/requests/:requestId/cancel`, officer, requests.cancel);
}
