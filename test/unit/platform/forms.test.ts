import type { Request, Response } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../../../src/platform/http/forms';

interface FakeResponse {
  statusCode: number;
  headersSent: boolean;
  status(code: number): FakeResponse;
}

function fakeResponse(): FakeResponse {
  return {
    statusCode: 200,
    headersSent: false,
    status(code) {
      this.statusCode = code;
      return this;
    },
  };
}

/** Runs a wrapped handler that throws `error`; returns the status and what the form was re-rendered with. */
async function rejectWith(error: unknown, body: Record<string, unknown> = { name: 'Asha', password: 'secret words', _csrf: 't' }) {
  const rendered: RejectedForm[] = [];
  const res = fakeResponse();
  const handler = withFormErrors(
    (_req, _res, form) => rendered.push(form),
    async () => {
      throw error;
    },
  );
  await handler({ body } as Request, res as unknown as Response);
  return { status: res.statusCode, form: rendered[0] };
}

describe('withFormErrors', () => {
  it('when the input is refused, re-renders the form with 422, the messages and the values typed, never the password or token', async () => {
    const { status, form } = await rejectWith(new ValidationError({ name: 'Enter your name' }));
    expect(status).toBe(422);
    expect(form).toMatchObject({ errors: { name: 'Enter your name' }, values: { name: 'Asha' } });
    expect(form.values).not.toHaveProperty('password');
    expect(form.values).not.toHaveProperty('_csrf');
  });

  it('when the request lost to a change with a message for the form, re-renders with 409', async () => {
    const { status, form } = await rejectWith(new ConflictError('That time was just taken.', { start: 'That time was just taken.' }));
    expect(status).toBe(409);
    expect(form.errors).toEqual({ start: 'That time was just taken.' });
    expect(form.error).toBeInstanceOf(ConflictError);
  });

  it('leaves errors without field messages to the error handler', async () => {
    await expect(rejectWith(new ConflictError('This appointment is completed.'))).rejects.toBeInstanceOf(ConflictError);
    await expect(rejectWith(new NotFoundError())).rejects.toBeInstanceOf(NotFoundError);
    await expect(rejectWith(new Error('boom'))).rejects.toThrow('boom');
  });
});

describe('validForm', () => {
  const schema = z.object({ name: z.string().min(1, 'Enter your name') });

  it('returns the parsed input, or throws a ValidationError keyed by field', () => {
    expect(validForm(schema, { name: ' Asha ' })).toEqual({ name: 'Asha' });
    expect(() => validForm(schema, { name: '' })).toThrow(new ValidationError({ name: 'Enter your name' }));
  });
});
