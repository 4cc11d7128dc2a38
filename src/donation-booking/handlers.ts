/** HTTP for donors and the public: the blood bank page, booking a donation, the donor's bookings. */
import type { Request, Response } from 'express';
import { validForm, withFormErrors } from '../platform/http/forms';
import { NotFoundError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { BLOOD_GROUPS, type BloodBankReads } from './ports';
import { renderBookingPage } from './page';
import { listDonorBookings } from './repository';
import { bookDonationSchema, bookingIdParamSchema, bookingPageQuerySchema, donorListQuerySchema } from './schemas';
import { bookDonation, cancelDonation, type Ctx } from './service';
import { PREPARE } from './notices';

const bookingIdOf = (req: Request) => {
  const parsed = bookingIdParamSchema.safeParse(req.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.bookingId;
};

export function donationHandlers(ctx: Ctx, reads: BloodBankReads) {
  return {
    /** Public: levels per group in words only, who can donate, and the way to book. */
    async showBloodBank(_req: Request, res: Response) {
      const levels = await reads.stock.availabilityByGroup();
      res.render('donation-booking/public', { title: 'Give blood', groups: BLOOD_GROUPS.map((group) => ({ group, level: levels[group] ?? 'ok' })), prepare: PREPARE });
    },

    newBookingForm: (req: Request, res: Response) => renderBookingPage(ctx, reads, res, req.user!, { date: bookingPageQuerySchema.parse(req.query).date }),

    /** A refusal shows the page again on the day asked, with why. */
    book: withFormErrors(
      (req, res, { values, errors }) => renderBookingPage(ctx, reads, res, req.user!, { date: bookingPageQuerySchema.parse(req.body ?? {}).date, values, errors }),
      async (req, res) => {
        const { start, idempotencyKey } = validForm(bookDonationSchema, req.body);
        await bookDonation(ctx, reads, { patient: req.user!, start, idempotencyKey });
        flash(req, 'success', 'Your donation is booked. Thank you for giving blood.');
        res.redirect(303, '/blood-bank/bookings');
      },
    ),

    async listMine(req: Request, res: Response) {
      const { cursor } = donorListQuerySchema.parse(req.query);
      const page = await listDonorBookings(ctx.db, req.user!.id, { cursor, limit: 10 });
      res.render('donation-booking/mine', { title: 'My blood donations', ...page, now: new Date().toISOString() });
    },

    async cancel(req: Request, res: Response) {
      await cancelDonation(ctx, req.user!, bookingIdOf(req));
      flash(req, 'success', 'Your donation booking is cancelled.');
      res.redirect(303, '/blood-bank/bookings');
    },
  };
}
