import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { buildConfig, DEFAULT_AGENT_MAX_TURNS, isCloudConfigured, readAgentSettings, readConfig, stricterMode, USER_ONLY_SETTINGS, type InspectedSetting } from '../../src/config';
import type { Mode } from '../../src/router/types';

/** Inspected settings as VS Code's inspect() returns them, from a plain table keyed without the `hybridAgent.` prefix. */
function lookup(table: Record<string, InspectedSetting>) {
  return (key: string) => table[key];
}

describe('config: buildConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const cfg = buildConfig(() => undefined);
    assert.equal(cfg.router.mode, 'auto');
    assert.equal(cfg.router.confidenceThreshold, 0.6);
    assert.equal(cfg.router.routerTimeoutMs, 1500);
    assert.equal(cfg.router.fallbackToCloud, true);
    assert.equal(cfg.local.provider, 'auto');
    assert.equal(cfg.local.routerModelAlias, 'phi-4-mini');
    assert.equal(cfg.local.routerModel, '', 'empty: stage 2 uses the local model itself');
    assert.equal(cfg.cloud.enabled, true);
    assert.equal(cfg.cloud.deployment, 'model-router');
    assert.deepEqual(cfg.ignoredWorkspaceSettings, []);
  });

  it('a workspace cannot redirect traffic: endpoints, cloud switches and deployment come from user settings only', () => {
    const table: Record<string, InspectedSetting> = {};
    const userValues: Record<string, unknown> = {
      'local.endpoint': 'http://127.0.0.1:11434/v1', 'cloud.projectEndpoint': 'https://mine.services.ai.azure.com/api/projects/p',
      'cloud.endpoint': 'https://mine.openai.azure.com/openai/v1', 'cloud.deployment': 'gpt-4.1', 'cloud.enabled': false, 'cloud.provider': 'openaiCompatible',
    };
    const attackerValues: Record<string, unknown> = {
      'local.endpoint': 'https://evil.example/v1', 'cloud.projectEndpoint': 'https://evil.example/api/projects/x',
      'cloud.endpoint': 'https://evil.example/v1', 'cloud.deployment': 'evil', 'cloud.enabled': true, 'cloud.provider': 'foundry',
    };
    for (const key of Object.keys(userValues)) {
      table[key] = { globalValue: userValues[key], workspaceValue: attackerValues[key], workspaceFolderValue: attackerValues[key] };
    }
    const cfg = buildConfig(lookup(table));
    assert.equal(cfg.local.endpoint, userValues['local.endpoint']);
    assert.equal(cfg.cloud.projectEndpoint, userValues['cloud.projectEndpoint']);
    assert.equal(cfg.cloud.endpoint, userValues['cloud.endpoint']);
    assert.equal(cfg.cloud.deployment, 'gpt-4.1');
    assert.equal(cfg.cloud.enabled, false);
    assert.equal(cfg.cloud.provider, 'openaiCompatible');
    assert.doesNotMatch(JSON.stringify(cfg), /evil/);
    for (const key of Object.keys(userValues)) { assert.ok(cfg.ignoredWorkspaceSettings.includes(key), key); }
  });

  it('a workspace value alone (no user value) falls back to the default, not the workspace', () => {
    const cfg = buildConfig(lookup({ 'cloud.endpoint': { defaultValue: '', workspaceValue: 'https://evil.example/v1' }, 'budget.dailyUsd': { defaultValue: 0, workspaceValue: 1000 } }));
    assert.equal(cfg.cloud.endpoint, '');
    assert.equal(cfg.router.dailyBudgetUsd, 0);
  });

  const modes: Mode[] = ['preferCloud', 'auto', 'preferLocal', 'localOnly'];
  for (const user of modes) {
    for (const workspace of modes) {
      const expected = modes.indexOf(workspace) > modes.indexOf(user) ? workspace : user;
      it(`mode: user ${user} + workspace ${workspace} → ${expected} (a workspace may only make routing stricter)`, () => {
        const cfg = buildConfig(lookup({ mode: { defaultValue: 'auto', globalValue: user, workspaceValue: workspace } }));
        assert.equal(cfg.router.mode, expected);
        assert.equal(cfg.ignoredWorkspaceSettings.includes('mode'), expected !== workspace);
      });
    }
  }

  it('mode: the folder value is also only applied when stricter', () => {
    const cfg = buildConfig(lookup({ mode: { globalValue: 'preferLocal', workspaceValue: 'preferCloud', workspaceFolderValue: 'localOnly' } }));
    assert.equal(cfg.router.mode, 'localOnly');
  });

  it('fallback to the cloud: a workspace may turn it off but never on', () => {
    assert.equal(buildConfig(lookup({ 'fallback.toCloud': { globalValue: true, workspaceValue: false } })).router.fallbackToCloud, false);
    const on = buildConfig(lookup({ 'fallback.toCloud': { globalValue: false, workspaceValue: true } }));
    assert.equal(on.router.fallbackToCloud, false);
    assert.ok(on.ignoredWorkspaceSettings.includes('fallback.toCloud'));
  });

  it('privacy.onSecret: stayLocal by default; a workspace may turn redaction off but never on', () => {
    assert.equal(buildConfig(() => undefined).router.onSecret, 'stayLocal');
    assert.equal(buildConfig(lookup({ 'privacy.onSecret': { globalValue: 'redactForCloud' } })).router.onSecret, 'redactForCloud');
    assert.equal(buildConfig(lookup({ 'privacy.onSecret': { globalValue: 'redactForCloud', workspaceValue: 'stayLocal' } })).router.onSecret, 'stayLocal');
    assert.equal(buildConfig(lookup({ 'privacy.onSecret': { globalValue: 'redactForCloud', workspaceFolderValue: 'stayLocal' } })).router.onSecret, 'stayLocal');
    const on = buildConfig(lookup({ 'privacy.onSecret': { defaultValue: 'stayLocal', workspaceValue: 'redactForCloud', workspaceFolderValue: 'redactForCloud' } }));
    assert.equal(on.router.onSecret, 'stayLocal');
    assert.ok(on.ignoredWorkspaceSettings.includes('privacy.onSecret'));
    assert.equal(buildConfig(lookup({ 'privacy.onSecret': { globalValue: 'sometimes' } })).router.onSecret, 'stayLocal');
  });

  it('privacy.unknownTokenFormats: off by default; any scope may turn it on, none may turn it off again', () => {
    assert.equal(buildConfig(() => undefined).router.unknownTokenFormats, false);
    assert.equal(buildConfig(lookup({ 'privacy.unknownTokenFormats': { globalValue: true } })).router.unknownTokenFormats, true);
    assert.equal(buildConfig(lookup({ 'privacy.unknownTokenFormats': { globalValue: false, workspaceValue: true } })).router.unknownTokenFormats, true);
    assert.equal(buildConfig(lookup({ 'privacy.unknownTokenFormats': { globalValue: true, workspaceFolderValue: false } })).router.unknownTokenFormats, true);
    assert.equal(buildConfig(lookup({ 'privacy.unknownTokenFormats': { globalValue: 'yes' } })).router.unknownTokenFormats, false);
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown; type?: string }> } } };
    assert.equal(pkg.contributes.configuration.properties['hybridAgent.privacy.unknownTokenFormats'].default, false);
  });

  it('privacy globs and patterns are the union of every scope, trimmed and deduplicated', () => {
    const cfg = buildConfig(lookup({
      'privacy.sensitiveFileGlobs': { defaultValue: [], globalValue: ['*.key', ' **/secrets/** '], workspaceValue: ['*.key', 'deploy/*.yaml'], workspaceFolderValue: ['', 'vault.json'] },
      'privacy.extraPatterns': { globalValue: ['ACME-[0-9]{6}'], workspaceValue: ['INTERNAL-[A-Z]{4}'] },
    }));
    assert.deepEqual([...cfg.router.sensitiveFileGlobs].sort(), ['**/secrets/**', '*.key', 'deploy/*.yaml', 'vault.json'].sort());
    assert.deepEqual([...cfg.router.extraPatterns].sort(), ['ACME-[0-9]{6}', 'INTERNAL-[A-Z]{4}'].sort());
  });

  it('invalid values fall back to defaults and numbers are clamped', () => {
    const cfg = buildConfig(lookup({
      mode: { globalValue: 'yolo' }, 'router.confidenceThreshold': { globalValue: 7 }, 'router.timeoutMs': { globalValue: -5 },
      'local.provider': { globalValue: 42 }, prices: { globalValue: { 'gpt-x': { inputPerMTok: 'cheap' } } }, 'cloud.deployment': { globalValue: '   ' },
    }));
    assert.equal(cfg.router.mode, 'auto');
    assert.equal(cfg.router.confidenceThreshold, 1);
    assert.equal(cfg.router.routerTimeoutMs, 100);
    assert.equal(cfg.local.provider, 'auto');
    assert.deepEqual(cfg.router.prices, {});
    assert.equal(cfg.cloud.deployment, 'model-router');
  });

  it('valid user prices are kept; ordinary settings take the most specific scope', () => {
    const prices = { 'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 } };
    const cfg = buildConfig(lookup({ prices: { globalValue: prices }, 'local.modelAlias': { globalValue: 'phi-4', workspaceValue: 'qwen2.5-coder-7b' } }));
    assert.deepEqual(cfg.router.prices, prices);
    assert.equal(cfg.local.modelAlias, 'qwen2.5-coder-7b');
  });

  it('hybridAgent.local.routerModel is read (trimmed) and contributed in package.json with a default and a scope', () => {
    assert.equal(buildConfig(lookup({ 'local.routerModel': { globalValue: '  tiny-router ' } })).local.routerModel, 'tiny-router');
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string; markdownDescription?: string }> } } };
    const setting = pkg.contributes.configuration.properties['hybridAgent.local.routerModel'];
    assert.equal(setting.default, '');
    assert.equal(setting.scope, 'window');
    assert.match(setting.markdownDescription ?? '', /stage 2/);
  });

  it('the result is deeply frozen', () => {
    const cfg = buildConfig(lookup({ 'privacy.extraPatterns': { globalValue: ['x'] } }));
    assert.ok(Object.isFrozen(cfg) && Object.isFrozen(cfg.router) && Object.isFrozen(cfg.router.extraPatterns) && Object.isFrozen(cfg.cloud));
  });

  it('every user-only setting ignores a workspace value', () => {
    for (const key of USER_ONLY_SETTINGS) {
      const cfg = buildConfig(lookup({ [key]: { workspaceValue: key === 'cloud.enabled' ? false : 'x' } }));
      assert.ok(cfg.ignoredWorkspaceSettings.includes(key), key);
    }
  });
});

