import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { createToken } from './helpers.ts'

// Mutations that took loose arguments before they took `input` still accept the old arguments
// (deprecated), so clients written against them keep working; mixing or omitting both is refused.

type Answer = { __typename: string; message?: string; issues?: { field: string; message: string }[]; status?: string }

const SELECTION = '{ __typename ... on Error { message } ... on InvalidInputError { issues { field message } } }'
const WITH_POST = '{ __typename ... on Post { status } }'

async function scheduledPost(userId: string) {
  const id = randomUUID()
  const scheduledAt = new Date(Date.now() + 3_600_000)
  await prisma.post.create({ data: { id, userId, text: 'Later', requestHash: randomUUID(), scheduledAt } })
  return id
}

async function person() {
  const user = await signUp(`input-${randomUUID()}@example.com`)
  const run = async (document: string, variables: Record<string, unknown> = {}) => {
    const result = await graphql<{ answer: Answer }>(document, { cookie: user.cookie, variables })
    expect(result.body.errors).toBeUndefined()
    return result.body.data!.answer
  }
  return { ...user, run }
}

const LATER = new Date(Date.now() + 7_200_000).toISOString()

describe('mutations take input, and still take their deprecated loose arguments', () => {
  it('cancelPost', async () => {
    const { userId, run } = await person()
    expect(
      await run(`mutation ($id: ID!) { answer: cancelPost(input: { postId: $id }) ${WITH_POST} }`, { id: await scheduledPost(userId) }),
    ).toEqual({
      __typename: 'Post',
      status: 'CANCELLED',
    })
    expect(await run(`mutation ($id: ID!) { answer: cancelPost(postId: $id) ${WITH_POST} }`, { id: await scheduledPost(userId) })).toEqual({
      __typename: 'Post',
      status: 'CANCELLED',
    })
  })

  it('reschedulePost', async () => {
    const { userId, run } = await person()
    const viaInput = await scheduledPost(userId)
    await run(`mutation ($id: ID!, $at: DateTime!) { answer: reschedulePost(input: { postId: $id, scheduledAt: $at }) ${SELECTION} }`, {
      id: viaInput,
      at: LATER,
    })
    const viaArguments = await scheduledPost(userId)
    await run(`mutation ($id: ID!, $at: DateTime!) { answer: reschedulePost(postId: $id, scheduledAt: $at) ${SELECTION} }`, {
      id: viaArguments,
      at: LATER,
    })
    const moved = await prisma.post.findMany({ where: { id: { in: [viaInput, viaArguments] } }, select: { scheduledAt: true } })
    expect(moved.map((post) => post.scheduledAt?.toISOString())).toEqual([LATER, LATER])
  })

  it('retryPublishTargets', async () => {
    const { run } = await person()
    const missing = randomUUID()
    for (const document of [
      `mutation ($id: ID!) { answer: retryPublishTargets(input: { postId: $id, targetIds: [] }) ${SELECTION} }`,
      `mutation ($id: ID!) { answer: retryPublishTargets(postId: $id, targetIds: []) ${SELECTION} }`,
    ]) {
      expect((await run(document, { id: missing })).__typename).toBe('PostNotFoundError')
    }
  })

  it('revokeApiToken', async () => {
    const { cookie, userId, run } = await person()
    const first = await createToken(cookie, { scopes: ['READ'] })
    const second = await createToken(cookie, { scopes: ['READ'] })
    await run(`mutation ($id: ID!) { answer: revokeApiToken(input: { id: $id }) ${SELECTION} }`, { id: first.apiToken.id })
    await run(`mutation ($id: ID!) { answer: revokeApiToken(id: $id) ${SELECTION} }`, { id: second.apiToken.id })
    const tokens = await prisma.apiToken.findMany({ where: { userId }, select: { revokedAt: true } })
    expect(tokens.map((token) => token.revokedAt)).toEqual([expect.any(Date), expect.any(Date)])
  })

  it.each([
    ['cancelPost', 'cancelPost(input: { postId: "a" }, postId: "a")'],
    ['reschedulePost', `reschedulePost(input: { postId: "a", scheduledAt: "${LATER}" }, scheduledAt: "${LATER}")`],
    ['retryPublishTargets', 'retryPublishTargets(input: { postId: "a" }, targetIds: ["b"])'],
    ['revokeApiToken', 'revokeApiToken(input: { id: "a" }, id: "a")'],
  ])('%s refuses input and the deprecated arguments together, as data on input', async (_name, call) => {
    const { run } = await person()
    const answer = await run(`mutation { answer: ${call} ${SELECTION} }`)
    expect(answer).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ field: 'input', message: expect.stringMatching(/^Send input alone/) }],
    })
  })

  it.each([
    ['cancelPost', 'cancelPost'],
    ['reschedulePost', 'reschedulePost(postId: "a")'],
    ['retryPublishTargets', 'retryPublishTargets(targetIds: ["b"])'],
    ['revokeApiToken', 'revokeApiToken'],
  ])('%s refuses a call with neither input nor all the deprecated arguments, as data on input', async (_name, call) => {
    const { run } = await person()
    const answer = await run(`mutation { answer: ${call} ${SELECTION} }`)
    expect(answer).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ field: 'input', message: expect.stringMatching(/^Send input with/) }],
    })
  })
})
