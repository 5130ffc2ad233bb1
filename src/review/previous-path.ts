// --previous takes the last review's audit folder (the --out of that run, as `decisions
// --run` and `verify` do) or its findings.json.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { shownPath } from './json-input.js';

/** The findings.json that `--previous <value>` names: the file itself, or the one inside an audit folder. */
export function previousFindingsPath(value: string): string {
  if (!existsSync(value) || !statSync(value).isDirectory()) return value;
  const file = path.join(value, 'findings.json');
  if (!existsSync(file)) {
    throw new InputError(
      { file: shownPath(value) },
      '--previous is a folder without a findings.json; pass the audit folder of the last review (the --out of that run) or its findings.json',
    );
  }
  return file;
}
