import { route, type Route } from '../router.ts'
import { debugTokenHandler } from '../debug-token.ts'
import { threadsToken } from './auth.ts'
import { deleteMedia, getObject, listOwnPosts, profilePosts } from './media.ts'
import { authorize, exchangeToken, oauthAccessToken, refreshToken } from './oauth.ts'
import { me, profileLookup } from './profile.ts'
import { createContainer, publish, publishingLimit } from './publishing.ts'

/** graph.threads.net (and threads.net's authorization window), versioned `v1.0` or not. */
export const threadsRoutes: Route[] = [
  route('threads.authorize', 'GET|POST', 'oauth/authorize', authorize),
  route('threads.oauth.access_token', 'GET|POST', 'oauth/access_token', oauthAccessToken),
  route('threads.access_token', 'GET', 'access_token', exchangeToken),
  route('threads.refresh_access_token', 'GET', 'refresh_access_token', refreshToken),
  route('threads.debug_token', 'GET', 'debug_token', debugTokenHandler(threadsToken)),
  route('threads.profile_lookup', 'GET', 'profile_lookup', profileLookup),
  route('threads.profile_posts', 'GET', 'profile_posts', profilePosts),
  route('threads.publishing_limit', 'GET', ':user/threads_publishing_limit', publishingLimit),
  route('threads.publish', 'POST', ':user/threads_publish', publish),
  route('threads.containers.create', 'POST', ':user/threads', createContainer),
  route('threads.threads.list', 'GET', ':user/threads', listOwnPosts),
  route('threads.object.get', 'GET', 'me', me),
  route('threads.object.get', 'GET', ':id', getObject),
  route('threads.object.delete', 'DELETE', ':id', deleteMedia),
]
