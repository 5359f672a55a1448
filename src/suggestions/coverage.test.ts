import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Automation } from '../dashboard/suggest/automation.js';
import type { HaAutomationRow } from '../storage/types.js';
import { actionEntities, COVER_MINUTES, coveringAutomation, daysAllowed } from './coverage.js';

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

describe('on which days an existing automation runs', () => {
  const porch = { action: 'light.turn_on', target: { entity_id: 'light.porch' } };
  const at7 = (conditions: unknown, key = 'conditions') => theirs({ triggers: [{ trigger: 'time', at: '07:00:00' }], [key]: conditions, actions: [porch] });
  const mine = (conditions: Automation['conditions']): Automation => ({ ...ours([{ trigger: 'time', at: '07:05:00' }]), conditions });
  const weekdays = mine([{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
  const weekends = mine([{ condition: 'time', weekday: ['sat', 'sun'] }]);

  it('reads weekday conditions, a Workday sensor and "and" of them; anything else is every day', () => {
    const sorted = (c: unknown) => [...daysAllowed(c)].sort();
    assert.deepEqual(sorted([]), ['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
    assert.deepEqual(sorted({ condition: 'time', weekday: 'sat' }), ['sat'], 'one condition, one key: not lists');
    assert.deepEqual(sorted([{ condition: 'time', weekday: ['mon', 'tue', 7] }, { condition: 'time', weekday: ['tue', 'wed'] }]), ['tue'], 'every condition must hold');
    assert.deepEqual(sorted([{ condition: 'and', conditions: [{ condition: 'time', weekday: ['sun'] }] }]), ['sun']);
    assert.deepEqual(sorted([{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }]), ['fri', 'mon', 'thu', 'tue', 'wed']);
    assert.deepEqual(sorted([{ condition: 'state', entity_id: ['binary_sensor.workday'], state: ['off'] }]), ['sat', 'sun']);
    assert.equal(daysAllowed([{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: ['on', 'off'] }]).size, 7);
    assert.equal(daysAllowed([{ condition: 'state', entity_id: 'binary_sensor.workdays', state: 'on' }]).size, 7, 'not a Workday sensor');
    assert.equal(daysAllowed([{ condition: 'state', entity_id: 'input_boolean.workday', state: 'on' }]).size, 7);
    assert.equal(daysAllowed([{ condition: 'time', after: '06:00:00' }, { condition: 'or', conditions: [{ condition: 'time', weekday: 'mon' }] }, null, 'junk']).size, 7);
    assert.deepEqual(sorted({ condition: 'time', weekday: ['sat', 7] }), ['sat'], 'a key that is not text is no day');
    assert.equal(daysAllowed({ condition: 'template', weekday: 'mon' }).size, 7, 'only a time condition has weekdays');
    assert.equal(daysAllowed({ condition: 'template', entity_id: 'binary_sensor.workday_sensor', state: 'on' }).size, 7);
    assert.deepEqual(sorted({ condition: 'state', entity_id: ['input_boolean.home', 'binary_sensor.workday_sensor'], state: 'on' }), ['fri', 'mon', 'thu', 'tue', 'wed'], 'a Workday sensor among others');
  });

  it('a weekday automation does not do a weekend routine at the same time, nor the other way round', () => {
    const weekdayOnly = at7([{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
    assert.equal(coveringAutomation(weekends, [weekdayOnly]), null);
    assert.equal(coveringAutomation(weekdays, [weekdayOnly]), weekdayOnly);
    assert.equal(coveringAutomation(mine([{ condition: 'time', weekday: ['mon', 'wed', 'fri'] }]), [weekdayOnly]), weekdayOnly, 'Mon/Wed/Fri is done by a weekday one');
    assert.equal(coveringAutomation(mine([]), [weekdayOnly]), null, 'an every-day routine is not done by a weekday automation');
    assert.ok(coveringAutomation(weekends, [at7([])]), 'an every-day automation does any day');
    assert.ok(coveringAutomation(weekdays, [at7({ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] }, 'condition')]), 'the pre-2024.10 key, one condition');
    assert.equal(coveringAutomation(weekdays, [at7({ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu'] }, 'condition')]), null);
  });

  it('a Workday sensor stands for Monday to Friday, on either side', () => {
    const workday = [{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }] as const;
    assert.ok(coveringAutomation(weekdays, [at7(workday)]));
    assert.equal(coveringAutomation(weekends, [at7(workday)]), null);
    assert.ok(coveringAutomation(mine([...workday]), [at7([{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }])]));
  });

  it('reads the days of a trigger from the choose option that acts on it (a suggestion joined with clock times)', () => {
    const joined = theirs({
      triggers: [{ trigger: 'time', at: '07:00:00', id: 'at_0700' }, { trigger: 'state', entity_id: 'binary_sensor.door', to: 'on', id: 'when' }],
      conditions: [],
      actions: [{ choose: [{ conditions: [{ condition: 'trigger', id: 'at_0700' }, { condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }], sequence: [porch] }, { conditions: [{ condition: 'trigger', id: ['when'] }], sequence: [porch] }] }],
    });
    assert.equal(coveringAutomation(weekdays, [joined]), joined);
    assert.equal(coveringAutomation(weekends, [joined]), null);
    const junk = theirs({ ...joined.config, actions: [null, { choose: 'x' }, { choose: [null, { conditions: [null, 'x', { condition: 'trigger' }] }, ...(joined.config!['actions'] as { choose: unknown[] }[])[0]!.choose] }] });
    assert.equal(coveringAutomation(weekends, [junk]), null, 'junk options are skipped, the right one still read');
    assert.equal(coveringAutomation(weekdays, [junk]), junk);
    assert.equal(coveringAutomation(ours([{ trigger: 'state', entity_id: 'binary_sensor.door', to: 'on' }]), [joined]), joined, 'its state trigger acts every day');
    // ours joined: each of our triggers on its own days
    const ourJoined: Automation = { ...ours([{ trigger: 'time', at: '07:00:00', id: 'at_0700' }]), actions: [{ choose: [{ conditions: [{ condition: 'trigger', id: 'at_0700' }, { condition: 'time', weekday: ['sat'] }], sequence: [porch] }] }] };
    assert.equal(coveringAutomation(ourJoined, [at7([{ condition: 'time', weekday: ['sat', 'sun'] }])])?.entity_id, 'automation.porch');
    assert.equal(coveringAutomation(ourJoined, [at7([{ condition: 'time', weekday: ['mon'] }])]), null);
    assert.ok(coveringAutomation({ ...ourJoined, triggers: [{ trigger: 'time', at: '07:00:00', id: 'elsewhere' }] }, [at7([{ condition: 'time', weekday: ['mon'] }])]) === null, 'no option of its id: the automation\'s conditions (none: every day)');
  });
});
