import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../ids';
import { Credential } from './credential.entity';
import { Marketplace } from './marketplace.entity';
import { Merchant } from './merchant.entity';
import { generateSecret, hashSecret, secretHint, type SecretEnvironment } from './secrets';

export class TenancyAdminError extends Error {}

export type SecretOwner = { merchantId: string } | { marketplaceId: string };

export interface IssuedSecret {
  readonly credentialId: string;
  /** Shown once: only its hash is stored. */
  readonly secret: string;
}

export interface CredentialListing {
  readonly credentialId: string;
  readonly kind: string;
  readonly environment: string;
  readonly hint: string;
  readonly owner: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/**
 * Marketplaces, merchants and credentials, as the admin CLI and the demo seed manage
 * them. Rare, so plain MikroORM unit-of-work code; the request path never comes here.
 */
export class TenancyAdmin {
  constructor(private readonly rootEm: EntityManager) {}

  async createMarketplace(name: string): Promise<Marketplace> {
    const em = this.rootEm.fork();
    const marketplace = em.create(Marketplace, { id: newId('mktp_'), name: requireName(name) });
    await em.flush();
    return marketplace;
  }

  async createMerchant(name: string, marketplaceId?: string): Promise<Merchant> {
    const em = this.rootEm.fork();
    const marketplace = marketplaceId ? await em.findOne(Marketplace, marketplaceId) : null;
    if (marketplaceId && !marketplace) throw new TenancyAdminError(`No marketplace ${marketplaceId}.`);
    const merchant = em.create(Merchant, { id: newId('mcht_'), name: requireName(name), marketplace });
    await em.flush();
    return merchant;
  }

  async issueSecret(owner: SecretOwner, environment: SecretEnvironment = 'sandbox'): Promise<IssuedSecret> {
    const em = this.rootEm.fork();
    const merchant = 'merchantId' in owner ? await em.findOne(Merchant, owner.merchantId) : null;
    const marketplace = 'marketplaceId' in owner ? await em.findOne(Marketplace, owner.marketplaceId) : null;
    if (!merchant && !marketplace) throw new TenancyAdminError(`No ${Object.values(owner)[0]} to issue a secret for.`);
    const kind = merchant ? 'merchant_token' : 'marketplace_key';
    const secret = generateSecret(kind, environment);
    const credential = em.create(Credential, {
      id: newId('cred_'),
      kind,
      environment,
      secretHash: hashSecret(secret),
      hint: secretHint(secret),
      merchant,
      marketplace,
    });
    await em.flush();
    return { credentialId: credential.id, secret };
  }

  async listCredentials(ownerId?: string): Promise<CredentialListing[]> {
    const where = ownerId ? { $or: [{ merchant: ownerId }, { marketplace: ownerId }] } : {};
    const rows = await this.rootEm.fork().find(Credential, where, { orderBy: { createdAt: 'asc' } });
    return rows.map((row) => ({
      credentialId: row.id,
      kind: row.kind,
      environment: row.environment,
      hint: row.hint,
      owner: row.merchant?.id ?? row.marketplace!.id,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt ?? null,
    }));
  }

  async revokeCredential(credentialId: string): Promise<void> {
    const em = this.rootEm.fork();
    const credential = await em.findOne(Credential, credentialId);
    if (!credential) throw new TenancyAdminError(`No credential ${credentialId}.`);
    credential.revokedAt ??= new Date();
    await em.flush();
  }
}

function requireName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw new TenancyAdminError('A name must be 1 to 200 characters.');
  return trimmed;
}
