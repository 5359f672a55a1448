import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, calendar, HomeBuilder } from '../testing/home.js';
import { scanDay } from './activity.js';
import { contextKindOf, ContextTracker, sunFromLocation, temperatureBand, valueAt, weatherGroup } from './context.js';
import { contextDaily } from './contextual.js';
import { DEFAULT_DETECTOR_SETTINGS } from './settings.js';

describe('context sources', () => {
  it('knows which entities tell the context', () => {
    assert.equal(contextKindOf('sun.sun'), 'sun');
    assert.equal(contextKindOf('weather.home'), 'weather');
    assert.equal(contextKindOf('person.anna'), 'presence');
    assert.equal(contextKindOf('sensor.outdoor_temperature'), 'temperature');
    assert.equal(contextKindOf('sensor.outside'), null, 'outdoor but not known to be a temperature');
    assert.equal(contextKindOf('sensor.outside', { device_class: 'temperature' }), 'temperature');
    assert.equal(contextKindOf('sensor.kitchen_temperature'), null, 'indoors');
    assert.equal(contextKindOf('light.outdoor'), null);
  });

  it('groups weather conditions and bands temperatures', () => {
    assert.equal(weatherGroup('pouring'), 'rainy');
    assert.equal(weatherGroup('clear-night'), 'clear');
    assert.equal(weatherGroup('made-up'), null);
    assert.equal(temperatureBand('7.9'), '5..10');
    assert.equal(temperatureBand('-0.5'), '-5..0');
    assert.equal(temperatureBand('46.4', '°F'), '5..10');
    assert.equal(temperatureBand('unknown'), null);
    assert.equal(temperatureBand(''), null);
  });

  it('computes the sun from latitude/longitude when the home has no sun entity', () => {
    const berlin = { latitude: 52.52, longitude: 13.405 };
    const june = sunFromLocation(calendar.day('2026-06-21'), berlin)!;
    assert.deepEqual(june.points.map((p) => p.value), ['below_horizon', 'above_horizon', 'below_horizon']);
    const [, rise, set] = june.points.map((p) => calendar.minuteOfDay(p.time));
    assert.ok(rise! > 4 * 60 + 30 && rise! < 5 * 60, `sunrise ${rise}`);
    assert.ok(set! > 21 * 60 + 20 && set! < 21 * 60 + 45, `sunset ${set}`);
    // the 25-hour day when clocks go back still has one sunrise and one sunset
    assert.equal(sunFromLocation(calendar.day('2026-10-25'), berlin)!.points.length, 3);
  });
});

describe('context over a day', () => {
  it('follows a source from the carried state through the day, and answers what held at a moment', () => {
    const day = calendar.day('2026-11-02');
    const tracker = new ContextTracker(day);
    tracker.carry('weather.home', { kind: 'weather', state: 'cloudy', seen: at('2026-11-01', '20:00') });
    tracker.update('weather.home', 'weather', at('2026-11-02', '08:00'), 'rainy', {});
    tracker.update('weather.home', 'weather', at('2026-11-02', '08:30'), 'pouring', {}); // still rainy: no new point
    tracker.update('weather.home', 'weather', at('2026-11-02', '10:00'), 'unavailable', {});
    const weather = tracker.finish().get('weather')!;
    assert.deepEqual(weather.points.map((p) => p.value), ['cloudy', 'rainy', null]);
    assert.equal(valueAt(weather, at('2026-11-02', '08:00')).value, 'rainy', 'a change at the moment counts');
    assert.equal(valueAt(weather, at('2026-11-02', '07:59')).value, 'cloudy');
    assert.equal(valueAt(weather, at('2026-11-02', '11:00')).value, null);
  });

  it('counts activations and exposure per value, leaving out the sources themselves', () => {
    const home = new HomeBuilder()
      .set('person.anna', at('2026-11-02', '00:00:01'), 'home')
      .set('person.anna', at('2026-11-02', '12:00'), 'not_home')
      .set('vacuum.robot', at('2026-11-02', '12:20'), 'cleaning')
      .set('vacuum.robot', at('2026-11-02', '12:50'), 'docked')
      .set('person.anna', at('2026-11-02', '18:00'), 'home')
      .pulse('light.hall', at('2026-11-02', '18:05'))
      .build();
    const day = calendar.day('2026-11-02');
    const activity = scanDay({ day, calendar, events: home, lookbackStart: day.start, carried: new Map() });
    const records = contextDaily.summarize(activity, DEFAULT_DETECTOR_SETTINGS);
    const away = records.find((r) => r.tags['context'] === 'presence' && r.tags['value'] === 'away')!;
    assert.equal(away.fields['exposure_s'], 6 * 3600);
    assert.deepEqual(JSON.parse(String(away.fields['activations'])), { 'vacuum.robot': 1 });
    assert.deepEqual(JSON.parse(String(away.fields['offsets'])), { 'vacuum.robot': [20] }, '20 minutes after the home emptied');
    const hours = JSON.parse(String(away.fields['exposure_hours'])) as number[];
    assert.equal(hours[12], 3600);
    assert.equal(hours.reduce((a, b) => a + b, 0), 6 * 3600);
    const home_ = records.find((r) => r.tags['context'] === 'presence' && r.tags['value'] === 'home')!;
    assert.deepEqual(JSON.parse(String(home_.fields['activations'])), { 'light.hall': 1 }, "Anna's own arrival is not counted");
  });
});
