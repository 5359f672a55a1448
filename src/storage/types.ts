/**
 * The four storage layers as interfaces. Layers 1–3 have two implementations (embedded SQLite,
 * InfluxDB); Layer 4 and job runs always live in SQLite, as in the seed. Every implementation
 * passes `conformance.ts`.
 */
import type { StateEvent } from '../events/model.js';

/** Seed bucket names; for SQLite they name tables, for InfluxDB databases. */
export const BUCKETS = {
  raw: 'home_assistant_events',
  daily: 'pattern_aggregates_daily',
  weekly: 'pattern_aggregates_weekly',
} as const;

/** Layer 2 holds per-day aggregates; Layer 3 weekly and monthly ones. */
export type AggregateBucket = typeof BUCKETS.daily | typeof BUCKETS.weekly;

export type FieldValue = number | string | boolean;

/** One aggregate point: a series (measurement + tags) in one local period. */
export interface AggregateRecord {
  readonly measurement: string;
  /** Local period key: `2026-11-24`, `2026-W48`, `2026-11`. */
  readonly period: string;
  /** Period start, UTC ms (the point's time in InfluxDB). */
  readonly time: number;
  /** Indexed identity: entity_id, area_id, device_pair, day_type, … (string values). */
  readonly tags: Readonly<Record<string, string>>;
  /** Values: numbers for what is windowed/averaged, JSON strings for mergeable structures. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /**
   * The version of the summary that wrote it: its measurement's version when the job ran (see
   * `detectors/registry.ts`). Stores always return it; a record stored without one (everything
   * written before versions existed) reads as {@link FIRST_VERSION}.
   */
  readonly version?: number;
}

/** The version of every record written before records carried one. */
export const FIRST_VERSION = 1;

export interface EventQuery {
  /** Inclusive start, exclusive end, UTC ms. */
  readonly start: number;
  readonly end: number;
  readonly entityIds?: readonly string[];
  /** Most events to return (all when absent). */
  readonly limit?: number;
  /** Skip attribute decoding when the reader does not need it (detectors). */
  readonly withAttributes?: boolean;
  /**
   * The attribute keys the reader looks at (absent: all): a backend may leave the others out
   * (InfluxDB then reads small per-key fields instead of each event's attributes JSON).
   */
  readonly attributeKeys?: readonly string[];
}

export interface AppendResult {
  readonly inserted: number;
  readonly duplicates: number;
  /**
   * InfluxDB: events kept in the local spool because InfluxDB did not answer; counted in
   * `inserted` (they are stored, durably, and delivered later — a duplicate among them is then
   * skipped without being counted again).
   */
  readonly spooled?: number;
  /** InfluxDB: events older than its retention policy keeps, which it refuses (not in `inserted`). */
  readonly expired?: number;
  /** The policy that refused them, so a report can name it. */
  readonly expiredBy?: ExpiryPolicy;
}

/** A retention policy as a user would name it: `'autogen' of 7 days` (days null: kept forever). */
export interface ExpiryPolicy {
  readonly name: string;
  readonly days: number | null;
}

export function describePolicy(p: ExpiryPolicy): string {
  return `the retention policy '${p.name}' ${p.days === null ? '(kept forever)' : `of ${p.days.toLocaleString('en-US')} days`}`;
}

/** Layer 1: every state_changed event, deduplicated by (entity_id, time). */
export interface EventStore {
  append(events: readonly StateEvent[]): Promise<AppendResult>;
  /** Events in [start, end) ordered by time then entity id, in chunks. */
  read(query: EventQuery): AsyncIterable<StateEvent[]>;
  /**
   * The last state *change* (state differs from old state; attribute-only updates skipped) of each
   * entity strictly before `time` and not older than `time - lookbackMs`: what a day's scan
   * carries over from before it (an entity still on at midnight, and since when).
   */
  lastBefore(time: number, lookbackMs: number, entityIds?: readonly string[]): Promise<Map<string, StateEvent>>;
  /** Time of the newest stored event, or null when empty. */
  newestTime(): Promise<number | null>;
  /** Deletes events older than `time`; returns how many. */
  deleteBefore(time: number): Promise<number>;
  stats(): Promise<LayerStats>;
}

