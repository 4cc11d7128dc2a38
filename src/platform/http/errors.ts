/**
 * The app's error family: each carries the HTTP status the error handler answers with. A refusal
 * of a form's input also carries `errors`, a message per field (keyed by input name, `form` for the
 * whole form): the form's handler re-renders the form with them and that status (see forms.ts).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(message = 'The request could not be understood.') {
    super(400, message);
  }
}

/** Input the rules refuse, with a message per field; outside a form the first message is shown. */
export class ValidationError extends HttpError {
  declare readonly errors: Record<string, string>;

  constructor(errors: Record<string, string>) {
    super(422, Object.values(errors)[0] ?? 'Check the form and try again.', errors);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have access to this page.') {
    super(403, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'We could not find that page.') {
    super(404, message);
  }
}

/**
 * Someone else's object: answers exactly like a missing one (same status, same message), so its
 * existence does not leak, but the error handler logs it as an authorization denial.
 */
export class NotYoursError extends NotFoundError {}

/** A state-changing request a browser marks as sent from another site: refused, not an authorization decision. */
export class CrossSiteRequestError extends HttpError {
  constructor() {
    super(403, 'This form was sent from another site and was refused.');
  }
}

/**
 * The request lost to the state it met (someone else changed it first, the slot was taken). When
 * it came from a form, `errors` says where on the form to show why.
 */
export class ConflictError extends HttpError {
  constructor(message = 'Someone else changed this first. Reload and try again.', errors?: Record<string, string>) {
    super(409, message, errors);
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(
    message = 'Too many attempts. Please wait a few minutes and try again.',
    readonly retryAfterSeconds = 60,
  ) {
    super(429, message);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(message = 'MedTrack is having trouble reaching its database. Please try again shortly.') {
    super(503, message);
  }
}
