// Meta sends some ids as bare JSON numbers larger than 2^53 (the Threads code exchange answers
// `"user_id": 17841405793187218`), which JSON.parse would silently round to another id. Node 20
// has no JSON source-text access, so such integers are quoted before parsing and arrive as strings.

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

/** JSON.parse, except integers beyond Number.MAX_SAFE_INTEGER come back as exact strings. */
export function parseMetaJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text)) as unknown
}

/** A JSON object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
