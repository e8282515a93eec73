import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { ingestUpload } from '#app/.server/media/ingest.ts'
import { mediaStore } from '#app/.server/media/media-store.ts'
import { removeExpiredMedia } from '#app/.server/media/retention.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { fixture } from './fixtures.ts'

// The media retention job on the real store and database: media stays while any post or draft
// needs it, and goes (row and bytes) the configured time after its last post settled.

const DAY = 24 * 60 * 60 * 1000
const LATER = Date.now() + 31 * DAY

async function mediaOf(userId: string) {
  return ingestUpload({ userId, fileName: 'photo.jpg', body: Readable.from([fixture('photo.jpg')]) })
}

async function postWith(userId: string, mediaId: string, targetStatus: 'published' | 'queued' | 'unconfirmed' | null) {
  return prisma.post.create({
    data: {
      userId,
      text: 'Retained?',
      requestHash: Math.random().toString(36),
      media: { create: { mediaId, position: 0 } },
      ...(targetStatus
        ? { targets: { create: { platform: 'threads', platformAccountId: '1', accountName: '@me', status: targetStatus } } }
        : {}),
    },
  })
}

const exists = async (id: string) => (await prisma.media.count({ where: { id } })) === 1

describe('removing media no post needs', () => {
  it('keeps media of drafts and of targets on their way; removes settled and unused media after the retention time', async () => {
    const { userId } = await signUp(`retention-${Math.random().toString(36).slice(2)}@example.com`)
    const unused = await mediaOf(userId)
    const settled = await mediaOf(userId)
    const draft = await mediaOf(userId)
    const pending = await mediaOf(userId)
    const unknown = await mediaOf(userId)
    await postWith(userId, settled.id, 'published')
    await postWith(userId, draft.id, null)
    await postWith(userId, pending.id, 'queued')
    await postWith(userId, unknown.id, 'unconfirmed')

    expect(await removeExpiredMedia({ now: Date.now(), retentionDays: 30 })).toEqual({ removed: 0 })
    expect(await removeExpiredMedia({ now: LATER, retentionDays: 30 })).toEqual({ removed: 2 })

    expect(await exists(unused.id)).toBe(false)
    expect(await exists(settled.id)).toBe(false)
    await expect(mediaStore().open(settled.id)).rejects.toThrow()
    for (const kept of [draft, pending, unknown]) expect(await exists(kept.id)).toBe(true)
    expect(await prisma.postMedia.count({ where: { mediaId: settled.id } })).toBe(0)
  })
})
