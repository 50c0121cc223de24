// Bulk customers for the read benchmark and the EXPLAIN test: one INSERT … SELECT from
// generate_series, so 1,000,000 rows take seconds, not an hour of upserts.
'use strict';

const GIVEN = ['Olivia', 'Liam', 'Amelia', 'Noah', 'Isla', 'Oliver', 'Mia', 'Jack', 'Ava', 'William', 'Grace', 'Leo', 'Chloe', 'Henry', 'Zoe', 'Lucas', 'Ella', 'Thomas', 'Ruby', 'James'];
const FAMILY = ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson', 'Thompson', 'Nguyen', 'Thomas', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King'];
const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * SQL that adds `count` customers to `merchantId`, numbered from `from`: one in ten an
 * organisation; family names from a list of 20 with a number (`Smith 123`), so that a
 * prefix may be common (`Smi`) or rare (`Smith 123`); one created every 30 s from 2024.
 * Emails are ASCII, so `lower()` is the upsert's normalisation here.
 */
function seedCustomersSql(merchantId, count, from = 1) {
  return `INSERT INTO customers (id, merchant_id, kind, business_key, email_address, email_key, reference_customer_id,
  organisation_name, given_name, family_name, phone_number, is_verified, metadata, version, change_token, created_at, updated_at)
SELECT 'cust_' || substr(md5('${merchantId}' || i), 1, 16), '${merchantId}',
  CASE WHEN i % 10 = 0 THEN 'organisation' ELSE 'consumer' END,
  CASE WHEN i % 10 = 0 THEN 'REF-' || i ELSE 'user' || i || '@example.com' END,
  'User' || i || '@example.com', 'user' || i || '@example.com', 'REF-' || i,
  CASE WHEN i % 10 = 0 THEN 'Org ' || i END,
  CASE WHEN i % 10 <> 0 THEN (${sqlArray(GIVEN)})[1 + (i * 7) % ${GIVEN.length}] END,
  CASE WHEN i % 10 <> 0 THEN (${sqlArray(FAMILY)})[1 + (i / 10) % ${FAMILY.length}] || ' ' || (i % 1000) END,
  '+614' || lpad((i % 100000000)::text, 8, '0'), i % 2 = 0, '{}'::jsonb, 1, md5('${merchantId}' || i)::uuid,
  timestamptz '2024-01-01 00:00:00Z' + i * interval '30 seconds',
  timestamptz '2024-01-01 00:00:00Z' + i * interval '30 seconds' + (i % 997) * interval '1 minute'
FROM generate_series(${from}, ${from + count - 1}) AS i`;
}

module.exports = { seedCustomersSql };
