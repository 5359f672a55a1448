import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readLineBatches } from './lines.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
async function linesOf(content: string | Buffer, options: { chunkBytes?: number; maxLineBytes?: number } = {}) {
  const path = join(dir, `f${files++}.txt`);
  writeFileSync(path, content);
  const lines: (string | null)[] = [];
  let expectedFirst = 1;
  let lastBytes = 0;
  for await (const batch of readLineBatches(path, options)) {
    assert.equal(batch.firstLine, expectedFirst, 'batches number their lines consecutively');
    expectedFirst += batch.lines.length;
    lines.push(...batch.lines);
    lastBytes = batch.bytes;
    assert.equal(batch.totalBytes, Buffer.byteLength(content));
  }
  assert.equal(lastBytes, Buffer.byteLength(content));
  return lines;
}

describe('readLineBatches', () => {
  const text = 'first\nsecond line\n\nfourth, après le vide ☕\r\nlast without newline';
  const expected = ['first', 'second line', '', 'fourth, après le vide ☕', 'last without newline'];

  it('splits lines, drops \\r\\n, keeps blank lines and a last line without newline', async () => {
    assert.deepEqual(await linesOf(text), expected);
    assert.deepEqual(await linesOf(`${text}\n`), expected);
  });

  it('gives the same lines for every chunk size, also when a chunk cuts a UTF-8 character', async () => {
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64]) {
      assert.deepEqual(await linesOf(text, { chunkBytes }), expected, `chunkBytes ${chunkBytes}`);
    }
  });

  it('drops a byte order mark', async () => {
    assert.deepEqual(await linesOf('\ufeff{"a":1}\n{"b":2}\n', { chunkBytes: 4 }), ['{"a":1}', '{"b":2}']);
  });

  it('reports lines longer than the limit as null, wherever the chunks fall', async () => {
    const long = 'x'.repeat(50);
    const content = `short\n${long}\nok\n${long}`;
    for (const chunkBytes of [3, 8, 20, 1024]) {
      assert.deepEqual(await linesOf(content, { chunkBytes, maxLineBytes: 20 }), ['short', null, 'ok', null], `chunkBytes ${chunkBytes}`);
    }
  });

  it('reads an empty file as no lines', async () => {
    assert.deepEqual(await linesOf(''), []);
  });
});