export interface AggregateQuery {
  readonly bucket: AggregateBucket;
  readonly measurements?: readonly string[];
  /** Period start times in [start, end). */
  readonly start?: number;
  readonly end?: number;
  readonly periods?: readonly string[];
  /** Each listed tag must equal the value. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly limit?: number;
}

/** The outputs of one job for one period of one bucket: they replace what the period held. */
export interface AggregateBatch {
  readonly bucket: AggregateBucket;
  readonly period: string;
  /** Measurements whose rows for `period` are replaced (also when `records` has none of them). */
  readonly measurements: readonly string[];
  readonly records: readonly AggregateRecord[];
}

/** Layers 2 and 3. */
export interface AggregateStore {
  /** Replaces the batch's measurements for its period (idempotent re-runs). */
  replace(batch: AggregateBatch): Promise<void>;
  /** Records ordered by time, measurement, series. */
  query(query: AggregateQuery): Promise<AggregateRecord[]>;
  deleteBefore(bucket: AggregateBucket, time: number): Promise<number>;
  stats(bucket: AggregateBucket): Promise<LayerStats>;
}

/** Layer 4 row, columns exactly as the seed's `patterns` table plus ours after them. */
export interface PatternRow {
  readonly id: number;
  readonly pattern_type: string;
  readonly device_id: string;
  readonly pattern_metadata: Record<string, unknown>;
  readonly confidence: number;
  readonly occurrences: number;
  readonly created_at: string;
  readonly pattern_key: string;
  readonly area_id: string | null;
  readonly updated_at: string;
  readonly last_seen: string;
}

/** A pattern a detector found; identified by (patternType, deviceId, key). */
export interface PatternUpsert {
  readonly patternType: string;
  readonly deviceId: string;
  readonly key: string;
  readonly areaId?: string | null;
  readonly metadata: Record<string, unknown>;
  readonly confidence: number;
  readonly occurrences: number;
  /** When the evidence was last seen (UTC ms). */
  readonly lastSeen: number;
}

export interface PatternQuery {
  readonly patternType?: string;
  readonly deviceId?: string;
  readonly areaId?: string;
  readonly minConfidence?: number;
  readonly limit?: number;
  readonly offset?: number;
}

export interface PatternStore {
  list(query?: PatternQuery): PatternRow[];
  count(query?: PatternQuery): number;
  get(id: number): PatternRow | undefined;
  /** Deletes patterns not seen since `time`; returns how many. */
  deleteNotSeenSince(time: number, patternTypes?: readonly string[]): number;
  stats(): LayerStats;
}

/** What the user said about a suggestion; `until` ends a snooze (UTC ms). */
export type Verdict = 'accepted' | 'dismissed' | 'snoozed';

/** Feedback on one suggestion, by its identity (src/suggestions/identity.ts). */
export interface FeedbackRow {
  readonly key: string;
  readonly routine: string;
  readonly minute: number | null;
  readonly verdict: Verdict;
  readonly until: number | null;
  readonly pattern_id: number | null;
  /** When it was said (UTC ms). */
  readonly at: number;
  /** The automation homerhythm created in HA for it (its `id`), when it did. */
  readonly ha_automation_id?: string | null;
}

export interface FeedbackStore {
  /** Says (or says again) what the user thinks of the suggestion `row.key`. */
  set(row: FeedbackRow): void;
  list(): FeedbackRow[];
  /** Takes the feedback back; false when there was none. */
  remove(key: string): boolean;
}

/** One of Home Assistant's own automations, as last read from HA (Layer 4, replaced on every read). */
export interface HaAutomationRow {
  readonly entity_id: string;
  /** The `id` in automations.yaml (null: a YAML automation without one, not editable in the UI). */
  readonly automation_id: string | null;
  readonly alias: string;
  /** `on` or `off`, as HA reported it. */
  readonly state: string;
  /** Its configuration (triggers, conditions, actions), or null when HA would not give it. */
  readonly config: Record<string, unknown> | null;
}

export interface HaAutomationStore {
  /** Replaces what is known of HA's automations with `rows`, read at `time`. */
  replaceAll(rows: readonly HaAutomationRow[], time: number): void;
  list(): HaAutomationRow[];
  /** When they were last read (UTC ms), or null: never. */
  readAt(): number | null;
}

/** `gap_fill`: live ingestion filled a gap from HA's history (counts: from, to, inserted), so those days are aggregated again. */
export type JobName = 'daily' | 'weekly' | 'monthly' | 'retention' | 'recompute' | 'migrate' | 'import' | 'gap_fill';
export type RunStatus = 'running' | 'success' | 'partial' | 'failed';

export interface JobRun {
  readonly id: number;
  readonly job: JobName;
  readonly period: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: RunStatus;
  readonly counts: Record<string, number>;
  readonly error: string | null;
}

export interface RunStore {
  /**
   * Records a run as started (so a crash leaves a visible `running` row); an earlier run of the
   * same job and period still `running` was interrupted and is marked failed.
   */
  start(job: JobName, period: string, startedAt: number): number;
  /** Marks a run failed outside a commit (the commit itself failed or never came). */
  fail(id: number, error: string, finishedAt: number): void;
  /** Finishes a run with no outputs to commit (e.g. retention). */
  finish(id: number, status: RunStatus, counts: Record<string, number>, finishedAt: number, error?: string | null): void;
  list(query?: { job?: JobName; period?: string; status?: RunStatus; limit?: number }): JobRun[];
  /** The newest successful or partial run of a job for a period, if any. */
  lastCompleted(job: JobName, period: string): JobRun | undefined;
}

/** Everything a detector run produces, committed together with its run record. */
export interface JobCommit {
  readonly runId: number;
  readonly status: Extract<RunStatus, 'success' | 'partial'>;
  readonly counts: Record<string, number>;
  readonly error?: string | null;
  readonly finishedAt: number;
  readonly aggregates: readonly AggregateBatch[];
  readonly patterns: readonly PatternUpsert[];
  /** Patterns of these types not seen since `before` expire in the same commit. */
  readonly expire?: { readonly patternTypes: readonly string[]; readonly before: number };
}

export interface LayerStats {
  readonly layer: 1 | 2 | 3 | 4;
  readonly name: string;
  readonly records: number;
  /** Bytes on disk (tables, indexes, dictionaries), as exact as the backend can tell. */
  readonly bytes: number;
  readonly oldest: number | null;
  readonly newest: number | null;
  /** Retention in days; null = forever. */
  readonly retentionDays: number | null;
}

export interface RetentionPolicy {
  readonly rawDays: number;
  readonly dailyDays: number;
  readonly weeklyWeeks: number;
  /** null: patterns are kept forever. */
  readonly patternDays: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = { rawDays: 7, dailyDays: 90, weeklyWeeks: 52, patternDays: null };

export interface RetentionResult {
  readonly raw: number;
  readonly daily: number;
  readonly weekly: number;
  readonly patterns: number;
}

/** What we know of the home from HA's get_config (or the demo), kept so jobs run without HA. */
export interface HomeInfo {
  readonly timeZone?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  /** Metres above sea level. */
  readonly elevation?: number;
  readonly locationName?: string;
  readonly haVersion?: string;
}

export interface HomeInfoStore {
  get(): HomeInfo;
  /** Merges the given fields into what is stored. */
  set(info: HomeInfo): void;
}

/** The whole store a process opens: the four layers plus job runs. */
export interface Storage {
  readonly backend: 'sqlite' | 'influxdb';
  readonly home: HomeInfoStore;
  readonly events: EventStore;
  readonly aggregates: AggregateStore;
  readonly patterns: PatternStore;
  /** Layer 4 too: the user's feedback on suggestions. */
  readonly feedback: FeedbackStore;
  /** Layer 4 too: Home Assistant's own automations, as last read. */
  readonly automations: HaAutomationStore;
  readonly runs: RunStore;
  readonly retention: RetentionPolicy;
  /**
   * Commits a run's outputs atomically: all of them and the run's status, or (on any error)
   * none of them and the run left as it was. Throws on failure; callers record the failure.
   */
  commitJob(commit: JobCommit): Promise<void>;
  /** Deletes what each layer holds beyond its retention, measured back from `now`. */
  enforceRetention(now: number): Promise<RetentionResult>;
  stats(): Promise<LayerStats[]>;
  /** The store's own health (the InfluxDB backend: its spool); absent means always ok. */
  health?(): StorageHealth;
  /** Backend details for `homerhythm status` (InfluxDB: its retention policies and sizes). */
  describe?(): Promise<BackendTable>;
  close(): Promise<void>;
}

export interface StorageHealth {
  readonly status: 'ok' | 'degraded' | 'down';
  /** One sentence a person can act on when the status is not ok. */
  readonly message?: string;
  readonly details: Record<string, unknown>;
}

/** A small table a backend shows about itself. */
export interface BackendTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Thrown for records a store refuses (bad field types, names it cannot store). */
export class StorageInputError extends Error {}
