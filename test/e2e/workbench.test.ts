/**
 * End to end in the real workbench (code-server in Debian Chromium, the packaged .vsix installed): what a person
 * sees when they use @hybrid, right-click a selection, open the Routing Decisions view and the routing log.
 * The tests run in order on one workbench, as one session: the later views show the earlier requests.
 */
import * as assert from 'node:assert/strict';
import { PLAIN_FILE, SECRET_FILE } from './support/fixtureWorkspace';
import { e2eEnvironment, Workbench, type E2eEnvironment } from './support/workbench';

describe('Hybrid Agent in the workbench', function () {
  this.timeout(180_000);
  let env: E2eEnvironment;
  let workbench: Workbench;

  before(async () => {
    env = e2eEnvironment();
    workbench = await Workbench.open(env);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      console.log(`    screenshot of the failure: ${await workbench.snapshot(`failed-${this.currentTest.title}`)}`);
      await workbench.page.keyboard.press('Escape'); // close menus and pickers left open, for the next test
    }
  });

  after(async () => {
    await workbench?.close();
  });

  it('@hybrid answers in the Chat view, with a footer naming the route and the demo model', async () => {
    const { page } = workbench;
    await workbench.runCommand('Hybrid: Open Chat');
    const input = page.locator('.interactive-input-part .monaco-editor').first();
    await input.waitFor();
    await input.click();
    await page.keyboard.press('Control+End');
    const typed = await input.innerText();
    assert.match(typed, /@hybrid/, 'Hybrid: Open Chat pre-fills @hybrid');
    await page.keyboard.type('explain what a closure is');
    await page.keyboard.press('Enter');

    const response = page.locator('.interactive-item-container.interactive-response').last();
    await response.filter({ hasText: 'tokens' }).waitFor();
    const text = await response.innerText();
    // The route line is part of the answer itself, so it stays visible when the progress lines fold away.
    assert.match(text, /(local|cloud) · demo-(local|cloud) \(demo\) · (Stays on this device|Kept on this device|Goes to the cloud|The local router model)[^\n]*\. · \d+ ms · \d+→\d+ tokens/,
      'the last line names the side, the model and why');
    const request = await page.locator('.interactive-item-container.interactive-request').last().innerText();
    assert.match(request, /closure/);
    await workbench.screenshot('chat');
  });

  it('@hybrid reads a workspace file with its own tool: the tool use and its side show in the answer, then the route line', async () => {
    const { page } = workbench;
    await workbench.runCommand('Hybrid: Open Chat');
    const input = page.locator('.interactive-input-part .monaco-editor').first();
    await input.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`what does ${PLAIN_FILE} export?`);
    await page.keyboard.press('Enter');
    const response = page.locator('.interactive-item-container.interactive-response').last();
    await response.filter({ hasText: 'tokens' }).waitFor();
    // VS Code folds the steps of a turn (progress lines and what comes between them) under "Completed N steps":
    // the tool-use line is in the answer either way, so read the text folded or not.
    const text = await response.textContent() ?? '';
    assert.match(text, new RegExp(`Read ${PLAIN_FILE.replace('.', '\\.')} \\((local|cloud)\\)`), `the tool use is shown with the side that asked for it; the answer reads: ${text}`);
    assert.match(await response.innerText(), /The tool hybridAgent_readFile returned \d+ characters; its first line: "export interface Order/, 'the demo model saw the file');
    assert.match(text, /(local|cloud) · demo-(local|cloud) \(demo\) · /, 'the answer ends with its route line');
    await workbench.screenshot('agent-read-file');
  });

  it('right-click a selection → Ask hybrid agent asks @hybrid in the Chat view with the selection attached', async () => {
    const { page } = workbench;
    await workbench.openFile(PLAIN_FILE);
    await workbench.selectLines(3, 5);
    await workbench.contextMenu('Ask hybrid agent', () => workbench.screenshot('context-menu').then(() => undefined));
    // The question box comes pre-filled ("Explain this code."): accept it.
    await workbench.acceptInputBox('Ask hybrid agent');
    const request = page.locator('.interactive-item-container.interactive-request', { hasText: 'Explain this code.' }).last();
    await request.waitFor();
    assert.match(await request.innerText(), /hybrid/);
    const response = page.locator('.interactive-item-container.interactive-response').last();
    await response.filter({ hasText: 'tokens' }).waitFor();
    const text = await response.innerText();
    assert.match(text, /(local|cloud) · demo-(local|cloud) \(demo\) · /, 'the answer carries its route line');
    assert.equal(await page.locator('.tab', { hasText: 'Untitled' }).count(), 0, 'no unsaved buffer');
    await workbench.screenshot('ask-in-chat');
  });

  it('Classify selection on a secret shows a restricted decision in the Chat view, says what was sent, never the secret', async () => {
    const { page } = workbench;
    await workbench.openFile(SECRET_FILE);
    await workbench.selectLines(3, 3);
    await workbench.contextMenu('Classify selection');
    const response = page.locator('.interactive-item-container.interactive-response').last();
    await response.filter({ hasText: 'url-with-password' }).waitFor();
    const text = await response.innerText();
    assert.match(text, /Where this would go: local/);
    assert.match(text, /restricted/);
    assert.match(text, /Nothing was sent to an answering model/);
    assert.ok(!text.includes(env.secret), 'the decision does not show the secret');
    assert.equal(await page.locator('.tab', { hasText: 'Untitled' }).count(), 0, 'no unsaved buffer');
  });

  it('the Routing Decisions view lists every decision, redacted', async () => {
    const { page } = workbench;
    await workbench.openFile(PLAIN_FILE); // the file with the secret goes out of sight for the screenshots
    await workbench.activityBarItem('Hybrid Agent').click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Routing Decisions' }) }).first();
    const rows = pane.locator('.monaco-list-row');
    await rows.nth(3).waitFor(); // summary + chat + ask + classify
    // Open the classified (restricted) decision: its children name the rule that fired, never the value.
    await workbench.expandTreeRow(pane, 'classified → local');
    await workbench.expandTreeRow(pane, 'Privacy: restricted');
    await pane.locator('.monaco-list-row', { hasText: 'url-with-password' }).first().waitFor();
    const text = await pane.innerText();
    const labels = await pane.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.ok(labels.every(l => l.length <= 29), `short labels: ${labels.join(' | ')}`);
    assert.match(text, /local/i);
    assert.ok(!text.includes(env.secret), 'tree labels never show the secret');
    await workbench.screenshot('routing-tree');
  });

  it('the routing log has one structured line per event, and no secret', async () => {
    const { page } = workbench;
    await workbench.runCommand('Show Routing Log');
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.filter({ hasText: 'correlationId=' }).waitFor();
    const text = await output.innerText();
    assert.match(text, /\[router\]/);
    assert.ok(!text.includes(env.secret), 'the log never shows the secret');
    await workbench.screenshot('log');
  });

  it('the status bar shows the mode in words and what each side did', async () => {
    const item = workbench.page.locator('.statusbar-item', { hasText: 'Hybrid:' }).first();
    const text = await item.innerText();
    assert.match(text, /Hybrid: Auto · local ✓ \(demo\) · cloud ✓ \(demo\)/);
    await workbench.screenshot('status-bar', item);
  });

  it('Run Demo Scenarios shows a read-only preview and logs to its own channel', async () => {
    const { page } = workbench;
    await workbench.runCommand('Run Demo Scenarios');
    const preview = page.locator('.tab', { hasText: 'Preview' }).first();
    await preview.waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.tab', { hasText: 'Untitled' }).count(), 0, 'no unsaved buffer');
    assert.equal(await page.locator('.tab.dirty').count(), 0, 'nothing asks to be saved');
  });
});
