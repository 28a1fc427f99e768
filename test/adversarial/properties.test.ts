/**
 * Property-based (fast-check): secrets generated from each rule's grammar, embedded at random positions in
 * generated code of several languages, are always found; generated look-alikes are not; and the decision is total
 * on arbitrary strings (lone surrogates, NUL bytes, 1 MB lines, deep brackets). Time is left to the bench: here
 * completion is asserted, never a duration.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { DemoProvider } from '../../src/providers/demo';
import { checkPrivacy } from '../../src/router/privacyGate';
import { RouterService } from '../../src/router/service';
import { aConfig } from '../fakes';
import { LOOKALIKE_GENERATORS, LOOKALIKE_KINDS, SECRET_GENERATORS, SECRET_KINDS, seeded } from './support/secrets';

const OPTIONS = { sensitiveFileGlobs: [], extraPatterns: [] };

/** Ordinary lines per language; the embedded line is wrapped in that language's idiom. */
const LANGUAGES: ReadonlyArray<{ name: string; filler: readonly string[]; embed: (text: string) => string }> = [
  { name: 'typescript', filler: ['import { readFile } from "node:fs/promises";', 'export async function load(path: string) {', '  return JSON.parse(await readFile(path, "utf8"));', '}', 'const retries = 3;'], embed: t => `// ${t}` },
  { name: 'python', filler: ['import os', 'def handler(event, context):', '    return {"statusCode": 200}', 'RETRIES = 3', 'if __name__ == "__main__":'], embed: t => `# ${t}` },
  { name: 'go', filler: ['package main', 'import "fmt"', 'func main() {', '\tfmt.Println("ready")', '}'], embed: t => `/* ${t} */` },
  { name: 'yaml', filler: ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 2'], embed: t => `# ${t}` },
  { name: 'shell', filler: ['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")"', 'npm ci', 'echo done'], embed: t => `echo "${t}"` },
  { name: 'markdown', filler: ['# Setup', 'Run the installer, then restart.', '- step one', '- step two', '```bash', 'make build', '```'], embed: t => `Config: ${t}` },
  { name: 'csharp', filler: ['using System;', 'namespace App {', '  public class Program {', '    static void Main() { Console.WriteLine("hi"); }', '  }', '}'], embed: t => `// ${t}` },
];

const code = (embedded: string) => fc.record({
  lang: fc.constantFrom(...LANGUAGES),
  before: fc.array(fc.nat(20), { maxLength: 12 }),
  after: fc.array(fc.nat(20), { maxLength: 12 }),
  indent: fc.constantFrom('', '  ', '\t'),
}).map(({ lang, before, after, indent }) => {
  const pick = (ns: number[]) => ns.map(n => lang.filler[n % lang.filler.length]);
  return { lang: lang.name, text: [...pick(before), indent + lang.embed(embedded), ...pick(after)].join('\n') };
});

describe('adversarial: property-based privacy gate', function () {
  this.timeout(120_000);

  for (const kind of SECRET_KINDS) {
    it(`a generated ${kind} embedded anywhere in generated code is always found`, () => {
      fc.assert(fc.property(fc.integer(), fc.boolean(), (seed, asReference) => {
        const sample = SECRET_GENERATORS[kind](seeded(seed));
        return fc.assert(fc.property(code(sample.text), ({ text }) => {
          const req = asReference ? { prompt: 'explain', references: [{ kind: 'file' as const, name: 'src/x', path: 'src/x', content: text }] } : { prompt: text };
          const result = checkPrivacy(req, OPTIONS);
          assert.equal(result.privacy, 'restricted');
          assert.ok(result.findings.some(f => sample.rules.includes(f.rule)), `expected one of ${sample.rules.join(', ')}, got ${result.findings.map(f => f.rule).join(', ')}`);
          assert.ok(!JSON.stringify(result.findings).includes(sample.value.slice(-8)), 'a finding carries the value');
        }), { numRuns: 3 }) ?? true;
      }), { numRuns: 40 });
    });
  }

  for (const kind of LOOKALIKE_KINDS) {
    it(`a generated look-alike (${kind}) is not reported`, () => {
      fc.assert(fc.property(fc.integer(), fc.integer(), (seed, layout) => {
        const text = LOOKALIKE_GENERATORS[kind](seeded(seed));
        const sample = fc.sample(code(text), { numRuns: 1, seed: layout })[0];
        const result = checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name: 'src/x', path: 'src/x', content: sample.text }] }, OPTIONS);
        assert.deepEqual(result.findings.map(f => f.rule), [], `${kind} in ${sample.lang}`);
      }), { numRuns: 60 });
    });
  }

  it('checkPrivacy is total on arbitrary strings (lone surrogates, NUL, control characters)', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 400 }));
    fc.assert(fc.property(anyText, anyText, fc.array(anyText, { maxLength: 3 }), (prompt, content, history) => {
      const result = checkPrivacy({ prompt, references: [{ kind: 'file', name: content.slice(0, 20) || 'f', content }], history: history.map(c => ({ role: 'user' as const, content: c })) }, OPTIONS);
      assert.ok(['public', 'internal', 'restricted'].includes(result.privacy));
    }), { numRuns: 400 });
  });

  it('classify and ask are total: a decision or a structured error, never a throw', async () => {
    const local = new DemoProvider({ target: 'local' });
    const service = new RouterService({ config: () => aConfig(), local, cloud: new DemoProvider({ target: 'cloud' }), routerModel: local });
    const signal = new AbortController().signal;
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom<'local' | 'cloud' | undefined>(undefined, 'local', 'cloud'), async (prompt, force) => {
      const classified = await service.classify({ prompt, force }, signal);
      assert.ok(classified.kind === 'classified' || (classified.kind === 'failed' && ['empty_prompt', 'binary_content'].includes(classified.error.code)), JSON.stringify(classified));
      const asked = await service.ask({ prompt, force }, signal, () => undefined);
      assert.ok(asked.kind === 'answered' || (asked.kind === 'failed' && ['empty_prompt', 'binary_content'].includes(asked.error.code)), JSON.stringify(asked.kind === 'failed' ? asked.error : asked.kind));
    }), { numRuns: 150 });
  });

  const large: ReadonlyArray<[string, () => string]> = [
    ['a 1 MB single line of token-like characters', () => 'ghp_sk-AKIAxoxb-'.repeat(65_536)],
    ['a 1 MB single line of keywords and equals signs', () => 'password=token=secret='.repeat(47_663)],
    ['100k nested brackets', () => '['.repeat(100_000) + ']'.repeat(100_000)],
    ['1 MB of base64-looking text next to a credential word', () => 'auth: ' + 'QUJDRA'.repeat(174_762)],
    ['1 MB of percent-encoding', () => '%41'.repeat(349_525)],
    ['1 MB of digits (card and IBAN prefilters)', () => '4111 '.repeat(209_715)],
    ['a megabyte of lone surrogates', () => '\ud800'.repeat(1_048_576)],
  ];
  for (const [name, build] of large) {
    it(`completes on ${name}`, () => {
      const result = checkPrivacy({ prompt: 'x', references: [{ kind: 'file', name: 'big', content: build() }] }, OPTIONS);
      assert.ok(['public', 'internal', 'restricted'].includes(result.privacy));
    });
  }
});
