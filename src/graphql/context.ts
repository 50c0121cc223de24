import type { CustomerService } from '../customers/customer-service';
import type { RequestObservation } from '../observability/request-observation';
import type { ActingMerchant, MerchantResolver, ReadScope } from '../tenancy/resolve-merchant';

/** The customer use cases as a resolver sees them. */
export type CustomerUseCases = Pick<CustomerService, 'upsert' | 'find' | 'list'>;

export interface GraphQLContext {
  readonly customers: CustomerUseCases;
  readonly tracer: string;
  /** Resolved on first use, once per request: introspection needs no credential. */
  actingMerchant(): Promise<ActingMerchant>;
  /** For listings: a marketplace key without Merchant-Id may read across its marketplace. */
  readScope(): Promise<ReadScope>;
  /** What the request's log line and metrics learn from GraphQL: the operation, the upsert's outcome. */
  readonly observation: RequestObservation;
}

export interface ContextServices {
  readonly customers: CustomerService;
  readonly merchants: MerchantResolver;
}

export function createContext(
  customers: CustomerService,
  actingMerchant: () => Promise<ActingMerchant>,
  tracer: string,
  readScope: () => Promise<ReadScope>,
  observation: RequestObservation = {},
): GraphQLContext {
  // The upsert's outcome is recorded here, once for both doors: the resolver only delegates.
  const observed: CustomerUseCases = {
    upsert: async (merchantId, command) => {
      const result = await customers.upsert(merchantId, command);
      observation.upsertOutcome = result.outcome;
      return result;
    },
    find: (merchantId, customerId) => customers.find(merchantId, customerId),
    list: (scope, query) => customers.list(scope, query),
  };
  return { customers: observed, tracer, actingMerchant, readScope, observation };
}
