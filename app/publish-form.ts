import type { CreateDraftInput, MediaFieldsFragment, Platform, PublishPostInput } from '#app/gql/graphql.ts'
import { DEFAULT_TIME_ZONE, fromLocalInput, isTimeZone } from '#app/shared/zoned-time.ts'

/** One media item in the composer: what the form carries (id, alt text) and, once known, what it is. */
export type ComposerMedia = { id: string; altText: string; details: MediaFieldsFragment | null }

/**
 * The texts the person customised, by network and by Page (Page id → text); empty: the main text.
 * The form posts them as `threadsText`, `facebookText` and `pageText:<Page id>`.
 */
export type CustomTexts = { threads: string; facebook: string; pages: Record<string, string> }

export const NO_CUSTOM_TEXTS: CustomTexts = { threads: '', facebook: '', pages: {} }

/**
 * The composer's HTML form, shared by the action that reads it and the component that renders it:
 * what its fields are called and how they become `publishPost`'s input. The form posts
 * `platform` and `pageId` once per ticked box, as browsers do without JavaScript.
 */
export type ComposerValues = {
  text: string
  imageUrl: string
  link: string
  platforms: Platform[]
  pageIds: string[]
  idempotencyKey: string
  media: ComposerMedia[]
  /** "now", or "schedule" for the time in `scheduledAt`: the button the person pressed. */
  when: 'now' | 'schedule'
  /** A `datetime-local` value, read in `timeZone`. */
  scheduledAt: string
  timeZone: string
  /** Absent: none customised. */
  customTexts?: CustomTexts
}

export type ComposerField =
  'text' | 'imageUrl' | 'link' | 'platforms' | 'pageIds' | 'media' | 'scheduledAt' | 'threadsText' | 'facebookText' | `pageText:${string}`

const PAGE_TEXT = 'pageText:'

/** The form field of a Page's own text. */
export const pageTextField = (pageId: string) => `${PAGE_TEXT}${pageId}` as const

export const PLATFORMS: readonly Platform[] = ['THREADS', 'FACEBOOK']

function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '')

export function readComposerForm(form: FormData): ComposerValues {
  return {
    text: text(form, 'text'),
    imageUrl: text(form, 'imageUrl').trim(),
    link: text(form, 'link').trim(),
    platforms: form.getAll('platform').filter(isPlatform),
    pageIds: form.getAll('pageId').map(String),
    idempotencyKey: text(form, 'idempotencyKey'),
    // One altText per mediaId, in the same order (the media picker renders them in pairs).
    media: form
      .getAll('mediaId')
      .map((id, index) => ({ id: String(id), altText: String(form.getAll('altText')[index] ?? ''), details: null })),
    when: form.get('when') === 'schedule' ? 'schedule' : 'now',
    scheduledAt: text(form, 'scheduledAt').trim(),
    timeZone: isTimeZone(text(form, 'timeZone')) ? text(form, 'timeZone') : DEFAULT_TIME_ZONE,
    ...customTextsOf(form),
  }
}

function customTextsOf(form: FormData): Pick<ComposerValues, 'customTexts'> {
  const pages: Record<string, string> = {}
  for (const [name, value] of form.entries()) if (name.startsWith(PAGE_TEXT)) pages[name.slice(PAGE_TEXT.length)] = String(value)
  const texts = { threads: text(form, 'threadsText'), facebook: text(form, 'facebookText'), pages }
  return texts.threads || texts.facebook || Object.values(pages).some(Boolean) ? { customTexts: texts } : {}
}

/**
 * The Pages whose own text is sent, in the order of `pageTexts`: chosen ones with a text. Without
 * JavaScript a Page's field stays on the page when it is not ticked; it means nothing then.
 */
function pageTextIds(values: ComposerValues): string[] {
  const pages = values.customTexts?.pages ?? {}
  return values.platforms.includes('FACEBOOK') ? values.pageIds.filter((pageId) => pages[pageId]?.trim()) : []
}

