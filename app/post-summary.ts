import type { PostLineFragment } from '#app/gql/graphql.ts'

type Summary = PostLineFragment['targetSummary'][number]

function threadsWords(s: Summary): string {
  if (s.published === 1) return 'published'
  if (s.inProgress === 1) return 'in progress'
  if (s.retrying === 1) return 'will be retried'
  if (s.unconfirmed === 1) return 'not confirmed'
  return 'failed'
}

function pagesWords(s: Summary): string {
  const pages = s.total === 1 ? 'Page' : 'Pages'
  const parts = [`${s.published} of ${s.total} ${pages} published`]
  if (s.inProgress > 0) parts.push(`${s.inProgress} in progress`)
  if (s.retrying > 0) parts.push(`${s.retrying} will be retried`)
  if (s.failed > 0) parts.push(`${s.failed} failed`)
  if (s.unconfirmed > 0) parts.push(`${s.unconfirmed} not confirmed`)
  return parts.join(', ')
}

/**
 * A post's targets in one line, however many Pages it went to: "Threads published · Facebook: 12
 * of 14 Pages published, 2 failed". A post still waiting for its time counts where it will go.
 */
export function targetSummaryLine(post: Pick<PostLineFragment, 'status' | 'targetSummary'>): string {
  if (post.status === 'SCHEDULED' || post.status === 'CANCELLED') {
    return post.targetSummary
      .map((s) => (s.platform === 'THREADS' ? 'Threads' : `${s.total} Facebook ${s.total === 1 ? 'Page' : 'Pages'}`))
      .join(' and ')
  }
  return post.targetSummary.map((s) => (s.platform === 'THREADS' ? `Threads ${threadsWords(s)}` : `Facebook: ${pagesWords(s)}`)).join(' · ')
}

/** The first words of a post, for lists. */
export function excerpt(text: string, length = 80): string {
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text
}
