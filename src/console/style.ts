// Colours for the console report: only on a terminal, never with NO_COLOR (no-color.org:
// set and not empty) or TERM=dumb. Off, every style is the identity, so the piped report is
// plain text.
import type { Severity } from '../model.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  severity(sev: Severity, s: string): string;
}

const sgr = (open: string, close: string) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const SEVERITY_SGR: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };

const colour: Style = {
  bold: sgr('1', '22'),
  dim: sgr('2', '22'),
  red: sgr('31', '39'),
  green: sgr('32', '39'),
  yellow: sgr('33', '39'),
  severity: (sev, s) => `\u001b[${SEVERITY_SGR[sev]}m${s}\u001b[0m`,
};

const id = (s: string) => s;
export const plain: Style = { bold: id, dim: id, red: id, green: id, yellow: id, severity: (_sev, s) => s };

/** Whether to colour what is written to `stream`. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export const styleFor = (useColour: boolean): Style => (useColour ? colour : plain);
