/**
 * Every pattern the real detectors store for the demo home (62 days, all ten detectors, the
 * monthly ones included) decodes through its type's metadata decoder (src/detectors/metadata.ts),
 * and the decoder keeps every field the detector wrote: a detector writes no field its readers do
 * not know. What derive writes is the whole current shape (`causes`, added after derive, aside).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { decodeMetadata, isPatternType, METADATA, WRITTEN } from '../../src/detectors/metadata.js';
import type { PatternRow } from '../../src/storage/types.js';
import { buildDemoHome, type DemoHome } from '../dashboard/demo-home.js';

let home: DemoHome;
let patterns: PatternRow[];

before(async () => {
  home = await buildDemoHome({ days: 62, monthly: true });
  patterns = home.storage.patterns.list({ limit: 100_000 });
});
after(async () => {
  await home?.storage.close();
  if (home) rmSync(home.dir, { recursive: true, force: true });
});

describe('the metadata of the demo home decodes', () => {
  it('every stored pattern type has a decoder', () => {
    assert.deepEqual([...new Set(patterns.map((p) => p.pattern_type))].filter((t) => !isPatternType(t)), []);
  });

  for (const type of Object.keys(METADATA)) {
    it(`${type}: every pattern, with every field it wrote`, () => {
      const rows = patterns.filter((p) => p.pattern_type === type);
      assert.ok(rows.length > 0, `the demo home has ${type} patterns`);
      for (const p of rows) {
        assert.ok(isPatternType(p.pattern_type));
        assert.deepEqual(decodeMetadata(p.pattern_type, p.pattern_metadata), p.pattern_metadata, `${type} ${p.device_id} ${p.pattern_key}`);
        const { causes: _causes, ...written } = p.pattern_metadata;
        assert.deepEqual(WRITTEN[p.pattern_type].parse(written), written, `${type} ${p.device_id} ${p.pattern_key}: as derive writes it now`);
      }
    });
  }
});
