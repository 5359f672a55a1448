/**
 * What a backup archive says about itself (`manifest.json`): the format version, when and by which
 * homerhythm it was made, from which backend, every file with its size and SHA-256, and the
 * records per layer, so a restore can check all of it before it touches the data directory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';

export const MANIFEST_FILE = 'manifest.json';
/** Bumped when the archive layout changes; a restore refuses formats newer than it knows. */
export const FORMAT_VERSION = 1;

/** Where things live inside the archive. */
export const ARCHIVE = {
  /** The data directory as it was: SQLite files (online backup) and the small files beside them. */
  data: 'data',
  /** Layers 1–3 as JSON lines, for a backend whose data does not live in the data directory. */
  layers: 'layers',
  /** The configuration, secrets removed. */
  config: 'config.yaml',
} as const;

export interface LayerCounts {
  readonly events: number;
  readonly daily: number;
  readonly weekly: number;
  readonly patterns: number;
  readonly runs: number;
}

export interface FileEntry {
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: number;
  readonly app: 'homerhythm';
  readonly app_version: string;
  readonly created_at: string;
  readonly backend: string;
  /** `files`: Layers 1–3 are SQLite files under data/; `export`: JSON lines under layers/. */
  readonly layers: 'files' | 'export';
  readonly counts: LayerCounts;
  /** Archive path → size and checksum; every file of the archive but the manifest. */
  readonly files: Readonly<Record<string, FileEntry>>;
}

export class BackupFormatError extends Error {}

export async function fileEntry(path: string): Promise<FileEntry> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** This homerhythm's version (package.json, one level above src/ and dist/). */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function parseManifest(text: string): Manifest {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new BackupFormatError('the backup\'s manifest.json is not valid JSON: the file is damaged or not a homerhythm backup');
  }
  if (m.app !== 'homerhythm' || typeof m.format !== 'number' || typeof m.files !== 'object' || m.files === null || m.counts === undefined) {
    throw new BackupFormatError('not a homerhythm backup (its manifest.json lacks app, format, files or counts)');
  }
  if (m.format > FORMAT_VERSION) {
    throw new BackupFormatError(`the backup has format ${m.format}, made by homerhythm ${m.app_version ?? '?'}; this homerhythm (${appVersion()}) reads format ${FORMAT_VERSION}: upgrade first`);
  }
  if (m.layers !== 'files' && m.layers !== 'export') throw new BackupFormatError(`unknown layers kind in the manifest: ${String(m.layers)}`);
  return m as Manifest;
}
