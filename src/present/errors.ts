/**
 * A failure in words, said once: a title, the message (which names the setting or command to fix it) and the
 * correlation id. Markdown for chat and documents, plain text where VS Code shows text raw (notifications,
 * errorDetails, the language-model error) and one line for the CLI's stderr.
 */
import type { HybridError } from '../router/types';
import { markdownWithCode, oneLine, plainText } from './text';

export function errorTitle(code: HybridError['code']): string {
  switch (code) {
    case 'empty_prompt': return 'Nothing to ask';
    case 'binary_content': return 'Binary content is never sent';
    case 'input_too_large': return 'Input too large';
    case 'restricted_local_unavailable': return 'Kept on this device, but the local model is unavailable';
    case 'local_only_unavailable': return 'Local-only mode, but the local model is unavailable';
    case 'cloud_not_allowed': return 'The cloud is not allowed for this request';
    case 'all_providers_failed': return 'Neither the local nor the cloud model answered';
    case 'provider_failed': return 'The model failed while answering';
    case 'tools_unsupported': return 'The model cannot call tools';
    case 'internal': return 'Something went wrong in Hybrid Agent';
  }
}

/** A failure as markdown with its correlation id (chat answer, documents). */
export function errorMarkdown(error: HybridError): string {
  return [
    `**${errorTitle(error.code)}**`,
    '',
    markdownWithCode(error.message),
    '',
    `Correlation id: \`${error.correlationId}\` · privacy: ${error.privacy}`,
  ].join('\n');
}

/** The same failure as one plain sentence group, for surfaces that do not render markdown. */
export function errorPlain(error: HybridError): string {
  return `${errorTitle(error.code)}. ${oneLine(plainText(error.message))} (correlation id ${error.correlationId})`;
}

/** One stderr line per error (CLI). */
export function errorLine(error: HybridError): string {
  return `hybrid-agent: error ${error.code}: ${oneLine(error.message)} [${error.correlationId}]\n`;
}
