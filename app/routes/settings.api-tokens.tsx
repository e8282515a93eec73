import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { LocalTime } from '#app/components/local-time.tsx'
import { setFlash, takeFlash } from '#app/flash.server.ts'
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument, type ApiScope } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'

export const meta: MetaFunction = () => [{ title: 'API tokens · Duopost' }]

// After a token is created this page carries its secret: no cache, proxy or back button may keep it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

const PAGE = '/settings/api-tokens'
const DAY_MS = 86_400_000

const SCOPES: { value: ApiScope; label: string; hint: string }[] = [
  { value: 'READ', label: 'Read', hint: 'See your connected accounts and your posts with their outcomes.' },
  { value: 'PUBLISH', label: 'Publish', hint: 'Publish, schedule, retry and cancel posts.' },
  { value: 'CONNECTIONS', label: 'Connections', hint: 'Start connecting accounts (you finish in your browser) and disconnect them.' },
  { value: 'WEBHOOKS', label: 'Webhooks', hint: 'Add, change and delete webhook endpoints, see their deliveries and replay them.' },
]

const EXPIRY = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const
const DEFAULT_EXPIRY = '90'

type Values = { name: string; scopes: string[]; expiry: string }
type Created = { name: string; secret: string }
type ActionResult =
  { created: Created } | { values: Values; errors: Partial<Record<'name' | 'scopes' | 'expiresAt' | 'password' | 'form', string>> }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const { apiTokens } = await getGraphQLClient(request).request(ApiTokensDocument)
  const { flash, headers } = await takeFlash(request)
  return data({ tokens: apiTokens, flash }, { headers })
}

function readValues(form: FormData): Values {
  return {
    name: String(form.get('name') ?? ''),
    scopes: form.getAll('scopes').map(String),
    expiry: String(form.get('expiry') ?? DEFAULT_EXPIRY),
  }
}

async function create(request: Request, form: FormData) {
  const values = readValues(form)
  const days = Number(values.expiry)
  const input = {
    name: values.name,
    scopes: SCOPES.map((scope) => scope.value).filter((scope) => values.scopes.includes(scope)),
    expiresAt: Number.isFinite(days) ? new Date(Date.now() + days * DAY_MS).toISOString() : null,
    // Never echoed back into the form: the person types it again after a refusal.
    password: String(form.get('password') ?? ''),
  }
  const result = (await getGraphQLClient(request).request(CreateApiTokenDocument, { input })).createApiToken
  if (result.__typename === 'CreatedApiToken') return data<ActionResult>({ created: { name: result.apiToken.name, secret: result.secret } })
  const errors = Object.fromEntries(result.issues.map((issue) => [issue.field, issue.message]))
  return data<ActionResult>({ values, errors }, { status: 400 })
}

async function revoke(request: Request, form: FormData) {
  const result = (await getGraphQLClient(request).request(RevokeApiTokenDocument, { input: { id: String(form.get('id') ?? '') } }))
    .revokeApiToken
  const flash =
    result.__typename === 'ApiToken'
      ? await setFlash('success', `The token “${result.name}” is revoked: programs using it are refused from now on.`)
      : await setFlash('error', result.message)
  return redirect(PAGE, { headers: { 'Set-Cookie': flash } })
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request)
  const form = await request.formData()
  const intent = form.get('intent')
  if (intent === 'create') return create(request, form)
  if (intent === 'revoke') return revoke(request, form)
  throw new Response('This form has no known intent (create or revoke). Reload the page and try again.', { status: 400 })
}

function NewSecret({ created }: { created: Created }) {
  return (
    <div className="alert success" role="status">
      <p>
        <strong>Copy the token “{created.name}” now.</strong> Duopost keeps only a fingerprint of it and cannot show it again; if you lose
        it, revoke it and create another.
      </p>
      <label htmlFor="new-secret">Your new token</label>
      <input id="new-secret" type="text" className="secret" readOnly value={created.secret} aria-describedby="new-secret-hint" />
      <p id="new-secret-hint" className="hint">
        Select it and copy it (Ctrl+C, or ⌘C on a Mac). Programs send it as{' '}
        <code>Authorization: Bearer {created.secret.slice(0, 10)}…</code>
      </p>
    </div>
  )
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null
}

