/**
 * "Stored exactly as sent" (contract section 2): JSON text whose value JavaScript
 * would silently change is refused instead. JSON.parse maps `1e400` to Infinity (then
 * null), rounds `18446744073709551617`, turns `-0` and `1e-400` into 0, and keeps the
 * last of two equal keys. This module finds such text before anything is stored.
 */

export interface InexactJson {
  /** Dotted path from the top of the document, e.g. `UpsertConsumerCustomer.metadata.total`. */
  readonly path: string;
  readonly problem: 'inexact_number' | 'duplicate_key';
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A number literal as sign, significant digits and exponent: equal values compare equal. */
function canonicalDecimal(literal: string): string | null {
  const match = NUMBER.exec(literal);
  if (!match) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = (whole! + fraction).replace(/^0+/, '');
  let scale = Number(exponent) - fraction.length;
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return digits === '' ? '0' : `${sign}${digits}e${scale}`;
}

/**
 * Whether a JSON number literal survives JSON.parse and JSON.stringify with its value
 * intact: finite, not negative zero, not rounded, and, when written as an integer,
 * within ±(2^53 − 1) where every integer is exact (I-JSON, RFC 7493).
 */
export function isExactJsonNumber(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isFinite(value) || Object.is(value, -0)) return false;
  if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(value)) return false;
  const sent = canonicalDecimal(literal);
  return sent !== null && sent === canonicalDecimal(String(value).replace('e+', 'e'));
}

interface Frame {
  readonly keys: Set<string> | null; // null for an array
  name: string;
  index: number;
}

function pathOf(stack: readonly Frame[]): string {
  return stack.map((frame) => frame.name).filter((name) => name !== '').join('.');
}

/**
 * The first place where `text` (already known to be well-formed JSON) holds a number
 * that would not survive exactly, or an object key written twice. One pass, no parse.
 */
export function findInexactJson(text: string): InexactJson | null {
  const stack: Frame[] = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (code === 0x22) {
      // A string: find its end, skipping escapes.
      let end = i + 1;
      let escaped = false;
      for (let c = text.charCodeAt(end); c !== 0x22; c = text.charCodeAt(end)) {
        if (c === 0x5c) {
          escaped = true;
          end += 2;
        } else end++;
      }
      if (expectingKey && top?.keys) {
        // Only a key with an escape needs decoding to compare: most have none.
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.keys.has(key)) return { path: pathOf([...stack.slice(0, -1), { ...top, name: key }]), problem: 'duplicate_key' };
        top.keys.add(key);
        top.name = key;
        expectingKey = false;
      }
      i = end;
    } else if (code === 0x7b || code === 0x5b) {
      if (top && !top.keys) top.name = String(top.index);
      stack.push({ keys: code === 0x7b ? new Set() : null, name: '', index: 0 });
      expectingKey = code === 0x7b;
    } else if (code === 0x7d || code === 0x5d) {
      stack.pop();
    } else if (code === 0x2c) {
      if (top?.keys) expectingKey = true;
      else if (top) top.index++;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      let end = i + 1;
      let digitsOnly = code !== 0x2d;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (c >= 0x30 && c <= 0x39) continue;
        if (c !== 0x2e && c !== 0x65 && c !== 0x45 && c !== 0x2b && c !== 0x2d) break;
        digitsOnly = false;
      }
      // A non-negative integer of at most 15 digits is exact: the one check most numbers need.
      if (!(digitsOnly && end - i <= 15) && !isExactJsonNumber(text.slice(i, end))) {
        if (top && !top.keys) top.name = String(top.index);
        return { path: pathOf(stack), problem: 'inexact_number' };
      }
      i = end - 1;
    }
  }
  return null;
}
