/**
 * The App's files against HA's app developer documentation
 * (developers.home-assistant.io/docs/apps/configuration, /repository, /presentation; read at
 * home-assistant/developers.home-assistant 186ad06, 2026-08-19). The key lists and types below are
 * copied from those pages' tables: an unknown key or a value of the wrong type fails. The options
 * are also held against what src/app-options.ts reads, so config.yaml and the code cannot drift.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { z } from 'zod';
import { appOptionsSchema, INGRESS_PORT } from '../../src/app-options.js';
import { loadConfig } from '../../src/config.js';
import { repoRoot } from '../ingest/harness.js';

const APP = join(repoRoot, 'ha-app', 'homerhythm');
const readYaml = (path: string) => parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

// --- HA's documentation, as a schema -------------------------------------------------------

/** "Required configuration options". `arch`: "A list of supported architectures: aarch64, amd64." */
const ARCHES = ['aarch64', 'amd64'] as const;
/** The option types the schema supports ("We support: …"), each optionally followed by `?`. */
const OPTION_TYPE = /^(str(\(\d*,\d*\))?|bool|int(\(-?\d*,-?\d*\))?|float(\([\d.-]*,[\d.-]*\))?|email|url|password|port|match\(.+\)|list\([^|()]+(\|[^|()]+)*\)|device(\(.+\))?)\??$/;

const str = z.string();
const bool = z.boolean();
const int = z.number().int();
const list = z.array(z.unknown());
const dict = z.record(z.string(), z.unknown());
const optionValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const optionEntry = z.union([optionValue, z.array(z.union([optionValue, z.record(z.string(), optionValue)])), z.record(z.string(), z.union([optionValue, z.array(optionValue)]))]);
const schemaType = z.string().regex(OPTION_TYPE, 'not an option type HA supports');
const schemaEntry = z.union([schemaType, z.array(z.union([schemaType, z.record(z.string(), schemaType)])).length(1), z.record(z.string(), z.union([schemaType, z.array(schemaType).length(1)]))]);

/** Every key of "Required configuration options" and "Optional configuration options", with its documented type. */
const appConfigSchema = z
  .object({
    name: str,
    version: str,
    slug: str.regex(/^[a-z0-9_-]+$/, 'URI friendly'),
    description: str,
    arch: z.array(z.enum(ARCHES)).min(1),
    machine: z.array(str).optional(),
    url: z.url().optional(),
    startup: z.enum(['initialize', 'system', 'services', 'application', 'once']).optional(),
    webui: str.optional(),
    boot: z.enum(['auto', 'manual', 'manual_only']).optional(),
    ports: dict.optional(),
    ports_description: dict.optional(),
    host_network: bool.optional(),
    host_ipc: bool.optional(),
    host_dbus: bool.optional(),
    host_pid: bool.optional(),
    host_uts: bool.optional(),
    devices: z.array(str).optional(),
    homeassistant: str.optional(),
    hassio_role: z.enum(['default', 'homeassistant', 'backup', 'manager', 'admin']).optional(),
    hassio_api: bool.optional(),
    homeassistant_api: bool.optional(),
    docker_api: bool.optional(),
    privileged: z.array(z.enum(['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'IPC_LOCK', 'NET_ADMIN', 'NET_RAW', 'PERFMON', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_NICE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME'])).optional(),
    full_access: bool.optional(),
    apparmor: z.union([bool, str]).optional(),
    map: list.optional(),
    environment: dict.optional(),
    audio: bool.optional(),
    video: bool.optional(),
    gpio: bool.optional(),
    usb: bool.optional(),
    uart: bool.optional(),
    udev: bool.optional(),
    devicetree: bool.optional(),
    kernel_modules: bool.optional(),
    stdin: bool.optional(),
    legacy: bool.optional(),
    options: z.record(z.string(), optionEntry).optional(),
    schema: z.union([z.record(z.string(), schemaEntry), z.literal(false)]).optional(),
    image: str.optional(),
    timeout: int.optional(),
    tmpfs: bool.optional(),
    discovery: z.array(str).optional(),
    services: z.array(str.regex(/^[a-z]+:(provide|want|need)$/)).optional(),
    auth_api: bool.optional(),
    ingress: bool.optional(),
    ingress_port: int.min(0).max(65535).optional(),
    ingress_entry: str.optional(),
    ingress_stream: bool.optional(),
    panel_icon: str.regex(/^mdi:[a-z0-9-]+$/, 'an MDI icon, mdi:name').optional(),
    panel_title: str.optional(),
    panel_admin: bool.optional(),
    backup: z.enum(['hot', 'cold']).optional(),
    backup_pre: str.optional(),
    backup_post: str.optional(),
    backup_exclude: z.array(str).optional(),
    stage: z.enum(['stable', 'experimental', 'deprecated']).optional(),
    init: bool.optional(),
    watchdog: str.optional(),
    realtime: bool.optional(),
    journald: bool.optional(),
    breaking_versions: z.array(str).optional(),
    ulimits: dict.optional(),
  })
  .strict();

/** "Repository configuration": name (required), url, maintainer. */
const repositorySchema = z.object({ name: str, url: z.url().optional(), maintainer: str.optional() }).strict();

/** "App translations": `configuration` (per schema key: name, description, fields) and `network`. */
const translationSchema = z
  .object({
    configuration: z.record(z.string(), z.object({ name: str, description: str.optional(), fields: z.record(z.string(), z.object({ name: str, description: str.optional() }).strict()).optional() }).strict()).optional(),
    network: z.record(z.string(), str).optional(),
  })
  .strict();

