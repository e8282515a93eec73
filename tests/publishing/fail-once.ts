import { afterEach } from 'vitest'
import { prisma } from '#app/.server/db.ts'

/**
 * A real database failure for one write: the next `event` on `table` whose row matches `when` (SQL
 * over NEW and OLD) fails, as when the database restarts mid-request; later writes succeed. The
 * trigger is dropped after each test of the calling file.
 */
export function useFailOnce(name: string, table: string, event: 'INSERT' | 'UPDATE') {
  afterEach(async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON ${table}`)
  })
  return async (when: string) => {
    await prisma.$executeRawUnsafe(`CREATE SEQUENCE IF NOT EXISTS ${name}_seq`)
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$
      BEGIN
        IF (${when}) AND nextval('${name}_seq') = 1 THEN
          RAISE EXCEPTION 'simulated: the database write failed';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`)
    await prisma.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`)
  }
}
