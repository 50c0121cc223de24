import { CustomerRow } from './customer.entity';
import { describeTable, type ColumnShape, type TableShape } from './customer-table-shape';
import { entityMetadata } from './entity-metadata';

/**
 * The customers table as MikroORM discovers it now, from the entity's decorators: what
 * the statements are compiled from (customer-statements.ts). Build time and tests only:
 * it loads MikroORM.
 */
export function customerTableShape(): TableShape {
  const meta = entityMetadata(CustomerRow);
  const properties: Record<string, ColumnShape> = {};
  for (const prop of meta.props) {
    if (prop.fieldNames?.length !== 1) continue;
    const length = typeof prop.length === 'number' ? { length: prop.length } : {};
    properties[prop.name] = { column: prop.fieldNames[0]!, columnType: prop.columnTypes[0]!, ...length };
  }
  return { tableName: meta.tableName, properties };
}

export const { columnOf, isJsonColumn, isTimestampColumn, tableName: CUSTOMERS_TABLE } = describeTable(customerTableShape());
