/** demo, start and serve: the home and its services. */
import { type Command, Option } from 'commander';
import { action, globals, print } from '../args.js';
import { commandContext, withStorage } from '../context.js';
import { runDemo } from '../demo.js';
import { serveUntilStopped } from '../serve.js';
import { exposureCheck } from '../../http/index.js';
import { SERVICE_NAMES, type ServiceName } from '../../service.js';

export function serviceCommands(program: Command): void {
  program
    .command('demo')
    .description('simulate a home, import it into the embedded store, and show what it holds')
    .action(
      action(async (_opts: object, cmd: Command) => {
        const { config } = commandContext(globals(cmd));
        await withStorage(config, (storage) => runDemo(config, storage, print));
      }),
    );

  program
    .command('start')
    .description('the main job: with HA configured, serve everything; without, the demo home, then serve it')
    .action(
      action(async (_opts: object, cmd: Command) => {
        const { config, log } = commandContext(globals(cmd));
        exposureCheck(config); // a bind it would refuse is refused before the demo's half minute, not after (serve warns)
        if (config.homeassistant.url === undefined) {
          print('no Home Assistant configured (HA_URL): running the demo home.');
          await withStorage(config, (storage) => runDemo(config, storage, print));
        }
        await serveUntilStopped(config, log, undefined, true);
      }),
    );

  program
    .command('serve')
    .description('run the services: websocket-ingestion (8001, needs HA_URL/HA_TOKEN), data-api (8006), dashboard (3000)')
    .addOption(new Option('--only <service>', 'run one service').choices([...SERVICE_NAMES]))
    .action(
      action(async (opts: { only?: ServiceName }, cmd: Command) => {
        const { config, log } = commandContext(globals(cmd));
        await serveUntilStopped(config, log, opts.only);
      }),
    );
}
