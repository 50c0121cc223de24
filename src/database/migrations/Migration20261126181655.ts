import { Migration } from '@mikro-orm/migrations';

export class Migration20261126181655 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "marketplaces" ("id" varchar(21) not null, "name" varchar(200) not null, "created_at" timestamptz not null default now(), constraint "marketplaces_pkey" primary key ("id"));`);

    this.addSql(`create table "merchants" ("id" varchar(21) not null, "name" varchar(200) not null, "marketplace_id" varchar(21) null, "created_at" timestamptz not null default now(), constraint "merchants_pkey" primary key ("id"));`);

    this.addSql(`create table "customers" ("merchant_id" varchar(21) not null, "id" varchar(21) not null, "kind" text check ("kind" in ('consumer', 'organisation')) not null, "business_key" text not null, "email_address" varchar(254) null, "reference_customer_id" varchar(128) null, "organisation_name" varchar(200) null, "tax_id" varchar(50) null, "given_name" varchar(100) null, "middle_name" varchar(100) null, "family_name" varchar(100) null, "phone_number" varchar(16) null, "is_verified" boolean null, "metadata" jsonb null, "version" int not null default 1, "change_token" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "customers_pkey" primary key ("merchant_id", "id"));`);
    this.addSql(`create index "customers_listing_index" on "customers" ("merchant_id", "created_at", "id");`);
    this.addSql(`alter table "customers" add constraint "customers_reference_customer_id_unique" unique ("merchant_id", "reference_customer_id");`);
    this.addSql(`alter table "customers" add constraint "customers_business_key_unique" unique ("merchant_id", "kind", "business_key");`);

    this.addSql(`create table "credentials" ("id" varchar(21) not null, "kind" text check ("kind" in ('merchant_token', 'marketplace_key')) not null, "environment" text check ("environment" in ('sandbox', 'live')) not null, "secret_hash" varchar(64) not null, "hint" varchar(40) not null, "merchant_id" varchar(21) null, "marketplace_id" varchar(21) null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, constraint "credentials_pkey" primary key ("id"));`);
    this.addSql(`alter table "credentials" add constraint "credentials_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`alter table "merchants" add constraint "merchants_marketplace_id_foreign" foreign key ("marketplace_id") references "marketplaces" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "customers" add constraint "customers_merchant_id_foreign" foreign key ("merchant_id") references "merchants" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "credentials" add constraint "credentials_merchant_id_foreign" foreign key ("merchant_id") references "merchants" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "credentials" add constraint "credentials_marketplace_id_foreign" foreign key ("marketplace_id") references "marketplaces" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "merchants" drop constraint "merchants_marketplace_id_foreign";`);

    this.addSql(`alter table "credentials" drop constraint "credentials_marketplace_id_foreign";`);

    this.addSql(`alter table "customers" drop constraint "customers_merchant_id_foreign";`);

    this.addSql(`alter table "credentials" drop constraint "credentials_merchant_id_foreign";`);

    this.addSql(`drop table if exists "marketplaces" cascade;`);

    this.addSql(`drop table if exists "merchants" cascade;`);

    this.addSql(`drop table if exists "customers" cascade;`);

    this.addSql(`drop table if exists "credentials" cascade;`);
  }

}
