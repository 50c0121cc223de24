import type { SqlStatement } from '../database/sql-runner';
import { customerTableShape } from './customer-entity-table';
import { selectCustomerColumns } from './customer-select.sql';
import type { TableShape } from './customer-table-shape';
import { compileUpsertBatchStatement } from './upsert-batch.sql';
import { compileUpsertCustomerStatement } from './upsert-customer.sql';

/** What the service reads of the customers table at run time, compiled from the entity. */
export interface CustomerStatements {
  readonly tableShape: TableShape;
  readonly selectList: string;
  readonly upsertCustomer: SqlStatement;
  readonly upsertBatch: SqlStatement;
}

/**
 * Discovers the entity with MikroORM and writes the statements with its QueryBuilder:
 * about half a second of loading that a start no longer pays (issue 9). `npm run
 * statements:write` keeps the result in customer-statements.generated.ts, and a test
 * fails when that file is not what this returns.
 */
export function compileCustomerStatements(): CustomerStatements {
  return {
    tableShape: customerTableShape(),
    selectList: selectCustomerColumns('c'),
    upsertCustomer: compileUpsertCustomerStatement(),
    upsertBatch: compileUpsertBatchStatement(),
  };
}

const literal = (value: unknown) => JSON.stringify(value, null, 2);

/** The text of customer-statements.generated.ts. */
export function renderStatementsModule(compiled: CustomerStatements): string {
  return `// Written by \`npm run statements:write\` from CustomerRow's MikroORM metadata and the statement
// builders (customer-statements.ts). Do not edit: test/unit/upsert-statements.test.ts compiles
// them again and fails when this file differs.
import type { SqlStatement } from '../database/sql-runner';
import type { TableShape } from './customer-table-shape';

/** The customers table as MikroORM discovered it from the entity. */
export const CUSTOMER_TABLE_SHAPE: TableShape = ${literal(compiled.tableShape)};

/** The customer's columns as every read and upsert returns them, from the table aliased \`c\`. */
export const CUSTOMER_SELECT_LIST = ${literal(compiled.selectList)};

/** The single-row upsert (upsert-customer.sql.ts). */
export const UPSERT_CUSTOMER_STATEMENT: SqlStatement = ${literal(compiled.upsertCustomer)};

/** The batch upsert (upsert-batch.sql.ts). */
export const UPSERT_BATCH_STATEMENT: SqlStatement = ${literal(compiled.upsertBatch)};
`;
}
