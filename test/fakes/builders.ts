import { DEFAULT_ROUTER_CONFIG } from '../../src/router/defaults';
import type { AskRequest, ContextReference, RouterConfig } from '../../src/router/types';

/** A router configuration with the documented defaults and a small price table; override what the test is about. */
export function aConfig(overrides: Partial<RouterConfig> = {}): RouterConfig {
  return {
    ...DEFAULT_ROUTER_CONFIG,
    prices: {
      'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
      default: { inputPerMTok: 2.5, outputPerMTok: 10 },
    },
    ...overrides,
  };
}

/** A plain, harmless request; override what the test is about. */
export function aRequest(overrides: Partial<AskRequest> = {}): AskRequest {
  return { prompt: 'Why does this loop never terminate?', ...overrides };
}

/** A selection reference holding `content`. */
export function aSelection(content: string, overrides: Partial<ContextReference> = {}): ContextReference {
  return { kind: 'selection', name: 'selection', content, startLine: 1, id: 'vscode.implicit.selection', ...overrides };
}

/** A file reference named `path` holding `content`. */
export function aFile(path: string, content: string, overrides: Partial<ContextReference> = {}): ContextReference {
  return { kind: 'file', name: path, path, content, id: 'vscode.file', ...overrides };
}

/** Random-looking characters built at run time so the repository holds no secret-shaped literal. */
export function randomChars(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[Math.floor(Math.random() * alphabet.length)];
  }
  return out;
}

/** A GitHub personal access token shape, made at run time (never a real credential). */
export function aGithubToken(): string {
  return 'ghp' + '_' + randomChars(36);
}

/** A database connection string carrying a password, made at run time. */
export function aConnectionString(): string {
  return 'Server=tcp:db.internal.example,1433;Database=orders;User ID=app_user;' + 'Pass' + 'word=' + randomChars(20) + ';Encrypt=true;';
}
