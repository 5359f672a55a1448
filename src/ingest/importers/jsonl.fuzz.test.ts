/**
 * Property tests of the JSON lines import (issue 9): a file mixing valid events and arbitrary
 * garbage imports exactly the valid ones, reports every bad line with its line number, and leaves
 * what Layer 1 held before exactly as it was (also events with the same key and other content).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { StateEvent } from '../../events/model.js';
import { SqliteStorage } from '../../storage/sqlite/index.js';
import { FUZZ_NOW, fuzzOptions } from '../../testing/hostile.js';
import { collidingLine, existingEvents, jsonLines, jsonLineVerdict, keyOf, layer1Snapshot } from '../../testing/fuzz-import.js';
import { emptyParsedLines, parseJsonLines } from './jsonl-parse.js';
import { importJsonLines } from './jsonl.js';
import { MAX_BAD_REPORTED } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-jsonl-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('JSON lines parsing under hostile input (fuzz)', () => {
  it('keeps exactly the valid lines, in order, and names every bad line by its number, however the file is split', () => {
    fc.assert(
      fc.property(jsonLines(40), fc.array(fc.nat(), { maxLength: 3 }), (lines, cuts) => {
        const bounds = [...new Set([0, ...cuts.map((c) => c % (lines.length + 1)), lines.length])].sort((a, b) => a - b);
        const parsed = emptyParsedLines();
        for (let i = 0; i + 1 < bounds.length; i++) {
          const from = bounds[i]!;
          parseJsonLines({ firstLine: from + 1, lines: lines.slice(from, bounds[i + 1]), bytes: 0, totalBytes: undefined }, FUZZ_NOW, parsed, 0);
        }
        const verdicts = lines.map((line) => jsonLineVerdict(line));
        const events = verdicts.flatMap((v) => (v.kind === 'event' ? [v.event] : []));
        const bad = verdicts.flatMap((v, i) => (v.kind === 'bad' ? [i + 1] : []));
        assert.deepEqual(parsed.events, events);
        assert.deepEqual(parsed.bad.map((b) => b.line), bad.slice(0, MAX_BAD_REPORTED));
        assert.ok(parsed.bad.every((b) => b.reason.length > 0));
        assert.equal(parsed.read, lines.length);
        assert.equal(parsed.invalid, bad.length);
        assert.equal(parsed.blank, verdicts.filter((v) => v.kind === 'blank').length);
        assert.equal(parsed.ignored, verdicts.filter((v) => v.kind === 'ignored').length);
        assert.equal(parsed.read, parsed.events.length + parsed.invalid + parsed.blank + parsed.ignored);
      }),
      fuzzOptions(2000),
    );
  });
});

describe('importJsonLines into a store that holds data (fuzz)', () => {
  let storage: SqliteStorage;
  let existing: StateEvent[];
  before(async () => {
    storage = new SqliteStorage(join(dir, 'store'));
    existing = existingEvents(200);
    await storage.events.append(existing);
  });
  after(() => storage.close());

  it('imports exactly the valid lines, reports the bad ones by number, and changes nothing stored', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(
        jsonLines(200),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (lines, collide, newline, bom) => {
          const all = [...lines];
          for (const c of collide) all.splice(c % (all.length + 1), 0, collidingLine(existing[c % existing.length]!));
          const path = join(dir, `import-${file++}.jsonl`);
          writeFileSync(path, (bom ? '\ufeff' : '') + all.map((line) => line + newline).join(''));
          const before = await layer1Snapshot(storage.events);
          const report = await importJsonLines(path, storage.events, { now: FUZZ_NOW, batchSize: 50 });
          const after = await layer1Snapshot(storage.events);

          const verdicts = all.map((line) => jsonLineVerdict(line));
          const valid = verdicts.flatMap((v) => (v.kind === 'event' ? [v.event] : []));
          const bad = verdicts.flatMap((v, i) => (v.kind === 'bad' ? [i + 1] : []));
          const fresh = new Map(valid.filter((e) => !before.has(keyOf(e))).map((e) => [keyOf(e), e]));
          assert.deepEqual(report.bad.map((b) => b.line), bad.slice(0, MAX_BAD_REPORTED));
          assert.equal(report.invalid, bad.length);
          assert.equal(report.imported, fresh.size);
          assert.equal(report.imported + report.duplicates, valid.length);
          assert.equal(report.read, report.imported + report.duplicates + report.ignored + report.invalid + report.blank);
          // Nothing stored before changed; what is new is exactly the valid lines' events.
          for (const [key, event] of before) assert.deepEqual(after.get(key), event, `stored event ${key} changed`);
          assert.equal(after.size, before.size + fresh.size);
          for (const key of fresh.keys()) assert.ok(after.has(key), `valid event ${key} not stored`);
        },
      ),
      fuzzOptions(12),
    );
  });
});

describe('JSON lines: regressions found by fuzzing', () => {
  it('a line of other whitespace (U+3000, \\v) is blank, as trim() and the CASAS reader see it, not malformed JSON', () => {
    const parsed = emptyParsedLines();
    parseJsonLines({ firstLine: 1, lines: ['\u3000', '\u000b', ' \u2028 '], bytes: 0, totalBytes: undefined }, FUZZ_NOW, parsed, 0);
    assert.equal(parsed.blank, 3);
    assert.equal(parsed.invalid, 0);
  });
});
