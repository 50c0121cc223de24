import { AppError } from '../errors/app-error';
import type { SqlRunner, SqlStatement } from '../database/sql-runner';
import { hasIdShape } from '../ids';
import { ExpiringCache } from './expiring-cache';
import { hashSecret, secretFromAuthorization, type SecretKind } from './secrets';

/** Who a request acts for, once its credential and Merchant-Id have been checked. */
export interface ActingMerchant {
  readonly merchantId: string;
  readonly credentialId: string;
}

/**
 * Whose customers a listing may show: the acting merchant's, or, for a marketplace
 * key without Merchant-Id, those of every merchant of its marketplace (contract 1).
 */
export type ReadScope = { readonly merchantId: string } | { readonly marketplaceId: string };

interface CredentialRow {
  id: string;
  kind: SecretKind;
  merchantId: string | null;
  marketplaceId: string | null;
  revoked: boolean;
}

interface MerchantRow {
  id: string;
  marketplaceId: string | null;
}

const FIND_CREDENTIAL: SqlStatement = {
  name: 'find_credential_v1',
  text: `SELECT id, kind, merchant_id AS "merchantId", marketplace_id AS "marketplaceId",
  revoked_at IS NOT NULL AS revoked FROM credentials WHERE secret_hash = $1`,
};

const FIND_MERCHANT: SqlStatement = {
  name: 'find_merchant_v1',
  text: `SELECT id, marketplace_id AS "marketplaceId" FROM merchants WHERE id = $1`,
};

/**
 * Contract section 1: from `Authorization` and `Merchant-Id` to the merchant a request
 * acts for. Lookups are cached for `ttlMs`, which bounds how long a revoked secret
 * keeps working on any instance; the upsert itself then stays one statement.
 */
export class MerchantAccess {
  private readonly credentials: ExpiringCache<string, CredentialRow | null>;
  private readonly merchants: ExpiringCache<string, MerchantRow | null>;

  constructor(
    private readonly db: SqlRunner,
    ttlMs: number,
  ) {
    this.credentials = new ExpiringCache(ttlMs);
    this.merchants = new ExpiringCache(ttlMs);
  }

  async resolve(authorization: string | undefined, merchantIdHeader: string | undefined): Promise<ActingMerchant> {
    const credential = await this.credential(authorization);
    const requested = merchantIdHeader?.trim() || undefined;
    const owner = credential.kind === 'merchant_token' ? credential.merchantId! : undefined;

    if (requested === undefined || requested === owner) {
      if (owner === undefined) throw new AppError('merchant_id_required');
      return { merchantId: owner, credentialId: credential.id };
    }
    // A value that is not an id names no merchant: refused before any lookup or cache entry,
    // so a flood of distinct, large headers costs neither queries nor memory.
    if (!hasIdShape('mcht_', requested)) throw new AppError('merchant_not_found');
    const merchant = await this.merchants.get(requested, async () => {
      const [row] = await this.db.query<MerchantRow>(FIND_MERCHANT, [requested]);
      return row ?? null;
    });
    if (!merchant) throw new AppError('merchant_not_found');
    if (credential.kind === 'merchant_token' || merchant.marketplaceId !== credential.marketplaceId) {
      throw new AppError('forbidden');
    }
    return { merchantId: merchant.id, credentialId: credential.id };
  }

  /** How many lookups each cache holds: what a flood of distinct headers could grow. */
  cachedEntries(): { credentials: number; merchants: number } {
    return { credentials: this.credentials.size, merchants: this.merchants.size };
  }

  /** As resolve(), except that a marketplace key without Merchant-Id lists its whole marketplace. */
  async resolveReadScope(authorization: string | undefined, merchantIdHeader: string | undefined): Promise<ReadScope> {
    if (!merchantIdHeader?.trim()) {
      const credential = await this.credential(authorization);
      if (credential.kind !== 'merchant_token') return { marketplaceId: credential.marketplaceId! };
    }
    const { merchantId } = await this.resolve(authorization, merchantIdHeader);
    return { merchantId };
  }

  private async credential(authorization: string | undefined): Promise<CredentialRow> {
    const secret = secretFromAuthorization(authorization);
    if (secret === undefined) throw new AppError('unauthorized');
    // Looked up by hash through a unique index: no comparison of secret text anywhere.
    const hash = hashSecret(secret);
    const row = await this.credentials.get(hash, async () => {
      const [found] = await this.db.query<CredentialRow>(FIND_CREDENTIAL, [hash]);
      return found ?? null;
    });
    if (!row || row.revoked) throw new AppError('unauthorized');
    return row;
  }
}
