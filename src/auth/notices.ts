/**
 * What accounts tell their owners. These always go, whatever the user's preferences say. A mail
 * that carries a secret link (verification, reset) has no inbox entry: the inbox is no place for
 * a secret, and its owner may not be able to log in to read it anyway.
 */
import { newNotification, type Notification } from '../notifications';
import type { User } from '../users';

type Person = Pick<User, 'id' | 'email' | 'firstName'>;

export function verificationNotice(user: Person, link: string): Notification {
  return newNotification({
    event: 'account.verify-email',
    userId: user.id,
    email: { to: user.email, subject: 'Confirm your e-mail address', template: 'verify-email', data: { name: user.firstName, link } },
  });
}

export function passwordResetNotice(user: Person, link: string): Notification {
  return newNotification({
    event: 'account.reset-password',
    userId: user.id,
    email: { to: user.email, subject: 'Reset your password', template: 'reset-password', data: { name: user.firstName, link } },
  });
}

export function passwordChangedNotice(user: Person): Notification {
  return newNotification({
    event: 'account.password-changed',
    userId: user.id,
    inbox: {
      title: 'Password changed',
      body: 'Your password was changed and your other devices were logged out. If this was not you, reset your password and contact the hospital.',
      link: '/account',
    },
    email: { to: user.email, subject: 'Your password was changed', template: 'password-changed', data: { name: user.firstName } },
  });
}

/**
 * Tells whoever typed this address that no account was made: it is already registered.
 * `attemptId` is the id the refused registration would have had, so the outbox item says nothing
 * about whose address it is.
 */
export function accountExistsNotice(attemptId: string, to: { email: string; firstName: string }): Notification {
  return newNotification({
    event: 'account.exists',
    userId: attemptId,
    email: { to: to.email, subject: 'About your registration', template: 'account-exists', data: { name: to.firstName } },
  });
}

/** Tells the verified owner of a mobile number that a new registration named it (never the registrant). */
export function phoneInUseNotice(owner: Person): Notification {
  return newNotification({
    event: 'account.phone-in-use',
    userId: owner.id,
    email: { to: owner.email, subject: 'Your mobile number was used in a registration', template: 'phone-in-use', data: { name: owner.firstName } },
  });
}

/** The one-time code that proves a mobile number, by SMS to that number only. */
export function phoneCodeNotice(user: Pick<User, 'id' | 'phone'>, hospitalName: string, code: string, minutes: number): Notification {
  return newNotification({
    event: 'account.phone-code',
    userId: user.id,
    sms: { to: user.phone, text: `${code} is your ${hospitalName} code to confirm this mobile number. It works for ${minutes} minutes. Do not share it.`, template: 'account-phone-code' },
  });
}
