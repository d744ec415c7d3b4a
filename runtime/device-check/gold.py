#!/usr/bin/env python3
"""The Python half of the gold standard (see src/io/jprune/devicecheck/GoldMasks.java).

Reads the tensors and pruning steps GoldMasks wrote, runs the same steps with torch.nn.utils.prune on
the CPU, and compares the resulting weight_mask of every parameter with jprune's masks, exactly.
Usage: gold.py FOLDER [--engine torch | --engine refmodel:PATH/pytorch-prune-refmodel.py]
(refmodel runs the numpy re-implementation of the spec instead, for machines without torch).
Exit status 0 only if every mask matches.
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np


def torch_masks(case, tensors):
    import torch
    from torch.nn.utils import prune

    holders = []
    for t in tensors:
        holder = torch.nn.Module()
        holder.weight = torch.nn.Parameter(torch.from_numpy(t.copy()))
        holders.append(holder)
    for step in case["steps"]:
        kind = step["kind"]
        if kind == "l1_unstructured":
            prune.l1_unstructured(holders[0], "weight", amount=step["amount"])
        elif kind == "ln_structured":
            prune.ln_structured(holders[0], "weight", amount=step["amount"], n=float(step["n"]), dim=step["dim"])
        elif kind == "global_unstructured":
            prune.global_unstructured([(h, "weight") for h in holders], pruning_method=prune.L1Unstructured,
                                      amount=step["amount"])
        else:
            raise ValueError("unknown step " + kind)
    return [h.weight_mask.detach().cpu().numpy() for h in holders]


def refmodel_masks(ref, case, tensors):
    params = [ref.Param(t) for t in tensors]
    for step in case["steps"]:
        kind = step["kind"]
        if kind == "l1_unstructured":
            ref.apply(params[0], ref.L1U(step["amount"]))
        elif kind == "ln_structured":
            ref.apply(params[0], ref.LnS(step["amount"], float(step["n"]), step["dim"]))
        elif kind == "global_unstructured":
            ref.global_unstructured(params, ref.L1U(step["amount"]))
        else:
            raise ValueError("unknown step " + kind)
    return [p.mask for p in params]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--engine", default="torch")
    args = parser.parse_args()

    if args.engine == "torch":
        import torch
        engine = "torch " + torch.__version__
        masks_of = torch_masks
    elif args.engine.startswith("refmodel:"):
        path = args.engine[len("refmodel:"):]
        spec = importlib.util.spec_from_file_location("refmodel", path)
        ref = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ref)
        engine = "numpy refmodel " + path
        masks_of = lambda case, tensors: refmodel_masks(ref, case, tensors)
    else:
        sys.exit("unknown engine " + args.engine)

    with open(os.path.join(args.folder, "manifest.jsonl")) as f:
        cases = [json.loads(line) for line in f if line.strip()]
    comparisons = 0
    mismatches = 0
    for case in cases:
        tensors = [np.fromfile(os.path.join(args.folder, p["tensor"]), dtype="<f4").reshape(p["shape"])
                   for p in case["params"]]
        expected = [np.asarray(m).reshape(-1) != 0 for m in masks_of(case, tensors)]
        for backend, files in sorted(case["masks"].items()):
            problems = []
            for i, name in enumerate(files):
                actual = np.fromfile(os.path.join(args.folder, name), dtype=np.uint8) != 0
                if actual.shape != expected[i].shape:
                    problems.append("param %d: %d mask entries, expected %d" % (i, actual.size, expected[i].size))
                    continue
                differ = np.flatnonzero(actual != expected[i])
                if differ.size:
                    problems.append("param %d: %d of %d entries differ, first at flat index %d (jprune keeps %s)"
                                    % (i, differ.size, actual.size, differ[0], bool(actual[differ[0]])))
            comparisons += 1
            if problems:
                mismatches += 1
                print("MISMATCH %s [%s]: %s" % (case["case"], backend, "; ".join(problems)))
            else:
                kept = sum(int(e.sum()) for e in expected)
                total = sum(e.size for e in expected)
                print("ok       %s [%s]: %d of %d kept" % (case["case"], backend, kept, total))
    print("gold: %d cases, %d comparisons, %d mismatches, reference %s" % (len(cases), comparisons, mismatches, engine))
    sys.exit(0 if comparisons and not mismatches else 1)


if __name__ == "__main__":
    main()
