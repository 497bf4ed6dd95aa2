// *Select Scaling Law…* asks where to save (Workspace or User, as VS Code's own pickers do) and
// says when a workspace value will still override the user's choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overriddenBy, scopeItems } from '../../src/commands/lawScope';

test('the two choices say where the value goes and what each holds now', () => {
  assert.deepEqual(scopeItems({ globalValue: 'kaplan-2020' }, 'runs', null), [
    { scope: 'workspace', label: 'Workspace', description: 'not set', detail: 'For runs only: saved in .vscode/settings.json' },
    { scope: 'user', label: 'User', description: 'now kaplan-2020', detail: 'For every folder: saved in your user settings' },
  ]);
  assert.equal(scopeItems({ workspaceValue: 'epoch-2024' }, 'multi', 'multi.code-workspace')[0]!.detail, 'For multi only: saved in multi.code-workspace');
  assert.equal(scopeItems({ workspaceValue: 'epoch-2024' }, 'multi', null)[0]!.description, 'now epoch-2024');
});

test('a user choice under a different workspace value is flagged; anything else is not', () => {
  assert.equal(
    overriddenBy({ workspaceValue: 'epoch-2024' }, 'user', 'kaplan-2020'),
    'This workspace sets scalingLens.law to epoch-2024, which overrides the user setting: the estimates here stay on epoch-2024.',
  );
  assert.equal(overriddenBy({ workspaceValue: 'kaplan-2020' }, 'user', 'kaplan-2020'), null);
  assert.equal(overriddenBy({ workspaceValue: 'epoch-2024' }, 'workspace', 'kaplan-2020'), null);
  assert.equal(overriddenBy({ globalValue: 'epoch-2024' }, 'user', 'kaplan-2020'), null);
});
