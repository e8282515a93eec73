/** One problem with one input field, phrased so the person knows what to change. */
export type InputIssue = { field: string; message: string }

/** Input that cannot be acted on; every issue is reported at once, not only the first. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join(' '))
  }
}
