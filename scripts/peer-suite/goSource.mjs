// Reads the true- and false-positive examples out of a gitleaks rule file (Go source) without running Go: a small
// tokenizer and an evaluator for the handful of expression forms those files use (string literals, `+`,
// composite literals, append, fmt.Sprintf, the utils pattern helpers, secrets.NewSecret, base64 encoders).
// Anything else is reported as unevaluated, never guessed.

/** A string value; `generated` when any part came from a regex generator (so it is validated before use). */
export class GoStr {
  constructor(s, generated = false, syntax = undefined) {
    this.s = s;
    this.generated = generated;
    /** The sample syntax it was placed in, when it came from the sample generator. */
    this.syntax = syntax;
  }
}

const PUNCT = ['...', ':=', '==', '!=', '&&', '||', '+=', '<-', '(', ')', '[', ']', '{', '}', ',', ';', '.', '+', ':', '=', '*', '&', '!', '<', '>', '-', '/', '%', '|', '?'];

function unquoteGo(body) {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_, e) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default: return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

/** Go tokens: {t: 'str'|'num'|'id'|'p'|'nl', v}. Comments dropped; newlines kept (they end statements). */
export function tokenizeGo(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { out.push({ t: 'nl', v: '\n' }); i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '`') { const e = src.indexOf('`', i + 1); out.push({ t: 'str', v: src.slice(i + 1, e) }); i = e + 1; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out.push({ t: c === '"' ? 'str' : 'num', v: unquoteGo(src.slice(i + 1, j)) });
      i = j + 1;
      continue;
    }
    const num = /^[0-9][0-9a-fA-FxX_.]*/.exec(src.slice(i, i + 40));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const p = PUNCT.find(x => src.startsWith(x, i));
    out.push({ t: 'p', v: p ?? c });
    i += p ? p.length : 1;
  }
  return out;
}

/** Top-level functions: name and body tokens. */
export function goFunctions(tokens) {
  const fns = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].t === 'id' && tokens[i].v === 'func' && tokens[i + 1]?.t === 'id') {
      let j = i + 2;
      while (j < tokens.length && !(tokens[j].t === 'p' && tokens[j].v === '{')) j++;
      const end = matchClose(tokens, j);
      fns.push({ name: tokens[i + 1].v, body: tokens.slice(j + 1, end) });
      i = end;
    }
  }
  return fns;
}

/**
 * Package-level `var x = …` and `var ( … )` statements (examples shared by several rules of one file); with
 * `consts`, `const` declarations too (the gitleaks suite was built without them).
 */
export function goPackageVars(tokens, { consts = false } = {}) {
  const isDecl = t => t.t === 'id' && (t.v === 'var' || (consts && t.v === 'const'));
  const stmts = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.t === 'id' && t.v === 'func') {
      let j = i + 1;
      while (j < tokens.length && !(tokens[j].t === 'p' && tokens[j].v === '{')) j++;
      i = matchClose(tokens, j);
    } else if (isDecl(t) && tokens[i + 1]?.v === '(') {
      const end = matchClose(tokens, i + 1);
      stmts.push(...goStatements(tokens.slice(i + 2, end)));
      i = end;
    } else if (isDecl(t)) {
      let j = i;
      let depth = 0;
      for (; j < tokens.length; j++) {
        const v = tokens[j].t === 'p' ? tokens[j].v : '';
        if (OPEN[v]) depth++;
        if (v === ')' || v === ']' || v === '}') depth--;
        if (depth === 0 && tokens[j].t === 'nl') break;
      }
      stmts.push(...goStatements(tokens.slice(i, j)));
      i = j;
    }
  }
  return stmts;
}

const OPEN = { '(': ')', '[': ']', '{': '}' };
function matchClose(tokens, at) {
  let depth = 0;
  for (let k = at; k < tokens.length; k++) {
    const v = tokens[k].t === 'p' ? tokens[k].v : '';
    if (OPEN[v]) depth++;
    else if (v === ')' || v === ']' || v === '}') { depth--; if (depth === 0) return k; }
  }
  return tokens.length;
}

