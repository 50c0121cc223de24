import { Migration } from '@mikro-orm/migrations';

export class Migration20261126184126 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_keys" ("merchant_id" varchar(21) not null, "credential_id" varchar(21) not null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "status_code" int null, "response_body" text null, "locked_until" timestamptz not null, "created_at" timestamptz not null default now(), constraint "idempotency_keys_pkey" primary key ("merchant_id", "credential_id", "key"));`);
    this.addSql(`create index "idempotency_keys_created_at_index" on "idempotency_keys" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);
  }

}
