// Written by `npm run statements:write` from CustomerRow's MikroORM metadata and the statement
// builders (customer-statements.ts). Do not edit: test/unit/upsert-statements.test.ts compiles
// them again and fails when this file differs.
import type { SqlStatement } from '../database/sql-runner';
import type { TableShape } from './customer-table-shape';

/** The customers table as MikroORM discovered it from the entity. */
export const CUSTOMER_TABLE_SHAPE: TableShape = {
  "tableName": "customers",
  "properties": {
    "merchant": {
      "column": "merchant_id",
      "columnType": "varchar(21)",
      "length": 21
    },
    "id": {
      "column": "id",
      "columnType": "varchar(21)",
      "length": 21
    },
    "kind": {
      "column": "kind",
      "columnType": "text"
    },
    "businessKey": {
      "column": "business_key",
      "columnType": "text"
    },
    "emailAddress": {
      "column": "email_address",
      "columnType": "varchar(254)",
      "length": 254
    },
    "emailKey": {
      "column": "email_key",
      "columnType": "text"
    },
    "referenceCustomerId": {
      "column": "reference_customer_id",
      "columnType": "varchar(128)",
      "length": 128
    },
    "organisationName": {
      "column": "organisation_name",
      "columnType": "varchar(200)",
      "length": 200
    },
    "taxId": {
      "column": "tax_id",
      "columnType": "varchar(50)",
      "length": 50
    },
    "givenName": {
      "column": "given_name",
      "columnType": "varchar(100)",
      "length": 100
    },
    "middleName": {
      "column": "middle_name",
      "columnType": "varchar(100)",
      "length": 100
    },
    "familyName": {
      "column": "family_name",
      "columnType": "varchar(100)",
      "length": 100
    },
    "phoneNumber": {
      "column": "phone_number",
      "columnType": "varchar(16)",
      "length": 16
    },
    "isVerified": {
      "column": "is_verified",
      "columnType": "boolean"
    },
    "metadata": {
      "column": "metadata",
      "columnType": "jsonb"
    },
    "version": {
      "column": "version",
      "columnType": "int"
    },
    "changeToken": {
      "column": "change_token",
      "columnType": "uuid"
    },
    "upsertPresence": {
      "column": "upsert_presence",
      "columnType": "int"
    },
    "createdAt": {
      "column": "created_at",
      "columnType": "timestamptz"
    },
    "updatedAt": {
      "column": "updated_at",
      "columnType": "timestamptz"
    }
  }
};

/** The customer's columns as every read and upsert returns them, from the table aliased `c`. */
export const CUSTOMER_SELECT_LIST = "c.\"id\" AS \"customerId\", c.\"merchant_id\" AS \"merchantId\", c.\"kind\" AS \"kind\", c.\"email_address\" AS \"emailAddress\", c.\"reference_customer_id\" AS \"referenceCustomerId\", c.\"organisation_name\" AS \"organisationName\", c.\"tax_id\" AS \"taxId\", c.\"given_name\" AS \"givenName\", c.\"middle_name\" AS \"middleName\", c.\"family_name\" AS \"familyName\", c.\"phone_number\" AS \"phoneNumber\", c.\"is_verified\" AS \"isVerified\", c.\"metadata\" AS \"metadata\", c.\"version\" AS \"version\", to_char(c.\"created_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"createdAt\", to_char(c.\"updated_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"updatedAt\", (SELECT m.marketplace_id FROM merchants m WHERE m.id = c.\"merchant_id\") AS \"marketplaceId\"";

