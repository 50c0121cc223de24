/**
 * RFC 3339 date-times to whole microseconds since the epoch, as PostgreSQL stores
 * timestamps. Converted here rather than by PostgreSQL's parser, which refuses some
 * valid RFC 3339 offsets (past ±15:59) with an error instead of a value.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant in microseconds, or null when `value` is not an RFC 3339 date-time
 * of a real calendar day. Digits past the microsecond round up (`ceil`) or down, so
 * that an inclusive bound never takes in a stored instant it excludes.
 */
export function rfc3339ToMicros(value: string, round: 'floor' | 'ceil' = 'floor'): bigint | null {
  const match = RFC3339.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [fraction = '', sign, offsetHours, offsetMinutes] = match.slice(7);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return null;
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return null; // 30 February and the like
  // A leap second (:60) counts as the first instant of the next minute, as PostgreSQL reads it.
  date.setUTCHours(hour, minute, second, 0);
  const offset = offsetHours === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const wholeMicros = BigInt(date.getTime() - offset * 60_000) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
  const rest = fraction.slice(6);
  return round === 'ceil' && /[1-9]/.test(rest) ? wholeMicros + 1n : wholeMicros;
}
