/**
 * The configuration of a throwaway Home Assistant: a home in Berlin on a loopback port, the
 * recorder committing every second, and entities to drive: input helpers a person switches,
 * template entities (with unique_id, so they are in the entity registry) that follow them, a
 * person, a template weather, and one automation that turns the hall light on when the hall
 * motion helper turns on (its state changes carry the automation's context as parent).
 * No default_config: it would load dozens of integrations the tests do not need.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HOME_LOCATION = { latitude: 52.52, longitude: 13.405, elevation: 34, time_zone: 'Europe/Berlin' } as const;

/** Helpers the driver switches (a person's changes): the lights, motion and appliances of the home. */
export const SWITCHES = [
  'input_boolean.kitchen_light',
  'input_boolean.hall_motion',
  'input_boolean.living_room_lamp',
  'input_boolean.bedroom_light',
  'input_boolean.coffee_machine',
  'input_boolean.bathroom_fan',
  'input_boolean.tv',
  'input_boolean.desk_lamp',
] as const;

/** Turned on by the automation when input_boolean.hall_motion turns on. */
export const AUTOMATED = 'input_boolean.hall_light';
export const AUTOMATION_TRIGGER = 'input_boolean.hall_motion';

/** Numbers and a select the driver sets. */
export const NUMBERS = ['input_number.outdoor_temperature', 'input_number.thermostat'] as const;
export const SELECTS = ['input_select.house_mode'] as const;
export const HOUSE_MODES = ['home', 'away', 'night', 'guests'] as const;

/** Template entities following the helpers (written with the context of the change they follow). */
export const TEMPLATES = ['sensor.outdoor_temperature', 'binary_sensor.someone_cooking'] as const;

/** Set through the REST API (POST /api/states): state and attributes as given; the attribute-only changes. */
export const POWER_METER = 'sensor.power_meter';

export const PERSON = 'person.anna';
export const WEATHER = 'weather.home';

const switches = Object.fromEntries(
  [...SWITCHES, AUTOMATED].map((id) => [id.slice('input_boolean.'.length), { name: id.slice('input_boolean.'.length).replace(/_/g, ' ') }]),
);

/** configuration.yaml as JSON (YAML is a superset of JSON: no YAML writer needed, no quoting surprises). */
function configuration(port: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    homeassistant: { name: 'Real HA test home', ...HOME_LOCATION, unit_system: 'metric', country: 'DE', currency: 'EUR', language: 'en' },
    http: { server_host: '127.0.0.1', server_port: port },
    api: {},
    config: {},
    websocket_api: {},
    history: {},
    // commit every second: the tests read the database soon after a change
    recorder: { commit_interval: 1, purge_keep_days: 10 },
    sun: {},
    logger: { default: 'warning' },
    person: [{ name: 'Anna', id: 'anna' }],
    input_boolean: switches,
    input_number: {
      outdoor_temperature: { name: 'outdoor temperature', min: -20, max: 40, step: 0.5, unit_of_measurement: '°C', initial: 8 },
      thermostat: { name: 'thermostat', min: 5, max: 30, step: 0.5, unit_of_measurement: '°C', initial: 20 },
    },
    input_select: { house_mode: { name: 'house mode', options: [...HOUSE_MODES], initial: 'home' } },
    template: [
      {
        sensor: [
          {
            name: 'outdoor temperature',
            unique_id: 'rha_outdoor_temperature',
            unit_of_measurement: '°C',
            device_class: 'temperature',
            state_class: 'measurement',
            state: "{{ states('input_number.outdoor_temperature') | float(0) }}",
          },
        ],
        binary_sensor: [
          {
            name: 'someone cooking',
            unique_id: 'rha_someone_cooking',
            state: "{{ is_state('input_boolean.kitchen_light', 'on') and is_state('input_boolean.coffee_machine', 'on') }}",
          },
        ],
      },
    ],
    weather: [
      {
        platform: 'template',
        name: 'home',
        unique_id: 'rha_weather',
        condition_template: "{{ 'rainy' if is_state('input_select.house_mode', 'away') else 'sunny' }}",
        temperature_template: "{{ states('input_number.outdoor_temperature') | float(0) }}",
        temperature_unit: '°C',
        humidity_template: '{{ 60 }}',
      },
    ],
    automation: '!include automations.yaml',
    ...extra,
  };
}

/** The automation the tests rely on: its action's state change has the trigger's context as parent. */
export const HALL_AUTOMATION = {
  id: 'rha_hall_light',
  alias: 'Hall light on with motion',
  mode: 'queued',
  triggers: [{ trigger: 'state', entity_id: AUTOMATION_TRIGGER, to: 'on' }],
  conditions: [],
  actions: [{ action: 'input_boolean.turn_on', target: { entity_id: AUTOMATED } }],
};

/** Writes configuration.yaml and automations.yaml into `dir` (created). */
export function writeConfig(dir: string, port: number, automations: readonly unknown[] = [HALL_AUTOMATION]): void {
  mkdirSync(dir, { recursive: true });
  // `!include` is a YAML tag: JSON cannot carry it, so it is put in after serializing.
  const text = JSON.stringify(configuration(port, {}), null, 2).replace('"!include automations.yaml"', '!include automations.yaml');
  writeFileSync(join(dir, 'configuration.yaml'), text + '\n');
  writeAutomations(dir, automations);
}

export function writeAutomations(dir: string, automations: readonly unknown[]): void {
  writeFileSync(join(dir, 'automations.yaml'), JSON.stringify(automations, null, 2) + '\n');
}
