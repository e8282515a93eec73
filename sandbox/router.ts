import type { SandboxContext } from './context.ts'
import type { Platform, RouteName } from './control-types.ts'
import type { ParsedRequest, Reply } from './http.ts'

export interface CallContext {
  ctx: SandboxContext
  req: ParsedRequest
  /** Values of the route's `:name` segments. */
  path: Record<string, string>
  platform: Platform
  /** `v1.0`, `v25.0`... or null for an unversioned path. */
  version: string | null
  /** Headers a handler wants on the answer, such as Meta's usage headers. */
  headers: Record<string, string>
}

export type Handler = (call: CallContext) => Reply | Promise<Reply>

export interface Route<H = Handler, N extends string = RouteName> {
  name: N
  methods: string[]
  pattern: string[]
  handler: H
}

/** `methods` is `GET` or several joined with `|`; `pattern` is segments joined with `/`. */
export function route<H = Handler, N extends string = RouteName>(name: N, methods: string, pattern: string, handler: H): Route<H, N> {
  return { name, methods: methods.split('|'), pattern: pattern.split('/').filter(Boolean), handler }
}

export interface RouteMatch<R = Route> {
  route: R
  path: Record<string, string>
}

/** First route whose method and segments match; `:name` segments match anything. */
export function matchRoute<R extends { methods: string[]; pattern: string[] }>(
  routes: R[],
  method: string,
  segments: string[],
): RouteMatch<R> | null {
  for (const candidate of routes) {
    if (!candidate.methods.includes(method) || candidate.pattern.length !== segments.length) continue
    const path: Record<string, string> = {}
    const fits = candidate.pattern.every((part, index) => {
      const segment = segments[index] ?? ''
      if (part.startsWith(':')) {
        path[part.slice(1)] = segment
        return true
      }
      return part === segment
    })
    if (fits) return { route: candidate, path }
  }
  return null
}
