/**
 * Manual vs automated on the simulated home: the simulator makes some routines by hand and some by
 * an automation (the irrigation, the towel warmer, the dishwasher, the robot vacuum…), and writes
 * each change's cause as it made it. After the daily jobs, a suggestion whose acting entity only
 * an automation turns on is "already automated", and no new suggestion is of one; the routines by
 * hand are still suggested. The counts before (causes ignored) and after are printed.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { fillSimulatedStore, SIM_NOW, simCalendar } from '../testing/simulated-store.js';
import { tempDirs } from '../testing/temp.js';
import { allSuggestions, type ListedSuggestion } from './list.js';
import { isActiveState } from '../events/activity.js';

const tempDir = tempDirs('suggestions-simulated');

/** The entity that acts in a suggestion's pattern (as detectors/causes.ts reads it). */
function actor(s: ListedSuggestion): string {
  const m = s.pattern.pattern_metadata;
  const steps = m['steps'];
  return String(m['follower'] ?? (Array.isArray(steps) ? steps.at(-1) : undefined) ?? m['entity_id'] ?? s.pattern.device_id);
}

describe('suggestions of the simulated home, by cause', () => {
  let storage: SqliteStorage;
  after(() => storage?.close());

  it('labels what only an automation does, and still suggests what people do by hand', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    await fillSimulatedStore(dir, { days: 21, eventsPerDay: 1500, seed: 5, jobs: true });
    storage = new SqliteStorage(dir);
    // who turns each entity on, as the simulator wrote it
    const turnedOnBy = new Map<string, Set<string>>();
    for await (const chunk of storage.events.read({ start: 0, end: SIM_NOW })) {
      for (const e of chunk) {
        if (isActiveState(e.domain, e.state) !== true || isActiveState(e.domain, e.oldState) === true) continue;
        let by = turnedOnBy.get(e.entityId);
        if (by === undefined) turnedOnBy.set(e.entityId, (by = new Set()));
        by.add(e.cause);
      }
    }
    const onlyAutomated = new Set([...turnedOnBy].filter(([, by]) => by.size === 1 && by.has('automation')).map(([id]) => id));
    assert.ok(onlyAutomated.size >= 3, `entities only an automation turns on: ${[...onlyAutomated].join(', ')}`);

    const before = await allSuggestions(storage, simCalendar, SIM_NOW, 1.01);
    const afterwards = await allSuggestions(storage, simCalendar, SIM_NOW);
    process.stderr.write(`# simulated home: before ${JSON.stringify(before.counts)}, after ${JSON.stringify(afterwards.counts)}\n`);
    const automated = afterwards.suggestions.filter((s) => s.state === 'automated');
    process.stderr.write(`# automated: ${automated.map((s) => `${s.key} (${s.causes?.automation})`).join(', ')}\n`);
    const fresh = afterwards.suggestions.filter((s) => s.state === 'new');
    assert.ok(automated.length >= 1 && afterwards.counts.new < before.counts.new, `fewer new suggestions: ${before.counts.new} → ${afterwards.counts.new}`);
    assert.deepEqual(fresh.filter((s) => onlyAutomated.has(actor(s))).map((s) => s.key), [], 'no new suggestion for what only an automation does');
    for (const s of afterwards.suggestions.filter((x) => onlyAutomated.has(actor(x)))) assert.equal(s.state, 'automated', s.key);
    for (const s of automated) assert.ok(s.causes !== null && s.causes.automation >= 0.8, `${s.key}: ${JSON.stringify(s.causes)}`);
    assert.ok(fresh.length >= 5 && fresh.every((s) => s.causes === null || s.causes.automation < 0.8), 'the routines by hand are still suggested');
  });
});
