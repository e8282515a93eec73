import { loader as callbackLoader } from '#app/routes/auth.$platform.callback.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { graphql } from '#tests/graphql/helpers.ts'
import { answerConsent } from '#tests/meta-sandbox.ts'
import { getRequest, loaderArgs, settle } from '#tests/utils.ts'

type StartResult = { authorizationUrl?: string; message?: string; __typename: string }

export async function startConnect(provider: 'Threads' | 'Facebook', cookie: string, returnTo?: string): Promise<StartResult> {
  const result = await graphql<Record<string, StartResult>>(
    `mutation ($input: ConnectInput) {
      result: connect${provider}(input: $input) {
        __typename
        ... on ConnectionStart { authorizationUrl }
        ... on Error { message }
      }
    }`,
    { cookie, variables: { input: returnTo === undefined ? null : { returnTo } } },
  )
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors))
  return result.body.data!.result!
}

/** The browser arriving back from Meta at Duopost's callback with the given cookie. */
export async function openCallback(url: URL | string, cookie?: string): Promise<Response> {
  const target = new URL(url)
  const request = new Request(target, { headers: cookie ? { cookie } : {} })
  const platform = target.pathname.split('/')[2]
  return settle(callbackLoader({ ...loaderArgs(request), params: { platform } }))
}

/**
 * The browser following the callback's redirect to the dashboard: the loader turns the URL's codes
 * into a one-time message and redirects to the clean URL, whose page shows it.
 */
export async function openDashboard(location: string, cookie: string) {
  const redirected = await settle(dashboardLoader(loaderArgs(getRequest(location, cookie))))
  const flashCookie = redirected.headers.get('set-cookie')!.split(';')[0]
  const page = (await dashboardLoader(
    loaderArgs(getRequest(redirected.headers.get('location')!, `${cookie}; ${flashCookie}`)),
  )) as unknown as {
    data: { flash: { tone: string; message: string } | null }
  }
  return { flash: page.data.flash && { tone: page.data.flash.tone, message: page.data.flash.message } }
}

/** Start → consent page → callback, the whole round trip a person makes. */
export async function connectThrough(
  provider: 'Threads' | 'Facebook',
  cookie: string,
  consent: Parameters<typeof answerConsent>[1] = {},
): Promise<Response> {
  const { authorizationUrl } = await startConnect(provider, cookie)
  return openCallback(await answerConsent(authorizationUrl!, consent), cookie)
}

export const CONNECTIONS_QUERY = `{
  connections {
    threads { id threadsUserId username name pictureUrl expiresAt status canPublish lastError }
    facebookPages { id pageId name pictureUrl canPublish publishBlockedReason status lastError expiresAt }
    warnings { accountId provider status message }
    threadsAvailable
    facebookAvailable
  }
}`

export type ConnectionsData = {
  connections: {
    threads: null | {
      id: string
      threadsUserId: string
      username: string
      name: string | null
      expiresAt: string
      status: string
      canPublish: boolean
      lastError: string | null
    }
    facebookPages: {
      id: string
      pageId: string
      name: string
      canPublish: boolean
      publishBlockedReason: string | null
      status: string
      lastError: string | null
      expiresAt: string | null
    }[]
    warnings: { accountId: string; provider: string; status: string; message: string }[]
  }
}

export async function connectionsOf(cookie: string): Promise<ConnectionsData['connections']> {
  const result = await graphql<ConnectionsData>(CONNECTIONS_QUERY, { cookie })
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors))
  return result.body.data!.connections
}

const DISCONNECT = `mutation ($input: DisconnectInput!) {
  disconnect(input: $input) {
    __typename
    ... on DisconnectResult { removedAccountIds revocation revocationMessage }
    ... on Error { message }
  }
}`

type DisconnectData = {
  disconnect: { __typename: string; removedAccountIds?: string[]; revocation?: string; revocationMessage?: string; message?: string }
}

export async function disconnect(cookie: string, input: { provider: 'THREADS' | 'FACEBOOK'; accountId?: string }) {
  const result = await graphql<DisconnectData>(DISCONNECT, { cookie, variables: { input } })
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors))
  return result.body.data!.disconnect
}
