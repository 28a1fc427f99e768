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
    await response.filter({ hasText: '(demo)' }).waitFor();
    const text = await response.innerText();
    assert.match(text, /\b(local|cloud)\b/i, 'the reply says where it was served');
    assert.match(text, /\(demo\)/, 'demo answers are labelled as demo');
    const request = await page.locator('.interactive-item-container.interactive-request').last().innerText();
    assert.match(request, /closure/);
    await workbench.screenshot('chat');
  });

  it('right-click a selection → Ask hybrid agent opens the answer with its decision', async () => {
    await workbench.openFile(PLAIN_FILE);
    await workbench.selectLines(3, 5);
    await workbench.contextMenu('Ask hybrid agent', () => workbench.screenshot('context-menu').then(() => undefined));
    // The question box comes pre-filled ("Explain this code."): accept it.
    await workbench.acceptInputBox('Ask hybrid agent');
    const text = await workbench.activeDocument('Hybrid Agent — answer', 'Served:');
    assert.match(text, /→ (local|cloud) · /, 'the route comes first');
    assert.match(text, /Served:\s*\S*(local|cloud)/i);
    assert.match(text, /\(demo\)/);
    assert.match(text, /internal/, 'workspace code is classed internal');
    await workbench.discardActiveEditor();
  });

  it('Classify selection on a secret shows a restricted decision and never the secret', async () => {
    await workbench.openFile(SECRET_FILE);
    await workbench.selectLines(3, 3);
    await workbench.contextMenu('Classify selection');
    const text = await workbench.activeDocument('Hybrid Agent — classification', 'restricted');
    assert.match(text, /Target \| local/);
    assert.match(text, /url-with-password/, 'names the rule that fired');
    assert.ok(!text.includes(env.secret), 'the decision document does not show the secret');
    await workbench.discardActiveEditor();
  });

  it('the Routing Decisions view lists every decision, redacted', async () => {
    const { page } = workbench;
    await workbench.openFile(PLAIN_FILE); // the file with the secret goes out of sight for the screenshots
    await workbench.activityBarItem('Hybrid Agent').click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Routing Decisions' }) }).first();
    const rows = pane.locator('.monaco-list-row');
    await rows.nth(3).waitFor(); // summary + chat + ask + classify
    // Open the restricted decision: its children name the rule that fired, never the value.
    await workbench.expandTreeRow(pane, '[restricted]');
    await workbench.expandTreeRow(pane, 'Privacy: restricted');
    await pane.locator('.monaco-list-row', { hasText: 'url-with-password' }).first().waitFor();
    const text = await pane.innerText();
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
});
