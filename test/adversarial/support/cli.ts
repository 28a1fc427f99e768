/** The command line run in-process, as the leak suites drive it: captured output, a cloud key that is not a secret. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { main } from '../../../src/cli';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdin: async () => '', stdout: t => { out += t; }, stderr: t => { err += t; }, cwd,
    env: { HYBRID_CLOUD_API_KEY: 'test-key-not-a-secret' },
  });
  return { code, out, err };
}

/** Writes a case's files into a fresh folder under `dir`; returns the folder and the `--file` arguments. */
export async function writeCaseFiles(dir: string, files: ReadonlyArray<{ readonly name: string; readonly content: string }>): Promise<{ caseDir: string; fileArgs: string[] }> {
  const caseDir = await mkdtemp(join(dir, 'case-'));
  const fileArgs: string[] = [];
  for (const f of files) {
    await mkdir(dirname(join(caseDir, f.name)), { recursive: true });
    await writeFile(join(caseDir, f.name), f.content);
    fileArgs.push('--file', f.name);
  }
  return { caseDir, fileArgs };
}