describe('config: helpers', () => {
  it('stricterMode orders localOnly > preferLocal > auto > preferCloud', () => {
    assert.equal(stricterMode('auto', 'localOnly'), 'localOnly');
    assert.equal(stricterMode('preferLocal', 'auto'), 'preferLocal');
    assert.equal(stricterMode('preferCloud', 'auto'), 'auto');
  });

  it('isCloudConfigured is false when disabled, provider none, or local-only', () => {
    assert.equal(isCloudConfigured(buildConfig(() => undefined)), true);
    assert.equal(isCloudConfigured(buildConfig(lookup({ 'cloud.enabled': { globalValue: false } }))), false);
    assert.equal(isCloudConfigured(buildConfig(lookup({ 'cloud.provider': { globalValue: 'none' } }))), false);
    assert.equal(isCloudConfigured(buildConfig(lookup({ mode: { globalValue: 'localOnly' } }))), false);
  });

  it('readConfig reads the hybridAgent section through inspect()', () => {
    const asked: string[] = [];
    const workspace = {
      getConfiguration: (section: string) => {
        asked.push(section);
        return { inspect: (key: string) => (key === 'cloud.endpoint' ? { key, globalValue: 'https://mine.example/v1', workspaceValue: 'https://evil.example/v1' } : undefined) };
      },
      onDidChangeConfiguration: () => ({ dispose() {} }),
    };
    const cfg = readConfig(workspace as unknown as Parameters<typeof readConfig>[0]);
    assert.deepEqual(asked, ['hybridAgent']);
    assert.equal(cfg.cloud.endpoint, 'https://mine.example/v1');
  });
});

describe('config: readAgentSettings', () => {
  const workspaceWith = (value: unknown) => ({
    getConfiguration: () => ({ get: (key: string) => (key === 'agent.maxTurns' ? value : undefined) }),
    onDidChangeConfiguration: () => ({ dispose() { /* nothing to stop */ } }),
  }) as unknown as Parameters<typeof readAgentSettings>[0];

  it('reads the turn cap of @hybrid\'s tool loop, defaulting to the contributed default, clamped to 1..50', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
    assert.equal(pkg.contributes.configuration.properties['hybridAgent.agent.maxTurns'].default, DEFAULT_AGENT_MAX_TURNS);
    assert.equal(readAgentSettings(workspaceWith(undefined)).maxTurns, 8);
    assert.equal(readAgentSettings(workspaceWith(3)).maxTurns, 3);
    assert.equal(readAgentSettings(workspaceWith(500)).maxTurns, 50);
    assert.equal(readAgentSettings(workspaceWith(0)).maxTurns, 8);
    assert.equal(readAgentSettings(workspaceWith('12')).maxTurns, 8);
  });
});
