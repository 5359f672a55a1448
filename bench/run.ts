/**
 * `npm run bench`: runs each case in a fresh child process (so peak RSS belongs to that case),
 * several times, and reports medians with the machine's load. Writes bench/results/<time>.json.
 * Usage: npm run bench [-- --runs N] [-- --only name,name]
 * Cases run compiled (build/bench); run.ts from source runs them with tsx instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CaseResult } from './cases/case.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const only = values.only?.split(',');

// Cases run as compiled JavaScript (npm run bench compiles first), as the product ships: tsx
// alone adds ~35 MB of resident memory that a user's process does not have.
const ext = import.meta.url.endsWith('.ts') ? '.bench.ts' : '.bench.js';
const cases = readdirSync(join(here, 'cases'))
  .filter((f) => f.endsWith(ext))
  .map((f) => f.slice(0, -ext.length))
  .filter((name) => only === undefined || only.includes(name))
  .sort();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row { case: string; metric: string; unit: string; median: number; runs: number[]; budget?: string; pass?: boolean }
const rows: Row[] = [];
const loadBefore = loadavg();
for (const name of cases) {
  const results: CaseResult[] = [];
  for (let i = 0; i < runs; i++) {
    const loader = ext === '.bench.ts' ? ['--import', 'tsx'] : [];
    const child = spawnSync(process.execPath, [...loader, join(here, 'cases', `${name}${ext}`)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (child.status !== 0) {
      process.stderr.write(`bench case ${name} failed:\n${child.stderr}\n`);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as CaseResult);
  }
  for (const metric of Object.keys(results[0]!.metrics)) {
    const m = results[0]!.metrics[metric]!;
    const values = results.map((r) => r.metrics[metric]!.value);
    const med = median(values);
    const pass = m.max !== undefined ? med <= m.max : m.min !== undefined ? med >= m.min : undefined;
    const budget = m.max !== undefined ? `≤ ${m.max}` : m.min !== undefined ? `≥ ${m.min}` : undefined;
    rows.push({ case: name, metric, unit: m.unit, median: med, runs: values, budget, pass });
  }
}
const loadAfter = loadavg();

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const header = ['case', 'metric', 'median', 'unit', 'budget', 'ok', 'runs'];
const body = rows.map((r) => [r.case, r.metric, fmt(r.median), r.unit, r.budget ?? '', r.pass === undefined ? '' : r.pass ? 'yes' : 'NO', r.runs.map(fmt).join(' / ')]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}`);
console.log(`load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}; ${runs} runs per case, medians`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) console.log(line(b));

const outDir = join(process.cwd(), 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadBefore, loadAfter, runs, rows }, null, 2));
console.log(`\nwritten: ${file}`);
if (rows.some((r) => r.pass === false)) process.exitCode = 1;
