/**
 * What a Layer 2 or Layer 3 measurement is: its name, the version of the summary that writes it,
 * and a typed decoder that throws on a wrong shape. Each writer (a detector, the day scan, a
 * job) declares the measurements it writes with `measurement()`; `registry.ts` collects them.
 *
 * Changing what a measurement holds means raising its version. Records of older versions stay in
 * Layers 2 and 3 until retention removes them (a day's raw events are kept 7 days, so most days
 * cannot be summarised again): give the declaration an `upgrade` that turns an old record into
 * current ones, or leave it out and the readers leave such records out and say so. A record of
 * an older version whose fields still pass the current decoder is read as it is.
 */
import type { AggregateRecord, FieldValue } from '../storage/types.js';
import { FIRST_VERSION } from '../storage/types.js';

/** A field's kind: a number, a string, a JSON string (array or object), a boolean; `?` optional. */
export type FieldKind = 'number' | 'string' | 'json' | 'boolean' | 'number?' | 'string?' | 'json?' | 'boolean?';
export type Schema = Readonly<Record<string, FieldKind>>;

type Base<K> = K extends 'number' | 'number?' ? number : K extends 'boolean' | 'boolean?' ? boolean : string;
/** The decoded fields of a schema: required ones present, optional ones possibly undefined. */
export type Decoded<S extends Schema> = { readonly [F in keyof S]: S[F] extends `${string}?` ? Base<S[F]> | undefined : Base<S[F]> };

export type AggregateKind = 'daily' | 'weekly' | 'monthly';

export interface MeasurementSpec<S extends Schema = Schema> {
  readonly name: string;
  /** Layer 2 (`daily`) or Layer 3 (`weekly`, `monthly`). */
  readonly kind: AggregateKind;
  /** The version of the summary that writes it now; stamped on every record written. */
  readonly version: number;
  readonly schema: S;
  /**
   * Turns a record of an older version into records of the current versions (possibly of other
   * measurements, when a fact moved); null: that version cannot be read.
   */
  readonly upgrade?: (record: AggregateRecord) => AggregateRecord[] | null;
  /** Measurements whose older versions upgrade into records of this one: a reader asks for them too. */
  readonly formerly: readonly string[];
  /** Throws a {@link ShapeError} when a field is missing or of the wrong kind. */
  check(record: AggregateRecord): void;
  /** The record's fields, typed; throws a {@link ShapeError} on a wrong shape. */
  decode(record: AggregateRecord): Decoded<S>;
}

export class ShapeError extends Error {}

function kindOf(value: FieldValue | undefined): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return value.startsWith('[') || value.startsWith('{') ? 'json' : 'string';
  return typeof value;
}

function fits(kind: FieldKind, value: FieldValue | undefined): boolean {
  const optional = kind.endsWith('?');
  if (value === undefined) return optional;
  const base = optional ? kind.slice(0, -1) : kind;
  if (base === 'json') return typeof value === 'string' && (value.startsWith('[') || value.startsWith('{'));
  if (base === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === base;
}

export interface MeasurementOptions {
  /** See {@link MeasurementSpec.upgrade}. */
  readonly upgrade?: (record: AggregateRecord) => AggregateRecord[] | null;
  /** A measurement holding records of several shapes: the schema of a record, by its tags. */
  readonly variant?: (record: AggregateRecord) => Schema;
  /** See {@link MeasurementSpec.formerly}. */
  readonly formerly?: readonly string[];
}

export function measurement<S extends Schema>(name: string, kind: AggregateKind, version: number, schema: S, options: MeasurementOptions = {}): MeasurementSpec<S> {
  if (!Number.isSafeInteger(version) || version < FIRST_VERSION) throw new Error(`${name}: a version is a whole number ≥ ${FIRST_VERSION}`);
  const fields = Object.entries(schema);
  const { upgrade, variant } = options;
  // a variant's fields, listed once per schema object (checks run for every record a job reads)
  const variants = new Map<Schema, [string, FieldKind][]>();
  const fieldsOf = (record: AggregateRecord): [string, FieldKind][] => {
    if (variant === undefined) return fields;
    const extra = variant(record);
    let all = variants.get(extra);
    if (all === undefined) variants.set(extra, (all = [...fields, ...Object.entries(extra)]));
    return all;
  };
  const spec: MeasurementSpec<S> = {
    name,
    kind,
    version,
    schema,
    formerly: options.formerly ?? [],
    ...(upgrade === undefined ? {} : { upgrade }),
    check(record) {
      if (record.measurement !== name) throw new ShapeError(`a ${record.measurement} record is not a ${name} record`);
      for (const [field, k] of fieldsOf(record)) {
        const value = record.fields[field];
        if (!fits(k, value)) throw new ShapeError(`${name} ${record.period}: field ${field} should be ${k.replace('?', '')}${k.endsWith('?') ? ' (optional)' : ''}, is ${kindOf(value)}`);
      }
    },
    decode(record) {
      spec.check(record);
      const out: Record<string, FieldValue | undefined> = {};
      for (const [field] of fields) out[field] = record.fields[field];
      return out as Decoded<S>;
    },
  };
  return spec;
}

/** A record's version (stores return one; a record built in memory has its writer's). */
export function versionOf(record: AggregateRecord): number {
  return record.version ?? FIRST_VERSION;
}
