import type { SandboxContext } from './context.ts'
import type { InvalidateInput } from './control-types.ts'
import { ControlError } from './control-error.ts'
import { requireApp, requirePerson } from './directory.ts'
import { revokeGrant } from './grants.ts'

/** Kills credentials the way the matching event does at Meta; tokens then fail with 190/subcode. */
export function invalidate(ctx: SandboxContext, input: InvalidateInput): void {
  switch (input.reason) {
    case 'password_changed': {
      // Every session of the person ends (460), Page tokens included.
      requirePerson(ctx, input.personId).sessionEpoch += 1
      return
    }
    case 'app_removed': {
      const person = requirePerson(ctx, input.personId)
      revokeGrant(ctx, requireApp(ctx, input.appId).id, person.id)
      return
    }
    case 'page_role_lost': {
      const person = requirePerson(ctx, input.personId)
      const page = ctx.store.pages.get(input.pageId ?? '')
      if (!page || !page.roles.delete(person.id))
        throw new ControlError(`${person.name} has no role on Page ${input.pageId ?? '(missing pageId)'}`, 404)
      return
    }
    case 'expired':
    case 'invalid': {
      const token = ctx.store.tokens.get(input.token ?? '')
      if (!token) throw new ControlError('token must be a token the sandbox issued', 404)
      token.invalidSubcode = input.reason === 'expired' ? 463 : 467
      return
    }
    default:
      throw new ControlError(`Unknown reason ${String((input as { reason: unknown }).reason)}`)
  }
}
