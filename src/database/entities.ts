import { CustomerRow } from '../customers/customer.entity';
import { IdempotencyKeyRow } from '../idempotency/idempotency-key.entity';
import { Credential } from '../tenancy/credential.entity';
import { Marketplace } from '../tenancy/marketplace.entity';
import { Merchant } from '../tenancy/merchant.entity';

/** Every entity, listed rather than discovered from folders: start-up does no file-system scan. */
export const ENTITIES = [Marketplace, Merchant, Credential, CustomerRow, IdempotencyKeyRow];
