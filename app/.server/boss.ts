import PgBoss from 'pg-boss'
import type { Database } from '#prisma/database.ts'
import { getDatabase } from './db.ts'
import { getEnv } from './env.ts'
import { forgetJobHealth } from './job-health.ts'
import { errorFields, logEvent } from './log.ts'

export const QUEUES = {
  publishTarget: 'publish-target',
  refreshTokens: 'refresh-tokens',
  sweepTargets: 'sweep-targets',
  removeMedia: 'remove-media',
} as const

/**
 * pg-boss on the app's own database: PostgreSQL through its own pool, PGlite (one in-process
 * connection) through pg-boss's custom executeSql hook. No other queue infrastructure.
 */
function createBoss(database: Database): PgBoss {
  // Dead workers' jobs are found by pg-boss's maintenance pass, so it runs at least as often as a
  // job may take.
  const common = {
    schema: 'pgboss',
    application_name: 'duopost-jobs',
    maintenanceIntervalSeconds: Math.min(120, getEnv().JOB_EXPIRE_SECONDS),
  } as const
  if (database.kind === 'postgresql') {
    const url = new URL(database.url)
    return new PgBoss({ ...common, connectionString: url.toString(), max: 4 })
  }
  const { pglite } = database
  return new PgBoss({
    ...common,
    db: {
      // pg-boss sends multi-statement scripts without parameters (schema setup) and single
      // statements with them; PGlite runs the former through exec and the latter through query.
      async executeSql(text: string, values: unknown[] = []) {
        if (values.length > 0) return { rows: (await pglite.query(text, values)).rows }
        const results = await pglite.exec(text)
        return { rows: results.at(-1)?.rows ?? [] }
      },
    },
  })
}

const store = globalThis as typeof globalThis & { __duopostBoss?: Promise<PgBoss> }

async function createQueues(boss: PgBoss): Promise<void> {
  // A target may have one queued and one running job at most (stately + its id as the key).
  // A job that outlives its expiry is presumed dead (its worker crashed) and runs again, which
  // resumes the target where it stopped; pg-boss's own retries cover only infrastructure errors.
  await boss.createQueue(QUEUES.publishTarget, {
    name: QUEUES.publishTarget,
    policy: 'stately',
    retryLimit: 5,
    retryBackoff: true,
    retryDelay: 5,
    expireInSeconds: getEnv().JOB_EXPIRE_SECONDS,
  })
  await boss.createQueue(QUEUES.refreshTokens, { name: QUEUES.refreshTokens, policy: 'singleton' })
  await boss.createQueue(QUEUES.removeMedia, { name: QUEUES.removeMedia, policy: 'singleton' })
  // No longer scheduled (every worker sweeps on a timer); kept so a database that had the cron
  // schedule can have it removed.
  await boss.createQueue(QUEUES.sweepTargets, { name: QUEUES.sweepTargets, policy: 'singleton' })
}

const DEADLOCK = '40P01'

async function start(): Promise<PgBoss> {
  const boss = createBoss(getDatabase())
  boss.on('error', (error) => logEvent('error', 'jobs.error', errorFields(error)))
  await boss.start()
  // Processes starting together create the queues' tables at the same moment, and PostgreSQL may
  // pick one of them as a deadlock victim; creating a queue is idempotent, so try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await createQueues(boss)
      return boss
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200))
    }
  }
}

/** The process's pg-boss, started on first use. */
export function getBoss(): Promise<PgBoss> {
  store.__duopostBoss ??= start().catch((error: unknown) => {
    store.__duopostBoss = undefined
    throw error
  })
  return store.__duopostBoss
}

export async function stopBoss(options: { graceful: boolean; timeoutMs: number }): Promise<void> {
  const running = store.__duopostBoss
  store.__duopostBoss = undefined
  try {
    if (running) await (await running).stop({ graceful: options.graceful, timeout: options.timeoutMs, wait: true, close: true })
  } finally {
    forgetJobHealth()
  }
}
