import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeReport } from './import.js';

it('an import report names the events a retention policy refused, and the policy', () => {
  const report = { source: 'log.txt', read: 18_319, imported: 0, duplicates: 0, expired: 18_319, expiredBy: { name: 'autogen', days: 7 }, ignored: 0, invalid: 0, blank: 0, bad: [], attributesDropped: 0, first: null, last: null };
  const text = describeReport(report, 'casas');
  assert.match(text, /expired +18,319 +\(older than the retention policy 'autogen' of 7 days: refused by InfluxDB\)/);
  assert.match(text, /imported 0 of 18,319: 18,319 older than the retention policy 'autogen' of 7 days/);
  assert.doesNotMatch(describeReport({ ...report, imported: 18_319, expired: 0, expiredBy: null }, 'casas'), /expired|older than/);
});
