/**
 * A minimal stand-in for the `vscode` module, for timing activate() outside a VS Code host (benchmark only; the
 * host tests use a real extension host). Known classes and enums are real objects; everything else is a
 * permissive stub that accepts any call and remembers properties set on it.
 */
import * as path from 'node:path';

type Listener = (value: unknown) => void;

class EventEmitter {
  private listeners: Listener[] = [];
  readonly event = (listener: Listener) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter(l => l !== listener); } };
  };
  fire(value?: unknown): void { for (const l of [...this.listeners]) l(value); }
  dispose(): void { this.listeners = []; }
}

class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable { return new Disposable(() => items.forEach(i => i.dispose())); }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void { this.onDispose(); }
}

/** Any value class (TreeItem, ThemeIcon, MarkdownString…): keeps its constructor arguments and accepts properties. */
class ValueObject {
  readonly args: unknown[];
  constructor(...args: unknown[]) { this.args = args; }
}

const uri = (fsPath: string) => ({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}`, with: () => uri(fsPath) });

/** A callable, constructible object that answers every property with another stub. */
export function stub(name: string): unknown {
  const assigned = new Map<PropertyKey, unknown>();
  const target = function () { /* stub */ };
  return new Proxy(target, {
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () { /* empty */ };
      if (prop === 'dispose') return () => undefined;
      const child = stub(`${name}.${String(prop)}`);
      assigned.set(prop, child);
      return child;
    },
    set(_t, prop, value) { assigned.set(prop, value); return true; },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`) as object,
  });
}

const configuration = { get: (_key: string, fallback?: unknown) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };

const known: Record<string, unknown> = {
  EventEmitter,
  Disposable,
  Uri: { file: uri, parse: (s: string) => uri(s.replace(/^file:\/\//, '')), joinPath: (base: { fsPath: string }, ...parts: string[]) => uri(path.join(base.fsPath, ...parts)) },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  LanguageModelChatMessageRole: { User: 1, Assistant: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  env: { language: 'en', appName: 'bench', uriScheme: 'vscode', machineId: 'bench', sessionId: 'bench', uiKind: 1, openExternal: async () => true, clipboard: { writeText: async () => undefined } },
  version: '1.104.0',
};

/** The fake module: known values, value classes for anything capitalised, stubs for the rest. */
export function createFakeVscode(): Record<string, unknown> {
  const workspace = stub('workspace') as Record<string, unknown>;
  workspace.getConfiguration = () => configuration;
  workspace.workspaceFolders = undefined;
  workspace.isTrusted = true;
  const modules: Record<string, unknown> = { ...known, workspace };
  return new Proxy(modules, {
    get(t, prop: string) {
      if (!(prop in t)) {
        t[prop] = /^[A-Z]/.test(prop) ? class extends ValueObject {} : stub(prop);
      }
      return t[prop];
    },
  });
}

/** An ExtensionContext good enough for activate(). */
export function createFakeContext(extensionRoot: string, storage: string): Record<string, unknown> {
  const memento = { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionPath: extensionRoot,
    extensionUri: uri(extensionRoot),
    globalStorageUri: uri(path.join(storage, 'global')),
    storageUri: uri(path.join(storage, 'workspace')),
    logUri: uri(path.join(storage, 'log')),
    globalStoragePath: path.join(storage, 'global'),
    logPath: path.join(storage, 'log'),
    extensionMode: 1,
    globalState: memento,
    workspaceState: memento,
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new EventEmitter().event },
    environmentVariableCollection: stub('environmentVariableCollection'),
    asAbsolutePath: (p: string) => path.join(extensionRoot, p),
    extension: { id: 'hybrid-agent.hybrid-agent', extensionPath: extensionRoot, extensionUri: uri(extensionRoot), packageJSON: {} },
  };
}
