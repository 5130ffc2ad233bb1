// Where the run's report goes. stdout carries a command's result, stderr its diagnostics:
// - --json: the one JSON line on stdout (the result a scheduler parses), nothing else;
// - stdout a terminal: the report on stdout (a person is reading it);
// - stdout redirected or piped (cron, CI, `| tee`, `> file`): the report on stderr, so it
//   still reaches the person or the job log, and a file or program reading stdout never
//   gets prose it did not ask for (the same rule as the progress line, which is stderr);
// - --quiet: nothing (errors only, always on stderr).
// Colours only when the stream written to is a terminal and NO_COLOR is not set.
import { jsonLine } from './json-line.js';
import { renderRunReport } from './render-text.js';
import { styleFor, wantsColour } from './style.js';
import type { RunSummary } from './summary.js';

export interface ReportMode {
  quiet?: boolean;
  json?: boolean;
}

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export function emitRunReport(
  s: RunSummary,
  mode: ReportMode,
  streams: { stdout: Stream; stderr: Stream } = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (mode.json) {
    streams.stdout.write(jsonLine(s));
    return;
  }
  if (mode.quiet) return;
  const stream = streams.stdout.isTTY ? streams.stdout : streams.stderr;
  stream.write(renderRunReport(s, styleFor(wantsColour(stream, env))).join('\n') + '\n');
}
