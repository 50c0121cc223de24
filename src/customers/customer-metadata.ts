import type { EntityProperty } from '@mikro-orm/postgresql';
import { entityMetadata } from './entity-metadata';
import { CustomerRow } from './customer.entity';

/** A property of the entity that maps to a column (not the symbols MikroORM types with). */
export type CustomerProperty = Extract<keyof CustomerRow, string>;

/** The customers table as MikroORM discovered it from the entity: the one source of its columns. */
const CUSTOMER_METADATA = entityMetadata(CustomerRow);

function propertyOf(property: CustomerProperty): EntityProperty<CustomerRow> {
  const prop = CUSTOMER_METADATA.properties[property];
  if (!prop || prop.fieldNames?.length !== 1) throw new Error(`CustomerRow.${property} is not a property with one column`);
  return prop;
}

export function columnOf(property: CustomerProperty): string {
  return propertyOf(property).fieldNames[0]!;
}

/** The declared maximum length of a text column, in characters. */
export function lengthOf(property: CustomerProperty): number {
  const { length } = propertyOf(property);
  if (typeof length !== 'number') throw new Error(`CustomerRow.${property} declares no length`);
  return length;
}

export function isJsonColumn(property: CustomerProperty): boolean {
  return propertyOf(property).columnTypes[0] === 'jsonb';
}

export function isTimestampColumn(property: CustomerProperty): boolean {
  return propertyOf(property).columnTypes[0]?.startsWith('timestamp') ?? false;
}

/** The table's name, as the entity declares it. */
export const CUSTOMERS_TABLE = CUSTOMER_METADATA.tableName;
