/**
 * Looks for a secret's text in every file under some folders (server logs, output channel files, global and
 * workspace state). The host and e2e layers run this after the workbench closes: the fake password must be found
 * nowhere but in the workspace file that holds it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ScanResult {
  /** Files (absolute paths) whose bytes contain the secret. */
  readonly hits: string[];
  /** Every file read (absolute paths): lets the caller check the scan covered what it should. */
  readonly scanned: string[];
}

/** Scans every file under `roots` for `secret` as UTF-8 or UTF-16LE (as SQLite/LevelDB may store it). */
export function scanForSecret(roots: readonly string[], secret: string): ScanResult {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
  const hits: string[] = [];
  const scanned: string[] = [];
  const visit = (path: string) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return; // removed while scanning (the server's temp files)
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) {
        visit(join(path, entry));
      }
    } else if (stats.isFile() && stats.size <= MAX_FILE_BYTES) {
      const bytes = readFileSync(path);
      scanned.push(path);
      if (needles.some(needle => bytes.includes(needle))) {
        hits.push(path);
      }
    }
  };
  roots.forEach(visit);
  return { hits, scanned };
}
