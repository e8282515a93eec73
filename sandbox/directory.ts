import type { SandboxContext } from './context.ts'
import { ControlError } from './control-error.ts'
import type {
  AppInput,
  AppPatch,
  BusinessInput,
  PageInput,
  PageTask,
  PersonInput,
  SandboxApp,
  SandboxPage,
  SandboxPerson,
  SandboxThreadsProfile,
  ThreadsProfileInput,
} from './control-types.ts'
import { facebookId, secret, threadsUserId } from './ids.ts'
import { isHttpUrl } from './media-fetch.ts'
import type { AppRecord, BusinessRecord, PageRecord, PersonRecord, ThreadsProfileRecord } from './store.ts'

const ALL_TASKS: PageTask[] = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING']

function checkUrls(urls: string[], what: string): void {
  const bad = urls.find((url) => !isHttpUrl(url))
  if (bad !== undefined) throw new ControlError(`${what} must be absolute http(s) URLs: ${bad}`)
}

export function registerApp(ctx: SandboxContext, input: AppInput): AppRecord {
  if (input.platform !== 'threads' && input.platform !== 'facebook') {
    throw new ControlError('platform must be "threads" or "facebook"')
  }
  if (!Array.isArray(input.redirectUris) || input.redirectUris.length === 0) {
    throw new ControlError('redirectUris must list at least one URI')
  }
  const app: AppRecord = {
    platform: input.platform,
    id: input.id ?? facebookId(),
    secret: input.secret ?? secret(),
    name: input.name ?? (input.platform === 'threads' ? 'Sandbox Threads app' : 'Sandbox Facebook app'),
    redirectUris: [],
    requireAppSecretProof: true,
    deauthorizeCallbackUrl: null,
    dataDeletionCallbackUrl: null,
  }
  if (!/^\d+$/.test(app.id)) throw new ControlError('App ids are numeric strings, as at Meta')
  if (ctx.store.apps.has(app.id)) throw new ControlError(`App ${app.id} already exists`, 409)
  updateApp(app, input)
  ctx.store.apps.set(app.id, app)
  return app
}

export function updateApp(app: AppRecord, patch: AppPatch): AppRecord {
  if (patch.redirectUris) {
    checkUrls(patch.redirectUris, 'redirectUris')
    app.redirectUris = [...patch.redirectUris]
  }
  if (patch.secret !== undefined) app.secret = patch.secret
  if (patch.name !== undefined) app.name = patch.name
  if (patch.requireAppSecretProof !== undefined) app.requireAppSecretProof = patch.requireAppSecretProof
  for (const key of ['deauthorizeCallbackUrl', 'dataDeletionCallbackUrl'] as const) {
    const url = patch[key]
    if (url !== undefined) {
      checkUrls([url], key)
      app[key] = url
    }
  }
  return app
}

export function publicApp(app: AppRecord): SandboxApp {
  return { ...app, redirectUris: [...app.redirectUris] }
}

/**
 * The id the caller chose, checked like Meta's, or a fresh one. Callers pick ids so that what they
 * created once (a demo person, say) can be created again with the same ids in a new sandbox.
 */
function chosenId(chosen: string | undefined, pattern: RegExp, what: string, taken: (id: string) => boolean, fresh: () => string): string {
  if (chosen === undefined) return fresh()
  if (!pattern.test(chosen)) throw new ControlError(`${what} ids look like Meta's: ${pattern.source}`)
  if (taken(chosen)) throw new ControlError(`${what} ${chosen} already exists`, 409)
  return chosen
}

const FACEBOOK_ID = /^\d{1,20}$/
// People, Pages and businesses are all nodes of one Graph: `/{id}` must find exactly one.
const facebookNodeTaken = (ctx: SandboxContext) => (id: string) =>
  ctx.store.people.has(id) || ctx.store.pages.has(id) || ctx.store.businesses.has(id)
const THREADS_USER_ID = /^178414\d{11}$/

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'person'
  )
}

function addThreadsProfile(ctx: SandboxContext, person: PersonRecord, input: ThreadsProfileInput): ThreadsProfileRecord {
  const base = input.username ?? slug(person.name)
  let username = base
  for (let n = 2; ctx.store.profileByUsername(username); n += 1) {
    if (input.username) throw new ControlError(`Threads username ${input.username} is taken`, 409)
    username = `${base}${n}`
  }
  const profile: ThreadsProfileRecord = {
    id: chosenId(input.id, THREADS_USER_ID, 'Threads profile', (id) => ctx.store.threadsProfiles.has(id), threadsUserId),
    personId: person.id,
    username,
    name: input.name ?? person.name,
    biography: input.biography ?? '',
    profilePictureUrl: input.profilePictureUrl ?? `https://sandbox.invalid/avatars/${username}.png`,
    isVerified: input.isVerified ?? false,
  }
  ctx.store.threadsProfiles.set(profile.id, profile)
  return profile
}

