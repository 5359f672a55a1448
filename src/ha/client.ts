/**
 * The connection to HA: the official client (ids, in-flight commands, reconnects) on our socket,
 * plus what it lacks — a heartbeat (the library has none, and a network cut without a TCP close
 * is only noticed by pinging), command timeouts, one clear outcome for a refused token, and a
 * state a health check can show.
 */
import { type Connection, createConnection, ERR_INVALID_AUTH } from 'home-assistant-js-websocket';
import { HaAuthError, HaError, toHaError } from './errors.js';
import * as messages from './messages.js';
import { type Backoff, GuardedSocket, type SocketFactory, socketCreator } from './socket.js';
import type { Command } from './types.js';
import { withoutCredentials } from '../redact.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'auth_invalid' | 'stopped';

/** What the client logs through; pino's Logger fits. */
export interface ClientLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface HaClientOptions {
  /** The WebSocket URL (see messages.websocketUrl). */
  readonly url: string;
  readonly token: string;
  readonly heartbeatMs: number;
  readonly pongTimeoutMs: number;
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly backoff?: Backoff;
  readonly socketFactory?: SocketFactory;
  readonly log: ClientLog;
}

export interface HaClientListener {
  /** Connected and authenticated (first time and after every reconnect). */
  ready?(): void;
  disconnected?(): void;
  /** The token was refused: nothing more will be tried. */
  authInvalid?(error: HaAuthError): void;
}

/** How the first connection attempt ended. */
export type FirstOutcome = 'connected' | 'unreachable' | 'stopped';

export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

