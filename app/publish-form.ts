import type { Platform, PublishPostInput } from '#app/gql/graphql.ts'

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
}

export type ComposerField = 'text' | 'imageUrl' | 'link' | 'platforms' | 'pageIds'

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
  }
}

export function publishInput(values: ComposerValues): PublishPostInput {
  return {
    platforms: values.platforms,
    content: { text: values.text, imageUrl: values.imageUrl || null, link: values.link || null },
    // Without JavaScript the Page boxes stay on the page when Facebook is unticked; they mean nothing then.
    facebookPageIds: values.platforms.includes('FACEBOOK') ? values.pageIds : [],
    idempotencyKey: values.idempotencyKey || null,
  }
}

const FIELD_OF_ISSUE: Record<string, ComposerField> = {
  'content.text': 'text',
  'content.imageUrl': 'imageUrl',
  'content.link': 'link',
  platforms: 'platforms',
  facebookPageIds: 'pageIds',
}

export type ComposerErrors = { fields: Partial<Record<ComposerField, string>>; form: string[] }

/** The API's input issues, placed next to the fields they are about; the rest go above the form. */
export function composerErrors(issues: readonly { field: string; message: string }[]): ComposerErrors {
  const errors: ComposerErrors = { fields: {}, form: [] }
  for (const issue of issues) {
    const field = FIELD_OF_ISSUE[issue.field]
    if (!field) errors.form.push(issue.message)
    else errors.fields[field] = errors.fields[field] ? `${errors.fields[field]} ${issue.message}` : issue.message
  }
  return errors
}
