import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { HOME } from '../../simulate/home.js';
import type { PatternRow } from '../../storage/types.js';
import { checkAutomation, suggest, suggestJoined, type AvailableSuggestion } from './index.js';
import { joinClocks, WHEN_ID } from './joined.js';

const ENTITIES = new Set(HOME.map((e) => e.id));
const home = { names: (id: string) => HOME.find((e) => e.id === id)?.name ?? id, exists: (id: string) => ENTITIES.has(id) };

let nextId = 1;
function row(pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>): PatternRow {
  const t = '2026-11-24T00:00:00.000Z';
  return { id: nextId++, pattern_type, device_id, pattern_metadata, confidence: 0.9, occurrences: 17, created_at: t, pattern_key: 'k', area_id: null, updated_at: t, last_seen: t };
}
const available = (p: PatternRow): AvailableSuggestion => {
  const s = suggest(p, home);
  assert.ok(s.available, s.available ? '' : s.reason);
  return s;
};
const clockAt = (entity: string, minute: number, dayType: string, mask: number[]) =>
  available(row('time_based', entity, { entity_id: entity, typical_time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(Math.round(minute) % 60).padStart(2, '0')}`, typical_minute: minute, spread_minutes: 2.3, day_type: dayType, weekday_mask: mask, mask_days_matched: 17, mask_days_observed: 21, days_matched: 17, days_observed: 30 }));
const WEEKDAYS = [1, 2, 3, 4, 5];
const morningChain = available(row('sequence', 'light.bedroom_ceiling', { steps: ['light.bedroom_ceiling', 'light.hallway_ceiling', 'light.bathroom_ceiling', 'fan.bathroom'], step_minutes: 5 }));
const on = (entity: string) => ({ action: `${entity.split('.')[0]}.turn_on`, target: { entity_id: entity } });
const rest = [on('light.hallway_ceiling'), on('light.bathroom_ceiling'), on('fan.bathroom')];

describe('a chain with its clock times: one automation', () => {
  it('at 06:30 on weekdays, or when the bedroom light turns on: HA syntax, each trigger named, one choose', () => {
    const s = suggestJoined(morningChain, [clockAt('light.bedroom_ceiling', 389.6, 'weekdays', WEEKDAYS)], home);
    assert.ok(s.available, s.available ? '' : s.reason);
    // as HA reads it (YAML 1.1) and as an editor does: the same, and what homerhythm checks passes
    const a = parse(s.yaml, { version: '1.1' }) as Record<string, unknown>;
    assert.deepEqual(a, parse(s.yaml));
    assert.deepEqual(a, JSON.parse(JSON.stringify(s.automation)));
    assert.deepEqual(checkAutomation(a, home.exists), []);
    assert.match(s.yaml, /^ {4}at: "06:30:00"$/m, 'the time quoted, or YAML 1.1 reads a number');
    assert.match(s.yaml, /^ {4}to: "on"$/m);
    assert.equal(a['mode'], 'single');
    assert.equal(a['max_exceeded'], 'silent', "the bedroom light it turns on fires it again while it runs: dropped without a warning");
    assert.deepEqual(a['triggers'], [
      { trigger: 'time', at: '06:30:00', id: 'at_0630' },
      { trigger: 'state', entity_id: 'light.bedroom_ceiling', to: 'on', id: WHEN_ID },
    ]);
    assert.deepEqual(a['conditions'], [], 'the weekdays limit the clock, not the light turning on');
    assert.deepEqual(a['actions'], [{ choose: [
      { conditions: [{ condition: 'trigger', id: 'at_0630' }, { condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }], sequence: [on('light.bedroom_ceiling'), ...rest] },
      { conditions: [{ condition: 'trigger', id: WHEN_ID }], sequence: rest },
    ] }]);
    assert.equal(a['alias'], `${morningChain.automation.alias}; Bedroom ceiling: on at 06:30 on weekdays`);
    assert.ok(String(a['description']).startsWith(morningChain.automation.description));
    assert.match(String(a['description']), /17 of 21 days/);
  });

  it("a clock time of another step switches only that step; the same minute twice gets its own id", () => {
    const office = available(row('co_occurrence', 'light.office_desk', { trigger: 'light.office_desk', follower: 'switch.office_monitor', window_minutes: 5, typical_lag_seconds: 60 }));
    const desk = clockAt('light.office_desk', 541, 'some', [1, 2, 3, 4, 5, 6, 7]);
    const music = clockAt('media_player.office_speaker', 541, 'some', [1, 2, 3, 4, 5, 6, 7]);
    const a = joinClocks(office.automation, [desk.automation, music.automation]);
    assert.deepEqual(a.triggers.map((t) => t.id), ['at_0901', 'at_0901_2', WHEN_ID]);
    assert.deepEqual(a.actions, [{ choose: [
      { conditions: [{ condition: 'trigger', id: 'at_0901' }], sequence: [on('light.office_desk'), on('switch.office_monitor')] },
      { conditions: [{ condition: 'trigger', id: 'at_0901_2' }], sequence: [on('media_player.office_speaker')] },
      { conditions: [{ condition: 'trigger', id: WHEN_ID }], sequence: [on('switch.office_monitor')] },
    ] }]);
    assert.deepEqual(checkAutomation(a, home.exists), []);
  });

  it('nothing joined: the suggestion as it was; an entity that is not in the home: not offered', () => {
    assert.equal(suggestJoined(morningChain, [], home), morningChain);
    assert.equal(joinClocks(morningChain.automation, []), morningChain.automation);
    const s = suggestJoined(morningChain, [clockAt('light.bedroom_ceiling', 390, 'weekdays', WEEKDAYS)], { ...home, exists: (id) => id !== 'fan.bathroom' });
    assert.ok(!s.available);
    assert.equal(s.pattern_id, morningChain.pattern_id);
    assert.match(s.reason, /^the automation would not be valid: .*fan\.bathroom does not exist in this home/);
  });
});
