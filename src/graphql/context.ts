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

export interface RequestCredentials {
  readonly authorization: string | undefined;
  readonly merchantId: string | undefined;
}

export function createContext(services: ContextServices, credentials: RequestCredentials, tracer: string): GraphQLContext {
  let acting: Promise<ActingMerchant> | undefined;
  return {
    customers: services.customers,
    tracer,
    actingMerchant: () => (acting ??= services.merchants.resolve(credentials.authorization, credentials.merchantId)),
  };
}
