import { InvalidInputError } from '#app/.server/errors.ts'

/** An InvalidInputError's issues as one message per field (the first for each), for a form to show; anything else is rethrown. */
export function inputErrors(error: unknown): Record<string, string> {
  if (!(error instanceof InvalidInputError)) throw error
  const errors: Record<string, string> = {}
  for (const issue of error.issues) errors[issue.field] ??= issue.message
  return errors
}
