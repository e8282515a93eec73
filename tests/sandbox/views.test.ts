import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, threadsWorld, THREADS_REDIRECT, useSandbox } from './helpers.ts'

describe('HTML views and consent navigation', () => {
  const sandbox = useSandbox()

  function page(path: string) {
    return callMeta<string>(sandbox.url, 'GET', path)
  }

  it('lists people, Threads profiles and Pages on the index', async () => {
    const { person } = await facebookWorld(sandbox.control)
    await sandbox.control.createPerson({ name: 'Ana <Threads>', threads: { username: 'ana' } })
    const index = await page('/')
    expect(index.status).toBe(200)
    expect(index.body).toContain('Bruno Costa')
    expect(index.body).toContain(`/view/facebook/${person.pages[0]?.id}`)
    expect(index.body).toContain('/view/threads/@ana')
    expect(index.body).toContain('Ana &lt;Threads&gt;')
  })

  it('shows a Threads profile with its posts, newest first, and each post on its own', async () => {
    const { token } = await threadsWorld(sandbox.control)
    for (const text of ['first <b>post</b>', 'second post']) {
      await callMeta(sandbox.url, 'POST', '/v1.0/me/threads', {
        form: { media_type: 'TEXT', text, auto_publish_text: 'true', access_token: token },
      })
      await sandbox.control.advanceClock({ seconds: 1 })
    }
    const profile = await page('/view/threads/@ana')
    expect(profile.body.indexOf('second post')).toBeLessThan(profile.body.indexOf('first &lt;b&gt;post&lt;/b&gt;'))
    const [post] = await sandbox.control.posts({ platform: 'threads' })
    const single = await page(new URL(post?.permalink ?? '').pathname)
    expect(single.body).toContain('first &lt;b&gt;post&lt;/b&gt;')
    expect(single.body).not.toContain('second post')
    expect((await page('/view/threads/@nobody')).status).toBe(404)
  })

  it('shows a Page with published and scheduled posts', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const now = Math.floor((await sandbox.control.clock()).nowMs / 1000)
    await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, { form: { message: 'out now', access_token: pageToken } })
    await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'coming soon', published: 'false', scheduled_publish_time: String(now + 7200), access_token: pageToken },
    })
    const view = await page(`/view/facebook/${pageId}`)
    expect(view.body).toContain('out now')
    expect(view.body).toMatch(/<h2>Scheduled<\/h2>[\s\S]*coming soon/)
  })

  it('offers a person picker that leads to the consent form, and a way to switch account', async () => {
    const { app, person } = await threadsWorld(sandbox.control)
    await sandbox.control.signIn(null)
    const query = { client_id: app.id, redirect_uri: THREADS_REDIRECT, scope: 'threads_basic', response_type: 'code', state: 's' }
    const picker = await callMeta<string>(sandbox.url, 'GET', '/oauth/authorize', { query })
    expect(picker.body).toContain(`<input type="radio" name="sandbox_person" value="${person.id}" required>`)
    const consent = await callMeta<string>(sandbox.url, 'GET', '/oauth/authorize', { query: { ...query, sandbox_person: person.id } })
    expect(consent.body).toContain('Signed in as <strong>Ana Silva (@ana)</strong>')
    const switchHref = /href="([^"]+sandbox_person=)"/.exec(consent.body)?.[1]?.replace(/&amp;/g, '&') ?? ''
    await sandbox.control.signIn(person.id)
    const switched = await callMeta<string>(sandbox.url, 'GET', switchHref)
    expect(switched.body).toContain('Sign in as')
  })
})
