import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse, validate } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markNeedsReconnect } from '#app/.server/accounts/account-health.ts'
import { prisma } from '#app/.server/db.ts'
import { schema } from '#graphql/schema.ts'
import { getYoga } from '#graphql/yoga.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { createToken, listen } from './helpers.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const doc = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8')

/** The fenced code block right after each `<!-- marker -->` comment of docs/api.md. */
function blocksAfter(marker: RegExp): { label: string; code: string }[] {
  const pattern = new RegExp(`<!-- (${marker.source}) -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`, 'g')
  return [...doc.matchAll(pattern)].map((match) => ({ label: match[1]!, code: match[2]! }))
}

const meta = useMetaSandbox()
useWorker()

let server: Awaited<ReturnType<typeof listen>>
beforeAll(async () => {
  server = await listen(getYoga())
})
afterAll(() => server.close())

async function personWithToken(pages = 1) {
  const user = await connectedUser(meta, { pages })
  const { secret } = await createToken(user.cookie, { name: 'docs example', scopes: ['READ', 'PUBLISH'] })
  return { user, env: { ...process.env, DUOPOST_URL: server.url, DUOPOST_TOKEN: secret } }
}

describe('docs/api.md', () => {
  it('shows docs/examples/ verbatim', () => {
    const files = blocksAfter(/file: [\w./-]+/)
    expect(files.map((file) => file.label)).toEqual([
      'file: docs/examples/codegen.ts',
      'file: docs/examples/publish.graphql',
      'file: docs/examples/publish.ts',
    ])
    for (const file of files)
      expect(file.code, file.label).toBe(fs.readFileSync(path.join(root, file.label.slice('file: '.length)), 'utf8'))
  })

  // The GraphQL examples that are not run below are at least checked against today's schema.
  it('has GraphQL examples that are valid against the schema', () => {
    const blocks = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!)
    expect(blocks.length).toBeGreaterThan(3)
    for (const block of blocks)
      expect(
        validate(schema, parse(block)).map((error) => error.message),
        block,
      ).toEqual([])
  })

  it('has a TypeScript example that publishes and reports every target', async () => {
    const { user, env } = await personWithToken()
    const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['docs/examples/publish.ts', 'Hello from the docs'], {
      cwd: root,
      env,
    })
    expect(stdout).toMatch(/^Post \w+: PUBLISHED$/m)
    expect(stdout).toMatch(/^- THREADS \S+: PUBLISHED http\S+$/m)
    expect(stdout).toMatch(new RegExp(`^- FACEBOOK ${user.person.pages[0]!.name}: PUBLISHED http\\S+$`, 'm'))
    expect((await meta.control.posts()).map((post) => ('text' in post ? post.text : post.message))).toEqual([
      'Hello from the docs',
      'Hello from the docs',
    ])
  })

  it('keeps publishing everywhere else when one connection is broken', async () => {
    const { user, env } = await personWithToken(2)
    const broken = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platformAccountId: user.pageIds[0] } })
    await markNeedsReconnect(broken.id, 'Facebook logged Duopost out of this Page. Connect Facebook again.')
    const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['docs/examples/publish.ts', 'Despite a broken Page'], {
      cwd: root,
      env,
    })
    expect(stdout).toMatch(/^Post \w+: PUBLISHED$/m)
    expect(stdout).toMatch(new RegExp(`^- FACEBOOK ${user.person.pages[1]!.name}: PUBLISHED http\\S+$`, 'm'))
    expect(await meta.control.posts()).toHaveLength(2)
  })

  it('has curl examples that work as written', async () => {
    const [query, follow] = blocksAfter(/tested: [^>]*/)
    expect(query && follow).toBeTruthy()
    const { user, env } = await personWithToken()

    const { stdout: answer } = await run('sh', ['-c', query!.code], { env })
    expect(JSON.parse(answer)).toMatchObject({
      data: { viewer: { email: expect.stringMatching(/@example\.com$/) }, connections: { facebookPages: [{ pageId: user.pageIds[0] }] } },
    })

    const { stdout: published } = await run(path.join(root, 'node_modules/.bin/tsx'), ['docs/examples/publish.ts', 'Followed'], {
      cwd: root,
      env,
    })
    const postId = /^Post (\w+):/m.exec(published)![1]!
    const { stdout: events } = await run('sh', ['-c', follow!.code], { env: { ...env, POST_ID: postId } })
    expect(events).toMatch(/^event: next\ndata: \{"data":\{"postUpdated":\{"status":"PUBLISHED"/m)
    expect(events).toMatch(/^event: complete$/m)
  })

  it('has a curl example that schedules a post with an offset and finds it in the queue', async () => {
    const [schedule] = blocksAfter(/tested: [^>]*to schedule/)
    const { env } = await personWithToken()
    const { stdout } = await run('sh', ['-c', schedule!.code], { env })
    const [published, upcoming] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { data: Record<string, unknown> })
    expect(published!.data).toMatchObject({ publishPost: { post: { status: 'SCHEDULED' } } })
    expect(upcoming!.data).toMatchObject({
      upcomingPosts: { edges: [{ node: { text: 'Later', targetSummary: [{ platform: 'THREADS', total: 1 }] } }] },
    })
    expect(await meta.control.posts()).toEqual([])
  })

  it('has a curl example that edits a Page post, then deletes it', async () => {
    const [change] = blocksAfter(/tested: [^>]*TARGET_ID[^>]*/)
    const { user, env } = await personWithToken()
    const published = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'Doors at 8.' },
      facebookPageIds: user.pageIds,
    })
    const target = published.post!.targets[0]!
    const { stdout } = await run('sh', ['-c', change!.code], { env: { ...env, TARGET_ID: target.id } })
    const [edited, deleted] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { data: Record<string, unknown> })
    expect(edited!.data).toMatchObject({ editPublishedTarget: { editedText: 'Doors open at 7.', deletedAt: null } })
    expect(deleted!.data).toMatchObject({
      deletePublishedTarget: {
        deletedAt: expect.any(String),
        changes: [
          { kind: 'EDIT', status: 'DONE' },
          { kind: 'DELETE', status: 'DONE' },
        ],
      },
    })
    expect(await meta.control.posts({ platform: 'facebook' })).toEqual([
      expect.objectContaining({ message: 'Doors open at 7.', deletedAt: expect.any(String) }),
    ])
  })
})
