/**
 * `npm run eval`: messy simulated homes, one per seed, each lived through day by day by the jobs
 * service on a fake clock (src/eval/live.ts), scored per detector against the simulator's ground
 * truth: recall, strict and lenient precision, patterns per home-week, false anomalies per
 * home-week, per seed and the mean (src/eval/table.ts). Exits 1 when the mean misses a target
 * (every detector: recall ≥ 0.9, strict precision ≥ 0.8; ≤ 0.5 false anomalies per home-week).
 * Options: --days N --events-per-day M --seeds 1,2,3 (--seed S: one) --tidy (the demo's home, no
 * mess) --off-every D (0: never off) --keep DIR (keep the store; one seed) --json --verbose
 */
import { parseArgs } from 'node:util';
import { liveHome, type LivedResult } from '../src/eval/live.js';
import { allMet, formatTable, meanOf } from '../src/eval/table.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '42' },
    'events-per-day': { type: 'string', default: '3000' },
    seeds: { type: 'string', default: '1,2,3' },
    seed: { type: 'string' },
    tidy: { type: 'boolean', default: false },
    'off-every': { type: 'string', default: '45' },
    keep: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const seeds = (values.seed ?? values.seeds).split(',').map(Number);
if (seeds.some((s) => !Number.isSafeInteger(s))) throw new RangeError(`--seeds takes whole numbers, not ${values.seeds}`);
if (values.keep !== undefined && seeds.length > 1) throw new RangeError('--keep keeps one store: pass one seed');
const started = Date.now();
const results: LivedResult[] = [];
for (const seed of seeds) {
  results.push(await liveHome({
    days: Number(values.days), eventsPerDay: Number(values['events-per-day']), seed, offEvery: Number(values['off-every']), messy: !values.tidy,
    ...(values.keep ? { keep: values.keep } : {}),
  }));
}
const mean = meanOf(results);
if (values.json) console.log(JSON.stringify({ seeds, mean, results: results.map(({ truth: _truth, ...r }) => r) }, null, 2));
else {
  for (const line of formatTable(results, values.verbose)) console.log(line);
  console.log(`${seeds.length} home(s) × ${values.days} days × ~${values['events-per-day']} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (!allMet(mean)) process.exitCode = 1;
