/**
 * Keeping Layer 1 gap-free across disconnects and restarts. On every (re)connect, before
 * subscribing, the gap is opened: from the marker a crash may have left, else from the newest
 * stored event. Once subscribed — and once HA's recorder has committed what it holds — the gap
 * is filled from history (a margin earlier, duplicates skipped) and the marker removed. A fill
 * that fails (HA still starting: history not loaded yet) is retried with backoff while the
 * connection lasts, and otherwise after the next reconnect or restart.
 *
 * The fill reaches back to where the gap began, however long ago: not only Layer 1's retention,
 * but as far as HA's history goes (its recorder keeps `purge_keep_days`, 10 by default). Filled
 * days older than Layer 1 keeps are aggregated by the jobs before retention prunes them (the
 * fill is recorded as a `gap_fill` run with the span it stored; see jobs/due.ts). When HA's
 * history does not reach back to the gap's start, the fill is `truncated`: it stores what there
 * is, removes the marker (asking again cannot bring back what HA purged), and says so in its
 * report, the log and /health.
 */
import type { HaState } from '../../ha/types.js';
import * as messages from '../../ha/messages.js';
import type { ClientLog } from '../../ha/client.js';
import type { Command } from '../../ha/types.js';
import type { Registry } from '../../events/normalize.js';
import type { EventStore } from '../../storage/types.js';
import type { GapMarker } from './gap-marker.js';
import { DEFAULT_GAP_FILL, fillGap, type GapFillOptions, type GapFillReport } from './history.js';
import type { IngestMetrics } from './metrics.js';

/** `truncated`: the last fill finished, but HA's history did not reach back to the gap's start. */
export type GapFillState = 'none' | 'waiting' | 'running' | 'done' | 'truncated' | 'failed';

/** HA's recorder commits every 5 s by default: history is only complete that long after the fact. */
export const DEFAULT_RECORDER_COMMIT_WAIT_MS = 6_000;
export const FILL_ATTEMPTS = 5;
const FILL_RETRY_MS = 5_000;

export interface GapKeeperOptions {
  readonly marginMs: number;
  readonly recorderCommitWaitMs?: number;
  readonly gapFill?: Partial<GapFillOptions>;
  /** First retry delay of a failed fill; doubles per attempt. */
  readonly retryMs?: number;
}

export interface GapKeeperDeps {
  readonly marker: GapMarker;
  readonly events: Pick<EventStore, 'append' | 'lastBefore' | 'newestTime'>;
  /** Stores what is queued, so the newest stored event is the newest received. */
  flushLive(): Promise<void>;
  command<T>(message: Command): Promise<T>;
  readonly registry: Registry & { entityIds(): string[] };
  readonly keep: (entityId: string) => boolean;
  readonly metrics: IngestMetrics;
  readonly log: ClientLog;
  /** Told the span a finished fill stored events in (oldest to newest, UTC ms), so the jobs aggregate those days. */
  readonly onFilled?: (span: FilledSpan) => void;
}

export interface FilledSpan {
  /** From where the fill covered the home's history (the gap's start, or where HA's history began). */
  readonly from: number;
  /** Up to when (the fill's end). */
  readonly to: number;
  /** Events it stored. */
  readonly inserted: number;
}

/** A gap HA's history could not fill whole: from its start up to where the history began (UTC ms; null: HA returned nothing). */
export interface TruncatedGap {
  readonly gapStart: number;
  readonly reached: number | null;
  /** When the fill found it out. */
  readonly at: number;
}

