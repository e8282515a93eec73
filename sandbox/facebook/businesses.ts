import { metaTimestamp } from '../clock.ts'
import { metaError, nonexistingField, unsupportedRequest } from '../errors.ts'
import type { FieldResolvers } from '../fields.ts'
import { pagedNodes } from '../paging.ts'
import type { CallContext, Handler } from '../router.ts'
import type { BusinessPageRelation, BusinessRecord, TokenRecord } from '../store.ts'
import { facebookToken, grantedScopes } from './auth.ts'
import { ownUser, pageResolvers, pageUnknownField } from './user.ts'

const businessResolvers: FieldResolvers<BusinessRecord> = {
  id: (business) => business.id,
  name: (business) => business.name,
  created_time: (business) => metaTimestamp(business.createdAt),
}

// Business Manager edges answer nothing without business_management.
function requireBusinessManagement(call: CallContext, token: TokenRecord): void {
  if (!grantedScopes(call.ctx, token).includes('business_management')) {
    throw metaError(200, undefined, { message: '(#200) Requires business_management permission to manage the object' })
  }
}

/** `GET /me/businesses`: the Business Manager portfolios the person belongs to. */
export const businesses: Handler = (call) => {
  const { token, person } = ownUser(call, 'businesses')
  requireBusinessManagement(call, token)
  return pagedNodes('facebook', call.req, call.ctx.store.businessesOfPerson(person.id), (business) => business.id, {
    defaults: 'id,name',
    resolvers: businessResolvers,
    unknownField: (name) => nonexistingField('facebook', name, 'Business'),
  })
}

/**
 * `GET /{business-id}/owned_pages` and `/client_pages`, for a member's user token: every Page of
 * the business, with `/me/accounts`' fields and paging. A Page token comes back only for the
 * Pages the person picked on the consent page, as `access_token` does on any Page node.
 */
export function businessPages(relation: BusinessPageRelation): Handler {
  return (call) => {
    const token = facebookToken(call)
    const id = call.path.id ?? ''
    const business = call.ctx.store.businesses.get(id)
    if (!business || token.kind !== 'fb_user' || business.personId !== token.personId) {
      throw unsupportedRequest('facebook', call.req.method, id)
    }
    requireBusinessManagement(call, token)
    return pagedNodes('facebook', call.req, call.ctx.store.pagesOfBusiness(business.id, relation), (page) => page.id, {
      defaults: 'id,name',
      resolvers: pageResolvers(call, token),
      unknownField: pageUnknownField,
    })
  }
}
