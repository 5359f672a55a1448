/**
 * A Home Assistant protocol double over a real socket (127.0.0.1, ephemeral port), behaving as
 * HA documents its WebSocket API: `auth_required` first, an `auth` sent before it accepted,
 * `auth_ok` / `auth_invalid` (then close), ids that must increase (`id_reuse`), results with
 * `success` and `error.code`, coalesced frames after `supported_features`, ping/pong, the
 * registries, get_config, get_states, subscribe/unsubscribe_events, history. Switches let a test
 * drop sockets, refuse connections, and stop answering pongs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { HaEvent } from '../../src/ha/types.js';
import { DoubleHome } from './home.js';

export interface HaDoubleOptions {
  readonly token?: string;
  readonly haVersion?: string;
  readonly home?: DoubleHome;
  /** Where the WebSocket API is served: HA's `/api/websocket`, or `/core/websocket` to play the Supervisor's proxy an App connects to. */
  readonly websocketPath?: string;
}

type Message = Record<string, unknown> & { id?: unknown; type?: unknown };

class DoubleConnection {
  phase: 'auth' | 'ready' | 'closed' = 'auth';
  private lastId = 0;
  private coalesce = false;
  private outbox: unknown[] = [];
  readonly subscriptions = new Map<number, string | undefined>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly ws: WebSocket,
    private readonly double: HaDouble,
  ) {
    this.send({ type: 'auth_required', ha_version: double.haVersion });
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', () => this.closed());
    ws.on('error', () => this.closed());
    this.unsubscribe = double.home.onEvent((event) => this.deliver(event));
  }

  private closed(): void {
    this.phase = 'closed';
    this.unsubscribe();
    this.double.connections.delete(this);
  }

  send(message: unknown): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.coalesce) {
      this.ws.send(JSON.stringify(message));
      return;
    }
    this.outbox.push(message);
    if (this.outbox.length === 1) {
      setImmediate(() => {
        const batch = this.outbox;
        this.outbox = [];
        if (this.ws.readyState !== WebSocket.OPEN) return;
        if (batch.length > 1) this.double.coalescedFrames++;
        this.ws.send(JSON.stringify(batch.length === 1 ? batch[0] : batch));
      });
    }
  }

  private result(id: number, result: unknown): void {
    this.send({ id, type: 'result', success: true, result });
  }

  private error(id: number, code: string, message: string): void {
    this.send({ id, type: 'result', success: false, error: { code, message } });
  }

  private deliver(event: HaEvent): void {
    if (this.phase !== 'ready') return;
    for (const [id, type] of this.subscriptions) if (type === undefined || type === event.event_type) this.send({ id, type: 'event', event });
  }

  private receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      this.ws.close(1003, 'invalid JSON');
      return;
    }
    if (this.phase === 'auth') return this.authenticate(message);
    if (this.phase !== 'ready') return;
    const id = message.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || typeof message.type !== 'string') {
      return this.error(typeof id === 'number' ? id : 0, 'invalid_format', 'Message incorrectly formatted.');
    }
    if (id <= this.lastId) return this.error(id, 'id_reuse', 'Identifier values have to increase.');
    this.lastId = id;
    this.double.commands.push(message);
    const failures = this.double.failCommands.get(message.type) ?? 0;
    if (failures > 0) {
      this.double.failCommands.set(message.type, failures - 1);
      return this.error(id, 'unknown_command', 'Unknown command.');
    }
    this.command(id, message);
  }

  private authenticate(message: Message): void {
    if (message.type !== 'auth' || typeof message.access_token !== 'string') {
      this.send({ type: 'auth_invalid', message: 'Auth message incorrectly formatted' });
      this.ws.close();
      return;
    }
    this.double.authAttempts++;
    if (message.access_token !== this.double.token) {
      this.double.authFailures++;
      this.send({ type: 'auth_invalid', message: 'Invalid access token or password' });
      this.ws.close();
      return;
    }
    this.phase = 'ready';
    this.send({ type: 'auth_ok', ha_version: this.double.haVersion });
  }

  private command(id: number, m: Message): void {
    const home = this.double.home;
    switch (m.type) {
      case 'supported_features':
        this.coalesce = (m.features as { coalesce_messages?: unknown } | undefined)?.coalesce_messages === 1;
        return this.result(id, null);
      case 'ping':
        if (this.double.answerPongs) this.send({ id, type: 'pong' });
        return;
      case 'get_config':
        return this.result(id, home.config);
      case 'get_states':
        return this.result(id, home.getStates());
      case 'config/entity_registry/list':
        return this.result(id, home.entities);
      case 'config/device_registry/list':
        return this.result(id, home.devices);
      case 'config/area_registry/list':
        return this.result(id, home.areas);
      case 'subscribe_events':
        this.subscriptions.set(id, typeof m.event_type === 'string' ? m.event_type : undefined);
        return this.result(id, null);
      case 'unsubscribe_events': {
        const sub = m.subscription;
        if (typeof sub !== 'number' || !this.subscriptions.delete(sub)) return this.error(id, 'not_found', 'Subscription not found.');
        return this.result(id, null);
      }
      case 'history/history_during_period':
        return this.history(id, m);
      case 'automation/config': {
        const config = typeof m.entity_id === 'string' ? home.automationConfigs.get(m.entity_id) : undefined;
        return config === undefined ? this.error(id, 'not_found', 'Entity not found') : this.result(id, { config });
      }
      default:
        return this.error(id, 'unknown_command', `Unknown command: ${String(m.type)}`);
    }
  }

  private history(id: number, m: Message): void {
    if (typeof m.start_time !== 'string' || !Array.isArray(m.entity_ids)) return this.error(id, 'invalid_format', "required key not provided @ data['entity_ids']");
    const start = Date.parse(m.start_time);
    if (!Number.isFinite(start)) return this.error(id, 'invalid_start_time', 'Invalid start_time');
    let end: number | undefined;
    if (typeof m.end_time === 'string') {
      end = Date.parse(m.end_time);
      if (!Number.isFinite(end)) return this.error(id, 'invalid_end_time', 'Invalid end_time');
    }
    this.double.historyRequests.push({ start, end, entityIds: m.entity_ids as string[] });

    if (start > Date.now()) return this.result(id, {});
    const flag = (name: string, fallback: boolean) => (typeof m[name] === 'boolean' ? (m[name] as boolean) : fallback);
    const result = this.double.home.history({
      entityIds: m.entity_ids as string[],
      startMs: start,
      endMs: end,
      includeStartTimeState: flag('include_start_time_state', true),
      significantChangesOnly: flag('significant_changes_only', true),
      noAttributes: flag('no_attributes', false),
    });
    // HA answers from its executor: the reply does not come in the same tick.
    setTimeout(() => this.result(id, result), 1);
  }
}

