import path from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The files that take a minute or more, longest first (measured in a full run, docs/decisions/031).
 * Vitest orders files by their last run's duration, but a clean clone has no record of one and
 * falls back to file size, which starts a short file with a long wait (the benchmarks) last. A
 * worker runs one project's files before the next project's, so a long file started late holds
 * the whole run up while the other workers idle.
 */
const LONG_FILES = [
  'tests/jobs/scale.test.ts',
  'tests/e2e/planning.e2e.ts',
  'tests/e2e/app-benchmarks.e2e.ts',
  'tests/e2e/dashboard.e2e.ts',
  'tests/publishing/lost-answers.test.ts',
  'tests/e2e/media.e2e.ts',
  'tests/e2e/sigkill-pglite.e2e.ts',
  'tests/bench/bench.test.ts',
  'tests/publishing/media-publish.test.ts',
  'tests/publishing/resilience.test.ts',
  'tests/publishing/published-changes.test.ts',
]

function rank(file: TestSpecification): number {
  const index = LONG_FILES.indexOf(path.relative(file.project.config.root, file.moduleId))
  return index === -1 ? LONG_FILES.length : index
}

/** Vitest's own order, with the known long files moved to the front. */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}
