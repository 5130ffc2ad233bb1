// Entry point: parses the command line and maps every outcome to the exit status of
// docs/spec/outputs.md (0 ran, 1 --fail-on or verify mismatch, 2 usage/input error).
import { Command, CommanderError, Help, type Option } from 'commander';
import { InputError, UsageError } from './errors.js';
import { TOOL_VERSION } from './version.js';
import { terminalSafe } from './terminal-text.js';
import { jsonErrorLine, wantsJsonLine } from './console/json-error.js';
import { registerRun } from './commands/run.js';
import { registerDecisions } from './commands/decisions.js';
import { registerVerify } from './commands/verify.js';
import { registerCollect } from './commands/collect.js';

export type CommandResult = { exitCode: number };
/** Each command module registers itself and reports its exit status through `done`. */
export type Register = (program: Command, done: (code: number) => void) => void;

const COMMANDS: Register[] = [registerRun, registerDecisions, registerVerify, registerCollect];

/** Help marks the options a command cannot run without (commander's requiredOption). Inherited by every command. */
const MARK_REQUIRED = {
  optionDescription(this: void, option: Option): string {
    const text = new Help().optionDescription(option);
    return option.mandatory ? `(required) ${text}` : text;
  },
};

const PROGRAM_EXAMPLES = `
Examples:
  $ access-audit run --input sample-data --out reports --as-of 2026-09-30 --config sample-data/access-audit.config.yaml
  $ access-audit decisions --workbook returned/access-review.xlsx --run reports --out decisions
  $ access-audit verify reports

Run "access-audit <command> --help" for a command's options and examples.`;

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('access-audit')
    .description('Access review and license audit for Domino Data Lab and Dagster+ exports')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(terminalSafe(s)) })
    .configureHelp(MARK_REQUIRED)
    .addHelpText('after', PROGRAM_EXAMPLES);
  for (const register of COMMANDS) register(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, wantsJsonLine(argv));
  }
}

function reportError(e: unknown, json = false): number {
  if (e instanceof CommanderError) {
    // --help and --version are "errors" to commander; they are successes to a user.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  if (e instanceof InputError || e instanceof UsageError) {
    // One line: the message is built from export data, which may hold newlines and escapes.
    process.stderr.write(`access-audit: error: ${terminalSafe(e.message, false)}\n`);
    if (json) process.stdout.write(jsonErrorLine(2, e.message));
    return 2;
  }
  const err = e as Error;
  if (json) process.stdout.write(jsonErrorLine(70, `internal error: ${err?.message ?? String(e)}`));
  process.stderr.write(`access-audit: internal error (a defect, please report it): ${terminalSafe(err?.stack ?? String(e))}\n`);
  return 70;
}
