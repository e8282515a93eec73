import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { composerProblems } from '#app/composer-checks.ts'
import type { PublishRefused } from '#app/dashboard-actions.server.ts'
import type { DashboardQuery, DraftFieldsFragment, Platform, PostFieldsFragment, PostQuery } from '#app/gql/graphql.ts'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import { toLocalInput } from '#app/shared/zoned-time.ts'
import { submittedIntent, type ComposerErrors, type ComposerValues, type CustomTexts } from '#app/publish-form.ts'
import { ImageField } from './image-field.tsx'
import { MediaPicker } from './media-picker.tsx'
import { pageUsable, PlatformPicker, threadsUsable } from './platform-picker.tsx'
import { ScheduleField } from './schedule-field.tsx'
import { SaveDraftButton } from './save-draft-button.tsx'
import { ScheduledEditButtons } from './scheduled-edit-buttons.tsx'
import { TextCounter } from './text-counter.tsx'
import { CustomTextFields, mainTextPlatforms, NetworkPreviews } from './text-variants.tsx'

type Connections = DashboardQuery['connections']
type Draft = Pick<PostFieldsFragment, 'id' | 'text' | 'imageUrl' | 'link' | 'targets'> & {
  /** The uploaded items to start from (absent: none). */
  media?: NonNullable<PostQuery['post']>['media']
}
type Scheduled = Draft & { scheduledAt: string }

type Props = {
  connections: Connections
  /** A post to start from ("Edit" on a failed target), or null for an empty composer. */
  draft: Draft | null
  /** A scheduled post that has not started, to change ("Edit" under Upcoming), or null. */
  scheduled?: Scheduled | null
  /** A saved draft to go on with ("Open" under Drafts), or null. */
  savedDraft?: DraftFieldsFragment | null
  idempotencyKey: string
  sampleImageUrl: string | null
  /** Why Threads cannot fetch media from here, if so (app/.server/media/media-view.ts). */
  mediaWarning?: string | null
  /** The person's zone: the schedule field takes its time in it. */
  timeZone: string
}

const NO_ERRORS: ComposerErrors = { fields: {}, form: [] }

/** The texts a post's targets had of their own, to start from when editing it or posting it again. */
function customTextsOf(targets: Draft['targets']): Pick<ComposerValues, 'customTexts'> {
  const own = targets.filter((target) => target.customText)
  if (own.length === 0) return {}
  const texts: CustomTexts = { threads: '', facebook: '', pages: {} }
  for (const target of own) {
    if (target.pageId) texts.pages[target.pageId] = target.text
    else texts.threads = target.text
  }
  return { customTexts: texts }
}

/** A post's uploaded items, as the composer holds them (an item removed since is left out). */
function uploadedMediaOf(post: Draft): ComposerValues['media'] {
  return (post.media ?? []).flatMap((item) => (item.media ? [{ id: item.media.id, altText: item.altText ?? '', details: item.media }] : []))
}

/** The texts a saved draft keeps for a network or a Page. */
function savedCustomTexts(draft: DraftFieldsFragment): Pick<ComposerValues, 'customTexts'> {
  const pages = Object.fromEntries(draft.pageTexts.flatMap((entry) => (entry.text ? [[entry.pageId, entry.text]] : [])))
  if (!draft.threadsText && !draft.facebookText && Object.keys(pages).length === 0) return {}
  return { customTexts: { threads: draft.threadsText ?? '', facebook: draft.facebookText ?? '', pages } }
}

/**
 * Where a new post starts: every working connection ticked, or, for "Edit as new post", only the
 * targets of that post that did not publish, so sending it again never duplicates a post.
 */
