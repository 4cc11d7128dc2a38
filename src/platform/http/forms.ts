/**
 * The one way a form says "rejected": the handler (or the service it calls) throws an error of the
 * family carrying field messages: ValidationError (422) for input the rules refuse, ConflictError
 * (409) with `errors` for a request that lost to the state it met, or another status where the
 * form needs one (a wrong password at log-in is 401). `withFormErrors` re-renders the form with
 * that status, the messages and the values typed; errors without field messages go on to the
 * error handler. Success is the handler's own: a redirect with a flash message.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { formValues, parseForm, type FieldErrors, type FormOptions } from '../validation';
import { HttpError, ValidationError } from './errors';

/** What a form is re-rendered with; `error` is the refusal, for pages that show more of it. */
export interface RejectedForm {
  values: Record<string, string>;
  errors: FieldErrors;
  error: HttpError;
}

type Handler = (req: Request, res: Response) => Promise<unknown>;
export type FormRenderer = (req: Request, res: Response, form: RejectedForm) => Promise<unknown> | unknown;

/** The form's valid input, or a ValidationError with a message per field. */
export function validForm<S extends z.ZodType>(schema: S, input: unknown, options: FormOptions = {}): z.output<S> {
  const form = parseForm(schema, input, options);
  if (!form.ok) throw new ValidationError(form.errors);
  return form.data;
}

/** The error as a refusal that belongs on a form (it carries field messages), or undefined. */
export function formRefusal(error: unknown): (HttpError & { errors: FieldErrors }) | undefined {
  return error instanceof HttpError && error.errors ? (error as HttpError & { errors: FieldErrors }) : undefined;
}

/** Wraps a form's POST handler: a refusal re-renders the form (via `render`) with its status, messages and the values typed. */
export function withFormErrors(render: FormRenderer, handler: Handler): Handler {
  return async (req, res) => {
    try {
      return await handler(req, res);
    } catch (error) {
      const refusal = formRefusal(error);
      if (!refusal || res.headersSent) throw error;
      return render(req, res.status(refusal.status), { values: formValues(req.body), errors: refusal.errors, error: refusal });
    }
  };
}
