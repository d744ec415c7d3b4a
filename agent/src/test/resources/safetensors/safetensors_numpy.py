"""An independent safetensors writer and reader, from the format's specification, with numpy only.

    python3 safetensors_numpy.py write DIR   writes the fixtures jprune's tests read (committed in this folder)
    python3 safetensors_numpy.py read FILE   prints every tensor of FILE: name, dtype, shape, float32 bits

The layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
{"name": {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}, padded with
spaces, then the raw little-endian bytes of every tensor. This is what safetensors.torch.save_file writes for a
state_dict; torch itself is not needed here, so that the tests do not depend on it.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "BOOL": "|b1", "U8": "|u1", "I8": "|i1", "I32": "<i4",
          "I64": "<i8"}


def write(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    data = b""
    for name, (dtype, array) in tensors.items():
        raw = np.ascontiguousarray(array, dtype=DTYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text + data)


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    lines = ["metadata " + json.dumps(metadata, sort_keys=True)]
    for name in sorted(header):
        entry = header[name]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(blob[8 + n + begin:8 + n + end], dtype=DTYPES[entry["dtype"]])
        bits = array.astype(np.float32).view(np.uint32)
        lines.append(" ".join([name, entry["dtype"], "x".join(str(d) for d in entry["shape"]) or "scalar"]
                              + ["%08x" % b for b in bits]))
    return "\n".join(lines) + "\n"


def fixtures(folder):
    # TinyNet's parameters (agent/src/test/java/io/jprune/testmodels/TinyNet.java): conv1.weight [2,1,2,2],
    # fc1.weight [3,2]. The masks come as PyTorch may hold them: float32, bool, uint8.
    conv1_mask = np.array([1, 0, 1, 1, 0, 1, 1, 0], dtype=np.float32).reshape(2, 1, 2, 2)
    fc1_mask = np.array([[1, 0], [1, 1], [0, 1]], dtype=bool)
    write(folder + "/tinynet-masks.safetensors",
          {"conv1.weight_mask": ("F32", conv1_mask), "fc1.weight_mask": ("BOOL", fc1_mask),
           "conv1.bias": ("F32", np.array([0.1, -0.2], dtype=np.float32))},
          {"format": "pt"})
    write(folder + "/tinynet-u8-mask.safetensors", {"fc1.weight_mask": ("U8", fc1_mask.astype(np.uint8))})
    # fc1's mask with 6 values but shape [2, 3]: refused by name, and conv1's good mask is not applied either.
    write(folder + "/tinynet-bad-shape.safetensors",
          {"conv1.weight_mask": ("F32", conv1_mask), "fc1.weight_mask": ("F32", np.ones((2, 3), np.float32))})
    # Every dtype the reader takes, with values that are exact in float32.
    write(folder + "/dtypes.safetensors",
          {"f32": ("F32", np.array([[0.5, -0.0], [1e-45, 3.4028235e38]], dtype=np.float32)),
           "f64": ("F64", np.array([0.25, -2.5, 0.1])),
           "f16": ("F16", np.array([1.0, -0.5, 6.1e-05, 5.96e-08, 65504.0], dtype=np.float16)),
           "bool": ("BOOL", np.array([True, False, True])),
           "u8": ("U8", np.array([0, 1, 255], dtype=np.uint8)),
           "i8": ("I8", np.array([-128, 0, 127], dtype=np.int8)),
           "i32": ("I32", np.array([-7, 16777216], dtype=np.int32)),
           "i64": ("I64", np.array([[3]], dtype=np.int64)),
           "scalar": ("F32", np.array(2.0, dtype=np.float32))})
    with open(folder + "/dtypes.expected.txt", "w") as out:
        out.write(read(folder + "/dtypes.safetensors"))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        fixtures(sys.argv[2])
    else:
        sys.stdout.write(read(sys.argv[2]))
