/**
 * Every measurement of Layers 2 and 3, from what each writer declares (measurement.ts): the
 * detectors, the day scan's facts, the carried state. The jobs stamp each record they write with
 * its measurement's version, and read Layers 2 and 3 through `readable`, which decodes every
 * version still stored (upgrading old shapes where the declaration says how) and leaves out —
 * and counts — what it cannot read, so a job never silently finds nothing because its inputs are
 * older than the code. The API's list of measurements comes from here too.
 */
import type { AggregateRecord } from '../storage/types.js';
import { anomaly } from './anomaly.js';
import { CARRY_DAILY } from './carry.js';
import { coOccurrence } from './co-occurrence.js';
import { contextDaily, contextual } from './contextual.js';
import { ACTIVITY_DAILY } from './day-facts.js';
import { dayType, dayTypeDaily } from './day-type.js';
import { duration } from './duration.js';
import { type AggregateKind, type MeasurementSpec, versionOf } from './measurement.js';
import { OVERRIDE_DAILY } from './overrides.js';
import { roomBased } from './room-based.js';
import { seasonal } from './seasonal.js';
import { sequence } from './sequence.js';
import { session, sessionDaily } from './session.js';
import { timeBased } from './time-based.js';

/** What the daily job writes from the day scan itself, for every reader: the neutral facts, the carried state, the overrides of automations. */
export const DAY_SCAN_WRITES: readonly MeasurementSpec[] = [ACTIVITY_DAILY, CARRY_DAILY, OVERRIDE_DAILY];

const WRITERS: readonly { readonly writer: string; readonly writes: readonly MeasurementSpec[] }[] = [
  { writer: 'day scan', writes: DAY_SCAN_WRITES },
  ...[timeBased, coOccurrence, sequence, roomBased, duration, anomaly].map((d) => ({ writer: d.patternType, writes: d.writes })),
  ...[sessionDaily, dayTypeDaily, contextDaily].map((i) => ({ writer: `${i.measurement} (daily input)`, writes: i.writes })),
  ...[session, dayType, contextual, seasonal].map((d) => ({ writer: d.patternType, writes: d.writes })),
];

function registryOf(writers: typeof WRITERS): ReadonlyMap<string, MeasurementSpec & { readonly writer: string }> {
  const out = new Map<string, MeasurementSpec & { readonly writer: string }>();
  for (const { writer, writes } of writers) {
    for (const spec of writes) {
      const other = out.get(spec.name);
      if (other !== undefined) throw new Error(`measurement ${spec.name} is declared by both ${other.writer} and ${writer}`);
      out.set(spec.name, Object.assign(Object.create(spec) as MeasurementSpec, { writer }));
    }
  }
  return out;
}

/** Each measurement's declaration and who writes it. */
export const REGISTRY = registryOf(WRITERS);

/** The names of a kind's measurements (Layer 2: daily; Layer 3: weekly, monthly). */
export function measurementNames(kind: AggregateKind): string[] {
  return [...REGISTRY.values()].filter((s) => s.kind === kind).map((s) => s.name);
}

/** The declaration of a measurement; throws for one nobody declares. */
export function specOf(name: string): MeasurementSpec {
  const spec = REGISTRY.get(name);
  if (spec === undefined) throw new Error(`measurement ${name} is not declared by any detector (declare it in its writer's \`writes\`)`);
  return spec;
}

/**
 * What to query for these measurements: them, and the measurements whose older records upgrade
 * into them (a day written before `activity_daily` existed holds its facts in `anomaly_daily`).
 */
export function sourcesOf(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((n) => [n, ...(REGISTRY.get(n)?.formerly ?? [])]))];
}

/** The records with their measurement's current version, as the jobs write them. */
export function stamp(records: readonly AggregateRecord[]): AggregateRecord[] {
  return records.map((r) => {
    const { version } = specOf(r.measurement);
    return r.version === version ? r : { ...r, version };
  });
}

/**
 * `stamp` for records the caller just built and owns (a day's summary): their version is set on
 * them, not on copies, so the daily job's peak memory does not grow by a copy of its day.
 */
export function stampOwn(records: AggregateRecord[]): AggregateRecord[] {
  for (const r of records) (r as { version?: number }).version = specOf(r.measurement).version;
  return records;
}

/** What reading through `readable` met: records of older versions read, and what was left out. */
export class ReadReport {
  /** Records of an older version, read as they are or upgraded. */
  old = 0;
  /** Records left out, and the days they were of. */
  leftOut = 0;
  readonly oldDays = new Set<string>();
  readonly leftOutDays = new Set<string>();
  /** One reason per measurement and version left out. */
  readonly reasons = new Map<string, string>();

  private leave(r: AggregateRecord, reason: string): void {
    this.leftOut++;
    this.leftOutDays.add(r.period);
    const key = `${r.measurement} v${versionOf(r)}`;
    if (!this.reasons.has(key)) this.reasons.set(key, `${key}: ${reason}`);
  }

  /**
   * The records a reader can use: current ones checked, older ones upgraded or read as they are.
   * `only`: the measurements the reader asked for (what it queried through `sourcesOf` may hold more).
   */
  read(records: readonly AggregateRecord[], only?: readonly string[]): AggregateRecord[] {
    const out = this.readAll(records);
    return only === undefined ? out : out.filter((r) => only.includes(r.measurement));
  }

  private readAll(records: readonly AggregateRecord[]): AggregateRecord[] {
    const out: AggregateRecord[] = [];
    for (const r of records) {
      const spec = REGISTRY.get(r.measurement);
      if (spec === undefined) {
        this.leave(r, 'no detector of this version declares it');
        continue;
      }
      const version = versionOf(r);
      if (version > spec.version) {
        this.leave(r, `written by a newer homerhythm (this one reads up to version ${spec.version})`);
        continue;
      }
      try {
        if (version === spec.version) {
          spec.check(r);
          out.push(r);
          continue;
        }
        this.old++;
        this.oldDays.add(r.period);
        if (spec.upgrade === undefined) {
          spec.check(r);
          out.push(r);
          continue;
        }
        const upgraded = spec.upgrade(r);
        if (upgraded === null) throw new Error(`version ${version} cannot be read by version ${spec.version}`);
        for (const u of upgraded) specOf(u.measurement).check(u);
        out.push(...upgraded);
      } catch (e) {
        this.leave(r, (e as Error).message);
      }
    }
    return out;
  }

  /** Counts for a job run's record (job_runs.counts). */
  counts(): Record<string, number> {
    return { old_records: this.old, old_days: this.oldDays.size, left_out_records: this.leftOut, left_out_days: this.leftOutDays.size };
  }

  /** A sentence for a run's output and log; null when everything read was current. */
  describe(): string | null {
    const parts: string[] = [];
    if (this.old > 0) parts.push(`read ${this.old} records of ${this.oldDays.size} days written by an older version`);
    if (this.leftOut > 0) parts.push(`left out ${this.leftOut} records of ${this.leftOutDays.size} days it cannot read (${[...this.reasons.values()].join('; ')})`);
    return parts.length === 0 ? null : parts.join('; ');
  }
}

/** Whether a stored record is older than its measurement's current version (its day's summary is stale). */
export function isStale(r: AggregateRecord): boolean {
  const spec = REGISTRY.get(r.measurement);
  return spec !== undefined && versionOf(r) < spec.version;
}
