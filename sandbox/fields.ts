/** One entry of a Graph `fields` parameter, e.g. `owner{id}` or `picture.type(large)`. */
export interface FieldRequest {
  name: string
  children: FieldRequest[] | null
}

/** Parses Meta's field syntax: commas, nested `{...}` selections and ignored `.modifier(...)` parts. */
function parseFields(spec: string | undefined): FieldRequest[] {
  if (!spec) return []
  const text = spec
  let pos = 0

  function list(): FieldRequest[] {
    const out: FieldRequest[] = []
    while (pos < text.length && text[pos] !== '}') {
      const start = pos
      while (pos < text.length && !',{}'.includes(text[pos] ?? '')) pos += 1
      const name = text.slice(start, pos).trim().split('.')[0]!.trim()
      let children: FieldRequest[] | null = null
      if (text[pos] === '{') {
        pos += 1
        children = list()
        pos += 1
      }
      if (name) out.push({ name, children })
      if (text[pos] === ',') pos += 1
    }
    return out
  }

  return list()
}

export type FieldResolvers<T> = Record<string, (node: T) => unknown>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function project(value: unknown, children: FieldRequest[]): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, children))
  if (!isPlainObject(value)) return value
  if (Array.isArray(value.data)) return { ...value, data: project(value.data, children) }
  const out: Record<string, unknown> = {}
  for (const child of children) {
    if (value[child.name] !== undefined) {
      out[child.name] = child.children ? project(value[child.name], child.children) : value[child.name]
    }
  }
  return out
}

/**
 * Answers a node with the requested fields (or the defaults). Fields without a value are left
 * out and a name the node does not have is an error, as at Meta; a node's `id` always comes
 * back, last when it was not asked for.
 */
export function selectFields<T>(
  node: T,
  requested: FieldRequest[],
  resolvers: FieldResolvers<T>,
  unknownField: (name: string) => Error,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of requested) {
    const resolve = resolvers[field.name]
    if (!resolve) throw unknownField(field.name)
    const value = resolve(node)
    if (value !== undefined) out[field.name] = field.children ? project(value, field.children) : value
  }
  if (resolvers.id && !('id' in out)) out.id = resolvers.id(node)
  return out
}

export function fieldsOrDefault(spec: string | undefined, defaults: string): FieldRequest[] {
  const requested = parseFields(spec)
  return requested.length > 0 ? requested : parseFields(defaults)
}
