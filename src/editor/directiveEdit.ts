// Where a `# scaling-lens:` entry goes: appended to the last directive comment, or a new
// directive comment on the first line (after a shebang). Pure, so it is unit-tested.

export interface TextInsert {
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

const DIRECTIVE = /^\s*#\s*scaling-lens:/;

export function directiveInsert(text: string, entry: string): TextInsert {
  const lines = text.split('\n');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\r$/, '');
    if (DIRECTIVE.test(line)) return { line: i, character: line.length, text: `${line.endsWith(' ') ? '' : ' '}${entry}` };
  }
  const first = lines[0] ?? '';
  const afterShebang = first.startsWith('#!') ? 1 : 0;
  return { line: afterShebang, character: 0, text: `# scaling-lens: ${entry}${eol}` };
}
