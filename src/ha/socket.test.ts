/** The auth phase with the transport swapped for a fake (the injectable socket factory). */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ERR_INVALID_AUTH } from 'home-assistant-js-websocket';
import type WebSocket from 'ws';
import { HaAuthError, type HaError } from './errors.js';
import { GuardedSocket, socketCreator, type SocketFactory } from './socket.js';

/** Just enough of `ws` for the auth phase; `script` plays HA's side. */
class FakeWs extends EventEmitter {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  terminated = false;
  constructor(private readonly script: (ws: FakeWs) => void) {
    super();
    setImmediate(() => this.script(this));
  }
  open() {
    this.readyState = 1;
    this.emit('open');
  }
  reply(message: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(message)));
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
  close() {
    this.terminate();
  }
  addEventListener() {}
  removeEventListener() {}
}

function factoryOf(scripts: ((ws: FakeWs) => void)[]): { factory: SocketFactory; sockets: FakeWs[] } {
  const sockets: FakeWs[] = [];
  const factory: SocketFactory = () => {
    const script = scripts[Math.min(sockets.length, scripts.length - 1)]!;
    const ws = new FakeWs(script);
    sockets.push(ws);
    return ws as unknown as WebSocket;
  };
  return { factory, sockets };
}

const fast = { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 };

describe('socketCreator', () => {
  it('sends auth on open (before auth_required), sets haVersion, asks for coalesced messages', async () => {
    const { factory, sockets } = factoryOf([
      (ws) => {
        ws.open();
        ws.reply({ type: 'auth_required', ha_version: '2025.1.0' });
        ws.reply({ type: 'auth_ok', ha_version: '2025.1.0' });
      },
    ]);
    const socket = (await socketCreator({ url: 'ws://x', token: 'tok', factory, signal: new AbortController().signal })()) as unknown as GuardedSocket;
    assert.ok(socket instanceof GuardedSocket);
    assert.equal(socket.haVersion, '2025.1.0');
    assert.deepEqual(sockets[0]!.sent, [
      { type: 'auth', access_token: 'tok' },
      { id: 1, type: 'supported_features', features: { coalesce_messages: 1 } },
    ]);
  });

  it('does not ask an HA older than 2022.9 for coalesced messages', async () => {
    const { factory, sockets } = factoryOf([(ws) => (ws.open(), ws.reply({ type: 'auth_ok', ha_version: '2022.8.0' }))]);
    await socketCreator({ url: 'ws://x', token: 'tok', factory, signal: new AbortController().signal })();
    assert.deepEqual(sockets[0]!.sent, [{ type: 'auth', access_token: 'tok' }]);
  });

  it('rejects with the client library’s ERR_INVALID_AUTH after one attempt, keeping HA’s message', async () => {
    const { factory, sockets } = factoryOf([(ws) => (ws.open(), ws.reply({ type: 'auth_invalid', message: 'Invalid access token or password' }))]);
    let refused: HaAuthError | undefined;
    await assert.rejects(
      socketCreator({ url: 'ws://x', token: 'bad', factory, signal: new AbortController().signal, hooks: { authInvalid: (e) => (refused = e) } })(),
      (e) => e === ERR_INVALID_AUTH,
    );
    assert.equal(sockets.length, 1);
    assert.ok(refused instanceof HaAuthError);
    assert.equal(refused.haMessage, 'Invalid access token or password');
  });

  it('retries with backoff after socket errors and early closes; an error event never throws', async () => {
    const { factory, sockets } = factoryOf([
      (ws) => ws.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' })),
      (ws) => (ws.open(), ws.emit('close', 1006)),
      (ws) => (ws.open(), ws.reply({ type: 'auth_ok', ha_version: '2025.1.0' }), ws.emit('error', new Error('ECONNRESET later'))),
    ]);
    const failures: [string, number][] = [];
    const socketErrors: string[] = [];
    await socketCreator({
      url: 'ws://x',
      token: 'tok',
      factory,
      backoff: fast,
      signal: new AbortController().signal,
      hooks: { failed: (e: HaError, _attempt, retryInMs) => failures.push([e.code, retryInMs]), socketError: (e) => socketErrors.push(e.message) },
    })();
    assert.deepEqual(failures, [['cannot_connect', 5], ['connection_lost', 10]]);
    assert.equal(sockets.length, 3);
    assert.ok(sockets[0]!.terminated && sockets[1]!.terminated && !sockets[2]!.terminated);
    assert.ok(socketErrors.includes('ECONNRESET later'), 'errors after auth go to the hook, not to an uncaught throw');
  });

  it('gives up an attempt that never answers, and stops when aborted', async () => {
    const { factory, sockets } = factoryOf([(ws) => ws.open()]);
    const abort = new AbortController();
    const attempt = socketCreator({ url: 'ws://x', token: 'tok', factory, backoff: fast, connectTimeoutMs: 30, signal: abort.signal, hooks: { failed: () => sockets.length >= 2 && abort.abort() } })();
    await assert.rejects(attempt, (e: HaError) => e.code === 'stopped');
    assert.ok(sockets.length >= 2);
    assert.ok(sockets.every((s) => s.terminated));
  });
});

describe('GuardedSocket', () => {
  it('keeps a throwing listener (the client library on a malformed frame) from crashing the process', () => {
    const ws = new EventEmitter() as EventEmitter & { addEventListener: (t: string, l: (e: unknown) => void) => void; removeEventListener: (t: string, l: (e: unknown) => void) => void };
    ws.addEventListener = (t, l) => void ws.on(t, l);
    ws.removeEventListener = (t, l) => void ws.off(t, l);
    const errors: unknown[] = [];
    const socket = new GuardedSocket(ws as unknown as WebSocket, (e) => errors.push(e));
    const listener = (event: unknown) => JSON.parse((event as { data: string }).data) as unknown;
    socket.addEventListener('message', listener);
    ws.emit('message', { data: '{broken' });
    assert.equal(errors.length, 1);
    socket.removeEventListener('message', listener);
    ws.emit('message', { data: '{broken' });
    assert.equal(errors.length, 1);
  });
});
