import { strict as assert } from 'node:assert';
import { HybridStatusBar, statusText, statusTooltip, type StatusState } from '../../../src/views/statusBar';

const state = (overrides: Partial<StatusState> = {}): StatusState => ({
  mode: 'auto',
  local: { configured: true, available: true, isDemo: false, label: 'Foundry Local · phi-4-mini' },
  cloud: { configured: true, available: false, isDemo: false, label: 'Foundry · model-router', detail: 'Not signed in: run "Hybrid Agent: Sign in to Azure".' },
  ...overrides,
});

describe('views/statusBar', () => {
  it('shows mode and availability of each side', () => {
    assert.equal(statusText(state()), '$(shield) Hybrid: Auto · local ✓ · cloud ✗');
  });

  it('labels demo sides, still-probing sides and the last route', () => {
    const text = statusText(state({
      local: { configured: true, available: undefined, isDemo: true, label: 'Demo local model (demo)' },
      cloud: { configured: true, available: true, isDemo: true, label: 'Demo cloud model (demo)' },
      lastPath: 'cloud_fallback',
    }));
    assert.equal(text, '$(shield) Hybrid: Auto · local … (demo) · cloud ✓ (demo) · last: cloud fallback');
  });

  it('the tooltip explains an unavailable side with what to do', () => {
    const tip = statusTooltip(state());
    assert.match(tip, /Cloud:\*\* Foundry · model-router — unavailable/);
    assert.match(tip, /Sign in to Azure/);
  });

  it('a side that answers with a warning (model not in the server list) is ⚠, not ✗, and the tooltip lists the models', () => {
    const warned = state({ local: { configured: true, available: true, isDemo: false, label: 'llama3 at 127.0.0.1', warning: 'Model "llama3" is not in the list of http://127.0.0.1:11434/v1 (it lists: llama3:latest). Run `Select Local Model`.' } });
    assert.match(statusText(warned), /local ⚠ ·/);
    assert.match(statusTooltip(warned), /answers, with a warning[\s\S]*llama3:latest[\s\S]*`Select Local Model`/);
  });

  it('modes appear in words', () => {
    assert.match(statusText(state({ mode: 'preferLocal' })), /Hybrid: Prefer local ·/);
    assert.match(statusTooltip(state({ mode: 'preferCloud' })), /mode: Prefer cloud/);
  });

  it('HybridStatusBar renders on update and opens the mode picker on click', () => {
    const item = { text: '', tooltip: undefined as unknown, command: undefined as unknown, name: '', shown: false, disposed: false, show() { this.shown = true; }, dispose() { this.disposed = true; } };
    const bar = new HybridStatusBar(item as never, state(), 'hybridAgent.setMode', v => ({ value: v }) as never);
    assert.equal(item.command, 'hybridAgent.setMode');
    assert.ok(item.shown);
    bar.update({ mode: 'localOnly', cloud: { configured: false, isDemo: false, label: 'off' } });
    assert.equal(item.text, '$(shield) Hybrid: Local only · local ✓ · cloud off');
    bar.dispose();
    assert.ok(item.disposed);
  });
});
