// Progress on a terminal during long phases; silent when stderr is not a terminal (CI,
// pipes, schedulers) or with --quiet. ora handles TTY detection and cursor restore.
import ora, { type Ora } from 'ora';
import { terminalSafe } from './terminal-text.js';

export interface Progress {
  phase(name: string, detail?: string): void;
  done(summary: string): void;
  stop(): void;
}

const silent: Progress = { phase() {}, done() {}, stop() {} };

export function createProgress(quiet: boolean | undefined): Progress {
  // A terminal that reports no width (some pseudo-terminals) makes spinners redraw
  // endlessly: stay silent there too.
  if (quiet || !process.stderr.isTTY || process.env.CI || !(process.stderr.columns >= 20)) return silent;
  const started = Date.now();
  let phaseStarted = started;
  let current = '';
  const spinner: Ora = ora({ stream: process.stderr, discardStdin: false }).start();
  const secs = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
  const timer = setInterval(() => (spinner.text = `${current} · ${secs(phaseStarted)}`), 250);
  timer.unref();
  return {
    phase(name, detail) {
      const label = terminalSafe(detail ? `${name}: ${detail}` : name, false);
      if (!label.startsWith(current.split(':')[0] ?? '')) phaseStarted = Date.now();
      current = label;
      spinner.text = `${current} · ${secs(phaseStarted)}`;
    },
    done(summary) {
      clearInterval(timer);
      spinner.succeed(terminalSafe(`${summary} (${secs(started)})`, false));
    },
    stop() {
      clearInterval(timer);
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
