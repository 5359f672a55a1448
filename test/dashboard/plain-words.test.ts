/**
 * Every pattern of the demo home (62 days, as `npm start` has them: all ten detectors, the
 * monthly ones included) in plain words: the sentence of src/detectors/describe.ts, and the one
 * the dashboard shows (web/app/patterns.js, friendly names), each without the statistician's words
 * (lift, confidence, candidate, ±, ×, percentages, metadata keys), and in the forms a person says.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describePattern } from '../../src/detectors/describe.js';
import { entityWords } from '../../src/jobs/entity-words.js';
import type { PatternRow } from '../../src/storage/types.js';
import { HOME } from '../../src/simulate/home.js';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { setEntities } from '../../web/app/home.js';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { numbersOf, sentence } from '../../web/app/patterns.js';
import { buildDemoHome, type DemoHome } from './demo-home.js';

/** Words and signs a person does not say about their home. */
const JARGON = /\blift\b|candidate|confidence|occurrence|activation|p[_ -]?value|metadata|session|aggregate|cases\b|±|×|%|\/day|\b[a-z]+_[a-z_]+\b(?!\.)|follows_daylight|\bNaN\b|undefined|null/i;
const TYPES = ['time_based', 'co_occurrence', 'sequence', 'room_based', 'duration', 'anomaly', 'session', 'day_type', 'contextual', 'seasonal'];

let home: DemoHome;
let patterns: PatternRow[];
/** A sentence with its entity ids taken out (an id such as light.living_room is a name, not jargon). */
const words = (text: string) => text.replace(/\b[a-z_]+\.[a-z0-9_]+\b/g, 'ENTITY');

before(async () => {
  home = await buildDemoHome({ days: 62, monthly: true });
  patterns = home.storage.patterns.list({ limit: 100_000 });
  setEntities(HOME.map((e) => ({ entity_id: e.id, name: e.name, area_id: e.areaId, domain: e.id.split('.')[0] })));
});
after(async () => {
  await home?.storage.close();
  if (home) rmSync(home.dir, { recursive: true, force: true });
});

describe('every pattern of the demo home in plain words', () => {
  it('has all ten kinds to read', () => {
    assert.deepEqual([...new Set(patterns.map((p) => p.pattern_type))].sort(), [...TYPES].sort());
  });

  it('says each without jargon, in the terminal and on the dashboard', () => {
    for (const p of patterns) {
      const text = describePattern(p);
      assert.doesNotMatch(words(text), JARGON, `${p.pattern_type}: ${text}`);
      const shown = (sentence as (x: unknown) => string)({ ...p, description: text });
      assert.doesNotMatch(words(shown), JARGON, `${p.pattern_type} on the dashboard: ${shown}`);
      assert.doesNotMatch(shown, /\b[a-z_]+\.[a-z0-9_]+\b/, `friendly names on the dashboard: ${shown}`);
    }
  });

  it('in the forms a person says', () => {
    const forms: Record<string, RegExp> = {
      time_based: /^\S+ (turns on|is unlocked|comes home|starts \w+) around \d\d:\d\d (every day|on weekdays|at weekends), give or take \d+ min \(on \d+ of \d+ days\)$|on \d+ of \d+ days, give or take/,
      co_occurrence: /^When \S+ .+, \S+ (is )?(always|almost always|usually) .+ about (\d+ s|a minute|\d+ min|[\d.]+ h) later \(\d+ of \d+ times\)$/,
      // a step says its own verb where it does not do what the step before it did
      sequence: /^\S+ [^,]+(, then \S+( [^,]+)?)+, each within \d+ min of the last \(\d+ of \d+ times\)$/,
      room_based: /^The [a-z ]+ is busiest around \d+:00( and \d+:00|, \d+:00)*/,
      duration: /^\S+ usually (stays (on|unlocked|open|home)|keeps \w+ing) for about .+?( — an auto-off after .+ would catch the times it is forgotten|, nearly always within .+)?$/,
      session: /^(On weekdays|At weekends|Every day) from about \d\d:\d\d to \d\d:\d\d, there is activity in the .+ \(on \d+ days\)$/,
      day_type: /^\S+ ((turns on|is unlocked|comes home|starts \w+|opens) more often (on weekdays|at weekends) \(.+\) than (on weekdays|at weekends) \(.+\)|(first .+|is first \w+) around \d\d:\d\d on weekdays and \d\d:\d\d at weekends), in (each of the last \d+|\d+ of the last \d+) weeks$/,
      contextual: /^\S+ (turns on|is unlocked|comes home|starts \w+|opens) (while|when) .+ — (every time so far \(\d+ times\)|nearly every time \(\d+ of \d+\)|\d+ of its \d+ uses)$/,
      seasonal: /^\S+ (came on|stayed on|kept \w+ing|started \w+) .+ in [A-Z][a-z]+ and .+ in [A-Z][a-z]+, .+$/,
      anomaly: /usually|longest/,
    };
    for (const p of patterns) assert.match(describePattern(p), forms[p.pattern_type]!, p.pattern_type);
  });

  it('with the friendly names and the words of each device, as the daily job last knew them', async () => {
    const known = await entityWords(home.storage);
    const texts = patterns.map((p) => describePattern(p, known));
    for (const text of texts) {
      assert.doesNotMatch(text, /\b[a-z_]+\.[a-z0-9_]+\b/, `an entity id instead of its name: ${text}`);
      assert.doesNotMatch(words(text), JARGON, text);
      // a door contact opens, a lock is unlocked: neither "turns on"
      assert.doesNotMatch(text, /(Front door|Front door lock|Bedroom window|Garden gate) (always |almost always |usually |first )?turns on/, text);
    }
    assert.ok(texts.some((t) => /^When Front door lock is unlocked, Front door (always|almost always|usually) opens about /.test(t)), 'a lock, then its door');
    assert.ok(texts.some((t) => /^Front door opens around \d\d:\d\d/.test(t)), 'a door at a time of day');
    // "Garden path lights" is a plural name: its verbs agree
    assert.ok(texts.some((t) => /^Garden path lights usually stay on for about .+ the times they are forgotten$/.test(t)), 'plural lights');
  });

  it('keeps the numbers one click away: confidence and the statistics behind each sentence', () => {
    const numbers = numbersOf as (x: unknown) => [string, string][];
    for (const p of patterns) {
      const rows = new Map(numbers({ ...p, description: describePattern(p) }));
      assert.equal(rows.get('confidence (how often it held when it could have)'), `${Math.round(p.confidence * 100)} %`);
      const lift = Number((p.pattern_metadata as Record<string, unknown>)['lift']);
      if (p.pattern_type === 'co_occurrence') assert.ok(Math.abs(Number(rows.get('lift (times more often than if it were chance)')) - lift) <= lift * 0.001, `lift ${lift}`);
    }
  });

  it('offers an auto-off in the words of the issue, where a light is left on', () => {
    const offers = patterns.filter((p) => p.pattern_type === 'duration' && (p.pattern_metadata as Record<string, unknown>)['auto_off_candidate'] === true);
    assert.ok(offers.length > 0, 'the demo home has an auto-off to offer');
    for (const p of offers) assert.match(describePattern(p), / — an auto-off after .+ would catch the times it is forgotten$/);
  });
});