function initialValues(
  connections: Connections,
  draft: Draft | null,
  scheduled: Scheduled | null,
  idempotencyKey: string,
  timeZone: string,
  savedDraft: DraftFieldsFragment | null,
): ComposerValues {
  const usablePages = connections.facebookPages.filter(pageUsable).map((page) => page.pageId)
  const timing = { when: 'now' as const, scheduledAt: '', timeZone }
  if (savedDraft) {
    return {
      text: savedDraft.text,
      imageUrl: savedDraft.imageUrl ?? '',
      link: savedDraft.link ?? '',
      platforms: savedDraft.platforms,
      pageIds: savedDraft.facebookPageIds,
      idempotencyKey,
      media: savedDraft.media.map((item) => ({ id: item.media.id, altText: item.altText ?? '', details: item.media })),
      when: savedDraft.scheduledAt ? 'schedule' : 'now',
      scheduledAt: savedDraft.scheduledAt ? toLocalInput(new Date(savedDraft.scheduledAt), timeZone) : '',
      timeZone,
      ...savedCustomTexts(savedDraft),
    }
  }
  if (scheduled) {
    return {
      text: scheduled.text,
      imageUrl: scheduled.imageUrl ?? '',
      link: scheduled.link ?? '',
      platforms: [...new Set(scheduled.targets.map((target) => target.platform))],
      pageIds: scheduled.targets.flatMap((target) => (target.pageId ? [target.pageId] : [])),
      idempotencyKey,
      media: uploadedMediaOf(scheduled),
      when: 'schedule',
      scheduledAt: toLocalInput(new Date(scheduled.scheduledAt), timeZone),
      timeZone,
      ...customTextsOf(scheduled.targets),
    }
  }
  if (draft) {
    const unpublished = draft.targets.filter((target) => target.status !== 'PUBLISHED')
    return {
      text: draft.text,
      imageUrl: draft.imageUrl ?? '',
      link: draft.link ?? '',
      platforms: [...new Set(unpublished.map((target) => target.platform))],
      pageIds: unpublished.flatMap((target) => (target.pageId && usablePages.includes(target.pageId) ? [target.pageId] : [])),
      idempotencyKey,
      media: uploadedMediaOf(draft),
      ...timing,
      ...customTextsOf(unpublished),
    }
  }
  const platforms: Platform[] = []
  if (threadsUsable(connections)) platforms.push('THREADS')
  if (usablePages.length > 0) platforms.push('FACEBOOK')
  return { text: '', imageUrl: '', link: '', platforms, pageIds: usablePages, idempotencyKey, media: [], ...timing }
}