/** Splits a body into statements at newlines / semicolons outside brackets. */
export function goStatements(body) {
  const stmts = [];
  let cur = [];
  let depth = 0;
  for (const tok of body) {
    if (tok.t === 'p' && OPEN[tok.v]) depth++;
    if (tok.t === 'p' && (tok.v === ')' || tok.v === ']' || tok.v === '}')) depth--;
    if (depth === 0 && (tok.t === 'nl' || (tok.t === 'p' && tok.v === ';'))) {
      if (cur.length) stmts.push(cur);
      cur = [];
      continue;
    }
    if (tok.t !== 'nl' || depth > 0) cur.push(tok);
  }
  if (cur.length) stmts.push(cur);
  return stmts;
}

class Unsupported extends Error {}

/** Index of the `,` or closing bracket that ends the composite element starting at `from`. */
function elementEnd(tokens, from) {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const v = tokens[k].t === 'p' ? tokens[k].v : '';
    if (OPEN[v]) depth++;
    else if (v === ')' || v === ']' || v === '}') { if (depth === 0) return k; depth--; }
    else if (v === ',' && depth === 0) return k;
  }
  return tokens.length;
}

/** Evaluates expressions over Go tokens. `helpers.newSecret(goRegex)` supplies generated strings. */
export class GoEvaluator {
  constructor(helpers, vars = new Map()) {
    this.helpers = helpers;
    this.vars = vars;
    /** Elements of composite literals that could not be evaluated (left out, reported). */
    this.skippedElements = [];
  }

  /** Runs assignment statements; returns the names it could not evaluate. */
  run(stmts) {
    const failed = [];
    for (const st of stmts) {
      if ((st[0]?.v === 'var' || st[0]?.v === 'const') && st[1]?.v === '(') {
        failed.push(...this.run(goStatements(st.slice(2, -1))));
        continue;
      }
      let k = 0;
      if (st[0]?.v === 'var' || st[0]?.v === 'const') k = 1;
      const name = st[k]?.t === 'id' ? st[k].v : undefined;
      let opAt = k + 1;
      if (k === 1 && st[opAt]?.t !== 'p') opAt++; // var x T = …
      const op = st[opAt]?.v;
      if (!name || (op !== ':=' && op !== '=')) continue;
      try {
        this.vars.set(name, this.expr(st, opAt + 1).value);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        this.vars.delete(name);
        failed.push(name);
      }
    }
    return failed;
  }

  expr(tokens, start) {
    this.toks = tokens;
    this.pos = start;
    const value = this.sum();
    return { value, end: this.pos };
  }

  peek(v) { const t = this.toks[this.pos]; return t && t.t === 'p' && t.v === v; }
  eat(v) { if (!this.peek(v)) throw new Unsupported(`expected ${v}`); this.pos++; }
  skipNl() { while (this.toks[this.pos]?.t === 'nl') this.pos++; }

  sum() {
    let left = this.postfix();
    while (this.peek('+')) {
      this.pos++;
      this.skipNl();
      const right = this.postfix();
      if (!(left instanceof GoStr) || !(right instanceof GoStr)) throw new Unsupported('+ on non-strings');
      left = new GoStr(left.s + right.s, left.generated || right.generated);
    }
    return left;
  }

  postfix() {
    const t = this.toks[this.pos];
    if (!t) throw new Unsupported('end');
    if (t.t === 'str') { this.pos++; return new GoStr(t.v); }
    if (t.t === 'num') { this.pos++; return Number(t.v); }
    if (t.t === 'p' && t.v === '(') { this.pos++; const v = this.sum(); this.eat(')'); return v; }
    if (t.t === 'p' && (t.v === '[' || t.v === '*')) return this.composite();
    if (t.t === 'id' && t.v === 'map') return this.composite();
    if (t.t !== 'id') throw new Unsupported(`token ${t.v}`);
    let name = t.v;
    this.pos++;
    while (this.peek('.') && this.toks[this.pos + 1]?.t === 'id') { name += '.' + this.toks[this.pos + 1].v; this.pos += 2; }
    if (this.peek('(')) return this.call(name);
    if (this.vars.has(name)) return this.vars.get(name);
    if (name === 'nil') return [];
    throw new Unsupported(`unknown name ${name}`);
  }

  composite() {
    let type = '';
    while (!this.peek('{') && !this.peek('(')) type += this.toks[this.pos++].v;
    if (this.peek('(')) { // conversion such as []byte(x)
      this.eat('(');
      const v = this.sum();
      this.eat(')');
      return v;
    }
    this.eat('{');
    const isMap = type.startsWith('map');
    const items = [];
    for (;;) {
      this.skipNl();
      if (this.peek('}')) break;
      const from = this.pos;
      try {
        const first = this.sum();
        this.skipNl();
        if (isMap) { this.eat(':'); this.skipNl(); items.push([first, this.sum()]); } else items.push(first);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        this.skippedElements.push(e.message);
        this.pos = elementEnd(this.toks, from);
      }
      this.skipNl();
      if (this.peek(',')) this.pos++;
    }
    this.eat('}');
    return isMap ? { map: items } : items;
  }

