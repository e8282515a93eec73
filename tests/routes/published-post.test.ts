import { describe, expect, it } from 'vitest'
import { action, loader } from '#app/routes/posts_.$postId.tsx'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { actionArgs, APP, cookieFrom, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { useWorker } from '#tests/worker-harness.ts'

// The post's view without JavaScript: each step is an address, each change a form post answered
// by a redirect whose flash says what happened.

const meta = useMetaSandbox()
useWorker()

type LoaderData = Awaited<ReturnType<typeof loader>>['data']

async function load(path: string, postId: string, cookie: string): Promise<LoaderData> {
  const result = await loader({ ...loaderArgs(getRequest(path, cookie)), params: { postId } })
  return (result as unknown as { data: LoaderData }).data
}

function submit(postId: string, fields: Record<string, string>, cookie: string) {
  const request = new Request(new URL(`/posts/${postId}`, APP), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  })
  return settle(action({ ...actionArgs(request), params: { postId } }))
}

/** The page as the browser sees it after following the redirect, flash included. */
async function follow(response: Response, postId: string, cookie: string): Promise<LoaderData> {
  const flash = cookieFrom(response)
  return load(response.headers.get('location')!, postId, `${cookie}; ${flash}`)
}

describe('/posts/:postId', () => {
  it('opens the editor and the delete confirmation by address, and redirects with the outcome', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const published = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Frist' }, facebookPageIds: user.pageIds })
    const postId = published.post!.id
    const targetId = published.post!.targets[0]!.id

    expect((await load(`/posts/${postId}?edit=${targetId}`, postId, user.cookie)).opened).toEqual({ kind: 'edit', targetId })
    const refused = await submit(postId, { intent: 'editPublished', targetId, text: ' ' }, user.cookie)
    expect(refused.headers.get('location')).toBe(`/posts/${postId}?edit=${targetId}#target-${targetId}`)
    expect((await follow(refused, postId, user.cookie)).flash).toMatchObject({ tone: 'error', message: expect.stringMatching(/text/) })

    const edited = await submit(postId, { intent: 'editPublished', targetId, text: 'First' }, user.cookie)
    const afterEdit = await follow(edited, postId, user.cookie)
    expect(afterEdit.flash).toMatchObject({ tone: 'success', message: 'The post’s text is changed on Facebook.' })
    expect(afterEdit.post.targets[0]).toMatchObject({ editedText: 'First', deletedAt: null })

    expect((await load(`/posts/${postId}?delete=${targetId}`, postId, user.cookie)).opened).toEqual({ kind: 'delete', targetId })
    const deleted = await submit(postId, { intent: 'deletePublished', targetId }, user.cookie)
    const afterDelete = await follow(deleted, postId, user.cookie)
    expect(afterDelete.flash).toMatchObject({ tone: 'success', message: `Deleted from ${user.person.pages[0]!.name}.` })
    expect(afterDelete.post.targets[0]!.deletedAt).not.toBeNull()
    expect(afterDelete.post.targets[0]!.changes.map((change) => [change.kind, change.status])).toEqual([
      ['EDIT', 'DONE'],
      ['DELETE', 'DONE'],
    ])
  })

  it('puts Meta’s own message next to the plain words when Meta refuses', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const published = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Kept' }, facebookPageIds: user.pageIds })
    const postId = published.post!.id
    const targetId = published.post!.targets[0]!.id
    await meta.control.injectFault({ route: 'facebook.object.delete', error: { code: 100, message: '(#100) Invalid parameter' } })
    const refused = await follow(await submit(postId, { intent: 'deletePublished', targetId }, user.cookie), postId, user.cookie)
    expect(refused.flash?.tone).toBe('error')
    expect(refused.flash?.message).toMatch(/ Meta said: “\(#100\) Invalid parameter”$/)
  })

  it('shows nobody else’s post', async () => {
    const user = await connectedUser(meta)
    const published = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Mine' } })
    const other = await connectedUser(meta, { threads: false })
    const response = await settle(load(`/posts/${published.post!.id}`, published.post!.id, other.cookie))
    expect(response.status).toBe(404)
  })
})
