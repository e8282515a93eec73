import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { WEBHOOK_EVENT_TYPES } from '#app/.server/notifications/webhook-events.ts'
import { FieldError } from '#app/components/field-error.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { LocalTime } from '#app/components/local-time.tsx'
import { setFlash, takeFlash } from '#app/flash.server.ts'
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  ReplayWebhookDeliveryDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEventType,
} from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'

export const meta: MetaFunction = () => [{ title: 'Webhooks · Duopost' }]

// After an endpoint is created this page carries its signing secret.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

const PAGE = '/settings/webhooks'

// The page names event types as deliveries do (post.failed); the API's enum spells them POST_FAILED.
const toEnum = (type: string) => type.toUpperCase().replace('.', '_') as WebhookEventType
const toWire = (type: WebhookEventType) => type.toLowerCase().replace('_', '.')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const { webhookEndpoints } = await getGraphQLClient(request).request(WebhookEndpointsDocument)
  const { flash, headers } = await takeFlash(request)
  return data(
    {
      eventTypes: WEBHOOK_EVENT_TYPES,
      endpoints: webhookEndpoints.map((endpoint) => ({
        ...endpoint,
        events: endpoint.events.map(toWire),
        deliveries: endpoint.deliveries.map((delivery) => ({ ...delivery, eventType: toWire(delivery.eventType) })),
      })),
      flash,
    },
    { headers },
  )
}

type ActionResult =
  { created: { url: string; secret: string } } | { values: { url: string; events: string[] }; errors: Record<string, string> }

async function back(tone: 'success' | 'error', message: string) {
  return redirect(PAGE, { headers: { 'Set-Cookie': await setFlash(tone, message) } })
}

async function create(request: Request, form: FormData) {
  const values = { url: String(form.get('url') ?? ''), events: form.getAll('events').map(String) }
  const events = WEBHOOK_EVENT_TYPES.filter((type) => values.events.includes(type)).map(toEnum)
  const result = (await getGraphQLClient(request).request(CreateWebhookEndpointDocument, { input: { url: values.url, events } }))
    .createWebhookEndpoint
  if (result.__typename === 'CreatedWebhookEndpoint') {
    return data<ActionResult>({ created: { url: result.webhookEndpoint.url, secret: result.secret } })
  }
  return data<ActionResult>(
    { values, errors: Object.fromEntries(result.issues.map((issue) => [issue.field, issue.message])) },
    { status: 400 },
  )
}

const DONE = {
  delete: 'The endpoint is deleted: nothing more is sent to it.',
  pause: 'The endpoint is paused: nothing is sent to it until you resume it.',
  resume: 'The endpoint is resumed: new events are sent to it again.',
  replay: 'The delivery is sent again within a few seconds, with the same webhook-id.',
} as const

async function change(request: Request, intent: keyof typeof DONE, id: string) {
  const client = getGraphQLClient(request)
  const input = { id }
  const result =
    intent === 'delete'
      ? (await client.request(DeleteWebhookEndpointDocument, { input })).deleteWebhookEndpoint
      : intent === 'replay'
        ? (await client.request(ReplayWebhookDeliveryDocument, { input })).replayWebhookDelivery
        : (await client.request(UpdateWebhookEndpointDocument, { input: { id, paused: intent === 'pause' } })).updateWebhookEndpoint
  return 'message' in result ? back('error', result.message) : back('success', DONE[intent])
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request)
  const form = await request.formData()
  const intent = String(form.get('intent'))
  if (intent === 'create') return create(request, form)
  if (intent in DONE) return change(request, intent as keyof typeof DONE, String(form.get('id') ?? ''))
  throw new Response('This form has no known intent (create, delete, pause, resume or replay). Reload the page and try again.', {
    status: 400,
  })
}

