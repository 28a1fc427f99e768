// Lint enforces the layer rules of DESIGN.md "Layers" (arrows point down only; chat and views never import each
// other; router, providers, present, runtime and the CLI never import vscode) for every file of every folder,
// nested folders included. Each zone lists the rooms its files may not import.
import tseslint from 'typescript-eslint';

const vscodeBan = { name: 'vscode', message: 'This layer runs under plain Node (unit tests, the CLI, benchmarks): never import vscode.' };

/** Import patterns (any depth) that reach a room of src/. */
const ROOMS = {
  extension: ['**/extension', '**/extensionCore'],
  chat: ['**/chat', '**/chat/*'],
  views: ['**/views', '**/views/*'],
  present: ['**/present', '**/present/*'],
  config: ['**/config'],
  runtime: ['**/runtime', '**/runtime/*'],
  cli: ['**/cli', '**/cli/*'],
  providers: ['**/providers', '**/providers/*'],
  commandGuard: ['**/commandGuard'],
};

/** A zone: `files` may not import `banned` rooms (and never vscode when `noVscode`). */
function zone(name, files, banned, { noVscode = false, why }) {
  const patterns = [{ group: banned.flatMap(room => ROOMS[room]), message: `${name} may not import ${banned.join(', ')}: ${why}` }];
  const paths = noVscode ? [vscodeBan] : [];
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: paths.map(p => ({ ...p, allowTypeImports: false })), patterns: [] }],
    },
  };
}

const pureNode = { noVscode: true };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'media/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe)$/][callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  zone('src/chat', ['src/chat/**/*.ts'], ['extension', 'views', 'cli'],
    { why: 'chat and views never import each other (what both need is in present/ or router/), and the CLI is a root of its own.' }),
  zone('src/views', ['src/views/**/*.ts'], ['extension', 'chat', 'cli'],
    { why: 'chat and views never import each other (what both need is in present/ or router/), and the CLI is a root of its own.' }),
  zone('src/present', ['src/present/**/*.ts'], ['extension', 'chat', 'views', 'config', 'runtime', 'cli', 'providers', 'commandGuard'],
    { ...pureNode, why: 'words for people are pure functions over router records.' }),
  zone('src/config.ts', ['src/config.ts'], ['extension', 'chat', 'views', 'present', 'cli', 'providers', 'commandGuard'],
    { why: 'the settings reader feeds the settings model in runtime/ and nothing else.' }),
  zone('src/runtime', ['src/runtime/**/*.ts'], ['extension', 'chat', 'views', 'present', 'config', 'cli', 'commandGuard'],
    { ...pureNode, why: 'the assembly sits under every surface and reads no VS Code settings itself.' }),
  zone('the CLI', ['src/cli.ts', 'src/cli/**/*.ts'], ['extension', 'chat', 'views', 'config', 'commandGuard'],
    { ...pureNode, why: 'the command line runs the same core outside VS Code.' }),
  zone('src/router', ['src/router/**/*.ts'], ['extension', 'chat', 'views', 'present', 'config', 'runtime', 'cli', 'providers', 'commandGuard'],
    { ...pureNode, why: 'the router is the core: it imports nothing outside src/router.' }),
  zone('src/providers', ['src/providers/**/*.ts'], ['extension', 'chat', 'views', 'present', 'config', 'runtime', 'cli', 'commandGuard'],
    { ...pureNode, why: 'providers may import only src/router.' }),
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.cjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
