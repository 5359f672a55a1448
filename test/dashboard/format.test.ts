/**
 * The dashboard's numbers (web/app/format.js, no DOM): the ticks of a delay axis read exactly,
 * so no two ticks of one axis say the same ("2 min, 2 min, 3 min" was issue 17's complaint).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { tickDuration } from '../../web/app/format.js';

const tick = tickDuration as (seconds: number) => string;
/** Seconds from a tick's words. */
const back = (label: string) => [...label.matchAll(/(\d+) (min|s)/g)].reduce((a, [, n, unit]) => a + Number(n) * (unit === 'min' ? 60 : 1), 0);

it('every tick of a delay axis reads its own value, whatever step uPlot picks', () => {
  for (const step of [1, 2, 5, 10, 15, 20, 30, 60, 90, 120, 150, 300]) {
    const labels = Array.from({ length: 40 }, (_, i) => tick(i * step));
    assert.equal(new Set(labels).size, labels.length, `step ${step} s: ${labels.join(', ')}`);
    labels.forEach((label, i) => assert.equal(back(label), i * step, label));
  }
  assert.deepEqual([20, 40, 60, 80, 100, 120, 150].map(tick), ['20 s', '40 s', '1 min', '1 min 20 s', '1 min 40 s', '2 min', '2 min 30 s']);
});
