import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as messages from './messages.js';
import { atLeastVersion, backoffDelay, DEFAULT_BACKOFF } from './socket.js';

describe('HA message builders', () => {
  it('turns the HA base URL into its WebSocket URL', () => {
    assert.equal(messages.websocketUrl('http://homeassistant.local:8123'), 'ws://homeassistant.local:8123/api/websocket');
    assert.equal(messages.websocketUrl('https://ha.example.org/'), 'wss://ha.example.org/api/websocket');
    assert.equal(messages.websocketUrl('https://example.org/ha/'), 'wss://example.org/ha/api/websocket');
    assert.equal(messages.websocketUrl('ws://10.0.0.2:8123/api/websocket'), 'ws://10.0.0.2:8123/api/websocket');
    assert.equal(messages.websocketUrl('ws://supervisor/core/websocket'), 'ws://supervisor/core/websocket', "the Supervisor's proxy, as an App connects");
    assert.throws(() => messages.websocketUrl('ftp://x'), /http\(s\)/);
  });

  it('asks history for every recorded state, without the synthetic start state', () => {
    const m = messages.historyDuringPeriod({ start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2), entityIds: ['light.a', 'sensor.b'] });
    assert.deepEqual(m, {
      type: 'history/history_during_period',
      start_time: '2026-01-01T00:00:00.000Z',
      end_time: '2026-01-02T00:00:00.000Z',
      entity_ids: ['light.a', 'sensor.b'],
      include_start_time_state: false,
      significant_changes_only: false,
      minimal_response: false,
      no_attributes: false,
    });
    assert.equal('end_time' in messages.historyDuringPeriod({ start: 0, entityIds: ['a.b'] }), false);
  });

  it('builds the commands without ids (the connection numbers them)', () => {
    assert.deepEqual(messages.subscribeEvents('state_changed'), { type: 'subscribe_events', event_type: 'state_changed' });
    assert.deepEqual(messages.subscribeEvents(), { type: 'subscribe_events' });
    assert.deepEqual(messages.entityRegistryList(), { type: 'config/entity_registry/list' });
    assert.deepEqual(messages.supportedFeatures(), { id: 1, type: 'supported_features', features: { coalesce_messages: 1 } });
  });
});

describe('socket helpers', () => {
  it('compares HA versions', () => {
    assert.equal(atLeastVersion('2022.9.0', 2022, 9), true);
    assert.equal(atLeastVersion('2025.1.3', 2022, 9), true);
    assert.equal(atLeastVersion('2022.8.7', 2022, 9), false);
    assert.equal(atLeastVersion('0.118.5', 2022, 9), false);
    assert.equal(atLeastVersion('garbage', 2022, 9), false);
  });

  it('backs off exponentially up to a ceiling, with jitter', () => {
    const fixed = () => 0.5; // no jitter
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 20].map((a) => backoffDelay(a, DEFAULT_BACKOFF, fixed)), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, () => 0), 400);
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, () => 1), 600);
  });
});