/** The single-row upsert (upsert-customer.sql.ts). */
export const UPSERT_CUSTOMER_STATEMENT: SqlStatement = {
  "name": "upsert_customer_v1",
  "text": "insert into \"customers\" as \"c\" (\"business_key\", \"change_token\", \"created_at\", \"email_address\", \"email_key\", \"family_name\", \"given_name\", \"id\", \"is_verified\", \"kind\", \"merchant_id\", \"metadata\", \"middle_name\", \"organisation_name\", \"phone_number\", \"reference_customer_id\", \"tax_id\", \"updated_at\", \"version\") values ($4, $16, now(), $5, $17, $11, $9, $1, $13, $3, $2, $14::jsonb, $10, $7, $12, $6, $8, now(), 1) on conflict (\"merchant_id\", \"kind\", \"business_key\") do update set \"email_address\" = CASE WHEN $15::int & 1 <> 0 THEN excluded.\"email_address\" ELSE c.\"email_address\" END,\"reference_customer_id\" = CASE WHEN $15::int & 2 <> 0 THEN excluded.\"reference_customer_id\" ELSE c.\"reference_customer_id\" END,\"organisation_name\" = CASE WHEN $15::int & 4 <> 0 THEN excluded.\"organisation_name\" ELSE c.\"organisation_name\" END,\"tax_id\" = CASE WHEN $15::int & 8 <> 0 THEN excluded.\"tax_id\" ELSE c.\"tax_id\" END,\"given_name\" = CASE WHEN $15::int & 16 <> 0 THEN excluded.\"given_name\" ELSE c.\"given_name\" END,\"middle_name\" = CASE WHEN $15::int & 32 <> 0 THEN excluded.\"middle_name\" ELSE c.\"middle_name\" END,\"family_name\" = CASE WHEN $15::int & 64 <> 0 THEN excluded.\"family_name\" ELSE c.\"family_name\" END,\"phone_number\" = CASE WHEN $15::int & 128 <> 0 THEN excluded.\"phone_number\" ELSE c.\"phone_number\" END,\"is_verified\" = CASE WHEN $15::int & 256 <> 0 THEN excluded.\"is_verified\" ELSE c.\"is_verified\" END,\"metadata\" = CASE WHEN $15::int & 512 <> 0 THEN excluded.\"metadata\" ELSE c.\"metadata\" END,\"email_key\" = CASE WHEN $15::int & 1 <> 0 THEN excluded.\"email_key\" ELSE c.\"email_key\" END,(\"version\", \"change_token\", \"updated_at\") = (SELECT c.\"version\" + \"changed\"::int, CASE WHEN \"changed\" THEN excluded.\"change_token\" ELSE c.\"change_token\" END, CASE WHEN \"changed\" THEN now() ELSE c.\"updated_at\" END FROM (SELECT (($15::int & 1 <> 0 AND excluded.\"email_address\" IS DISTINCT FROM c.\"email_address\") OR ($15::int & 2 <> 0 AND excluded.\"reference_customer_id\" IS DISTINCT FROM c.\"reference_customer_id\") OR ($15::int & 4 <> 0 AND excluded.\"organisation_name\" IS DISTINCT FROM c.\"organisation_name\") OR ($15::int & 8 <> 0 AND excluded.\"tax_id\" IS DISTINCT FROM c.\"tax_id\") OR ($15::int & 16 <> 0 AND excluded.\"given_name\" IS DISTINCT FROM c.\"given_name\") OR ($15::int & 32 <> 0 AND excluded.\"middle_name\" IS DISTINCT FROM c.\"middle_name\") OR ($15::int & 64 <> 0 AND excluded.\"family_name\" IS DISTINCT FROM c.\"family_name\") OR ($15::int & 128 <> 0 AND excluded.\"phone_number\" IS DISTINCT FROM c.\"phone_number\") OR ($15::int & 256 <> 0 AND excluded.\"is_verified\" IS DISTINCT FROM c.\"is_verified\") OR ($15::int & 512 <> 0 AND excluded.\"metadata\" IS DISTINCT FROM c.\"metadata\")) AS \"changed\" OFFSET 0) AS \"t\") returning c.\"id\" AS \"customerId\", c.\"merchant_id\" AS \"merchantId\", c.\"kind\" AS \"kind\", c.\"email_address\" AS \"emailAddress\", c.\"reference_customer_id\" AS \"referenceCustomerId\", c.\"organisation_name\" AS \"organisationName\", c.\"tax_id\" AS \"taxId\", c.\"given_name\" AS \"givenName\", c.\"middle_name\" AS \"middleName\", c.\"family_name\" AS \"familyName\", c.\"phone_number\" AS \"phoneNumber\", c.\"is_verified\" AS \"isVerified\", c.\"metadata\" AS \"metadata\", c.\"version\" AS \"version\", to_char(c.\"created_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"createdAt\", to_char(c.\"updated_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"updatedAt\", (SELECT m.marketplace_id FROM merchants m WHERE m.id = c.\"merchant_id\") AS \"marketplaceId\", (c.xmax = 0) AS \"inserted\", (c.\"change_token\" = $16) AS \"changed\""
};

