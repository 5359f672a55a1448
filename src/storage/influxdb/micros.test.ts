/**
 * Layer 1 on InfluxDB keyed to the microsecond, over points an older homerhythm wrote to the
 * millisecond: they stay, once each, and a gap fill's replay over them adds only the states the
 * millisecond key lost.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import { openTestStorage } from '../../testing/backends.js';
import { tempDirs } from '../../testing/temp.js';
import { EVENTS_MEASUREMENT } from './events.js';
import type { InfluxStorage } from './index.js';
import { formatPoint } from './line-protocol.js';

const tempDir = tempDirs('influx-micros');
const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;

function event(time: number, entityId: string, extra: Partial<StateEvent> = {}): StateEvent {
  return { time, entityId, domain: entityId.split('.')[0]!, state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'system', ...extra };
}

/** A point as the store before microseconds wrote it: precision ms, no `micro_key`. */
function oldLine(time: number, entityId: string, state: string): string {
  return formatPoint({
    measurement: EVENTS_MEASUREMENT,
    tags: { entity_id: entityId, domain: entityId.split('.')[0]!, event_type: 'state_changed' },
    fields: { state, old_state: 'x', cause: 'system', changed: true },
    time,
  });
}

async function readAll(storage: InfluxStorage, start: number, end: number): Promise<StateEvent[]> {
  const out: StateEvent[] = [];
  for await (const page of storage.events.read({ start, end })) out.push(...page);
  return out;
}

describe('InfluxDB Layer 1: points written to the millisecond before', () => {
  it('keeps each once, and a replay of HA history over them adds only what the ms key lost', async () => {
    const storage = (await openTestStorage('influxdb', tempDir())) as InfluxStorage;
    try {
      const raw = storage.buckets.raw;
      const old = [oldLine(NOW, 'sensor.power', '876.4'), oldLine(NOW, 'light.hall', 'on'), oldLine(NOW + 5, 'sensor.power', '850.0'), oldLine(NOW + DAY, 'light.hall', 'off')];
      await storage.http.write(raw.db, raw.rp, old.join('\n'));
      const history = [
        event(NOW, 'sensor.power', { state: '876.4', micros: 120 }),
        event(NOW, 'sensor.power', { state: '854.2', micros: 870 }),
        event(NOW, 'light.hall', { state: 'on', micros: 3 }),
        event(NOW + 5, 'sensor.power', { state: '850.0' }),
        event(NOW + DAY, 'light.hall', { state: 'off', micros: 999 }),
        event(NOW + DAY + 1, 'light.hall', { state: 'on', micros: 1 }),
      ];
      assert.deepEqual(await storage.events.append(history), { inserted: 2, duplicates: 4 });
      const states = (events: StateEvent[]) => events.map((e) => `${e.entityId}@${e.time - NOW}.${e.micros ?? 0}=${e.state}`);
      const expected = ['light.hall@0.0=on', 'sensor.power@0.0=876.4', 'sensor.power@0.870=854.2', 'sensor.power@5.0=850.0', `light.hall@${DAY}.0=off`, `light.hall@${DAY + 1}.1=on`];
      assert.deepEqual(states(await readAll(storage, NOW, NOW + 2 * DAY)), expected);
      assert.deepEqual(await storage.events.append(history), { inserted: 0, duplicates: 6 }, 'a second replay adds nothing');
      assert.deepEqual(states(await readAll(storage, NOW, NOW + 2 * DAY)), expected);
    } finally {
      await storage.close();
    }
  });
});
