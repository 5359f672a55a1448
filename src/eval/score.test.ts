import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planHome, type GroundTruth } from '../simulate/index.js';
import { scoreHome, scoreKind, type Finding } from './score.js';

/** A real truth with its lists replaced: the scoring reads only these and `matching`. */
function truthWith(lists: Partial<Pick<GroundTruth, 'expected' | 'optional' | 'tolerated'>>): GroundTruth {
  const base = planHome({ days: 3, eventsPerDay: 0, seed: 1, lastDay: '2026-10-31' });
  const empty = { time_based: [], co_occurrence: [], sequence: [], room_based: [], duration: [], anomaly: [], session: [], day_type: [], contextual: [], seasonal: [] };
  return { ...base, days: 14, expected: { ...empty, ...lists.expected }, optional: { ...empty, ...lists.optional }, tolerated: { ...empty, ...lists.tolerated } } as GroundTruth;
}

const time = (entity: string, minute: number): Finding => ({ patternType: 'time_based', deviceId: entity, key: `activation@${minute}`, metadata: { typical_minute: minute } });
const anomaly = (entity: string, kind: string, day: string): Finding => ({ patternType: 'anomaly', deviceId: entity, key: `${day}:${kind}`, metadata: { kind, day } });
const origin = { routine: 'test' } as const;

describe('scoreKind', () => {
  it('counts a finding that matches only a tolerated entry for lenient precision and not for strict', () => {
    const truth = truthWith({
      expected: { time_based: [{ ...origin, source: 'planted', entity_id: 'switch.a', minute_of_day: 300, spread_minutes: 2, days: 'all', probability: 0.9 }] } as never,
      tolerated: { time_based: [{ ...origin, source: 'tolerated', entity_id: 'switch.b', minute_of_day: 600 }] } as never,
    });
    const s = scoreKind('time_based', [time('switch.a', 305), time('switch.b', 610)], truth);
    assert.equal(s.recall, 1);
    assert.equal(s.strictPrecision, 0.5);
    assert.equal(s.lenientPrecision, 1);
    assert.deepEqual(s.toleratedOnly, ['switch.b activation@610']);
    assert.deepEqual(s.falsePositives, []);
  });

  it('counts an optional entry (implied by the mechanism) for strict precision, without asking for it in recall', () => {
    const truth = truthWith({
      expected: { sequence: [{ ...origin, source: 'planted', chain: ['a', 'b', 'c'], max_step_seconds: 90, days: 'all' }] } as never,
      optional: { sequence: [{ ...origin, source: 'implied', chain: ['a', 'b'] }] } as never,
    });
    const seq = (steps: string[]): Finding => ({ patternType: 'sequence', deviceId: steps[0]!, key: steps.join('>'), metadata: { steps } });
    const s = scoreKind('sequence', [seq(['a', 'b']), seq(['b', 'a'])], truth);
    assert.equal(s.recall, 0, 'the sub-chain does not stand for the chain');
    assert.equal(s.strictPrecision, 0.5);
    assert.deepEqual(s.falsePositives, ['b b>a']);
  });

  it('matches an anomaly by entity, kind and a day within [date, date_to + 1 day]', () => {
    const truth = truthWith({
      expected: { anomaly: [
        { ...origin, source: 'planted', entity_id: 'home', kind: 'home_quiet', date: '2026-10-05', date_to: '2026-10-07', detail: {} },
        { ...origin, source: 'planted', entity_id: 'switch.a', kind: 'count_high', date: '2026-10-10', detail: {} },
      ] } as never,
    });
    const right = [anomaly('home', 'home_quiet', '2026-10-08'), anomaly('switch.a', 'count_high', '2026-10-11')];
    const wrong = [anomaly('home', 'home_quiet', '2026-10-09'), anomaly('home', 'home_quiet', '2026-10-04'), anomaly('switch.a', 'count_low', '2026-10-10'), anomaly('switch.b', 'count_high', '2026-10-10')];
    for (const f of right) assert.equal(scoreKind('anomaly', [f], truth).strictPrecision, 1, f.key);
    for (const f of wrong) assert.equal(scoreKind('anomaly', [f], truth).strictPrecision, 0, `${f.deviceId} ${f.key}`);
    const home = scoreHome(['anomaly', 'time_based'], [...right, ...wrong, time('switch.z', 1)], truth);
    assert.equal(home.weeks, 2);
    assert.equal(home.patternsPerWeek, 7 / 2);
    assert.equal(home.falseAnomaliesPerWeek, 4 / 2);
  });

  it('gives no precision to nothing found where something was expected', () => {
    const truth = truthWith({ expected: { room_based: [{ ...origin, source: 'planted', area_id: 'office', hours: [9], entities: [], days: 'all' }] } as never });
    assert.equal(scoreKind('room_based', [], truth).strictPrecision, 0);
    assert.equal(scoreKind('duration', [], truth).strictPrecision, 1, 'nothing expected, nothing found');
  });
});
