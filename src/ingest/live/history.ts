/**
 * The gap fill: what happened while we were not listening, from HA's recorder through
 * `history/history_during_period`, stored without duplicates. A history state's `lu` is the same
 * instant as the live event's `new_state.last_updated`, to the microsecond, so Layer 1's
 * (entity, µs) key makes an overlap harmless: the fill starts a margin before the gap, and
 * whatever was already stored is skipped. History carries no old state: it is the entity's
 * previous state in the history, or the last one stored before the fill's start.
 *
 * How far back HA's history reaches: the recorder purges states older than `purge_keep_days`
 * (10 by default), and HA answers `include_start_time_state` with a state at the window's start
 * only when its recorder holds states from before that start (`states_manager.oldest_ts`). The
 * fill asks for those start states until one comes: the window where they first come is covered
 * from its start, and the oldest state returned before it is as far back as HA's history reached.
 * A gap that begins before that is `truncated`: what lies between is gone from HA too.
 * HA shows its reach only through states it holds: when no requested entity changed between the
 * recorder's oldest state and the gap's start, the fill cannot tell that HA reached back there,
 * and reports the gap truncated at the first state after it (erring towards saying so).
 */
import type { StateEvent } from '../../events/model.js';
import { epochSecondsToMicros, normalizeStateChanged, type Registry } from '../../events/normalize.js';
import * as messages from '../../ha/messages.js';
import type { HistoryDuringPeriodResult } from '../../ha/types.js';
import type { AppendResult, EventStore } from '../../storage/types.js';

export interface ConvertResult {
  readonly events: StateEvent[];
  readonly invalid: number;
  /** States HA put at the start of the period (`include_start_time_state`), left out of `events`. */
  readonly startStates: number;
}

/**
 * Compressed history states → StateEvents (pure). `previous` holds each entity's last known
 * state before these (null: removed or never seen) and is advanced to the last one converted.
 */
export function historyToEvents(
  result: HistoryDuringPeriodResult,
  previous: Map<string, string | null>,
  /** `startTimeState`: the period's start (UTC ms), when HA was asked for the states at it. */
  options: { readonly registry?: Registry; readonly now?: number; readonly startTimeState?: number } = {},
): ConvertResult {
  const events: StateEvent[] = [];
  let invalid = 0;
  let startStates = 0;
  const startUs = options.startTimeState === undefined ? null : options.startTimeState * 1000;
  for (const [entityId, states] of Object.entries(result)) {
    if (!Array.isArray(states)) {
      invalid++;
      continue;
    }
    const ordered = [...states].sort((a, b) => (a?.lu ?? 0) - (b?.lu ?? 0));
    let before = previous.get(entityId) ?? null;
    for (const compressed of ordered) {
      // HA's state at the window's start, stamped with the start: not a change, but it says what the state was.
      if (startUs !== null && typeof compressed?.lu === 'number' && epochSecondsToMicros(compressed.lu) === startUs) {
        startStates++;
        if (!previous.has(entityId) && typeof compressed.s === 'string') before = compressed.s;
        continue;
      }
      const wire = {
        event_type: 'state_changed',
        time_fired: compressed?.lu,
        data: {
          entity_id: entityId,
          old_state: before === null ? null : { entity_id: entityId, state: before },
          new_state: { entity_id: entityId, state: compressed?.s, attributes: compressed?.a ?? {}, last_updated: compressed?.lu },
        },
      };
      const normalized = normalizeStateChanged(wire, options);
      if (!normalized.ok) {
        invalid++;
        continue;
      }
      events.push(normalized.event);
      before = normalized.event.state;
    }
    previous.set(entityId, before);
  }
  return { events, invalid, startStates };
}

export interface GapFillRequest {
  /** Fill states after this (UTC ms): the gap's start, less a margin. */
  readonly start: number;
  /** Where the gap itself starts (default `start`): history that reaches back to here leaves nothing out. */
  readonly gapStart?: number;
  readonly entityIds: readonly string[];
}

export interface GapFillDeps {
  command<T>(message: ReturnType<typeof messages.historyDuringPeriod>): Promise<T>;
  readonly events: Pick<EventStore, 'append' | 'lastBefore'>;
  readonly registry: () => Registry;
  readonly keep: (entityId: string) => boolean;
  /** False once the connection this fill runs on is gone: stop early. */
  readonly current: () => boolean;
  readonly now?: () => number;
  readonly onStored?: (result: AppendResult) => void;
}

