import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printGraphQLSchema } from '../../src/graphql/schema';
import { openDatabase } from '../../src/database/database';
import { migrationsList } from '../../src/database/migrations';
import { createTestDatabase, queryDatabase, TEST_TUNING, type TestDatabase } from '../helpers/test-database';

/** Tables, columns, constraints and indexes of the public schema, as text to compare. */
async function schemaOf(url: string): Promise<string[]> {
  const rows = await queryDatabase<{ line: string }>(
    url,
    `SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS line
       FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL
     SELECT format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     UNION ALL
     SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
     ORDER BY 1`,
  );
  return rows.map((row) => row.line);
}

describe('committed artefacts match the code', () => {
  it('schema.graphql is what the code prints (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(printGraphQLSchema());
    expect(committed).toMatch(/input CustomerInput @oneOf \{/);
  });

  describe('migrations', () => {
    let database: TestDatabase;
    const executedMigrations = async () =>
      (await queryDatabase<{ name: string }>(database.url, 'SELECT name FROM mikro_orm_migrations ORDER BY id')).map((row) => row.name);
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.drop());

    it('after every migration, the entities ask for no further change', async () => {
      const diff = await (await database.db.orm()).schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    });

    it('migrating twice is a no-op: a second start runs no migration and changes nothing', async () => {
      const executedBefore = await executedMigrations();
      const schemaBefore = await schemaOf(database.url);
      expect(executedBefore).toEqual(migrationsList.map((migration) => migration.name));

      // What a restart does: openDatabase migrates again, on a database already migrated.
      const again = await openDatabase(database.url, TEST_TUNING);
      try {
        // And once more by hand, to see what it ran.
        expect(await (await again.orm()).getMigrator().up()).toEqual([]);
      } finally {
        await again.close();
      }
      expect(await executedMigrations()).toEqual(executedBefore);
      expect(await schemaOf(database.url)).toEqual(schemaBefore);
    });

    it('every key and index of customers leads with merchant_id, as pg_catalog has them', async () => {
      // Unique constraints and the primary key are backed by indexes, so pg_index holds them all.
      const indexes = await queryDatabase<{ name: string; first_column: string; definition: string }>(
        database.url,
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid, 1, true) AS first_column,
                pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i WHERE i.indrelid = 'customers'::regclass ORDER BY 1`,
      );
      const constraints = await queryDatabase<{ name: string; first_column: string }>(
        database.url,
        `SELECT c.conname AS name, a.attname AS first_column
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.conrelid = 'customers'::regclass AND c.contype IN ('p', 'u', 'x') ORDER BY 1`,
      );
      // Not vacuous: the keys the upsert and the tenancy rules depend on are among them.
      expect(indexes.map((index) => index.name)).toEqual(
        expect.arrayContaining(['customers_pkey', 'customers_business_key_unique', 'customers_reference_customer_id_unique']),
      );
      expect(constraints.length).toBeGreaterThanOrEqual(3);
      expect(indexes.filter((index) => index.first_column !== 'merchant_id').map((index) => index.definition)).toEqual([]);
      expect(constraints.filter((constraint) => constraint.first_column !== 'merchant_id').map((constraint) => constraint.name)).toEqual([]);
    });
  });
});
