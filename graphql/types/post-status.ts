import { builder } from '../builder.ts'

export const PostStatus = builder.enumType('PostStatus', {
  description: "Derived from the post's targets: PARTIAL means some published and some did not.",
  values: {
    SCHEDULED: { value: 'scheduled', description: 'Waiting for its scheduledAt; cancelPost and reschedulePost still apply.' },
    CANCELLED: { value: 'cancelled', description: 'Cancelled before it started; nothing of it was published.' },
    PUBLISHING: { value: 'publishing', description: 'At least one target is still on its way.' },
    PUBLISHED: { value: 'published', description: 'Every target published.' },
    PARTIAL: { value: 'partial', description: 'Some targets published and some failed.' },
    FAILED: { value: 'failed', description: 'No target published.' },
    UNCONFIRMED: { value: 'unconfirmed', description: 'Meta may have published some target; Duopost is checking.' },
  } as const,
})
