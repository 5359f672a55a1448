/**
 * InfluxQL text, escaped (pure, no I/O). Identifiers are always double-quoted and string
 * literals single-quoted, with `\`, the quote and line breaks backslash-escaped — InfluxQL's
 * scanner refuses a raw newline inside quotes.
 */
import { encodeTag } from './line-protocol.js';

function escapeQuoted(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const c of text) {
    if (c === '\\' || c === quote) out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return out;
}

/** A database, retention policy, measurement, tag key or field key. */
export function ident(name: string): string {
  return `"${escapeQuoted(name, '"')}"`;
}

export function str(value: string): string {
  return `'${escapeQuoted(value, "'")}'`;
}

/** `"db"."rp"."measurement"`. */
export function qualified(db: string, rp: string, measurement: string): string {
  return `${ident(db)}.${ident(rp)}.${ident(measurement)}`;
}

/** Compares a tag with a raw value, in the stored (encoded) form line-protocol.ts writes. */
export function tagEquals(key: string, value: string): string {
  return `${ident(key)} = ${str(encodeTag(value))}`;
}

/** `(a = 'x' OR a = 'y')`; false when there are no values. */
export function tagIn(key: string, values: Iterable<string>): string {
  const parts = [...new Set(values)].map((v) => tagEquals(key, v));
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

/** A time literal in epoch ms. */
export function ms(time: number): string {
  if (!Number.isSafeInteger(time)) throw new RangeError(`time ${time} is not integer ms`);
  return `${time}ms`;
}

/** A duration InfluxQL takes for a retention policy (`INF` for none). */
export function duration(days: number | null): string {
  if (days === null) return 'INF';
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`retention of ${days} days`);
  return `${days}d`;
}

export function where(conditions: readonly (string | false | undefined)[]): string {
  const parts = conditions.filter((c): c is string => typeof c === 'string' && c !== '');
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}
