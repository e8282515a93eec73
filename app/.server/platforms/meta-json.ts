// Meta sends some ids as bare JSON numbers larger than 2^53 (the Threads code exchange answers
// `"user_id": 17841405793187218`), which JSON.parse would silently round to another id. Node 22+
// hands a reviver each number's source text, so the exact digits can be kept; Node 20 does not,
// so there such integers are quoted before parsing. Either way they arrive as strings.
// TODO: drop quoteUnsafeIntegers once Node 20 is no longer supported.

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const NUMBER_START = /[-0-9]/

function quoteUnsafeIntegers(text: string): string {
  let out = ''
  let from = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i)
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') {
      inString = true
      continue
    }
    if (!NUMBER_START.test(char)) continue
    NUMBER.lastIndex = i
    const literal = NUMBER.exec(text)?.[0]
    if (!literal) continue
    if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(from, i)}"${literal}"`
      from = i + literal.length
    }
    i += literal.length - 1
  }
  return out + text.slice(from)
}

type SourceTextReviver = (key: string, value: unknown, context?: { source?: string }) => unknown
const parseWithReviver = JSON.parse as (text: string, reviver: SourceTextReviver) => unknown

/** Whether this runtime's JSON.parse gives revivers the source text (Node 22+, ES2025). */
export const JSON_SOURCE_TEXT_ACCESS = ((): boolean => {
  let source: string | undefined
  parseWithReviver('1', (_key, value, context) => ((source = context?.source), value))
  return source === '1'
})()

const keepUnsafeIntegers: SourceTextReviver = (_key, value, context) =>
  typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source)
    ? context.source
    : value

/**
 * JSON.parse, except integers beyond Number.MAX_SAFE_INTEGER come back as exact strings. Tests
 * pass `sourceText: false` to check the Node 20 path on newer runtimes too.
 */
export function parseMetaJson(text: string, { sourceText = JSON_SOURCE_TEXT_ACCESS } = {}): unknown {
  return sourceText ? parseWithReviver(text, keepUnsafeIntegers) : (JSON.parse(quoteUnsafeIntegers(text)) as unknown)
}

/** A JSON object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