function createPages(
  ctx: SandboxContext,
  personId: string,
  input: number | PageInput[],
  naming: { prefix: string; from: number },
  business: PageRecord['business'],
): PageRecord[] {
  const specs = typeof input === 'number' ? Array.from({ length: input }, (): PageInput => ({})) : input
  return specs.map((spec, index) => {
    const page: PageRecord = {
      id: chosenId(spec.id, FACEBOOK_ID, 'Page', facebookNodeTaken(ctx), facebookId),
      name: spec.name ?? `${naming.prefix} Page ${naming.from + index}`,
      category: spec.category ?? 'Product/service',
      roles: new Map([[personId, spec.tasks ?? ALL_TASKS]]),
      business,
    }
    ctx.store.pages.set(page.id, page)
    return page
  })
}

/** Pages the person has a role on themselves, the ones `/me/accounts` lists. */
export function addPages(ctx: SandboxContext, personId: string, input: number | PageInput[]): PageRecord[] {
  const person = requirePerson(ctx, personId)
  const from = ctx.store.pagesOfPerson(personId).filter((page) => page.business === null).length + 1
  return createPages(ctx, personId, input, { prefix: person.name, from }, null)
}

/** A business with the person as member, and the Pages it owns or manages for clients. */
export function addBusiness(ctx: SandboxContext, personId: string, input: BusinessInput): BusinessRecord {
  const person = requirePerson(ctx, personId)
  const business: BusinessRecord = {
    id: facebookId(),
    name: input.name ?? `${person.name} Business ${ctx.store.businessesOfPerson(personId).length + 1}`,
    personId,
    createdAt: ctx.clock.now(),
  }
  ctx.store.businesses.set(business.id, business)
  createPages(ctx, personId, input.ownedPages ?? 0, { prefix: business.name, from: 1 }, { id: business.id, relation: 'owned' })
  createPages(
    ctx,
    personId,
    input.clientPages ?? 0,
    { prefix: `${business.name} Client`, from: 1 },
    { id: business.id, relation: 'client' },
  )
  return business
}

export function createPerson(ctx: SandboxContext, input: PersonInput = {}): PersonRecord {
  const count = ctx.store.people.size + 1
  const name = input.name ?? `Sandbox Person ${count}`
  const person: PersonRecord = {
    id: chosenId(input.id, FACEBOOK_ID, 'Person', facebookNodeTaken(ctx), facebookId),
    name,
    email: input.email ?? `${slug(name)}@sandbox.invalid`,
    sessionEpoch: 0,
  }
  ctx.store.people.set(person.id, person)
  if (input.threads) addThreadsProfile(ctx, person, input.threads === true ? {} : input.threads)
  if (input.pages) addPages(ctx, person.id, input.pages)
  for (const business of input.businesses ?? []) addBusiness(ctx, person.id, business)
  if (input.signIn) ctx.store.signedInPersonId = person.id
  return person
}

export function threadsProfileUrl(origin: string, username: string): string {
  return `${origin}/view/threads/@${encodeURIComponent(username)}`
}

export function threadsPostUrl(origin: string, username: string, code: string): string {
  return `${threadsProfileUrl(origin, username)}/post/${code}`
}

export function pageUrl(origin: string, pageId: string): string {
  return `${origin}/view/facebook/${pageId}`
}

/** Where a Page post is shown; `postId` is Meta's `{page-id}_{post-id}`. */
export function facebookPostUrl(origin: string, postId: string): string {
  const [pageId, ownId] = postId.split('_')
  return `${pageUrl(origin, pageId ?? '')}/posts/${ownId ?? ''}`
}

function publicPage(page: PageRecord, personId: string, origin: string): SandboxPage {
  return { id: page.id, name: page.name, category: page.category, tasks: page.roles.get(personId) ?? [], viewUrl: pageUrl(origin, page.id) }
}

export function publicPerson(ctx: SandboxContext, person: PersonRecord, origin: string): SandboxPerson {
  const { store } = ctx
  const profile = store.profileOfPerson(person.id)
  const threads: SandboxThreadsProfile | null = profile
    ? {
        id: profile.id,
        username: profile.username,
        name: profile.name,
        biography: profile.biography,
        profilePictureUrl: profile.profilePictureUrl,
        isVerified: profile.isVerified,
        viewUrl: threadsProfileUrl(origin, profile.username),
      }
    : null
  const shown = (pages: PageRecord[]) => pages.map((page) => publicPage(page, person.id, origin))
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    threads,
    pages: shown(store.pagesOfPerson(person.id).filter((page) => page.business === null)),
    businesses: store.businessesOfPerson(person.id).map((business) => ({
      id: business.id,
      name: business.name,
      ownedPages: shown(store.pagesOfBusiness(business.id, 'owned')),
      clientPages: shown(store.pagesOfBusiness(business.id, 'client')),
    })),
  }
}

export function requirePerson(ctx: SandboxContext, personId: string | undefined): PersonRecord {
  const person = personId ? ctx.store.people.get(personId) : undefined
  if (!person) throw new ControlError(`No person ${personId ?? '(missing personId)'}`, 404)
  return person
}

export function requireApp(ctx: SandboxContext, appId: string | undefined): AppRecord {
  const app = appId ? ctx.store.apps.get(appId) : undefined
  if (!app) throw new ControlError(`No app ${appId ?? '(missing appId)'}`, 404)
  return app
}