export class HaClient {
  private stateValue: ConnectionState = 'stopped';
  private conn: Connection | undefined;
  private readonly abort = new AbortController();
  private readonly listeners: HaClientListener[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private pingInFlight = false;
  private authError: HaAuthError | undefined;
  /** Rejecters of commands in flight, failed at once on a disconnect. */
  private readonly pending = new Set<(error: HaError) => void>();
  readonly stats = { authAttempts: 0, connects: 0, disconnects: 0, failedAttempts: 0, pingTimeouts: 0, malformedFrames: 0 };

  constructor(private readonly options: HaClientOptions) {}

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** HA's version from the last auth_ok. */
  get haVersion(): string | undefined {
    return this.conn?.haVersion;
  }

  on(listener: HaClientListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Starts connecting. Resolves after the first attempt: connected, or unreachable (attempts go
   * on in the background, with backoff). Rejects with HaAuthError when the token is refused.
   */
  start(): Promise<FirstOutcome> {
    const { log } = this.options;
    this.stateValue = 'connecting';
    return new Promise<FirstOutcome>((resolve, reject) => {
      let first = true;
      const settle = (outcome: FirstOutcome) => {
        if (first) resolve(outcome);
        first = false;
      };
      const createSocket = socketCreator({
        url: this.options.url,
        token: this.options.token,
        factory: this.options.socketFactory,
        backoff: this.options.backoff,
        connectTimeoutMs: this.options.connectTimeoutMs,
        signal: this.abort.signal,
        hooks: {
          authenticating: () => this.stats.authAttempts++,
          failed: (error, attempt, retryInMs) => {
            this.stats.failedAttempts++;
            const log1 = attempt === 1 || attempt % 10 === 0 ? log.warn.bind(log) : log.debug.bind(log);
            log1({ attempt, retry_in_ms: retryInMs, code: error.code }, `Home Assistant not reachable: ${error.message}`);
            if (this.stateValue !== 'stopped') this.stateValue = 'connecting';
            settle('unreachable');
          },
          authInvalid: (error) => (this.authError = error),
          socketError: (error) => log.debug({ err: error.message }, 'websocket error'),
          listenerError: (error) => {
            this.stats.malformedFrames++;
            log.warn({ err: (error as Error)?.message ?? String(error) }, 'ignored a frame from Home Assistant the client could not handle');
          },
        },
      });
      createConnection({ setupRetry: 0, createSocket: () => createSocket() }).then(
        (conn) => {
          if (this.abort.signal.aborted) {
            conn.close();
            return settle('stopped');
          }
          this.attach(conn);
          settle('connected');
        },
        (error: unknown) => {
          if (error === ERR_INVALID_AUTH) {
            const authError = this.authError ?? new HaAuthError('invalid access token');
            this.onAuthInvalid(authError);
            if (first) reject(authError);
            first = false;
          } else settle('stopped');
        },
      );
    });
  }

  private attach(conn: Connection): void {
    this.conn = conn;
    conn.addEventListener('ready', () => this.onReady());
    conn.addEventListener('disconnected', () => this.onDisconnected());
    conn.addEventListener('reconnect-error', () => this.onAuthInvalid(this.authError ?? new HaAuthError('invalid access token')));
    // The first 'ready' fired inside the constructor, before anyone could listen.
    this.onReady();
  }

  private emit(event: keyof HaClientListener, arg?: HaAuthError): void {
    for (const listener of [...this.listeners]) {
      try {
        listener[event]?.(arg as HaAuthError);
      } catch (error) {
        this.options.log.error({ err: error }, `a ${event} listener failed`);
      }
    }
  }

  private onReady(): void {
    this.stateValue = 'connected';
    this.stats.connects++;
    this.options.log.info({ ha_version: this.conn?.haVersion, url: withoutCredentials(this.options.url) }, 'connected to Home Assistant');
    this.startHeartbeat();
    this.emit('ready');
  }

  private onDisconnected(): void {
    this.stopHeartbeat();
    this.failPending(new HaError('connection to Home Assistant lost', 'connection_lost', true));
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'disconnected';
    this.stats.disconnects++;
    this.options.log.warn({}, 'disconnected from Home Assistant: reconnecting');
    this.emit('disconnected');
  }

  private onAuthInvalid(error: HaAuthError): void {
    this.stopHeartbeat();
    if (this.stateValue === 'auth_invalid' || this.stateValue === 'stopped') return;
    this.stateValue = 'auth_invalid';
    this.emit('authInvalid', error);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const conn = this.conn;
    const socket = conn?.socket as unknown as GuardedSocket | undefined;
    if (conn === undefined || socket === undefined) return;
    this.pingInFlight = false;
    this.heartbeat = setInterval(() => {
      if (this.pingInFlight || conn.socket !== (socket as unknown)) return;
      this.pingInFlight = true;
      const timer = setTimeout(() => {
        this.stats.pingTimeouts++;
        this.options.log.warn({ timeout_ms: this.options.pongTimeoutMs }, 'no pong from Home Assistant in time: reconnecting');
        // The close event takes the library's reconnect path.
        this.reconnect();
      }, this.options.pongTimeoutMs);
      conn
        .ping()
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(timer);
          this.pingInFlight = false;
        });
    }, this.options.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private failPending(error: HaError): void {
    for (const reject of [...this.pending]) reject(error);
    this.pending.clear();
  }

  /** Races a request against its timeout and the connection's loss. */
  private guard<T>(work: Promise<T>, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: HaError) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => fail(new HaError(`${what}: no answer within ${timeoutMs} ms`, 'timeout', true)), timeoutMs);
      this.pending.add(fail);
      work.then(
        (value) => {
          clearTimeout(timer);
          this.pending.delete(fail);
          resolve(value);
        },
        (error: unknown) => fail(toHaError(error)),
      );
    });
  }

  private connected(): Connection {
    const conn = this.conn;
    if (conn === undefined || this.stateValue !== 'connected' || !conn.connected) {
      throw new HaError('not connected to Home Assistant', 'connection_lost', true);
    }
    return conn;
  }

  /** Sends a command and resolves with its result; rejects with HaError. */
  async command<T>(message: Command, timeoutMs = this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS): Promise<T> {
    const conn = this.connected();
    return this.guard(conn.sendMessagePromise<T>({ ...message }), message.type, timeoutMs);
  }

  /**
   * Subscribes to one event type on the current connection only: after a reconnect the caller
   * subscribes again (and fills the gap in between), so it knows exactly when events resume.
   */
  async subscribe<E>(eventType: string, callback: (event: E) => void): Promise<() => Promise<void>> {
    const conn = this.connected();
    return this.guard(conn.subscribeMessage<E>(callback, messages.subscribeEvents(eventType), { resubscribe: false }), `subscribe ${eventType}`, this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  /** Drops the current connection; the client reconnects (and `ready` fires again). */
  reconnect(): void {
    const socket = this.conn?.socket as unknown;
    if (socket instanceof GuardedSocket) socket.terminate();
    else this.conn?.reconnect(true);
  }

  stop(): void {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'stopped';
    this.abort.abort();
    this.stopHeartbeat();
    this.failPending(new HaError('stopped', 'stopped', false));
    this.conn?.close();
  }
}
