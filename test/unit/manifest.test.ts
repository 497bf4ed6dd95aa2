// package.json states values the code also holds (command ids, setting defaults, the enums of the
// FLOP conventions, laws and accelerators): JSON cannot import them, so this keeps the two equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACCELERATORS } from '../../src/core/hardware';
import { BUILT_IN_LAWS, DEFAULT_LAW_ID } from '../../src/core/laws/index';
import { FLOP_CONVENTIONS } from '../../src/core/model';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/host/commandIds';
import { FLOP_CONVENTION_IDS, SETTING_DEFAULTS } from '../../src/host/settingDefaults';

const ROOT = join(__dirname, '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default?: unknown; enum?: unknown[]; examples?: unknown[] }> }[];
  };
  activationEvents: string[];
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const properties = Object.fromEntries(manifest.contributes.configuration.flatMap((c) => Object.entries(c.properties)));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('COMMANDS and contributes.commands name the same commands, and each is registered', () => {
  const ids = Object.values(COMMANDS);
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...ids].sort());
  const code = sources(join(ROOT, 'src'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  for (const [key, id] of Object.entries(COMMANDS)) {
    assert.match(code, new RegExp(`registerCommand\\(COMMANDS\\.${key}\\b`), `${id} is contributed but never registered`);
  }
});

test('internal commands (links from lenses and hints) are hidden from the palette; the others are not', () => {
  const palette = manifest.contributes.menus['commandPalette'] ?? [];
  for (const entry of palette) assert.ok((Object.values(COMMANDS) as string[]).includes(entry.command), `${entry.command} is not a command of ours`);
  const hidden = palette
    .filter((e) => e.when === 'false')
    .map((e) => e.command)
    .sort();
  assert.deepEqual(hidden, INTERNAL_COMMANDS.map((k) => COMMANDS[k]).sort());
  for (const section of Object.values(manifest.contributes.menus)) {
    for (const entry of section)
      assert.ok((Object.values(COMMANDS) as string[]).includes(entry.command), `${entry.command} in a menu is not a command of ours`);
  }
});

test('every setting of package.json has the default settings.ts falls back to, and no other', () => {
  const declared = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k.replace(/^scalingLens\./, ''), v.default]));
  assert.deepEqual(declared, SETTING_DEFAULTS);
  assert.equal(SETTING_DEFAULTS.law, DEFAULT_LAW_ID);
});

test("the enums and examples of package.json are the core's tables", () => {
  assert.deepEqual([...(properties['scalingLens.flopsConvention']!.enum as string[])].sort(), Object.keys(FLOP_CONVENTIONS).sort());
  assert.deepEqual([...FLOP_CONVENTION_IDS].sort(), Object.keys(FLOP_CONVENTIONS).sort());
  // The Settings UI offers a choice of common accelerators (the directive takes any): each is in the catalog.
  const catalog = new Set<unknown>([...ACCELERATORS.map((a) => a.id), null]);
  for (const gpu of properties['scalingLens.gpu']!.enum!) assert.ok(catalog.has(gpu), `${String(gpu)} is not in the hardware catalog`);
  assert.deepEqual(
    properties['scalingLens.law']!.examples,
    BUILT_IN_LAWS.map((l) => l.id),
  );
});
