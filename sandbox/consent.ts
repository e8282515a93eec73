import type { SandboxContext } from './context.ts'
import type { Platform } from './control-types.ts'
import { grantAccess, issueCode } from './grants.ts'
import { consentForm, pickerForm, type PagePicker } from './html/consent.ts'
import { errorPage, page, type Markup } from './html/layout.ts'
import { html, redirect, type Reply } from './http.ts'
import type { CallContext, Handler } from './router.ts'
import { knownScopes, parseScopes, unknownScopes, wantsPages } from './scopes.ts'
import type { AppRecord, PageRecord, PersonRecord } from './store.ts'

/** How one platform's authorization window differs from the other's. */
export interface DialogSpec {
  platform: Platform
  title: (appName: string) => string
  /** Threads insists on `response_type=code`; Facebook defaults to it. */
  responseTypeRequired: boolean
  requiredScope: string | null
  alwaysGranted: string[]
  /** Facebook lets the person untick optional permissions and pick Pages. */
  choosable: boolean
  /** What Meta appends to a successful redirect (`#_` on Threads, `#_=_` on Facebook). */
  successFragment: string
  denyParams: Record<string, string>
  personLabel: (ctx: SandboxContext, person: PersonRecord) => string
  /** Why this person cannot approve, or null. */
  blockedReason: (ctx: SandboxContext, person: PersonRecord) => string | null
  noPeopleMessage: string
}

interface DialogRequest {
  app: AppRecord
  redirectUri: string
  scopes: string[]
  state: string | undefined
  /** The dialog parameters, carried through the sandbox's own forms. */
  carried: Record<string, string>
}

function validate(spec: DialogSpec, call: CallContext): DialogRequest | string {
  const { params } = call.req
  const clientId = params.get('client_id')
  const app = clientId ? call.ctx.store.apps.get(clientId) : undefined
  if (!app || app.platform !== spec.platform) return `Invalid App ID: ${clientId ?? '(missing client_id)'}`
  const redirectUri = params.get('redirect_uri')
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    return `URL blocked: the redirect_uri ${redirectUri ?? '(missing)'} is not one of the app's valid OAuth redirect URIs. It must match exactly.`
  }
  const responseType = params.get('response_type')
  if (spec.responseTypeRequired ? responseType !== 'code' : (responseType ?? 'code') !== 'code') {
    return `Invalid response_type ${responseType ?? '(missing)'}: the sandbox supports response_type=code.`
  }
  const scopes = parseScopes(params.get('scope'))
  const unknown = unknownScopes(spec.platform, scopes)
  if (unknown.length > 0) return `Invalid Scopes: ${unknown.join(', ')}.`
  if (spec.requiredScope && !scopes.includes(spec.requiredScope)) return `Invalid Scopes: ${spec.requiredScope} is required.`
  const carried: Record<string, string> = { client_id: app.id, redirect_uri: redirectUri, scope: scopes.join(',') }
  if (responseType) carried.response_type = responseType
  const state = params.get('state')
  if (state !== undefined) carried.state = state
  return { app, redirectUri, scopes: [...new Set([...spec.alwaysGranted, ...scopes])], state, carried }
}

function redirectWith(uri: string, values: Record<string, string>, fragment: string): Reply {
  const url = new URL(uri)
  for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value)
  return redirect(url.toString() + fragment)
}

function signedInPerson(call: CallContext): PersonRecord | null | 'choose' {
  const chosen = call.req.params.getAll('sandbox_person')[0]
  if (chosen === '') return 'choose'
  const id = chosen ?? call.ctx.store.signedInPersonId
  return (id && call.ctx.store.people.get(id)) || null
}

/** Both sandbox forms post back to the dialog's own path, carrying its parameters. */
function windowOf(spec: DialogSpec, call: CallContext, dialog: DialogRequest) {
  const title = spec.title(dialog.app.name)
  const shell = { title, appName: dialog.app.name, action: call.req.url.pathname, hidden: dialog.carried }
  const show = (status: number, form: Markup) => html(status, page(title, form, spec.platform))
  return { shell, show }
}

