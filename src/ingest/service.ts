/**
 * The websocket-ingestion service (port 8001): connects to Home Assistant, writes Layer 1, fills
 * gaps from HA's history, and serves /health and /metrics.
 *
 * A refused token at start is fatal: `start()` rejects with a ConfigError (one clear line, exit
 * code 2), after one auth attempt. A token refused later (revoked while we run) stops ingestion
 * without retrying; the process keeps serving /health with `connection: auth_invalid`, status
 * down (HTTP 503), so other services in the same process go on.
 */
import { join } from 'node:path';
import { isSupervisorProxy } from '../app-options.js';
import { ConfigError } from '../config.js';
import { HaAuthError } from '../ha/errors.js';
import { accessPolicy, edgeLimits } from '../http/index.js';
import type { Service, ServiceContext } from '../service.js';
import { ingestApp, listen, type Listening } from './live/http.js';
import { Ingestor, type IngestorOptions } from './live/ingestor.js';
import { GAP_MARKER_FILE } from './live/gap-marker.js';
import { withoutCredentials } from '../redact.js';

/** What tests and benches may set beyond the config file. */
export type IngestOverrides = Partial<Pick<IngestorOptions, 'recorderCommitWaitMs' | 'gapFill' | 'gapFillRetryMs' | 'backoff' | 'socketFactory' | 'connectTimeoutMs' | 'maxQueued'>> & {
  /** 0: any free port (tests). */
  readonly port?: number;
};

export class IngestService implements Service {
  readonly name = 'ingest' as const;
  readonly ingestor: Ingestor;
  private http: Listening | undefined;
  private started = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly overrides: IngestOverrides = {},
  ) {
    const { config, storage, log } = ctx;
    const ingest = config.ingest;
    this.ingestor = new Ingestor(
      storage,
      {
        url: config.homeassistant.url!,
        token: config.homeassistant.token!,
        heartbeatMs: ingest.heartbeat_seconds * 1000,
        pongTimeoutMs: ingest.pong_timeout_seconds * 1000,
        batchSize: ingest.batch_size,
        flushMs: ingest.flush_ms,
        historyMarginMs: ingest.history_margin_seconds * 1000,
        gapMarkerPath: join(config.data_dir, GAP_MARKER_FILE),
        include: ingest.include,
        exclude: ingest.exclude,
        ...overrides,
      },
      log.child({ component: 'ingest' }),
    );
    this.ingestor.client.on({
      authInvalid: (error) => {
        // At start the CLI reports it (start() rejects); later, this is the one report.
        if (this.started) ctx.log.error({ component: 'ingest', url: withoutCredentials(config.homeassistant.url!) }, `${error.message}: ingestion stopped, not retrying. Create a new long-lived access token and restart.`);
      },
    });
  }

  /** The port /health and /metrics are served on. */
  get port(): number | undefined {
    return this.http?.port;
  }

  async start(): Promise<void> {
    const { config, health } = this.ctx;
    try {
      this.http = await listen(
        ingestApp({ ingest: () => this.ingestor.health(), all: () => health.snapshot() }, this.ingestor.metrics.registry, { policy: accessPolicy(config) }),
        config.bind,
        this.overrides.port ?? config.ingest.port,
        edgeLimits(config),
      );
    } catch (error) {
      await this.ingestor.stop();
      throw new ConfigError((error as Error).message);
    }
    health.register('ingest', () => this.ingestor.health());
    try {
      const outcome = await this.ingestor.start();
      this.ctx.log.info({ component: 'ingest', port: this.http.port, outcome }, outcome === 'connected' ? 'ingesting from Home Assistant' : 'Home Assistant not reachable yet: retrying with backoff');
    } catch (error) {
      await this.stop();
      if (error instanceof HaAuthError) {
        const url = config.homeassistant.url!;
        // An App's token is the Supervisor's to give: no long-lived token can help there.
        if (isSupervisorProxy(url)) {
          throw new ConfigError(`the Supervisor's proxy at ${withoutCredentials(url)} refused this App's SUPERVISOR_TOKEN (it said: "${error.haMessage}"): restart the App; if that does not help, reinstall it`);
        }
        throw new ConfigError(
          `Home Assistant at ${withoutCredentials(url)} rejected the access token (HA said: "${error.haMessage}"). ` +
            'Create a long-lived access token in Home Assistant (your profile → Security) and set HA_TOKEN or HA_TOKEN_FILE.',
        );
      }
      throw error;
    }
    this.started = true;
  }

  async stop(): Promise<void> {
    this.ctx.health.unregister('ingest');
    await this.ingestor.stop();
    await this.http?.close();
    this.http = undefined;
  }
}

export function createIngestService(ctx: ServiceContext, overrides: IngestOverrides = {}): IngestService | null {
  const ha = ctx.config.homeassistant;
  if (ha.url === undefined) return null;
  if (ha.token === undefined) {
    throw new ConfigError('HA_URL is set but no access token is: set HA_TOKEN or HA_TOKEN_FILE (a long-lived access token from your Home Assistant profile)');
  }
  return new IngestService(ctx, overrides);
}
