/**
 * Real code on every machine after `npm ci`: all files of the installed node_modules (pinned by the lockfile) and,
 * where Python is installed, its standard library (without site-packages). Each file goes through the gate as a
 * file reference with its path and content, so file-name rules count too.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findingSummary, gate, type FindingPlace } from './gate';

export interface CorpusRoot {
  /** Prefix of the reported relative paths: `node_modules` or `python-stdlib`. */
  readonly label: string;
  readonly dir: string;
}

export interface RestrictedFile {
  readonly path: string;
  readonly findings: FindingPlace[];
}

export interface CorpusResult {
  readonly roots: readonly CorpusRoot[];
  readonly pythonVersion?: string;
  readonly files: number;
  readonly bytes: number;
  readonly binarySkipped: number;
  readonly restricted: RestrictedFile[];
  readonly scanMs: number;
}

/** The Python standard library folder and version, or undefined when python3 is absent. */
export function pythonStdlib(): { dir: string; version: string } | undefined {
  try {
    const out = execFileSync('python3', ['-c', 'import sysconfig,sys;print(sysconfig.get_paths()["stdlib"]);print("%d.%d"%sys.version_info[:2])'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim().split('\n');
    return { dir: out[0], version: out[1] };
  } catch {
    return undefined;
  }
}

const SKIPPED_DIRS = new Set(['__pycache__', 'site-packages', '.bin']);

/** Regular files under a root, sorted, symlinks and caches left out. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && !lstatSync(full).isSymbolicLink() && !entry.name.endsWith('.pyc')) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

export function corpusRoots(repoRoot: string): { roots: CorpusRoot[]; pythonVersion?: string } {
  const roots: CorpusRoot[] = [{ label: 'node_modules', dir: join(repoRoot, 'node_modules') }];
  const py = pythonStdlib();
  if (py) roots.push({ label: 'python-stdlib', dir: py.dir });
  return { roots, pythonVersion: py?.version };
}

/** Scans every text file of the corpus; binary files (a NUL byte) are skipped and counted. */
export function scanCorpus(repoRoot: string): CorpusResult {
  const { roots, pythonVersion } = corpusRoots(repoRoot);
  let files = 0;
  let bytes = 0;
  let binarySkipped = 0;
  let scanMs = 0;
  const restricted: RestrictedFile[] = [];
  for (const root of roots) {
    for (const full of listFiles(root.dir)) {
      const raw = readFileSync(full);
      if (raw.includes(0)) {
        binarySkipped++;
        continue;
      }
      const path = `${root.label}/${relative(root.dir, full).split('\\').join('/')}`;
      const started = performance.now();
      const result = gate(raw.toString('utf8'), path);
      scanMs += performance.now() - started;
      files++;
      bytes += raw.length;
      if (result.privacy === 'restricted') restricted.push({ path, findings: findingSummary(result) });
    }
  }
  return { roots, pythonVersion, files, bytes, binarySkipped, restricted, scanMs };
}
