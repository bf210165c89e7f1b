#!/usr/bin/env node
// Generates src/govsm/text/_twitter_data.py from the npm packages installed here
// (twitter-text@3.1.0 and its twemoji-parser@11.0.2). Development-time tool: run it after
// changing the reference versions, then `ruff format` the output and commit it.
//
//   node tests/text/reference/generate_twitter_data.js > src/govsm/text/_twitter_data.py
//
// It takes twitter-text's own regular expressions (the objects the library itself uses, not
// copies of its source) and translates them from JavaScript (non-Unicode mode, which works on
// UTF-16 code units) into Python `re` patterns meant to run over a string of UTF-16 code
// units (astral characters written as surrogate pairs). Every character set, literal and
// escape is expanded into an explicit set of code units by asking the JavaScript engine
// itself which of the 65 536 code units it matches (with the regex's own flags), so the
// differences between the two engines (case-insensitive matching, `\s`, `$`, `.`) vanish: the
// Python pattern is case-sensitive and has no flags.

'use strict';

const path = require('path');
const twttr = require('twitter-text');
const twemojiRegex = require('twemoji-parser/dist/lib/regex').default;

const R = twttr.regexen;
const pkg = (name) => require(path.join(name, 'package.json'));

// ---------------------------------------------------------------------------------------------
// parsing (the subset of JavaScript regex syntax these patterns use; anything else throws)

class Parser {
  constructor(source, flags, components) {
    this.s = source;
    this.i = 0;
    this.flags = flags.replace(/[gy]/g, '');
    this.components = components; // sentinel char -> component name
  }

  fail(msg) {
    throw new Error(`${msg} at ${this.i}: ${this.s.slice(Math.max(0, this.i - 30), this.i + 30)}`);
  }

  parseAlternation() {
    const alternatives = [this.parseSequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alternatives.push(this.parseSequence());
    }
    return { type: 'alt', alternatives };
  }

  parseSequence() {
    const items = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      items.push(this.parseQuantified());
    }
    return { type: 'seq', items };
  }

  parseQuantified() {
    const atom = this.parseAtom();
    const q = this.parseQuantifier();
    if (!q) return atom;
    if (atom.type === 'assert') this.fail('quantified assertion');
    return { type: 'quant', atom, ...q };
  }

  parseQuantifier() {
    const c = this.s[this.i];
    let min;
    let max;
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return null; // Annex B: a lone brace is a literal
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else return null;
    let lazy = false;
    if (this.s[this.i] === '?') { lazy = true; this.i++; }
    return { min, max, lazy };
  }

  parseAtom() {
    const c = this.s[this.i];
    if (c in this.components) {
      this.i++;
      return { type: 'component', name: this.components[c] };
    }
    if (c === '(') {
      this.i++;
      let kind = 'capture';
      if (this.s.startsWith('?:', this.i)) { kind = 'group'; this.i += 2; }
      else if (this.s.startsWith('?=', this.i)) { kind = 'ahead'; this.i += 2; }
      else if (this.s.startsWith('?!', this.i)) { kind = 'notahead'; this.i += 2; }
      else if (this.s[this.i] === '?') this.fail('unsupported group');
      const body = this.parseAlternation();
      if (this.s[this.i] !== ')') this.fail('unclosed group');
      this.i++;
      return { type: 'group', kind, body };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { type: 'assert', which: c };
    }
    if (c === '[') return this.parseClass();
    if (c === '\\') {
      const next = this.s[this.i + 1];
      if (next === 'b' || next === 'B') {
        this.i += 2;
        return { type: 'assert', which: '\\' + next };
      }
      if (/[1-9]/.test(next)) this.fail('backreference');
      return this.setAtom(this.readEscape());
    }
    if (c === '.') {
      this.i++;
      return this.setAtom('.');
    }
    if (c === ')' || c === '*' || c === '+' || c === '?') this.fail('unexpected');
    this.i++;
    return this.setAtom(c);
  }

  readEscape() {
    // returns the JavaScript source of one escape (one character or a class escape)
    const start = this.i;
    this.i++; // backslash
    const c = this.s[this.i];
    if (c === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 1, this.i + 5))) this.fail('bad \\u');
      this.i += 5;
    } else if (c === 'x') {
      if (!/^[0-9a-fA-F]{2}$/.test(this.s.slice(this.i + 1, this.i + 3))) this.fail('bad \\x');
      this.i += 3;
    } else if (c === 'c' || c === 'k' || c === 'p' || c === 'P') {
      this.fail('unsupported escape');
    } else {
      this.i += 1;
    }
    return this.s.slice(start, this.i);
  }

  parseClass() {
    const start = this.i;
    this.i++;
    if (this.s[this.i] === '^') this.i++;
    if (this.s[this.i] === ']') this.fail('empty class');
    while (this.s[this.i] !== ']') {
      if (this.i >= this.s.length) this.fail('unclosed class');
      if (this.s[this.i] === '\\') this.readEscape();
      else this.i++;
    }
    this.i++;
    return this.setAtom(this.s.slice(start, this.i));
  }

  setAtom(source) {
    return { type: 'set', units: unitsMatching(source, this.flags) };
  }
}

