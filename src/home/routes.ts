/** The landing page and each role's home. Later features add their panels to these pages. */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps';
import { homeFor, requireRole, requireVerifiedEmail } from '../auth';
import { getHospital, getSpecialty } from '../directory';

export function homeRoutes(deps: Deps): Router {
  return Router()
    .get('/', (req: Request, res: Response) => {
      if (req.user) return res.redirect(homeFor(req.user.role));
      res.render('home/index', { title: 'Care, booked simply' });
    })
    .get('/patient', requireRole('patient'), requireVerifiedEmail, (req: Request, res: Response) => {
      res.render('patient/home', { title: 'Your health', user: req.user });
    })
    .get('/doctor', requireRole('doctor'), requireVerifiedEmail, async (req: Request, res: Response) => {
      const doctor = req.user!.doctor!;
      const [hospital, specialty] = await Promise.all([getHospital(deps.db, doctor.hospitalId), getSpecialty(deps.db, doctor.specialty)]);
      const view = doctor.approval === 'approved' ? 'doctor/home' : 'doctor/awaiting-approval';
      res.render(view, { title: 'Your practice', user: req.user, doctor, hospital, specialty });
    });
}
