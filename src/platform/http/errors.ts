/** The app's error family: each carries the HTTP status the error handler answers with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
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

export class ConflictError extends HttpError {
  constructor(message = 'Someone else changed this first. Reload and try again.') {
    super(409, message);
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
