import { useRevalidator } from '@remix-run/react'
import { print } from 'graphql/language/printer'
import { useEffect, useState } from 'react'
import { PostUpdatedDocument, type PostFieldsFragment } from '#app/gql/graphql.ts'

const CSRF_HEADER = 'x-graphql-csrf'

type Live = { post: PostFieldsFragment | null; streaming: boolean }

/** Yields the `data` of each "next" event of a server-sent event stream. */
async function* nextEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const lines = block.split('\n')
      const event = lines
        .find((line) => line.startsWith('event:'))
        ?.slice(6)
        .trim()
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n')
      if (event === 'complete') return
      if (event === 'next' && data) yield JSON.parse(data)
      end = buffer.indexOf('\n\n')
    }
  }
}

/**
 * Follows a post that is still publishing over the API's `postUpdated` subscription (server-sent
 * events read with fetch, which can send the CSRF header an EventSource cannot), and answers the
 * latest state. Once the post settles, the page's loaders run again for everything else. Without
 * JavaScript, or when the stream cannot be opened, the page falls back to reloading itself.
 */
export function useLivePost(post: PostFieldsFragment | null): Live {
  const [live, setLive] = useState<Live>({ post: null, streaming: false })
  const { revalidate } = useRevalidator()
  const id = post?.id ?? null
  const unsettled = post?.status === 'PUBLISHING'
  useEffect(() => {
    if (!id || !unsettled) return
    const abort = new AbortController()
    const follow = async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        signal: abort.signal,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ query: print(PostUpdatedDocument), variables: { id } }),
      })
      if (!response.ok || !response.body) return
      setLive({ post: null, streaming: true })
      for await (const payload of nextEvents(response.body)) {
        const update = (payload as { data?: { postUpdated?: { __typename: string } & Partial<PostFieldsFragment> } }).data?.postUpdated
        if (update?.__typename === 'Post') setLive({ post: update as PostFieldsFragment, streaming: true })
      }
      setLive((current) => ({ ...current, streaming: false }))
      revalidate()
    }
    follow().catch(() => {
      if (!abort.signal.aborted) setLive((current) => ({ ...current, streaming: false }))
    })
    return () => abort.abort()
    // `revalidate` changes identity on every render; following restarts only for another post.
  }, [id, unsettled])
  const current = live.post && live.post.id === id ? live.post : post
  return { post: current, streaming: live.streaming }
}
