import type { EntityManager } from '@mikro-orm/postgresql';
import { Merchant } from './merchant.entity';
import { TenancyAdmin } from './tenancy-admin';

export interface DemoTenant {
  readonly marketplaceId: string;
  readonly merchantId: string;
  /** Present only on the start that created the tenant: secrets are stored hashed. */
  readonly merchantSecret?: string;
  readonly marketplaceKey?: string;
}

/**
 * Development only (main.ts never calls it in production): a database with no
 * merchant gets a demo marketplace, merchant and one secret of each kind.
 */
export async function seedDemoTenant(em: EntityManager): Promise<DemoTenant> {
  const existing = await em.fork().findOne(Merchant, { name: 'Demo Merchant' }, { orderBy: { createdAt: 'asc' } });
  if (existing) return { marketplaceId: existing.marketplace?.id ?? '', merchantId: existing.id };
  const admin = new TenancyAdmin(em);
  const marketplace = await admin.createMarketplace('Demo Marketplace');
  const merchant = await admin.createMerchant('Demo Merchant', marketplace.id);
  const merchantSecret = (await admin.issueSecret({ merchantId: merchant.id })).secret;
  const marketplaceKey = (await admin.issueSecret({ marketplaceId: marketplace.id })).secret;
  return { marketplaceId: marketplace.id, merchantId: merchant.id, merchantSecret, marketplaceKey };
}
