import { Repeater } from 'graphql-yoga'
import { prisma } from '#app/.server/db.ts'
import { POST_UPDATES_TIMEOUT_MS, postUpdates } from '#app/.server/publishing/post-updates.ts'
import { PostNotFoundError } from '#app/.server/publishing/publish-post.ts'
import { builder } from '../builder.ts'
import { claimStreamSlot } from '../stream-limits.ts'

/** What the subscription pushes: which post changed (resolve reads it), or that there is none. */
type PostEvent = { id: string } | PostNotFoundError

builder.subscriptionField('postUpdated', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaField({
    type: 'Post',
    description: `Follows one of your posts while it publishes: the post now, then again whenever one of its targets changes. Completes once the post has settled, or after ${POST_UPDATES_TIMEOUT_MS / 60_000} minutes (subscribe again to keep following). Over server-sent events: send the request with "Accept: text/event-stream".`,
    errors: { types: [PostNotFoundError] },
    args: { id: t.arg.id({ required: true, description: 'Post.id' }) },
    // A Repeater, because its stop promise settles as soon as the consumer stops, even while the
    // poller is waiting for the next change. The request's signal says the client went away (the
    // HTTP server aborts it when the connection closes), which the consumer may never notice.
    subscribe: (_root, { id }, context) => {
      const release = claimStreamSlot(context.authentication)
      return new Repeater<PostEvent>(async (push, stop) => {
        const abort = new AbortController()
        const signal = AbortSignal.any([abort.signal, context.request.signal])
        void stop.then(() => abort.abort())
        signal.addEventListener('abort', () => stop(), { once: true })
        try {
          for await (const post of postUpdates(context.viewer.id, String(id), { signal })) await push(post)
        } catch (error) {
          // Not found is an answer for the client (as data), not a failure of the stream.
          if (!(error instanceof PostNotFoundError)) throw error
          await push(error)
        } finally {
          release()
        }
        stop()
      })
    },
    // Read again with the fields this subscription selected; the event says which post changed.
    resolve: (query, event) => {
      if (event instanceof PostNotFoundError) throw event
      return prisma.post.findUniqueOrThrow({ ...query, where: { id: event.id } })
    },
  }),
)
