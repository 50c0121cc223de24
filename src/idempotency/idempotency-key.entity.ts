import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One Idempotency-Key, scoped to the credential and the merchant it acted for. While
 * `status_code` is null the first request is still running; `locked_until` lets a
 * crashed instance's claim lapse instead of blocking the key forever.
 */
@Entity({ tableName: 'idempotency_keys' })
@Index({ name: 'idempotency_keys_created_at_index', properties: ['createdAt'] })
export class IdempotencyKeyRow {
  @PrimaryKey({ type: 'string', length: 21 })
  merchantId!: string;

  @PrimaryKey({ type: 'string', length: 21 })
  credentialId!: string;

  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Property({ type: 'text', nullable: true })
  responseBody?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lockedUntil!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
