/** The summary version of a Layer 2/3 point: the `_v` field, and what points written before it read as. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateLine, recordsOf, VERSION_FIELD } from './aggregates.js';

describe('aggregate versions on InfluxDB (pure)', () => {
  const record = { measurement: 'time_based_daily', period: '2026-11-02', time: Date.parse('2026-11-01T23:00:00Z'), tags: { entity_id: 'light.kitchen' }, fields: { count: 3 } };

  it('writes the version as an integer field, 1 for a record without one', () => {
    assert.match(aggregateLine({ ...record, version: 4 }), / count=3,_n=1i,_v=4i /);
    assert.match(aggregateLine(record), /,_v=1i /);
  });

  it('reads it back as the version, not as a field; a point written before versions (no _v) reads as 1', () => {
    const series = (columns: string[], values: unknown[]) => [{ name: 'time_based_daily', tags: { entity_id: 'light.kitchen', period: '2026-11-02' }, columns, values: [values] }];
    const [now] = recordsOf(series(['time', 'count', '_n', VERSION_FIELD], [record.time, 3, 1, 5]));
    assert.deepEqual(now, { ...record, version: 5 });
    const [old] = recordsOf(series(['time', 'count', '_n'], [record.time, 3, 1]));
    assert.deepEqual(old, { ...record, version: 1 });
    const [mixed] = recordsOf(series(['time', 'count', '_n', VERSION_FIELD], [record.time, 3, 1, null]));
    assert.equal(mixed!.version, 1, 'a query over old and new points gives the old ones a null _v');
  });
});
