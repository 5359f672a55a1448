import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printFixes } from '../cli/suggestions.js';
import { OVERRIDE_DAILY } from '../detectors/overrides.js';
import type { AggregateRecord, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import { apiHome, calendar, NOW } from '../testing/api.js';
import { listFixes, sentenceOf } from './fixes.js';

const hall = { entity_id: 'light.hall', automation: 'automation.hall', set: 'on' };
const rec = (period: string, runs: number, undone: number[], tags: Record<string, string> = hall): AggregateRecord => ({ measurement: OVERRIDE_DAILY.name, period, time: calendar.day(period).start, tags, fields: { runs, undone_seconds: JSON.stringify(undone) }, version: 1 });

async function store(storage: Storage, records: AggregateRecord[]): Promise<void> {
  for (const period of new Set(records.map((r) => r.period))) await storage.aggregates.replace({ bucket: BUCKETS.daily, period, measurements: [OVERRIDE_DAILY.name], records: records.filter((r) => r.period === period) });
}

describe('automations to fix', () => {
  it('says what the automation does and how often it is undone', () => {
    assert.equal(sentenceOf({ sets: 'on', runs: 9, undone: 6, withinMinutes: 4 }, 'Hallway lights at sunset', 'Hallway light'), "'Hallway lights at sunset' switches Hallway light on, and it is switched off by hand within 4 min on 6 of its last 9 runs");
    assert.equal(sentenceOf({ sets: 'off', runs: 4, undone: 4, withinMinutes: 1 }, null, 'Fan'), 'An automation switches Fan off, and it is switched on by hand within 1 min on 4 of its last 4 runs');
  });

  it('from Layer 2’s daily counts over the window, named from HA’s automations; through the API and the CLI', async () => {
    const home = await apiHome();
    try {
      const { storage } = home;
      storage.automations.replaceAll(
        [
          { entity_id: 'automation.other', automation_id: 'o1', alias: 'Other', state: 'on', config: null },
          { entity_id: 'automation.hall', automation_id: 'h1', alias: 'Hall light with motion', state: 'on', config: null },
        ],
        NOW,
      );
      const lamp = { entity_id: 'light.living_room', automation: 'automation.gone', set: 'on' };
      await store(storage, [
        rec('2026-10-26', 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]), // the day before the 30-day window
        rec('2026-10-27', 4, [1, 2, 3], lamp), // its first day
        rec('2026-10-26', 9, [1, 2, 3, 4, 5, 6, 7, 8, 9], lamp),
        rec('2026-11-20', 5, [30, 200]),
        rec('2026-11-25', 4, [60, 100, 170]), // today, so far
        rec('2026-11-24', 6, [10, 10, 10, 10, 10, 10], { entity_id: 'switch.fan', set: 'off' }),
        rec('2026-11-24', 6, [10], { entity_id: 'switch.pump', set: 'on' }),
      ]);
      const fixes = await listFixes(storage, calendar, NOW);
      assert.deepEqual(
        fixes.map((f) => [f.automation?.alias ?? null, f.entity_id, f.sets, f.runs, f.undone, f.within_minutes, f.from, f.to]),
        [
          [null, 'switch.fan', 'off', 6, 6, 1, '2026-11-24', '2026-11-24'],
          ['automation.gone', 'light.living_room', 'on', 4, 3, 1, '2026-10-27', '2026-10-27'],
          ['Hall light with motion', 'light.hall', 'on', 9, 5, 4, '2026-11-20', '2026-11-25'],
        ],
      );
      assert.deepEqual(fixes[1]!.automation, { entity_id: 'automation.gone', automation_id: null, alias: 'automation.gone', state: 'unknown' }, 'not in the copy of HA’s automations');
      assert.equal(fixes[1]!.entity_name, 'Living room');
      fixes.splice(1, 1);
      assert.equal(fixes[1]!.sentence, "'Hall light with motion' switches light.hall on, and it is switched off by hand within 4 min on 5 of its last 9 runs");
      assert.deepEqual(fixes[1]!.automation, { entity_id: 'automation.hall', automation_id: 'h1', alias: 'Hall light with motion', state: 'on' });
      assert.deepEqual(await listFixes(storage, calendar, NOW, { undoMinutes: 2, minRuns: 4, minShare: 0.5, recentRuns: 10, windowDays: 30, automatedShare: 0.8 }).then((f) => f.map((x) => x.entity_id)), ['switch.fan', 'light.living_room'], 'the undo limit is a setting');

      const res = await home.request('/api/v1/suggestions/fixes');
      assert.equal(res.status, 200);
      const body = (await res.json()) as { fixes: { sentence: string }[] };
      assert.equal(body.fixes.length, 3);
      assert.deepEqual(body.fixes.filter((f) => !f.sentence.includes('Living room')).map((f) => f.sentence), fixes.map((f) => f.sentence));
      assert.equal((await home.request('/api/v1/suggestions/fixes?x=1')).status, 400);

      const printed = await printFixes(storage, calendar, { json: false, now: NOW });
      assert.equal(printed.split('\n')[0], fixes[0]!.sentence);
      assert.equal(printed.split('\n')[2], `${fixes[1]!.sentence} (automation.hall)`);
      assert.equal(JSON.parse(await printFixes(storage, calendar, { json: true, now: NOW })).fixes.length, 3);
      assert.equal(await printFixes(storage, calendar, { json: false, now: NOW + 90 * 86_400_000 }), 'no automation is undone by hand on most of its recent runs');
    } finally {
      await home.close();
    }
  });
});
