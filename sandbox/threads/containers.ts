import { HOUR } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import type { ThreadsContainerErrorMessage } from '../control-types.ts'
import type { ContainerRecord } from '../store.ts'

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED'

const CONTAINER_LIFETIME_MS = 24 * HOUR

function childrenOf(ctx: SandboxContext, container: ContainerRecord): ContainerRecord[] {
  return container.children.flatMap((id) => ctx.store.containers.get(id) ?? [])
}

// A carousel is ready only when it and every child are; a failed child fails the carousel.
function readyAt(ctx: SandboxContext, container: ContainerRecord): number {
  return Math.max(container.readyAt, ...childrenOf(ctx, container).map((child) => child.readyAt))
}

export function containerError(ctx: SandboxContext, container: ContainerRecord): ThreadsContainerErrorMessage | null {
  return container.errorMessage ?? childrenOf(ctx, container).find((child) => child.errorMessage)?.errorMessage ?? null
}

/** The lifecycle Meta reports on `GET /{container-id}?fields=status`. */
export function containerStatus(ctx: SandboxContext, container: ContainerRecord): ContainerStatus {
  if (container.mediaId) return 'PUBLISHED'
  const now = ctx.clock.now()
  if (now >= container.createdAt + CONTAINER_LIFETIME_MS) return 'EXPIRED'
  if (now < readyAt(ctx, container)) return 'IN_PROGRESS'
  return containerError(ctx, container) ? 'ERROR' : 'FINISHED'
}
