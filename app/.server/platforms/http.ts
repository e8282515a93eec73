import type { Platform } from '#prisma/generated/client/enums.ts'
import type { z } from 'zod'
import {
  MetaApiError,
  classifyMetaResponse,
  classifyNetworkFailure,
  classifyUnexpectedResponse,
  parseMetaErrorBody,
  type MetaFailure,
} from './meta-error.ts'
import { parseMetaJson } from './meta-json.ts'
import { secretValues } from './redact.ts'
import { fetchTransport, nodeTransport, type MetaAnswer } from './transport.ts'
import { parseUsage, type MetaUsage } from './usage.ts'

// The one way platforms/ talks HTTP to Meta: timeout, JSON, error classification and redaction.
// It never retries; whether and when to call again is the caller's decision, made from the
// error's `kind` (a repeated publish could post twice).

export type MetaParams = Record<string, string | number | boolean | undefined>

export interface MetaRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Absolute URL without a query string. */
  url: string
  /** The query string for GET and DELETE; a form body for POST, which keeps tokens out of URLs. */
  params: MetaParams
  /** POST only: a file sent as bytes, which makes the body multipart/form-data. */
  file?: MetaFile
}

export interface MetaFile {
  /** The form field Meta reads the bytes from (`source` for Page photos and videos). */
  field: string
  blob: Blob
  fileName: string
}

export interface MetaResponse<T> {
  data: T
  /** Meta's rate-limit headers on this response; slow down as `highestPercent` nears 100. */
  usage: MetaUsage
}

export type MetaSend = <T>(request: MetaRequest, schema: z.ZodType<T>) => Promise<MetaResponse<T>>

/** What every Meta client accepts besides its URLs and app credentials. */
export interface MetaHttpOptions {
  /** For tests; node:http with keep-alive connections (transport.ts) otherwise. */
  fetch?: typeof globalThis.fetch
  /** Per call, reading the answer included; DEFAULT_TIMEOUT_MS otherwise. */
  timeoutMs?: number
  /** Scrubbed from error messages, besides the credential parameters of each request. */
  appSecret?: string
}

export const DEFAULT_TIMEOUT_MS = 20_000

function stringParams(params: MetaParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([name, value]) => [name, String(value)]),
  )
}

function networkDetail(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  if (!(error instanceof Error)) return String(error)
  // fetch says only "fetch failed"; the cause says why (e.g. "connect ECONNREFUSED 127.0.0.1:443").
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
}

function describeSchemaMismatch(issues: readonly z.core.$ZodIssue[]): string {
  const fields = [...new Set(issues.map((issue) => issue.path.map(String).join('.') || '(body)'))]
  return `the answer is not in the expected shape (check: ${fields.join(', ')})`
}

export function createMetaHttp(platform: Platform, options: MetaHttpOptions = {}): MetaSend {
  const transport = options.fetch ? fetchTransport(options.fetch) : nodeTransport
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  return async function send<T>(request: MetaRequest, schema: z.ZodType<T>): Promise<MetaResponse<T>> {
    const params = stringParams(request.params)
    const secrets = [...(options.appSecret ? [options.appSecret] : []), ...secretValues(params)]
    const url = new URL(request.url)
    const fail = (failure: MetaFailure) =>
      new MetaApiError({ platform: platform, method: request.method, path: url.pathname }, failure, secrets)

    let body: URLSearchParams | FormData | undefined
    if (request.method === 'POST' && request.file) {
      body = new FormData()
      for (const [name, value] of Object.entries(params)) body.append(name, value)
      body.append(request.file.field, request.file.blob, request.file.fileName)
    } else if (request.method === 'POST') body = new URLSearchParams(params)
    else for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)

    let response: MetaAnswer
    try {
      response = await transport(url, { method: request.method, body, timeoutMs })
    } catch (error) {
      throw fail(classifyNetworkFailure(platform, networkDetail(error, timeoutMs)))
    }
    const { text } = response

    let answer: unknown
    try {
      answer = text === '' ? undefined : parseMetaJson(text)
    } catch {
      answer = undefined
    }
    if (response.status < 200 || response.status > 299 || parseMetaErrorBody(answer)) {
      throw fail(classifyMetaResponse({ platform: platform, status: response.status, body: answer, headers: response.headers }))
    }
    const parsed = schema.safeParse(answer)
    if (!parsed.success) {
      throw fail(classifyUnexpectedResponse(platform, response.status, describeSchemaMismatch(parsed.error.issues)))
    }
    return { data: parsed.data, usage: parseUsage(response.headers) }
  }
}
