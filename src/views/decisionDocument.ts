/**
 * Readable markdown documents for "Ask hybrid agent" (decision + answer + footer) and "Classify selection"
 * (decision only, nothing sent). They open as untitled markdown documents: the person's own text stays in their
 * editor, nothing is written to disk or logged.
 */
import type * as vscode from 'vscode';
import type { AskOutcome, ClassifyOutcome } from '../router/service';
import { decisionMarkdown, errorMarkdown, footerLine, pathLabel } from '../chat/render';

export function askDocument(outcome: AskOutcome, progress: string | undefined): string {
  const lines = ['# Hybrid Agent — answer', ''];
  if (progress) { lines.push(`> ${progress}`, ''); }
  switch (outcome.kind) {
    case 'answered': {
      const r = outcome.response;
      const isDemo = r.provider.startsWith('demo');
      lines.push(r.answer, '', '---', '', `_${footerLine(r, isDemo)}_`, '', `Served: **${pathLabel(r.path)}**${isDemo ? ' (demo)' : ''}`, '', decisionMarkdown(r.decision));
      break;
    }
    case 'cancelled':
      lines.push('_Cancelled._', '', `Correlation id: \`${outcome.correlationId}\``);
      break;
    case 'failed':
      lines.push(errorMarkdown(outcome.error));
      if (outcome.decision) { lines.push('', decisionMarkdown(outcome.decision)); }
      break;
  }
  return lines.join('\n') + '\n';
}

export function classifyDocument(outcome: ClassifyOutcome): string {
  const lines = ['# Hybrid Agent — classification', '', '_Nothing was sent to any answering model._', ''];
  switch (outcome.kind) {
    case 'classified': lines.push(decisionMarkdown(outcome.decision, 'Where this selection would go')); break;
    case 'cancelled': lines.push('_Cancelled._'); break;
    case 'failed': lines.push(errorMarkdown(outcome.error)); break;
  }
  return lines.join('\n') + '\n';
}

type DocumentApi = Pick<typeof vscode.workspace, 'openTextDocument'>;
type WindowApi = Pick<typeof vscode.window, 'showTextDocument'>;

/** Opens markdown content as an untitled document beside the editor. */
export async function openMarkdown(workspace: DocumentApi, window: WindowApi, content: string, besideColumn: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const doc = await workspace.openTextDocument({ language: 'markdown', content });
  return window.showTextDocument(doc, { viewColumn: besideColumn, preview: true, preserveFocus: false });
}
