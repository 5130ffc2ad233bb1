// Phase timings for the benchmark (npm run bench): when ACCESS_AUDIT_TIMINGS names a file,
// the run writes there how long each phase took and its peak memory. Never timed in tests.
import { writeFileSync } from 'node:fs';

export class PhaseClock {
  private readonly started = performance.now();
  private last = this.started;
  private readonly phases: Record<string, number> = {};

  /** Close the phase that just ended (time since the previous mark). */
  mark(phase: string): void {
    const now = performance.now();
    this.phases[phase] = (this.phases[phase] ?? 0) + (now - this.last) / 1000;
    this.last = now;
  }

  /**
   * Phases that run side by side: each is timed from the same start to its own end, and
   * together they close one phase of the run (`mark(span)` once all are done).
   */
  concurrent(): { done(phase: string): void } {
    const start = performance.now();
    return {
      done: (phase) => {
        this.phases[phase] = (performance.now() - start) / 1000;
      },
    };
  }

  /** Close the phase that just ended without naming it (its parts were timed by concurrent()). */
  skip(): void {
    this.last = performance.now();
  }

  write(): void {
    const file = process.env.ACCESS_AUDIT_TIMINGS;
    if (!file) return;
    const seconds = Object.fromEntries(Object.entries(this.phases).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
    const total = (performance.now() - this.started) / 1000;
    writeFileSync(
      file,
      JSON.stringify({ phases: seconds, in_process_total: Math.round(total * 1000) / 1000, max_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
    );
  }
}
