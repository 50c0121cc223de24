import { CustomerRow } from './customers/customer.entity';
import { IdempotencyKeyRow } from './idempotency/idempotency-key.entity';
import { Credential } from './tenancy/credential.entity';
import { Marketplace } from './tenancy/marketplace.entity';
import { Merchant } from './tenancy/merchant.entity';

/**
 * Every table's entity, listed, not discovered from folders (start-up does no file-system
 * scan). Kept by the app, which composes the modules: database/ depends on none of them.
 */
export const ENTITIES = [Marketplace, Merchant, Credential, CustomerRow, IdempotencyKeyRow];
