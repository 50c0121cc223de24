import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { quoteIdentifier } from './entity-metadata';
import type { SqlStatement } from '../database/sql-runner';
import { columnOf, isJsonColumn, type CustomerProperty } from './customer-metadata';
import { UPSERT_FIELDS } from './upsert-fields';
import { compileUpsert, STORED } from './upsert-merge';

/**
 * The statement's parameters, in order ($1 …): the request's key and id, the fields,
 * then the presence mask, the change token and email_key (the email as lookups compare
 * it, derived by the caller with the business key's normalisation).
 */
export const SINGLE_PARAMETERS = ['id', 'merchantId', 'kind', 'businessKey', ...UPSERT_FIELDS, 'presence', 'changeToken', 'emailKey'] as const;

export type SingleParameter = (typeof SINGLE_PARAMETERS)[number];

function placeholder(parameter: SingleParameter): string {
  return `$${SINGLE_PARAMETERS.indexOf(parameter) + 1}`;
}

function insertedValues(): Partial<Record<CustomerProperty, RawQueryFragment>> {
  const values: Partial<Record<CustomerProperty, RawQueryFragment>> = {
    id: raw(placeholder('id')),
    merchant: raw(placeholder('merchantId')),
    kind: raw(placeholder('kind')),
    businessKey: raw(placeholder('businessKey')),
    emailKey: raw(placeholder('emailKey')),
    version: raw('1'),
    changeToken: raw(placeholder('changeToken')),
    createdAt: raw('now()'),
    updatedAt: raw('now()'),
  };
  // metadata travels as JSON text (upsert-parameters.ts).
  for (const field of UPSERT_FIELDS) values[field] = raw(`${placeholder(field)}${isJsonColumn(field) ? '::jsonb' : ''}`);
  return values;
}

/**
 * One statement decides insert or update under the unique key's lock, so concurrent
 * upserts of one key from any number of instances end with one row and no error. It is
 * built with MikroORM's QueryBuilder from the entity's metadata and compiled once, when
 * this module loads: requests only send its name and parameters.
 */
function buildUpsertStatement(): SqlStatement {
  const mask = placeholder('presence');
  const sent = (bit: number) => `${mask}::int & ${bit} <> 0`;
  return compileUpsert('upsert_customer_v1', insertedValues(), sent, [
    `(${STORED}.xmax = 0) AS "inserted"`,
    `(${STORED}.${quoteIdentifier(columnOf('changeToken'))} = ${placeholder('changeToken')}) AS "changed"`,
  ]);
}

export const UPSERT_CUSTOMER_STATEMENT: SqlStatement = buildUpsertStatement();