export interface GapFillOptions {
  /** Entities per history request (responses stay bounded). */
  readonly entitiesPerRequest: number;
  /** Time span per request; the last one is open-ended (up to HA's now). */
  readonly windowMs: number;
  readonly batchSize: number;
  /** How far back the stored state before the fill is looked for. */
  readonly lookbackMs: number;
}

export const DEFAULT_GAP_FILL: GapFillOptions = {
  entitiesPerRequest: 100,
  windowMs: 6 * 3600_000,
  batchSize: 5000,
  lookbackMs: 10 * 86_400_000,
};

export interface GapFillReport {
  readonly start: number;
  readonly requests: number;
  readonly states: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly invalid: number;
  /** Events the store refused as older than it keeps (an InfluxDB retention policy). */
  readonly expired: number;
  /** Every request was answered (false: the connection was lost before the end). */
  readonly finished: boolean;
  /**
   * How far back HA's history is known to reach (UTC ms): `start` when it holds states from
   * before the fill's start; else the oldest state it returned, or the start of the first
   * window it had states before; null when it returned nothing at all.
   */
  readonly reached: number | null;
  /** HA's history does not reach back to the gap's start: what lies between `gapStart` and `reached` is lost. */
  readonly truncated: boolean;
  /** Finished, and nothing of the gap was left out: the fill covered all of it. */
  readonly complete: boolean;
}

export async function fillGap(request: GapFillRequest, deps: GapFillDeps, options: GapFillOptions = DEFAULT_GAP_FILL): Promise<GapFillReport> {
  const now = deps.now ?? Date.now;
  const entityIds = [...new Set(request.entityIds)].filter(deps.keep).sort();
  const report = { start: request.start, requests: 0, states: 0, inserted: 0, duplicates: 0, invalid: 0, expired: 0, finished: false, reached: null as number | null, truncated: false, complete: false };
  // Set once HA answered a window with states at its start: its recorder reaches back to there.
  let reachedFrom: number | null = entityIds.length === 0 ? request.start : null;
  let oldestState = Number.POSITIVE_INFINITY;
  // The state each entity had at the fill's start: the stored one (events at `start` included).
  const stored = await deps.events.lastBefore(request.start + 1, options.lookbackMs, entityIds);
  const previous = new Map<string, string | null>();
  for (const [entityId, event] of stored) previous.set(entityId, event.state);

  // HA returns last_updated > start and < end: each window starts 1 ms before the last one
  // ended, so a state stamped exactly on a boundary is in one of them (the overlap dedups).
  for (let from = request.start; ; from += options.windowMs - 1) {
    const last = from + options.windowMs >= now();
    for (let i = 0; i < entityIds.length; i += options.entitiesPerRequest) {
      if (!deps.current()) return report;
      const chunk = entityIds.slice(i, i + options.entitiesPerRequest);
      const probe = reachedFrom === null;
      const message = messages.historyDuringPeriod({ start: from, end: last ? undefined : from + options.windowMs, entityIds: chunk, includeStartTimeState: probe });
      const result = await deps.command<HistoryDuringPeriodResult>(message);
      report.requests++;
      const converted = historyToEvents(result ?? {}, previous, { registry: deps.registry(), now: now(), startTimeState: probe ? from : undefined });
      if (converted.startStates > 0) reachedFrom ??= from;
      report.invalid += converted.invalid;
      report.states += converted.events.length;
      for (const e of converted.events) if (e.time < oldestState) oldestState = e.time;
      for (let j = 0; j < converted.events.length; j += options.batchSize) {
        const stored = await deps.events.append(converted.events.slice(j, j + options.batchSize));
        report.inserted += stored.inserted;
        report.duplicates += stored.duplicates;
        report.expired += stored.expired ?? 0;
        deps.onStored?.(stored);
      }
    }
    if (last) break;
  }
  report.finished = deps.current();
  const reached = Math.min(reachedFrom ?? Number.POSITIVE_INFINITY, oldestState);
  report.reached = Number.isFinite(reached) ? reached : null;
  report.truncated = report.reached === null || report.reached > (request.gapStart ?? request.start);
  report.complete = report.finished && !report.truncated;
  return report;
}
