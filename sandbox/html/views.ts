import { isoSeconds } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { facebookPostUrl, pageUrl, threadsPostUrl, threadsProfileUrl } from '../directory.ts'
import { isLive, isScheduled, photoUrls, shownAt, videoUrl } from '../facebook/posts.ts'
import { bytes, html, pathSegments, type ParsedRequest, type Reply } from '../http.ts'
import { matchRoute, route } from '../router.ts'
import type { FacebookPostRecord, ThreadsMediaRecord } from '../store.ts'
import { errorPage, h, page, type Markup } from './layout.ts'

type View = (ctx: SandboxContext, req: ParsedRequest, path: Record<string, string>) => Reply

function notFound(what: string): Reply {
  return html(404, errorPage('Not found', `${what} does not exist in this sandbox.`))
}

function mediaMarkup(url: string, alt: string | null, type: string): Markup {
  return type === 'VIDEO' ? h`<p><a href="${url}">Video</a></p>` : h`<img class="media" src="${url}" alt="${alt ?? ''}">`
}

function threadsPost(ctx: SandboxContext, origin: string, media: ThreadsMediaRecord, username: string): Markup {
  const children = media.children.flatMap((id) => ctx.store.threadsMedia.get(id) ?? [])
  return h`<li>
<p class="post-text">${media.text ?? ''}</p>
${media.mediaUrl ? mediaMarkup(media.mediaUrl, media.altText, media.mediaType) : null}
${children.map((child) => (child.mediaUrl ? mediaMarkup(child.mediaUrl, child.altText, child.mediaType) : null))}
${media.linkAttachment ? h`<p><a href="${media.linkAttachment}">${media.linkAttachment}</a></p>` : null}
<p class="muted"><a href="${threadsPostUrl(origin, username, media.shortcode)}">${isoSeconds(media.publishedAt)}</a> · ${media.mediaType}${media.replyToId ? ' · reply' : ''}</p>
</li>`
}

function facebookPost(ctx: SandboxContext, origin: string, post: FacebookPostRecord): Markup {
  return h`<li>
<p class="post-text">${post.message ?? ''}</p>
${photoUrls(ctx, post).map((url) => h`<img class="media" src="${url}" alt="">`)}
${videoUrl(ctx, post) ? h`<p><a class="media" href="${videoUrl(ctx, post)}">Video</a></p>` : null}
${post.link ? h`<p><a href="${post.link}">${post.link}</a></p>` : null}
<p class="muted"><a href="${facebookPostUrl(origin, post.id)}">${isoSeconds(shownAt(post))}</a>${isScheduled(ctx, post) ? ' · scheduled' : ''}</p>
</li>`
}

const index: View = (ctx, req) => {
  const people = [...ctx.store.people.values()]
  const body = h`<section class="card"><h1>Sandbox profiles and Pages</h1>
${people.length === 0 ? h`<p>No people yet. Create them with <code>POST /__sandbox/people</code>.</p>` : null}
<ul>${people.map((person) => {
    const profile = ctx.store.profileOfPerson(person.id)
    return h`<li><strong>${person.name}</strong>${person.id === ctx.store.signedInPersonId ? ' (signed in)' : ''}<ul>
${profile ? h`<li>Threads: <a href="${threadsProfileUrl(req.origin, profile.username)}">@${profile.username}</a></li>` : null}
${ctx.store.pagesOfPerson(person.id).map((p) => h`<li>Page: <a href="${pageUrl(req.origin, p.id)}">${p.name}</a></li>`)}
</ul></li>`
  })}</ul></section>`
  return html(200, page('Local Meta sandbox', body))
}

function threadsPosts(ctx: SandboxContext, ownerId: string, code?: string): ThreadsMediaRecord[] {
  return [...ctx.store.threadsMedia.values()]
    .filter((m) => m.ownerId === ownerId && m.deletedAt === null && !m.isCarouselChild && (code === undefined || m.shortcode === code))
    .sort((a, b) => b.publishedAt - a.publishedAt)
}

const threadsProfile: View = (ctx, req, path) => {
  const username = (path.handle ?? '').replace(/^@/, '')
  const profile = ctx.store.profileByUsername(username)
  if (!profile) return notFound(`The Threads profile @${username}`)
  const posts = threadsPosts(ctx, profile.id, path.code)
  if (path.code !== undefined && posts.length === 0) return notFound('This Threads post')
  const body = h`<section class="card"><h1>${profile.name} <span class="muted">@${profile.username}${profile.isVerified ? ' ✓' : ''}</span></h1>
<p>${profile.biography}</p>
${path.code === undefined ? null : h`<p><a href="${threadsProfileUrl(req.origin, profile.username)}">All posts</a></p>`}
${posts.length === 0 ? h`<p class="muted">No posts yet.</p>` : h`<ul class="posts">${posts.map((m) => threadsPost(ctx, req.origin, m, profile.username))}</ul>`}
</section>`
  return html(200, page(`@${profile.username} on Threads`, body, 'threads'))
}

const facebookPage: View = (ctx, req, path) => {
  const pageRecord = ctx.store.pages.get(path.pageId ?? '')
  if (!pageRecord) return notFound('This Page')
  const postId = path.postId === undefined ? undefined : `${pageRecord.id}_${path.postId}`
  const posts = [...ctx.store.fbPosts.values()]
    .filter((p) => p.pageId === pageRecord.id && (postId === undefined || p.id === postId))
    .sort((a, b) => shownAt(b) - shownAt(a))
  const live = posts.filter((p) => isLive(ctx, p))
  const scheduled = posts.filter((p) => isScheduled(ctx, p))
  if (postId !== undefined && live.length + scheduled.length === 0) return notFound('This post')
  const body = h`<section class="card"><h1>${pageRecord.name}</h1><p class="muted">${pageRecord.category}</p>
${postId === undefined ? null : h`<p><a href="${pageUrl(req.origin, pageRecord.id)}">All posts</a></p>`}
${live.length === 0 ? h`<p class="muted">No posts yet.</p>` : h`<ul class="posts">${live.map((p) => facebookPost(ctx, req.origin, p))}</ul>`}
${scheduled.length === 0 ? null : h`<h2>Scheduled</h2><ul class="posts">${scheduled.map((p) => facebookPost(ctx, req.origin, p))}</ul>`}
</section>`
  return html(200, page(`${pageRecord.name} on Facebook`, body, 'facebook'))
}

const upload: View = (ctx, _req, path) => {
  const stored = ctx.store.uploads.get(path.id ?? '')
  return stored ? bytes(stored.contentType, stored.bytes) : notFound('This upload')
}

const VIEWS = [
  route<View, string>('index', 'GET', '', index),
  route<View, string>('threads profile', 'GET', 'view/threads/:handle', threadsProfile),
  route<View, string>('threads post', 'GET', 'view/threads/:handle/post/:code', threadsProfile),
  route<View, string>('facebook page', 'GET', 'view/facebook/:pageId', facebookPage),
  route<View, string>('facebook post', 'GET', 'view/facebook/:pageId/posts/:postId', facebookPage),
  route<View, string>('upload', 'GET', 'view/media/:id', upload),
]

/** The human-facing pages: where a person trying Duopost sees their post land. */
export function viewReply(ctx: SandboxContext, req: ParsedRequest): Reply {
  const match = matchRoute(VIEWS, req.method, pathSegments(req.url.pathname))
  return match ? match.route.handler(ctx, req, match.path) : notFound('This page')
}
