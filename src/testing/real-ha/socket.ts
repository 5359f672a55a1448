/**
 * A small WebSocket client for driving a real Home Assistant from tests: authenticate, send
 * commands, await their results. Deliberately not the product's client (src/ha/): the tests
 * check that one against HA, so they must not lean on it to set HA up.
 */
import WebSocket from 'ws';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  what: string;
}

export class HaCommandError extends Error {
  override readonly name = 'HaCommandError';
}

export class HaSocket {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (event: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as unknown;
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) this.receive(m as Record<string, unknown>);
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new HaCommandError(`connection closed before ${p.what} answered`));
      this.pending.clear();
    });
  }

  /** Connects to `<baseUrl>/api/websocket` and authenticates with an access token. */
  static async connect(baseUrl: string, accessToken: string): Promise<HaSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/websocket`);
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => reject(new HaCommandError(`websocket to ${baseUrl}: ${e.message}`));
      ws.once('error', fail);
      ws.on('message', function auth(data) {
        const m = JSON.parse(data.toString()) as { type: string; message?: string };
        if (m.type === 'auth_required') ws.send(JSON.stringify({ type: 'auth', access_token: accessToken }));
        else if (m.type === 'auth_ok') {
          ws.off('message', auth);
          ws.off('error', fail);
          resolve();
        } else reject(new HaCommandError(`websocket auth: ${m.type} ${m.message ?? ''}`));
      });
    });
    ws.on('error', () => undefined); // a later error closes the socket; pending commands fail then
    return new HaSocket(ws);
  }

  private receive(m: Record<string, unknown>): void {
    const id = m['id'] as number;
    if (m['type'] === 'event') {
      this.listeners.get(id)?.(m['event']);
      return;
    }
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if (m['type'] === 'pong') p.resolve(null);
    else if (m['success'] === true) p.resolve(m['result']);
    else {
      const error = m['error'] as { code?: string; message?: string } | undefined;
      p.reject(new HaCommandError(`${p.what}: ${error?.code ?? '?'} ${error?.message ?? ''}`));
    }
  }

  /** Sends one command; resolves with its result, rejects with HA's error. */
  command<T = unknown>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new HaCommandError(`${String(message['type'])}: the connection is closed`));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, what: String(message['type']) });
      this.ws.send(JSON.stringify({ ...message, id }));
    });
  }

  /** Subscribes to events (all, or one type); returns the subscription's id. */
  async subscribe(onEvent: (event: unknown) => void, eventType?: string): Promise<number> {
    const id = this.nextId;
    this.listeners.set(id, onEvent);
    await this.command({ type: 'subscribe_events', ...(eventType === undefined ? {} : { event_type: eventType }) });
    return id;
  }

  callService(domain: string, service: string, target: Record<string, unknown>, data: Record<string, unknown> = {}): Promise<unknown> {
    return this.command({ type: 'call_service', domain, service, target, service_data: data });
  }

  close(): void {
    this.ws.close();
  }
}
