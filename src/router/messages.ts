import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';
import { endsWithToolResults } from './toolParts';
import type { AskRequest, ChatTurn, ContextReference, ProviderMessage } from './types';

/** What every answering model is told first. Short on purpose: small local models follow short prompts best. */
export const SYSTEM_PROMPT =
  'You are a concise coding assistant inside the developer\'s editor. Answer the question directly, show code ' +
  'when it helps, keep explanations short, and say so when you are unsure.';

/**
 * The messages sent to an answering model: system prompt (with the caller's instructions), replayed history, then
 * references and the prompt. Tool calls and results stay structured (assistant `toolCalls`, `tool` messages). An
 * agent turn that continues after tool results, with nothing new from the person, ends with those results.
 */
export function buildMessages(req: AskRequest): ProviderMessage[] {
  const system = req.instructions?.trim() ? `${SYSTEM_PROMPT}\n\n${req.instructions}` : SYSTEM_PROMPT;
  const messages: ProviderMessage[] = [{ role: 'system', content: system }];
  for (const turn of req.history ?? []) {
    const message = historyMessage(turn);
    if (message) {
      messages.push(message);
    }
  }
  const blocks = (req.references ?? []).map(renderReference);
  if (req.prompt.trim() === '' && blocks.length === 0 && endsWithToolResults(req)) {
    return messages;
  }
  const prompt = req.prompt.trim() === '' ? 'Explain the attached code.' : req.prompt;
  messages.push({ role: 'user', content: [...blocks, prompt].join('\n\n') });
  return messages;
}

function historyMessage(turn: ChatTurn): ProviderMessage | undefined {
  if (turn.role === 'tool') {
    // Every call needs its result on the wire; some runtimes refuse an empty message.
    return { role: 'tool', content: turn.content === '' ? '(no output)' : turn.content, toolCallId: turn.toolCallId ?? '' };
  }
  if (turn.role === 'assistant' && turn.toolCalls && turn.toolCalls.length > 0) {
    return { role: 'assistant', content: turn.content, toolCalls: turn.toolCalls };
  }
  return turn.content.trim() === '' ? undefined : { role: turn.role, content: turn.content };
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
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS
    + (m.toolCalls ?? []).reduce((calls, c) => calls + estimateTokens(c.name + JSON.stringify(c.arguments)), 0), 0);
}

