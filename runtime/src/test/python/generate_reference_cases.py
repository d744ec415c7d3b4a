"""Generates runtime/src/test/resources/io/jprune/runtime/prune/reference-cases.txt.

The expected masks come from the numpy re-implementation of torch.nn.utils.prune in the project's spec
(pytorch-prune-refmodel.py), never from jprune itself. The Java test replays every step on the engine and
compares masks bit for bit; it does not need python.

Data is random float32 but tie-free at every cut: the reference model asserts there is no exact tie at a
top-k cut, and this script also rejects near-ties of channel norms (relative gap under 1e-9), where float64
summation order could flip a ranking. A case that hits a tie is drawn again.

Run from the repository root:
    python3 runtime/src/test/python/generate_reference_cases.py [path/to/pytorch-prune-refmodel.py]
"""
import os
import re
import struct
import sys
from importlib.machinery import SourceFileLoader

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DEFAULT_MODEL = os.path.normpath(os.path.join(REPO, "..", "shared", "spec", "pytorch-prune-refmodel.py"))
OUT = os.path.join(REPO, "runtime", "src", "test", "resources", "io", "jprune", "runtime", "prune",
                   "reference-cases.txt")

ref = SourceFileLoader("ref", sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL).load_module()

_vector_norm = ref.norm
_largest = ref.largest_k_idx


def norm(t, n, dim):
    """Adds torch.norm's 'fro' (2-norm while <= 2 dims are reduced) and 'nuc' (3-D only) to the model."""
    if n == "fro":
        assert t.ndim <= 3
        return _vector_norm(t, 2, dim)
    if n == "nuc":
        assert t.ndim == 3
        d = dim % 3
        moved = np.moveaxis(t.astype(np.float64), d, 0)
        return np.array([np.linalg.norm(m, "nuc") for m in moved])
    return _vector_norm(t, n, dim)


def largest_k_idx(v, k):
    order = np.argsort(-v, kind="stable")
    if 0 < k < len(v):
        a, b = v[order[k - 1]], v[order[k]]
        assert abs(a - b) > 1e-9 * max(abs(a), abs(b), 1e-30), "near-tie of norms at the cut"
    return _largest(v, k)


ref.norm = norm
ref.largest_k_idx = largest_k_idx


class Tie(Exception):
    pass


def hexes(a):
    return ",".join("%08x" % struct.unpack(">I", struct.pack(">f", float(x)))[0]
                    for x in np.asarray(a, dtype=np.float32).reshape(-1))


def bits(mask):
    return "".join("1" if x == 1 else "0" for x in np.asarray(mask).reshape(-1))


def torch_shapes(message):
    """numpy prints a shape as (3,); PyTorch as torch.Size([3])."""
    return re.sub(r"shape \(([^)]*)\)",
                  lambda m: "shape torch.Size([%s])" % ", ".join(x.strip() for x in m.group(1).split(",") if x.strip()),
                  message)


def amount_literal(amount):
    return repr(amount)


def n_literal(n):
    if isinstance(n, str):
        return n
    if n == np.inf:
        return "inf"
    if n == -np.inf:
        return "-inf"
    return repr(n)


def random_amount(rng, units):
    if rng.random() < 0.5:
        return int(rng.integers(0, max(units, 0) + 2))     # sometimes one too many: an expected error
    fractions = [0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 1.0, round(float(rng.random()), 3)]
    return fractions[int(rng.integers(0, len(fractions)))]


def random_scores(rng, shape):
    return rng.standard_normal(shape).astype(np.float32) * np.float32(rng.uniform(0.5, 3))


