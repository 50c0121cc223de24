import { Migration } from '@mikro-orm/migrations';

/** Listing: email_key (emails as the upsert normalises them) and an index, leading with merchant_id, per filter and sort key. */
export class Migration20261128011903 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "customers_email_lookup_index";`);

    this.addSql(`alter table "customers" add column "email_key" text null;`);
    // Existing rows: a consumer's key is its business key; an organisation's email was
    // stored only if it passed the ASCII-only address rule, where lower() is the same
    // normalisation as the upsert's.
    this.addSql(`update "customers" set "email_key" = case when "kind" = 'consumer' then "business_key" else lower("email_address") end where "email_address" is not null;`);
    this.addSql(`create index "customers_organisation_name_index" on "customers" ("merchant_id", (lower(coalesce("organisation_name", '')) collate "C"), "id");`);
    this.addSql(`create index "customers_family_name_index" on "customers" ("merchant_id", (lower(coalesce("family_name", '')) collate "C"), "id");`);
    this.addSql(`create index "customers_given_name_index" on "customers" ("merchant_id", (lower(coalesce("given_name", '')) collate "C"), "id");`);
    this.addSql(`create index "customers_email_key_index" on "customers" ("merchant_id", (coalesce("email_key", '') collate "C"), "id");`);
    this.addSql(`create index "customers_updated_index" on "customers" ("merchant_id", "updated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "customers_organisation_name_index";`);
    this.addSql(`drop index "customers_family_name_index";`);
    this.addSql(`drop index "customers_given_name_index";`);
    this.addSql(`drop index "customers_email_key_index";`);
    this.addSql(`drop index "customers_updated_index";`);
    this.addSql(`alter table "customers" drop column "email_key";`);

    this.addSql(`CREATE INDEX customers_email_lookup_index ON public.customers USING btree (merchant_id, lower((email_address)::text));`);
  }

}
