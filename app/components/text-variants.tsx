import type { DashboardQuery, Platform } from '#app/gql/graphql.ts'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import { NO_CUSTOM_TEXTS, pageTextField, type ComposerErrors, type ComposerValues, type CustomTexts } from '#app/publish-form.ts'
import { sentText } from '#app/shared/content-rules.ts'
import { pageUsable, threadsUsable } from './platform-picker.tsx'
import { TextCounter } from './text-counter.tsx'

type Connections = DashboardQuery['connections']
type Page = Connections['facebookPages'][number]

type Props = {
  connections: Connections
  values: ComposerValues
  onChange: (texts: CustomTexts) => void
  errors: ComposerErrors['fields']
}

const hasMedia = (values: ComposerValues) => values.media.length > 0 || Boolean(values.imageUrl)

/** What each chosen target publishes: Threads' text, and each chosen Page's (its own, else Facebook's, else the main one). */
export function chosenTexts(connections: Connections, values: ComposerValues) {
  const texts = values.customTexts ?? NO_CUSTOM_TEXTS
  const own = (text: string | undefined) => (text?.trim() ? text : null)
  const threads = values.platforms.includes('THREADS') && connections.threads ? (own(texts.threads) ?? values.text) : null
  const pages = values.platforms.includes('FACEBOOK')
    ? connections.facebookPages
        .filter((page) => values.pageIds.includes(page.pageId) && pageUsable(page))
        .map((page) => ({ page, text: own(texts.pages[page.pageId]) ?? own(texts.facebook) ?? values.text }))
    : []
  return { threads, pages }
}

/** The platforms whose chosen targets publish the main text, for its counter. */
export function mainTextPlatforms(connections: Connections, values: ComposerValues): Platform[] {
  const texts = values.customTexts ?? NO_CUSTOM_TEXTS
  const { pages } = chosenTexts(connections, values)
  const platforms: Platform[] = []
  if (values.platforms.includes('THREADS') && !texts.threads.trim()) platforms.push('THREADS')
  const pageUsesMain = pages.some(({ page }) => !texts.pages[page.pageId]?.trim())
  if (values.platforms.includes('FACEBOOK') && !texts.facebook.trim() && (pages.length === 0 || pageUsesMain)) platforms.push('FACEBOOK')
  return platforms
}

function CustomText({
  id,
  name,
  label,
  summary,
  platform,
  value,
  onChange,
  error,
  values,
  hidden,
}: {
  id: string
  name: string
  label: string
  summary: string
  platform: Platform
  value: string
  onChange: (value: string) => void
  error?: string
  values: ComposerValues
  hidden: boolean
}) {
  const describedBy = [`${id}-count`, error ? `${id}-error` : `${id}-hint`].join(' ')
  return (
    <details className="custom-text" open={Boolean(value || error) || undefined} hidden={hidden}>
      <summary>{summary}</summary>
      <div className="field">
        <label htmlFor={id}>
          {label} <span className="optional">(optional)</span>
        </label>
        <textarea
          id={id}
          name={name}
          rows={4}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <TextCounter id={`${id}-count`} text={value} platforms={[platform]} link={values.link} hasMedia={hasMedia(values)} />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="hint">
            Left empty, the main text is published.
          </p>
        )}
      </div>
    </details>
  )
}

/**
 * "Customize for Threads / Facebook / a Page": a text of its own for a network or one Page, each
 * with its counter as that network counts. Plain details elements, so they work without JavaScript;
 * with it, those for networks and Pages not chosen are hidden.
 */
export function CustomTextFields({ connections, values, onChange, errors }: Props) {
  const hydrated = useHydrated()
  const texts = values.customTexts ?? NO_CUSTOM_TEXTS
  const pages = connections.facebookPages.filter(pageUsable)
  const notChosen = (platform: Platform) => hydrated && !values.platforms.includes(platform)
  return (
    <div className="custom-texts">
      {threadsUsable(connections) ? (
        <CustomText
          id="post-threads-text"
          name="threadsText"
          summary="Customize for Threads"
          label="Text for Threads"
          platform="THREADS"
          value={texts.threads}
          onChange={(threads) => onChange({ ...texts, threads })}
          error={errors.threadsText}
          values={values}
          hidden={notChosen('THREADS')}
        />
      ) : null}
      {pages.length > 0 ? (
        <CustomText
          id="post-facebook-text"
          name="facebookText"
          summary="Customize for Facebook"
          label="Text for every Page"
          platform="FACEBOOK"
          value={texts.facebook}
          onChange={(facebook) => onChange({ ...texts, facebook })}
          error={errors.facebookText}
          values={values}
          hidden={notChosen('FACEBOOK')}
        />
      ) : null}
      {pages.length > 1
        ? pages.map((page: Page, index) => (
            <CustomText
              key={page.pageId}
              id={`post-page-text-${index}`}
              name={pageTextField(page.pageId)}
              summary={`Customize for ${page.name}`}
              label={`Text for ${page.name}`}
              platform="FACEBOOK"
              value={texts.pages[page.pageId] ?? ''}
              onChange={(text) => onChange({ ...texts, pages: { ...texts.pages, [page.pageId]: text } })}
              error={errors[pageTextField(page.pageId)]}
              values={values}
              hidden={notChosen('FACEBOOK') || (hydrated && !values.pageIds.includes(page.pageId))}
            />
          ))
        : null}
    </div>
  )
}

