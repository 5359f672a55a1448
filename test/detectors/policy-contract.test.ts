/**
 * The truth policy (src/simulate/policy.ts) copies the detectors' documented thresholds on purpose:
 * src/simulate may not import the detectors, so the truth cannot lean on the code it judges. This
 * test, outside both, keeps the copy equal to the defaults: a threshold changed in one place and
 * not the other would make the eval's required/optional levels judge a contract nobody runs.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { CONTRACT } from '../../src/simulate/policy.js';

/** The policy's own constants, which have no detector setting to equal. */
const POLICY_ONLY = new Set(['seasonal.margin']);

/** The detector setting a policy key copies: the same name, or seconds for the setting's minutes. */
function counterpart(section: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const same = section[key];
  if (typeof same === 'number') return same;
  const minutes = section[key.replace(/Seconds$/, 'Minutes')];
  return key.endsWith('Seconds') && typeof minutes === 'number' ? minutes * 60 : undefined;
}

it("every threshold the truth policy copies equals the detectors' default", () => {
  const settings = DEFAULT_DETECTOR_SETTINGS as unknown as Readonly<Record<string, unknown>>;
  const compared: string[] = [];
  for (const [name, value] of Object.entries(CONTRACT)) {
    if (typeof value === 'number') {
      assert.equal(value, settings[name], `policy ${name}`);
      compared.push(name);
      continue;
    }
    const section = settings[name] as Readonly<Record<string, unknown>> | undefined;
    assert.ok(section !== undefined, `the detectors have no settings section ${name}`);
    for (const [key, copied] of Object.entries(value as Readonly<Record<string, number>>)) {
      if (POLICY_ONLY.has(`${name}.${key}`)) continue;
      assert.equal(copied, counterpart(section, key), `policy ${name}.${key} against the detectors' ${name} settings`);
      compared.push(`${name}.${key}`);
    }
  }
  // Not vacuous: the policy's sections are all there and compared.
  assert.ok(compared.length >= 30, `compared ${compared.length} thresholds`);
});
