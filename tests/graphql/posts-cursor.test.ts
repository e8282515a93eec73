import { describe, expect, it } from 'vitest'
import { bearer, userWithToken } from '#tests/api/helpers.ts'
import { graphql } from './helpers.ts'

describe('posts with a cursor Duopost did not give out', () => {
  it.each([
    ['after', '!!notbase64'],
    ['before', Buffer.from('not a date|x').toString('base64url')],
  ])('answers %s: %j as invalid input on that argument, not "Unexpected error."', async (argument, cursor) => {
    const { secret } = await userWithToken(['READ'])
    const result = await graphql(`{ posts(first: 1, ${argument}: ${JSON.stringify(cursor)}) { edges { cursor } } }`, {
      headers: bearer(secret),
    })
    expect(result.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/This cursor is not one Duopost gave out: pass pageInfo.endCursor/),
      extensions: { code: 'BAD_USER_INPUT', type: 'InvalidInputError', issues: [{ field: argument, message: expect.any(String) }] },
    })
  })
})
