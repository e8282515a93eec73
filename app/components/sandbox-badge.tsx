/** Shown on every page in sandbox mode: nothing reaches Meta, and the sandbox is one click away. */
export function SandboxBadge({ url }: { url: string }) {
  return (
    <a
      className="sandbox-badge"
      href={url}
      target="_blank"
      rel="noreferrer"
      title="Sandbox mode: posts go to the local Meta sandbox, not to Meta"
    >
      <span aria-hidden="true">⚗</span> Sandbox
      <span className="visually-hidden"> mode: nothing is posted to Meta. Open the sandbox in a new tab.</span>
    </a>
  )
}
