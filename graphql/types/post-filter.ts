import { builder } from '../builder.ts'
import { PostStatus } from './post-status.ts'
import { Platform } from './publish-target.ts'

export const PostFilterInput = builder.inputType('PostFilter', {
  description: 'Narrows a list of posts; every field is optional and they all apply together.',
  fields: (t) => ({
    status: t.field({ type: [PostStatus], required: false, description: 'Posts in any of these statuses.' }),
    platform: t.field({ type: Platform, required: false, description: 'Posts with at least one target on this platform.' }),
    pageId: t.string({ required: false, description: 'Posts that went (or go) to this Page (FacebookPage.pageId).' }),
    from: t.field({
      type: 'DateTime',
      required: false,
      description: 'Posts whose time (scheduledAt, else createdAt) is at or after this. ISO-8601 with an offset.',
    }),
    to: t.field({ type: 'DateTime', required: false, description: 'Posts whose time is before this. ISO-8601 with an offset.' }),
    search: t.string({ required: false, description: 'Words the text contains, in any case.' }),
  }),
})