export class HaDouble {
  readonly home: DoubleHome;
  /** The one long-lived access token accepted; a test may change it (a revoked token). */
  token: string;
  readonly haVersion: string;
  readonly connections = new Set<DoubleConnection>();
  /** Every command received after auth, in order. */
  readonly commands: Message[] = [];
  readonly historyRequests: { start: number; end?: number; entityIds: string[] }[] = [];
  authAttempts = 0;
  authFailures = 0;
  /** WebSocket upgrade requests, refused ones included. */
  upgradeAttempts = 0;
  connectionsAccepted = 0;
  /** Frames that carried a JSON array of several messages. */
  coalescedFrames = 0;
  /** false: pings get no pong (a half-dead connection). */
  answerPongs = true;
  /** true: new connections are cut during the handshake (HA restarting). */
  refuseConnections = false;
  /**
   * Commands to refuse, by type, with how many times: answered `unknown_command` as HA does
   * while starting (e.g. history not loaded yet).
   */
  readonly failCommands = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    options: HaDoubleOptions,
  ) {
    this.home = options.home ?? new DoubleHome();
    this.token = options.token ?? 'double-token';
    this.haVersion = options.haVersion ?? '2025.1.0';
  }

  static async start(options: HaDoubleOptions = {}): Promise<HaDouble> {
    const http = createServer((req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'not found' }));
    });
    const wss = new WebSocketServer({ noServer: true });
    const double = new HaDouble(http, wss, options);
    http.on('connection', (socket) => {
      double.sockets.add(socket);
      socket.on('close', () => double.sockets.delete(socket));
    });
    http.on('upgrade', (req, socket, head) => {
      double.upgradeAttempts++;
      if (double.refuseConnections || req.url !== (options.websocketPath ?? '/api/websocket')) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        double.connectionsAccepted++;
        double.connections.add(new DoubleConnection(ws, double));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** The base URL, as a user puts it in HA_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections subscribed to state_changed. */
  get stateSubscribers(): number {
    let n = 0;
    for (const c of this.connections) for (const type of c.subscriptions.values()) if (type === 'state_changed' || type === undefined) n++;
    return n;
  }

  /** Cuts every socket at once (no close handshake), like a network failure or HA restart. */
  dropConnections(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  /** Sends a raw frame on every authenticated connection (malformed input). */
  sendRaw(text: string): void {
    for (const c of this.connections) if (c.phase === 'ready') c.ws.send(text);
  }

  /** Emits `count` state changes at `perSecond`, calling `change(i)` for each; resolves when done. */
  stream(count: number, perSecond: number, change: (i: number) => void): { done: Promise<void>; stop(): void } {
    let emitted = 0;
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(count, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
        while (emitted < due) change(emitted++);
        if (emitted >= count) return resolve();
        timer = setTimeout(tick, 5);
      };
      tick();
    });
    return { done, stop: () => clearTimeout(timer) };
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    for (const s of this.sockets) s.destroy();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

export { waitFor } from '../../src/testing/wait.js';
