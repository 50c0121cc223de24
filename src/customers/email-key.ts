/**
 * The one normalisation of an email address for comparison, shared by the upsert's
 * business key and every lookup by email: trimmed, ASCII letters lower-cased, nothing else.
 *
 * Why only ASCII: the field rule accepts only ASCII addresses, so every stored address
 * is ASCII and this is exactly `lower()` on it. Full Unicode case mapping would let a
 * lookup find what the upsert refuses: JavaScript and PostgreSQL map the Kelvin sign
 * (U+212A) to `k` and `İ` (U+0130) to `i̇`, so `KATE@x.com` written with a Kelvin sign
 * would find `kate@x.com` though its upsert is a 422. Here it stays distinct and finds nothing.
 */
export function emailKey(address: string): string {
  return address.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
