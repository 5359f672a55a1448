/**
 * Live ingestion: on every (re)connect — get_config, the registries, the gap marker, the
 * subscriptions, HA's automations (automations.ts), then the gap fill; in between, every
 * state_changed event normalized, filtered and batched into Layer 1.
 */
import type { StateEvent } from '../../events/model.js';
import { normalizeStateChanged } from '../../events/normalize.js';
import { type ClientLog, type FirstOutcome, HaClient } from '../../ha/client.js';
import type { HaAuthError } from '../../ha/errors.js';
import * as messages from '../../ha/messages.js';
import type { Backoff, SocketFactory } from '../../ha/socket.js';
import type { HaConfig } from '../../ha/types.js';
import type { ComponentHealth } from '../../service.js';
import type { Storage } from '../../storage/types.js';
import { AutomationMirror, isAutomationAddedOrRemoved } from './automations.js';
import { DEFAULT_MAX_QUEUED, EventBatcher } from './batcher.js';
import { LiveRegistry } from './enrichment.js';
import { entityFilter, type FilterSpec } from './filters.js';
import { type FilledSpan, GapKeeper } from './gap.js';
import { GapMarker } from './gap-marker.js';
import type { GapFillOptions } from './history.js';
import { createIngestMetrics, type IngestMetrics, RateMeter } from './metrics.js';

const SETUP_RETRY_MS = 2_000;
const SETUP_RETRY_MAX_MS = 60_000;

export interface IngestorOptions {
  /** HA's base URL, e.g. http://homeassistant.local:8123. */
  readonly url: string;
  readonly token: string;
  readonly heartbeatMs: number;
  readonly pongTimeoutMs: number;
  readonly batchSize: number;
  readonly flushMs: number;
  readonly historyMarginMs: number;
  readonly gapMarkerPath: string;
  readonly include?: FilterSpec;
  readonly exclude?: FilterSpec;
  readonly recorderCommitWaitMs?: number;
  readonly gapFill?: Partial<GapFillOptions>;
  /** First retry delay of a failed gap fill (doubles per attempt). */
  readonly gapFillRetryMs?: number;
  readonly maxQueued?: number;
  readonly backoff?: Backoff;
  readonly socketFactory?: SocketFactory;
  readonly connectTimeoutMs?: number;
}

