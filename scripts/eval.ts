/**
 * `npm run eval`: a simulated home lived through day by day by the jobs service on a fake clock
 * (src/eval/live.ts), scored per detector against the simulator's ground truth. Exits 1 when a
 * detector misses its target (Group A: recall ≥ 0.95, precision ≥ 0.90; Groups B and C: both ≥ 0.90).
 * Options: --days N --events-per-day M --seed S --off-every D (0: never off) --keep DIR (keep the store) --json --verbose
 */
import { parseArgs } from 'node:util';
import { liveHome, target } from '../src/eval/live.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    'events-per-day': { type: 'string', default: '3000' },
    seed: { type: 'string', default: '42' },
    'off-every': { type: 'string', default: '45' },
    keep: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const options = { days: Number(values.days), eventsPerDay: Number(values['events-per-day']), seed: Number(values.seed), offEvery: Number(values['off-every']), ...(values.keep ? { keep: values.keep } : {}) };
const result = await liveHome(options);
const met = (s: (typeof result.scores)[number]) => s.recall >= target(s.kind).recall && s.precision >= target(s.kind).precision;
if (values.json) console.log(JSON.stringify({ options, ...result }, null, 2));
else {
  console.log(`simulated home: ${options.days} days × ~${options.eventsPerDay} events, seed ${options.seed}; ${result.offDays} days off; lived through in ${result.seconds.toFixed(1)} s`);
  console.log(`runs: ${result.runs.daily} daily, ${result.runs.weekly} weekly, ${result.runs.monthly} monthly`);
  console.log('detector        expected  found  recall  precision  target');
  for (const s of result.scores) {
    console.log(`${s.kind.padEnd(15)} ${String(s.expected).padStart(8)} ${String(s.found).padStart(6)} ${s.recall.toFixed(3).padStart(7)} ${s.precision.toFixed(3).padStart(10)}  ${met(s) ? 'met' : 'MISSED'}`);
    if (values.verbose || !met(s)) {
      for (const m of s.missed) console.log(`    missed: ${m}`);
      for (const f of s.falsePositives) console.log(`    false positive: ${f}`);
    }
  }
}
if (!result.scores.every(met)) process.exitCode = 1;
