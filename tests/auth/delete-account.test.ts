import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Readable } from 'node:stream'
import { prisma } from '#app/.server/db.ts'
import { ingestUpload } from '#app/.server/media/ingest.ts'
import { mediaStore } from '#app/.server/media/media-store.ts'
import { action } from '#app/routes/settings.delete-account.tsx'
import { jobsOf } from '#tests/jobs/helpers.ts'
import { startSmtpCatcher, type SmtpCatcher } from '#tests/mail/smtp-catcher.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { fixture } from '#tests/media/fixtures.ts'
import { actionArgs, dataResult, formRequest, settle } from '#tests/utils.ts'
import { PASSWORD } from './helpers.ts'

const meta = useMetaSandbox()

let smtp: SmtpCatcher
beforeAll(async () => {
  smtp = await startSmtpCatcher()
})
afterAll(() => smtp.stop())

function remove(cookie: string, password: string) {
  return action(actionArgs(formRequest('/settings/delete-account', { password }, { cookie })))
}

describe('delete account', () => {
  it('refuses a wrong password and keeps everything', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const refused = dataResult<{ errors: Record<string, string> }>(await remove(user.cookie, 'not the password'))
    expect(refused.status).toBe(400)
    expect(refused.data.errors.password).toMatch(/not your password/)
    expect(await prisma.user.count({ where: { id: user.userId } })).toBe(1)
    expect(await prisma.account.count({ where: { userId: user.userId } })).toBe(2)
  })

  it('cancels scheduled posts, revokes Facebook, disconnects Threads, deletes every row and uploaded file and ends sessions and tokens', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: user.userId } })).email
    const later = new Date(Date.now() + 3_600_000).toISOString()
    const scheduled = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Later' },
      facebookPageIds: user.pageIds,
      scheduledAt: later,
    })
    const targetIds = scheduled.post!.targets.map((target) => target.id)
    const jobIdsBefore = (await Promise.all(targetIds.map(jobsOf))).flat()
    expect(jobIdsBefore.some((job) => job.state === 'created')).toBe(true)
    const photo = await ingestUpload({ userId: user.userId, fileName: 'photo.jpg', body: Readable.from([fixture('photo.jpg')]) })
    await prisma.apiToken.create({
      data: { userId: user.userId, name: 'CLI', prefix: 'dp_x', secretHash: `hash-${user.userId}`, scopes: ['READ'] },
    })

    const response = await settle(remove(user.cookie, PASSWORD))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toMatch(/duopost_session=; Max-Age=0/)

    for (const count of [
      prisma.user.count({ where: { id: user.userId } }),
      prisma.session.count({ where: { userId: user.userId } }),
      prisma.apiToken.count({ where: { userId: user.userId } }),
      prisma.account.count({ where: { userId: user.userId } }),
      prisma.post.count({ where: { userId: user.userId } }),
      prisma.publishTarget.count({ where: { id: { in: targetIds } } }),
      prisma.media.count({ where: { userId: user.userId } }),
    ]) {
      expect(await count).toBe(0)
    }
    await expect(mediaStore().open(photo.id)).rejects.toThrow()
    // The scheduled jobs were withdrawn: nothing will be published for a deleted account.
    const jobsAfter = (await Promise.all(targetIds.map(jobsOf))).flat()
    expect(jobsAfter.filter((job) => job.state === 'created' || job.state === 'retry')).toHaveLength(0)
    const revokes = await meta.control.calls({ route: 'facebook.permissions.delete' })
    expect(revokes).toHaveLength(1)
    expect(revokes[0]!.status).toBe(200)
    const goodbye = await smtp.waitFor(email, /Your account was deleted/)
    expect(goodbye.text).toMatch(/permissions at Facebook were removed/)
    expect(goodbye.text).toMatch(/Website permissions/)
  })
})
