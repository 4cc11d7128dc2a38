/** The landing page and the patient's home (the doctor's day lives in appointments/, admin in admin/). */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps';
import { homeFor } from '../auth';
import { requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { upcomingAppointmentsFor } from '../appointments';

export function homeRoutes(deps: Deps): Router {
  return Router()
    .get('/', (req: Request, res: Response) => {
      if (req.user) return res.redirect(homeFor(req.user.role));
      res.render('home/index', { title: 'Care, booked simply' });
    })
    .get('/patient', requireRole('patient'), requireVerifiedEmail, async (req: Request, res: Response) => {
      const upcoming = await upcomingAppointmentsFor(deps, req.user!.id, 3);
      res.render('home/patient', { title: 'Your health', user: req.user, upcoming });
    });
}
