import type { CustomerRow } from './customer.entity';

/** A property of the entity that maps to a column (not the symbols MikroORM types with). */
export type CustomerProperty = Extract<keyof CustomerRow, string>;

/** What the statements and rules read of one property's column. */
export interface ColumnShape {
  readonly column: string;
  readonly columnType: string;
  readonly length?: number;
}

/** The customers table as MikroORM discovers it from the entity, as plain data. */
export interface TableShape {
  readonly tableName: string;
  readonly properties: Readonly<Record<string, ColumnShape>>;
}

export interface CustomerTable {
  readonly tableName: string;
  columnOf(property: CustomerProperty): string;
  /** The declared maximum length of a text column, in characters. */
  lengthOf(property: CustomerProperty): number;
  isJsonColumn(property: CustomerProperty): boolean;
  isTimestampColumn(property: CustomerProperty): boolean;
}

/** The questions statements and rules ask of the table, answered from its shape. */
export function describeTable(shape: TableShape): CustomerTable {
  const shapeOf = (property: CustomerProperty): ColumnShape => {
    const column = shape.properties[property];
    if (!column) throw new Error(`CustomerRow.${property} is not a property with one column`);
    return column;
  };
  return {
    tableName: shape.tableName,
    columnOf: (property) => shapeOf(property).column,
    lengthOf: (property) => {
      const { length } = shapeOf(property);
      if (typeof length !== 'number') throw new Error(`CustomerRow.${property} declares no length`);
      return length;
    },
    isJsonColumn: (property) => shapeOf(property).columnType === 'jsonb',
    isTimestampColumn: (property) => shapeOf(property).columnType.startsWith('timestamp'),
  };
}
