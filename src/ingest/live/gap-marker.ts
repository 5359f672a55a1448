/**
 * Where Layer 1 may be incomplete from, kept on disk while a gap is open. `newestTime()` alone
 * is not enough: live events stored after a reconnect move it past a gap not yet filled, and a
 * crash in between would lose the gap. The marker is written before subscribing and removed when
 * the fill has stored everything; the rename makes each write atomic under `kill -9`.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const GAP_MARKER_FILE = 'ingest-gap.json';

export class GapMarker {
  constructor(readonly path: string) {}

  /** The open gap's start (UTC ms), or null. An unreadable file counts as no marker. */
  read(): number | null {
    try {
      const value = (JSON.parse(readFileSync(this.path, 'utf8')) as { since?: unknown }).since;
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    } catch {
      return null;
    }
  }

  set(since: number): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ since, since_iso: new Date(since).toISOString() })}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
