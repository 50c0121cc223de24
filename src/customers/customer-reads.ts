import type { SqlRunner, SqlStatement } from '../database/sql-runner';
import type { Customer } from './customer';
import { selectCustomerColumns } from './customer-columns';

// Every read names the merchant first: no statement can reach another merchant's rows.
const FIND_BY_ID: SqlStatement = {
  name: 'find_customer_v1',
  text: `SELECT ${selectCustomerColumns('c')} FROM customers c WHERE c.merchant_id = $1 AND c.id = $2`,
};

// Keyset pagination on (created_at, id): stable under inserts, index-backed, no OFFSET.
// The cursor carries created_at in whole microseconds, as stored: a JS Date would
// round to milliseconds and repeat rows across pages.
const LIST: SqlStatement = {
  name: 'list_customers_v1',
  text: `SELECT ${selectCustomerColumns('c')},
  (extract(epoch FROM c.created_at) * 1000000)::bigint::text AS "createdAtMicros"
FROM customers c
WHERE c.merchant_id = $1
  AND ($2::text IS NULL OR lower(c.email_address) = lower($2))
  AND ($3::text IS NULL OR c.reference_customer_id = $3)
  AND ($4::bigint IS NULL OR (c.created_at, c.id) > ('epoch'::timestamptz + $4::bigint * interval '1 microsecond', $5))
ORDER BY c.created_at, c.id
LIMIT $6`,
};

export interface CustomerFilter {
  emailAddress?: string | null;
  referenceCustomerId?: string | null;
}

export interface CustomerCursor {
  createdAtMicros: string;
  customerId: string;
}

export interface CustomerPage {
  customers: { customer: Customer; cursor: CustomerCursor }[];
  hasNextPage: boolean;
}

export async function findCustomer(db: SqlRunner, merchantId: string, customerId: string): Promise<Customer | null> {
  const [customer] = await db.query<Customer>(FIND_BY_ID, [merchantId, customerId]);
  return customer ?? null;
}

export async function listCustomers(
  db: SqlRunner,
  merchantId: string,
  filter: CustomerFilter,
  first: number,
  after: CustomerCursor | null,
): Promise<CustomerPage> {
  const rows = await db.query<Customer & { createdAtMicros: string }>(LIST, [
    merchantId,
    filter.emailAddress?.trim() ?? null,
    filter.referenceCustomerId?.trim() ?? null,
    after?.createdAtMicros ?? null,
    after?.customerId ?? null,
    first + 1,
  ]);
  return {
    customers: rows.slice(0, first).map(({ createdAtMicros, ...customer }) => ({
      customer,
      cursor: { createdAtMicros, customerId: customer.customerId },
    })),
    hasNextPage: rows.length > first,
  };
}
