/**
 * Unusual days as news (web/app/stories.js, no DOM): newest first, what happened apart from what
 * is usual, friendly names, and the anomalies one cause explains grouped under it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { setEntities } from '../../web/app/home.js';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { splitUsual, stories } from '../../web/app/stories.js';

interface Anomaly { id: number; day: string; kind: string; device_id: string; area_id: string | null; surprise: number; phase: string | null; start_day: string | null; usual: Record<string, unknown>; observed: Record<string, unknown>; description: string }
interface Story { lead: Anomaly; also: Anomaly[] }

const a = (id: number, day: string, kind: string, device: string, surprise: number, extra: Partial<Anomaly> = {}): Anomaly => ({ id, day, kind, device_id: device, area_id: null, surprise, phase: null, start_day: null, usual: {}, observed: {}, description: `${kind} of ${device}; usually less`, ...extra });
const run = (list: Anomaly[]) => (stories as (x: Anomaly[]) => Story[])(list).map((s) => [s.lead.id, s.also.map((x) => x.id)]);

describe('stories of unusual days', () => {
  it('puts the newest day first, the most surprising first within a day', () => {
    assert.deepEqual(run([a(1, '2026-11-20', 'count_high', 'switch.kettle', 3), a(2, '2026-11-22', 'hour', 'light.hall', 1), a(3, '2026-11-22', 'duration', 'fan.bath', 5)]), [[3, []], [2, []], [1, []]]);
  });

  it('groups what a quiet home explains under it: its quiet and silent entities on its days, not a busy one or another day', () => {
    const quiet = a(10, '2026-11-23', 'home_quiet', 'home', 40, { start_day: '2026-11-21', phase: 'end' });
    const list = [quiet, a(11, '2026-11-22', 'count_low', 'light.hall', 2), a(12, '2026-11-21', 'silent', 'sensor.door', 3), a(13, '2026-11-22', 'count_high', 'switch.kettle', 4), a(14, '2026-11-20', 'count_low', 'light.hall', 2)];
    assert.deepEqual(run(list), [[10, [11, 12]], [13, []], [14, []]]);
  });

  it('tells one entity’s news on one day as one story', () => {
    assert.deepEqual(run([a(1, '2026-11-20', 'count_high', 'switch.kettle', 8), a(2, '2026-11-20', 'hour', 'switch.kettle', 2), a(3, '2026-11-21', 'hour', 'switch.kettle', 2)]), [[3, []], [1, [2]]]);
  });

  it('splits what happened from what is usual, with friendly names', () => {
    setEntities([{ entity_id: 'switch.kettle', name: 'Kettle', area_id: 'kitchen', activations: 1, days: 1 }]);
    assert.deepEqual(splitUsual('49 uses of switch.kettle on Wednesday 14 Oct; usually 4–7'), { happened: '49 uses of Kettle on Wednesday 14 Oct', usual: 'usually 4–7' });
    assert.deepEqual(splitUsual('switch.other was odd'), { happened: 'switch.other was odd', usual: null });
  });
});
