/**
 * Suite index for tests that run INSIDE a real VS Code extension host: code-server here and in CI
 * (scripts/vscode-tests.mjs), desktop VS Code through @vscode/test-electron elsewhere (test/electron).
 * VS Code calls run(); a rejected promise marks the run failed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReporterConstructor } from 'mocha';
import { HostReporter } from './reporter';

export async function run(): Promise<void> {
  // mocha 12 is ESM-only: a dynamic import keeps this CommonJS index loadable by the extension host.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, forbidOnly: true, reporter: HostReporter as unknown as ReporterConstructor });
  const grep = process.env.HYBRID_HOST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  // No glob package: the compiled tests sit next to this file. VS Code's own Agent mode runs last: once its chat is
  // set up in this profile, it stays set up.
  const last = (name: string) => (name === 'vscodeAgentMode.test.js' ? 1 : 0);
  for (const file of readdirSync(__dirname).filter(name => name.endsWith('.test.js')).sort((a, b) => last(a) - last(b) || a.localeCompare(b))) {
    mocha.addFile(join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>(resolve => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} extension host test(s) failed`);
  }
}
