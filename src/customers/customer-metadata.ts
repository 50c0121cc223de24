import { CUSTOMER_TABLE_SHAPE } from './customer-statements.generated';
import { describeTable } from './customer-table-shape';

export type { CustomerProperty } from './customer-table-shape';

/**
 * The customers table as the service reads it at run time: the shape MikroORM discovered
 * from the entity, written into customer-statements.generated.ts with the statements, so
 * that a start loads no ORM. A test compares it with what MikroORM discovers now.
 */
export const { columnOf, lengthOf, isJsonColumn } = describeTable(CUSTOMER_TABLE_SHAPE);
