/**
 * Puts redacted values back on the device: in a whole text, and in an answer streamed chunk by chunk, where a
 * placeholder may arrive cut anywhere (`⟦SEC` + `RET_1⟧`). Only placeholders the vault handed out are replaced;
 * anything else shaped like one is left as the model wrote it. Tool-call arguments are restored before a tool runs.
 */
import { PLACEHOLDER, type PlaceholderVault } from './redaction';
import { mapStrings } from './toolParts';
import type { ToolCall } from './types';

/** A text that may still grow into a placeholder: `⟦`, `⟦SECR`, `⟦PII_`, `⟦SECRET_12`. */
const PLACEHOLDER_PREFIX = /^\u27e6(?:S(?:E(?:C(?:R(?:E(?:T(?:_\d{0,9})?)?)?)?)?)?|P(?:I(?:I(?:_\d{0,9})?)?)?)?$/;

/** `text` with every placeholder of `vault` replaced by its value. */
export function restoreText(text: string, vault: PlaceholderVault): string {
  if (!text.includes('\u27e6')) {
    return text;
  }
  return text.replace(PLACEHOLDER, placeholder => vault.valueOf(placeholder) ?? placeholder);
}

/**
 * Restores a stream: each push returns the text that can be shown now, holding back a tail that may still become
 * a placeholder; `flush` returns what is held when the stream ends.
 */
export class StreamRestorer {
  private pending = '';

  constructor(private readonly vault: PlaceholderVault) {}

  push(chunk: string): string {
    const text = this.pending + chunk;
    const open = text.lastIndexOf('\u27e6');
    const hold = open >= 0 && PLACEHOLDER_PREFIX.test(text.slice(open)) ? open : text.length;
    this.pending = text.slice(hold);
    return restoreText(text.slice(0, hold), this.vault);
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return restoreText(rest, this.vault);
  }
}

/** A tool call the cloud model made on a redacted copy, with every placeholder in its string arguments put back. */
export function restoreToolCall(call: ToolCall, vault: PlaceholderVault): ToolCall {
  return { ...call, arguments: mapStrings(call.arguments, text => restoreText(text, vault)) as ToolCall['arguments'] };
}
