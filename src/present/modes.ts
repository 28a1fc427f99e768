/** The routing modes in words: one list for the status bar, the mode picker and the CLI. */
import type { Mode } from '../router/types';

export interface ModeWords {
  readonly mode: Mode;
  readonly label: string;
  readonly detail: string;
}

export const MODE_WORDS: readonly ModeWords[] = [
  { mode: 'auto', label: 'Auto', detail: 'Secrets and simple work stay local; hard work goes to the cloud.' },
  { mode: 'preferLocal', label: 'Prefer local', detail: 'Only very complex or very long requests go to the cloud.' },
  { mode: 'preferCloud', label: 'Prefer cloud', detail: 'Only trivial requests stay local (restricted content always stays local).' },
  { mode: 'localOnly', label: 'Local only', detail: 'Nothing ever goes to the cloud.' },
];

/** "Prefer local" for `preferLocal`. */
export function modeLabel(mode: Mode): string {
  return MODE_WORDS.find(m => m.mode === mode)?.label ?? mode;
}
