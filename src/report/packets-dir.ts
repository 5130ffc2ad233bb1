/** The folder of run --packets inside --out (kept apart so that run.ts need not load the writers). */
export const PACKETS_DIR = 'packets';
