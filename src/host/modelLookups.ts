// Models a config names that the bundled table lacks, looked up once per document and id
// (resolve/modelResolver.ts): a local path, the Hugging Face cache, then the Hub only when
// scalingLens.hub.fetch allows it or the user runs "Fetch config.json … from the Hugging Face Hub",
// and never in an untrusted workspace. When a lookup ends, the document is analysed again.

import * as vscode from 'vscode';
import { resolveModel, isResolved, type ModelResolution } from '../configs/resolve/modelResolver';
import { isFound, resolveReferencedFile, type FileResolution } from '../configs/resolve/referencedFiles';
import { hubFetcher } from './node/hub';
import { nodeModelEnvironment } from './node/modelFiles';
import { vscodeModelFiles } from './vscode/modelFiles';
import type { Settings } from './settings';
import type { Log } from './log';

export class ModelLookups implements vscode.Disposable {
  /** uri -> id -> what was found (or why not). */
  private readonly found = new Map<string, Map<string, ModelResolution>>();
  /** uri -> path -> a file the config points at (a DeepSpeed JSON), read or why not. */
  private readonly read = new Map<string, Map<string, FileResolution>>();
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a document uri when a lookup for it ended. */
  readonly onDidResolve = this.changed.event;

  constructor(
    private readonly settings: () => Settings,
    /** Global storage: fetched config.json files are cached under hub/. */
    private readonly storage: vscode.Uri,
    private readonly log: Log,
  ) {}

  models(uri: string): ReadonlyMap<string, ModelResolution> | undefined {
    return this.found.get(uri);
  }

  files(uri: string): ReadonlyMap<string, FileResolution> | undefined {
    return this.read.get(uri);
  }

  /**
   * Reads files the config points at (relative to its folder, then the workspace folders), with
   * the same bounded, regular-file-only reader as a model's config.json; local files only, so
   * allowed in an untrusted workspace as a local config.json is.
   */
  requestFiles(doc: vscode.TextDocument, paths: readonly string[]): void {
    for (const p of paths) void this.readFile(doc, p);
  }

  private async readFile(doc: vscode.TextDocument, path: string): Promise<void> {
    const uri = doc.uri.toString();
    const key = `${uri}\nfile:${path}`;
    if (this.pending.has(key) || this.read.get(uri)?.has(path)) return;
    this.pending.add(key);
    try {
      const configDir = vscode.Uri.joinPath(doc.uri, '..').fsPath;
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      const r = await resolveReferencedFile(path, vscodeModelFiles, nodeModelEnvironment(configDir, roots));
      let m = this.read.get(uri);
      if (!m) this.read.set(uri, (m = new Map()));
      m.set(path, r);
      this.log.info(`${doc.fileName}: ${path}: ${isFound(r) ? `read ${r.location}` : `not read (${r.reason})`}`);
      this.changed.fire(uri);
    } catch (e) {
      this.log.errorOnce(key, `${doc.fileName}: reading ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.pending.delete(key);
    }
  }

  /** Starts lookups for ids not looked up yet (automatic: the Hub only if the setting allows it). */
  request(doc: vscode.TextDocument, ids: readonly string[]): void {
    for (const id of ids) void this.lookup(doc, id, this.settings().hub.fetch);
  }

  /** "Fetch config.json for org/name from the Hugging Face Hub": the user asked for this one. */
  async fetchFromHub(doc: vscode.TextDocument, id: string): Promise<ModelResolution | undefined> {
    this.found.get(doc.uri.toString())?.delete(id);
    return this.lookup(doc, id, true);
  }

  /** Settings changed (hub.fetch, hub.endpoint): look again at what was not found. */
  retryUnresolved(): void {
    for (const m of this.found.values()) for (const [id, r] of m) if (!isResolved(r)) m.delete(id);
  }

  private async lookup(doc: vscode.TextDocument, id: string, allowHub: boolean): Promise<ModelResolution | undefined> {
    const uri = doc.uri.toString();
    const key = `${uri}\n${id}`;
    if (this.pending.has(key) || this.found.get(uri)?.has(id)) return this.found.get(uri)?.get(id);
    this.pending.add(key);
    try {
      const configDir = vscode.Uri.joinPath(doc.uri, '..').fsPath;
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      const env = nodeModelEnvironment(configDir, roots);
      const hubAllowed = allowHub && vscode.workspace.isTrusted;
      const endpoint = this.settings().hub.endpoint;
      const hub = hubAllowed ? hubFetcher({ ...(endpoint ? { endpoint } : {}), cacheDir: vscode.Uri.joinPath(this.storage, 'hub').fsPath }) : undefined;
      const r = await resolveModel(id, vscodeModelFiles, env, hub);
      let m = this.found.get(uri);
      if (!m) this.found.set(uri, (m = new Map()));
      m.set(id, r);
      this.log.info(`${doc.fileName}: ${id}: ${isResolved(r) ? r.origin : `not found (${r.reason})`}`);
      this.changed.fire(uri);
      return r;
    } catch (e) {
      this.log.errorOnce(key, `${doc.fileName}: looking up ${id} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      this.pending.delete(key);
    }
  }

  forget(uri: string): void {
    this.found.delete(uri);
    this.read.delete(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.found.clear();
    this.read.clear();
  }
}
