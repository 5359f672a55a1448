import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Automation } from '../dashboard/suggest/automation.js';
import type { HaAutomationRow } from '../storage/types.js';
import { actionEntities, COVER_MINUTES, coveringAutomation } from './coverage.js';

const ours = (triggers: Automation['triggers'], entity = 'light.porch'): Automation => ({ alias: 'x', description: '', mode: 'single', triggers, conditions: [], actions: [{ action: 'light.turn_on', target: { entity_id: entity } }] });
const theirs = (config: Record<string, unknown> | null, entity_id = 'automation.porch'): HaAutomationRow => ({ entity_id, automation_id: '1700000000000', alias: 'Porch light', state: 'on', config });

describe('an existing HA automation covers a suggestion', () => {
  it('finds entity ids at any depth, in both spellings, as strings, comma lists and lists', () => {
    const found = actionEntities([
      { action: 'light.turn_on', target: { entity_id: 'light.a' } },
      { service: 'switch.turn_on', entity_id: 'switch.b, switch.c' },
      { service: 'light.turn_on', data: { entity_id: ['light.d'] } },
      { choose: [{ conditions: [], sequence: [{ action: 'fan.turn_on', target: { entity_id: 'fan.e' } }] }], default: [{ if: [], then: [{ action: 'light.turn_off', target: { entity_id: ['light.f', 7] } }] }] },
      { delay: '00:01:00' },
      'junk',
    ]);
    assert.deepEqual([...found].sort(), ['fan.e', 'light.a', 'light.d', 'light.f', 'switch.b', 'switch.c']);
    assert.deepEqual([...actionEntities(null)], []);
  });

  it('a state trigger on the same entity, acting on the same entity', () => {
    const mine = ours([{ trigger: 'state', entity_id: 'binary_sensor.door', to: 'on' }]);
    const newSyntax = theirs({ triggers: [{ trigger: 'state', entity_id: ['binary_sensor.door', 'binary_sensor.back'] }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }] });
    assert.equal(coveringAutomation(mine, [newSyntax]), newSyntax);
    const oldSyntax = theirs({ trigger: { platform: 'state', entity_id: 'binary_sensor.door' }, action: { service: 'light.turn_on', entity_id: 'light.porch' } });
    assert.equal(coveringAutomation(mine, [oldSyntax]), oldSyntax, 'the pre-2024.10 spelling, single items instead of lists');
    const numeric = theirs({ triggers: [{ trigger: 'numeric_state', entity_id: 'binary_sensor.door', above: 1 }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }] });
    assert.equal(coveringAutomation(mine, [numeric]), numeric);
    const otherTrigger = theirs({ triggers: [{ trigger: 'state', entity_id: 'binary_sensor.window' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }] });
    const otherAction = theirs({ triggers: [{ trigger: 'state', entity_id: 'binary_sensor.door' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.hall' } }] });
    const noConfig = theirs(null);
    assert.equal(coveringAutomation(mine, [otherTrigger, otherAction, noConfig]), null);
    assert.equal(coveringAutomation(mine, [otherTrigger, newSyntax]), newSyntax, 'the first that covers');
  });

  it('a chain is covered only when every entity it switches is acted on', () => {
    const chain: Automation = { ...ours([{ trigger: 'state', entity_id: 'light.a', to: 'on' }]), actions: [{ action: 'light.turn_on', target: { entity_id: 'light.b' } }, { action: 'fan.turn_on', target: { entity_id: 'fan.c' } }] };
    const half = theirs({ triggers: [{ trigger: 'state', entity_id: 'light.a' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.b' } }] });
    const whole = theirs({ triggers: [{ trigger: 'state', entity_id: 'light.a' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.b' } }, { action: 'fan.turn_on', target: { entity_id: 'fan.c' } }] });
    assert.equal(coveringAutomation(chain, [half]), null);
    assert.equal(coveringAutomation(chain, [whole]), whole);
    const nothing: Automation = { ...chain, actions: [{ delay: { seconds: 1 } }] };
    assert.equal(coveringAutomation(nothing, [whole]), null, 'a suggestion that switches nothing is covered by nothing');
  });

  it(`a time within ${COVER_MINUTES} min, or the same sun event`, () => {
    const at = (time: string) => theirs({ triggers: [{ trigger: 'time', at: ['input_datetime.wake', time] }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }] });
    const mine = ours([{ trigger: 'time', at: '07:00:00' }]);
    assert.ok(coveringAutomation(mine, [at('07:30')]));
    assert.ok(coveringAutomation(mine, [at('06:30:00')]));
    assert.equal(coveringAutomation(mine, [at('07:31')]), null);
    assert.equal(coveringAutomation(mine, [at('7h')]), null);
    assert.ok(coveringAutomation(ours([{ trigger: 'time', at: '23:50:00' }]), [at('00:10')]), 'across midnight');
    const sunset = theirs({ triggers: [{ trigger: 'sun', event: 'sunset', offset: '-00:10:00' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }] });
    assert.ok(coveringAutomation(ours([{ trigger: 'sun', event: 'sunset' }]), [sunset]));
    assert.equal(coveringAutomation(ours([{ trigger: 'sun', event: 'sunrise' }]), [sunset]), null);
    assert.equal(coveringAutomation(ours([{ trigger: 'time', at: '07:00:00' }]), [sunset]), null);
    assert.equal(coveringAutomation(ours([{ trigger: 'sun', event: 'sunset' }]), [at('17:00')]), null);
  });
});

describe('what an existing automation is read from', () => {
  const lamp = (config: Record<string, unknown>) => theirs({ actions: [{ action: 'light.turn_on', target: { entity_id: 'light.porch' } }], ...config });

  it('skips empty ids and ids that are not there', () => {
    assert.deepEqual([...actionEntities([{ service: 'light.turn_on', entity_id: 'light.a,, light.b,' }])].sort(), ['light.a', 'light.b']);
    assert.deepEqual([...actionEntities([{ action: 'light.turn_on', target: { entity_id: null } }, { action: 'light.turn_on', entity_id: undefined }])], []);
  });

  it('one of their triggers starting the same way is enough (an automation that also switches off)', () => {
    const pathLights = lamp({ triggers: [{ trigger: 'sun', event: 'sunset', id: 'on' }, { trigger: 'time', at: '23:15:00', id: 'off' }] });
    assert.equal(coveringAutomation(ours([{ trigger: 'sun', event: 'sunset' }]), [pathLights]), pathLights);
    assert.equal(coveringAutomation(ours([{ trigger: 'time', at: '23:00:00' }]), [pathLights]), pathLights);
    const door = lamp({ triggers: [{ trigger: 'time', at: '06:00' }, { trigger: 'state', entity_id: 'binary_sensor.door' }] });
    assert.equal(coveringAutomation(ours([{ trigger: 'state', entity_id: 'binary_sensor.door', to: 'on' }]), [door]), door);
    assert.equal(coveringAutomation(ours([{ trigger: 'numeric_state', entity_id: 'binary_sensor.door', above: 0 }]), [door]), door, 'our numeric trigger, their state trigger');
    assert.equal(coveringAutomation(ours([{ trigger: 'time', at: '12:00:00' }, { trigger: 'state', entity_id: 'binary_sensor.door', to: 'on' }]), [door]), door, 'one of ours is enough');
  });

  it('a trigger of another kind on the same entity is not the same start, and junk triggers are skipped', () => {
    const zone = lamp({ triggers: [null, 'junk', 7, { trigger: 'zone', entity_id: 'person.anna', zone: 'zone.home', event: 'enter' }] });
    assert.equal(coveringAutomation(ours([{ trigger: 'state', entity_id: 'person.anna', to: 'home' }]), [zone]), null);
    const junkFirst = lamp({ triggers: ['junk', { trigger: 'sun', event: 'sunset' }] });
    assert.equal(coveringAutomation(ours([{ trigger: 'sun', event: 'sunset' }]), [junkFirst]), junkFirst);
    assert.equal(coveringAutomation(ours([{ trigger: 'state', entity_id: 'binary_sensor.door', to: 'on' }]), [junkFirst]), null);
  });

  it('a time is a whole "HH:MM" or "HH:MM:SS", nothing around it', () => {
    const at = (time: unknown) => lamp({ triggers: [{ trigger: 'time', at: time }] });
    const seven = ours([{ trigger: 'time', at: '07:00:00' }]);
    assert.equal(coveringAutomation(seven, [at('107:00')]), null);
    assert.equal(coveringAutomation(seven, [at('07:00 tomorrow')]), null);
    assert.equal(coveringAutomation(seven, [at(700)]), null);
    assert.ok(coveringAutomation(seven, [at('7:05')]));
  });
});
