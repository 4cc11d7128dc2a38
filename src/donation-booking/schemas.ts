/** The donation forms and query strings. */
import { z } from 'zod';

/** The booking page's chosen date; anything malformed is simply not applied. */
export const bookingPageQuerySchema = z.object({ date: z.iso.date().optional().catch(undefined) });

export const bookDonationSchema = z.object({
  date: z.iso.date('Choose a date').optional(),
  start: z.iso.datetime({ offset: true, error: 'Choose a time from the list' }),
  idempotencyKey: z.uuid('This form is incomplete. Reload the page and try again.'),
});

export const bookingIdParamSchema = z.object({ bookingId: z.uuid() });

/** The officer's day list: a date (default today) and a page cursor. */
export const dayListQuerySchema = z.object({
  date: z.iso.date().optional().catch(undefined),
  cursor: z.string().max(2000).optional(),
});

export const donorListQuerySchema = z.object({ cursor: z.string().max(2000).optional() });
