/**
 * Connect + authenticate, for the official client's `createSocket` option: Node 20 has no global
 * WebSocket, so we open one with `ws` (through an injectable factory: tests swap the transport,
 * not the logic), authenticate as the official client does (auth sent on open, before
 * `auth_required` arrives), set `haVersion` (the client's version checks need it), ask for
 * coalesced messages, and retry with exponential backoff until connected, refused, or stopped.
 */
import { ERR_INVALID_AUTH, type HaWebSocket } from 'home-assistant-js-websocket';
import WebSocket from 'ws';
import { HaAuthError, HaError } from './errors.js';
import * as messages from './messages.js';
import type { AuthPhaseMessage } from './types.js';
import { withoutCredentials } from '../redact.js';

export type SocketFactory = (url: string) => WebSocket;

/** History replies for a long gap can be large; we chunk them, this is the ceiling. */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export const defaultSocketFactory: SocketFactory = (url) => new WebSocket(url, { maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false });

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** ± this fraction of the delay, so many clients do not retry in step. */
  readonly jitter: number;
}

/** 0.5 s, 1 s, 2 s, … up to 30 s between attempts. */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };
/** An attempt that neither authenticates nor fails within this is abandoned. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Delay before attempt `attempt + 1` after `attempt` failures (attempt ≥ 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(base * (1 + backoff.jitter * (2 * random() - 1))));
}

/** `2024.1.0` ≥ 2022.9? (the version since which HA coalesces messages). */
export function atLeastVersion(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.', 2).map(Number);
  if (a === undefined || !Number.isFinite(a)) return false;
  return a > major || (a === major && (b ?? 0) >= minor);
}

/**
 * The socket handed to the official client: `ws` behind the browser-style surface the client
 * uses, with every listener guarded, so a malformed frame (the client JSON.parses without a
 * try) is logged instead of crashing the process.
 */
export class GuardedSocket {
  haVersion = '';
  readonly OPEN = WebSocket.OPEN;
  private readonly listeners = new Map<string, Map<unknown, (event: unknown) => void>>();

  constructor(
    readonly ws: WebSocket,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }

  /** Drops the connection at once (no closing handshake): for a peer that stopped answering. */
  terminate(): void {
    this.ws.terminate();
  }

  addEventListener(type: string, listener: (event: unknown) => unknown): void {
    const guarded = (event: unknown) => {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch(this.onListenerError);
      } catch (error) {
        this.onListenerError(error);
      }
    };
    let byListener = this.listeners.get(type);
    if (byListener === undefined) this.listeners.set(type, (byListener = new Map()));
    byListener.set(listener, guarded);
    this.ws.addEventListener(type as 'message', guarded as (event: WebSocket.MessageEvent) => void);
  }

  removeEventListener(type: string, listener: unknown): void {
    const guarded = this.listeners.get(type)?.get(listener);
    if (guarded === undefined) return;
    this.listeners.get(type)!.delete(listener);
    this.ws.removeEventListener(type as 'message', guarded as (event: WebSocket.MessageEvent) => void);
  }
}

export interface SocketHooks {
  /** An auth message is about to be sent (one per connection attempt that opened). */
  authenticating?(): void;
  /** An attempt failed and another follows after `retryInMs`. */
  failed?(error: HaError, attempt: number, retryInMs: number): void;
  /** HA refused the token; no further attempts. */
  authInvalid?(error: HaAuthError): void;
  /** `ws` reported an error (ECONNREFUSED, ECONNRESET, …): logged, never thrown. */
  socketError?(error: Error): void;
  /** A listener of the client library threw (e.g. on a malformed frame). */
  listenerError?(error: unknown): void;
}

export interface SocketOptions {
  /** The WebSocket URL (`ws://host:8123/api/websocket`). */
  readonly url: string;
  readonly token: string;
  readonly factory?: SocketFactory;
  readonly backoff?: Backoff;
  readonly connectTimeoutMs?: number;
  /** Aborting stops retrying. */
  readonly signal: AbortSignal;
  readonly hooks?: SocketHooks;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

function authenticate(options: SocketOptions): Promise<GuardedSocket> {
  const { hooks = {}, signal } = options;
  const ws = (options.factory ?? defaultSocketFactory)(options.url);
  // Permanent: an 'error' event without a listener would crash the process.
  ws.on('error', (error) => hooks.socketError?.(error));
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new HaError(`no answer within ${options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS} ms`, 'timeout', true)), options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    const onAbort = () => fail(new HaError('stopped', 'stopped', false));
    const onOpen = () => {
      hooks.authenticating?.();
      ws.send(JSON.stringify(messages.auth(options.token)));
    };
    const onError = (error: Error) => fail(new HaError(`cannot connect to ${withoutCredentials(options.url)}: ${error.message}`, 'cannot_connect', true));
    const onClose = (code: number) => fail(new HaError(`connection closed during authentication (code ${code})`, 'connection_lost', true));
    const onMessage = (data: WebSocket.RawData) => {
      let message: AuthPhaseMessage;
      try {
        message = JSON.parse(data.toString()) as AuthPhaseMessage;
      } catch {
        fail(new HaError('Home Assistant sent a malformed frame during authentication', 'invalid_format', true));
        return;
      }
      if (message.type === 'auth_invalid') {
        fail(new HaAuthError(typeof message.message === 'string' ? message.message : 'invalid access token'));
      } else if (message.type === 'auth_ok') {
        settled = true;
        cleanup();
        const socket = new GuardedSocket(ws, (error) => hooks.listenerError?.(error));
        socket.haVersion = typeof message.ha_version === 'string' ? message.ha_version : '0.0.0';
        if (atLeastVersion(socket.haVersion, 2022, 9)) ws.send(JSON.stringify(messages.supportedFeatures()));
        resolve(socket);
      }
      // auth_required: our auth is already on its way.
    };
    function cleanup() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      ws.off('open', onOpen);
      ws.off('message', onMessage);
      ws.off('error', onError);
      ws.off('close', onClose);
    }
    function fail(error: HaError) {
      if (settled) return;
      settled = true;
      cleanup();
      ws.terminate();
      reject(error);
    }
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    ws.on('open', onOpen);
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
  });
}

/**
 * The `createSocket` for `createConnection`: resolves with an authenticated socket; rejects with
 * the client's ERR_INVALID_AUTH when the token is refused (the client then stops reconnecting),
 * or with an HaError once stopped. Other failures are retried here, with backoff.
 */
export function socketCreator(options: SocketOptions): () => Promise<HaWebSocket> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  return async () => {
    for (let attempt = 1; ; attempt++) {
      if (options.signal.aborted) throw new HaError('stopped', 'stopped', false);
      try {
        return (await authenticate(options)) as unknown as HaWebSocket;
      } catch (error) {
        if (error instanceof HaAuthError) {
          options.hooks?.authInvalid?.(error);
          throw ERR_INVALID_AUTH;
        }
        const failure = error instanceof HaError ? error : new HaError(String(error), 'unknown_error', true);
        if (!failure.retryable) throw failure;
        const delay = backoffDelay(attempt, backoff);
        options.hooks?.failed?.(failure, attempt, delay);
        await sleep(delay, options.signal);
      }
    }
  };
}
