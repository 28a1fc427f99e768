/**
 * What the cloud received, read every way a value could hide in it: the raw body, the message contents after JSON
 * unescaping, URL-decoded, and every base64 or hex run decoded. A leak is any 8-character piece of a secret in any
 * of these views, or the whole secret in any common encoding.
 */
import * as assert from 'node:assert/strict';
import { isRouterCall, type RecordedCall, type Responder } from '../../fakes/recordingServer';
import { nonceOf } from './rig';
import { windowsOf } from './surfaces';

/** Every text of a call's body in which a value could be read. */
export function bodyViews(call: RecordedCall): string[] {
  const body = call.body as { messages?: { content?: unknown; tool_calls?: { function?: { arguments?: string } }[] }[] } | undefined;
  // Tool-call arguments travel as JSON strings inside the JSON body: read their string values unescaped too.
  const argumentStrings = (body?.messages ?? []).flatMap(m => (m.tool_calls ?? []).flatMap(c => stringsIn(parseOrText(c.function?.arguments ?? ''))));
  const contents = [...(body?.messages ?? []).map(m => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))), ...argumentStrings].join('\n');
  const views = [call.bodyText, contents];
  try {
    views.push(decodeURIComponent(contents));
  } catch {
    views.push(contents.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }
  // `\u0041`-style escapes written into a message's text (the body's own JSON escaping is already undone above).
  views.push(contents.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  for (const run of contents.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    views.push(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
  }
  for (const run of contents.match(/(?:[0-9a-fA-F]{2}){8,}/g) ?? []) {
    views.push(Buffer.from(run, 'hex').toString('latin1'));
  }
  return views;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') { return [value]; }
  if (value === null || typeof value !== 'object') { return []; }
  return Object.values(value as Record<string, unknown>).flatMap(stringsIn);
}

/** The secret in the encodings a body could carry it whole. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase(),
    encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1),
    [...secret].map(c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  ].filter(e => e.length >= 8);
}

/** Names of calls (never the secret) in which a piece of `secret` can be read. */
export function cloudLeaks(secret: string, calls: readonly RecordedCall[]): string[] {
  const pieces = windowsOf(secret);
  const whole = encodings(secret);
  const found: string[] = [];
  calls.forEach((call, i) => {
    const views = bodyViews(call);
    if (views.some(v => pieces.some(p => v.includes(p))) || whole.some(e => call.bodyText.includes(e))) {
      found.push(`cloud call #${i} (${call.method} ${call.path})`);
    }
  });
  return found;
}

export function assertNothingReachedCloud(secret: string, calls: readonly RecordedCall[], what: string): void {
  const leaks = cloudLeaks(secret, calls);
  assert.deepEqual(leaks, [], `${what}: a piece of the secret reached ${leaks.join(', ')}`);
}

/** Placeholders the cloud model saw in a request (every message). */
export function placeholdersIn(call: RecordedCall): string[] {
  const body = call.body as { messages?: { content?: unknown }[] } | undefined;
  const text = (body?.messages ?? []).map(m => String(m.content ?? '')).join('\n');
  return [...new Set(text.match(/\u27e6(?:SECRET|PII)_\d+\u27e7/g) ?? [])];
}

/**
 * A cloud model that echoes every placeholder it was sent, in a code span, in quotes and in a code block, streamed
 * in 3-character chunks so placeholders arrive cut in pieces.
 */
export function placeholderEchoResponder(): Responder {
  return call => {
    if (call.method === 'GET') {
      return { kind: 'models', ids: ['cloud-model'] };
    }
    if (isRouterCall(call)) {
      return { kind: 'answer', text: '{"target":"cloud","confidence":1.0,"complexity":"very_high","reason":"cloud"}', chunks: 2 };
    }
    const seen = placeholdersIn(call);
    const text = `cloud answered ${nonceOf(call)}. Use \`${seen.join('`, `')}\` as "${seen.join('" and "')}":\n\`\`\`\nconst value = '${seen[0] ?? ''}';\n\`\`\`\n`;
    return { kind: 'answer', text, chunks: Math.ceil(text.length / 3) };
  };
}
