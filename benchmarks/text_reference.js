#!/usr/bin/env node
// Timing anchor for benchmarks/text_vs_reference.py: the reference implementations measuring the
// same posts in-process. Reads {"texts": [...], "rounds": N} on stdin; prints posts per second
// (in the fastest of the N rounds) for twitter-text parseTweet + extractEntitiesWithIndices, and
// @atproto/api RichText (graphemeLength, length, detectFacetsWithoutResolution).
'use strict';
const path = require('path');
const { createRequire } = require('module');
// resolve the packages as tests/text/reference would (its node_modules, its package.json)
const requireThere = createRequire(path.join(__dirname, '..', 'tests', 'text', 'reference', 'package.json'));
const twttr = requireThere('twitter-text');
const { RichText } = requireThere('@atproto/api');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const { texts, rounds } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  // posts per second in the fastest round, after a warm-up (as text_vs_reference.py times govsm)
  const rate = (fn) => {
    for (const t of texts) fn(t); // warm-up
    let fastest = Infinity;
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      for (const t of texts) fn(t);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return texts.length / fastest;
  };
  const x = rate((t) => { twttr.parseTweet(t); twttr.extractEntitiesWithIndices(t); });
  const bsky = rate((t) => { const rt = new RichText({ text: t }); rt.detectFacetsWithoutResolution(); return [rt.graphemeLength, rt.length]; });
  process.stdout.write(JSON.stringify({ x, bluesky: bsky }));
});
