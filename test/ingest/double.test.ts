/**
 * The HA double behaves as HA documents its WebSocket API — checked with a raw socket and with
 * the official client as it ships (its own createSocket, `ws` as the global WebSocket), so the
 * integration tests test against HA's protocol, not against our own idea of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection, createLongLivedTokenAuth, ERR_INVALID_AUTH } from 'home-assistant-js-websocket';
import { WebSocket } from 'ws';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';

/** A raw client: every frame received, parsed. */
async function raw(url: string) {
  const ws = new WebSocket(url.replace('http', 'ws') + '/api/websocket');
  const frames: unknown[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise((resolve) => ws.once('open', resolve));
  const send = (m: unknown) => ws.send(JSON.stringify(m));
  const next = async (n: number) => {
    await waitFor(() => frames.length >= n, `${n} frames`, 3000, 5);
    return frames.slice(0, n);
  };
  return { ws, frames, send, next, closed };
}

describe('the HA double', () => {
  let double: HaDouble;
  before(async () => (double = await HaDouble.start({ home: sampleHome({ lights: 2, sensors: 1 }) })));
  after(() => double.stop());

  it('sends auth_required first, then auth_ok with ha_version', async () => {
    const c = await raw(double.url);
    assert.deepEqual((await c.next(1))[0], { type: 'auth_required', ha_version: '2025.1.0' });
    c.send({ type: 'auth', access_token: double.token });
    assert.deepEqual((await c.next(2))[1], { type: 'auth_ok', ha_version: '2025.1.0' });
    c.ws.close();
  });

  it('answers a wrong token with auth_invalid and closes; anything else during auth too', async () => {
    const c = await raw(double.url);
    c.send({ type: 'auth', access_token: 'nope' });
    await c.closed;
    assert.deepEqual(c.frames[1], { type: 'auth_invalid', message: 'Invalid access token or password' });
    const d = await raw(double.url);
    d.send({ id: 1, type: 'get_states' });
    await d.closed;
    assert.equal((d.frames[1] as { type: string }).type, 'auth_invalid');
  });

  it('requires increasing ids, answers results with success and error.code, pings, coalesces on request', async () => {
    const c = await raw(double.url);
    c.send({ type: 'auth', access_token: double.token });
    await c.next(2);
    c.send({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } });
    c.send({ id: 2, type: 'ping' });
    c.send({ id: 2, type: 'get_config' });
    c.send({ id: 3, type: 'no/such_command' });
    c.send({ id: 4, type: 'unsubscribe_events', subscription: 77 });
    c.send({ id: 5, type: 'history/history_during_period', start_time: new Date().toISOString() });
    await waitFor(() => c.frames.flat().length >= 2 + 6, 'six replies');
    const replies = c.frames.slice(2).flat() as { id: number; type: string; success?: boolean; error?: { code: string } }[];
    assert.deepEqual(
      replies.map((r) => [r.id, r.type, r.success ?? null, r.error?.code ?? null]),
      [
        [1, 'result', true, null],
        [2, 'pong', null, null],
        [2, 'result', false, 'id_reuse'],
        [3, 'result', false, 'unknown_command'],
        [4, 'result', false, 'not_found'],
        [5, 'result', false, 'invalid_format'],
      ],
    );
    assert.ok(c.frames.slice(2).some(Array.isArray), 'several replies in one JSON array frame');
    c.ws.close();
  });

  it('works with the official client as shipped (auth sent before auth_required)', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    g.WebSocket = WebSocket;
    try {
      const conn = await createConnection({ auth: createLongLivedTokenAuth(double.url, double.token) });
      const events: unknown[] = [];
      const unsubscribe = await conn.subscribeEvents((e) => events.push(e), 'state_changed');
      double.home.setState('light.lamp_0', 'on');
      await waitFor(() => events.length === 1, 'the event');
      assert.equal((events[0] as { data: { new_state: { state: string } } }).data.new_state.state, 'on');
      await unsubscribe();
      conn.close();
      await assert.rejects(createConnection({ auth: createLongLivedTokenAuth(double.url, 'wrong') }), (e) => e === ERR_INVALID_AUTH);
    } finally {
      g.WebSocket = saved;
    }
  });

  it('serves history as HA does: after start, before end, attribute-only updates unless significant_changes_only', async () => {
    const home = double.home;
    const start = Date.now();
    await new Promise((r) => setTimeout(r, 2));
    home.setState('light.lamp_1', 'on', { brightness: 1 });
    home.setState('light.lamp_1', 'on', { brightness: 2 });
    home.setState('light.lamp_1', 'off', { brightness: 0 });
    const all = home.history({ entityIds: ['light.lamp_1'], startMs: start, includeStartTimeState: false, significantChangesOnly: false, noAttributes: false })['light.lamp_1']!;
    assert.deepEqual(all.map((s) => [s.s, s.a?.['brightness'], s.lc === undefined]), [['on', 1, true], ['on', 2, false], ['off', 0, true]]);
    const significant = home.history({ entityIds: ['light.lamp_1'], startMs: start, includeStartTimeState: false, significantChangesOnly: true, noAttributes: true })['light.lamp_1']!;
    assert.deepEqual(significant.map((s) => [s.s, 'a' in s]), [['on', false], ['off', false]]);
    const withStart = home.history({ entityIds: ['light.lamp_1'], startMs: start, includeStartTimeState: true, significantChangesOnly: false, noAttributes: false })['light.lamp_1']!;
    assert.equal(withStart[0]!.lu, start / 1000, 'the synthetic start state is stamped with the start time');
  });
});
