import { DEFAULT_PORT, startSandbox } from './server.ts'

// `npm run sandbox`: the sandbox on SANDBOX_PORT (default 4010) until SIGINT or SIGTERM.
const port = Number(process.env.SANDBOX_PORT ?? DEFAULT_PORT)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, not ${process.env.SANDBOX_PORT}`)
  process.exit(1)
}

const sandbox = await startSandbox({ port, host: process.env.SANDBOX_HOST ?? '127.0.0.1' })
console.log(`Local Meta sandbox listening on ${sandbox.url}`)
console.log(`  Threads:  ${sandbox.url}/v1.0/...  (authorize: ${sandbox.url}/oauth/authorize)`)
console.log(`  Facebook: ${sandbox.url}/v25.0/... (dialog: ${sandbox.url}/v25.0/dialog/oauth)`)
console.log(`  Control:  ${sandbox.url}/__sandbox   Profiles and Pages: ${sandbox.url}/`)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping the sandbox`)
  await sandbox.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
