/**
 * The one cut for every text a person reads, from the core and the surfaces alike: at most `max` characters, ending
 * with an ellipsis, at a word end where there is one (a masked token is never cut in half), never inside a
 * surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) { return text; }
  let room = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(room)) { room = room.slice(0, -1); }
  if (/\s/.test(text.charAt(room.length))) { return room.replace(/[\s.,;:·—-]+$/, '') + '…'; } // the room ends on a word end
  const lastSpace = room.search(/\s\S*$/);
  // One word longer than the room is the only case left to cut inside a word.
  const head = lastSpace > 0 ? room.slice(0, lastSpace) : room;
  return head.replace(/[\s.,;:·—-]+$/, '') + '…';
}
