import type { SqlRunner } from '../database/sql-runner';
import type { Customer, UpsertCustomerCommand, UpsertCustomerResult } from './customer';
import type { CustomerListQuery, ReadScope } from './customer-query';
import { findCustomer, listCustomers, type CustomerPage } from './customer-reads';
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

  list(scope: ReadScope, query: CustomerListQuery): Promise<CustomerPage> {
    return listCustomers(this.db, scope, query);
  }
}
