import type { SandboxContext } from './context.ts'
import type { PostFilter, PostRecord } from './control-types.ts'
import { facebookPostUrl } from './directory.ts'
import { isLive, photoUrls, shownAt, videoUrl } from './facebook/posts.ts'
import { permalinkOf } from './threads/media.ts'

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

/** Every post published through the sandbox (deleted ones too), oldest first. */
export function listPosts(ctx: SandboxContext, origin: string, filter: PostFilter = {}): PostRecord[] {
  const { store } = ctx
  const threads: PostRecord[] = [...store.threadsMedia.values()]
    .filter((media) => !media.isCarouselChild)
    .map((media) => ({
      platform: 'threads',
      id: media.id,
      containerId: media.containerId,
      profileId: media.ownerId,
      username: store.threadsProfiles.get(media.ownerId)?.username ?? '',
      mediaType: media.mediaType,
      text: media.text,
      mediaUrls: media.mediaUrl ? [media.mediaUrl] : media.children.flatMap((id) => store.threadsMedia.get(id)?.mediaUrl ?? []),
      permalink: permalinkOf(ctx, origin, media),
      publishedAt: new Date(media.publishedAt).toISOString(),
      deletedAt: iso(media.deletedAt),
      replyToId: media.replyToId,
      params: store.containers.get(media.containerId)?.params ?? {},
    }))
  const facebook: PostRecord[] = [...store.fbPosts.values()].map((post) => ({
    platform: 'facebook',
    id: post.id,
    pageId: post.pageId,
    message: post.message,
    link: post.link,
    photoUrls: photoUrls(ctx, post),
    videoUrl: videoUrl(ctx, post),
    published: isLive(ctx, post),
    scheduledPublishTime: iso(post.scheduledAt),
    createdAt: new Date(shownAt(post)).toISOString(),
    permalink: facebookPostUrl(origin, post.id),
    deletedAt: iso(post.deletedAt),
    params: post.params,
  }))
  const time = (post: PostRecord) => (post.platform === 'threads' ? post.publishedAt : post.createdAt)
  return [...threads, ...facebook]
    .filter((post) => !filter.platform || post.platform === filter.platform)
    .filter((post) => !filter.targetId || (post.platform === 'threads' ? post.profileId : post.pageId) === filter.targetId)
    .sort((a, b) => time(a).localeCompare(time(b)))
}
