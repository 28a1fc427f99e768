import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';
import type { AskRequest, ContextReference, ProviderMessage } from './types';

/** What every answering model is told first. Short on purpose: small local models follow short prompts best. */
export const SYSTEM_PROMPT =
  'You are a concise coding assistant inside the developer\'s editor. Answer the question directly, show code ' +
  'when it helps, keep explanations short, and say so when you are unsure.';

/** The messages sent to an answering model: system prompt, replayed history, then references and the prompt. */
export function buildMessages(req: AskRequest): ProviderMessage[] {
  const messages: ProviderMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const turn of req.history ?? []) {
    if (turn.content.trim() !== '') {
      messages.push({ role: turn.role, content: turn.content });
    }
  }
  const blocks = (req.references ?? []).map(renderReference);
  const prompt = req.prompt.trim() === '' ? 'Explain the attached code.' : req.prompt;
  messages.push({ role: 'user', content: [...blocks, prompt].join('\n\n') });
  return messages;
}

function renderReference(ref: ContextReference): string {
  const title = ref.startLine ? `${ref.name} (from line ${ref.startLine})` : ref.name;
  if (ref.content === undefined) {
    return `Attached: ${title} (content not available)`;
  }
  // A fence longer than any backtick run inside, so attached Markdown cannot close it early.
  let longestRun = 0;
  for (const run of ref.content.match(/`{3,}/g) ?? []) {
    longestRun = Math.max(longestRun, run.length);
  }
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${title}:\n${fence}\n${ref.content}\n${fence}`;
}

/** Estimated prompt tokens of a message list, when a provider does not report usage. */
export function estimateMessagesTokens(messages: readonly ProviderMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

