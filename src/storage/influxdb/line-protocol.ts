/**
 * Line protocol, written by hand and escaped for InfluxDB 1.x's parser (pure, no I/O).
 *
 * - measurement: `,` and space are backslash-escaped;
 * - tag keys, tag values and field keys: `,`, `=` and space are backslash-escaped;
 * - string field values: double-quoted, `"` and `\` backslash-escaped (newlines are kept);
 * - tag values: 1.x never unescapes `\\` in a tag (a value ending in `\` cannot be written at all)
 *   and a tag cannot hold a newline, so `%`, `\`, CR, LF and TAB are percent-encoded first
 *   (`encodeTag`/`decodeTag`); anything else — entity ids, area names — stays readable.
 */
import type { FieldValue } from '../types.js';

const TAG_ENCODE = /[%\\\r\n\t]/g;
const TAG_DECODE = /%(25|5C|0D|0A|09)/g;
const TAG_CHARS: Record<string, string> = { '25': '%', '5C': '\\', '0D': '\r', '0A': '\n', '09': '\t' };

/** The stored form of a tag value (what InfluxQL must compare against). */
export function encodeTag(value: string): string {
  return value.replace(TAG_ENCODE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeTag(stored: string): string {
  return stored.replace(TAG_DECODE, (_, hex: string) => TAG_CHARS[hex]!);
}

export function escapeMeasurement(name: string): string {
  assertLine(name, 'measurement');
  return name.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag keys and field keys. */
export function escapeKey(key: string): string {
  assertLine(key, 'key');
  return key.replace(/[,= ]/g, (c) => `\\${c}`);
}

/** A tag value, already encoded with `encodeTag` or free of `\` and line breaks. */
export function escapeTagValue(stored: string): string {
  assertLine(stored, 'tag value');
  if (stored.includes('\\')) throw new RangeError('a tag value with a backslash must be written through encodeTag');
  return stored.replace(/[,= ]/g, (c) => `\\${c}`);
}

export function escapeString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function formatField(value: FieldValue | bigint): string {
  if (typeof value === 'string') return escapeString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return `${value}i`;
  if (!Number.isFinite(value)) throw new RangeError(`field value ${value} is not finite`);
  // No `i` suffix: always a float, so a field never changes type between points (3 and 3.5 alike).
  return String(value);
}

export interface Point {
  readonly measurement: string;
  /** Raw tag values (encoded here); empty values are left out, as InfluxDB has no empty tags. */
  readonly tags: Readonly<Record<string, string | null | undefined>>;
  /** Fields; undefined/null ones are left out. A point needs at least one. */
  readonly fields: Readonly<Record<string, FieldValue | bigint | null | undefined>>;
  /** UTC epoch time, an integer in the precision it is written with (ms; Layer 1's events µs). */
  readonly time: number;
}

export function formatPoint(p: Point): string {
  let line = escapeMeasurement(p.measurement);
  // Sorted tags: the order InfluxDB keys series by, so it does no work of its own.
  for (const key of Object.keys(p.tags).sort()) {
    const value = p.tags[key];
    if (value === undefined || value === null || value === '') continue;
    line += `,${escapeKey(key)}=${escapeTagValue(encodeTag(value))}`;
  }
  const fields: string[] = [];
  for (const [key, value] of Object.entries(p.fields)) {
    if (value === undefined || value === null) continue;
    fields.push(`${escapeKey(key)}=${formatField(value)}`);
  }
  if (fields.length === 0) throw new RangeError(`${p.measurement}: a point needs at least one field`);
  if (!Number.isSafeInteger(p.time)) throw new RangeError(`${p.measurement}: time must be an integer`);
  return `${line} ${fields.join(',')} ${p.time}`;
}

function assertLine(text: string, what: string): void {
  if (text === '' || /[\r\n]/.test(text)) throw new RangeError(`${what} ${JSON.stringify(text)} cannot be written as line protocol`);
}
