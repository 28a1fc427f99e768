/**
 * The layer arrows of DESIGN.md are enforced by lint for every file of every folder, nested ones included: each
 * case lints a one-line import as if it were a file at that path, with the project's own ESLint configuration.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '../../..');

const FORBIDDEN: readonly [string, string][] = [
  ['src/router/privacy/rules/probe.ts', "import { a } from '../../../chat/chatResult';"],
  ['src/router/probe.ts', "import { a } from '../providers/index';"],
  ['src/providers/probe.ts', "import { a } from '../runtime/settings';"],
  ['src/present/probe.ts', "import { a } from '../runtime/settings';"],
  ['src/present/probe.ts', "import type * as vscode from 'vscode';"],
  ['src/runtime/probe.ts', "import type * as vscode from 'vscode';"],
  ['src/runtime/probe.ts', "import { a } from '../config';"],
  ['src/cli/probe.ts', "import { a } from '../views/treeModel';"],
  ['src/cli.ts', "import * as vscode from 'vscode';"],
  ['src/chat/probe.ts', "import { a } from '../views/treeModel';"],
  ['src/views/probe.ts', "import { a } from '../chat/chatResult';"],
];

const ALLOWED: readonly [string, string][] = [
  ['src/chat/probe.ts', "import { a } from '../present/route';"],
  ['src/views/probe.ts', "import { a } from '../present/text';"],
  ['src/cli/probe.ts', "import { a } from '../runtime/hybridRuntime';"],
  ['src/runtime/probe.ts', "import { a } from '../providers/index';"],
  ['src/present/probe.ts', "import type { a } from '../router/types';"],
];

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(`${code}\nexport const used = a;\n`, { filePath: join(ROOT, filePath) });
  return result.messages.filter(m => m.ruleId?.endsWith('no-restricted-imports')).map(m => m.message);
}

describe('lint zones (DESIGN.md "Layers")', function () {
  this.timeout(60_000);
  for (const [file, code] of FORBIDDEN) {
    it(`refuses in ${file}: ${code}`, async () => {
      assert.ok((await layerErrors(file, code)).length > 0);
    });
  }
  for (const [file, code] of ALLOWED) {
    it(`allows in ${file}: ${code}`, async () => {
      assert.deepEqual(await layerErrors(file, code), []);
    });
  }
});
