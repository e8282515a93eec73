import { serverAudits } from 'graphql-http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '#app/.server/env.ts'
import { createDuopostYoga } from '#graphql/yoga.ts'
import { bearer, listen, userWithToken } from './helpers.ts'

/**
 * graphql-http's audits of the GraphQL over HTTP spec, run against yoga exactly as Duopost
 * configures it (armor, CSRF prevention, tokens, rate limits), behind a real HTTP server and with
 * a real access token. Expected failures are pinned by audit id with the reason; docs/api.md
 * repeats them.
 */
const NEEDS_INTROSPECTION: Record<string, string> = {
  '28B9': 'its probe query reads __type, which a server with introspection turned off refuses',
  '2EA1': 'its probe query reads __type, which a server with introspection turned off refuses',
  D6D5: 'its probe query reads __type, which a server with introspection turned off refuses',
  '6A70': 'its probe query reads __type, which a server with introspection turned off refuses',
}

const CONFIGURATIONS = [
  { name: 'production with GRAPHQL_INTROSPECTION=1', env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1' }, expectedFailures: {} },
  { name: 'production (introspection off)', env: { NODE_ENV: 'production' }, expectedFailures: NEEDS_INTROSPECTION },
] as const

for (const configuration of CONFIGURATIONS) {
  describe(`GraphQL over HTTP audits: ${configuration.name}`, () => {
    let server: Awaited<ReturnType<typeof listen>>
    let secret: string

    beforeAll(async () => {
      secret = (await userWithToken(['READ'])).secret
      server = await listen(createDuopostYoga(parseEnv({ ...process.env, ...configuration.env })))
    })
    afterAll(() => server.close())

    const url = () => `${server.url}/graphql`
    // Every audit passes its headers as a plain object, so the token can be added to them.
    const fetchFn = (input: string, init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...bearer(secret) } })

    for (const audit of serverAudits({ url, fetchFn })) {
      const expected: string | undefined = (configuration.expectedFailures as Record<string, string>)[audit.id]
      it(`${audit.id} ${audit.name}${expected ? ` (expected to fail: ${expected})` : ''}`, async () => {
        const result = await audit.fn()
        if (!expected) {
          expect(result.status, 'reason' in result ? result.reason : '').toBe('ok')
          return
        }
        if (result.status === 'ok') throw new Error(`${audit.id} passed; remove it from the expected failures`)
        expect(JSON.stringify(await result.response.json())).toContain('INTROSPECTION_DISABLED')
      })
    }

    if (Object.keys(configuration.expectedFailures).length > 0) {
      it('still takes a {variables} map in POST and GET bodies, shown with a query that is not introspection', async () => {
        const query = 'query Post($id: ID!) { post(id: $id) { id } }'
        const variables = { id: 'sometype' }
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const posted = await fetchFn(url(), {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept },
            body: JSON.stringify({ query, variables }),
          })
          expect(posted.status).toBe(200)
          expect(await posted.json()).toEqual({ data: { post: null } })
          const target = new URL(url())
          target.searchParams.set('query', query)
          target.searchParams.set('variables', JSON.stringify(variables))
          const got = await fetchFn(target.toString(), { headers: { accept } })
          expect(got.status).toBe(200)
          expect(await got.json()).toEqual({ data: { post: null } })
        }
      })
    }
  })
}
