import { createGraphQLError, type Plugin } from 'graphql-yoga'

// File uploads carry raw bytes; every other body GraphQL reads is text.
const BINARY_CONTENT_TYPE = 'multipart/form-data'

/**
 * A body that is not valid UTF-8 would reach resolvers with U+FFFD in place of the bad bytes and
 * be published that way without a word; refuse it instead, before anything reads it.
 */
export function useUtf8Body(): Plugin {
  return {
    // yoga hands over endResponse as a plain function, not a method that needs its object.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    async onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (contentType === BINARY_CONTENT_TYPE) return
      const bytes = await request.clone().arrayBuffer()
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      } catch {
        const error = createGraphQLError(
          'The request body is not valid UTF-8: encode the JSON body (text, link, idempotency key) as UTF-8.',
        )
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [error.toJSON()] }), {
            status: 400,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        )
      }
    },
  }
}
