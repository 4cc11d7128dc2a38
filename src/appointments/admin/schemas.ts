/** The admin's day filters (anything malformed is simply not applied) and the reassign form. */
import { z } from 'zod';
import { STATUSES } from '../types';

const optionalSlug = z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined);

export const adminFiltersSchema = z.object({
  date: z.iso.date().optional().catch(undefined),
  specialty: optionalSlug,
  hospital: optionalSlug,
  doctor: z.uuid().optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
});

export const reassignSchema = z.object({ doctorId: z.uuid('Choose a doctor from the list') });
