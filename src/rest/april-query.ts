import { AppError } from '../errors/app-error';
import { sortFieldEnumName } from '../graphql/customer-list.args';

/**
 * April's QueryCustomers parameters and the `customers(...)` argument each one feeds.
 * The shim only changes the form (text to numbers, lists, sort items); every rule on
 * the values lives behind the query.
 */
const PARAMETERS = {
  limit: { argument: 'first', list: false },
  page: { argument: 'page', list: false },
  sort: { argument: 'sort', list: false },
  createdAfter: { argument: 'createdAfter', list: false },
  createdBefore: { argument: 'createdBefore', list: false },
  emailAddress: { argument: 'emailAddresses', list: true },
  customerId: { argument: 'customerIds', list: true },
  merchantId: { argument: 'merchantIds', list: true },
  name: { argument: 'name', list: false },
} as const;

type Parameter = keyof typeof PARAMETERS;

const PARAMETER_OF_ARGUMENT: Record<string, Parameter> = Object.fromEntries(
  (Object.entries(PARAMETERS) as [Parameter, { argument: string }][]).map(([parameter, { argument }]) => [argument, parameter]),
);

/** A GraphQL field problem (`first`, `sort[0].field`) named as the April parameter it came from. */
export function aprilParameterOf(field: string): string {
  const argument = field.split(/[.[]/)[0]!;
  return PARAMETER_OF_ARGUMENT[argument] ?? argument;
}

function refuse(parameter: string, message: string): AppError {
  return new AppError('invalid_request', `${parameter} ${message}`, [{ field: parameter, message }]);
}

function isParameter(name: string): name is Parameter {
  return Object.hasOwn(PARAMETERS, name);
}

/** Digits become a number for an Int argument; anything else goes as text, for the schema to refuse. */
function toInt(value: string): number | string {
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/** `-createdAt,familyName` → `[{ field: CREATED_AT, direction: DESC }, { field: FAMILY_NAME, direction: ASC }]`. */
function toSort(value: string): { field: string; direction: string }[] {
  return value.split(',').map((item) => {
    const descending = item.startsWith('-');
    return { field: sortFieldEnumName(descending ? item.slice(1) : item), direction: descending ? 'DESC' : 'ASC' };
  });
}

/**
 * The query string of GET /customers as `customers(...)` variables. Accepts both
 * `key[]=a&key[]=b` and `key=a&key=b` for list parameters; an unknown parameter, or
 * a single-valued one given twice, is a 400 naming it.
 */
export function toCustomersVariables(search: URLSearchParams): Record<string, unknown> {
  const collected = new Map<Parameter, string[]>();
  for (const [key, value] of search) {
    const name = key.endsWith('[]') ? key.slice(0, -2) : key;
    if (!isParameter(name) || (key !== name && !PARAMETERS[name].list)) throw refuse(key, 'is not a known parameter');
    collected.set(name, [...(collected.get(name) ?? []), value]);
  }
  const variables: Record<string, unknown> = {};
  for (const [name, values] of collected) {
    const { argument, list } = PARAMETERS[name];
    if (!list && values.length > 1) throw refuse(name, 'must be given once');
    const value = values[0]!;
    variables[argument] = list ? values : name === 'limit' || name === 'page' ? toInt(value) : name === 'sort' ? toSort(value) : value;
  }
  return variables;
}

/** RFC 8288 links to the neighbouring pages, as references relative to this one. */
export function pageLinks(path: string, search: URLSearchParams, page: number, hasNextPage: boolean): string | undefined {
  const link = (to: number, rel: string) => {
    const params = new URLSearchParams(search);
    params.set('page', String(to));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [...(hasNextPage ? [link(page + 1, 'next')] : []), ...(page > 1 ? [link(page - 1, 'prev')] : [])];
  return links.length > 0 ? links.join(', ') : undefined;
}