function ComposerForm({
  connections,
  initial,
  errors,
  sampleImageUrl,
  mediaWarning,
  publishing,
  editingId,
  draftId,
}: {
  connections: Connections
  /** The scheduled post these values change, or null for a new post. */
  editingId: string | null
  /** The draft these values were opened from, or null. */
  draftId: string | null
  initial: ComposerValues
  errors: ComposerErrors
  sampleImageUrl: string | null
  mediaWarning: string | null
  /** Which button's request is on its way, or false. */
  publishing: ComposerValues['when'] | false
}) {
  const hydrated = useHydrated()
  const [values, setValues] = useState(initial)
  const set =
    <K extends keyof ComposerValues>(key: K) =>
    (value: ComposerValues[K]) =>
      setValues((current) => ({ ...current, [key]: value }))
  const problems = composerProblems(values)
  const targets = (values.platforms.includes('THREADS') ? 1 : 0) + (values.platforms.includes('FACEBOOK') ? values.pageIds.length : 0)
  const textDescribedBy = ['post-text-count', errors.fields.text ? 'post-text-error' : ''].filter(Boolean).join(' ')
  return (
    <Form
      method="post"
      action={
        editingId
          ? `/dashboard?${new URLSearchParams({ change: editingId })}`
          : draftId
            ? `/dashboard?${new URLSearchParams({ draft: draftId })}`
            : '/dashboard'
      }
      encType="multipart/form-data"
      className="composer"
    >
      <input type="hidden" name="intent" value={editingId ? 'edit' : 'publish'} />
      {editingId ? <input type="hidden" name="postId" value={editingId} /> : null}
      {draftId ? <input type="hidden" name="draftId" value={draftId} /> : null}
      <input type="hidden" name="idempotencyKey" value={initial.idempotencyKey} />
      {errors.form.length > 0 ? (
        <div className="alert error" role="alert">
          {errors.form.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="post-text">Text</label>
        <textarea
          id="post-text"
          name="text"
          rows={6}
          value={values.text}
          onChange={(event) => set('text')(event.target.value)}
          placeholder="What would you like to say?"
          aria-invalid={errors.fields.text ? true : undefined}
          aria-describedby={textDescribedBy}
        />
        <TextCounter
          id="post-text-count"
          text={values.text}
          platforms={mainTextPlatforms(connections, values)}
          link={values.link}
          hasMedia={values.media.length > 0 || Boolean(values.imageUrl)}
        />
        {errors.fields.text ? (
          <p id="post-text-error" className="field-error">
            {errors.fields.text}
          </p>
        ) : null}
      </div>
      <CustomTextFields connections={connections} values={values} onChange={set('customTexts')} errors={errors.fields} />
      <NetworkPreviews connections={connections} values={values} />
      <MediaPicker
        items={values.media}
        onChange={set('media')}
        platforms={values.platforms}
        unreachableWarning={mediaWarning}
        error={errors.fields.media}
      />
      <ImageField value={values.imageUrl} onChange={set('imageUrl')} error={errors.fields.imageUrl} sampleImageUrl={sampleImageUrl} />
      <div className="field">
        <label htmlFor="post-link">
          Link <span className="optional">(optional)</span>
        </label>
        <input
          id="post-link"
          name="link"
          type="url"
          inputMode="url"
          placeholder="https://example.com/article"
          value={values.link}
          onChange={(event) => set('link')(event.target.value)}
          aria-invalid={errors.fields.link ? true : undefined}
          aria-describedby={errors.fields.link ? 'post-link-error' : 'post-link-hint'}
        />
        {errors.fields.link ? (
          <p id="post-link-error" className="field-error">
            {errors.fields.link}
          </p>
        ) : (
          <p id="post-link-hint" className="hint">
            Shown as a link card under a post without photos or videos; with them, it is added at the end of the text.
          </p>
        )}
      </div>
      <PlatformPicker
        connections={connections}
        platforms={values.platforms}
        pageIds={values.pageIds}
        onPlatforms={set('platforms')}
        onPageIds={set('pageIds')}
        errors={errors.fields}
      />
      <ScheduleField
        value={values.scheduledAt}
        onChange={set('scheduledAt')}
        timeZone={values.timeZone}
        error={errors.fields.scheduledAt}
      />
      <div className="composer-footer">
        <p id="publish-blocked" className="hint">
          {hydrated && problems.length > 0 ? problems.map((problem) => problem.message).join(' ') : null}
        </p>
        {editingId ? (
          <ScheduledEditButtons saving={publishing !== false} disabled={hydrated && problems.length > 0} />
        ) : (
          <div className="composer-buttons">
            <SaveDraftButton />
            <button
              type="submit"
              name="when"
              value="schedule"
              className="button large"
              disabled={hydrated && (problems.length > 0 || publishing !== false || !values.scheduledAt)}
              aria-describedby="publish-blocked"
            >
              {publishing === 'schedule' ? 'Scheduling…' : 'Schedule'}
            </button>
            <button
              type="submit"
              name="when"
              value="now"
              className="button primary large"
              disabled={hydrated && (problems.length > 0 || publishing !== false)}
              aria-describedby="publish-blocked"
            >
              {publishing === 'now'
                ? 'Publishing…'
                : hydrated && targets > 0
                  ? `Publish now to ${targets} ${targets === 1 ? 'place' : 'places'}`
                  : 'Publish now'}
            </button>
          </div>
        )}
      </div>
    </Form>
  )
}

/**
 * The post being written. After a post is published the composer starts empty again; after the
 * API refuses one it keeps what the person wrote and shows why, next to each field.
 */
export function PostComposer({
  connections,
  draft,
  scheduled = null,
  savedDraft = null,
  idempotencyKey,
  sampleImageUrl,
  timeZone,
  mediaWarning = null,
}: Props) {
  const refused = useActionData<PublishRefused | undefined>()
  const navigation = useNavigation()
  const publishing =
    navigation.state !== 'idle' && navigation.formData && ['publish', 'edit'].includes(submittedIntent(navigation.formData))
      ? navigation.formData?.get('when') === 'schedule'
        ? ('schedule' as const)
        : ('now' as const)
      : false
  const [generation, setGeneration] = useState(0)
  const wasPublishing = useRef(false)
  useEffect(() => {
    if (publishing) wasPublishing.current = true
    else if (navigation.state === 'idle' && wasPublishing.current) {
      wasPublishing.current = false
      // A published post redirects (no action data): start the next one from scratch.
      if (!refused) setGeneration((n) => n + 1)
    }
  }, [publishing, navigation.state, refused])
  const initial = refused?.values ?? initialValues(connections, draft, scheduled, idempotencyKey, timeZone, savedDraft)
  return (
    <section className="card composer-card" aria-labelledby="composer-heading" id="composer">
      <h2 id="composer-heading">{scheduled ? 'Change the scheduled post' : savedDraft ? 'Draft' : 'New post'}</h2>
      <ComposerForm
        key={`${scheduled?.id ?? draft?.id ?? savedDraft?.id ?? 'new'}-${generation}`}
        editingId={scheduled?.id ?? null}
        draftId={savedDraft?.id ?? null}
        connections={connections}
        initial={initial}
        errors={refused?.errors ?? NO_ERRORS}
        sampleImageUrl={sampleImageUrl}
        mediaWarning={mediaWarning}
        publishing={publishing}
      />
    </section>
  )
}
