import { useRef, useState, type ClipboardEvent, type DragEvent } from 'react'
import type { MediaFieldsFragment, Platform } from '#app/gql/graphql.ts'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import { mediaFacts } from '#app/composer-checks.ts'
import type { ComposerMedia } from '#app/publish-form.ts'
import { ALT_TEXT_LIMIT, formatBytes, MAX_MEDIA_ITEMS, mediaIssues, mediaSummary, type MediaPlatform } from '#app/shared/media-rules.ts'

const ACCEPT = 'image/jpeg,image/png,image/gif,image/bmp,image/tiff,video/mp4,video/quicktime'

type Upload = { name: string; percent: number }

/** Uploads one file to POST /media with progress; resolves with the stored items and refusals. */
function uploadFile(file: File, onProgress: (percent: number) => void): Promise<{ media: MediaFieldsFragment[]; errors: string[] }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest()
    const form = new FormData()
    form.append('file', file, file.name)
    request.open('POST', '/media')
    request.responseType = 'json'
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100))
    }
    request.onload = () => {
      const body = request.response as { media?: (MediaFieldsFragment & { kind: string })[]; errors?: string[] } | null
      resolve({
        media: (body?.media ?? []).map((item) => ({ ...item, kind: item.kind.toUpperCase() as MediaFieldsFragment['kind'] })),
        errors: body?.errors ?? [`“${file.name}” could not be uploaded (HTTP ${request.status}). Try again.`],
      })
    }
    request.onerror = () => resolve({ media: [], errors: [`“${file.name}” could not be uploaded: the connection failed. Try again.`] })
    request.send(form)
  })
}

function platformsOf(platforms: readonly Platform[]): MediaPlatform[] {
  return platforms.map((platform) => (platform === 'THREADS' ? 'threads' : 'facebook'))
}

function Thumbnail({ details }: { details: MediaFieldsFragment | null }) {
  if (!details) return <span className="media-thumb" />
  if (details.kind === 'VIDEO') return <video className="media-thumb" src={details.url} muted preload="metadata" />
  return <img className="media-thumb" src={details.url} alt="" />
}

type Props = {
  items: ComposerMedia[]
  onChange: (items: ComposerMedia[]) => void
  platforms: readonly Platform[]
  /** Said when Threads is chosen but Meta cannot fetch from APP_URL (a laptop), else null. */
  unreachableWarning: string | null
  /** The server's words about the media, when it refused the post. */
  error?: string
}

/**
 * Photos and videos of the post. Without JavaScript it is a file input sent with the form
 * (multipart; "Upload and review" shows the files before publishing). With JavaScript, files
 * picked, dropped or pasted upload at once with progress, and can be reordered, removed and given
 * alt text. The same rules as the server's (app/shared/media-rules.ts) say what each platform takes.
 */
export function MediaPicker({ items, onChange, platforms, unreachableWarning, error }: Props) {
  const hydrated = useHydrated()
  const input = useRef<HTMLInputElement>(null)
  const [uploads, setUploads] = useState<Upload[]>([])
  const [refused, setRefused] = useState<string[]>([])
  const latest = useRef(items)
  latest.current = items

  async function add(files: readonly File[]) {
    if (input.current) input.current.value = ''
    setRefused([])
    for (const file of files) {
      setUploads((current) => [...current, { name: file.name, percent: 0 }])
      const result = await uploadFile(file, (percent) =>
        setUploads((current) => current.map((upload) => (upload.name === file.name ? { ...upload, percent } : upload))),
      )
      setUploads((current) => current.filter((upload) => upload.name !== file.name))
      setRefused((current) => [...current, ...result.errors])
      onChange([...latest.current, ...result.media.map((details) => ({ id: details.id, altText: '', details }))])
    }
  }

  const move = (index: number, by: number) => {
    const next = [...items]
    const [item] = next.splice(index, 1)
    next.splice(index + by, 0, item!)
    onChange(next)
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    void add([...event.dataTransfer.files])
  }
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files]
    if (files.length > 0) void add(files)
  }
  const chosen = platformsOf(platforms)
  // The server's refusal until the person changes something; then the same rules, live.
  const issues = hydrated ? mediaIssues(items.flatMap(mediaFacts), chosen).map((issue) => issue.message) : error ? [error] : []

  return (
    <fieldset className="field media-picker" onDragOver={(event) => event.preventDefault()} onDrop={onDrop} onPaste={onPaste}>
      <legend>
        Photos and videos <span className="optional">(optional, up to {MAX_MEDIA_ITEMS})</span>
      </legend>
      <ol className="media-list">
        {items.map((item, index) => (
          <li key={item.id} className="media-item">
            <input type="hidden" name="mediaId" value={item.id} />
            <Thumbnail details={item.details} />
            <div className="media-meta">
              <span>
                {item.details?.fileName ?? `Item ${index + 1}`}
                {item.details ? ` · ${formatBytes(item.details.sizeBytes)}` : ''}
              </span>
              <label htmlFor={`alt-${item.id}`}>Alt text for item {index + 1}</label>
              <textarea
                id={`alt-${item.id}`}
                name="altText"
                rows={2}
                maxLength={ALT_TEXT_LIMIT}
                value={item.altText}
                onChange={(event) =>
                  onChange(items.map((other) => (other.id === item.id ? { ...other, altText: event.target.value } : other)))
                }
              />
              {hydrated ? (
                <div className="media-actions">
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Move item ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Move up
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Move item ${index + 1} down`}
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Move down
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove item ${index + 1}`}
                    onClick={() => onChange(items.filter((other) => other.id !== item.id))}
                  >
                    Remove
                  </button>
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {uploads.map((upload) => (
        <p key={upload.name} className="hint" role="status">
          Uploading {upload.name}… <progress max={100} value={upload.percent} /> {upload.percent}%
        </p>
      ))}
      <label htmlFor="post-files">Add photos or videos</label>
      <input
        ref={input}
        id="post-files"
        name="files"
        type="file"
        multiple
        accept={ACCEPT}
        onChange={hydrated ? (event) => void add([...(event.target.files ?? [])]) : undefined}
      />
      {hydrated ? (
        <p className="hint">Or drop files here, or paste an image.</p>
      ) : (
        <button type="submit" name="attach" value="1" className="button small">
          Upload and review
        </button>
      )}
      {chosen.length > 0 ? (
        <ul className="hint media-hints">
          {chosen.map((platform) => (
            <li key={platform}>
              {platform === 'threads' ? 'Threads' : 'Facebook'}: {mediaSummary(items.flatMap(mediaFacts), platform)}
            </li>
          ))}
        </ul>
      ) : null}
      {unreachableWarning && chosen.includes('threads') && items.length > 0 ? <p className="hint warning">{unreachableWarning}</p> : null}
      {[...refused, ...issues].map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </fieldset>
  )
}
