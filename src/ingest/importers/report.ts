/** What every importer returns and how it reports progress: bad records are counted with where they came from. */
import type { ExpiryPolicy } from '../../storage/types.js';

export interface BadRecord {
  /** 1-based line number (or record number) in the source. */
  readonly line: number;
  readonly reason: string;
}

export interface ImportReport {
  readonly source: string;
  /** Records read from the source (lines, rows): read = imported + duplicates + expired + ignored + invalid + blank. */
  readonly read: number;
  readonly imported: number;
  readonly duplicates: number;
  /** Valid events the store refused as older than its retention keeps (InfluxDB), and the policy that did. */
  readonly expired: number;
  readonly expiredBy: ExpiryPolicy | null;
  /** Valid records that are not state changes we keep (other event types, comments). */
  readonly ignored: number;
  readonly invalid: number;
  readonly blank: number;
  /** The first bad records (up to MAX_BAD_REPORTED), with their line numbers. */
  readonly bad: readonly BadRecord[];
  /** Attributes over HA recorder's 16 KB limit, stored as {}. */
  readonly attributesDropped: number;
  readonly first: number | null;
  readonly last: number | null;
}

export const MAX_BAD_REPORTED = 100;

export interface ImportProgress {
  readonly read: number;
  readonly imported: number;
  /** Bytes consumed so far and in all, when the source is a file. */
  readonly bytes?: number;
  readonly totalBytes?: number;
  /** Records read so far and in all, when the source counts records (a database). */
  readonly records?: number;
  readonly totalRecords?: number;
}

export type ProgressListener = (progress: ImportProgress) => void;

/** Accumulates a report while an importer runs. */
export class ReportBuilder {
  read = 0;
  imported = 0;
  duplicates = 0;
  expired = 0;
  expiredBy: ExpiryPolicy | null = null;
  ignored = 0;
  invalid = 0;
  blank = 0;
  attributesDropped = 0;
  first: number | null = null;
  last: number | null = null;
  readonly bad: BadRecord[] = [];

  constructor(readonly source: string) {}

  badRecord(line: number, reason: string): void {
    this.invalid++;
    if (this.bad.length < MAX_BAD_REPORTED) this.bad.push({ line, reason });
  }

  sawTime(time: number): void {
    if (this.first === null || time < this.first) this.first = time;
    if (this.last === null || time > this.last) this.last = time;
  }

  build(): ImportReport {
    const { source, read, imported, duplicates, expired, expiredBy, ignored, invalid, blank, attributesDropped, first, last } = this;
    return { source, read, imported, duplicates, expired, expiredBy, ignored, invalid, blank, bad: [...this.bad], attributesDropped, first, last };
  }
}
