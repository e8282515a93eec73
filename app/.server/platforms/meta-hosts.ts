// Meta's production endpoints: the defaults whenever no sandbox or override is configured.
// They live here because nothing outside platforms/ may know a Meta URL.
export const META_DEFAULTS = {
  THREADS_API_URL: 'https://graph.threads.net',
  THREADS_AUTHORIZE_URL: 'https://threads.net/oauth/authorize',
  FACEBOOK_GRAPH_URL: 'https://graph.facebook.com',
  FACEBOOK_AUTHORIZE_URL: 'https://www.facebook.com/v25.0/dialog/oauth',
  FACEBOOK_GRAPH_VERSION: 'v25.0',
} as const
