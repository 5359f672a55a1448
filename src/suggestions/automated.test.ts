import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { automatedByCauses, causeShares } from './automated.js';

const pattern = (causes: unknown) => ({ pattern_metadata: causes === undefined ? {} : { causes } });
const shares = { person: 0.1, automation: 0.9, system: 0 };

describe('already automated by its changes', () => {
  it('reads the shares only when all three are numbers', () => {
    assert.deepEqual(causeShares(pattern({ shares })), shares);
    assert.equal(causeShares(pattern(undefined)), null);
    assert.equal(causeShares(pattern({})), null);
    for (const missing of ['person', 'automation', 'system']) assert.equal(causeShares(pattern({ shares: { ...shares, [missing]: '1' } })), null, missing);
  });

  it('at the share, names the automation that caused most, from the copy of HA’s automations', () => {
    const existing = [
      { entity_id: 'automation.a', automation_id: '1', alias: 'A', state: 'on', config: null },
      { entity_id: 'automation.b', automation_id: '2', alias: 'B', state: 'off', config: null },
    ];
    assert.deepEqual(automatedByCauses(pattern({ shares, automations: [{ entity_id: 'automation.b', activations: 3 }] }), existing, 0.9), { share: 0.9, automation: { entity_id: 'automation.b', automation_id: '2', alias: 'B', state: 'off' } });
    assert.equal(automatedByCauses(pattern({ shares, automations: [] }), existing, 0.91), null);
    assert.deepEqual(automatedByCauses(pattern({ shares }), existing, 0.8), { share: 0.9, automation: null }, 'no automation named');
    assert.deepEqual(automatedByCauses(pattern({ shares, automations: [{ activations: 3 }] }), existing, 0.8), { share: 0.9, automation: null });
    assert.equal(automatedByCauses(pattern(undefined), existing, 0), null);
    assert.deepEqual(automatedByCauses(pattern({ shares, automations: [{ entity_id: 'automation.gone', activations: 3 }] }), existing, 0.8), { share: 0.9, automation: { entity_id: 'automation.gone', automation_id: null, alias: 'automation.gone', state: 'unknown' } }, 'not in the copy');
  });
});
