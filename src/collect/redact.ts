// Text from a server or a URL, made safe for one line on a terminal: control characters
// (escape sequences, newlines) replaced, and every credential collect holds masked, so
// that no message can print a secret even if a server echoes it back.

const secrets = new Set<string>();

/** Register a credential value: it is masked in every message from now on. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Replace control characters and mask registered credentials. */
export function clean(text: string): string {
  let s = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
  for (const secret of secrets) s = s.split(secret).join('***');
  return s;
}
