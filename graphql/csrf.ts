import { createGraphQLError, type Plugin } from 'graphql-yoga'

export const CSRF_HEADER = 'x-graphql-csrf'

// Content types a cross-site HTML form or a no-preflight fetch can send.
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

/**
 * A browser attaches the session cookie to cross-site requests, so a cookie-authenticated request
 * must prove it was not a "simple" request another site could forge: either a JSON body (which
 * forces a CORS preflight) or our custom header. Bearer-token requests carry no ambient
 * credential and are left alone.
 */
export function useCookieCsrfPrevention(): Plugin {
  return {
    // yoga hands over endResponse as a plain function, not a method that needs its object.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    onRequest({ request, endResponse, fetchAPI }) {
      if (!request.headers.get('cookie') || request.headers.get('authorization')) return
      if (request.headers.get(CSRF_HEADER)) return
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      const preflighted = request.method === 'POST' && contentType !== '' && !SIMPLE_CONTENT_TYPES.includes(contentType)
      if (preflighted) return
      const error = createGraphQLError(
        `This request carries a session cookie but no proof it came from Duopost: send it as JSON or add the "${CSRF_HEADER}" header.`,
      )
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [error.toJSON()] }), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      )
    },
  }
}
