/** What two-step sign-in tells its owner: never a secret or a code, only what changed. */
import { newNotification, type Notification } from '../../notifications';
import type { User } from '../../users';

type Person = Pick<User, 'id' | 'email' | 'firstName'>;

export function mfaResetNotice(user: Person): Notification {
  return newNotification({
    event: 'account.mfa-reset',
    userId: user.id,
    inbox: {
      title: 'Two-step sign-in was reset',
      body: 'An administrator removed the authenticator from your account and logged you out everywhere. Next time you log in you can set up an authenticator again.',
      link: '/account',
    },
    email: { to: user.email, subject: 'Two-step sign-in was reset on your account', template: 'mfa-reset', data: { name: user.firstName } },
  });
}

export function mfaChangedNotice(user: Person, on: boolean): Notification {
  return newNotification({
    event: on ? 'account.mfa-on' : 'account.mfa-off',
    userId: user.id,
    inbox: {
      title: on ? 'Two-step sign-in turned on' : 'Two-step sign-in turned off',
      body: on
        ? 'Logging in now also asks for a code from your authenticator app. Other devices were logged out.'
        : 'Logging in now asks only for your password. If this was not you, change your password and contact the hospital.',
      link: '/account/two-step',
    },
  });
}
