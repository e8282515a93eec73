import { parseMetaTime } from './clock.ts'
import type { Platform } from './control-types.ts'
import { invalidParameter } from './errors.ts'
import { fieldsOrDefault, selectFields, type FieldResolvers } from './fields.ts'
import { json, type ParsedRequest, type Reply } from './http.ts'

export interface Page<T> {
  data: T[]
  paging?: {
    cursors: { before: string; after: string }
    next?: string
    previous?: string
  }
}

function cursorOf(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url')
}

function idOfCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8')
}

function linkWith(req: ParsedRequest, cursor: Record<string, string>): string {
  const url = new URL(req.url.pathname, req.origin)
  for (const [key, value] of req.params.entries()) {
    if (key !== 'before' && key !== 'after') url.searchParams.set(key, value)
  }
  for (const [key, value] of Object.entries(cursor)) url.searchParams.set(key, value)
  return url.toString()
}

/**
 * Cursor paging as the Graph API does it: `limit`, `after`, `before`, and `paging.next` /
 * `paging.previous` links that repeat the request's parameters (access token included).
 */
function paginate<T>(
  platform: Platform,
  req: ParsedRequest,
  items: T[],
  idOf: (item: T) => string,
  defaultLimit = 25,
  maxLimit = 100,
): Page<T> {
  const limitParam = req.params.get('limit')
  const limit = limitParam === undefined ? defaultLimit : Number(limitParam)
  if (!Number.isInteger(limit) || limit < 1) throw invalidParameter(platform, '(#100) The parameter limit must be a positive integer')
  const size = Math.min(limit, maxLimit)
  const ids = items.map(idOf)
  const after = req.params.get('after')
  const before = req.params.get('before')
  let start = 0
  if (after) start = ids.indexOf(idOfCursor(after)) + 1
  else if (before) start = Math.max(0, ids.indexOf(idOfCursor(before)) - size)
  const end = before && !after ? Math.max(0, ids.indexOf(idOfCursor(before))) : start + size
  const data = items.slice(start, end)
  const first = data[0]
  const last = data[data.length - 1]
  if (first === undefined || last === undefined) return { data: [] }
  const paging: NonNullable<Page<T>['paging']> = { cursors: { before: cursorOf(idOf(first)), after: cursorOf(idOf(last)) } }
  if (end < items.length) paging.next = linkWith(req, { limit: String(size), after: paging.cursors.after })
  if (start > 0) paging.previous = linkWith(req, { limit: String(size), before: paging.cursors.before })
  return { data, paging }
}

function timeParam(platform: Platform, req: ParsedRequest, name: 'since' | 'until'): number | undefined {
  const raw = req.params.get(name)
  if (raw === undefined) return undefined
  const ms = parseMetaTime(raw)
  if (Number.isNaN(ms)) throw invalidParameter(platform, `(#100) Invalid ${name} parameter: ${raw}`)
  return ms
}

/**
 * Time-based paging: whether a moment lies within `since` and `until` (both inclusive, either
 * optional), compared in whole seconds as Meta's timestamps are. Cursor paging still applies on
 * top, and its links carry both along.
 */
export function timeWindow(platform: Platform, req: ParsedRequest): (ms: number) => boolean {
  const since = timeParam(platform, req, 'since')
  const until = timeParam(platform, req, 'until')
  return (ms) => {
    const second = Math.floor(ms / 1000) * 1000
    return (since === undefined || second >= since) && (until === undefined || second <= until)
  }
}

export interface NodeFields<T> {
  /** The fields answered when the request names none. */
  defaults: string
  resolvers: FieldResolvers<T>
  unknownField: (name: string) => Error
}

/** An edge's answer: one page of items, each with the requested fields. */
export function pagedNodes<T>(platform: Platform, req: ParsedRequest, items: T[], idOf: (item: T) => string, nodes: NodeFields<T>): Reply {
  const page = paginate(platform, req, items, idOf)
  const requested = fieldsOrDefault(req.params.get('fields'), nodes.defaults)
  return json(200, { ...page, data: page.data.map((item) => selectFields(item, requested, nodes.resolvers, nodes.unknownField)) })
}