function CreateForm({ result }: { result: ActionResult | undefined }) {
  const creating = useNavigation().formData?.get('intent') === 'create'
  const refused = result && 'errors' in result ? result : null
  const values = refused?.values ?? { name: '', scopes: ['READ'], expiry: DEFAULT_EXPIRY }
  const errors = refused?.errors ?? {}
  return (
    <Form method="post" key={result && 'created' in result ? result.created.secret : 'form'}>
      <input type="hidden" name="intent" value="create" />
      <div className="field">
        <label htmlFor="token-name">Name</label>
        <input
          id="token-name"
          name="name"
          type="text"
          required
          maxLength={100}
          defaultValue={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'token-name-error token-name-hint' : 'token-name-hint'}
        />
        <p id="token-name-hint" className="hint">
          Which program uses it, so you know what breaks if you revoke it.
        </p>
        <FieldError id="token-name-error" message={errors.name} />
      </div>
      <fieldset className="field" aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}>
        <legend>What it may do</legend>
        {SCOPES.map((scope) => (
          <div key={scope.value}>
            <label className="check">
              <input
                type="checkbox"
                name="scopes"
                value={scope.value}
                defaultChecked={values.scopes.includes(scope.value)}
                aria-describedby={`scope-${scope.value}-hint`}
              />
              {scope.label}
            </label>
            <p id={`scope-${scope.value}-hint`} className="hint indent">
              {scope.hint}
            </p>
          </div>
        ))}
        <FieldError id="token-scopes-error" message={errors.scopes} />
      </fieldset>
      <fieldset className="field" aria-describedby={errors.expiresAt ? 'token-expiry-error' : undefined}>
        <legend>Expires after</legend>
        {EXPIRY.map((choice) => (
          <label key={choice.value} className="check">
            <input type="radio" name="expiry" value={choice.value} defaultChecked={values.expiry === choice.value} />
            {choice.label}
          </label>
        ))}
        <FieldError id="token-expiry-error" message={errors.expiresAt} />
      </fieldset>
      <div className="field">
        <label htmlFor="token-password">Your password</label>
        <input
          id="token-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'token-password-error token-password-hint' : 'token-password-hint'}
        />
        <p id="token-password-hint" className="hint">
          Asked again because a token keeps working after you log out.
        </p>
        <FieldError id="token-password-error" message={errors.password} />
      </div>
      <button type="submit" className="button primary" disabled={creating}>
        {creating ? 'Creating…' : 'Create token'}
      </button>
    </Form>
  )
}

type Token = ReturnType<typeof useLoaderData<typeof loader>>['tokens'][number]

function TokenItem({ token }: { token: Token }) {
  const revoking = useNavigation().formData?.get('id') === token.id
  return (
    <li className="card token-item">
      <div>
        <h3>{token.name}</h3>
        <dl className="facts small">
          <dt>Starts with</dt>
          <dd>
            <code>{token.prefix}…</code>
          </dd>
          <dt>May</dt>
          <dd>{token.scopes.map((scope) => SCOPES.find((s) => s.value === scope)?.label ?? scope).join(', ')}</dd>
          <dt>Created</dt>
          <dd>
            <LocalTime iso={token.createdAt} dateOnly />
          </dd>
          <dt>Last used</dt>
          <dd>{token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} /> : 'Never'}</dd>
          <dt>Expires</dt>
          <dd>
            {token.expiresAt ? <LocalTime iso={token.expiresAt} dateOnly /> : 'Never'}
            {token.expired ? ' (expired: it no longer works)' : null}
          </dd>
        </dl>
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="id" value={token.id} />
        <button
          type="submit"
          className="button danger small"
          disabled={revoking}
          aria-label={revoking ? undefined : `Revoke the token “${token.name}”`}
        >
          {revoking ? 'Revoking…' : 'Revoke'}
        </button>
      </Form>
    </li>
  )
}

export default function ApiTokens() {
  const { tokens, flash } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <FlashMessage flash={flash} />
      <section className="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New access token</h2>
        <p>
          A token lets a program use Duopost&apos;s GraphQL API as you, within the scopes you choose. See <code>docs/api.md</code> for how
          to use it.
        </p>
        {result && 'created' in result ? <NewSecret created={result.created} /> : null}
        <CreateForm result={result} />
      </section>
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="empty">No tokens yet.</p>
        ) : (
          <ul className="token-list">
            {tokens.map((token) => (
              <TokenItem key={token.id} token={token} />
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
