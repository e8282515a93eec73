import type { CreateDraftInput, MediaFieldsFragment, Platform, PublishPostInput } from '#app/gql/graphql.ts'
import { DEFAULT_TIME_ZONE, fromLocalInput, isTimeZone } from '#app/shared/zoned-time.ts'

/** One media item in the composer: what the form carries (id, alt text) and, once known, what it is. */
export type ComposerMedia = { id: string; altText: string; details: MediaFieldsFragment | null }

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
}

export type ComposerField = 'text' | 'imageUrl' | 'link' | 'platforms' | 'pageIds' | 'media' | 'scheduledAt'

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
  }
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
    content: { text: values.text, imageUrl: values.imageUrl || null, link: values.link || null },
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
  platforms: 'platforms',
  facebookPageIds: 'pageIds',
  scheduledAt: 'scheduledAt',
}

export type ComposerErrors = { fields: Partial<Record<ComposerField, string>>; form: string[] }

/** The API's input issues, placed next to the fields they are about; the rest go above the form. */
export function composerErrors(issues: readonly { field: string; message: string }[]): ComposerErrors {
  const errors: ComposerErrors = { fields: {}, form: [] }
  for (const issue of issues) {
    // Media issues ("media", "media.2") are shown together, under the media picker.
    const field = issue.field === 'media' || issue.field.startsWith('media.') ? 'media' : FIELD_OF_ISSUE[issue.field]
    if (!field) errors.form.push(issue.message)
    else errors.fields[field] = errors.fields[field] ? `${errors.fields[field]} ${issue.message}` : issue.message
  }
  return errors
}