// which of the 65 536 code units the JavaScript engine matches with `source` (one character
// long) under `flags`: the ground truth, whatever the case-folding or class-escape rules are
const unitCache = new Map();
function unitsMatching(source, flags) {
  const key = flags + '\u0000' + source;
  if (unitCache.has(key)) return unitCache.get(key);
  let units;
  if (!flags.includes('i') && source.length === 1 && source !== '.') {
    units = [source.charCodeAt(0)];
  } else {
    const re = new RegExp('^(?:' + source + ')$', flags);
    units = [];
    for (let u = 0; u < 0x10000; u++) {
      if (re.test(String.fromCharCode(u))) units.push(u);
    }
  }
  if (units.length === 0) throw new Error(`${source} matches nothing`);
  unitCache.set(key, units);
  return units;
}

// ---------------------------------------------------------------------------------------------
// emitting Python `re` syntax

const hex = (u, width) => u.toString(16).padStart(width, '0');

function pyUnit(u, inClass) {
  const ch = String.fromCharCode(u);
  if (/[A-Za-z0-9]/.test(ch)) return ch;
  if (!inClass && /[ _,'<>=:;@%&~`!#]/.test(ch)) return ch;
  if (u < 0x80) return '\\x' + hex(u, 2);
  return '\\u' + hex(u, 4);
}

function pySet(units) {
  if (units.length === 1) return pyUnit(units[0], false);
  const ranges = [];
  let lo = units[0];
  let hi = units[0];
  for (let k = 1; k < units.length; k++) {
    if (units[k] === hi + 1) hi = units[k];
    else { ranges.push([lo, hi]); lo = hi = units[k]; }
  }
  ranges.push([lo, hi]);
  return '[' + ranges.map(([a, b]) => {
    if (a === b) return pyUnit(a, true);
    if (b === a + 1) return pyUnit(a, true) + pyUnit(b, true);
    return pyUnit(a, true) + '-' + pyUnit(b, true);
  }).join('') + ']';
}

function emit(node) {
  switch (node.type) {
    case 'alt': return node.alternatives.map(emit).join('|');
    case 'seq': return node.items.map(emit).join('');
    case 'set': return pySet(node.units);
    case 'component': return '(?:{' + node.name + '})';
    case 'assert':
      // JavaScript without the m flag: ^ is the start of the input, $ its very end
      // (Python's $ would also match before a final newline)
      return { '^': '^', '$': '\\Z', '\\b': '\\b', '\\B': '\\B' }[node.which];
    case 'group': {
      const open = { capture: '(', group: '(?:', ahead: '(?=', notahead: '(?!' }[node.kind];
      return open + emit(node.body) + ')';
    }
    case 'quant': {
      let inner = emit(node.atom);
      if (node.atom.type === 'quant' || node.atom.type === 'seq') inner = '(?:' + inner + ')';
      let q;
      if (node.min === 0 && node.max === Infinity) q = '*';
      else if (node.min === 1 && node.max === Infinity) q = '+';
      else if (node.min === 0 && node.max === 1) q = '?';
      else if (node.max === Infinity) q = `{${node.min},}`;
      else if (node.min === node.max) q = `{${node.min}}`;
      else q = `{${node.min},${node.max}}`;
      return inner + q + (node.lazy ? '?' : '');
    }
    default: throw new Error(node.type);
  }
}

// Factor an alternation whose branches begin with pairwise identical or disjoint character sets
// into a trie: (?:com|co|cat|es) becomes (?:c(?:om|o|at)|es). Where first sets are disjoint at
// most one branch group can match at a position, and the order of branches within a group is
// kept, so the matches are the same; Python's engine, which tries branches one by one, then does
// not walk the 1 500 top-level domains at every dot. Branches with capturing groups are left as
// they are (moving them would renumber the groups).
function factor(node) {
  switch (node.type) {
    case 'group': return { ...node, body: factor(node.body) };
    case 'seq': return { ...node, items: node.items.map(factor) };
    case 'quant': return { ...node, atom: factor(node.atom) };
    case 'alt': break;
    default: return node;
  }
  const alternatives = node.alternatives.map(factor);
  const unchanged = { type: 'alt', alternatives };
  if (alternatives.length < 2 || countCaptures(unchanged) > 0) return unchanged;
  if (!alternatives.every((a) => a.type === 'seq' && a.items.length > 0 && a.items[0].type === 'set')) {
    return unchanged;
  }
  const groups = new Map();
  const owner = new Map();
  for (const a of alternatives) {
    const set = a.items[0];
    const key = set.units.join(',');
    for (const u of set.units) {
      if (owner.has(u) && owner.get(u) !== key) return unchanged; // overlapping first sets
      owner.set(u, key);
    }
    if (!groups.has(key)) groups.set(key, { set, rests: [] });
    groups.get(key).rests.push({ type: 'seq', items: a.items.slice(1) });
  }
  if (groups.size === alternatives.length) return unchanged;
  return {
    type: 'alt',
    alternatives: [...groups.values()].map(({ set, rests }) => (rests.length === 1
      ? { type: 'seq', items: [set, ...rests[0].items] }
      : {
        type: 'seq',
        items: [set, { type: 'group', kind: 'group', body: factor({ type: 'alt', alternatives: rests }) }],
      })),
  };
}

function countCaptures(node) {
  switch (node.type) {
    case 'alt': return node.alternatives.reduce((n, a) => n + countCaptures(a), 0);
    case 'seq': return node.items.reduce((n, a) => n + countCaptures(a), 0);
    case 'group': return (node.kind === 'capture' ? 1 : 0) + countCaptures(node.body);
    case 'quant': return countCaptures(node.atom);
    default: return 0;
  }
}

// the code units a match can begin with (a superset: lookaheads are not narrowed), and whether
// the node can match the empty string
function first(node) {
  switch (node.type) {
    case 'alt': {
      const units = new Set();
      let nullable = false;
      for (const a of node.alternatives) {
        const f = first(a);
        f.units.forEach((u) => units.add(u));
        nullable = nullable || f.nullable;
      }
      return { units, nullable };
    }
    case 'seq': {
      const units = new Set();
      for (const item of node.items) {
        const f = first(item);
        f.units.forEach((u) => units.add(u));
        if (!f.nullable) return { units, nullable: false };
      }
      return { units, nullable: true };
    }
    case 'set': return { units: new Set(node.units), nullable: false };
    case 'assert': return { units: new Set(), nullable: true };
    case 'group':
      if (node.kind === 'ahead' || node.kind === 'notahead') return { units: new Set(), nullable: true };
      return first(node.body);
    case 'quant': {
      const f = first(node.atom);
      return { units: f.units, nullable: f.nullable || node.min === 0 };
    }
    default: throw new Error(`no first set for ${node.type}`);
  }
}

function firstSet(regex) {
  const parser = new Parser(regex.source, regex.flags, {});
  const f = first(parser.parseAlternation());
  if (f.nullable) throw new Error('a pattern that can match the empty string has no first set');
  return pySet([...f.units].sort((a, b) => a - b));
}

// translate `regex`, standing for each component's source with a `{name}` placeholder
function translate(regex, components = {}) {
  let source = regex.source;
  const sentinels = {};
  let k = 0;
  // longest first, so that a component containing another is replaced whole
  for (const [name, comp] of Object.entries(components).sort((a, b) => b[1].source.length - a[1].source.length)) {
    const sentinel = String.fromCharCode(0xe000 + k++);
    if (!source.includes(comp.source)) throw new Error(`${name} not in ${regex}`);
    source = source.split(comp.source).join(sentinel);
    sentinels[sentinel] = name;
  }
  const parser = new Parser(source, regex.flags, sentinels);
  const tree = parser.parseAlternation();
  if (parser.i !== source.length) parser.fail('trailing input');
  return { pattern: emit(factor(tree)), captures: countCaptures(tree) };
}

function translateComponent(name, regex, flags) {
  const { pattern, captures } = translate(new RegExp(regex.source, flags));
  if (captures) throw new Error(`component ${name} has capturing groups`);
  return pattern;
}

// ---------------------------------------------------------------------------------------------

const URL_COMPONENTS = { GTLD: R.validGTLD, CCTLD: R.validCCTLD };
const HASHTAG_COMPONENTS = {
  HASHTAG_ALPHANUMERIC: R.hashtagAlphaNumeric,
  HASHTAG_ALPHA: R.hashtagAlpha,
};

const entries = [
  ['GTLD', 'generic top-level domains (twitter-text `validGTLD`)',
    translateComponent('GTLD', R.validGTLD, 'i')],
  ['CCTLD', 'country-code top-level domains (twitter-text `validCCTLD`)',
    translateComponent('CCTLD', R.validCCTLD, 'i')],
  ['HASHTAG_ALPHA', 'letters and marks a hashtag needs one of (`hashtagAlpha`)',
    translateComponent('HASHTAG_ALPHA', R.hashtagAlpha, 'i')],
  ['HASHTAG_ALPHANUMERIC', 'what else a hashtag may contain (`hashtagAlphaNumeric`)',
    translateComponent('HASHTAG_ALPHANUMERIC', R.hashtagAlphaNumeric, 'i')],
  ['EXTRACT_URL', 'a URL with what precedes it (`extractUrl`; groups: 2 before, 3 url, '
    + '4 protocol, 5 domain, 6 port, 7 path, 8 query); {GTLD} and {CCTLD} stand for those',
    translate(R.extractUrl, URL_COMPONENTS).pattern],
  ['VALID_ASCII_DOMAIN', 'an ASCII domain, for URLs without a protocol (`validAsciiDomain`)',
    translate(R.validAsciiDomain, URL_COMPONENTS).pattern],
  ['VALID_TCO_URL', 'a t.co link, anchored (`validTcoUrl`; group 1: the slug)',
    translate(R.validTcoUrl).pattern],
  ['VALID_MENTION_OR_LIST', 'a mention or list (`validMentionOrList`; groups: 1 before, '
    + '2 at sign, 3 screen name, 4 list slug)', translate(R.validMentionOrList).pattern],
  ['END_MENTION_MATCH', 'what may not follow a mention, anchored (`endMentionMatch`)',
    translate(R.endMentionMatch).pattern],
  ['VALID_HASHTAG', 'a hashtag (`validHashtag`; groups: 1 before, 2 hash sign, 3 text); '
    + '{HASHTAG_ALPHA} and {HASHTAG_ALPHANUMERIC} stand for those',
    translate(R.validHashtag, HASHTAG_COMPONENTS).pattern],
  ['END_HASHTAG_MATCH', 'what may not follow a hashtag, anchored (`endHashtagMatch`)',
    translate(R.endHashtagMatch).pattern],
  ['VALID_CASHTAG', 'a cashtag (`validCashtag`; groups: 1 before, 2 dollar sign, 3 symbol)',
    translate(R.validCashtag).pattern],
  ['SPACES', 'twitter-text\'s spaces (`spaces`): no URL contains one',
    translate(R.spaces).pattern],
  ['TWEMOJI_11', 'an emoji as twemoji-parser 11 recognises it (its `lib/regex`)',
    translate(twemojiRegex).pattern],
  ['TWEMOJI_11_FIRST', 'the code units a TWEMOJI_11 match can begin with (to find candidates fast)',
    firstSet(twemojiRegex)],
];

// split long patterns into chunks for the line-length limit, never inside an escape
function chunks(pattern, width) {
  const tokens = pattern.match(/\\u[0-9a-f]{4}|\\x[0-9a-f]{2}|\\[\s\S]|[\s\S]/g);
  const out = [''];
  for (const t of tokens) {
    if (out[out.length - 1].length + t.length > width) out.push('');
    out[out.length - 1] += t;
  }
  return out;
}

function wrap(text, width) {
  const out = [''];
  for (const word of text.split(' ')) {
    const last = out[out.length - 1];
    if (last && last.length + 1 + word.length > width) out.push(word);
    else out[out.length - 1] = last ? last + ' ' + word : word;
  }
  return out;
}

const tt = pkg('twitter-text');
const te = pkg('twemoji-parser');
const lines = [];
lines.push('"""Regular expressions of twitter-text and twemoji-parser, translated for Python (generated).');
lines.push('');
lines.push('Generated by ``tests/text/reference/generate_twitter_data.js`` from the npm packages');
lines.push(`twitter-text ${tt.version} and twemoji-parser ${te.version}; do not edit by hand. The`);
lines.push('patterns are those objects of the libraries themselves, translated from JavaScript');
lines.push('(non-Unicode mode) into Python ``re`` syntax to run over a string of UTF-16 code units');
lines.push('(astral characters as surrogate pairs), with every character set written out as the code');
lines.push('units JavaScript matches, so case-insensitivity is already expanded and no flag is needed.');
lines.push('Names in braces stand for the other patterns of the same name (see ``govsm.text.twitter``).');
lines.push('');
lines.push('twitter-text: Copyright 2018 Twitter, Inc., licensed under the Apache License, Version 2.0');
lines.push('(https://www.apache.org/licenses/LICENSE-2.0); https://github.com/twitter/twitter-text.');
lines.push('twemoji-parser: Copyright (c) 2018 Twitter, Inc., licensed under the MIT License');
lines.push('(https://github.com/twitter/twemoji-parser/blob/master/LICENSE.md).');
lines.push('"""');
lines.push('');
lines.push('from typing import Final');
lines.push('');
lines.push(`TWITTER_TEXT_VERSION: Final = "${tt.version}"`);
lines.push(`TWEMOJI_PARSER_VERSION: Final = "${te.version}"`);
for (const [name, doc, pattern] of entries) {
  lines.push('');
  for (const line of wrap(doc, 96)) lines.push(`#: ${line}`);
  const parts = chunks(pattern, 88);
  if (parts.length === 1 && name.length + parts[0].length < 88) {
    lines.push(`${name}: Final = r"${parts[0]}"`);
  } else {
    lines.push(`${name}: Final = (`);
    for (const c of parts) lines.push(`    r"${c}"`);
    lines.push(')');
  }
}
process.stdout.write(lines.join('\n') + '\n');
