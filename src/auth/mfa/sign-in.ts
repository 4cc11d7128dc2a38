/**
 * Log-in with two steps. After the right password, a staff member with an authenticator gets a
 * fresh session that holds only "waiting for the code" (no user: nothing else opens); the code
 * then starts the real session, with a new id again. A staff member whose role requires two-step
 * sign-in but who has none yet is signed in and sent to set it up; the gate (gate.ts) lets them
 * nowhere else.
 */
import { setTimeout } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { getUserById, type User } from '../../users';
import { loginClient, rememberDevice } from '../device';
import type { AuthContext } from '../service';
import { homeFor, startSession } from '../session';
import { ValidationError } from '../../platform/http/errors';
import { checkSecondFactor, mayUseMfa, mfaRequired, unusedRecoveryCodes, WRONG_CODE } from './service';
import { originOf, recordSignIn, type SignInOutcome } from './sign-ins';
import { flash } from '../../platform/session/flash';

declare module 'express-session' {
  interface SessionData {
    /** Between the right password and the second factor: whose code is awaited, and since when. */
    twoStep: { userId: string; epoch: number; startedAt: number; next?: string };
    /** The authenticator secret being set up, sealed (secrets.ts), until its first code confirms it. */
    mfaSetup: string;
  }
}

const WAIT_FOR_CODE_MS = 5 * 60 * 1000;
export const SETUP_PATH = '/account/two-step/setup';

/** Adds to the history after the answer: a slower answer for known accounts would tell who is registered. */
export function noteSignIn(ctx: AuthContext, req: Request, userId: string, outcome: SignInOutcome): void {
  const origin = originOf(req);
  ctx.background.run(() => recordSignIn(ctx, userId, outcome, origin));
}

/** After the right password: where the browser goes next, with the session set up for it. */
export async function afterPassword(ctx: AuthContext, req: Request, res: Response, user: User, next?: string): Promise<string> {
  if (user.mfaEnabledAt && mayUseMfa(user.role)) {
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.twoStep = { userId: user.id, epoch: user.sessionEpoch, startedAt: Date.now(), next };
    noteSignIn(ctx, req, user.id, 'code-asked');
    return '/login/two-step';
  }
  await startSession(req, user);
  rememberDevice(req, res, ctx.config, user.id);
  noteSignIn(ctx, req, user.id, 'success');
  return mayUseMfa(user.role) && mfaRequired(ctx.config, user.role) ? SETUP_PATH : (next ?? homeFor(user.role));
}

/** The user whose code this session awaits, if the wait is recent and nothing changed since the password. */
export async function awaitedUser(ctx: AuthContext, req: Request): Promise<User | undefined> {
  const pending = req.session.twoStep;
  if (!pending || Date.now() - pending.startedAt > WAIT_FOR_CODE_MS) return undefined;
  const user = await getUserById(ctx.db, pending.userId);
  return user && user.status === 'active' && user.sessionEpoch === pending.epoch && user.mfaEnabledAt ? user : undefined;
}

/**
 * Checks the second step's code under the same lockout as passwords (limits.ts, its own key), then
 * starts the session (a new id) and returns where to go. A wrong code is a ValidationError.
 */
export async function passSecondStep(ctx: AuthContext, req: Request, res: Response, user: User, code: string): Promise<string> {
  const client = loginClient(req, ctx.config, user.id);
  const key = `mfa:${user.id}`;
  try {
    const attempt = await ctx.limits.countAttempt(key, client);
    if (attempt.delayMs) await setTimeout(attempt.delayMs);
  } catch (error) {
    noteSignIn(ctx, req, user.id, 'locked');
    throw error;
  }
  const method = await checkSecondFactor(ctx, user.id, code);
  if (!method) {
    noteSignIn(ctx, req, user.id, 'mfa-failed');
    throw new ValidationError({ code: WRONG_CODE });
  }
  await ctx.limits.clearAttempts(key, client);
  const next = req.session.twoStep?.next;
  await startSession(req, user);
  rememberDevice(req, res, ctx.config, user.id);
  noteSignIn(ctx, req, user.id, 'mfa-passed');
  if (method === 'recovery') {
    const left = await unusedRecoveryCodes(ctx, user.id);
    flash(req, left > 2 ? 'info' : 'error', `You used a recovery code: ${left} left. ${left > 2 ? '' : 'Make new ones on the Two-step sign-in page of your account.'}`.trim());
  }
  return next ?? homeFor(user.role);
}
