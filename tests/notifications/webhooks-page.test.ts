import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { action, loader } from '#app/routes/settings.webhooks.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { actionArgs, APP, dataResult, getRequest, loaderArgs, settle } from '#tests/utils.ts'

const PAGE = '/settings/webhooks'

function submit(cookie: string, fields: [string, string][]) {
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' }
  return action(actionArgs(new Request(new URL(PAGE, APP), { method: 'POST', headers, body: new URLSearchParams(fields) })))
}

describe('/settings/webhooks', () => {
  it('adds an endpoint from a plain form post, shows its secret once, and deletes it', async () => {
    const { cookie, userId } = await signUp('hooks-page@example.com')
    const created = dataResult<{ created: { url: string; secret: string } }>(
      await submit(cookie, [
        ['intent', 'create'],
        ['url', 'http://127.0.0.1:9/hooks'],
        ['events', 'post.failed'],
        ['events', 'connection.needs_reconnect'],
      ]),
    )
    expect(created.data.created.secret).toMatch(/^whsec_/)
    const page = dataResult<{ endpoints: { id: string; url: string; events: string[] }[] }>(
      await loader(loaderArgs(getRequest(PAGE, cookie))),
    )
    expect(page.data.endpoints).toMatchObject([{ url: 'http://127.0.0.1:9/hooks', events: ['post.failed', 'connection.needs_reconnect'] }])
    expect(JSON.stringify(page.data)).not.toContain(created.data.created.secret)

    const refused = dataResult<{ errors: Record<string, string> }>(
      await submit(cookie, [
        ['intent', 'create'],
        ['url', 'nope'],
      ]),
    )
    expect(refused.status).toBe(400)
    expect(refused.data.errors).toMatchObject({
      url: expect.stringMatching(/full address/),
      events: expect.stringMatching(/at least one event/),
    })

    const stranger = await signUp('hooks-stranger@example.com')
    const foreign = await settle(
      submit(stranger.cookie, [
        ['intent', 'delete'],
        ['id', page.data.endpoints[0]!.id],
      ]),
    )
    expect(foreign.headers.get('location')).toBe(PAGE)
    expect(await prisma.webhookEndpoint.count({ where: { userId } })).toBe(1)
    await settle(
      submit(cookie, [
        ['intent', 'delete'],
        ['id', page.data.endpoints[0]!.id],
      ]),
    )
    expect(await prisma.webhookEndpoint.count({ where: { userId } })).toBe(0)
  })
})
