import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { quoteIdentifier } from './entity-metadata';
import type { SqlStatement } from '../database/sql-runner';
import { columnOf, isJsonColumn } from './customer-entity-table';
import type { CustomerProperty } from './customer-table-shape';
import { SINGLE_PARAMETERS, UPSERT_FIELDS, type SingleParameter } from './upsert-fields';
import { compileUpsert, STORED } from './upsert-merge';

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
 * built with MikroORM's QueryBuilder from the entity's metadata and compiled once, at build
 * time (customer-statements.ts): requests only send its name and parameters.
 */
export function compileUpsertCustomerStatement(): SqlStatement {
  const mask = placeholder('presence');
  const sent = (bit: number) => `${mask}::int & ${bit} <> 0`;
  return compileUpsert('upsert_customer_v1', insertedValues(), sent, [
    `(${STORED}.xmax = 0) AS "inserted"`,
    `(${STORED}.${quoteIdentifier(columnOf('changeToken'))} = ${placeholder('changeToken')}) AS "changed"`,
  ]);
}

