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

/** `n***@example.com`: enough for the owner to recognise, too little to give the address away. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** `ending 3210`: the last four digits of a number. */
export const maskPhone = (phone: string) => `ending ${phone.slice(-4)}`;

/** The link that moves the account to a new address, to that address only (it proves the address). */
export function emailChangeLinkNotice(user: Person, newEmail: string, link: string): Notification {
  return newNotification({
    event: 'account.change-email',
    userId: user.id,
    email: { to: newEmail, subject: 'Confirm your new e-mail address', template: 'change-email', data: { name: user.firstName, link } },
  });
}

/** Tells the old address that the account moved away from it; no link, nothing that could undo or follow the move. */
export function emailChangedNotice(user: Person, newEmail: string): Notification {
  const masked = maskEmail(newEmail);
  return newNotification({
    event: 'account.email-changed',
    userId: user.id,
    inbox: { title: 'E-mail address changed', body: `Your account's e-mail address is now ${masked}. If this was not you, contact the hospital.`, link: '/account' },
    email: { to: user.email, subject: 'Your e-mail address was changed', template: 'email-changed', data: { name: user.firstName, masked } },
  });
}

/**
 * Tells the account that its mobile number changed: by e-mail always, and by SMS to the old number
 * when that number had been proven (an unproven one may belong to a stranger).
 */
export function phoneChangedNotice(user: Person & Pick<User, 'phone' | 'phoneVerified'>, newPhone: string, hospitalName: string): Notification {
  const masked = maskPhone(newPhone);
  const text = `The mobile number of your ${hospitalName} account was changed to the number ${masked}. If this wasn't you, contact the hospital.`;
  return newNotification({
    event: 'account.phone-changed',
    userId: user.id,
    inbox: { title: 'Mobile number changed', body: `Your account's mobile number is now the number ${masked}. If this was not you, contact the hospital.`, link: '/account' },
    email: { to: user.email, subject: 'Your mobile number was changed', template: 'phone-changed', data: { name: user.firstName, masked } },
    sms: user.phoneVerified !== false ? { to: user.phone, text, template: 'account-phone-changed' } : undefined,
  });
}
