import type { StatusLabel } from '#app/status-labels.ts'

/** A status as words, an icon and a colour together; the words alone carry the meaning. */
export function StatusBadge({ status, className = '' }: { status: StatusLabel; className?: string }) {
  return (
    <span className={`badge badge-${status.tone} ${className}`.trim()}>
      {status.tone === 'progress' ? <span className="spinner" aria-hidden="true" /> : <span aria-hidden="true">{status.icon}</span>}
      {status.label}
    </span>
  )
}
