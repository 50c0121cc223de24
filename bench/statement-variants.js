// The forms of the single-row upsert statement that statement.bench.js measures against
// each other. The first, "built", is the statement the service runs; each other one is
// that text with one thing done another way, or a table setting changed. A rewrite that
// finds nothing to rewrite throws, so a variant never silently measures the built form.
'use strict';
require('reflect-metadata');
const { UPSERT_CUSTOMER_STATEMENT } = require('../dist/src/customers/customer-statements.generated');
const { UPSERT_COLUMNS } = require('../dist/src/customers/upsert-parameters');
const { SINGLE_PARAMETERS } = require('../dist/src/customers/upsert-fields');

const BUILT = UPSERT_CUSTOMER_STATEMENT.text;
const MASK = `$${SINGLE_PARAMETERS.indexOf('presence') + 1}::int`;

function rewrite(text, pattern, replacement, what) {
  if (text.search(pattern) < 0) throw new Error(`statement variant: found no ${what} to rewrite`);
  return text.replace(pattern, replacement);
}

// --- the "changed" test -------------------------------------------------------------------

/** The SET of version, change_token and updated_at, each with its own copy of the test (`changed`). */
const BOOKKEEPING_THRICE =
  /"version" = c\."version" \+ CASE WHEN (.+?) THEN 1 ELSE 0 END,"change_token" = CASE WHEN \1 THEN excluded\."change_token" ELSE c\."change_token" END,"updated_at" = CASE WHEN \1 THEN now\(\) ELSE c\."updated_at" END/;
/** The same, as the multi-column sub-select form (the test once). */
const BOOKKEEPING_ONCE = /\("version", "change_token", "updated_at"\) = \(SELECT .+? FROM \(SELECT (.+?) AS "changed" OFFSET 0\) AS "t"\)/;

const bookkeepingOnce = (changed) =>
  `("version", "change_token", "updated_at") = (SELECT c."version" + "changed"::int, CASE WHEN "changed" THEN excluded."change_token" ELSE c."change_token" END, ` +
  `CASE WHEN "changed" THEN now() ELSE c."updated_at" END FROM (SELECT ${changed} AS "changed" OFFSET 0) AS "t")`;
const bookkeepingThrice = (changed) =>
  `"version" = c."version" + CASE WHEN ${changed} THEN 1 ELSE 0 END,"change_token" = CASE WHEN ${changed} THEN excluded."change_token" ELSE c."change_token" END,` +
  `"updated_at" = CASE WHEN ${changed} THEN now() ELSE c."updated_at" END`;

/** The test written per field: a sent field whose value differs from the stored one. */
const changedPerField = () =>
  `(${UPSERT_COLUMNS.map((column, bit) => `(${MASK} & ${1 << bit} <> 0 AND excluded."${column}" IS DISTINCT FROM c."${column}")`).join(' OR ')})`;
/** The test as one row comparison: the merged row against the stored row. */
const changedRow = () =>
  `(${UPSERT_COLUMNS.map((column, bit) => `CASE WHEN ${MASK} & ${1 << bit} <> 0 THEN excluded."${column}" ELSE c."${column}" END`).join(', ')}) IS DISTINCT FROM (${UPSERT_COLUMNS.map((column) => `c."${column}"`).join(', ')})`;

function withBookkeeping(text, times, changed) {
  const build = times === 'once' ? bookkeepingOnce : bookkeepingThrice;
  if (BOOKKEEPING_THRICE.test(text)) return text.replace(BOOKKEEPING_THRICE, () => build(changed));
  return rewrite(text, BOOKKEEPING_ONCE, () => build(changed), 'version/change_token/updated_at SET');
}

// --- the returned timestamps ----------------------------------------------------------------

const TIMESTAMP_RETURNED =
  /(?:to_char\(c\."(created_at|updated_at)" AT TIME ZONE 'UTC', '[^']+'\)|\(c\."(created_at|updated_at)" AT TIME ZONE 'UTC'\)::text|c\."(created_at|updated_at)"(?=::text AS| AS "(?:createdAt|updatedAt)"))(?:::text)? AS "(createdAt|updatedAt)"/g;

function withTimestamps(text, form) {
  const expression = (column) =>
    form === 'to_char'
      ? `to_char(c."${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : form === 'utc-text'
        ? `(c."${column}" AT TIME ZONE 'UTC')::text`
        : `c."${column}"`;
  return rewrite(text, TIMESTAMP_RETURNED, (_m, a, b, c, field) => `${expression(a ?? b ?? c)} AS "${field}"`, 'returned timestamp');
}

const STATEMENT_VARIANTS = [
  { name: 'built', text: BUILT, about: 'the statement the service runs' },
  { name: 'changed-thrice-row', text: withBookkeeping(BUILT, 'thrice', changedRow()), about: 'the test three times, as one row comparison of CASEs' },
  { name: 'changed-once-row', text: withBookkeeping(BUILT, 'once', changedRow()), about: 'the test once (multi-column sub-select), as a row comparison' },
  { name: 'changed-thrice-field', text: withBookkeeping(BUILT, 'thrice', changedPerField()), about: 'the test three times, per field (sent AND distinct, OR)' },
  { name: 'changed-once-field', text: withBookkeeping(BUILT, 'once', changedPerField()), about: 'the test once, per field' },
  { name: 'ts-to_char', text: withTimestamps(BUILT, 'to_char'), about: "timestamps as to_char(… AT TIME ZONE 'UTC', RFC 3339)" },
  { name: 'ts-utc-text', text: withTimestamps(BUILT, 'utc-text'), about: "timestamps as (… AT TIME ZONE 'UTC')::text, formatted in Node" },
  { name: 'ts-raw', text: withTimestamps(BUILT, 'raw'), about: 'timestamps as timestamptz (session time zone), parsed in Node' },
  {
    name: 'no-marketplace',
    text: rewrite(BUILT, /, \(SELECT m\.marketplace_id FROM merchants m WHERE m\.id = c\."merchant_id"\) AS "marketplaceId"/, '', 'marketplace sub-select'),
    about: 'not adoptable: without the marketplaceId sub-select, to price it',
  },
  { name: 'fillfactor-80', text: BUILT, fillfactor: 80, about: 'built, on a table with fillfactor 80' },
  { name: 'fillfactor-50', text: BUILT, fillfactor: 50, about: 'built, on a table with fillfactor 50' },
  {
    name: 'no-given-name-index',
    text: BUILT,
    dropIndexes: ['customers_given_name_index'],
    about: 'not adoptable (the name filter reads it): the price of one index',
  },
];

module.exports = { STATEMENT_VARIANTS };