export class Ingestor {
  readonly client: HaClient;
  readonly batcher: EventBatcher;
  readonly registry: LiveRegistry;
  readonly metrics: IngestMetrics;
  readonly gap: GapKeeper;
  readonly automations: AutomationMirror;
  private readonly keep: (entityId: string) => boolean;
  private readonly rate = new RateMeter();
  private session = 0;
  private subscribed = false;
  private lastEventTime: number | null = null;
  private dropLogged = false;
  private setupFailures = 0;
  private invalidLogged = 0;
  authError: HaAuthError | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly options: IngestorOptions,
    private readonly log: ClientLog,
  ) {
    this.keep = entityFilter(options.include, options.exclude);
    this.client = new HaClient({
      url: messages.websocketUrl(options.url),
      token: options.token,
      heartbeatMs: options.heartbeatMs,
      pongTimeoutMs: options.pongTimeoutMs,
      backoff: options.backoff,
      socketFactory: options.socketFactory,
      connectTimeoutMs: options.connectTimeoutMs,
      log,
    });
    this.metrics = createIngestMetrics({
      queued: () => this.batcher.queued,
      connected: () => this.client.state === 'connected',
      lastEventTime: () => this.lastEventTime,
      perSecond: () => this.rate.perSecond(),
    });
    this.registry = new LiveRegistry(
      (message) => this.client.command(message),
      (error) => log.warn({ err: (error as Error).message }, 'registry refresh failed; keeping the last one'),
    );
    this.automations = new AutomationMirror(
      storage.automations,
      (message) => this.client.command(message),
      (error) => log.warn({ err: (error as Error).message }, "reading Home Assistant's automations failed; keeping the last copy"),
    );
    this.batcher = new EventBatcher(storage.events, {
      batchSize: options.batchSize,
      flushMs: options.flushMs,
      maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED,
      onWrite: (result, _events, ms) => {
        this.refillLoss();
        this.metrics.stored.inc({ source: 'live' }, result.inserted);
        this.metrics.duplicates.inc({ source: 'live' }, result.duplicates);
        this.metrics.writeSeconds.observe(ms / 1000);
      },
      onWriteError: (error, attempt) => {
        this.metrics.writeErrors.inc();
        (attempt === 1 ? log.error.bind(log) : log.debug.bind(log))({ err: (error as Error).message, attempt }, 'writing to Layer 1 failed; retrying');
      },
      onDrop: (event) => this.dropped(event),
    });
    this.gap = new GapKeeper(
      {
        marker: new GapMarker(options.gapMarkerPath),
        events: storage.events,
        flushLive: () => this.batcher.flush(),
        command: (message) => this.client.command(message),
        registry: this.registry,
        keep: this.keep,
        metrics: this.metrics,
        log,
        onFilled: (span) => this.recordFill(span),
      },
      { marginMs: options.historyMarginMs, recorderCommitWaitMs: options.recorderCommitWaitMs, gapFill: options.gapFill, retryMs: options.gapFillRetryMs },
    );
    this.client.on({
      ready: () => void this.onReady(),
      disconnected: () => {
        this.session++;
        this.subscribed = false;
        this.registry.stop();
        this.automations.stop();
      },
      authInvalid: (error) => {
        this.session++;
        this.subscribed = false;
        this.authError = error;
      },
    });
  }

  /** Connects; see HaClient.start for what the outcome means. */
  start(): Promise<FirstOutcome> {
    return this.client.start();
  }

  async stop(): Promise<void> {
    this.session++;
    this.client.stop();
    this.registry.stop();
    this.automations.stop();
    await this.batcher.close();
  }

  /** Writes work again after events were dropped (disk full, store down): fill them from HA's history now. */
  private refillLoss(): void {
    const since = this.gap.lossStart;
    if (since === null || !this.subscribed || this.gap.state === 'waiting' || this.gap.state === 'running') return;
    const session = this.session;
    void this.gap.fill(since, () => session === this.session && this.client.state === 'connected');
  }

  private dropped(event: StateEvent): void {
    this.metrics.dropped.inc();
    this.gap.markLoss(event.time);
    if (this.dropLogged) return;
    this.dropLogged = true;
    this.log.error({ queued: this.batcher.queued }, 'write queue full: dropping events; they are fetched from HA history after the next reconnect or restart');
  }

  private onEvent(raw: unknown): void {
    this.metrics.received.inc();
    this.rate.mark();
    if (isAutomationAddedOrRemoved(raw)) this.automations.changed();
    const normalized = normalizeStateChanged(raw, { registry: this.registry });
    if (!normalized.ok) {
      if (normalized.kind === 'invalid') {
        this.metrics.invalid.inc();
        if (this.invalidLogged++ < 20) this.log.warn({ reason: normalized.reason }, 'ignored a malformed state_changed event');
      }
      return;
    }
    const event = normalized.event;
    this.lastEventTime = event.time;
    if (!this.keep(event.entityId)) {
      this.metrics.filtered.inc();
      return;
    }
    this.batcher.add(event);
  }

  private async onReady(): Promise<void> {
    const session = ++this.session;
    const current = () => session === this.session && this.client.state === 'connected';
    try {
      await this.loadHome();
      const gapStart = await this.gap.open();
      await this.client.subscribe<unknown>(messages.STATE_CHANGED, (event) => this.onEvent(event));
      for (const type of messages.REGISTRY_UPDATED_EVENTS) await this.client.subscribe(type, () => this.registry.updated(type));
      await this.client.subscribe(messages.AUTOMATION_RELOADED, () => this.automations.changed());
      void this.automations.refresh();
      if (!current()) return;
      this.subscribed = true;
      this.metrics.connects.inc();
      this.setupFailures = 0;
      if (gapStart !== null) await this.gap.fill(gapStart, current);
    } catch (error) {
      if (!current()) return;
      // Connected but not subscribed is no state to stay in: reconnect, more slowly each time.
      const delay = Math.min(SETUP_RETRY_MAX_MS, SETUP_RETRY_MS * 2 ** this.setupFailures++);
      this.log.warn({ err: (error as Error).message, retry_in_ms: delay }, 'setting up the Home Assistant session failed; reconnecting');
      setTimeout(() => current() && this.client.reconnect(), delay).unref();
    }
  }

  /**
   * A fill that stored events is recorded as a `gap_fill` run with its span: the jobs service
   * (maybe another process) runs the daily job again for the days it completed, also days
   * older than Layer 1 keeps, before retention prunes them.
   */
  private recordFill(span: FilledSpan): void {
    try {
      const runs = this.storage.runs;
      const id = runs.start('gap_fill', new Date(span.from).toISOString(), span.to);
      runs.finish(id, 'success', { from: span.from, to: span.to, inserted: span.inserted }, Date.now());
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'recording the gap fill failed: the days it filled are aggregated only if their daily job has not run yet');
    }
  }

  private async loadHome(): Promise<void> {
    try {
      const config = await this.client.command<HaConfig>(messages.getConfig());
      this.storage.home.set({
        timeZone: config.time_zone,
        latitude: config.latitude,
        longitude: config.longitude,
        elevation: config.elevation,
        locationName: config.location_name,
        haVersion: config.version,
      });
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'get_config failed: the home keeps its stored time zone');
    }
    try {
      await this.registry.load();
      this.metrics.registryRefreshes.inc();
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'loading the registries failed: events are stored without device and area');
    }
  }

  health(): ComponentHealth {
    const state = this.client.state;
    const details = {
      connection: state,
      subscribed: this.subscribed,
      ha_version: this.client.haVersion ?? this.storage.home.get().haVersion ?? null,
      last_event_time: this.lastEventTime === null ? null : new Date(this.lastEventTime).toISOString(),
      events_per_second: Math.round(this.rate.perSecond() * 10) / 10,
      queued_writes: this.batcher.queued,
      gap_fills_done: this.gap.fillsDone,
      gap_fill: this.gap.state,
      last_gap_fill: this.gap.last === undefined ? null : { ...this.gap.last, reached: iso(this.gap.last.reached) },
      truncated_gaps: this.gap.truncated.map((t) => ({ gap_start: iso(t.gapStart), history_reached: iso(t.reached), at: iso(t.at) })),
      connects: this.client.stats.connects,
      auth_attempts: this.client.stats.authAttempts,
      ping_timeouts: this.client.stats.pingTimeouts,
      write_failing: this.batcher.failing,
    };
    if (state === 'auth_invalid') {
      return { status: 'down', message: `Home Assistant rejected the access token (${this.authError?.haMessage ?? 'invalid'}): create a new long-lived token and restart`, details };
    }
    if (state === 'stopped') return { status: 'down', message: 'ingestion is stopped', details };
    if (this.batcher.failing) {
      return { status: 'degraded', message: 'writing to Layer 1 fails (disk full or not writable?); events are held and retried, and what does not fit is filled from HA history once writes work: free disk space', details };
    }
    if (state !== 'connected' || !this.subscribed) {
      return { status: 'degraded', message: 'connecting to Home Assistant (retrying); the API keeps serving, and what is missed is filled from HA history on reconnect: check that HA runs and HA_URL is right', details };
    }
    if (this.gap.state === 'waiting' || this.gap.state === 'running') return { status: 'degraded', message: 'filling the gap from Home Assistant history', details };
    if (this.gap.state === 'failed') return { status: 'degraded', message: 'the last gap fill failed; it is retried on the next reconnect', details };
    const cut = this.gap.state === 'truncated' ? this.gap.truncated.at(-1) : undefined;
    if (cut !== undefined) {
      const reached = cut.reached === null ? 'has no states of these entities at all' : `begins at ${iso(cut.reached)}`;
      return {
        status: 'degraded',
        message: `the gap from ${iso(cut.gapStart)} was filled only in part: Home Assistant's history ${reached} (its recorder keeps purge_keep_days), so what happened before is lost. Raise purge_keep_days in HA's recorder to bridge longer outages`,
        details,
      };
    }
    return { status: 'ok', details };
  }
}

const iso = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());