/** The customised texts as publishPost takes them, for the networks chosen; nothing when none is. */
function customTextInput(values: ComposerValues) {
  const texts = values.customTexts ?? NO_CUSTOM_TEXTS
  const threads = values.platforms.includes('THREADS') && texts.threads.trim() ? { threadsText: texts.threads } : {}
  const facebook = values.platforms.includes('FACEBOOK') && texts.facebook.trim() ? { facebookText: texts.facebook } : {}
  const ids = pageTextIds(values)
  const pages = ids.length > 0 ? { pageTexts: ids.map((pageId) => ({ pageId, text: texts.pages[pageId]! })) } : {}
  return { ...threads, ...facebook, ...pages }
}

/** Why the composer's time cannot be read, or null (the API checks whether it is far enough ahead). */
export function scheduleFieldProblem(values: Pick<ComposerValues, 'when' | 'scheduledAt' | 'timeZone'>): string | null {
  if (values.when !== 'schedule') return null
  if (!values.scheduledAt) return 'Choose the date and time to publish at, or press Publish now.'
  if (!fromLocalInput(values.scheduledAt, values.timeZone))
    return `“${values.scheduledAt}” is not a date and time: use the picker, or type it as 2026-12-09T09:00.`
  return null
}

export function publishInput(values: ComposerValues): PublishPostInput {
  const scheduledAt = values.when === 'schedule' ? fromLocalInput(values.scheduledAt, values.timeZone) : null
  return {
    scheduledAt: scheduledAt?.toISOString() ?? null,
    // The dashboard follows the targets live, so it never waits for them before redirecting.
    waitForResults: false,
    platforms: values.platforms,
    content: { text: values.text, imageUrl: values.imageUrl || null, link: values.link || null, ...customTextInput(values) },
    // Without JavaScript the Page boxes stay on the page when Facebook is unticked; they mean nothing then.
    facebookPageIds: values.platforms.includes('FACEBOOK') ? values.pageIds : [],
    idempotencyKey: values.idempotencyKey || null,
    ...(values.media.length > 0 ? { media: values.media.map((item) => ({ mediaId: item.id, altText: item.altText.trim() || null })) } : {}),
  }
}

/** The composer's values as a draft keeps them, with the time `publishInput` would send. */
export function draftInput(values: ComposerValues): CreateDraftInput {
  const { platforms, content, facebookPageIds, media, scheduledAt } = publishInput(values)
  return { platforms, content, facebookPageIds, media, scheduledAt }
}

/**
 * What the form asks for: the pressed button's `intent` ("Save draft") when it has one, else the
 * form's hidden field. Browsers list the pressed button in document order and Remix appends it, so
 * it comes after the hidden field at the top of the form.
 */
export function submittedIntent(form: FormData): string {
  return String(form.getAll('intent').at(-1) ?? '')
}

const FIELD_OF_ISSUE: Record<string, ComposerField> = {
  'content.text': 'text',
  'content.imageUrl': 'imageUrl',
  'content.link': 'link',
  'content.threadsText': 'threadsText',
  'content.facebookText': 'facebookText',
  platforms: 'platforms',
  facebookPageIds: 'pageIds',
  scheduledAt: 'scheduledAt',
}

export type ComposerErrors = { fields: Partial<Record<ComposerField, string>>; form: string[] }

const PAGE_TEXT_ISSUE = /^content\.pageTexts\.(\d+)\./

/** The field an issue is about: media issues ("media", "media.2") go together under the media picker. */
function fieldOfIssue(field: string, values: ComposerValues | undefined): ComposerField | undefined {
  if (field === 'media' || field.startsWith('media.')) return 'media'
  const page = PAGE_TEXT_ISSUE.exec(field)
  const pageId = page && values ? pageTextIds(values)[Number(page[1])] : undefined
  if (pageId) return pageTextField(pageId)
  return FIELD_OF_ISSUE[field]
}

/**
 * The API's input issues, placed next to the fields they are about; the rest go above the form.
 * `values` are the ones the issues answer, to find the Page an issue on `pageTexts.N` is about.
 */
export function composerErrors(issues: readonly { field: string; message: string }[], values?: ComposerValues): ComposerErrors {
  const errors: ComposerErrors = { fields: {}, form: [] }
  for (const issue of issues) {
    const field = fieldOfIssue(issue.field, values)
    if (!field) errors.form.push(issue.message)
    else errors.fields[field] = errors.fields[field] ? `${errors.fields[field]} ${issue.message}` : issue.message
  }
  return errors
}
