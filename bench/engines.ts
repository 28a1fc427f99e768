/**
 * The two scanners compared on the same bytes: ours (src/router/privacyGate `scanText`) and secretlint's
 * recommended preset through @secretlint/core `lintSource`. Both return the 1-based lines they flagged.
 */
import { scanText } from '../src/router/privacyGate';

export type EngineName = 'ours' | 'secretlint';

export interface Engine {
  readonly name: EngineName;
  /** Scans and returns the 1-based start line of every finding. */
  scan(text: string): Promise<number[]> | number[];
}

const PRIVACY_OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] } as const;

export const ours: Engine = {
  name: 'ours',
  scan: text => scanText(text, 'selection', PRIVACY_OPTIONS).map(f => f.line),
};

/** Loads secretlint (ESM only) once; the import is not part of any timing. */
export async function loadSecretlint(): Promise<Engine> {
  const core = await import('@secretlint/core');
  const preset = await import('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
  return {
    name: 'secretlint',
    scan: async text => {
      const result = await core.lintSource({
        source: { content: text, filePath: '/bench/input.txt', ext: '.txt', contentType: 'text' },
        options: { config, maskSecrets: true },
      });
      return result.messages.map(m => m.loc.start.line);
    },
  };
}

export async function loadEngine(name: string): Promise<Engine> {
  switch (name) {
    case 'ours': return ours;
    case 'secretlint': return loadSecretlint();
    default: throw new Error(`unknown engine ${name}`);
  }
}
