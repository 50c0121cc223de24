import { Entity, OptionalProps, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Marketplace } from './marketplace.entity';
import { Merchant } from './merchant.entity';
import type { SecretEnvironment, SecretKind } from './secrets';

/** A secret is kept only as its hash; `hint` is what a listing shows. */
@Entity({ tableName: 'credentials' })
export class Credential {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'string', length: 21 })
  id!: string;

  @Enum({ items: ['merchant_token', 'marketplace_key'] })
  kind!: SecretKind;

  @Enum({ items: ['sandbox', 'live'] })
  environment!: SecretEnvironment;

  @Unique({ name: 'credentials_secret_hash_unique' })
  @Property({ type: 'string', length: 64 })
  secretHash!: string;

  @Property({ type: 'string', length: 40 })
  hint!: string;

  /** Set for a merchant token. */
  @ManyToOne(() => Merchant, { nullable: true, deleteRule: 'cascade' })
  merchant?: Merchant | null;

  /** Set for a marketplace key. */
  @ManyToOne(() => Marketplace, { nullable: true, deleteRule: 'cascade' })
  marketplace?: Marketplace | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