def one_case(rng, lines):
    ndim = int(rng.choice([1, 2, 2, 3, 3, 4]))
    shape = tuple(int(rng.integers(1, 7)) for _ in range(ndim))
    if int(np.prod(shape)) < 2:
        shape = shape[:-1] + (shape[-1] + 2,)
    orig = rng.standard_normal(shape).astype(np.float32)
    p = ref.Param(orig)
    out = ["case", "param w %s %s" % (",".join(map(str, shape)), hexes(orig))]
    for _ in range(int(rng.integers(1, 6))):
        kind = ["l1", "l1", "ln", "ln", "custom"][int(rng.integers(0, 5))]
        if kind == "ln" and ndim == 1 and p.mask is not None:
            kind = "l1"     # PyTorch's container turns a 1-D tensor 2-D here (sum over no dims); jprune refuses
        scores = random_scores(rng, shape) if rng.random() < 0.25 else None
        suffix = "" if scores is None else " scores " + hexes(scores)
        if kind == "l1":
            remaining = orig.size if p.mask is None else int((p.mask == 1).sum())
            amount = random_amount(rng, remaining)
            method = ref.L1U(amount)
            out.append("step w l1 %s%s" % (amount_literal(amount), suffix))
        elif kind == "ln":
            orders = [1, 2, np.inf, -np.inf, 3, 0.5, "fro", "nuc"]
            n = orders[int(rng.integers(0, len(orders)))]
            if n == "nuc" and ndim != 3 or n == "fro" and ndim > 3:
                n = 2
            dim = int(rng.integers(-ndim, ndim)) if ndim > 0 else 0
            amount = random_amount(rng, shape[dim])
            method = ref.LnS(amount, n, dim)
            out.append("step w ln %s %s %d%s" % (amount_literal(amount), n_literal(n), dim, suffix))
        else:
            mask = (rng.random(shape) < 0.8).astype(np.float32)
            method = ref.Custom(mask)
            scores = None
            out.append("step w custom " + bits(mask))
        try:
            ref.apply(p, method, scores)
        except AssertionError as e:
            raise Tie(str(e))
        except (ValueError, IndexError) as e:
            out.append("error " + torch_shapes(str(e)))
            continue
        out.append("expect w " + bits(p.mask))
    out.append("end")
    lines.extend(out)


def global_case(rng, lines):
    count = int(rng.integers(2, 4))
    names = ["p%d" % i for i in range(count)]
    shapes = [tuple(int(rng.integers(1, 6)) for _ in range(int(rng.integers(1, 4)))) for _ in names]
    params = [ref.Param(rng.standard_normal(s).astype(np.float32)) for s in shapes]
    out = ["case"]
    for name, shape, p in zip(names, shapes, params):
        out.append("param %s %s %s" % (name, ",".join(map(str, shape)), hexes(p.orig)))
    for _ in range(int(rng.integers(1, 5))):
        if rng.random() < 0.3:
            i = int(rng.integers(0, count))
            p = params[i]
            remaining = p.orig.size if p.mask is None else int((p.mask == 1).sum())
            amount = random_amount(rng, remaining)
            out.append("step %s l1 %s" % (names[i], amount_literal(amount)))
            try:
                ref.apply(p, ref.L1U(amount))
            except AssertionError as e:
                raise Tie(str(e))
            except ValueError as e:
                out.append("error " + str(e))
                continue
            out.append("expect %s %s" % (names[i], bits(p.mask)))
            continue
        remaining = sum(p.orig.size if p.mask is None else int((p.mask == 1).sum()) for p in params)
        amount = random_amount(rng, remaining)
        importance = None
        line = "step global l1 %s %s" % (amount_literal(amount), ",".join(names))
        if rng.random() < 0.3:
            importance = {i: random_scores(rng, p.orig.shape) for i, p in enumerate(params)}
            line += " scores " + ";".join(hexes(importance[i]) for i in range(count))
        out.append(line)
        before = [(p.mask, list(p.methods)) for p in params]
        try:
            ref.global_unstructured(params, ref.L1U(amount), importance)
        except AssertionError as e:
            raise Tie(str(e))
        except ValueError as e:
            for p, (mask, methods) in zip(params, before):
                p.mask, p.methods = mask, methods
            out.append("error " + str(e))
            continue
        for name, p in zip(names, params):
            out.append("expect %s %s" % (name, bits(p.mask)))
    out.append("end")
    lines.extend(out)


def main():
    rng = np.random.default_rng(20240611)
    lines = ["# Generated by runtime/src/test/python/generate_reference_cases.py from the spec's numpy model of",
             "# torch.nn.utils.prune (pytorch-prune-refmodel.py). Do not edit; run the script again instead."]
    made = {"single": 0, "global": 0}
    for kind, wanted, make in (("single", 160, one_case), ("global", 60, global_case)):
        while made[kind] < wanted:
            case = []
            try:
                make(rng, case)
            except Tie:
                continue
            lines.extend(case)
            made[kind] += 1
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d single-parameter and %d global cases to %s" % (made["single"], made["global"], OUT))


if __name__ == "__main__":
    main()
