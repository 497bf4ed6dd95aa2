// Conditions of `if`/`elif`/`while`: `[[ … ]]`, `[ … ]`, `test`, `(( … ))`, `true`/`false`,
// joined by `&&` and `||`, decided as true, false or unknown (null) from the script's own
// values. Only the string and integer tests launch scripts use are evaluated; anything else
// (`-f file`, a command's status) is unknown, and the caller reads such a branch as taken.

import { globToRegExp } from './shellArith';
import { fieldText, type Expander } from './shellExpansion';
import { isPlain, type Token, type WordTok } from './shellLexer';

/** A decided condition, or null when the file cannot tell. */
export type Tri = true | false | null;

/** One command of a condition list and the operator after it (`&&`, `||`, `;`, newline). */
export interface ConditionPart {
  words: WordTok[] | null;
  arith?: Token & { kind: 'arithmetic' };
  op: string;
  start: number;
  end: number;
}

/** `[[ … ]]`, `[ … ]`, `test`, `(( … ))`, true/false joined by && and ||. */
export function condition(expander: Expander, list: readonly ConditionPart[], fallbacks: string[]): Tri {
  let result: Tri = true;
  let pendingOp: string | null = null;
  for (const item of list) {
    const v = item.arith ? arithTest(expander, item.arith) : testCommand(expander, item.words ?? [], fallbacks);
    if (pendingOp === '&&') result = result === false || v === false ? false : result === true && v === true ? true : null;
    else if (pendingOp === '||') result = result === true || v === true ? true : result === false && v === false ? false : null;
    else result = v;
    pendingOp = item.op === '&&' || item.op === '||' ? item.op : null;
  }
  return result;
}

function arithTest(expander: Expander, tok: Token & { kind: 'arithmetic' }): Tri {
  const text = expander.arithText(tok.parts);
  if (text === null) return null;
  const r = expander.evalArith(text);
  return r.ok ? r.value !== 0 : null;
}

function testCommand(expander: Expander, words: readonly WordTok[], fallbacks: string[]): Tri {
  const texts: Array<{ text: string; known: boolean; plain: boolean }> = words.map((w) => {
    const f = expander.expand(w, 'nosplit')[0] ?? [];
    // A variable the script never sets is empty when it runs in a clean environment: test it
    // as such, and say so (a note) if the branch matters.
    for (const c of f) for (const name of [...c.origin.fallbacks, ...c.origin.unset]) if (!fallbacks.includes(name)) fallbacks.push(name);
    return { text: fieldText(f), known: f.every((c) => c.origin.known || c.origin.unset.length > 0), plain: isPlain(w) };
  });
  let items = texts;
  let negate = false;
  while (items[0]?.plain && items[0].text === '!') {
    negate = !negate;
    items = items.slice(1);
  }
  const head = items[0];
  if (head?.plain && (head.text === '[[' || head.text === '[' || head.text === 'test')) items = items.slice(1);
  const tail = items[items.length - 1];
  if (tail?.plain && (tail.text === ']]' || tail.text === ']')) items = items.slice(0, -1);
  if (head?.plain && (head.text === 'true' || head.text === ':') && items.length === 1) return !negate;
  if (head?.plain && head.text === 'false' && items.length === 1) return negate;
  if (!(head?.plain && (head.text === '[[' || head.text === '[' || head.text === 'test')) && !(tail?.plain && (tail.text === ']]' || tail.text === ']')))
    return null;
  while (items[0]?.plain && items[0].text === '!') {
    negate = !negate;
    items = items.slice(1);
  }
  let v: Tri = null;
  const [a, b, c] = items;
  if (items.length === 1 && a) v = a.known ? a.text !== '' : null;
  else if (items.length === 2 && a && b && a.plain && (a.text === '-z' || a.text === '-n')) v = b.known ? (a.text === '-z') === (b.text === '') : null;
  else if (items.length === 3 && a && b && c && b.plain) {
    if (!a.known || !c.known) v = null;
    else if (b.text === '==' || b.text === '=') v = globToRegExp(c.text).test(a.text);
    else if (b.text === '!=') v = !globToRegExp(c.text).test(a.text);
    else if (/^-(eq|ne|lt|le|gt|ge)$/.test(b.text)) {
      const x = Number(a.text);
      const y = Number(c.text);
      if (!Number.isInteger(x) || !Number.isInteger(y)) v = null;
      else
        v = b.text === '-eq' ? x === y : b.text === '-ne' ? x !== y : b.text === '-lt' ? x < y : b.text === '-le' ? x <= y : b.text === '-gt' ? x > y : x >= y;
    }
  }
  return v === null ? null : negate ? !v : v;
}
