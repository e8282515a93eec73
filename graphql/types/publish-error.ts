import type { RetryFacts } from '#app/.server/publishing/target-retry.ts'
import { retryableNow } from '#app/.server/publishing/target-retry.ts'
import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { builder } from '../builder.ts'

const ErrorKind = builder.enumType('PublishErrorKind', {
  description: 'What kind of failure Meta (or Duopost) reported for a target.',
  values: {
    TRANSIENT: { value: 'transient', description: 'A passing problem at Meta or on the way there; retrying may work.' },
    RATE_LIMITED: { value: 'rate_limited', description: 'Meta refused because of a rate limit; wait until retryAfter.' },
    RECONNECT: { value: 'reconnect', description: "Duopost's access to the account no longer works; connect it again." },
    PERMANENT: { value: 'permanent', description: 'Retrying the same post will not help: change the post or the account.' },
  } as const,
})

export const ErrorAction = builder.enumType('PublishErrorAction', {
  description: 'What the person can do about a failed target.',
  values: {
    RETRY: { value: 'retry', description: 'Try again now (retryPublishTargets).' },
    WAIT: { value: 'wait', description: 'Wait until retryAfter, then try again.' },
    RECONNECT: { value: 'reconnect', description: 'Connect the account again, then retry.' },
    FIX_ACCOUNT: { value: 'fix_account', description: 'Fix something on the account at Meta (a Page role, say), then retry.' },
    EDIT: { value: 'edit', description: 'Change the post (text, image or link); publishing it unchanged fails again.' },
    CONTACT_SUPPORT: { value: 'contact_support', description: 'Nothing the person can do; tell whoever runs this Duopost server.' },
  } as const,
})

type TargetErrorShape = Pick<
  PublishTarget,
  'errorKind' | 'errorCode' | 'errorSubcode' | 'errorMessage' | 'errorMetaMessage' | 'errorAction' | 'retryAfter'
> &
  RetryFacts

export const PublishError = builder.objectRef<TargetErrorShape>('PublishError').implement({
  description: 'Why a target did not publish.',
  fields: (t) => ({
    kind: t.field({ type: ErrorKind, description: 'What kind of failure it was.', resolve: (e) => e.errorKind as 'transient' }),
    message: t.string({ description: 'What happened, in plain words.', resolve: (e) => e.errorMessage ?? '' }),
    metaMessage: t.string({
      nullable: true,
      description:
        "Meta's own message, as Meta sent it (possibly in the person's language), to show beside message; null when Meta sent none.",
      resolve: (e) => e.errorMetaMessage,
    }),
    action: t.field({ type: ErrorAction, description: 'What to do about it.', resolve: (e) => (e.errorAction ?? 'retry') as 'retry' }),
    retryable: t.boolean({
      description:
        'Whether retryPublishTargets can help now. A target that failed because of its connection becomes retryable once the connection is ACTIVE again.',
      resolve: (e) => retryableNow(e),
    }),
    retryAfter: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The earliest time Meta accepts another attempt, when it said so.',
      resolve: (e) => e.retryAfter,
    }),
    metaCode: t.int({ nullable: true, description: "Meta's error code, for support.", resolve: (e) => e.errorCode }),
    metaSubcode: t.int({ nullable: true, description: "Meta's error subcode, for support.", resolve: (e) => e.errorSubcode }),
  }),
})
