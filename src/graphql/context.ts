import type { CustomerService } from '../customers/customer-service';
import type { ActingMerchant, MerchantResolver } from '../tenancy/resolve-merchant';

export interface GraphQLContext {
  readonly customers: CustomerService;
  readonly tracer: string;
  /** Resolved on first use, once per request: introspection needs no credential. */
  actingMerchant(): Promise<ActingMerchant>;
}

export interface ContextServices {
  readonly customers: CustomerService;
  readonly merchants: MerchantResolver;
}

export function createContext(
  customers: CustomerService,
  actingMerchant: () => Promise<ActingMerchant>,
  tracer: string,
): GraphQLContext {
  return { customers, tracer, actingMerchant };
}
