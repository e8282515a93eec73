import { debugTokenHandler } from '../debug-token.ts'
import { route, type Route } from '../router.ts'
import { facebookToken } from './auth.ts'
import { businesses, businessPages } from './businesses.ts'
import { accessToken, dialog } from './oauth.ts'
import { permissions, revokePermissions } from './permissions.ts'
import { deleteObject, feed, getObject, scheduledPosts, updatePost } from './posts.ts'
import { createFeedPost, createPhoto } from './publishing.ts'
import { createVideo } from './videos.ts'
import { accounts } from './user.ts'

/** graph.facebook.com and www.facebook.com's login dialog, under any `vNN.0` or unversioned. */
export const facebookRoutes: Route[] = [
  route('facebook.dialog', 'GET|POST', 'dialog/oauth', dialog),
  route('facebook.oauth.access_token', 'GET|POST', 'oauth/access_token', accessToken),
  route('facebook.debug_token', 'GET', 'debug_token', debugTokenHandler(facebookToken)),
  route('facebook.permissions', 'GET', ':id/permissions', permissions),
  route('facebook.permissions.delete', 'DELETE', ':id/permissions', revokePermissions),
  route('facebook.permissions.delete', 'DELETE', ':id/permissions/:permission', revokePermissions),
  route('facebook.accounts', 'GET', ':id/accounts', accounts),
  route('facebook.businesses', 'GET', ':id/businesses', businesses),
  route('facebook.business_pages', 'GET', ':id/owned_pages', businessPages('owned')),
  route('facebook.business_pages', 'GET', ':id/client_pages', businessPages('client')),
  route('facebook.feed.create', 'POST', ':id/feed', createFeedPost),
  route('facebook.feed.list', 'GET', ':id/feed', feed),
  route('facebook.feed.list', 'GET', ':id/posts', feed),
  route('facebook.scheduled_posts.list', 'GET', ':id/scheduled_posts', scheduledPosts),
  route('facebook.photos.create', 'POST', ':id/photos', createPhoto),
  route('facebook.videos.create', 'POST', ':id/videos', createVideo),
  route('facebook.object.get', 'GET', ':id', getObject),
  route('facebook.object.update', 'POST', ':id', updatePost),
  route('facebook.object.delete', 'DELETE', ':id', deleteObject),
]
