/** Debian Chromium driven by playwright-core, with the flags from shared/TESTING.md and a fresh profile per launch. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HYBRID_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1600, height: 1000 }): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Playwright refuses --user-data-dir in args: the profile is the first argument instead.
  // Inside the runner's temp folder when there is one, so even a killed run leaves nothing behind.
  const profileDir = mkdtempSync(join(process.env.HYBRID_VSCODE_TMP ?? tmpdir(), 'hybrid-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
    // Playwright's own Ctrl-C handler would exit the process before the runner stops code-server: the runner
    // (or the test's after hook) closes the browser instead; Chromium also exits when its pipe to us closes.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined); // already closed when the browser crashed
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The workbench URL for a folder, optionally with a development/test payload (extension host tests). */
export function workbenchUrl(origin: string, folder: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const url = new URL(origin);
  url.searchParams.set('folder', folder);
  if (payload) {
    url.searchParams.set('payload', JSON.stringify(payload));
  }
  return url.toString();
}
