#!/usr/bin/env python3
"""The from-scratch baseline recipe of Counterforge, written independently in PyTorch, on a scenes world folder.

  scenes_scratch_reference.py DATA EPOCHS LR [SIZE] [SEED]
      DATA: a folder made by `counterforge scenes make` (manifest.jsonl, classes.txt). torchvision's resnet18(num_classes=C)
      from scratch on its train split, images stretched to SIZE x SIZE (default: their own size), ImageNet mean/std; random
      crop with 4 pixels of zero padding and random horizontal flip; SGD (momentum 0.9, weight decay 5e-4) at LR with
      cosine annealing per step, batch 64. Prints the training loss and test accuracy after every epoch.

It tells whether a model Counterforge trains from scratch learns what the same recipe learns in PyTorch
(docs/repair.md). Debian's python3-torch 1.13 and python3-torchvision 0.14 (`/usr/bin/python3`).
"""
import json
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image


def load(root, rows, classes, split):
    chosen = [r for r in rows if r["split"] == split]
    pixels = np.stack([np.asarray(Image.open(f"{root}/{r['image_path']}").convert("RGB")) for r in chosen])
    return torch.tensor(pixels).permute(0, 3, 1, 2).contiguous(), torch.tensor([classes.index(r["label"]) for r in chosen])


def crop_and_flip(batch, draw):
    padded = F.pad(batch, (4, 4, 4, 4))
    out = []
    for image in padded:
        dy, dx = draw.randrange(9), draw.randrange(9)
        crop = image[:, dy:dy + batch.shape[2], dx:dx + batch.shape[3]]
        out.append(crop.flip(2) if draw.random() < 0.5 else crop)
    return torch.stack(out)


def main(root, epochs, lr, size, seed):
    torch.manual_seed(seed)
    draw = random.Random(seed)
    torch.set_num_threads(2)
    rows = [json.loads(line) for line in open(f"{root}/manifest.jsonl")]
    classes = [line.strip() for line in open(f"{root}/classes.txt") if line.strip()]
    train_x, train_y = load(root, rows, classes, "train")
    test_x, test_y = load(root, rows, classes, "test")
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

    def normalise(batch):
        x = (batch.float() / 255 - mean) / std
        return F.interpolate(x, size=size, mode="bilinear", align_corners=False) if size and size != batch.shape[2] else x

    model = torchvision.models.resnet18(num_classes=len(classes))
    optimiser = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)
    n = len(train_y)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, epochs * math.ceil(n / 64))
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(n)
        total = 0.0
        for first in range(0, n, 64):
            batch = order[first:first + 64]
            if len(batch) < 2:
                continue  # batch norm cannot train on one image
            loss = F.cross_entropy(model(normalise(crop_and_flip(train_x[batch], draw))), train_y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(batch)
        model.eval()
        with torch.no_grad():
            predicted = torch.cat([model(normalise(test_x[i:i + 256])).argmax(1) for i in range(0, len(test_y), 256)])
        accuracy = (predicted == test_y).float().mean().item()
        print(f"epoch {epoch + 1} loss {total / n:.3f} test accuracy {accuracy:.3f} ({time.time() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], int(args[1]), float(args[2]), int(args[3]) if len(args) > 3 else 0, int(args[4]) if len(args) > 4 else 1)
