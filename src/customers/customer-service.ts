import type { SqlRunner } from '../database/sql-runner';
import type { Customer, UpsertCustomerCommand, UpsertCustomerResult } from './customer';
import { findCustomer, listCustomers, type CustomerCursor, type CustomerFilter, type CustomerPage } from './customer-reads';
import { upsertCustomer } from './upsert-customer';

/** The customer use cases, bound to a database. Knows nothing of GraphQL or HTTP. */
export class CustomerService {
  constructor(private readonly db: SqlRunner) {}

  upsert(merchantId: string, command: UpsertCustomerCommand): Promise<UpsertCustomerResult> {
    return upsertCustomer(this.db, merchantId, command);
  }

  find(merchantId: string, customerId: string): Promise<Customer | null> {
    return findCustomer(this.db, merchantId, customerId);
  }

  list(merchantId: string, filter: CustomerFilter, first: number, after: CustomerCursor | null): Promise<CustomerPage> {
    return listCustomers(this.db, merchantId, filter, first, after);
  }
}
