import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const storage = join(import.meta.dirname, '..');
const imports = (dir: string) =>
  readdirSync(join(storage, dir))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(storage, dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => [`${dir}/${f}`, m[1]!] as const));

it('keeps each backend to its own files: Layer 4 is the module both share, and neither reaches into the other', () => {
  for (const [file, from] of imports('influxdb')) assert.doesNotMatch(from, /\/sqlite\//, `${file} imports ${from}`);
  for (const [file, from] of imports('sqlite')) assert.doesNotMatch(from, /\/influxdb\//, `${file} imports ${from}`);
  for (const [file, from] of imports('layer4')) assert.doesNotMatch(from, /\/(sqlite|influxdb)\//, `${file} imports ${from}`);
  for (const backend of ['sqlite', 'influxdb']) {
    const index = readFileSync(join(storage, backend, 'index.ts'), 'utf8');
    assert.match(index, /new Layer4\(/, `${backend} composes Layer 4`);
    assert.match(index, /enforceRetention\(this, now\)/, `${backend} retains through the one function`);
  }
});
