// Diagnostics for actionable problems only: unreadable or impossible values, a recognised
// config that cannot be completed, assumptions the user should state, and an under-trained
// run. Pushed 300 ms after typing stops, for the text they were computed from.

import * as vscode from 'vscode';
import type { Problem } from '../configs/types';
import type { EstimateWarning } from '../core/estimate';
import type { DocumentAnalyses, DocumentAnalysis } from '../host/analyses';
import { directiveInsert } from './directiveEdit';
import { memoryDiagnostic, memoryQuickFixes } from './memoryPresent';
import type { Settings } from '../host/settings';
import { CONFIG_SELECTOR, isAnalysable } from '../host/selector';

const DEBOUNCE_MS = 300;
export const DIAGNOSTIC_SOURCE = 'Scaling Lens';

/** Estimate warnings worth a squiggle; the rest live in the hover. */
const ACTIONABLE_WARNINGS: ReadonlySet<EstimateWarning['code']> = new Set([
  'under-trained',
  'repeated-data',
  'no-peak-for-precision',
  'law-does-not-apply',
  'zero-steps',
  'throughput-bottleneck',
]);

const severity = (p: Problem['severity'] | EstimateWarning['severity']) =>
  p === 'error' ? vscode.DiagnosticSeverity.Error : p === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;

function lineRange(doc: vscode.TextDocument, line: number): vscode.Range {
  return doc.lineAt(Math.max(0, Math.min(line, doc.lineCount - 1))).range;
}

export function toDiagnostics(doc: vscode.TextDocument, a: DocumentAnalysis): vscode.Diagnostic[] {
  const analysis = a.analysis;
  if (!analysis) return [];
  if (!analysis.ok) {
    // A file not read at all: an error, except an analysis over its time budget (nothing wrong with the file, it says so).
    const d = new vscode.Diagnostic(lineRange(doc, 0), analysis.problem.message, severity(analysis.problem.severity));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = analysis.problem.code;
    return [d];
  }
  const tokensLine = a.hints.find((h) => h.kind === 'tokens')?.line ?? 0;
  const out: vscode.Diagnostic[] = [];
  for (const p of analysis.result.problems) {
    let range: vscode.Range;
    if (p.range) {
      const start = doc.validatePosition(new vscode.Position(p.range.startLine, p.range.startCol));
      const end = doc.validatePosition(new vscode.Position(p.range.endLine, p.range.endCol));
      range = start.isEqual(end) ? lineRange(doc, start.line) : new vscode.Range(start, end);
    } else {
      range = lineRange(doc, p.code === 'assumed-gpu-count' ? tokensLine : 0);
    }
    // A GPU count nobody stated is normal, not wrong: say it, offer the fix, do not alarm.
    const sev = p.code === 'assumed-gpu-count' ? vscode.DiagnosticSeverity.Information : severity(p.severity);
    const d = new vscode.Diagnostic(range, p.message, sev);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = p.code;
    out.push(d);
  }
  for (const w of analysis.estimate.warnings) {
    if (!ACTIONABLE_WARNINGS.has(w.code)) continue;
    const d = new vscode.Diagnostic(lineRange(doc, w.code === 'no-peak-for-precision' ? 0 : tokensLine), w.message, severity(w.severity));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = w.code;
    out.push(d);
  }
  // Per-GPU memory: out of memory, or above 90%, on the line that drives it, with ranked remedies.
  const mem = memoryDiagnostic(analysis.result, analysis.estimate, a.hints.find((h) => h.kind === 'params')?.line ?? 0);
  if (mem) {
    const range = mem.range
      ? new vscode.Range(
          doc.validatePosition(new vscode.Position(mem.range.startLine, mem.range.startCol)),
          doc.validatePosition(new vscode.Position(mem.range.endLine, mem.range.endCol)),
        )
      : lineRange(doc, mem.line);
    const d = new vscode.Diagnostic(
      range.isEmpty ? lineRange(doc, mem.line) : range,
      mem.message,
      mem.severity === 'error'
        ? vscode.DiagnosticSeverity.Error
        : mem.severity === 'warning'
          ? vscode.DiagnosticSeverity.Warning
          : vscode.DiagnosticSeverity.Information,
    );
    d.source = DIAGNOSTIC_SOURCE;
    d.code = mem.code;
    out.push(d);
  }
  if (a.lawNote) {
    const d = new vscode.Diagnostic(lineRange(doc, 0), a.lawNote, vscode.DiagnosticSeverity.Warning);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'unknown-law';
    out.push(d);
  }
  return out;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('scaling-lens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's analysis was refreshed (the status bar follows it). */
  readonly onDidAnalyse = this.changed.event;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly settings: () => Settings,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => {
        // Diagnostics under this uri can only be a closed predecessor's (a reused untitled name
        // whose close arrived late): they are not this document's.
        this.collection.delete(d.uri);
        this.schedule(d, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // An untitled name is reused at once ("Untitled-1" closed, a new "Untitled-1" opened): a
        // close that arrives after the new document opened must not wipe the new one's diagnostics.
        if (vscode.workspace.textDocuments.some((open) => !open.isClosed && open.uri.toString() === d.uri.toString())) return;
        this.cancel(d.uri.toString());
        this.collection.delete(d.uri);
        this.analyses.forget(d.uri);
      }),
    );
  }

  /** Re-analyse every open document now (settings changed, or at start). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isAnalysable(doc) || !vscode.languages.match(CONFIG_SELECTOR, doc)) return;
    const key = doc.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(doc);
      }, delay),
    );
  }

  private async update(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const version = doc.version;
    const a = await this.analyses.get(doc);
    // Typing went on while the engine loaded: a newer update is already scheduled.
    if (doc.isClosed || doc.version !== version || a.version !== version) return;
    // A reused untitled name: another document now holds this uri (this one's close has not
    // arrived yet); its diagnostics are not this document's to set.
    const key = doc.uri.toString();
    const holders = vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.toString() === key);
    if (holders.length > 0 && holders[holders.length - 1] !== doc) return;
    if (this.settings().diagnostics) this.collection.set(doc.uri, toDiagnostics(doc, a));
    else this.collection.delete(doc.uri);
    this.changed.fire(doc);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Warnings a directive can switch off, with the quick fix's title (see IGNORABLE_WARNINGS in configs/shared/directive.ts). */