/** The Pages the person can act on, those reached through a business grouped under it. */
function pagePicker(ctx: SandboxContext, person: PersonRecord): PagePicker {
  const pages = ctx.store.pagesOfPerson(person.id)
  const choices = (businessId: string | null) =>
    pages.filter((page) => (page.business?.id ?? null) === businessId).map(({ id, name }: PageRecord) => ({ id, name }))
  return {
    own: choices(null),
    businesses: ctx.store.businessesOfPerson(person.id).map((business) => ({ name: business.name, pages: choices(business.id) })),
  }
}

function render(spec: DialogSpec, call: CallContext, dialog: DialogRequest, person: PersonRecord, error: string | null): Reply {
  const { ctx } = call
  const described = knownScopes(spec.platform)
  const pickerUrl = new URL(call.req.url.pathname, call.req.origin)
  for (const [key, value] of Object.entries({ ...dialog.carried, sandbox_person: '' })) pickerUrl.searchParams.set(key, value)
  const { shell, show } = windowOf(spec, call, dialog)
  return show(
    error ? 400 : 200,
    consentForm({
      ...shell,
      person: { id: person.id, label: spec.personLabel(ctx, person) },
      switchUrl: pickerUrl.pathname + pickerUrl.search,
      scopes: dialog.scopes.map((name) => ({
        name,
        description: described[name] ?? name,
        choosable: spec.choosable && !spec.alwaysGranted.includes(name),
      })),
      pages: spec.choosable && wantsPages(dialog.scopes) ? pagePicker(ctx, person) : null,
      blocked: spec.blockedReason(ctx, person),
      error,
    }),
  )
}

function decide(spec: DialogSpec, call: CallContext, dialog: DialogRequest): Reply {
  const { ctx, req } = call
  const state: Record<string, string> = dialog.state === undefined ? {} : { state: dialog.state }
  if (req.params.get('decision') !== 'approve') return redirectWith(dialog.redirectUri, { ...spec.denyParams, ...state }, '')
  const person = ctx.store.people.get(req.params.get('person_id') ?? '')
  if (!person) return html(400, errorPage('Sign-in needed', 'Choose who is signing in before approving.'))
  const blocked = spec.blockedReason(ctx, person)
  if (blocked) return render(spec, call, dialog, person, blocked)
  const chosen = new Set(req.params.getAll('scope_choice'))
  const granted = spec.choosable ? dialog.scopes.filter((scope) => spec.alwaysGranted.includes(scope) || chosen.has(scope)) : dialog.scopes
  const ownPages = new Set(ctx.store.pagesOfPerson(person.id).map((p) => p.id))
  grantAccess(ctx, {
    appId: dialog.app.id,
    personId: person.id,
    scopes: granted,
    declined: dialog.scopes.filter((scope) => !granted.includes(scope)),
    pageIds: req.params.getAll('page_id').filter((id) => ownPages.has(id)),
  })
  const code = issueCode(ctx, spec.platform, dialog.app.id, person.id, dialog.redirectUri)
  return redirectWith(dialog.redirectUri, { code: code.code, ...state }, spec.successFragment)
}

/** The authorization window: person picker, consent form, and the redirect Meta sends back. */
export function dialogHandler(spec: DialogSpec): Handler {
  return (call) => {
    const dialog = validate(spec, call)
    if (typeof dialog === 'string') return html(400, errorPage('Something went wrong', dialog))
    if (call.req.method === 'POST') return decide(spec, call, dialog)
    const person = signedInPerson(call)
    if (person && person !== 'choose') return render(spec, call, dialog, person, null)
    const people = [...call.ctx.store.people.values()].filter((candidate) => spec.blockedReason(call.ctx, candidate) === null)
    const { shell, show } = windowOf(spec, call, dialog)
    return show(
      200,
      pickerForm({
        ...shell,
        people: people.map((candidate) => ({ id: candidate.id, label: spec.personLabel(call.ctx, candidate) })),
        emptyMessage: spec.noPeopleMessage,
      }),
    )
  }
}
