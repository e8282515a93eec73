import { InvalidInputError } from '#app/.server/errors.ts'

/** The arguments a mutation took before it took `input`: the same fields, each optional. */
export type LooseArguments<Input> = { [Field in keyof Input]?: Input[Field] | null }

/**
 * A mutation that once took loose arguments now takes `input` (docs/decisions/016) and keeps the
 * old arguments, deprecated, for clients written against them. Exactly one of the two styles must
 * be used; either mistake is an InvalidInputError on `input`, as data.
 */
export function inputOrLooseArguments<Input extends object>(
  input: Input | null | undefined,
  loose: LooseArguments<Input>,
  required: readonly (keyof Input & string)[],
): Input {
  const looseGiven = Object.entries(loose).flatMap(([name, value]) => (value == null ? [] : [name]))
  if (input && looseGiven.length > 0) {
    const message = `Send input alone: ${looseGiven.join(', ')} ${looseGiven.length === 1 ? 'is its' : 'are its'} deprecated older form.`
    throw new InvalidInputError([{ field: 'input', message }])
  }
  if (input) return input
  const missing = required.filter((name) => loose[name] == null)
  if (missing.length > 0) {
    throw new InvalidInputError([{ field: 'input', message: `Send input with ${required.join(' and ')}.` }])
  }
  return loose as Input
}
