/** `npm run worker` processes on a benchmark's PostgreSQL database, as scaled out in production. */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export type WorkerProcess = { pid: number; stop(): Promise<void> }

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)))
}

/** Starts one worker process (the command `npm run worker` runs); resolves once it takes jobs. */
export async function startWorkerProcess(databaseUrl: string, concurrency: number): Promise<WorkerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duopost-bench-worker-'))
  const env = { ...process.env, DATABASE_URL: databaseUrl, WORKERS: String(concurrency), DATA_DIR: dataDir }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => output.includes('worker running') && resolve())
    child.once('exit', (code) => reject(new Error(`A worker process exited with ${code} before taking jobs:\n${output}`)))
  })
  await ready
  return {
    pid: child.pid!,
    async stop() {
      // SIGTERM is the graceful stop: running jobs finish first.
      child.kill('SIGTERM')
      const code = await exited(child)
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (code !== 0) throw new Error(`A worker process exited with ${code}:\n${output}`)
    },
  }
}