/** The batch upsert (upsert-batch.sql.ts). */
export const UPSERT_BATCH_STATEMENT: SqlStatement = {
  "name": "upsert_customers_batch_v1",
  "text": "insert into \"customers\" as \"c\" (\"business_key\", \"change_token\", \"created_at\", \"email_address\", \"email_key\", \"family_name\", \"given_name\", \"id\", \"is_verified\", \"kind\", \"merchant_id\", \"metadata\", \"middle_name\", \"organisation_name\", \"phone_number\", \"reference_customer_id\", \"tax_id\", \"updated_at\", \"upsert_presence\", \"version\") SELECT r.\"business_key\", r.\"change_token\", now(), r.\"email_address\", r.\"email_key\", r.\"family_name\", r.\"given_name\", r.\"id\", r.\"is_verified\", r.\"kind\", r.\"merchant_id\", r.\"metadata\", r.\"middle_name\", r.\"organisation_name\", r.\"phone_number\", r.\"reference_customer_id\", r.\"tax_id\", now(), r.\"upsert_presence\", 1 FROM jsonb_populate_recordset(NULL::\"customers\", $1::jsonb) AS r on conflict (\"merchant_id\", \"kind\", \"business_key\") do update set \"email_address\" = CASE WHEN excluded.\"upsert_presence\" & 1 <> 0 THEN excluded.\"email_address\" ELSE c.\"email_address\" END,\"reference_customer_id\" = CASE WHEN excluded.\"upsert_presence\" & 2 <> 0 THEN excluded.\"reference_customer_id\" ELSE c.\"reference_customer_id\" END,\"organisation_name\" = CASE WHEN excluded.\"upsert_presence\" & 4 <> 0 THEN excluded.\"organisation_name\" ELSE c.\"organisation_name\" END,\"tax_id\" = CASE WHEN excluded.\"upsert_presence\" & 8 <> 0 THEN excluded.\"tax_id\" ELSE c.\"tax_id\" END,\"given_name\" = CASE WHEN excluded.\"upsert_presence\" & 16 <> 0 THEN excluded.\"given_name\" ELSE c.\"given_name\" END,\"middle_name\" = CASE WHEN excluded.\"upsert_presence\" & 32 <> 0 THEN excluded.\"middle_name\" ELSE c.\"middle_name\" END,\"family_name\" = CASE WHEN excluded.\"upsert_presence\" & 64 <> 0 THEN excluded.\"family_name\" ELSE c.\"family_name\" END,\"phone_number\" = CASE WHEN excluded.\"upsert_presence\" & 128 <> 0 THEN excluded.\"phone_number\" ELSE c.\"phone_number\" END,\"is_verified\" = CASE WHEN excluded.\"upsert_presence\" & 256 <> 0 THEN excluded.\"is_verified\" ELSE c.\"is_verified\" END,\"metadata\" = CASE WHEN excluded.\"upsert_presence\" & 512 <> 0 THEN excluded.\"metadata\" ELSE c.\"metadata\" END,\"email_key\" = CASE WHEN excluded.\"upsert_presence\" & 1 <> 0 THEN excluded.\"email_key\" ELSE c.\"email_key\" END,(\"version\", \"change_token\", \"updated_at\") = (SELECT c.\"version\" + \"changed\"::int, CASE WHEN \"changed\" THEN excluded.\"change_token\" ELSE c.\"change_token\" END, CASE WHEN \"changed\" THEN now() ELSE c.\"updated_at\" END FROM (SELECT ((excluded.\"upsert_presence\" & 1 <> 0 AND excluded.\"email_address\" IS DISTINCT FROM c.\"email_address\") OR (excluded.\"upsert_presence\" & 2 <> 0 AND excluded.\"reference_customer_id\" IS DISTINCT FROM c.\"reference_customer_id\") OR (excluded.\"upsert_presence\" & 4 <> 0 AND excluded.\"organisation_name\" IS DISTINCT FROM c.\"organisation_name\") OR (excluded.\"upsert_presence\" & 8 <> 0 AND excluded.\"tax_id\" IS DISTINCT FROM c.\"tax_id\") OR (excluded.\"upsert_presence\" & 16 <> 0 AND excluded.\"given_name\" IS DISTINCT FROM c.\"given_name\") OR (excluded.\"upsert_presence\" & 32 <> 0 AND excluded.\"middle_name\" IS DISTINCT FROM c.\"middle_name\") OR (excluded.\"upsert_presence\" & 64 <> 0 AND excluded.\"family_name\" IS DISTINCT FROM c.\"family_name\") OR (excluded.\"upsert_presence\" & 128 <> 0 AND excluded.\"phone_number\" IS DISTINCT FROM c.\"phone_number\") OR (excluded.\"upsert_presence\" & 256 <> 0 AND excluded.\"is_verified\" IS DISTINCT FROM c.\"is_verified\") OR (excluded.\"upsert_presence\" & 512 <> 0 AND excluded.\"metadata\" IS DISTINCT FROM c.\"metadata\")) AS \"changed\" OFFSET 0) AS \"t\") returning c.\"id\" AS \"customerId\", c.\"merchant_id\" AS \"merchantId\", c.\"kind\" AS \"kind\", c.\"email_address\" AS \"emailAddress\", c.\"reference_customer_id\" AS \"referenceCustomerId\", c.\"organisation_name\" AS \"organisationName\", c.\"tax_id\" AS \"taxId\", c.\"given_name\" AS \"givenName\", c.\"middle_name\" AS \"middleName\", c.\"family_name\" AS \"familyName\", c.\"phone_number\" AS \"phoneNumber\", c.\"is_verified\" AS \"isVerified\", c.\"metadata\" AS \"metadata\", c.\"version\" AS \"version\", to_char(c.\"created_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"createdAt\", to_char(c.\"updated_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS \"updatedAt\", (SELECT m.marketplace_id FROM merchants m WHERE m.id = c.\"merchant_id\") AS \"marketplaceId\", c.\"business_key\" AS \"businessKey\", c.\"change_token\"::text AS \"changeToken\", (c.xmax = 0) AS \"inserted\""
};
