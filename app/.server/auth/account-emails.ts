import type { EmailContent } from '../mail/compose.ts'

/** The emails about a person's own account; each says why it was sent and what to do if it was not them. */
export const accountEmails = {
  verify(url: string): EmailContent {
    return {
      subject: 'Confirm your email address',
      heading: 'Confirm that this is your email address',
      paragraphs: [
        'Duopost sends you a message when a post fails or a connection needs you. Confirm this address so these messages can reach you.',
        'The link works for 48 hours. If you did not create a Duopost account, ignore this email: nothing is sent here until the address is confirmed.',
      ],
      action: { label: 'Confirm my email address', url },
      reason: 'You got this email because someone created a Duopost account with this address.',
    }
  },
  alreadyRegistered(loginUrl: string, resetUrl: string): EmailContent {
    return {
      subject: 'You already have an account',
      heading: 'Someone tried to create a Duopost account with this address',
      paragraphs: [
        'This address already has a Duopost account, so no new one was made. If it was you, log in with the password you chose then, or reset it if you forgot it.',
        `Reset your password: ${resetUrl}`,
        'If it was not you, ignore this email: your account is unchanged.',
      ],
      action: { label: 'Log in', url: loginUrl },
      reason: 'You got this email because someone tried to sign up for Duopost with this address.',
    }
  },
  reset(url: string): EmailContent {
    return {
      subject: 'Reset your password',
      heading: 'Choose a new Duopost password',
      paragraphs: [
        'Someone asked to reset the password of the Duopost account with this address. The link works once, for 30 minutes. Choosing a new password signs you out everywhere else.',
        'If it was not you, ignore this email: your password stays as it is.',
      ],
      action: { label: 'Choose a new password', url },
      reason: 'You got this email because someone asked to reset the password of your Duopost account.',
    }
  },
  passwordChanged(resetUrl: string): EmailContent {
    return {
      subject: 'Your password was changed',
      heading: 'The password of your Duopost account was changed',
      paragraphs: [
        'Every other session was signed out. If it was you, there is nothing to do.',
        'If it was not you, reset your password now: someone else may know it.',
      ],
      action: { label: 'Reset my password', url: resetUrl },
      reason: 'You got this email because the password of your Duopost account changed.',
    }
  },
  confirmNewAddress(url: string): EmailContent {
    return {
      subject: 'Confirm your new email address',
      heading: 'Confirm your new Duopost email address',
      paragraphs: [
        'You asked to use this address for your Duopost account. It takes effect once you confirm it; the link works for 24 hours.',
        'If it was not you, ignore this email: nothing changes.',
      ],
      action: { label: 'Use this address', url },
      reason: 'You got this email because someone asked to move a Duopost account to this address.',
    }
  },
  addressChanged(newEmail: string, resetUrl: string): EmailContent {
    return {
      subject: 'Your email address was changed',
      heading: 'Your Duopost account now uses another email address',
      paragraphs: [
        `From now on Duopost writes to ${newEmail} and you log in with it. This address no longer belongs to the account.`,
        'If it was not you, reset your password at once and write to your administrator: someone else may be in your account.',
      ],
      action: { label: 'Reset my password', url: resetUrl },
      reason: 'You got this email because it was the address of your Duopost account.',
    }
  },
  deleted(metaMessages: string[]): EmailContent {
    return {
      subject: 'Your account was deleted',
      heading: 'Your Duopost account is deleted',
      paragraphs: [
        'Your connections, posts, API tokens and settings are gone from Duopost, and every session and token was ended. Posts already published stay on Threads and Facebook, where you can delete them.',
        ...metaMessages,
      ],
      reason: 'You got this email because the Duopost account with this address was deleted.',
    }
  },
} satisfies Record<string, (...args: never[]) => EmailContent>
