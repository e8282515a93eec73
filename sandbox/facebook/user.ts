import { pageUrl } from '../directory.ts'
import { nonexistingField, unsupportedRequest } from '../errors.ts'
import type { FieldResolvers } from '../fields.ts'
import { pagedNodes } from '../paging.ts'
import type { CallContext, Handler } from '../router.ts'
import type { PageRecord, PersonRecord, TokenRecord } from '../store.ts'
import { pageTokenFor } from '../tokens.ts'
import { facebookToken, grantedScopes, nodeOf } from './auth.ts'

function pictureOf(origin: string) {
  return { data: { height: 50, is_silhouette: true, url: `${origin}/__sandbox/media/sample.png`, width: 50 } }
}

export function personResolvers(call: CallContext, token: TokenRecord): FieldResolvers<PersonRecord> {
  const scopes = grantedScopes(call.ctx, token)
  return {
    id: (p) => p.id,
    name: (p) => p.name,
    first_name: (p) => p.name.split(' ')[0],
    last_name: (p) => p.name.split(' ').slice(1).join(' ') || undefined,
    short_name: (p) => p.name.split(' ')[0],
    email: (p) => (scopes.includes('email') ? p.email : undefined),
    picture: () => pictureOf(call.req.origin),
  }
}

/**
 * Fields of a Page node. `access_token` only comes back to the Page's own token, or to a user token
 * of someone with a role on the Page who picked it for the app: under pages_show_list, or under
 * business_management for a Page reached through a business.
 */
export function pageResolvers(call: CallContext, token: TokenRecord): FieldResolvers<PageRecord> {
  const tasksOf = (page: PageRecord) => (token.personId ? page.roles.get(token.personId) : undefined)
  const grant = token.personId ? call.ctx.store.grant(token.appId, token.personId) : undefined
  const shared = (page: PageRecord) =>
    grant !== undefined &&
    grant.pageIds.includes(page.id) &&
    grant.scopes.includes(page.business ? 'business_management' : 'pages_show_list')
  return {
    id: (page) => page.id,
    name: (page) => page.name,
    category: (page) => page.category,
    category_list: (page) => [{ id: '2201', name: page.category }],
    tasks: (page) => tasksOf(page),
    access_token: (page) => {
      if (token.kind === 'fb_page') return token.pageId === page.id ? token.value : undefined
      return token.kind === 'fb_user' && tasksOf(page) && shared(page) ? pageTokenFor(call.ctx, token, page.id).value : undefined
    },
    link: (page) => pageUrl(call.req.origin, page.id),
    picture: () => pictureOf(call.req.origin),
    fan_count: () => 0,
    followers_count: () => 0,
    is_published: () => true,
  }
}

export function userUnknownField(name: string): Error {
  return nonexistingField('facebook', name, 'User')
}

export function pageUnknownField(name: string): Error {
  return nonexistingField('facebook', name, 'Page')
}

/**
 * The person a user edge (`/me/...`, `/{user-id}/...`) is about: the token's own person. A Page
 * token reaches a Page, which has no such edge. With `appToken`, the app's own token may name
 * anyone who authorized the app, as Meta allows on `/{user-id}/permissions`.
 */
export function ownUser(
  call: CallContext,
  edge: string,
  options: { appToken?: boolean } = {},
): { token: TokenRecord; person: PersonRecord } {
  const token = facebookToken(call)
  const node = nodeOf(call, token, call.path.id ?? '')
  if (node.kind === 'page') throw nonexistingField('facebook', edge, 'Page')
  const own = node.person.id === token.personId
  const byApp = options.appToken === true && token.kind === 'fb_app' && call.ctx.store.grant(token.appId, node.person.id) !== undefined
  if (!own && !byApp) throw unsupportedRequest('facebook', call.req.method, call.path.id ?? '')
  return { token, person: node.person }
}

/**
 * `GET /me/accounts`: the Pages the person has a role on and picked for this app, each with a
 * Page token derived from the user token, in cursor-paged slices (25 by default). Pages reached
 * through Business Manager are not here; they are under `/me/businesses`.
 */
export const accounts: Handler = (call) => {
  const { token, person } = ownUser(call, 'accounts')
  const grant = call.ctx.store.grant(token.appId, person.id)
  const visible = grant?.scopes.includes('pages_show_list')
    ? call.ctx.store.pagesOfPerson(person.id).filter((page) => page.business === null && grant.pageIds.includes(page.id))
    : []
  return pagedNodes('facebook', call.req, visible, (p) => p.id, {
    defaults: 'access_token,category,category_list,name,id,tasks',
    resolvers: pageResolvers(call, token),
    unknownField: pageUnknownField,
  })
}
