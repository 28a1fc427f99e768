import type { Rule } from '../types';
import { isFiller } from '../values';

/**
 * Raw wallet keys and seed phrases. 64 hex digits are also transaction hashes, block hashes and digests, so a key
 * counts only where the text around it speaks of a wallet, a private key or an account list (Hardhat `accounts`),
 * and not of a hash.
 */
const KEY_CONTEXT = /private[\s_-]?key|privkey|secret|wallet|signer|mnemonic|seed|accounts\s{0,3}[:=]|deployer|PRIVATE_KEY|keystore/i;
const HASH_CONTEXT = /\b(?:tx|txn|transaction|block|hash|digest|sha-?256|sha3|keccak|merkle|root|topic|commit|checksum|address)\b/i;

/** BIP-39 phrases: 12 to 24 lower-case words of 3 to 8 letters. */
const PHRASE = String.raw`(?<phrase>[a-z]{3,8}(?:[ ][a-z]{3,8}){11,23})`;

export const WALLET_RULES: readonly Rule[] = [
  {
    id: 'wallet-private-key',
    kind: 'secret',
    anchors: [],
    prefilter: /0x[0-9a-fA-F]{64}/g,
    pattern: /(?<![0-9A-Za-z])0x(?<value>[0-9a-fA-F]{64})(?![0-9A-Za-z])/g,
    valueGroups: ['value'],
    before: 160,
    after: 160,
    multiline: true,
    validate: (value, ctx) => {
      const before = ctx.window.slice(Math.max(0, ctx.match.index - 160), ctx.match.index);
      const after = ctx.window.slice(ctx.match.index + ctx.match[0].length, ctx.match.index + ctx.match[0].length + 160);
      return !isFiller(value) && KEY_CONTEXT.test(before + ' ' + after) && !HASH_CONTEXT.test(before.slice(-60));
    },
  },
  {
    id: 'seed-phrase',
    kind: 'secret',
    anchors: ['mnemonic', 'seed phrase', 'seed_phrase', 'seedphrase', 'seed-phrase', 'recovery phrase', 'recovery_phrase', 'secret phrase', 'secret_phrase'],
    caseInsensitive: true,
    pattern: new RegExp(String.raw`\b(?:mnemonic|seed(?:[ _-]?phrase)?|recovery[ _-]?phrase|secret[ _-]?phrase)\w{0,20}["']?\s{0,3}(?:[:=]|is|=>)\s{0,3}["'\`]?` + PHRASE + String.raw`["'\`]?(?![ ]?[a-z])`, 'gi'),
    valueGroups: ['phrase'],
    before: 40,
    after: 300,
    validate: value => {
      const words = value.split(' ');
      return [12, 15, 18, 21, 24].includes(words.length) && new Set(words).size >= words.length * 0.75 && !/\b(?:word|test|example|abandon abandon)\b/.test(value);
    },
  },
];