/** Where a link card points, as the networks show it: the host without "www.". */
function hostOf(link: string): string {
  try {
    return new URL(link).host.replace(/^www\./, '')
  } catch {
    return link
  }
}

type PreviewMedia = { key: string; url: string; video: boolean }

function previewMedia(values: ComposerValues): PreviewMedia[] {
  const items = values.media.flatMap((item) =>
    item.details ? [{ key: item.id, url: item.details.url, video: item.details.kind === 'VIDEO' }] : [],
  )
  return values.imageUrl ? [{ key: 'image-url', url: values.imageUrl, video: false }] : items
}

/** Up to four tiles, the fourth saying how many more, as Facebook shows an album. */
function MediaGrid({ media }: { media: PreviewMedia[] }) {
  if (media.length === 0) return null
  const shown = media.slice(0, 4)
  return (
    <div className={`preview-grid preview-grid-${shown.length}`}>
      {shown.map((item, index) => (
        <div key={item.key} className="preview-tile">
          {item.video ? <video src={item.url} muted preload="metadata" /> : <img src={item.url} alt="" />}
          {index === 3 && media.length > 4 ? <span className="preview-more">+{media.length - 4}</span> : null}
        </div>
      ))}
    </div>
  )
}

function LinkCard({ link }: { link: string }) {
  return (
    <div className="preview-link-card">
      <span className="preview-link-host">{hostOf(link)}</span>
      <span className="preview-link-url">{link}</span>
    </div>
  )
}

/** Roughly where Facebook's feed cuts a post with "See more": a few lines, or about this many characters. */
const FACEBOOK_SEE_MORE_CHARACTERS = 400
const FACEBOOK_SEE_MORE_LINES = 5

function PostPreview({
  platform,
  name,
  text,
  values,
}: {
  platform: 'Threads' | 'Facebook'
  name: string
  text: string
  values: ComposerValues
}) {
  const media = previewMedia(values)
  const shown = sentText(text, values.link || null, media.length > 0 || values.media.length > 0)
  const cut =
    platform === 'Facebook' && ([...shown].length > FACEBOOK_SEE_MORE_CHARACTERS || shown.split('\n').length > FACEBOOK_SEE_MORE_LINES)
  return (
    <li className={`preview preview-${platform.toLowerCase()}`}>
      <p className="preview-head">
        <span className="preview-avatar" aria-hidden="true">
          {name.replace(/^@/, '').slice(0, 1).toUpperCase()}
        </span>
        <span>
          <span className="preview-name">{name}</span> <span className="muted">on {platform}</span>
        </span>
      </p>
      {shown ? (
        <p className={cut ? 'preview-text preview-cut' : 'preview-text'}>{shown}</p>
      ) : (
        <p className="preview-text muted">(no text)</p>
      )}
      {cut ? <p className="preview-see-more">See more</p> : null}
      <MediaGrid media={media} />
      {media.length === 0 && values.link ? <LinkCard link={values.link} /> : null}
    </li>
  )
}

/**
 * How the post will look on each network, roughly: the text as each target is sent it (with media
 * the link at its end), Facebook's "See more" cut, the link card on a post without media, and the
 * media attached as a grid. Pages sharing one text share one preview.
 */
export function NetworkPreviews({ connections, values }: { connections: Connections; values: ComposerValues }) {
  const { threads, pages } = chosenTexts(connections, values)
  const byText = new Map<string, string[]>()
  for (const { page, text } of pages) byText.set(text, [...(byText.get(text) ?? []), page.name])
  const hasContent = Boolean(threads?.trim()) || pages.some(({ text }) => text.trim()) || previewMedia(values).length > 0
  if (!hasContent) return null
  return (
    <section className="previews" aria-labelledby="previews-heading">
      <h3 id="previews-heading">Preview</h3>
      <ul className="preview-list">
        {threads !== null ? (
          <PostPreview platform="Threads" name={`@${connections.threads?.username ?? 'you'}`} text={threads} values={values} />
        ) : null}
        {[...byText].map(([text, names]) => (
          <PostPreview key={names.join('\n')} platform="Facebook" name={names.join(', ')} text={text} values={values} />
        ))}
      </ul>
    </section>
  )
}
