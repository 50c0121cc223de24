import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM, type EntityMetadata } from '@mikro-orm/postgresql';
import { CUSTOMER_FIELDS } from '../../src/customers/customer-columns';
import { CustomerRow } from '../../src/customers/customer.entity';
import { TEXT_LIMITS } from '../../src/customers/field-rules';
import { compileCustomerStatements, renderStatementsModule } from '../../src/customers/customer-statements';
import { UPSERT_BATCH_STATEMENT, UPSERT_CUSTOMER_STATEMENT } from '../../src/customers/customer-statements.generated';
import { SINGLE_PARAMETERS, UPSERT_FIELDS } from '../../src/customers/upsert-fields';
import { UPSERT_COLUMNS } from '../../src/customers/upsert-parameters';
import { ormOptions } from '../../src/database/orm-options';
import { ENTITIES } from '../../src/entities';

// The metadata of the ORM the service migrates with, discovered with its own options
// (never connected): the truth the compiled statements are checked against.
const orm = new MikroORM(ormOptions('postgresql://nobody@127.0.0.1:1/none', { poolSize: 1, statementTimeoutMs: 1, acquireTimeoutMs: 1, entities: ENTITIES }));
orm.discoverEntitiesSync();
const meta: EntityMetadata<CustomerRow> = orm.getMetadata().get(CustomerRow);
const entityColumns = meta.props.flatMap((prop) => prop.fieldNames ?? []);
const columnOf = (property: string) => meta.properties[property as Extract<keyof CustomerRow, string>].fieldNames[0]!;

afterAll(() => orm.close(true));

const unquote = (name: string) => name.trim().replace(/^"|"$/g, '');

function insertColumns(text: string): string[] {
  const match = /^insert into "customers" as "c" \(([^)]*)\)/.exec(text);
  if (!match) throw new Error(`no insert column list in: ${text.slice(0, 120)}`);
  return match[1]!.split(',').map(unquote);
}

/** The columns SET assigns: `"col" = …` pairs and the multi-column `("a", "b") = (SELECT …)`. */
function updatedColumns(text: string): string[] {
  const set = text.slice(text.indexOf(' do update set '), text.indexOf(' returning '));
  const single = [...set.matchAll(/(?:set |,)"([a-z_]+)" = /g)].map((m) => m[1]!);
  const multi = [...set.matchAll(/(?:set |,)\(((?:"[a-z_]+"(?:, )?)+)\) = \(SELECT /g)].flatMap((m) => m[1]!.split(', ').map(unquote));
  return [...single, ...multi];
}

/** RETURNING's `c."column" AS "field"` pairs (the computed ones aside). */
function returnedColumns(text: string): [string, string][] {
  const returning = text.slice(text.indexOf(' returning '));
  return [...returning.matchAll(/(?:returning |, |\()c\."([a-z_]+)"(?: AT TIME ZONE[^)]*\))?(?:::text)? AS "([A-Za-z]+)"/g)].map((m) => [m[1]!, m[2]!]);
}

