/**
 * A minimal stand-in for the `vscode` module, for timing activate() outside a VS Code host (benchmark only; the
 * host tests use a real extension host). Known classes and enums are real objects; everything else is a
 * permissive stub that accepts any call and remembers properties set on it.
 */
import * as fs from 'node:fs';
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
  env: { language: 'en', appName: 'bench', uriScheme: 'vscode', machineId: 'bench', sessionId: 'bench', uiKind: 1, openExternal: async () => true, clipboard: { writeText: async () => undefined } },
  version: '1.104.0',
};

/**
 * Names declared by @types/vscode: namespaces, classes and enums (with their values). The bundle reads the module
 * through esbuild's __toESM, which copies the keys that exist when it is required, so every name must be present.
 */
function declaredApi(): { namespaces: string[]; classes: string[]; enums: Record<string, Record<string, number>> } {
  const dts = path.join(path.dirname(require.resolve('@types/vscode/package.json')), 'index.d.ts');
  const source = fs.readFileSync(dts, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const enums: Record<string, Record<string, number>> = {};
  for (const m of source.matchAll(/export enum (\w+)\s*\{([^}]*)\}/g)) {
    const members: Record<string, number> = {};
    let next = 0;
    for (const member of m[2].split(',').map(x => x.trim()).filter(Boolean)) {
      const [name, value] = member.split('=').map(x => x.trim());
      next = value !== undefined ? Number(value) : next;
      members[name] = next++;
    }
    enums[m[1]] = members;
  }
  const names = (re: RegExp) => [...new Set([...source.matchAll(re)].map(m => m[1]))];
  return { namespaces: names(/export namespace (\w+)/g), classes: names(/export class (\w+)/g), enums };
}

/** The fake module: known values, then every declared enum, class and namespace. */
export function createFakeVscode(): Record<string, unknown> {
  const api = declaredApi();
  const modules: Record<string, unknown> = {};
  for (const name of api.namespaces) modules[name] = stub(name);
  for (const name of api.classes) modules[name] = class extends ValueObject {};
  Object.assign(modules, api.enums, known);
  const workspace = modules.workspace as Record<string, unknown>;
  workspace.getConfiguration = () => configuration;
  workspace.workspaceFolders = undefined;
  workspace.isTrusted = true;
  return modules;
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
