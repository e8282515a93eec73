import type { IncomingMessage } from 'node:http'

export interface Reply {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

export interface UploadedFile {
  field: string
  filename: string
  contentType: string
  bytes: Buffer
}

/** Request parameters from the query string and the body; a body value wins over the query. */
export class Params {
  readonly #values = { query: new Map<string, string[]>(), body: new Map<string, string[]>() }
  readonly query: Record<string, string> = {}
  readonly body: Record<string, string> = {}

  add(name: string, value: string, from: 'query' | 'body'): void {
    const values = this.#values[from]
    values.set(name, [...(values.get(name) ?? []), value])
    const record = this[from]
    record[name] = record[name] === undefined ? value : `${record[name]},${value}`
  }

  get(name: string): string | undefined {
    const value = this.getAll(name)[0]
    return value === undefined || value === '' ? undefined : value
  }

  getAll(name: string): string[] {
    return [...(this.#values.body.get(name) ?? []), ...(this.#values.query.get(name) ?? [])]
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  entries(): [string, string][] {
    return [...new Set([...this.#values.body.keys(), ...this.#values.query.keys()])].flatMap((key) => {
      const value = this.get(key)
      return value === undefined ? [] : [[key, value] as [string, string]]
    })
  }
}

export interface ParsedRequest {
  method: string
  url: URL
  origin: string
  params: Params
  files: UploadedFile[]
  /** The parsed body of a JSON request, as sent (the control API reads it). */
  json: unknown
  headers: IncomingMessage['headers']
}

const MAX_BODY_BYTES = 32 * 1024 * 1024

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new RangeError('Request body too large')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

function jsonValueToString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

async function parseBody(contentType: string, raw: Buffer, params: Params, files: UploadedFile[]): Promise<unknown> {
  if (raw.length === 0) return undefined
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'))
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) params.add(key, jsonValueToString(value), 'body')
    }
    return parsed
  }
  if (!contentType.includes('multipart/form-data') && !contentType.includes('application/x-www-form-urlencoded')) return undefined
  // The fetch API's Request parses both form encodings, multipart included, without a dependency.
  const form = await new Request('http://sandbox.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData()
  for (const [key, value] of form) {
    if (typeof value === 'string') {
      params.add(key, value, 'body')
    } else {
      files.push({
        field: key,
        filename: value.name,
        contentType: value.type,
        bytes: Buffer.from(await value.arrayBuffer()),
      })
    }
  }
  return undefined
}

export async function parseRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const host = req.headers.host ?? 'localhost'
  const origin = `http://${host}`
  const url = new URL(req.url ?? '/', origin)
  const params = new Params()
  for (const [key, value] of url.searchParams) params.add(key, value, 'query')
  const files: UploadedFile[] = []
  const raw = await readBody(req)
  const json = await parseBody(String(req.headers['content-type'] ?? ''), raw, params, files)
  return { method: (req.method ?? 'GET').toUpperCase(), url, origin, params, files, json, headers: req.headers }
}

/** Marks a numeric id that must be written as a bare JSON number, as Meta writes Threads' `user_id`. */
export class JsonNumber {
  readonly digits: string
  constructor(digits: string) {
    this.digits = digits
  }
}

const NUMBER_MARK = '\u0000num:'

function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof JsonNumber ? `${NUMBER_MARK}${v.digits}` : v))
  return text.replace(/"\\u0000num:(\d+)"/g, '$1')
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body: toJson(value),
  }
}

export function html(status: number, markup: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: markup }
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8' }, body: '' }
}

export function bytes(contentType: string, body: Buffer): Reply {
  return { status: 200, headers: { 'content-type': contentType }, body }
}

/** Meta accepts the token as `access_token` or in an `Authorization: Bearer|OAuth` header. */
export function accessTokenOf(req: ParsedRequest): string | undefined {
  const header = req.headers.authorization
  const match = typeof header === 'string' ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim()) : null
  return req.params.get('access_token') ?? match?.[1]
}

/** `true`/`false` the way the Graph API reads them, including `1`/`0`. */
export function booleanParam(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  const lowered = value.toLowerCase()
  if (lowered === 'true' || lowered === '1') return true
  if (lowered === 'false' || lowered === '0') return false
  return undefined
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter(Boolean).map(decodeSegment)
}
