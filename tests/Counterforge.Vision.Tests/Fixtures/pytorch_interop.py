#!/usr/bin/env python3
"""The PyTorch side of Counterforge's weight interop test (Debian's python3-torch 1.13 / python3-torchvision 0.14).

  pytorch_interop.py write DIR ARCH CLASSES SIZE
      Seeds torch, builds torchvision.models.ARCH(num_classes=CLASSES), gives every batch norm non-trivial running
      statistics, and writes DIR/ARCH.pt (torch.save of the state dict), DIR/inputs.f32 (2 x 3 x SIZE x SIZE) and
      DIR/ARCH.logits.f32 (its eval-mode logits): raw little-endian float32.
  pytorch_interop.py check DIR ARCH CLASSES FILE.safetensors
      Reads FILE.safetensors without the safetensors package (8-byte header length, JSON header, raw little-endian
      data), loads it strictly into torchvision.models.ARCH(num_classes=CLASSES) and compares its eval-mode logits on
      DIR/inputs.f32 with DIR/expected.f32 (written by Counterforge). Prints the max abs difference; exit 1 above
      1e-4 x max(1, largest |logit|).
"""
import json
import sys

import torch
import torchvision

TOLERANCE = 1e-4
DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}


def build(arch, classes):
    kwargs = {"num_classes": classes}
    if arch in ("googlenet", "inception_v3"):
        kwargs.update(init_weights=True, aux_logits=False)
    return getattr(torchvision.models, arch)(**kwargs)


def write(folder, arch, classes, size):
    torch.manual_seed(0)
    model = build(arch, classes)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.1, 0.1)
    model.eval()
    torch.save(model.state_dict(), f"{folder}/{arch}.pt")
    inputs = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        logits = model(inputs)
    inputs.numpy().astype("<f4").tofile(f"{folder}/inputs.f32")
    logits.numpy().astype("<f4").tofile(f"{folder}/{arch}.logits.f32")
    print(f"wrote {arch}.pt with {len(model.state_dict())} keys, logits {list(logits.shape)}")


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    base = 8 + length
    state = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(data[base + begin:base + end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        state[key] = flat.reshape(entry["shape"])
    return state


def check(folder, arch, classes, path):
    model = build(arch, classes)
    model.load_state_dict(read_safetensors(path), strict=True)
    model.eval()
    expected = torch.from_numpy(__import__("numpy").fromfile(f"{folder}/expected.f32", dtype="<f4"))
    inputs = torch.from_numpy(__import__("numpy").fromfile(f"{folder}/inputs.f32", dtype="<f4"))
    size = int(round((inputs.numel() / 6) ** 0.5))
    with torch.no_grad():
        logits = model(inputs.reshape(2, 3, size, size)).flatten()
    diff = (logits - expected).abs().max().item()
    scale = max(1.0, expected.abs().max().item())
    print(f"{arch}: Counterforge safetensors -> PyTorch, max abs logit diff {diff:.3g} (largest |logit| {scale:.3g})")
    sys.exit(0 if diff <= TOLERANCE * scale else 1)


if __name__ == "__main__":
    torch.set_num_threads(1)
    command, folder, arch, classes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if command == "write":
        write(folder, arch, classes, int(sys.argv[5]))
    elif command == "check":
        check(folder, arch, classes, sys.argv[5])
    else:
        sys.exit(f"unknown command {command}")
