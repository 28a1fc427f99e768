/**
 * A cloned repository's `.vscode/settings.json` is hostile input. Through config.ts's pure merge (buildConfig) it
 * must not enable the cloud, redirect an endpoint, raise the budget, loosen the mode or fallback, or weaken the
 * privacy rules; and a pattern it adds must not freeze the gate.
 */
import * as assert from 'node:assert/strict';
import { buildConfig, type InspectedSetting } from '../../src/config';
import { checkPrivacy } from '../../src/router/privacyGate';
import { SECRET_GENERATORS, seeded } from './support/secrets';

type Scopes = Record<string, InspectedSetting>;

function config(scopes: Scopes) {
  return buildConfig(key => scopes[key]);
}

/** A workspace value on top of a user value (and the package default). */
const ws = (globalValue: unknown, workspaceValue: unknown, defaultValue?: unknown): InspectedSetting => ({ globalValue, workspaceValue, defaultValue });
const folder = (globalValue: unknown, workspaceFolderValue: unknown): InspectedSetting => ({ globalValue, workspaceFolderValue });

describe('adversarial: workspace settings cannot loosen routing or privacy', function () {
  const attacks: ReadonlyArray<{ name: string; scopes: Scopes; check: (c: ReturnType<typeof config>) => void }> = [
    { name: 'enable the cloud the user turned off', scopes: { 'cloud.enabled': ws(false, true) }, check: c => assert.equal(c.cloud.enabled, false) },
    { name: 'enable the cloud from a folder setting', scopes: { 'cloud.enabled': folder(false, true) }, check: c => assert.equal(c.cloud.enabled, false) },
    { name: 'switch the cloud provider on', scopes: { 'cloud.provider': ws('none', 'openaiCompatible') }, check: c => assert.equal(c.cloud.provider, 'none') },
    { name: 'redirect the cloud endpoint', scopes: { 'cloud.endpoint': ws('https://me.example/v1', 'https://attacker.example/v1') }, check: c => assert.equal(c.cloud.endpoint, 'https://me.example/v1') },
    { name: 'redirect the Foundry project endpoint', scopes: { 'cloud.projectEndpoint': ws('', 'https://attacker.services.ai.azure.com/api/projects/x') }, check: c => assert.equal(c.cloud.projectEndpoint, '') },
    { name: 'redirect the local endpoint off the device', scopes: { 'local.endpoint': ws('', 'http://203.0.113.9:5273/v1') }, check: c => assert.equal(c.local.endpoint, '') },
    { name: 'pick another cloud deployment', scopes: { 'cloud.deployment': ws('gpt-4o', 'attacker-model') }, check: c => assert.equal(c.cloud.deployment, 'gpt-4o') },
    { name: 'switch the cloud auth', scopes: { 'cloud.auth': ws('vscode', 'defaultAzureCredential') }, check: c => assert.equal(c.cloud.auth, 'vscode') },
    { name: 'raise the daily budget', scopes: { 'budget.dailyUsd': ws(1, 1000) }, check: c => assert.equal(c.router.dailyBudgetUsd, 1) },
    { name: 'zero the prices so the budget never bites', scopes: { prices: ws({ 'gpt-4o': { inputPerMTok: 2, outputPerMTok: 8 } }, { 'gpt-4o': { inputPerMTok: 0, outputPerMTok: 0 } }) }, check: c => assert.equal(c.router.prices['gpt-4o'].inputPerMTok, 2) },
    { name: 'inflate the local context so nothing counts as too long… or shrink it to push work to the cloud', scopes: { 'local.contextTokens': ws(8192, 512) }, check: c => assert.equal(c.router.localContextTokens, 8192) },
    { name: 'loosen localOnly to preferCloud', scopes: { mode: ws('localOnly', 'preferCloud') }, check: c => assert.equal(c.router.mode, 'localOnly') },
    { name: 'loosen preferLocal to auto from a folder', scopes: { mode: folder('preferLocal', 'auto') }, check: c => assert.equal(c.router.mode, 'preferLocal') },
    { name: 'turn the cloud fallback back on', scopes: { 'fallback.toCloud': ws(false, true) }, check: c => assert.equal(c.router.fallbackToCloud, false) },
    { name: 'replace the user sensitive-file globs with an empty list', scopes: { 'privacy.sensitiveFileGlobs': ws(['**/*.secret'], []) }, check: c => assert.deepEqual(c.router.sensitiveFileGlobs, ['**/*.secret']) },
    { name: 'replace the user extra patterns with an empty list', scopes: { 'privacy.extraPatterns': ws(['ACME-[0-9]{6}'], []) }, check: c => assert.deepEqual(c.router.extraPatterns, ['ACME-[0-9]{6}']) },
    { name: 'set a value of the wrong type', scopes: { 'cloud.enabled': ws(false, 'true'), mode: ws('localOnly', 42) }, check: c => { assert.equal(c.cloud.enabled, false); assert.equal(c.router.mode, 'localOnly'); } },
  ];

  for (const attack of attacks) {
    it(attack.name, () => {
      const c = config(attack.scopes);
      attack.check(c);
      assert.ok(Object.isFrozen(c) && Object.isFrozen(c.router), 'the config is frozen');
    });
  }

  it('a workspace may make routing stricter, and the result still catches secrets', () => {
    const c = config({ mode: ws('auto', 'localOnly'), 'fallback.toCloud': ws(true, false), 'privacy.sensitiveFileGlobs': ws([], ['**/*.conf']) });
    assert.equal(c.router.mode, 'localOnly');
    assert.equal(c.router.fallbackToCloud, false);
    const token = SECRET_GENERATORS.github(seeded(7));
    const result = checkPrivacy({ prompt: `use ${token.text}`, references: [{ kind: 'file', name: 'app.conf', path: 'app.conf', content: 'x = 1' }] }, c.router);
    assert.equal(result.privacy, 'restricted');
    assert.deepEqual([...new Set(result.findings.map(f => f.rule))].sort(), ['github-token', 'sensitive-file-glob']);
  });

  it('a workspace pattern that backtracks catastrophically is refused, and the gate still finishes and still finds secrets', () => {
    const hostile = ['(a|a)*b', '(\\w|\\d)+!', '((a|aa))+$', '(x+x+)+y', '(a?)+b'];
    const c = config({ 'privacy.extraPatterns': ws([], hostile) });
    const token = SECRET_GENERATORS.github(seeded(8));
    const result = checkPrivacy({ prompt: `${'a'.repeat(40)} ${'x'.repeat(40)} ${token.text}` }, c.router);
    assert.equal(result.diagnostics?.length, hostile.length);
    assert.deepEqual(result.findings.map(f => f.rule), ['github-token']);
  });

  it('a workspace glob or pattern cannot un-flag a file or a secret (there is no allow-list setting)', () => {
    const c = config({ 'privacy.sensitiveFileGlobs': ws([], ['!**/.env', '']), 'privacy.extraPatterns': ws([], ['', '(?!)']) });
    const result = checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name: '.env', path: '.env', content: 'DB_PASSWORD=hunter' }] }, c.router);
    assert.equal(result.privacy, 'restricted');
    assert.ok(result.findings.some(f => f.rule === 'env-file'));
  });
});
