import { ClientError, type GraphQLResponse } from 'graphql-request'
import { describe, expect, it } from 'vitest'
import { refusalResponse } from '#app/graphql.server.ts'

function clientError(status: number, errors: { message: string; extensions?: Record<string, unknown> }[], headers: HeadersInit = {}) {
  const response = { status, headers: new Headers(headers), body: '', errors } as unknown as GraphQLResponse
  return new ClientError(response, { query: '{ viewer { id } }' })
}

describe('the in-process client’s refusals', () => {
  it('turns FORBIDDEN (sent with HTTP 200) into a 403 with the API’s message', async () => {
    const response = refusalResponse(clientError(200, [{ message: 'This needs the PUBLISH scope.', extensions: { code: 'FORBIDDEN' } }]))
    expect(response?.status).toBe(403)
    expect(await response?.text()).toBe('This needs the PUBLISH scope.')
  })

  it('turns UNAUTHENTICATED into a 401 and RATE_LIMITED into a 429 that keeps Retry-After', async () => {
    const expired = refusalResponse(clientError(401, [{ message: 'The session has ended.', extensions: { code: 'UNAUTHENTICATED' } }]))
    expect(expired?.status).toBe(401)
    const limited = refusalResponse(
      clientError(429, [{ message: 'Too many requests.', extensions: { code: 'RATE_LIMITED' } }], { 'retry-after': '7' }),
    )
    expect(limited?.status).toBe(429)
    expect(limited?.headers.get('retry-after')).toBe('7')
    expect(await limited?.text()).toBe('Too many requests.')
  })

  it('keeps the status of a refusal without a code (the CSRF check answers 403)', () => {
    expect(refusalResponse(clientError(403, [{ message: 'No proof it came from Duopost.' }]))?.status).toBe(403)
  })

  it('leaves every other error alone, to fail as the unexpected error it is', () => {
    expect(refusalResponse(clientError(200, [{ message: 'Unexpected error.' }]))).toBeNull()
    expect(refusalResponse(clientError(500, [{ message: 'Unexpected error.' }]))).toBeNull()
  })
})
