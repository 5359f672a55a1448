/** What a bench case prints as its last stdout line (JSON), and helpers cases share. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Metric {
  readonly value: number;
  readonly unit: string;
  /** Budget from PRODUCT.md §10: the median must stay at or below max / at or above min. */
  readonly max?: number;
  readonly min?: number;
}

export interface CaseResult {
  readonly metrics: Record<string, Metric>;
}

export function report(metrics: Record<string, Metric>): void {
  process.stdout.write(`${JSON.stringify({ metrics } satisfies CaseResult)}\n`);
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `homerhythm-bench-${name}-`));
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
