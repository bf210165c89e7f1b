#!/usr/bin/env node
// Reference for govsm's X measurement (tests/text/test_twitter_differential.py).
// Reads a JSON array of strings on stdin; writes a JSON array with, for each string,
// {parse: twttr.parseTweet(text), entities: twttr.extractEntitiesWithIndices(text)}
// (twitter-text 3.1.0, default configuration = v3; indices in UTF-16 code units).
'use strict';

const twttr = require('twitter-text');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const texts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const out = texts.map((text) => ({
    parse: twttr.parseTweet(text),
    entities: twttr.extractEntitiesWithIndices(text),
  }));
  process.stdout.write(JSON.stringify(out));
});
