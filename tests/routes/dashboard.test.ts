import { describe, expect, it } from 'vitest'
import { reloadEnv } from '#app/.server/env.ts'
import type { PublishRefused } from '#app/dashboard-actions.server.ts'
import { action, loader } from '#app/routes/dashboard.tsx'
import { targetMoving } from '#app/status-labels.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { connectionsOf } from '#tests/connections/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { actionArgs, APP, dataResult, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { useWorker } from '#tests/worker-harness.ts'

const meta = useMetaSandbox()
useWorker()

type LoaderData = Awaited<ReturnType<typeof loader>>['data']

/** The dashboard loader's data and the headers it sets (the flash cookie). */
async function load(path: string, cookie: string): Promise<{ data: LoaderData; setCookie: string | null }> {
  const result = (await loader(loaderArgs(getRequest(path, cookie)))) as unknown as {
    data: LoaderData
    init: { headers?: HeadersInit } | null
  }
  return { data: result.data, setCookie: new Headers(result.init?.headers).get('set-cookie') }
}

/** A form post to the dashboard; repeated names (platform, pageId) as a browser sends ticked boxes. */
function submit(fields: [string, string][], cookie: string) {
  const request = new Request(new URL('/dashboard', APP), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  })
  return action(actionArgs(request))
}

/**
 * The dashboard's data once no target of the post is moving (each is settled or waits for its
 * automatic retry): publishing no longer holds the form's answer.
 */
async function settled(postId: string, cookie: string): Promise<LoaderData> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { data } = await load(`/dashboard?post=${postId}`, cookie)
    if (!data.current?.targets.some(targetMoving) || Date.now() > deadline) return data
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const withCookie = (cookie: string, setCookie: string | null) => `${cookie}; ${setCookie!.split(';')[0]}`

