/** The rating form on a completed visit's page. */
import { z } from 'zod';

export const rateAppointmentSchema = z.object({
  stars: z.coerce.number({ error: 'Choose from 1 to 5 stars' }).int('Choose from 1 to 5 stars').min(1, 'Choose from 1 to 5 stars').max(5, 'Choose from 1 to 5 stars'),
  comment: z.string().trim().max(500, 'Keep the comment under 500 characters').optional().transform((v) => v || undefined),
});
