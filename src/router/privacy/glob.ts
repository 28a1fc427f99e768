/**
 * A small, safe glob matcher for user sensitive-file globs: `*` (within a segment), `**` (any segments), `?`,
 * `{a,b}` (no nesting). Matching is dynamic programming over (pattern, path), O(pattern × path): no regular
 * expression is built from user input, so no pattern can backtrack catastrophically.
 */

const MAX_ALTERNATIVES = 64;
const MAX_PATH = 4096;

type Token = { kind: 'literal'; char: string } | { kind: 'star' } | { kind: 'globstar' } | { kind: 'any' };

function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  const close = open === -1 ? -1 : glob.indexOf('}', open);
  if (open === -1 || close === -1) {
    return [glob];
  }
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const out: string[] = [];
  for (const option of glob.slice(open + 1, close).split(',')) {
    for (const rest of expandBraces(tail)) {
      if (out.length >= MAX_ALTERNATIVES) {
        return out;
      }
      out.push(head + option + rest);
    }
  }
  return out;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      while (glob[i + 1] === '*') {
        i++;
      }
      if (glob[i + 1] === '/') {
        i++;                                  // `**/` also matches zero segments
      }
      tokens.push({ kind: 'globstar' });
    } else if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') {
        tokens.push({ kind: 'star' });
      }
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else {
      tokens.push({ kind: 'literal', char: ch });
    }
  }
  return tokens;
}

function matchTokens(tokens: readonly Token[], path: string): boolean {
  // reachable[j]: the pattern prefix consumed so far can end at path position j.
  let reachable = new Uint8Array(path.length + 1);
  reachable[0] = 1;
  for (const token of tokens) {
    const next = new Uint8Array(path.length + 1);
    for (let j = 0; j <= path.length; j++) {
      if (!reachable[j]) {
        continue;
      }
      if (token.kind === 'literal') {
        if (path[j] === token.char) {
          next[j + 1] = 1;
        }
      } else if (token.kind === 'any') {
        if (j < path.length && path[j] !== '/') {
          next[j + 1] = 1;
        }
      } else {
        next[j] = 1;
        for (let k = j; k < path.length && (token.kind === 'globstar' || path[k] !== '/'); k++) {
          if (next[k + 1]) {
            break;                            // already marked from an earlier start: the rest is too
          }
          next[k + 1] = 1;
        }
      }
    }
    reachable = next;
  }
  return reachable[path.length] === 1;
}

/** Compiles a glob to a predicate over a path (slashes normalised). Globs without `/` match the base name. */
export function compileGlob(glob: string): (path: string) => boolean {
  const normalized = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const alternatives = expandBraces(normalized).map(tokenize);
  const basenameOnly = !normalized.includes('/');
  return (rawPath: string) => {
    const path = rawPath.replace(/\\/g, '/').slice(-MAX_PATH);
    const candidates = basenameOnly ? [path.slice(path.lastIndexOf('/') + 1)] : suffixes(path);
    return candidates.some(candidate => alternatives.some(tokens => matchTokens(tokens, candidate)));
  };
}

/** The path and each of its suffixes that start at a segment, so `config/*.yaml` matches `/ws/config/a.yaml`. */
function suffixes(path: string): string[] {
  const out = [path.replace(/^\/+/, '')];
  for (let i = path.indexOf('/'); i !== -1 && out.length < 64; i = path.indexOf('/', i + 1)) {
    out.push(path.slice(i + 1));
  }
  return out;
}
