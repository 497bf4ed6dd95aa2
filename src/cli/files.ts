// Reading an input file for a command: one-line errors, regular files only, and a size limit
// that holds while reading, so a huge file, a link to /dev/zero or a FIFO costs nothing and
// never hangs.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { CliError } from './errors';

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`;
}

function kindOf(file: string): string | null {
  const s = statSync(file);
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function readInputFile(file: string, maxBytes: number, what: string): string {
  const tooLarge = (bytes: number) => new CliError(`${file}: ${(bytes / 1e6).toFixed(1)} MB is too large for ${what} (limit ${maxBytes / 1e6} MB); not read`);
  let fd: number;
  try {
    // stat follows links, so a link to /dev/zero or to a FIFO is refused before anything is opened.
    const kind = kindOf(file);
    if (kind !== null) throw new CliError(`${file}: ${kind}, not a file; not read`);
    // O_NONBLOCK: should the path be swapped for a FIFO after the check, open must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: ${reason(e)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CliError(`${file}: not a regular file; not read`);
    if (stat.size > maxBytes) throw tooLarge(stat.size);
    // Read at most maxBytes + 1: a file that grows while it is read (or reports size 0, as some
    // special files do) still stops at the limit.
    let chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === chunk.length) {
        if (chunk.length > maxBytes) throw tooLarge(length);
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, length);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, length, chunk.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge(length);
    return chunk.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}
