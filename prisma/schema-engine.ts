import fs from 'node:fs'
import { createRequire } from 'node:module'
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaContainer, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm'

// Prisma's schema engine compiled to WebAssembly, so that migrations need no engine download
// (the CLI's native engine comes from binaries.prisma.sh, unreachable offline or behind proxies).

export type SchemaFile = SchemaContainer

/** Duopost has no tables or enums managed outside Prisma. */
export const NO_EXTERNAL_ENTITIES: SchemaFilter = { externalTables: [], externalEnums: [] }

// Node 20 cannot `import` a .wasm file, so the bindings are wired to an instance by hand. The
// bindings keep that instance in module state, shared by the whole process even when this file
// is loaded more than once (vitest loads it once per project): wiring a second instance would
// pull the memory out from under engines already running, so the mark lives on globalThis.
const wired = Symbol.for('duopost.schemaEngineWasm.wired')
const processState = globalThis as typeof globalThis & { [wired]?: true }

function loadEngineOnce(): void {
  if (processState[wired]) return
  const require = createRequire(import.meta.url)
  const wasmPath = require.resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm')
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath))
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': withUnrefTimers(bindings) })
  bindings.__wbg_set_wasm(instance.exports)
  ;(instance.exports as { __wbindgen_start: () => void }).__wbindgen_start()
  processState[wired] = true
}

// The engine arms a timer for each wait it bounds (10 s for the advisory lock) and never clears
// it, which kept a finished CLI alive for 10 s. Such timers must not hold the process open.
function withUnrefTimers(imports: object): WebAssembly.ModuleImports {
  return Object.fromEntries<WebAssembly.ImportValue>(
    Object.entries(imports).map(([name, value]) =>
      name.startsWith('__wbg_setTimeout_')
        ? [name, (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref()]
        : [name, value],
    ),
  )
}

export async function readSchemaFile(schemaPath: string): Promise<SchemaFile> {
  return { path: schemaPath, content: await fs.promises.readFile(schemaPath, 'utf8') }
}

/**
 * Runs `use` with a schema engine that talks to the database behind `adapter`. The engine does
 * not dispose the adapter's connections; whoever made the adapter closes it.
 */
export async function withSchemaEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  schema: SchemaFile,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  loadEngineOnce()
  // Without the binding wrapper the engine calls the adapter's methods unbound and fails.
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  )
  try {
    return await use(engine)
  } finally {
    engine.free()
  }
}
