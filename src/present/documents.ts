/**
 * Markdown documents shown in the read-only preview: an answer (route line, answer, decision), a classification
 * (decision only), the demo scenarios and the log lines of one request. Nothing is written to disk.
 */
import type { AskOutcome, ClassifyOutcome } from '../router/service';
import type { AgentResponse, HybridError } from '../router/types';
import { decisionMarkdown } from './decision';
import { errorMarkdown } from './errors';
import { footerLine, routeReason } from './route';
import { escapeMarkdown, oneLine } from './text';

/** What a classification sends: nothing to an answering model; the local router model may be asked on this device. */
export const CLASSIFY_SENDS =
  'Nothing was sent to an answering model. Only the local router model on this device may have been consulted (stage 2); nothing left this machine.';

/** An answer, or the answer so far while it streams (`outcome` undefined). */
export function askDocument(outcome: AskOutcome | undefined, progress: string | undefined, isDemo: (providerId: string) => boolean, partial = ''): string {
  const lines = ['# Hybrid Agent — answer', ''];
  if (progress) { lines.push(`> ${escapeMarkdown(progress)}`, ''); }
  if (!outcome) {
    lines.push(partial || '_Waiting for the answer…_');
    return lines.join('\n') + '\n';
  }
  switch (outcome.kind) {
    case 'answered': {
      const r = outcome.response;
      lines.push(r.answer, '', '---', '', `_${escapeMarkdown(footerLine(r, isDemo(r.provider)))}_`, '', `**Why:** ${escapeMarkdown(routeReason(r))}`, '', decisionMarkdown(r.decision));
      break;
    }
    case 'cancelled':
      lines.push(partial, '', '_Cancelled._', '', `Correlation id: \`${outcome.correlationId}\``);
      break;
    case 'failed':
      lines.push(errorMarkdown(outcome.error));
      if (outcome.decision) { lines.push('', decisionMarkdown(outcome.decision)); }
      break;
  }
  return lines.join('\n') + '\n';
}

export function classifyDocument(outcome: ClassifyOutcome | undefined): string {
  const lines = ['# Hybrid Agent — classification', '', `_${CLASSIFY_SENDS}_`, ''];
  switch (outcome?.kind) {
    case undefined: lines.push('_Deciding…_'); break;
    case 'classified': lines.push(decisionMarkdown(outcome.decision, 'Where this selection would go')); break;
    case 'cancelled': lines.push('_Cancelled._'); break;
    case 'failed': lines.push(errorMarkdown(outcome.error)); break;
  }
  return lines.join('\n') + '\n';
}

/** One demo scenario's outcome, as the demo document lists it. */
export interface DemoLine {
  readonly scenario: string;
  readonly result: Omit<AgentResponse, 'answer'> | { readonly error: HybridError } | { readonly cancelled: true };
  readonly cloudCalls: number;
  readonly routerCalls: number;
  readonly mismatches: readonly string[];
}

export function demoDocument(results: readonly DemoLine[]): string {
  const lines = ['# Hybrid Agent — demo scenarios (demo models, nothing leaves this machine)', ''];
  results.forEach((r, i) => {
    const ok = r.mismatches.length === 0;
    lines.push(`## ${i + 1}. ${escapeMarkdown(r.scenario)} ${ok ? '✓' : '✗'}`, '');
    if ('path' in r.result) {
      lines.push(escapeMarkdown(footerLine(r.result, true)), '', `> ${escapeMarkdown(routeReason(r.result))}`);
    } else if ('error' in r.result) {
      lines.push(errorMarkdown(r.result.error));
    } else {
      lines.push('Cancelled.');
    }
    lines.push('', `Cloud calls: ${r.cloudCalls} · router-model calls: ${r.routerCalls}`);
    if (!ok) { lines.push('', ...r.mismatches.map(m => `- ${escapeMarkdown(m)}`)); }
    lines.push('');
  });
  return lines.join('\n');
}

/** One demo scenario as terminal text (the CLI). */
export function demoResultText(r: DemoLine, n: number): string {
  const lines = [`${n}. ${r.scenario}`];
  if ('path' in r.result) {
    lines.push(`   → ${r.result.path} · ${r.result.model} · privacy ${r.result.privacy} · ${r.result.complexity}`);
    lines.push(`   reason: ${r.result.reason}`);
    if (r.result.fallbackReason) {
      lines.push(`   fallback: ${r.result.fallbackReason}`);
    }
    const rm = r.result.decision.routerModel;
    lines.push(`   router model: ${rm.used ? `consulted${rm.error ? ` (${rm.error})` : `, said ${rm.target}`}` : `not consulted (${rm.error ?? 'skipped'})`}`);
  } else if ('error' in r.result) {
    lines.push(`   → error ${r.result.error.code}: ${oneLine(r.result.error.message)}`);
  } else {
    lines.push('   → cancelled');
  }
  lines.push(`   cloud calls: ${r.cloudCalls} · router calls: ${r.routerCalls}`);
  lines.push(r.mismatches.length === 0 ? '   ✓ as expected' : `   ✗ ${r.mismatches.join('; ')}`);
  return lines.join('\n') + '\n\n';
}

/** The log lines of one request. */
export function logDocument(correlationId: string, lines: readonly string[]): string {
  const body = lines.length ? lines.map(l => `    ${l}`).join('\n') : '_No log lines for this request are left in memory; the "Hybrid Agent" output channel has the full log._';
  return `# Hybrid Agent log — \`${correlationId}\`\n\n${body}\n`;
}