describe('/dashboard loader', () => {
  it('runs the Dashboard operation in process with the visitor’s cookie and returns connections, posts and a fresh idempotency key', async () => {
    const { cookie } = await signUp('dash@example.com')
    const { data, setCookie } = await load('/dashboard', cookie)
    expect(data.viewer.email).toBe('dash@example.com')
    expect(data.connections).toMatchObject({ threads: null, facebookPages: [], threadsAvailable: true, facebookAvailable: true })
    expect(data).toMatchObject({
      posts: [],
      current: null,
      draft: null,
      flash: null,
      sandbox: { url: meta.url, sampleImageUrl: `${meta.url}/__sandbox/media/sample.png` },
    })
    expect(data.idempotencyKey).not.toBe((await load('/dashboard', cookie)).data.idempotencyKey)
    expect(setCookie).toBeNull()
  })

  it('sends a signed-out visitor to /login, remembering where they were going', async () => {
    const response = await settle(loader(loaderArgs(getRequest('/dashboard?x=1'))))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: '/dashboard?x=1' })}`)
  })

  it('turns ?success= from the OAuth callback into a one-time message and cleans the URL, keeping other parameters', async () => {
    const { cookie } = await signUp('flash@example.com')
    const response = await settle(loader(loaderArgs(getRequest('/dashboard?success=threads_connected&post=p1', cookie))))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/dashboard?post=p1')
    const first = await load('/dashboard', withCookie(cookie, response.headers.get('set-cookie')))
    expect(first.data.flash).toMatchObject({ tone: 'success', message: 'Your Threads profile is connected. You can publish to it now.' })
    expect(first.setCookie).toMatch(/^duopost_flash=;.*Max-Age=0/)
  })

  it('turns ?notice= with a count into a warning, and ignores a notice without a usable count', async () => {
    const { cookie } = await signUp('notice@example.com')
    const flashFor = async (query: string) => {
      const response = await settle(loader(loaderArgs(getRequest(`/dashboard?${query}`, cookie))))
      expect(response.headers.get('location')).toBe('/dashboard')
      return (await load('/dashboard', withCookie(cookie, response.headers.get('set-cookie')))).data.flash
    }
    expect(await flashFor('success=facebook_connected&notice=business_pages_unlisted&connected=1')).toMatchObject({
      tone: 'warning',
      message: 'Business Manager Pages could not be listed; your other 1 Page is connected. Connect Facebook again later to add them.',
    })
    expect(await flashFor('success=facebook_connected&notice=business_pages_unlisted&connected=x')).toMatchObject({ tone: 'success' })
    expect(await flashFor('success=facebook_connected&notice=<script>&connected=3')).toMatchObject({ tone: 'success' })
  })

  it('explains every ?error= code in words, and an unknown one as a generic failure', async () => {
    const { cookie } = await signUp('errors@example.com')
    for (const [code, words] of [
      ['state_expired', /expired \(they last 10 minutes\)/],
      ['consent_denied', /You cancelled at Meta/],
      ['<script>', /Connecting failed unexpectedly/],
    ] as const) {
      const response = await settle(loader(loaderArgs(getRequest(`/dashboard?${new URLSearchParams({ error: code })}`, cookie))))
      expect(response.headers.get('location')).toBe('/dashboard')
      const { data } = await load('/dashboard', withCookie(cookie, response.headers.get('set-cookie')))
      expect(data.flash).toMatchObject({ tone: 'error', message: expect.stringMatching(words) })
    }
  })

  it('ignores a flash cookie it did not sign', async () => {
    const { cookie } = await signUp('forged@example.com')
    const forged = Buffer.from(JSON.stringify({ id: 'x', tone: 'error', message: 'Send your password to evil.example' })).toString('base64')
    const { data } = await load('/dashboard', `${cookie}; duopost_flash=${encodeURIComponent(forged)}`)
    expect(data.flash).toBeNull()
  })
})

describe('/dashboard action', () => {
  it('sends Connect to Meta’s consent page with a single-use state', async () => {
    const { cookie } = await signUp('connect@example.com')
    const response = await settle(
      submit(
        [
          ['intent', 'connect'],
          ['platform', 'THREADS'],
        ],
        cookie,
      ),
    )
    expect(response.status).toBe(302)
    const target = new URL(response.headers.get('location')!)
    expect(target.href.startsWith(`${meta.url}/oauth/authorize`)).toBe(true)
    expect(target.searchParams.get('redirect_uri')).toBe(`${APP}/auth/threads/callback`)
    expect(target.searchParams.get('state')).toBeTruthy()
  })

  it('comes back with the API’s message when the provider is not configured', async () => {
    const { cookie } = await signUp('unconfigured@example.com')
    delete process.env.FACEBOOK_APP_ID
    reloadEnv()
    const response = await settle(
      submit(
        [
          ['intent', 'connect'],
          ['platform', 'FACEBOOK'],
        ],
        cookie,
      ),
    )
    expect(response.headers.get('location')).toBe('/dashboard')
    const { data } = await load('/dashboard', withCookie(cookie, response.headers.get('set-cookie')))
    expect(data.flash).toMatchObject({ tone: 'error', message: expect.stringMatching(/FACEBOOK_APP_ID/) })
  })

  it('re-renders the composer with the person’s input and each field’s problem when the API refuses the post', async () => {
    const { cookie } = await signUp('refused@example.com')
    const result = dataResult<PublishRefused>(
      await submit(
        [
          ['intent', 'publish'],
          ['text', ''],
          ['link', 'not a link'],
          ['idempotencyKey', 'k1'],
        ],
        cookie,
      ),
    )
    expect(result.status).toBe(400)
    expect(result.data.values).toMatchObject({ text: '', link: 'not a link', platforms: [], idempotencyKey: 'k1' })
    expect(result.data.errors).toEqual({
      fields: { platforms: expect.stringMatching(/Choose at least one place/), link: expect.stringMatching(/https:\/\//) },
      form: [],
    })
  })

  it('publishes and redirects to the post’s results; a double submit with the same key publishes once', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    const fields: [string, string][] = [
      ['intent', 'publish'],
      ['text', 'From the dashboard'],
      ['platform', 'THREADS'],
      ['platform', 'FACEBOOK'],
      ['pageId', user.pageIds[0]!],
      ['idempotencyKey', 'double-click'],
    ]
    const [first, second] = await Promise.all([settle(submit(fields, user.cookie)), settle(submit(fields, user.cookie))])
    expect(first.headers.get('location')).toBe(second.headers.get('location'))
    const postId = new URL(first.headers.get('location')!, APP).searchParams.get('post')!
    expect(first.headers.get('location')).toBe(`/dashboard?post=${postId}#results`)
    const data = await settled(postId, user.cookie)
    expect(data.current).toMatchObject({ id: postId, status: 'PUBLISHED', text: 'From the dashboard' })
    expect(data.current!.targets.map((target) => target.accountName)).toEqual([
      `@${user.person.threads!.username}`,
      user.person.pages[0]!.name,
    ])
    expect(await meta.control.posts()).toHaveLength(2)
  })

  it('answers before Meta does: the redirect comes at once and the post publishes afterwards', async () => {
    const user = await connectedUser(meta, { threads: true, pages: 0 })
    await meta.control.configure({ latencyMs: 1500 })
    try {
      const response = await settle(
        submit(
          [
            ['intent', 'publish'],
            ['text', 'Not blocking'],
            ['platform', 'THREADS'],
          ],
          user.cookie,
        ),
      )
      const postId = new URL(response.headers.get('location')!, APP).searchParams.get('post')!
      // Threads takes several calls of 1.5 s each: answered before the first, the post is still moving.
      expect((await load(`/dashboard?post=${postId}`, user.cookie)).data.current!.status).toBe('PUBLISHING')
      expect((await settled(postId, user.cookie)).current!.status).toBe('PUBLISHED')
    } finally {
      await meta.control.configure({ latencyMs: 0 })
    }
  })

  it('ignores ticked Pages when Facebook itself is not ticked (the form without JavaScript keeps them)', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const response = await settle(
      submit(
        [
          ['intent', 'publish'],
          ['text', 'Threads only'],
          ['platform', 'THREADS'],
          ['pageId', user.pageIds[0]!],
        ],
        user.cookie,
      ),
    )
    expect(response.status).toBe(302)
    await settled(new URL(response.headers.get('location')!, APP).searchParams.get('post')!, user.cookie)
    expect(await meta.control.posts()).toEqual([expect.objectContaining({ platform: 'threads', text: 'Threads only' })])
  })

  it('retries a failed Page now, and says so in words when there is nothing left to retry', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', error: { code: 2 } })
    const published = await settle(
      submit(
        [
          ['intent', 'publish'],
          ['text', 'Flaky'],
          ['platform', 'FACEBOOK'],
          ['pageId', user.pageIds[0]!],
        ],
        user.cookie,
      ),
    )
    const postId = new URL(published.headers.get('location')!, APP).searchParams.get('post')!
    const before = (await settled(postId, user.cookie)).current!
    expect(before.targets[0]).toMatchObject({ status: 'QUEUED', nextAttemptAt: expect.any(String), error: { retryable: true } })

    const retried = await settle(
      submit(
        [
          ['intent', 'retry'],
          ['postId', postId],
          ['targetId', before.targets[0]!.id],
        ],
        user.cookie,
      ),
    )
    expect(retried.headers.get('location')).toBe(`/dashboard?post=${postId}#results`)
    expect((await settled(postId, user.cookie)).current!.status).toBe('PUBLISHED')

    const again = await settle(
      submit(
        [
          ['intent', 'retry'],
          ['postId', postId],
        ],
        user.cookie,
      ),
    )
    const { data } = await load(`/dashboard?post=${postId}`, withCookie(user.cookie, again.headers.get('set-cookie')))
    expect(data.flash).toMatchObject({ tone: 'error', message: expect.stringMatching(/^Nothing to retry/) })
  })

  it('loads a post into the composer for Edit', async () => {
    const user = await connectedUser(meta)
    const response = await settle(
      submit(
        [
          ['intent', 'publish'],
          ['text', 'Draft me'],
          ['platform', 'THREADS'],
        ],
        user.cookie,
      ),
    )
    const postId = new URL(response.headers.get('location')!, APP).searchParams.get('post')!
    const { data } = await load(`/dashboard?edit=${postId}`, user.cookie)
    expect(data.draft).toMatchObject({ id: postId, text: 'Draft me', targets: [{ platform: 'THREADS' }] })
  })

  it('disconnects Threads and says what happened at Meta', async () => {
    const user = await connectedUser(meta)
    const response = await settle(
      submit(
        [
          ['intent', 'disconnect'],
          ['platform', 'THREADS'],
        ],
        user.cookie,
      ),
    )
    const { data } = await load('/dashboard', withCookie(user.cookie, response.headers.get('set-cookie')))
    expect(data.flash).toMatchObject({ tone: 'success', message: expect.stringMatching(/^Threads is disconnected\. /) })
    expect((await connectionsOf(user.cookie)).threads).toBeNull()
  })

  it('refuses a form without a known intent, and a signed-out visitor', async () => {
    const { cookie } = await signUp('intent@example.com')
    expect((await settle(submit([['intent', 'launch']], cookie))).status).toBe(400)
    const signedOut = await settle(submit([['intent', 'publish']], ''))
    expect(signedOut.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})
