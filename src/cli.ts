#!/usr/bin/env node
/** The `homerhythm` command: parse, call, print. Each group of commands lives in `cli/commands/`. */
import { Command } from 'commander';
import { dataCommands } from './cli/commands/data.js';
import { jobsCommands } from './cli/commands/jobs.js';
import { readCommands } from './cli/commands/read.js';
import { serviceCommands } from './cli/commands/service.js';
import { storeCommands } from './cli/commands/store.js';

const program = new Command('homerhythm')
  .description('A local-first companion to Home Assistant: the routines of your home, in four storage layers.')
  .version('0.1.0')
  .option('--config <file>', 'YAML config file (default: homerhythm.yaml in the working directory, if present)')
  .option('--data-dir <dir>', 'data directory (env HOMERHYTHM_DATA_DIR, default ./data)')
  .showHelpAfterError();

// Registered in the order `--help` lists them.
serviceCommands(program);
dataCommands(program);
jobsCommands(program);
readCommands(program);
storeCommands(program);

await program.parseAsync(process.argv);
