// `npm run tokens:rotate`: after TOKEN_ENCRYPTION_KEY is replaced (the previous key moved to
// TOKEN_ENCRYPTION_OLD_KEYS), re-encrypts every stored Meta token and webhook signing secret under the new key.
import { closeDatabase } from '#app/.server/db.ts'
import { loadDotEnv } from '#app/.server/env.ts'
import { TableMissingError, rotateTokenKeys } from '#app/.server/accounts/rotate-keys.ts'

loadDotEnv()

try {
  const { scanned, reencrypted } = await rotateTokenKeys()
  console.log(
    `Checked ${scanned} stored secrets (Meta tokens and webhook signing secrets); re-encrypted ${reencrypted} under the current TOKEN_ENCRYPTION_KEY.`,
  )
  console.log(
    'If every running Duopost process already uses this key, TOKEN_ENCRYPTION_OLD_KEYS can now be emptied; ' +
      'otherwise restart them with it and run this again.',
  )
} catch (error) {
  console.error(`Token rotation stopped: ${error instanceof Error ? error.message : String(error)}`)
  if (!(error instanceof TableMissingError)) {
    console.error('Secrets re-encrypted before the stop stay readable; fix the cause and run the command again to finish.')
  }
  process.exitCode = 1
} finally {
  await closeDatabase()
}
