/**
 * Bulk hit filters (`Rule.keepHits`) for rules whose value must end within a bounded distance of the anchor. On
 * ordinary text every hit passes at once; on a line of `password=` repeated a megabyte long, none does, and the
 * text is read once however dense the hits are, instead of a 200-character try at every hit.
 */
import { keptHits } from './hitLists';

/**
 * Keeps the hits followed, within `reach` characters from the hit, by a character for which `ends` holds, or by the
 * end of the text. Hits must be sorted.
 */
export function endingWithin(reach: number, ends: (code: number) => boolean): (text: string, hits: Int32Array) => Int32Array {
  return (text, hits) => {
    let ending = -1;    // the nearest ending at or after the previous hit, once one was found
    let clearTo = 0;    // from the previous search's start up to here, the text holds no ending
    return keptHits(hits, hit => {
      if (ending < hit) {
        const stop = Math.min(text.length, hit + reach + 1);
        let i = Math.max(hit, clearTo);
        while (i < stop && !ends(text.charCodeAt(i))) {
          i++;
        }
        clearTo = i;
        ending = i < stop || stop === text.length ? i : -1;
      }
      return ending >= hit && ending - hit <= reach;
    });
  };
}

/** `[;&\s"'<>]`, and any character beyond ASCII (Unicode spaces end a value too: counting them all keeps more hits, never fewer). */
export function endsConnectionValue(code: number): boolean {
  return code > 127 || code === 59 || code === 38 || code === 34 || code === 39 || code === 60 || code === 62
    || code === 32 || (code >= 9 && code <= 13);
}
