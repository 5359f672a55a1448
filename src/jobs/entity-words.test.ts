import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobRun } from '../storage/types.js';
import { newestCarriedDay } from './entity-words.js';

const run = (job: JobRun['job'], period: string, status: JobRun['status'] = 'success'): JobRun => ({ id: 1, job, period, startedAt: 0, finishedAt: 1, status, counts: {}, error: null });

describe('the newest day a job left a carry record for', () => {
  it('is the latest finished daily run or the last day of a recompute', () => {
    assert.equal(newestCarriedDay([]), null);
    assert.equal(newestCarriedDay([run('daily', '2026-11-02'), run('daily', '2026-11-04', 'partial'), run('daily', '2026-11-03')]), '2026-11-04');
    // a re-run of an older day comes last, and is not the newest
    assert.equal(newestCarriedDay([run('daily', '2026-11-04'), run('daily', '2026-10-01')]), '2026-11-04');
    assert.equal(newestCarriedDay([run('daily', '2026-11-04'), run('recompute', '2026-10-07..2026-11-05')]), '2026-11-05');
  });

  it('leaves out runs that wrote nothing, and jobs that write no carry', () => {
    assert.equal(newestCarriedDay([run('daily', '2026-11-02'), run('daily', '2026-11-03', 'failed'), run('daily', '2026-11-04', 'running')]), '2026-11-02');
    assert.equal(newestCarriedDay([run('weekly', '2026-W46'), run('monthly', '2026-11'), run('retention', '2026-11-20'), run('gap_fill', '2026-11-20T00:00:00.000Z')]), null);
    assert.equal(newestCarriedDay([run('recompute', 'odd')]), null);
  });
});
