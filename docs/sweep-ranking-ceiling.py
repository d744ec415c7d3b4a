#!/usr/bin/env python3
"""How well can ANY sweep on 512 captured inputs rank the demo LeNet's 45 prunes as the service's own accuracy does?

The sensitivity issue asks for Spearman's rho >= 0.9 between a sweep's figures (on 512 of the app's inputs, no
labels) and the service's live accuracy (on all 2,000 held-out digits) over LeNet's 5 weights x amounts 0.1..0.9.
This script computes, with numpy only, the live accuracy of each l1_unstructured prune, then over 50 random draws
of 512 inputs the rho reached by label-free figures (top-1 agreement, cosine, KL divergence, ...) and by an oracle
that knows the labels of the 512 inputs (their accuracy): no label-free figure can beat that oracle on average.

Run from the repository root: python3 docs/sweep-ranking-ceiling.py   (about a minute)
"""
import gzip
import struct

import numpy as np

RESOURCES = 'demo-app/src/main/resources/io/jprune/demo/'
WEIGHTS = ['conv1.weight', 'conv2.weight', 'fc1.weight', 'fc2.weight', 'fc3.weight']


def lenet_weights():
    data = open(RESOURCES + 'lenet-mnist.weights', 'rb').read()
    offset = 8
    count = struct.unpack_from('<i', data, offset)[0]
    offset += 4
    tensors = {}
    for _ in range(count):
        length = struct.unpack_from('<i', data, offset)[0]
        offset += 4
        name = data[offset:offset + length].decode()
        offset += length
        rank = struct.unpack_from('<i', data, offset)[0]
        offset += 4
        dims = struct.unpack_from('<%di' % rank, data, offset)
        offset += 4 * rank
        numel = int(np.prod(dims))
        tensors[name] = np.frombuffer(data, '<f4', numel, offset).reshape(dims).copy()
        offset += 4 * numel
    return tensors


def idx(name):
    data = gzip.open(RESOURCES + 'mnist/' + name).read()
    if struct.unpack('>i', data[:4])[0] == 2049:
        return np.frombuffer(data, np.uint8, offset=8)
    n, h, w = struct.unpack('>3i', data[4:16])
    return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w)


def conv(x, w, b):
    k = w.shape[2]
    windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))
    return np.einsum('ncijkl,ockl->noij', windows, w) + b[None, :, None, None]


def pool(x):
    n, c, h, _ = x.shape
    half = h // 2
    return x[:, :, :2 * half, :2 * half].reshape(n, c, half, 2, half, 2).max((3, 5))


def forward(w, x):
    x = pool(np.maximum(conv(x[:, None], w['conv1.weight'], w['conv1.bias']), 0))
    x = pool(np.maximum(conv(x, w['conv2.weight'], w['conv2.bias']), 0)).reshape(len(x), -1)
    x = np.maximum(x @ w['fc1.weight'].T + w['fc1.bias'], 0)
    x = np.maximum(x @ w['fc2.weight'].T + w['fc2.bias'], 0)
    return x @ w['fc3.weight'].T + w['fc3.bias']


def l1_unstructured(w, amount):
    k = int(round(amount * w.size))
    mask = np.ones(w.size, np.float32)
    mask[np.argsort(np.abs(w).ravel(), kind='stable')[:k]] = 0
    return w * mask.reshape(w.shape)


def ranks(values):
    values = np.asarray(values)
    return np.array([(values < v).sum() + ((values == v).sum() + 1) / 2 for v in values])


def spearman(a, b):
    return np.corrcoef(ranks(a), ranks(b))[0, 1]


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def label_free_figures(pruned, unpruned):
    """Each figure per prune, higher meaning closer to the unpruned model."""
    answers = unpruned.argmax(1)
    p, q = softmax(unpruned), softmax(pruned)
    cosine = (pruned * unpruned).sum(2) / np.linalg.norm(pruned, axis=2) / np.linalg.norm(unpruned, axis=1)
    return {
        'top-1 agreement': (pruned.argmax(2) == answers).mean(1),
        'cosine similarity': cosine.mean(1),
        'minus KL divergence': -(p * (np.log(p + 1e-30) - np.log(q + 1e-30))).sum(2).mean(1),
        'minus total variation': -0.5 * np.abs(p - q).sum(2).mean(1),
    }


def main():
    images = ((idx('test-images-idx3-ubyte.gz') / 255.0 - 0.1307) / 0.3081).astype(np.float32)
    labels = idx('test-labels-idx1-ubyte.gz')
    weights = lenet_weights()
    unpruned = forward(weights, images)
    outputs = []
    for name in WEIGHTS:
        for amount in range(1, 10):
            pruned = dict(weights)
            pruned[name] = l1_unstructured(weights[name], amount / 10)
            outputs.append(forward(pruned, images))
    outputs = np.array(outputs)
    live = (outputs.argmax(2) == labels).mean(1)
    print('service accuracy unpruned %.4f; live accuracy of the 45 prunes:' % (unpruned.argmax(1) == labels).mean())
    print(np.round(live, 4).reshape(5, 9))
    rng = np.random.default_rng(0)
    rhos = {}
    for _ in range(50):
        sample = rng.choice(len(images), 512, replace=False)
        for figure, values in label_free_figures(outputs[:, sample], unpruned[sample]).items():
            rhos.setdefault(figure, []).append(spearman(values, live))
        oracle = (outputs[:, sample].argmax(2) == labels[sample]).mean(1)
        rhos.setdefault('ORACLE: accuracy on the 512 with their labels', []).append(spearman(oracle, live))
    print('Spearman rho with the live accuracy over 50 draws of 512 inputs (mean, min, max):')
    for figure, values in rhos.items():
        print('  %-48s %.3f %.3f %.3f' % (figure, np.mean(values), np.min(values), np.max(values)))


if __name__ == '__main__':
    main()