// Unref'd: a stop during a wait must not keep the process alive; the session check ends the work.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class GapKeeper {
  state: GapFillState = 'none';
  fillsDone = 0;
  last: GapFillReport | undefined;
  /** Gaps HA's history could not fill whole since this process started, newest last (at most 10). */
  readonly truncated: TruncatedGap[] = [];
  /** Live events lost (write queue full) and not refilled yet: from before the first to the last. */
  private loss: LossWindow | null = null;
  /** The part of `loss` dropped since the last fill began: its history requests may have missed it. */
  private lossSinceFill: LossWindow | null = null;
  /** The marker this keeper wrote for the loss (null: none yet, or the write failed). */
  private lossMarker: number | null = null;

  constructor(
    private readonly deps: GapKeeperDeps,
    private readonly options: GapKeeperOptions,
  ) {}

  /** The open gap's start: the marker, else the newest stored event; null when nothing is stored. */
  async open(): Promise<number | null> {
    await this.deps.flushLive();
    const marker = this.deps.marker.read();
    const newest = await this.deps.events.newestTime();
    const candidates = [marker, this.lossStart, newest === null ? null : Math.min(newest, Date.now())].filter((t): t is number => t !== null);
    if (candidates.length === 0) return null;
    const since = Math.min(...candidates);
    if (marker !== since) this.deps.marker.set(since);
    return since;
  }

  /**
   * A live event was lost (write queue full): keep the gap open from before it — on disk for a
   * restart, and in memory, since a full disk may refuse the marker too. Every loss widens the
   * window, also one during a fill (whose history requests may have been sent before it).
   */
  markLoss(time: number): void {
    this.loss = widen(this.loss, time);
    this.lossSinceFill = widen(this.lossSinceFill, time);
    const since = this.loss.since;
    if (this.lossMarker !== null && this.lossMarker <= since) return;
    try {
      const marker = this.deps.marker.read();
      if (marker === null || since < marker) this.deps.marker.set(since);
      this.lossMarker = since;
    } catch (error) {
      this.lossMarker = null; // try the marker again with the next lost event
      this.deps.log.error({ err: (error as Error).message }, 'cannot write the gap marker: the gap is kept in memory and filled once writes work again');
    }
  }

  /** Where lost live events start, while they are not filled yet (null: none lost). */
  get lossStart(): number | null {
    return this.loss?.since ?? null;
  }

  /** The lost live events not filled yet: from just before the first to the last (null: none). */
  get lossWindow(): LossWindow | null {
    return this.loss;
  }

  /** Fills from `gapStart` once the recorder has caught up; `current` turns false when the connection goes. */
  async fill(gapStart: number, current: () => boolean): Promise<void> {
    this.lossSinceFill = null;
    this.state = 'waiting';
    await sleep(this.options.recorderCommitWaitMs ?? DEFAULT_RECORDER_COMMIT_WAIT_MS);
    for (let attempt = 1; current(); attempt++) {
      try {
        if (await this.fillOnce(gapStart, current)) return;
        break;
      } catch (error) {
        if (!current()) break;
        this.deps.metrics.gapFills.inc({ result: 'failed' });
        const last = attempt >= FILL_ATTEMPTS;
        const delay = (this.options.retryMs ?? FILL_RETRY_MS) * 2 ** (attempt - 1);
        this.deps.log.warn(
          { err: (error as Error).message, attempt, retry_in_ms: last ? null : delay },
          last ? 'gap fill from Home Assistant history failed; it is tried again after the next reconnect or restart' : 'gap fill from Home Assistant history failed; retrying',
        );
        if (last) break;
        this.state = 'waiting';
        await sleep(delay);
      }
    }
    this.state = 'failed';
  }

  /** One pass; true when complete (marker removed). */
  private async fillOnce(gapStart: number, current: () => boolean): Promise<boolean> {
    const { deps } = this;
    this.state = 'running';
    const started = Date.now();
    const states = await deps.command<HaState[]>(messages.getStates());
    const entityIds = [...new Set([...states.map((s) => s.entity_id), ...deps.registry.entityIds()])];
    const start = gapStart - this.options.marginMs;
    const report = await fillGap(
      { start, gapStart, entityIds },
      {
        command: (message) => deps.command(message),
        events: deps.events,
        registry: () => deps.registry,
        keep: deps.keep,
        current,
        onStored: (result) => {
          deps.metrics.stored.inc({ source: 'history' }, result.inserted);
          deps.metrics.duplicates.inc({ source: 'history' }, result.duplicates);
        },
      },
      { ...DEFAULT_GAP_FILL, ...this.options.gapFill },
    );
    this.last = report;
    if (!report.finished || !current()) return false;
    // Events lost while the fill ran may lie after their entity's request: they stay to be filled,
    // and so does a gap older than this fill (a refill of lost events after a reconnect's fill failed).
    this.loss = this.lossSinceFill;
    this.lossSinceFill = null;
    const marker = deps.marker.read();
    const open = [marker !== null && marker < gapStart ? marker : null, this.loss?.since ?? null].filter((t): t is number => t !== null);
    if (open.length === 0) {
      deps.marker.clear();
      this.lossMarker = null;
    } else {
      this.keepMarker(Math.min(...open));
    }
    this.fillsDone++;
    const covered = report.truncated ? (report.reached ?? started) : start;
    if (report.inserted > 0) deps.onFilled?.({ from: covered, to: started, inserted: report.inserted });
    const fields = { from: new Date(start).toISOString(), states: report.states, stored: report.inserted, already_stored: report.duplicates, invalid: report.invalid, expired: report.expired, requests: report.requests, ms: Date.now() - started };
    if (report.truncated) {
      this.state = 'truncated';
      this.truncated.push({ gapStart, reached: report.reached, at: started });
      if (this.truncated.length > 10) this.truncated.shift();
      deps.metrics.gapFills.inc({ result: 'truncated' });
      deps.log.warn(
        { ...fields, gap_start: new Date(gapStart).toISOString(), history_reached: report.reached === null ? null : new Date(report.reached).toISOString() },
        "gap filled only in part: Home Assistant's history does not reach back to the gap's start (its recorder keeps purge_keep_days); what happened before it is lost",
      );
    } else {
      this.state = 'done';
      deps.metrics.gapFills.inc({ result: 'ok' });
      deps.log.info(fields, 'gap filled from Home Assistant history');
    }
    return true;
  }

  /** Moves the marker up to `since` (what lies before it is filled); a refused write keeps the older one, which is safe. */
  private keepMarker(since: number): void {
    try {
      this.deps.marker.set(since);
      this.lossMarker = since;
    } catch (error) {
      this.lossMarker = null;
      this.deps.log.error({ err: (error as Error).message }, 'cannot write the gap marker: the gap is kept in memory and filled once writes work again');
    }
  }
}

export interface LossWindow {
  /** Just before the first lost event (UTC ms). */
  readonly since: number;
  /** The last lost event. */
  readonly until: number;
}

function widen(window: LossWindow | null, time: number): LossWindow {
  if (window === null) return { since: time - 1, until: time };
  return { since: Math.min(window.since, time - 1), until: Math.max(window.until, time) };
}
