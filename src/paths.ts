import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package root: src/*.ts and dist/*.js both sit one level below it. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const QUERIES_DIR = path.join(PACKAGE_ROOT, 'queries');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
