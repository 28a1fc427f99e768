/**
 * Drives the real VS Code workbench (code-server in Chromium) the way a person does: command palette, quick open,
 * editor selections, context menus, views. Waits are Playwright's own (events and DOM conditions), bounded by
 * timeouts; nothing sleeps.
 */
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, workbenchUrl, type Browser } from './browser';

export const UI_TIMEOUT_MS = Number(process.env.HYBRID_E2E_UI_TIMEOUT_MS) || 60_000;

export interface E2eEnvironment {
  readonly origin: string;
  readonly folder: string;
  readonly secret: string;
  readonly artifactsDir: string;
  /** Set when the extension is loaded from its folder (packaging failed) instead of the installed .vsix. */
  readonly developmentPath?: string;
}

/** Set by scripts/vscode-tests.mjs, which starts code-server with the packaged extension installed. */
export function e2eEnvironment(): E2eEnvironment {
  const { HYBRID_E2E_ORIGIN: origin, HYBRID_E2E_FOLDER: folder, HYBRID_E2E_SECRET: secret, HYBRID_E2E_ARTIFACTS: artifactsDir } = process.env;
  if (!origin || !folder || !secret || !artifactsDir) {
    throw new Error('e2e tests run through scripts/vscode-tests.mjs (HYBRID_TEST_LAYERS=e2e node scripts/vscode-tests.mjs)');
  }
  return { origin, folder, secret, artifactsDir, developmentPath: process.env.HYBRID_E2E_DEV_PATH || undefined };
}

export class Workbench {
  private constructor(readonly page: Page, private readonly browser: Browser, private readonly env: E2eEnvironment) {}

  static async open(env: E2eEnvironment): Promise<Workbench> {
    const browser = await launchChromium();
    try {
      const page = browser.context.pages()[0] ?? await browser.context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      const port = new URL(env.origin).port;
      const payload = env.developmentPath ? [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${env.developmentPath}`] as const] : undefined;
      await page.goto(workbenchUrl(env.origin, env.folder, payload));
      await page.locator('.monaco-workbench').waitFor();
      // The explorer shows the folder once the remote file system is connected.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      const workbench = new Workbench(page, browser, env);
      await workbench.activateExtension();
      await workbench.widenSideBars();
      return workbench;
    } catch (error) {
      await browser.close(); // else Chromium keeps the test process alive
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /**
   * Opens the Hybrid Agent view (its onView activation), waits for the extension's status bar item (proof that
   * activate() ran), then returns to the Explorer. Later steps then never race the activation.
   */
  async activateExtension(): Promise<void> {
    await this.activityBarItem('Hybrid Agent').click();
    await this.page.locator('.statusbar-item', { hasText: 'Hybrid:' }).first().waitFor();
    await this.activityBarItem('Explorer').click();
  }

  /** Drags the side bar sashes so tree labels and chat answers are readable in the screenshots. */
  async widenSideBars(): Promise<void> {
    const drag = async (x: number, y: number, toX: number) => {
      await this.page.mouse.move(x, y);
      await this.page.mouse.down();
      await this.page.mouse.move((x + toX) / 2, y, { steps: 5 });
      await this.page.mouse.move(toX, y, { steps: 5 });
      await this.page.mouse.up();
    };
    const sidebar = await this.page.locator('.part.sidebar').first().boundingBox();
    if (sidebar) {
      await drag(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2, sidebar.x + sidebar.width + 120);
    }
    const auxiliary = await this.page.locator('.part.auxiliarybar').first().boundingBox();
    if (auxiliary && auxiliary.width > 0) {
      await drag(auxiliary.x - 1, auxiliary.y + auxiliary.height / 2, auxiliary.x - 100);
    }
  }

  activityBarItem(label: string): Locator {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${label}"]`).first();
  }

  /** Runs a command by its title through the command palette (F1), as a person would. */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    // The palette lists what is registered when it opens: reopen it if the command is not there yet.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      await input.waitFor();
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) { throw error; }
      }
    }
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Waits for an input box with this title (showInputBox) and accepts its pre-filled value. */
  async acceptInputBox(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', { hasText: title });
    await widget.waitFor();
    await widget.locator('.quick-input-box input').press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file with Quick Open, in the first (left, widest) editor group, and waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+1');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(relativePath);
    const fileName = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().click();
    await this.page.locator('.editor-group-container.active .tab.active', { hasText: fileName }).waitFor();
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  /** Waits for the active editor to show a document whose text contains all of `texts`; returns its text. */
  async activeDocument(...texts: string[]): Promise<string> {
    let lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    for (const text of texts) {
      lines = lines.filter({ hasText: text });
    }
    await lines.waitFor();
    return (await lines.innerText()).replace(/\u00a0/g, ' '); // Monaco renders spaces as no-break spaces
  }

  /** Expands the first row of a tree that contains `text` (click, then the Right arrow) and returns that row. */
  async expandTreeRow(tree: Locator, text: string): Promise<Locator> {
    const row = tree.locator('.monaco-list-row', { hasText: text }).first();
    await row.click();
    if (await row.getAttribute('aria-expanded') !== 'true') {
      await this.page.keyboard.press('ArrowRight');
    }
    await tree.locator('.monaco-list-row[aria-expanded="true"]', { hasText: text }).first().waitFor();
    return row;
  }

  /** Closes the active editor without saving (the untitled answer documents), keeping one editor group. */
  async discardActiveEditor(): Promise<void> {
    await this.runCommand('View: Revert and Close Editor');
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
    // Monaco draws a selection as one rectangle per line; right-click inside the widest one.
    const rectangles = this.page.locator('.editor-group-container.active .monaco-editor .selected-text');
    await rectangles.first().waitFor({ state: 'attached' });
    const boxes = await Promise.all((await rectangles.all()).map(r => r.boundingBox()));
    const box = boxes.filter(b => b !== null).sort((a, b) => b.width - a.width)[0];
    const visible = await this.page.locator('.editor-group-container.active .monaco-editor .lines-content').first().locator('..').boundingBox();
    if (!box || !visible) { throw new Error('no visible selection to right-click'); }
    // The line may be scrolled sideways: click where the selection and the visible editor overlap.
    const left = Math.max(box.x, visible.x);
    const right = Math.min(box.x + box.width, visible.x + visible.width);
    if (right - left < 4) { throw new Error('the selection is scrolled out of view'); }
    await this.page.mouse.click(left + Math.min(40, (right - left) / 2), box.y + box.height / 2, { button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item', { hasText: label }).first();
    await item.waitFor();
    await beforePick?.();
    await item.click();
  }

  /** Saves what the page shows now into the run's artifacts (for a failed test). */
  async snapshot(name: string): Promise<string> {
    const path = join(this.env.artifactsDir, `${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}.png`);
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path }).catch(() => undefined); // the page may be gone
    return path;
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
