/**
 * The eval's table, per seed and the mean over seeds: per detector expected, found, recall,
 * strict and lenient precision; then what a user must read (patterns per home-week) and the false
 * anomalies per home-week. Pure: results in, lines out.
 */
import type { KindScore } from './score.js';
import { metTarget, TARGET, type LivedResult } from './live.js';

const num = (x: number, width: number, digits = 3) => x.toFixed(digits).padStart(width);

export interface MeanKind {
  readonly kind: string;
  readonly expected: number;
  readonly found: number;
  readonly recall: number;
  readonly strictPrecision: number;
  readonly lenientPrecision: number;
}

export interface MeanResult {
  readonly kinds: readonly MeanKind[];
  readonly patternsPerWeek: number;
  readonly falseAnomaliesPerWeek: number;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function meanOf(results: readonly LivedResult[]): MeanResult {
  const kinds = results[0]?.kinds.map((k, i) => {
    const of = (f: (s: KindScore) => number) => mean(results.map((r) => f(r.kinds[i]!)));
    return { kind: k.kind, expected: of((s) => s.expected), found: of((s) => s.found), recall: of((s) => s.recall), strictPrecision: of((s) => s.strictPrecision), lenientPrecision: of((s) => s.lenientPrecision) };
  }) ?? [];
  return { kinds, patternsPerWeek: mean(results.map((r) => r.patternsPerWeek)), falseAnomaliesPerWeek: mean(results.map((r) => r.falseAnomaliesPerWeek)) };
}

/** Whether a result (one seed, or the mean) meets every target. */
export function allMet(r: MeanResult): boolean {
  return r.kinds.every((k) => metTarget(k as KindScore)) && r.falseAnomaliesPerWeek <= TARGET.falseAnomaliesPerWeek;
}

function block(title: string, r: MeanResult, digits: number): string[] {
  const lines = [title, 'detector        expected   found  recall  strict P  lenient P  target'];
  for (const k of r.kinds) {
    lines.push(`${k.kind.padEnd(15)} ${num(k.expected, 8, digits)} ${num(k.found, 7, digits)} ${num(k.recall, 7)} ${num(k.strictPrecision, 9)} ${num(k.lenientPrecision, 10)}  ${metTarget(k as KindScore) ? 'met' : 'MISSED'}`);
  }
  lines.push(`patterns per home-week a user must read: ${r.patternsPerWeek.toFixed(1)}`);
  const fa = r.falseAnomaliesPerWeek;
  lines.push(`false anomalies per home-week: ${fa.toFixed(2)} (target ≤ ${TARGET.falseAnomaliesPerWeek}: ${fa <= TARGET.falseAnomaliesPerWeek ? 'met' : 'MISSED'})`);
  return lines;
}

export function formatTable(results: readonly LivedResult[], verbose: boolean): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const t = r.truth;
    const episodes = t.anomalies.filter((a) => a.date_to !== undefined).map((a) => `${a.kind} ${a.date}–${a.date_to}`);
    lines.push(
      `seed ${r.seed}: ${t.first_day} to ${t.last_day} (${t.days} days, ${r.weeks.toFixed(1)} weeks), ${t.messy ? 'messy' : 'tidy'}; clocks change ${t.dst_days.join(', ') || 'never'}; holiday ${t.holidays.join(', ') || 'none'}${episodes.length ? `; ${episodes.join(', ')}` : ''}; machine off ${r.offDays} of them; lived through in ${r.seconds.toFixed(1)} s`,
    );
    lines.push(...block(`runs: ${r.runs.daily} daily, ${r.runs.weekly} weekly, ${r.runs.monthly} monthly`, { kinds: r.kinds, patternsPerWeek: r.patternsPerWeek, falseAnomaliesPerWeek: r.falseAnomaliesPerWeek }, 0));
    for (const s of r.kinds) {
      if (!verbose && metTarget(s)) continue;
      for (const m of s.missed) lines.push(`    ${s.kind} missed: ${m}`);
      for (const f of s.falsePositives) lines.push(`    ${s.kind} false positive: ${f}`);
      if (verbose) for (const f of s.toleratedOnly) lines.push(`    ${s.kind} tolerated only: ${f}`);
    }
    lines.push('');
  }
  if (results.length > 1) lines.push(...block(`mean over seeds ${results.map((r) => r.seed).join(', ')}`, meanOf(results), 1));
  return lines;
}
