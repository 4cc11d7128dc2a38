/** The blood-bank officer's day: the donation bookings of a date by time, paged, each linked to recording the donation. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { fullName, getUserById } from '../users';
import { listDayBookings } from './repository';
import { dayListQuerySchema } from './schemas';
import type { Ctx } from './service';

export function officerHandlers(ctx: Ctx) {
  return {
    async listDay(req: Request, res: Response) {
      const query = dayListQuerySchema.parse(req.query);
      const date = query.date ?? DateTime.now().setZone(ctx.config.timeZone).toISODate()!;
      const page = await listDayBookings(ctx.db, date, { cursor: query.cursor, limit: 25 });
      // A slot's chairs in order (the index sorts a slot's bookings by id).
      const bookings = [...page.items].sort((a, b) => a.start.localeCompare(b.start) || a.chair - b.chair);
      const donors = await Promise.all(bookings.map((b) => getUserById(ctx.db, b.patientId)));
      const rows = bookings.map((booking, i) => ({ booking, donorName: donors[i] ? fullName(donors[i]) : 'Former user' }));
      res.render('donation-booking/admin-day', { title: 'Donation bookings', date, rows, cursor: page.cursor });
    },
  };
}
