/**
 * Small text tools every surface shares: one truncate (never mid-word), markdown escaping, and plain text for the
 * places VS Code does not render markdown (notifications, error details, the status bar).
 */

export { truncate } from '../router/truncate';

/** Escapes characters that would turn text into markdown links, HTML, code, emphasis or table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, c => `\\${c}`);
}

/** Inline code without breaking out of it. */
export function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

/** Markdown-ish text for surfaces that show it raw: code ticks become quotes, emphasis marks go. */
export function plainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '"$1"').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\\([\\`*_[\]<>|])/g, '$1');
}

/** Newlines and their surrounding blanks become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Text that may hold `code` spans (error guidance names commands and settings that way) as safe markdown. */
export function markdownWithCode(text: string): string {
  return text.split(/(`[^`\n]*`)/).map(part => (/^`[^`\n]*`$/.test(part) ? part : escapeMarkdown(part))).join('');
}
