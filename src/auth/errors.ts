/** How log-in is refused: on the log-in form (see platform/http/forms.ts), with its own status. */
import { HttpError } from '../platform/http/errors';

const NO_MATCH = 'That e-mail or mobile number and password do not match an account.';
const DEACTIVATED = 'This account has been deactivated. Please contact the hospital.';

/** Log-in details that match no account: said on the log-in form, with 401. */
export class InvalidCredentialsError extends HttpError {
  constructor() {
    super(401, NO_MATCH, { form: NO_MATCH });
  }
}

/** The right password for a deactivated account: said on the log-in form, with 403. */
export class AccountDeactivatedError extends HttpError {
  constructor() {
    super(403, DEACTIVATED, { form: DEACTIVATED });
  }
}
