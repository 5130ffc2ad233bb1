import { describe, expect, it } from 'vitest';
import { isTerminalSafe, safeForTerminal } from '../src/terminal-text.js';

describe('safeForTerminal', () => {
  it('shows escape sequences, controls and bidi overrides as visible escapes', () => {
    expect(safeForTerminal('a\u001b[31mred')).toBe('a\\x1b[31mred');
    expect(safeForTerminal('over\rwrite\nnext\ttab\u0007\u0000')).toBe('over\\x0dwrite\\x0anext\\x09tab\\x07\\x00');
    expect(safeForTerminal('\u009b2J\u007f')).toBe('\\x9b2J\\x7f'); // C1 CSI and DEL
    expect(safeForTerminal('invoice\u202Egpj.exe')).toBe('invoice\\u202egpj.exe');
    expect(safeForTerminal('\u2066x\u2069\u200f\u061c\ufeff\u200b\u2028')).toBe('\\u2066x\\u2069\\u200f\\u061c\\ufeff\\u200b\\u2028');
  });
  it('leaves ordinary text, accents and other scripts alone', () => {
    for (const s of ['José Müller', '山田 太郎', 'Ελένη', 'مريم', 'a-b_c.d@example.com', '🙂']) {
      expect(safeForTerminal(s)).toBe(s);
      expect(isTerminalSafe(s)).toBe(true);
    }
    expect(isTerminalSafe('x\u001b')).toBe(false);
  });
});
