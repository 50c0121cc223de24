import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, Unique } from '@mikro-orm/core';
import { Merchant } from '../tenancy/merchant.entity';
import type { CustomerKind } from './customer';

/**
 * The customers table. It defines the schema (and so the migrations); the request
 * path writes it with one hand-built statement (upsert-customer.sql.ts), not through
 * the unit of work.
 *
 * Every key leads with merchant_id so the table can be distributed by merchant (Citus).
 * business_key is the normalised key of the kind: lower(trim(email)) for a consumer,
 * trim(referenceCustomerId) for an organisation.
 */
@Entity({ tableName: 'customers' })
@Unique({ name: 'customers_business_key_unique', properties: ['merchant', 'kind', 'businessKey'] })
@Unique({ name: 'customers_reference_customer_id_unique', properties: ['merchant', 'referenceCustomerId'] })
// Listing (customer-list.sql.ts): every filter and sort key has an index that leads
// with merchant_id. Text keys compare in code-point order (COLLATE "C"), which makes a
// case-insensitive prefix an index range; absent values sort as ''. The text-key indexes
// include their column and created_at, so that a deep page or a second sort key on
// createdAt reads the keys from the index alone (Migration20261204030000).
@Index({ name: 'customers_listing_index', properties: ['merchant', 'createdAt', 'id'] })
@Index({ name: 'customers_updated_index', properties: ['merchant', 'updatedAt', 'id'] })
@Index({
  name: 'customers_email_key_index',
  expression: `create index "customers_email_key_index" on "customers" ("merchant_id", (coalesce("email_key", '') collate "C"), "id") include ("email_key", "created_at")`,
})
@Index({
  name: 'customers_given_name_index',
  expression: `create index "customers_given_name_index" on "customers" ("merchant_id", (lower(coalesce("given_name", '')) collate "C"), "id") include ("given_name", "created_at")`,
})
@Index({
  name: 'customers_family_name_index',
  expression: `create index "customers_family_name_index" on "customers" ("merchant_id", (lower(coalesce("family_name", '')) collate "C"), "id") include ("family_name", "created_at")`,
})
@Index({
  name: 'customers_organisation_name_index',
  expression: `create index "customers_organisation_name_index" on "customers" ("merchant_id", (lower(coalesce("organisation_name", '')) collate "C"), "id") include ("organisation_name", "created_at")`,
})
export class CustomerRow {
  [PrimaryKeyProp]?: ['merchant', 'id'];
  [OptionalProps]?: 'version' | 'upsertPresence' | 'createdAt' | 'updatedAt';

  @ManyToOne(() => Merchant, { primary: true, deleteRule: 'cascade' })
  merchant!: Merchant;

  @PrimaryKey({ type: 'string', length: 21 })
  id!: string;

  @Enum({ items: ['consumer', 'organisation'] })
  kind!: CustomerKind;

  @Property({ type: 'text' })
  businessKey!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  emailAddress?: string | null;

  /**
   * The email as lookups compare it, normalised by the upsert's own function
   * (businessKeyOf): for a consumer it equals business_key; organisations have one too.
   */
  @Property({ type: 'text', nullable: true })
  emailKey?: string | null;

  @Property({ type: 'string', length: 128, nullable: true })
  referenceCustomerId?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  organisationName?: string | null;

  @Property({ type: 'string', length: 50, nullable: true })
  taxId?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  givenName?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  middleName?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  familyName?: string | null;

  @Property({ type: 'string', length: 16, nullable: true })
  phoneNumber?: string | null;

  @Property({ type: 'boolean', nullable: true })
  isVerified?: boolean | null;

  @Property({ type: 'json', nullable: true })
  metadata?: Record<string, unknown> | null;

  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  /** Random token of the last upsert that changed the row: tells UPDATED from UNCHANGED exactly. */
  @Property({ type: 'uuid' })
  changeToken!: string;

  /**
   * Not data: it carries the batched upsert's per-row presence mask into ON CONFLICT …
   * DO UPDATE, whose excluded.* sees table columns only (upsert-batch.sql.ts). Its stored
   * value means nothing and nothing reads it.
   */
  @Property({ type: 'integer', default: 0 })
  upsertPresence: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
