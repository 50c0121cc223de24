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

const DEMO_MERCHANT = 'Demo Merchant';

/**
 * Development only (main.ts never calls it in production): a fresh database, one with
 * no merchant at all, gets a demo marketplace, merchant and one secret of each kind.
 * Later starts find the demo merchant again (undefined if there never was one).
 */
export async function seedDemoTenant(em: EntityManager): Promise<DemoTenant | undefined> {
  if ((await em.fork().count(Merchant, {})) > 0) {
    const existing = await em.fork().findOne(Merchant, { name: DEMO_MERCHANT }, { orderBy: { createdAt: 'asc' } });
    return existing ? { marketplaceId: existing.marketplace?.id ?? '', merchantId: existing.id } : undefined;
  }
  const admin = new TenancyAdmin(em);
  const marketplace = await admin.createMarketplace('Demo Marketplace');
  const merchant = await admin.createMerchant(DEMO_MERCHANT, marketplace.id);
  const merchantSecret = (await admin.issueSecret({ merchantId: merchant.id })).secret;
  const marketplaceKey = (await admin.issueSecret({ marketplaceId: marketplace.id })).secret;
  return { marketplaceId: marketplace.id, merchantId: merchant.id, merchantSecret, marketplaceKey };
}
