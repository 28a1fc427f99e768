/**
 * Drives the real VS Code workbench (code-server in Chromium) the way a person does: command palette, quick open,
 * editor selections, context menus, views. Waits are Playwright's own (events and DOM conditions), bounded by
 * timeouts; nothing sleeps.
 */
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, workbenchUrl, type Browser } from './browser';

export const UI_TIMEOUT_MS = 60_000;

export interface E2eEnvironment {
  readonly origin: string;
  readonly folder: string;
  readonly secret: string;
  readonly artifactsDir: string;
}

/** Set by scripts/vscode-tests.mjs, which starts code-server with the packaged extension installed. */
export function e2eEnvironment(): E2eEnvironment {
  const { HYBRID_E2E_ORIGIN: origin, HYBRID_E2E_FOLDER: folder, HYBRID_E2E_SECRET: secret, HYBRID_E2E_ARTIFACTS: artifactsDir } = process.env;
  if (!origin || !folder || !secret || !artifactsDir) {
    throw new Error('e2e tests run through scripts/vscode-tests.mjs (HYBRID_TEST_LAYERS=e2e node scripts/vscode-tests.mjs)');
  }
  return { origin, folder, secret, artifactsDir };
}

export class Workbench {
  private constructor(readonly page: Page, private readonly browser: Browser, private readonly env: E2eEnvironment) {}

  static async open(env: E2eEnvironment): Promise<Workbench> {
    const browser = await launchChromium();
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(workbenchUrl(env.origin, env.folder));
    await page.locator('.monaco-workbench').waitFor();
    // The explorer shows the folder once the remote file system is connected.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    return new Workbench(page, browser, env);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Runs a command by its title through the command palette (F1), as a person would. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file with Quick Open and waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(relativePath);
    const fileName = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor();
    await input.press('Enter');
    await this.page.locator('.tab.active', { hasText: fileName }).waitFor();
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  /** Selects whole lines [first, last] (1-based) in the active editor with Go to Line and shift-arrows. */
  async selectLines(first: number, last: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`:${first}`);
    await input.press('Enter');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home'); // second Home: column 1 even on indented lines
    for (let line = first; line < last; line++) {
      await this.page.keyboard.press('Shift+ArrowDown');
    }
    await this.page.keyboard.press('Shift+End');
  }

  /** Right-clicks the current selection in the active editor and picks a context-menu entry. */
  async contextMenu(label: string, beforePick?: () => Promise<void>): Promise<void> {
    const selection = this.page.locator('.editor-group-container.active .monaco-editor .selected-text').first();
    await selection.waitFor();
    await selection.click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item', { hasText: label }).first();
    await item.waitFor();
    await beforePick?.();
    await item.click();
  }

  /** Saves a screenshot into the run's artifacts and, when asked (or missing), into media/screenshots/. */
  async screenshot(name: string, target?: Locator): Promise<string> {
    const artifact = join(this.env.artifactsDir, `${name}.png`);
    mkdirSync(dirname(artifact), { recursive: true });
    const shoot = (path: string) => (target ? target.screenshot({ path }) : this.page.screenshot({ path }));
    await shoot(artifact);
    const committed = join(__dirname, '..', '..', '..', '..', 'media', 'screenshots', `${name}.png`);
    if (process.env.HYBRID_UPDATE_SCREENSHOTS === '1' || !existsSync(committed)) {
      mkdirSync(dirname(committed), { recursive: true });
      await shoot(committed);
    }
    return artifact;
  }
}
