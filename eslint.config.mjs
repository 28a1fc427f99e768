// Lint enforces the layer rules of shared/STYLE.md rather than leaving them to review.
import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'src/router, src/providers and src/cli.ts run under plain Node: never import vscode.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'media/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe)$/][callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  {
    files: ['src/router/**/*.ts', 'src/providers/**/*.ts', 'src/cli.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...noVscode, patterns: [] }],
      'no-restricted-imports': ['error', noVscode],
    },
  },
  {
    // The core never reaches up: router imports nothing outside src/router.
    files: ['src/router/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['../providers/*', '../chat/*', '../views/*', '../config', '../extension', '../cli'], message: 'src/router is the core: it imports nothing outside src/router.' }] }],
    },
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['../chat/*', '../views/*', '../config', '../extension', '../cli'], message: 'src/providers may import only src/router.' }] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.cjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
