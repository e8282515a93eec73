import type { Platform } from './control-types.ts'

// What each permission lets the app do, worded for the consent pages.
const THREADS_SCOPES: Record<string, string> = {
  threads_basic: 'See your Threads profile information',
  threads_content_publish: 'Publish posts to Threads on your behalf',
  threads_delete: 'Delete your Threads posts',
  threads_keyword_search: 'Search public Threads posts',
  threads_location_tagging: 'Tag locations in your posts',
  threads_manage_insights: 'Read insights for your profile and posts',
  threads_manage_mentions: 'Manage posts that mention you',
  threads_manage_replies: 'Reply to posts and manage replies',
  threads_profile_discovery: 'Look up public Threads profiles',
  threads_read_replies: 'Read replies to your posts',
}

const FACEBOOK_SCOPES: Record<string, string> = {
  public_profile: 'Your name and profile picture',
  email: 'Your email address',
  pages_show_list: 'Show the list of Pages you manage',
  pages_manage_posts: 'Create, edit and delete your Page posts',
  pages_read_engagement: 'Read content posted on your Pages',
  pages_manage_engagement: 'Manage comments and reactions on your Pages',
  pages_read_user_content: 'Read content users posted on your Pages',
  pages_manage_metadata: 'Manage Page settings and webhooks',
  business_management: 'Manage your business assets',
  read_insights: 'Read insights for your Pages',
  publish_video: 'Publish videos to your Pages',
}

export function knownScopes(platform: Platform): Record<string, string> {
  return platform === 'threads' ? THREADS_SCOPES : FACEBOOK_SCOPES
}

/** Meta takes comma-separated or (URL-encoded) space-separated lists. */
export function parseScopes(raw: string | undefined): string[] {
  return [...new Set((raw ?? '').split(/[\s,]+/).filter(Boolean))]
}

export function unknownScopes(platform: Platform, scopes: string[]): string[] {
  const known = knownScopes(platform)
  return scopes.filter((scope) => !(scope in known))
}

/** Facebook shows the Page picker when the app asks for any of these. */
export function wantsPages(scopes: string[]): boolean {
  return scopes.some(
    (scope) => scope.startsWith('pages_') || scope === 'business_management' || scope === 'read_insights' || scope === 'publish_video',
  )
}

export const ALL_THREADS_SCOPES = Object.keys(THREADS_SCOPES)
export const DEFAULT_FACEBOOK_SCOPES = ['public_profile', 'pages_show_list', 'pages_manage_posts', 'pages_read_engagement']
