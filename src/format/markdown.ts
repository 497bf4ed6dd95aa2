// Markdown shown in hovers and tooltips carries text from the file being edited (dataset names,
// paths, model ids, values). Scaling Lens's own Markdown uses only emphasis, code spans, lists and
// tables, so everything that could make a link, an image (a remote fetch when the hover opens),
// HTML or an autolinked URL is made inert outside code spans, where Markdown never parses them.

const CODE_SPAN = /(`+)[\s\S]*?\1/g;

function inertText(text: string): string {
  return (
    text
      // Brackets and `!` start links and images; `<` and `>` start HTML and autolinks.
      .replace(/[[\]<>!\\]/g, (c) => `\\${c}`)
      // Bare URLs and e-mail addresses are linkified: a zero-width joiner after the scheme's
      // colon (and before `@`) keeps the text readable and the link dead.
      .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1:\u2060')
      .replace(/\bwww\./gi, 'www\u2060.')
      .replace(/@/g, '\u2060@')
  );
}

/** `markdown` with every link, image, HTML tag and autolink outside code spans made plain text. */
export function inertMarkdown(markdown: string): string {
  let out = '';
  let last = 0;
  for (const m of markdown.matchAll(CODE_SPAN)) {
    out += inertText(markdown.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + inertText(markdown.slice(last));
}
