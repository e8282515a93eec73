import { metaError, type GraphError } from '../errors.ts'
import type { CallContext } from '../router.ts'
import type { PageRecord, TokenRecord } from '../store.ts'
import { facebookToken, grantedScopes, nodeOf } from './auth.ts'

const POSTING_DENIED =
  '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission'

function postingDenied(): GraphError {
  return metaError(200, undefined, { message: POSTING_DENIED })
}

export interface PageCall {
  token: TokenRecord
  page: PageRecord
}

/**
 * Writing to a Page takes that Page's own token, with pages_manage_posts and
 * pages_read_engagement, held by someone whose role can create content. A user token, or a
 * token for another Page, is refused the way Meta refuses it.
 */
export function pageForWrite(call: CallContext, pageId: string): PageCall {
  const token = facebookToken(call)
  const node = nodeOf(call, token, pageId)
  if (node.kind !== 'page') throw postingDenied()
  const { page } = node
  const scopes = grantedScopes(call.ctx, token)
  const tasks = token.personId ? page.roles.get(token.personId) : undefined
  const allowed =
    token.kind === 'fb_page' &&
    token.pageId === page.id &&
    scopes.includes('pages_manage_posts') &&
    scopes.includes('pages_read_engagement') &&
    (tasks?.includes('CREATE_CONTENT') ?? false)
  if (!allowed) throw postingDenied()
  return { token, page }
}

/** Reading a Page's posts takes its Page token, a user token covering it, or an app token. */
export function pageForRead(call: CallContext, pageId: string): PageCall {
  const token = facebookToken(call)
  const node = nodeOf(call, token, pageId)
  if (node.kind !== 'page') throw metaError(100, undefined, { message: '(#100) The feed of a person cannot be read with this app' })
  const { page } = node
  const grant = token.personId ? call.ctx.store.grant(token.appId, token.personId) : undefined
  const allowed =
    token.kind === 'fb_app' ||
    (token.kind === 'fb_page' && token.pageId === page.id) ||
    (token.kind === 'fb_user' &&
      grant !== undefined &&
      grant.scopes.includes('pages_read_engagement') &&
      grant.pageIds.includes(page.id) &&
      page.roles.has(token.personId ?? ''))
  if (!allowed) {
    throw metaError(10, undefined, {
      message:
        "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature. Refer to https://developers.facebook.com/docs/apps/review/login-permissions#manage-pages and https://developers.facebook.com/docs/apps/review/feature#reference-PAGES_ACCESS for details.",
    })
  }
  return { token, page }
}