const IGNORE_FIXES: Readonly<Record<string, string>> = {
  'under-trained': 'Intended (continued pretraining or a short run): add `# scaling-lens: ignore=under-trained`',
};

/** Languages whose comments start with `#`: only there can a directive comment be added. */
const HASH_COMMENT_LANGUAGES = new Set(['yaml', 'toml', 'python', 'shellscript', 'dockercompose']);

function hashComments(doc: vscode.TextDocument): boolean {
  return HASH_COMMENT_LANGUAGES.has(doc.languageId) || /\.(toml|sh|slurm|sbatch|ya?ml|py)$/i.test(doc.uri.path);
}

/** Quick fixes that add a `# scaling-lens:` directive, as an undoable edit. */
export class DirectiveFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyses: DocumentAnalyses) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const a = this.analyses.peek(doc);
    if (!a?.analysis?.ok) return [];
    const actions: vscode.CodeAction[] = [];
    const add = (diag: vscode.Diagnostic, entry: string, title: string, preferred: boolean) => {
      const insert = directiveInsert(doc.getText(), entry);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(insert.line, insert.character), insert.text);
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [diag];
      action.isPreferred = preferred;
      actions.push(action);
    };
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const code = typeof diag.code === 'string' ? diag.code : undefined;
      const ignoreTitle = code !== undefined && Object.hasOwn(IGNORE_FIXES, code) ? IGNORE_FIXES[code] : undefined;
      if (ignoreTitle && hashComments(doc)) {
        // Not preferred: an under-trained run is usually worth a second look, not a silencing.
        add(diag, `ignore=${code}`, ignoreTitle, false);
        continue;
      }
      if (code === 'out-of-memory' || code === 'memory-near-limit') {
        const textOf = (r: { startLine: number; startCol: number; endLine: number; endCol: number }) =>
          doc.getText(new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol));
        for (const fix of memoryQuickFixes(a.analysis.result, a.analysis.estimate, textOf)) {
          const edit = new vscode.WorkspaceEdit();
          edit.replace(doc.uri, new vscode.Range(fix.range.startLine, fix.range.startCol, fix.range.endLine, fix.range.endCol), fix.newText);
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = edit;
          action.diagnostics = [diag];
          action.isPreferred = fix.preferred;
          actions.push(action);
        }
        continue;
      }
      const problem = a.analysis.result.problems.find((p) => p.code === diag.code && p.message === diag.message && p.fix);
      if (problem?.fix) add(diag, problem.fix.text, problem.fix.title, true);
    }
    return actions;
  }
}
