// Reading an input file for a command: one-line errors, and a size limit checked before the
// file is read, so a huge file costs nothing.

import { readFileSync, statSync } from 'node:fs';
import { CliError } from './errors';

export function readInputFile(file: string, maxBytes: number, what: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`);
  }
  if (size > maxBytes) throw new CliError(`${file}: ${(size / 1e6).toFixed(1)} MB is too large for ${what} (limit ${maxBytes / 1e6} MB); not read`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
