/**
 * The workspace the host and e2e layers open: a few ordinary files and one holding a fake database password,
 * generated per run (never a real credential, and never committed: secret scanners stay quiet on the repository).
 * Shared by scripts/vscode-tests.mjs (code-server), test/electron (test-electron) and the host tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Workspace-relative file holding the fake connection string. */
export const SECRET_FILE = 'src/db.ts';
/** Workspace-relative file with ordinary code (no secret). */
export const PLAIN_FILE = 'src/orders.ts';

const CONNECTION_STRING = /postgres:\/\/orders_app:([^@\s"]+)@orders-db\.internal:5432\/orders/;

export interface FixtureWorkspace {
  readonly folder: string;
  /** The fake password: tests assert it appears nowhere but the file itself. */
  readonly secret: string;
}

/** A random-looking password (letters, digits, symbols) built at run time. */
export function fakePassword(): string {
  const body = randomBytes(18).toString('base64').replace(/[+/=]/g, '');
  return `${body.slice(0, 8)}!${body.slice(8, 16)}#${body.slice(16)}9q`;
}

export function createFixtureWorkspace(parent: string, secret = fakePassword()): FixtureWorkspace {
  const folder = join(parent, 'orders-service');
  mkdirSync(join(folder, 'src'), { recursive: true });
  writeFileSync(join(folder, 'README.md'), '# orders-service\n\nA tiny service used by the Hybrid Agent tests.\n');
  writeFileSync(join(folder, PLAIN_FILE), [
    'export interface Order { id: string; total: number; paid: boolean }',
    '',
    'export function unpaidTotal(orders: Order[]): number {',
    '  return orders.filter(order => !order.paid).reduce((sum, order) => sum + order.total, 0);',
    '}',
    '',
  ].join('\n'));
  writeFileSync(join(folder, SECRET_FILE), [
    '// Database settings for the orders service.',
    '',
    `const DATABASE_URL = "postgres://orders_app:${secret}@orders-db.internal:5432/orders";`,
    '',
    'export function connectionString(): string {',
    '  return DATABASE_URL;',
    '}',
    '',
  ].join('\n'));
  return { folder, secret };
}

/** Where the fake connection string sits in a document's text (0-based line), and its password. */
export function locateFakeSecret(text: string): { line: number; secret: string; lineText: string } | undefined {
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const match = CONNECTION_STRING.exec(lines[line]);
    if (match) {
      return { line, secret: match[1], lineText: lines[line] };
    }
  }
  return undefined;
}