function placeholders(text: string): number[] {
  return [...new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

describe('the upsert statements are written from the entity', () => {
  it('customer-statements.generated.ts is what the entity compiles to now (run `npm run statements:write` after changing either)', () => {
    const committed = readFileSync(path.join(__dirname, '../../src/customers/customer-statements.generated.ts'), 'utf8');
    expect(committed).toBe(renderStatementsModule(compileCustomerStatements()));
  });

  it('the single-row statement inserts every column of the entity but the batch-only presence column', () => {
    const expected = entityColumns.filter((column) => column !== columnOf('upsertPresence'));
    expect(insertColumns(UPSERT_CUSTOMER_STATEMENT.text).sort()).toEqual([...expected].sort());
  });

  it('the batch statement inserts every column of the entity, each read from the JSON row of that name', () => {
    const columns = insertColumns(UPSERT_BATCH_STATEMENT.text);
    expect([...columns].sort()).toEqual([...entityColumns].sort());
    const select = UPSERT_BATCH_STATEMENT.text.slice(
      UPSERT_BATCH_STATEMENT.text.indexOf(' SELECT '),
      UPSERT_BATCH_STATEMENT.text.indexOf(' FROM jsonb_populate_recordset'),
    );
    const sources = select.replace(' SELECT ', '').split(', ');
    columns.forEach((column, i) => {
      expect([`r."${column}"`, 'now()', '1']).toContain(sources[i]);
      if (sources[i] !== `r."${column}"`) expect(['created_at', 'updated_at', 'version']).toContain(column);
    });
  });

  it('every API field of the entity is upsertable, with the column the entity declares', () => {
    const neverSentByClients = new Set(['kind', 'version', 'createdAt', 'updatedAt']);
    const apiProperties = meta.props.map((prop) => prop.name).filter((name) => CUSTOMER_FIELDS.includes(name) && !neverSentByClients.has(name));
    expect([...UPSERT_FIELDS].sort()).toEqual(apiProperties.sort());
    expect(UPSERT_COLUMNS).toEqual(UPSERT_FIELDS.map(columnOf));
  });

  it.each([
    ['single-row', UPSERT_CUSTOMER_STATEMENT.text],
    ['batch', UPSERT_BATCH_STATEMENT.text],
  ])('the %s statement updates the sent fields and the bookkeeping, never the id, key or creation time', (_name, text) => {
    const updated = updatedColumns(text);
    expect(updated.sort()).toEqual([...UPSERT_COLUMNS, ...['emailKey', 'version', 'changeToken', 'updatedAt'].map(columnOf)].sort());
    for (const property of ['id', 'merchant', 'kind', 'businessKey', 'createdAt']) expect(updated).not.toContain(columnOf(property));
  });

  it.each([
    ['single-row', UPSERT_CUSTOMER_STATEMENT.text],
    ['batch', UPSERT_BATCH_STATEMENT.text],
  ])('the %s statement returns entity columns under the core field names, and whether it inserted (xmax)', (_name, text) => {
    const returned = returnedColumns(text);
    const byField = new Map(returned.map(([column, field]) => [field, column]));
    expect(byField.get('customerId')).toBe(columnOf('id'));
    expect(byField.get('merchantId')).toBe(columnOf('merchant'));
    for (const field of CUSTOMER_FIELDS.filter((f) => !['customerId', 'merchantId', 'marketplaceId'].includes(f))) {
      expect(byField.get(field)).toBe(columnOf(field));
    }
    for (const [column] of returned) expect(entityColumns).toContain(column);
    expect(text).toContain('(c.xmax = 0) AS "inserted"');
  });

  it.each([
    ['single-row', UPSERT_CUSTOMER_STATEMENT.text],
    ['batch', UPSERT_BATCH_STATEMENT.text],
  ])('the %s statement tests "a value changed" once, per sent field, for version, change_token and updated_at together', (_name, text) => {
    const set = text.slice(text.indexOf(' do update set '), text.indexOf(' returning '));
    expect(set.split(' IS DISTINCT FROM ').length - 1).toBe(UPSERT_FIELDS.length);
    expect(set.split(' AS "changed" OFFSET 0').length - 1).toBe(1);
    expect(set).toContain(`("${columnOf('version')}", "${columnOf('changeToken')}", "${columnOf('updatedAt')}") = (SELECT `);
  });

  it('the single-row statement takes exactly its parameters as $n placeholders; the batch takes one', () => {
    expect(placeholders(UPSERT_CUSTOMER_STATEMENT.text)).toEqual(SINGLE_PARAMETERS.map((_, i) => i + 1));
    expect(placeholders(UPSERT_BATCH_STATEMENT.text)).toEqual([1]);
  });

  it('the text length rules are the lengths the entity declares', () => {
    for (const [field, [, max]] of Object.entries(TEXT_LIMITS)) expect(max).toBe(meta.properties[field as Extract<keyof CustomerRow, string>].length);
    // E.164: a plus and at most 15 digits, which the phone column must hold.
    expect(meta.properties.phoneNumber.length).toBeGreaterThanOrEqual(16);
  });
});
