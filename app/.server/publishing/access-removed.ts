import { deleteAccounts, receiveMetaCallback, revokeAccounts } from '../accounts/meta-callbacks.ts'
import type { Provider } from '../accounts/providers.ts'
import { logEvent } from '../log.ts'
import { forgetMetaIds, stopTargets } from './stop-targets.ts'

// Meta's callbacks change both connections (accounts) and the posts waiting on them (publishing);
// publishing sits above accounts, so the two steps are put together here.

/**
 * The person removed Duopost at Meta (Facebook's deauthorize callback, Threads' uninstall one):
 * their connections are marked REVOKED and nothing more is published with them.
 */
export async function handleDeauthorize(provider: Provider, signedRequest: unknown): Promise<{ revoked: number }> {
  const { accountIds: ids } = await receiveMetaCallback(provider, signedRequest)
  const message = `You removed Duopost in your ${provider === 'threads' ? 'Threads' : 'Facebook'} settings. Connect again to publish here.`
  await revokeAccounts(ids, message)
  await stopTargets(ids, message)
  logEvent('info', 'meta.deauthorized', { provider, accounts: ids.length })
  return { revoked: ids.length }
}

/**
 * Meta asks Duopost to delete what it holds for a person: their connections (with the tokens) go,
 * and the Meta ids of their published posts are cleared. Answers the status URL and code Meta
 * shows the person.
 */
export async function handleDataDeletion(provider: Provider, signedRequest: unknown): Promise<{ url: string; confirmation_code: string }> {
  const callback = await receiveMetaCallback(provider, signedRequest)
  const ids = callback.accountIds
  await stopTargets(ids, 'Meta asked Duopost to delete your data for this account, so this post was not published.')
  await forgetMetaIds(ids)
  const answer = await deleteAccounts(callback)
  logEvent('info', 'meta.data_deleted', { provider, accounts: ids.length })
  return answer
}
