import { createHmac, timingSafeEqual } from 'node:crypto'
import { MINUTE } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { currentUserNeedsUserToken, GraphError, metaError, missingToken, unsupportedRequest } from '../errors.ts'
import { accessTokenOf, type Params } from '../http.ts'
import type { CallContext } from '../router.ts'
import type { AppRecord, PageRecord, PersonRecord, TokenRecord } from '../store.ts'
import { lookupToken, tokenFailure } from '../tokens.ts'

const PROOF_WINDOW_MS = 5 * MINUTE

function proofError(message: string): GraphError {
  return new GraphError(400, { message, type: 'GraphMethodException', code: 100 })
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase(), 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * `appsecret_proof` is checked whenever it is sent: the timestamped form, HMAC-SHA256 of
 * `token|appsecret_time` valid for 5 minutes, or the legacy HMAC of the token alone. With
 * "Require App Secret" on, a user or Page token call without it is refused.
 */
function proofFailure(ctx: SandboxContext, params: Params, token: TokenRecord, app: AppRecord): GraphError | null {
  if (token.kind === 'fb_app') return null
  const proof = params.get('appsecret_proof')
  if (proof === undefined) {
    return app.requireAppSecretProof ? proofError('API calls from the server require an appsecret_proof argument') : null
  }
  const time = params.get('appsecret_time')
  if (time !== undefined) {
    const at = /^\d+$/.test(time) ? Number(time) * 1000 : Number.NaN
    // The app stamps the proof with its own clock, which is real time unless a test moved the
    // sandbox clock; either one is accepted.
    const fresh = [Date.now(), ctx.clock.now()].some((now) => Math.abs(now - at) <= PROOF_WINDOW_MS)
    if (!fresh) return proofError('Invalid appsecret_proof provided in the API argument')
  }
  const message = time === undefined ? token.value : `${token.value}|${time}`
  const expected = createHmac('sha256', app.secret).update(message).digest('hex')
  return sameHex(proof, expected) ? null : proofError('Invalid appsecret_proof provided in the API argument')
}

/** The Facebook token behind a call, checked as Meta checks it; records usage for the headers. */
export function facebookToken(call: CallContext): TokenRecord {
  const { ctx, req } = call
  const value = accessTokenOf(req)
  if (!value) throw missingToken()
  const token = lookupToken(ctx, value)
  if (!token || !token.kind.startsWith('fb_')) throw metaError(190)
  const failure = tokenFailure(ctx, token)
  if (failure) throw failure
  const app = ctx.store.apps.get(token.appId)
  if (!app) throw metaError(190)
  const badProof = proofFailure(ctx, req.params, token, app)
  if (badProof) throw badProof
  const appUsers = [...ctx.store.grants.values()].filter((grant) => grant.appId === app.id).length
  Object.assign(
    call.headers,
    ctx.usage.hit({ appId: app.id, pageId: token.kind === 'fb_page' ? token.pageId : null, appUsers }, ctx.clock.now()),
  )
  return token
}

export type GraphNode = { kind: 'user'; person: PersonRecord } | { kind: 'page'; page: PageRecord }

/** What `me` or an id stands for: `me` is the person for a user token and the Page for a Page token. */
export function nodeOf(call: CallContext, token: TokenRecord, id: string): GraphNode {
  const { store } = call.ctx
  if (id === 'me') {
    if (token.kind === 'fb_user' && token.personId) {
      const person = store.people.get(token.personId)
      if (person) return { kind: 'user', person }
    }
    const page = token.kind === 'fb_page' ? store.pages.get(token.pageId ?? '') : undefined
    if (page) return { kind: 'page', page }
    throw currentUserNeedsUserToken()
  }
  const person = store.people.get(id)
  if (person) return { kind: 'user', person }
  const page = store.pages.get(id)
  if (page) return { kind: 'page', page }
  throw unsupportedRequest('facebook', call.req.method, id)
}

export function grantedScopes(ctx: SandboxContext, token: TokenRecord): string[] {
  return token.personId ? (ctx.store.grant(token.appId, token.personId)?.scopes ?? []) : []
}
