/** What was found: patterns, suggestions (and answers to them), anomalies. */
import { type Command, Option } from 'commander';
import { detectorSettingsOf } from '../../config.js';
import { action, askYesNo, globals, int, positiveInt, print } from '../args.js';
import { commandContext, UsageError, withStorage } from '../context.js';
import { homeCalendar } from '../jobs.js';
import { entityWords } from '../../jobs/entity-words.js';
import { listPatterns } from '../patterns.js';
import { listAnomalies } from '../anomalies.js';
import { answerSuggestion, createSuggestion, printFixes, printSuggestions, showOption } from '../suggestions.js';
import { haRest } from '../../ha/rest.js';
import type { Show } from '../../suggestions/list.js';
import { PATTERN_TYPES } from '../../detectors/index.js';

export function readCommands(program: Command): void {
  program
    .command('patterns')
    .description('list the patterns found (Layer 4), strongest first')
    .addOption(new Option('--type <type>', 'pattern type').choices(PATTERN_TYPES))
    .option('--entity <entity_id>', 'patterns of one entity (device_id)')
    .option('--area <area_id>', 'patterns of one area')
    .option('--min-confidence <x>', 'lowest confidence, 0..1', Number)
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--offset <n>', 'skip this many', int, 0)
    .option('--json', 'print the rows as JSON')
    .action(
      action(async (opts: { type?: string; entity?: string; area?: string; minConfidence?: number; limit: number; offset: number; json?: boolean }, cmd: Command) => {
        const { config } = commandContext(globals(cmd));
        if (opts.minConfidence !== undefined && !(opts.minConfidence >= 0 && opts.minConfidence <= 1)) throw new UsageError('--min-confidence must be between 0 and 1');
        const query = { patternType: opts.type, deviceId: opts.entity, areaId: opts.area, minConfidence: opts.minConfidence, limit: opts.limit, offset: opts.offset };
        print(await withStorage(config, async (storage) => listPatterns(storage, query, opts.json === true, await entityWords(storage))));
      }),
    );

  program
    .command('suggestions')
    .description('suggested automations, one per routine, most manual actions a week saved first')
    .option('--show <which>', `new (default), all, automated, accepted, dismissed or snoozed`, showOption, 'new' as Show)
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--json', 'print them as JSON, with the YAML')
    .option('--fixes', 'instead: automations of Home Assistant that people undo by hand on most of their recent runs')
    .action(
      action(async (opts: { show: Show; limit: number; json?: boolean; fixes?: boolean }, cmd: Command) => {
        const { config } = commandContext(globals(cmd));
        const settings = detectorSettingsOf(config).overrides;
        const now = Date.now();
        print(await withStorage(config, (storage) => (opts.fixes === true ? printFixes(storage, homeCalendar(config, storage), { json: opts.json === true, now, settings }) : printSuggestions(storage, homeCalendar(config, storage), { ...opts, json: opts.json === true, now, automatedShare: settings.automatedShare }))));
      }),
    );

  program
    .command('suggestion')
    .description('say what you think of a suggestion: accept, dismiss (until its routine changes), snooze, or undo')
    .argument('<key>', 'its key, as `homerhythm suggestions` lists it')
    .argument('<answer>', 'accept, dismiss, snooze, undo, or create (in Home Assistant, after showing it)')
    .option('--days <n>', 'how long a snooze lasts', positiveInt, 7)
    .option('--disabled', 'create: turned off, to enable in Home Assistant')
    .option('--yes', 'create: do not ask (the automation is still printed)')
    .action(
      action(async (key: string, answer: string, opts: { days: number; disabled?: boolean; yes?: boolean }, cmd: Command) => {
        const { config } = commandContext(globals(cmd));
        const { url, token } = config.homeassistant;
        print(
          await withStorage(config, (storage) =>
            answer === 'create'
              ? createSuggestion(storage, homeCalendar(config, storage), { key, now: Date.now(), enabled: opts.disabled !== true, yes: opts.yes === true, ha: url === undefined || token === undefined ? null : haRest(url, token), ask: askYesNo, print })
              : answerSuggestion(storage, homeCalendar(config, storage), { key, answer, days: opts.days, now: Date.now() }),
          ),
        );
      }),
    );

  program
    .command('anomalies')
    .description('the recent anomalies (news about days), newest day first, each with why')
    .option('--since <when>', 'first day: -14d (days ago) or 2026-10-01 (default: detectors.anomaly.recent_days ago)')
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--json', 'print the rows as JSON')
    .action(
      action(async (opts: { since?: string; limit: number; json?: boolean }, cmd: Command) => {
        const { config } = commandContext(globals(cmd));
        const since = opts.since ?? `-${detectorSettingsOf(config).anomaly.recentDays}d`;
        print(await withStorage(config, async (storage) => listAnomalies(storage, homeCalendar(config, storage), { since, now: Date.now(), limit: opts.limit, json: opts.json === true }, await entityWords(storage))));
      }),
    );
}
