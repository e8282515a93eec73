import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

export const APP = 'http://localhost:3000'

let lastAddress = 0
/** A different client address per call, so per-address login throttling never links two tests. */
export function freshClientIp(): string {
  lastAddress += 1
  return `198.51.${Math.floor(lastAddress / 250)}.${(lastAddress % 250) + 1}`
}

export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string } = {}): Request {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' })
  if (init.cookie) headers.set('cookie', init.cookie)
  return new Request(new URL(path, APP), { method: 'POST', headers, body: new URLSearchParams(fields) })
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(new URL(path, APP), { headers: cookie ? { cookie } : {} })
}

export function actionArgs(request: Request, clientIp = freshClientIp()): ActionFunctionArgs {
  return { request, params: {}, context: { clientIp } }
}

export function loaderArgs(request: Request): LoaderFunctionArgs {
  return { request, params: {}, context: { clientIp: freshClientIp() } }
}

/** The `name=value` pair a browser would send back for a Set-Cookie header. */
export function cookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie')
  if (!setCookie) throw new Error('The response set no cookie')
  return setCookie.split(';')[0]!
}

/** Remix loaders and actions return data or Responses, and throw redirects; tests want the Response. */
export async function settle(result: unknown): Promise<Response> {
  try {
    const value = await result
    if (value instanceof Response) return value
    throw new Error(`Expected a Response, got ${JSON.stringify(value)}`)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** What an action returned with Remix's `data()`: its payload and HTTP status. */
export function dataResult<T>(value: unknown): { status: number; data: T } {
  const wrapped = value as { type?: string; data: T; init?: { status?: number } | null }
  if (wrapped?.type !== 'DataWithResponseInit') throw new Error(`Expected data(), got ${String(value)}`)
  return { status: wrapped.init?.status ?? 200, data: wrapped.data }
}
