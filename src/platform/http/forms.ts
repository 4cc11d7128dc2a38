/**
 * The one way a form says "rejected": the handler (or the service it calls) throws a
 * ValidationError (422) or a ConflictError carrying field messages (409), and `withFormErrors`
 * re-renders the form with that status, the messages and the values typed. Other errors go on to
 * the error handler. Success is the handler's own: a redirect with a flash message.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { formValues, parseForm, type FieldErrors, type FormOptions } from '../validation';
import { ConflictError, ValidationError } from './errors';

/** What a form is re-rendered with; `error` is the refusal, for pages that show more of it. */
export interface RejectedForm {
  values: Record<string, string>;
  errors: FieldErrors;
  error: ValidationError | ConflictError;
}

type Handler = (req: Request, res: Response) => Promise<unknown>;
export type FormRenderer = (req: Request, res: Response, form: RejectedForm) => Promise<unknown> | unknown;

/** The form's valid input, or a ValidationError with a message per field. */
export function validForm<S extends z.ZodType>(schema: S, input: unknown, options: FormOptions = {}): z.output<S> {
  const form = parseForm(schema, input, options);
  if (!form.ok) throw new ValidationError(form.errors);
  return form.data;
}

/** The field messages of a refusal that belongs on a form, if the error is one. */
export function formRefusal(error: unknown): (ValidationError | ConflictError) & { errors: FieldErrors } | undefined {
  if (error instanceof ValidationError) return error;
  if (error instanceof ConflictError && error.errors) return error as ConflictError & { errors: FieldErrors };
  return undefined;
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
