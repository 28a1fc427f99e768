// `npm test`: every layer in order, each ending with a plain `<layer>: N passed, N failed` line.
// Layers: unit (plain Node), integration (real SDK clients over loopback), adversarial, eval (the privacy gate on
// material the project did not write), host (inside a real VS Code extension host, code-server), e2e (real
// workbench in Chromium). Exits non-zero if any layer failed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const only = process.env.HYBRID_TEST_LAYERS?.split(',').map(s => s.trim()).filter(Boolean);
const wanted = layer => !only || only.includes(layer);
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    failures.push(label);
  }
  return result.status === 0;
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

// A clean compile: tests deleted or renamed in the source must not keep running from an old out/ folder.
rmSync('out', { recursive: true, force: true });
if (!run('compile', ...npx('tsc', '-p', '.'))) {
  console.log('compile: 0 passed, 1 failed');
  process.exit(1);
}
run('lint', ...npx('eslint', '--no-error-on-unmatched-pattern', 'src', 'test', 'bench', 'scripts'));
run('build', 'node', ['scripts/build.mjs']);

for (const layer of ['unit', 'integration', 'adversarial', 'eval']) {
  if (wanted(layer) && existsSync(`out/test/${layer}`)) {
    run(layer, ...npx('mocha', '--config', '.mocharc.json', `out/test/${layer}/**/*.test.js`), { HYBRID_TEST_LAYER: layer });
  }
}
if ((wanted('host') || wanted('e2e')) && existsSync('scripts/vscode-tests.mjs')) {
  run('vscode', 'node', ['scripts/vscode-tests.mjs'], { HYBRID_TEST_LAYERS: (only ?? ['host', 'e2e']).join(',') });
}

if (failures.length) {
  console.log(`\nFailed steps: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\nAll test layers passed.');
