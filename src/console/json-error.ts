// `run --json` that fails still gives a scheduler its one line on stdout: the exit status
// and the same message as the one line on stderr. (Commander's own usage errors, printed
// before any command runs, are named by the exit status alone.)
import { TOOL_VERSION } from '../version.js';

/** True when the command line asks `run` for JSON (the flag may come anywhere after `run`). */
export const wantsJsonLine = (argv: readonly string[]): boolean => argv[0] === 'run' && argv.includes('--json');

export function jsonErrorLine(exitCode: number, message: string): string {
  return JSON.stringify({ tool_version: TOOL_VERSION, exit_code: exitCode, error: message }).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
