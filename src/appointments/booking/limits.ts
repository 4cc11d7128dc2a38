/**
 * Booking and waitlist requests per patient per hour (MEDTRACK_BOOKING_REQUESTS_PER_HOUR). Each
 * booking mails and texts a doctor; the cap on places bounds what a patient holds, this bounds how
 * fast they can churn through it (book, cancel, book ...). Every request counts, refused or not.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../../deps';
import { TooManyRequestsError } from '../../platform/http/errors';
import { createRateLimit } from '../../platform/rate-limit';

const HOUR = 60 * 60;

/** Route guard (after requireRole('patient')): 429 with a clear message past the limit. */
export function limitBookingRequests(deps: Pick<Deps, 'config' | 'db'>) {
  const points = deps.config.booking.requestsPerPatientPerHour;
  const limit = createRateLimit(deps.db, { keyPrefix: 'booking', points, durationSeconds: HOUR });
  return async (req: Request, _res: Response, next: NextFunction) => {
    const outcome = await limit.hit(req.user!.id);
    if (!outcome.ok) {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
      const wait = `${minutes} minute${minutes === 1 ? '' : 's'}`;
      throw new TooManyRequestsError(
        `You have sent ${points} booking or waiting-list requests in the last hour, the most we accept. Please try again in ${wait}, or call the hospital.`,
        outcome.retryAfterSeconds,
      );
    }
    next();
  };
}
