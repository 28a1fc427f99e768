/**
 * The extension's own read-only agent tools, without VS Code: read a workspace file, find files by glob, search
 * text. They only ever look inside the open workspace folders (a path outside, or a symlink that leads outside, is
 * refused), keep binary and huge files out, and cap what they return. Every refusal is a result text that says
 * why, so the model can change course. What they return is scanned by the privacy gate on the next turn.
 */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compileGlob } from '../router/privacy/glob';

/** A workspace folder on disk. `name` prefixes paths when several folders are open. */
export interface WorkspaceRoot {
  readonly name: string;
  readonly path: string;
}

export interface ToolLimits {
  /** Largest file readFile returns whole. */
  readonly readMaxBytes: number;
  readonly findMaxResults: number;
  readonly searchMaxMatches: number;
  /** Files larger than this are not searched. */
  readonly searchMaxFileBytes: number;
  /** Entries walked per call, so a huge tree cannot stall the extension host. */
  readonly walkMaxFiles: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = {
  readMaxBytes: 256 * 1024, findMaxResults: 200, searchMaxMatches: 100, searchMaxFileBytes: 1024 * 1024, walkMaxFiles: 20_000,
};

/** What a tool answers: the text the model gets, and whether the tool did its job (false: refused or failed). */
export interface ToolText {
  readonly text: string;
  readonly ok: boolean;
}

/** Folders never walked: version control and installed packages. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
/** A NUL byte in the first bytes marks a binary file (what git and grep do). */
const BINARY_SNIFF_BYTES = 8000;
const MAX_LINE_CHARS = 200;

const refused = (text: string): ToolText => ({ text, ok: false });
const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export class WorkspaceTools {
  constructor(private readonly roots: () => readonly WorkspaceRoot[], private readonly limits: ToolLimits = DEFAULT_TOOL_LIMITS) {}

  /** A workspace path → its real location on disk, or a refusal saying why not. */
  async resolvePath(input: string): Promise<{ readonly real: string; readonly shown: string } | ToolText> {
    const roots = this.roots();
    if (roots.length === 0) { return refused('No folder is open in VS Code, so there is no workspace file to read.'); }
    const path = input.trim();
    if (path === '') { return refused('No path given: pass a workspace-relative path such as `src/app.ts`.'); }
    const [first, ...rest] = path.split(/[\\/]/);
    const named = roots.length > 1 && !isAbsolute(path) ? roots.find(r => r.name === first) : undefined;
    const root = named ?? roots.find(r => isAbsolute(path) && isInside(resolve(r.path), resolve(path))) ?? roots[0];
    const candidate = named ? resolve(root.path, ...rest) : resolve(root.path, path);
    const realRoot = await realpath(root.path).catch(() => resolve(root.path));
    if (!isInside(resolve(root.path), candidate) && !isInside(realRoot, candidate)) {
      return refused(`\`${path}\` is outside the workspace: these tools only read inside the open folder${roots.length > 1 ? 's' : ''}.`);
    }
    const real = await realpath(candidate).catch(() => undefined);
    if (!real) { return refused(`There is no file or folder at \`${path}\` in the workspace.`); }
    if (!isInside(realRoot, real)) { return refused(`\`${path}\` is a link that leads outside the workspace: it is not read.`); }
    return { real, shown: this.display(root, real, realRoot) };
  }

  async readFile(input: { readonly path?: unknown; readonly filePath?: unknown }): Promise<ToolText> {
    const asked = typeof input.path === 'string' ? input.path : typeof input.filePath === 'string' ? input.filePath : '';
    const resolved = await this.resolvePath(asked);
    if ('text' in resolved) { return resolved; }
    const info = await stat(resolved.real);
    if (info.isDirectory()) { return refused(`\`${resolved.shown}\` is a folder: use the find-files tool to list what is in it.`); }
    if (info.size > this.limits.readMaxBytes) {
      return refused(`\`${resolved.shown}\` is ${kb(info.size)}, over the ${kb(this.limits.readMaxBytes)} this tool reads: it was not read.`);
    }
    const bytes = await readFile(resolved.real);
    if (looksBinary(bytes)) { return refused(`\`${resolved.shown}\` is a binary file: it was not read.`); }
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), ok: true };
  }

  async findFiles(input: { readonly pattern?: unknown }, signal?: AbortSignal): Promise<ToolText> {
    const pattern = typeof input.pattern === 'string' ? input.pattern.trim().replace(/^\.\//, '') : '';
    if (pattern === '') { return refused('No glob pattern given: pass one such as `**/*.ts` or `src/**/config*`.'); }
    const matchers = [compileGlob(pattern), ...(pattern.includes('/') ? [] : [compileGlob(`**/${pattern}`)])];
    const found: string[] = [];
    let more = false;
    for await (const file of this.walk(signal)) {
      if (!matchers.some(m => m(file.shown))) { continue; }
      if (found.length >= this.limits.findMaxResults) { more = true; break; }
      found.push(file.shown);
    }
    if (found.length === 0) { return { text: `No workspace file matches \`${pattern}\`.`, ok: true }; }
    const note = more ? `\n(first ${this.limits.findMaxResults} matches; narrow the pattern for the rest)` : '';
    return { text: found.sort().join('\n') + note, ok: true };
  }

  async searchText(input: { readonly query?: unknown; readonly include?: unknown }, signal?: AbortSignal): Promise<ToolText> {
    const query = typeof input.query === 'string' ? input.query : '';
    if (query.trim() === '') { return refused('No text to search for: pass `query`.'); }
    const include = typeof input.include === 'string' && input.include.trim() ? compileGlob(input.include.trim()) : undefined;
    const needle = query.toLowerCase();
    const lines: string[] = [];
    let more = false;
    for await (const file of this.walk(signal)) {
      if (include && !include(file.shown)) { continue; }
      if (file.size > this.limits.searchMaxFileBytes) { continue; }
      const bytes = await readFile(file.real).catch(() => undefined);
      if (!bytes || looksBinary(bytes)) { continue; }
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).split('\n');
      for (let i = 0; i < text.length && !more; i++) {
        if (!text[i].toLowerCase().includes(needle)) { continue; }
        if (lines.length >= this.limits.searchMaxMatches) { more = true; break; }
        lines.push(`${file.shown}:${i + 1}: ${text[i].trim().slice(0, MAX_LINE_CHARS)}`);
      }
      if (more) { break; }
    }
    if (lines.length === 0) { return { text: `No workspace file contains \`${query}\`.`, ok: true }; }
    const note = more ? `\n(first ${this.limits.searchMaxMatches} matches; narrow the search for the rest)` : '';
    return { text: lines.join('\n') + note, ok: true };
  }

  /** Regular files of every root, breadth first, links never followed, bounded by walkMaxFiles. */
  private async *walk(signal?: AbortSignal): AsyncGenerator<{ readonly real: string; readonly shown: string; readonly size: number }> {
    let budget = this.limits.walkMaxFiles;
    for (const root of this.roots()) {
      const realRoot = await realpath(root.path).catch(() => undefined);
      if (!realRoot) { continue; }
      const queue = [realRoot];
      while (queue.length && budget > 0) {
        if (signal?.aborted) { return; }
        const dir = queue.shift() as string;
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          if (--budget < 0) { return; }
          const path = join(dir, entry.name);
          if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) { queue.push(path); }
          if (entry.isFile()) {
            const size = (await lstat(path).catch(() => undefined))?.size ?? 0;
            yield { real: path, shown: this.display(root, path, realRoot), size };
          }
        }
      }
    }
  }

  private display(root: WorkspaceRoot, path: string, realRoot: string): string {
    const rel = relative(realRoot, path).split(sep).join('/');
    return this.roots().length > 1 ? `${root.name}/${rel}` : rel;
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
