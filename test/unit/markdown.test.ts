// Issue 13: text from a config never becomes a link, an image, HTML or an autolink in a hover.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { inertMarkdown } from '../../src/format/index';

test('links, images, HTML and autolinks from file text are inert; code spans are left alone', () => {
  const md = inertMarkdown(
    'dataset ![x](https://evil.example/t.png) [click](https://evil.example) <img src=x onerror=alert(1)> see https://evil.example and www.evil.example, mail a@b.c; `keep [this] <as> is`',
  );
  assert.ok(!/!\[|\]\(|<img/.test(md.replace(/\\[[\]<>!]/g, '')), md);
  assert.ok(!/https:\/\//.test(md), md);
  assert.ok(md.endsWith('`keep [this] <as> is`'), md);
  // What Scaling Lens itself writes survives: emphasis, code, tables, lists.
  const ours = '**1,100,048,384 parameters**\n\n| key | value |\n|---|---|\n| `n_layer` | 22 |\n\n- `gpu` = A100-80GB: assumed';
  assert.equal(inertMarkdown(ours), ours);
});

test('property: no link or image syntax survives outside code spans', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('[', ']', '(', ')', '!', '<', '>', 'a', ' ', 'h', 't', 'p', ':', '/', '\\') }), (s) => {
      const md = inertMarkdown(s);
      // Every [, ], <, >, ! is preceded by an escaping backslash (an even run of backslashes before it is not escaping).
      for (let i = 0; i < md.length; i++) {
        if ('[]<>!'.includes(md[i]!)) {
          let k = i - 1;
          while (k >= 0 && md[k] === '\\') k--;
          assert.equal((i - 1 - k) % 2, 1, `unescaped ${md[i]} at ${i} in ${JSON.stringify(md)}`);
        }
      }
    }),
  );
});
