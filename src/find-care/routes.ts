/** Finding care, open to everyone: the doctor directory, hospitals ranked, and patient guidelines. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps';
import { findDoctors, rankHospitals } from './service';

const filtersSchema = z.object({
  specialty: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
  hospital: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
});

export function findCareRoutes(deps: Deps): Router {
  return Router()
    .get('/doctors', async (req: Request, res: Response) => {
      const filters = filtersSchema.parse(req.query);
      res.render('find-care/doctors', { title: 'Find a doctor', filters, ...(await findDoctors(deps, filters)) });
    })
    .get('/hospitals', async (_req: Request, res: Response) => {
      res.render('find-care/hospitals', { title: 'Our hospitals', ...(await rankHospitals(deps)) });
    })
    .get('/guidelines', (_req: Request, res: Response) => {
      res.render('find-care/guidelines', { title: 'Before your consultation' });
    });
}