function CreateForm({ eventTypes, result }: { eventTypes: readonly string[]; result: ActionResult | undefined }) {
  const creating = useNavigation().formData?.get('intent') === 'create'
  const refused = result && 'errors' in result ? result : null
  const errors = refused?.errors ?? {}
  const chosen = refused?.values.events ?? ['post.failed', 'post.partial', 'post.unconfirmed', 'connection.needs_reconnect']
  return (
    <Form method="post" noValidate key={result && 'created' in result ? result.created.secret : 'form'}>
      <input type="hidden" name="intent" value="create" />
      {errors.form ? <p className="alert error">{errors.form}</p> : null}
      <div className="field">
        <label htmlFor="webhook-url">Endpoint address</label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://example.com/duopost-events"
          defaultValue={refused?.values.url ?? ''}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={errors.url ? 'webhook-url-error' : undefined}
        />
        <FieldError id="webhook-url-error" message={errors.url} />
      </div>
      <fieldset className="field" aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
        <legend>Events to send</legend>
        {eventTypes.map((type) => (
          <label key={type} className="check">
            <input type="checkbox" name="events" value={type} defaultChecked={chosen.includes(type)} />
            <code>{type}</code>
          </label>
        ))}
        <FieldError id="webhook-events-error" message={errors.events} />
      </fieldset>
      <button type="submit" className="button primary" disabled={creating}>
        {creating ? 'Adding…' : 'Add endpoint'}
      </button>
    </Form>
  )
}

type Endpoint = ReturnType<typeof useLoaderData<typeof loader>>['endpoints'][number]

function IntentButton({
  intent,
  id,
  label,
  className = 'button subtle',
}: {
  intent: string
  id: string
  label: string
  className?: string
}) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={className}>
        {label}
      </button>
    </Form>
  )
}

function EndpointItem({ endpoint }: { endpoint: Endpoint }) {
  return (
    <li className="card">
      <h3>{endpoint.url}</h3>
      <p className="hint">{endpoint.events.join(', ')}</p>
      {endpoint.pausedAt ? (
        <p className="alert warning">
          Paused since <LocalTime iso={endpoint.pausedAt} /> (by you, or because deliveries failed for a day).{' '}
          <IntentButton intent="resume" id={endpoint.id} label="Resume" />
        </p>
      ) : null}
      {endpoint.deliveries.length === 0 ? (
        <p className="hint">No deliveries yet.</p>
      ) : (
        <table className="deliveries">
          <caption className="visually-hidden">Latest deliveries to {endpoint.url}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">
                <span className="visually-hidden">Replay</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoint.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <code>{delivery.eventType}</code>
                </td>
                <td>
                  <LocalTime iso={delivery.createdAt} />
                </td>
                <td>
                  {delivery.status.toLowerCase()} after {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}
                  {delivery.responseStatusCode ? `, HTTP ${delivery.responseStatusCode}` : ''}
                  {delivery.durationMs != null ? `, ${delivery.durationMs} ms` : ''}
                  {delivery.error ? `. ${delivery.error}` : ''}
                </td>
                <td>
                  <IntentButton intent="replay" id={delivery.id} label="Replay" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {endpoint.pausedAt ? null : <IntentButton intent="pause" id={endpoint.id} label="Pause" />}
      <IntentButton intent="delete" id={endpoint.id} label="Delete endpoint" className="button danger" />
    </li>
  )
}

export default function WebhookSettings() {
  const { endpoints, eventTypes, flash } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <FlashMessage flash={flash} />
      <section className="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <p>
          Duopost sends your program an HTTPS request when a post is published or fails, or a connection needs you, signed so it can check
          the sender. docs/api.md shows how to verify it.
        </p>
        {result && 'created' in result ? (
          <div className="alert success" role="status">
            <p>
              <strong>Copy the signing secret for {result.created.url} now.</strong> It is shown only this once.
            </p>
            <label htmlFor="webhook-secret">Signing secret</label>
            <input id="webhook-secret" type="text" className="secret" readOnly value={result.created.secret} />
          </div>
        ) : null}
        <CreateForm eventTypes={eventTypes} result={result} />
      </section>
      {endpoints.length > 0 ? (
        <ul className="token-list">
          {endpoints.map((endpoint) => (
            <EndpointItem key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      ) : null}
    </>
  )
}
