import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { detectFormat, ImportFormatError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-detect-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const fixtures = fileURLToPath(new URL('../../../test/fixtures/casas/', import.meta.url));

describe('detectFormat', () => {
  it('tells JSON lines by a JSON object on the first non-blank line', async () => {
    assert.equal(await detectFormat(file('a.jsonl', '{"event_type":"state_changed"}\n')), 'jsonl');
    assert.equal(await detectFormat(file('b.jsonl', '\n  \r\n\ufeff  {"type":"event"}')), 'jsonl');
    assert.equal(await detectFormat(file('c.jsonl', '\ufeff{"type":"event"}\n')), 'jsonl');
  });

  it('tells a CASAS log by its timestamp and tab', async () => {
    assert.equal(await detectFormat(join(fixtures, 'tm000.multiday_absence.txt')), 'casas');
    assert.equal(await detectFormat(file('d.txt', '\n2016-07-12 00:00:30.600670\tBedroomABed\tON\t\n')), 'casas');
    assert.equal(await detectFormat(file('e.txt', '2016-07-12 00:00:30\tBedroomABed\tON')), 'casas');
    // WSU's space-separated layouts, with and without location and activity columns
    assert.equal(await detectFormat(file('g.txt', '2016-07-12 00:00:30 M001 ON\n')), 'casas');
    assert.equal(await detectFormat(join(fixtures, 'wsu-annotated.txt')), 'casas');
  });

  it('says clearly when it is neither', async () => {
    await assert.rejects(detectFormat(file('f.csv', 'time,entity,state\n')), (error: Error) => {
      assert.ok(error instanceof ImportFormatError);
      assert.match(error.message, /cannot tell the format of .*f\.csv.*"time,entity,state"/);
      return true;
    });
    await assert.rejects(detectFormat(file('k.txt', '2016-07-12 00:00:30 M001\n')), /cannot tell the format/);
    await assert.rejects(detectFormat(file('h.txt', '')), /has no data/);
    await assert.rejects(detectFormat(file('i.txt', '\n \n')), /has no data/);
    await assert.rejects(detectFormat(file('j.db', Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(100)]))), /SQLite database/);
    await assert.rejects(detectFormat(join(dir, 'missing.jsonl')), /ENOENT/);
  });
});
