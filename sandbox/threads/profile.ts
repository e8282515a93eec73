import { invalidParameter, nonexistingField } from '../errors.ts'
import { fieldsOrDefault, selectFields, type FieldResolvers } from '../fields.ts'
import { json } from '../http.ts'
import type { Handler } from '../router.ts'
import type { ThreadsProfileRecord } from '../store.ts'
import { threadsUser } from './auth.ts'

const OWN_PROFILE: FieldResolvers<ThreadsProfileRecord> = {
  id: (p) => p.id,
  username: (p) => p.username,
  name: (p) => p.name,
  threads_profile_picture_url: (p) => p.profilePictureUrl,
  threads_biography: (p) => p.biography,
  is_verified: (p) => p.isVerified,
  recently_searched_keywords: () => [],
  is_eligible_for_geo_gating: () => false,
}

const PUBLIC_PROFILE: FieldResolvers<ThreadsProfileRecord> = {
  username: (p) => p.username,
  name: (p) => p.name,
  profile_picture_url: (p) => p.profilePictureUrl,
  biography: (p) => p.biography,
  is_verified: (p) => p.isVerified,
  follower_count: () => 0,
  likes_count: () => 0,
  quotes_count: () => 0,
  replies_count: () => 0,
  reposts_count: () => 0,
  views_count: () => 0,
}

function unknownField(name: string): Error {
  return nonexistingField('threads', name, 'ThreadsUser')
}

/** `id` is the only default field of the own profile. */
export function profileFields(profile: ThreadsProfileRecord, fields: string | undefined): Record<string, unknown> {
  return selectFields(profile, fieldsOrDefault(fields, 'id'), OWN_PROFILE, unknownField)
}

/** `GET /me` */
export const me: Handler = (call) => json(200, profileFields(threadsUser(call).profile, call.req.params.get('fields')))

/** The profile named by `?username=`, for callers allowed to discover profiles. */
export function publicProfile(call: Parameters<Handler>[0]): ThreadsProfileRecord {
  threadsUser(call, 'threads_profile_discovery')
  const username = call.req.params.get('username')
  if (!username) throw invalidParameter('threads', '(#100) The parameter username is required')
  const profile = call.ctx.store.profileByUsername(username)
  if (!profile) {
    throw invalidParameter(
      'threads',
      `Object with ID '${username}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
    )
  }
  return profile
}

/** `GET /profile_lookup?username=`: another person's public profile. */
export const profileLookup: Handler = (call) => {
  const profile = publicProfile(call)
  const defaults = Object.keys(PUBLIC_PROFILE).join(',')
  return json(200, selectFields(profile, fieldsOrDefault(call.req.params.get('fields'), defaults), PUBLIC_PROFILE, unknownField))
}
