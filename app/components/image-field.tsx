import { useState } from 'react'
import { useHydrated } from '#app/hooks/use-hydrated.ts'

type Props = { value: string; onChange: (value: string) => void; error?: string; sampleImageUrl: string | null }

const LOOKS_LIKE_URL = /^https?:\/\/\S+$/i

/** A preview box of fixed size beside the field, so typing an address never moves the form. */
function Preview({ url }: { url: string }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null)
  if (!LOOKS_LIKE_URL.test(url)) return <div className="image-preview empty" aria-hidden="true" />
  if (failedUrl === url) {
    return (
      <div className="image-preview failed" role="status">
        No preview
      </div>
    )
  }
  return (
    <div className="image-preview">
      <img src={url} alt="Preview of the image" onError={() => setFailedUrl(url)} />
    </div>
  )
}

export function ImageField({ value, onChange, error, sampleImageUrl }: Props) {
  const hydrated = useHydrated()
  const describedBy = ['post-image-hint', error ? 'post-image-error' : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor="post-image">
        Image address <span className="optional">(optional)</span>
      </label>
      <div className="image-row">
        <div className="image-input">
          <input
            id="post-image"
            name="imageUrl"
            type="url"
            inputMode="url"
            placeholder="https://example.com/photo.jpg"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
          <p id="post-image-hint" className="hint">
            A public https address of a JPEG or PNG; Meta downloads the image from there.
            {sampleImageUrl ? (
              <>
                {' '}
                In sandbox mode, try <code className="break">{sampleImageUrl}</code>
              </>
            ) : null}
          </p>
          {hydrated && sampleImageUrl && value !== sampleImageUrl ? (
            <button type="button" className="button subtle small" onClick={() => onChange(sampleImageUrl)}>
              Use the sample image
            </button>
          ) : null}
        </div>
        <Preview url={value} />
      </div>
      {error ? (
        <p id="post-image-error" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
