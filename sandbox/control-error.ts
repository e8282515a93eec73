/** A bad control-API request: answered with its status (400 unless said) and the message. */
export class ControlError extends Error {
  readonly status: number
  constructor(message: string, status = 400) {
    super(message)
    this.status = status
  }
}