/** What HA's docs require beyond the key table: the options and schema agree, and at most two levels deep. */
function checkApp(config: Record<string, unknown>): void {
  const parsed = appConfigSchema.parse(config);
  const options = parsed.options ?? {};
  const schema = parsed.schema === false ? {} : (parsed.schema ?? {});
  for (const key of Object.keys(options)) assert.ok(key in schema, `option ${key} has no schema entry`);
  for (const [key, type] of Object.entries(schema)) {
    // "To make an option truly optional … put a ? at the end of the data type and do not define any default value"
    if (typeof type === 'string' && type.endsWith('?')) assert.ok(!(key in options), `optional ${key} must have no default in options`);
  }
}

// --- the tests -----------------------------------------------------------------------------

describe("the App's files follow HA's app documentation", () => {
  const config = readYaml(join(APP, 'config.yaml'));

  it('config.yaml: only documented keys, each of its documented type', () => {
    checkApp(config);
    assert.equal(config['ingress'], true);
    assert.equal(config['homeassistant_api'], true);
    assert.deepEqual(config['arch'], ['aarch64', 'amd64']);
    assert.equal(config['ingress_port'], INGRESS_PORT, 'the port the App\'s dashboard listens on');
    assert.equal(config['ports'], undefined, 'nothing published beyond ingress: the data-api stays inside the container');
  });

  it('the check fails on an unknown key, a wrong type, an undocumented arch and a schema type HA lacks', () => {
    assert.throws(() => checkApp({ ...config, ingres: true }), /ingres/);
    assert.throws(() => checkApp({ ...config, ingress: 'yes' }), /ingress/);
    assert.throws(() => checkApp({ ...config, ingress_port: '3000' }), /ingress_port/);
    assert.throws(() => checkApp({ ...config, arch: ['armv7'] }), /arch/);
    assert.throws(() => checkApp({ ...config, version: 1 }), /version/);
    assert.throws(() => checkApp({ ...config, schema: { ...(config['schema'] as object), raw_days: 'integer' } }), /not an option type/);
    assert.throws(() => checkApp({ ...config, options: { ...(config['options'] as object), shiny: 1 } }), /shiny has no schema/);
    assert.throws(() => checkApp({ ...config, options: { ...(config['options'] as object), time_zone: 'UTC' } }), /optional time_zone/);
    const { name: _name, ...nameless } = config;
    assert.throws(() => checkApp(nameless), /name/);
  });

  it("config.yaml's version is the npm package's, which the Dockerfile installs", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(config['version'], pkg.version);
    assert.match(readFileSync(join(APP, 'Dockerfile'), 'utf8'), new RegExp(`ARG BUILD_VERSION=${pkg.version.replace(/\./g, '\\.')}\\n`));
  });

  it('its options and schema are exactly what src/app-options.ts reads, and the defaults load', () => {
    const schema = config['schema'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(schema).sort(), Object.keys(appOptionsSchema.shape).sort());
    // The defaults HA writes into options.json on install start the App as our own defaults do.
    const dir = mkdtempSync(join(tmpdir(), 'homerhythm-app-defaults-'));
    try {
      writeFileSync(join(dir, 'options.json'), JSON.stringify(config['options']));
      const fromApp = loadConfig({ env: { SUPERVISOR_TOKEN: 't', HOMERHYTHM_APP_DATA: dir }, cwd: dir });
      const plain = loadConfig({ env: {}, cwd: dir });
      assert.deepEqual(fromApp.retention, plain.retention);
      assert.equal(fromApp.storage.backend, plain.storage.backend);
      assert.equal(fromApp.log_level, plain.log_level);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Each enumeration in the schema offers exactly the values the code takes.
    const choices = (type: unknown) => /^list\((.*)\)\??$/.exec(String(type))![1]!.split('|');
    assert.deepEqual(choices(schema['storage_backend']), appOptionsSchema.shape.storage_backend.unwrap().options);
    assert.deepEqual(choices(schema['log_level']), appOptionsSchema.shape.log_level.unwrap().options);
  });

  it('repository.yaml and translations/en.yaml: documented keys only; a translation for every option', () => {
    repositorySchema.parse(readYaml(join(repoRoot, 'ha-app', 'repository.yaml')));
    const en = translationSchema.parse(readYaml(join(APP, 'translations', 'en.yaml')));
    assert.deepEqual(Object.keys(en.configuration ?? {}).sort(), Object.keys(config['schema'] as object).sort());
    assert.throws(() => repositorySchema.parse({ name: 'x', owner: 'y' }), /owner/);
  });

  it('the files HA shows and runs are there: icon.png square, logo.png, DOCS.md, CHANGELOG.md, Dockerfile, an executable run.sh that parses', () => {
    const size = (file: string) => {
      const png = readFileSync(join(APP, file));
      assert.equal(png.subarray(1, 4).toString(), 'PNG', `${file} is a PNG`);
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    const [w, h] = size('icon.png');
    assert.equal(w, h, 'the icon is square');
    size('logo.png');
    for (const file of ['DOCS.md', 'CHANGELOG.md', 'README.md']) assert.ok(readFileSync(join(APP, file), 'utf8').length > 100, file);
    const dockerfile = readFileSync(join(APP, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM ghcr\.io\/home-assistant\/base:/m, "on HA's base image, named in FROM (build.yaml is no longer read by HA's builder)");
    assert.match(dockerfile, /io\.hass\.type="app"/);
    assert.match(dockerfile, /io\.hass\.arch="aarch64\|amd64"/);
    execFileSync('bash', ['-n', join(APP, 'run.sh')]);
    assert.ok((readFileSync(join(APP, 'run.sh')).length > 0));
    execFileSync('test', ['-x', join(APP, 'run.sh')]);
  });
});
