import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printGraphQLSchema } from '../../src/graphql/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('committed artefacts match the code', () => {
  it('schema.graphql is what the code prints (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(printGraphQLSchema());
    expect(committed).toMatch(/input CustomerInput @oneOf \{/);
  });

  describe('migrations', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.drop());

    it('after every migration, the entities ask for no further change', async () => {
      const diff = await database.db.orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    });

    it('migrating twice is a no-op', async () => {
      expect(await database.db.orm.getMigrator().getPendingMigrations()).toEqual([]);
    });
  });
});
