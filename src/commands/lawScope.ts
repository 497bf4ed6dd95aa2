// Where *Select Scaling Law…* saves `scalingLens.law`: the person chooses, as in VS Code's own
// pickers (Workspace or User), and is told when a workspace value will still override a user one.
// Pure (no vscode) so unit tests pin the texts.

export type LawScope = 'workspace' | 'user';

/** `scalingLens.law` as WorkspaceConfiguration.inspect() reports it. */
export interface LawValues {
  readonly workspaceValue?: string;
  readonly globalValue?: string;
}

export interface ScopeItem {
  readonly scope: LawScope;
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

const now = (v: string | undefined) => (v === undefined ? 'not set' : `now ${v}`);

/** The two choices, each saying where the file is and what it holds now. */
export function scopeItems(values: LawValues, workspaceName: string, workspaceFile: string | null): ScopeItem[] {
  return [
    {
      scope: 'workspace',
      label: 'Workspace',
      description: now(values.workspaceValue),
      detail: `For ${workspaceName} only: saved in ${workspaceFile ?? '.vscode/settings.json'}`,
    },
    { scope: 'user', label: 'User', description: now(values.globalValue), detail: 'For every folder: saved in your user settings' },
  ];
}

/** A user choice that a workspace value overrides: what to tell the person (null when nothing overrides it). */
export function overriddenBy(values: LawValues, scope: LawScope, id: string): string | null {
  if (scope !== 'user' || values.workspaceValue === undefined || values.workspaceValue === id) return null;
  return `This workspace sets scalingLens.law to ${values.workspaceValue}, which overrides the user setting: the estimates here stay on ${values.workspaceValue}.`;
}
