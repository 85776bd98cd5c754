/** The `zhuisu` command line. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerAccounts } from './commands/accounts.js';
import { registerCodes } from './commands/codes.js';
import { registerDemo } from './commands/demo.js';
import { registerEpcis } from './commands/epcis.js';
import { registerLedger } from './commands/ledger.js';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';
import { registerTrace } from './commands/trace.js';
import { EXIT, reportError } from './context.js';

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('zhuisu')
    .description(
      'Zhuisu (追溯): traceability of important products — EPCIS 2.0, GS1 Digital Link, Chinese trace codes.',
    )
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)');
  registerServe(program);
  registerMigrate(program);
  registerAccounts(program);
  registerCodes(program);
  registerDemo(program);
  registerEpcis(program);
  registerLedger(program);
  registerTrace(program);
  const exitOverride = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(e);
  }
}

const code = await run(process.argv.slice(2));
// `serve` keeps the process alive through its listening socket; every other command ends here.
if (code !== EXIT.ok || !process.argv.slice(2).includes('serve'))
  process.exitCode = code === EXIT.ok ? (process.exitCode ?? code) : code;
if (code !== EXIT.ok) process.exit(code);
