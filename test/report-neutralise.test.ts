import { describe, expect, test } from 'vitest';
import { needsNeutralising, neutralise, unneutralise } from '../src/report/neutralise.js';
import { inlineJson } from '../src/report/page.js';
import { HOSTILE } from './fixtures/report/findings.js';

describe('formula neutralisation', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', "'\rCR"],
    [HOSTILE.hyperlink, `'${HOSTILE.hyperlink}`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    // A leading apostrophe is doubled so that the transformation can be undone exactly.
    ["'quoted", "''quoted"],
  ])('%j is stored as %j', (input, stored) => {
    expect(needsNeutralising(input)).toBe(true);
    expect(neutralise(input)).toBe(stored);
    expect(unneutralise(neutralise(input))).toBe(input);
  });

  test.each(['alice', 'Data Analyst', '', ' =not first', '1+1', 'a=b', '<script>alert(1)</script>', 'Ünïcode', '—dash'])(
    '%j is left alone',
    (input) => {
      expect(needsNeutralising(input)).toBe(false);
      expect(neutralise(input)).toBe(input);
      expect(unneutralise(input)).toBe(input);
    },
  );

  test('every stored value starts with a safe character', () => {
    for (const s of Object.values(HOSTILE)) expect(neutralise(s)).toMatch(/^[^=+\-@\t\r]/);
  });
});

describe('inline JSON', () => {
  test('nothing in it can close the script element or start a comment', () => {
    const value = { name: HOSTILE.script2, other: '<!-- x --> & \u2028 \u2029', img: HOSTILE.img };
    const text = inlineJson(value);
    expect(text).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
