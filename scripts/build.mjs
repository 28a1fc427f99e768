// Bundles the extension and the CLI with esbuild. Heavy SDKs are split into their own files under dist/sdk/
// and loaded with a dynamic import on first use, so activation never pays for them.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');

/** SDKs that must never be in the main bundles: module name -> chunk file under dist/sdk/. */
export const LAZY_SDKS = {
  'openai': 'openai.js',
  '@azure/ai-projects': 'azure-ai-projects.js',
  '@azure/identity': 'azure-identity.js',
};

/** Rewrites imports of lazy SDKs in the main bundles to the external chunk files. */
const lazySdkPlugin = {
  name: 'lazy-sdk',
  setup(build) {
    const names = Object.keys(LAZY_SDKS).map(n => n.replace(/[/@.-]/g, c => `\\${c}`));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, args => ({
      path: `./sdk/${LAZY_SDKS[args.path]}`,
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Error mapping tells some SDK error classes apart by name; minifying must not rename them.
  keepNames: true,
  // foundry-local-sdk is ESM-only with a native addon: it cannot be bundled and is imported at run time.
  external: ['vscode', 'foundry-local-sdk'],
};

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/sdk', { recursive: true });

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [lazySdkPlugin] }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    plugins: [lazySdkPlugin],
    banner: { js: '#!/usr/bin/env node' },
  }),
  ...Object.entries(LAZY_SDKS).map(([name, file]) =>
    esbuild.build({
      ...common,
      stdin: { contents: `export * from ${JSON.stringify(name)};`, resolveDir: process.cwd(), loader: 'js' },
      outfile: `dist/sdk/${file}`,
      // @azure/ai-projects reads import.meta.url in a few places; give the CJS bundle a value.
      define: { 'import.meta.url': '__hybridImportMetaUrl' },
      banner: { js: 'const __hybridImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
    }),
  ),
]);
chmodSync('dist/cli.js', 0o755);

// foundry-local-sdk cannot be bundled (ESM-only, native addon). Ship its JS and prebuilt addon shims next to the
// bundles, where Node's lookup from dist/*.js finds them, so a .vsix built with --no-dependencies can still load it.
// The native core is not shipped: it comes from the user's Foundry Local install (or the SDK's install script).
const sdkFrom = 'node_modules/foundry-local-sdk';
for (const part of ['package.json', 'dist', 'prebuilds', 'script', 'LICENSE.txt']) {
  cpSync(`${sdkFrom}/${part}`, `dist/node_modules/foundry-local-sdk/${part}`, {
    recursive: true,
    filter: src => !src.endsWith('.map'),
  });
}
// adm-zip is needed only by the SDK's runtime install script.
cpSync('node_modules/adm-zip', 'dist/node_modules/adm-zip', { recursive: true });