  args() {
    this.eat('(');
    const list = [];
    let spread = false;
    for (;;) {
      this.skipNl();
      if (this.peek(')')) break;
      list.push(this.sum());
      if (this.peek('...')) { this.pos++; spread = true; }
      this.skipNl();
      if (this.peek(',')) this.pos++;
    }
    this.eat(')');
    return { list, spread };
  }

  call(name) {
    const { list } = this.args();
    const str = i => { if (!(list[i] instanceof GoStr)) throw new Unsupported(`${name} arg ${i}`); return list[i]; };
    const short = name.split('.').pop();
    const pattern = p => new GoStr(p);
    const size = () => str(0).s;
    switch (short) {
      case 'append': {
        const [base, ...rest] = list;
        if (!Array.isArray(base)) throw new Unsupported('append base');
        return [...base, ...rest.flatMap(r => (Array.isArray(r) ? r : [r]))];
      }
      case 'NewSecret': return new GoStr(this.helpers.newSecret(str(0).s), true);
      case 'newPlausibleSecret': { // gitleaks retries until the secret holds a digit 1-9
        let v;
        do v = this.helpers.newSecret(str(0).s); while (!/[1-9]/.test(v));
        return new GoStr(v, true);
      }
      case 'Numeric': return pattern(`[0-9]{${size()}}`);
      case 'Hex': return pattern(`[a-f0-9]{${size()}}`);
      case 'AlphaNumeric': return pattern(`[a-z0-9]{${size()}}`);
      case 'AlphaNumericExtendedShort': return pattern(`[a-z0-9_-]{${size()}}`);
      case 'AlphaNumericExtended': return pattern(`[a-z0-9=_\\-]{${size()}}`);
      case 'AlphaNumericExtendedLong': return pattern(`[a-z0-9\\/=_\\+\\-]{${size()}}`);
      case 'Hex8_4_4_4_12': return pattern('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}');
      case 'GenerateSampleSecrets': return this.helpers.sampleSecrets(str(0), str(1));
      case 'GenerateSampleSecret': return this.helpers.sampleSecret(str(0), str(1));
      case 'Sprintf': {
        let k = 1;
        let generated = str(0).generated;
        const s = str(0).s.replace(/%([sdvq%])/g, (_, f) => {
          if (f === '%') return '%';
          const a = list[k++];
          if (a instanceof GoStr) { generated ||= a.generated; return f === 'q' ? JSON.stringify(a.s) : a.s; }
          if (typeof a === 'number') return String(a);
          throw new Unsupported('Sprintf arg');
        });
        return new GoStr(s, generated);
      }
      case 'Repeat': return new GoStr(str(0).s.repeat(Number(list[1])), str(0).generated);
      case 'ToUpper': return new GoStr(str(0).s.toUpperCase(), str(0).generated);
      case 'ToLower': return new GoStr(str(0).s.toLowerCase(), str(0).generated);
      case 'EncodeToString': {
        const variant = name.split('.').slice(-2, -1)[0];
        const b = Buffer.from(str(0).s, 'latin1');
        const url = variant.includes('URL');
        let enc = b.toString(url ? 'base64url' : 'base64');
        if (url && !variant.startsWith('Raw')) enc += '='.repeat((4 - (enc.length % 4)) % 4);
        if (!url && variant.startsWith('Raw')) enc = enc.replace(/=+$/, '');
        return new GoStr(enc, str(0).generated);
      }
      case 'string': return list[0];
      default: throw new Unsupported(`call ${name}`);
    }
  }
}

/** Values of a string/array/map as a flat list of {text, path?, generated}. */
export function flattenExamples(value) {
  if (value instanceof GoStr) return [{ text: value.s, generated: value.generated, ...(value.syntax ? { syntax: value.syntax } : {}) }];
  if (Array.isArray(value)) return value.flatMap(flattenExamples);
  if (value && Array.isArray(value.map)) {
    return value.map.map(([k, v]) => ({ text: v.s, path: k.s, generated: v.generated || k.generated }));
  }
  return [];
}
