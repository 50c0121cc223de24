import type { CustomerService } from '../customers/customer-service';
import type { ActingMerchant, MerchantResolver, ReadScope } from '../tenancy/resolve-merchant';

export interface GraphQLContext {
  readonly customers: CustomerService;
  readonly tracer: string;
  /** Resolved on first use, once per request: introspection needs no credential. */
  actingMerchant(): Promise<ActingMerchant>;
  /** For listings: a marketplace key without Merchant-Id may read across its marketplace. */
  readScope(): Promise<ReadScope>;
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
): GraphQLContext {
  return { customers, tracer, actingMerchant, readScope };
}
