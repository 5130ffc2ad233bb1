// --json: the run's summary as ONE line of JSON on stdout, for schedulers and pipelines
// (fields documented in README "What a run prints"). Lists are capped (the counts are
// exact) so the line stays short on any bundle. Characters that could act on a terminal
// (C1 controls, bidi and invisible formatting characters; JSON.stringify already escapes
// C0) are written as \u escapes: still valid JSON that parses to the exact same text.
import type { RunSummary, SubjectRef } from './summary.js';

const LISTED = 5;

const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const u = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

const capped = (refs: SubjectRef[]) => ({ count: refs.length, examples: refs.slice(0, LISTED) });

export function jsonLine(s: RunSummary): string {
  const doc = {
    ...s,
    exceptions: s.exceptions && { excepted: s.exceptions.excepted, expired: capped(s.exceptions.expired), stale: capped(s.exceptions.stale) },
  };
  return JSON.stringify(doc).replace(UNSAFE_IN_JSON, u) + '\n';
}
