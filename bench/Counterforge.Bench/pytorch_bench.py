#!/usr/bin/env python3
"""PyTorch's side of Counterforge's side-by-side benchmark (Debian's python3-torch 1.13 / python3-torchvision 0.14).

  pytorch_bench.py train|backward|forward|eval SIZE BATCH STEPS REPS THREADS
      torchvision resnet18 (10 classes) on a random batch: 'train' = forward + weighted cross-entropy + backward + SGD
      (momentum 0.9, weight decay 5e-4), the same step as Counterforge's trainer; 'backward' = the step without the SGD update;
      'forward' = its train-mode forward and loss only; 'eval' = no-grad forward + softmax.
  pytorch_bench.py pipeline LIST SIZE BATCH REPS WORKERS THREADS
      A DataLoader with WORKERS worker processes over the files listed in LIST: PIL decode, Resize((SIZE, SIZE)),
      ToTensor, Normalize(ImageNet), batches of BATCH.
Two warm-up steps (one warm-up pass for the pipeline) are excluded. Prints one JSON line: images per second per rep.
"""
import json
import sys
import time

import torch
import torchvision
from torchvision import transforms


def model_step(kind, size, batch, steps, reps):
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    x = torch.randn(batch, 3, size, size)
    y = torch.randint(0, 10, (batch,))
    w = torch.ones(batch)
    if kind == "forward":
        model.train()

        def step():
            return torch.nn.functional.cross_entropy(model(x), y).item()
    elif kind in ("train", "backward"):
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

        def step():
            loss = (torch.nn.functional.cross_entropy(model(x), y, reduction="none") * w).sum() / batch
            optimizer.zero_grad()
            loss.backward()
            if kind == "train":
                optimizer.step()
            return loss.item()
    else:
        model.eval()

        def step():
            with torch.no_grad():
                return torch.softmax(model(x), 1)[0, 0].item()
    for _ in range(2):
        step()
    rates = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.perf_counter() - start))
    return rates


class Files(torch.utils.data.Dataset):
    def __init__(self, paths, size):
        self.paths = paths
        self.transform = transforms.Compose([
            transforms.Resize((size, size)), transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        from PIL import Image
        with Image.open(self.paths[i]) as image:
            return self.transform(image.convert("RGB"))


def pipeline(listing, size, batch, reps, workers):
    with open(listing) as f:
        paths = [line.strip() for line in f if line.strip()]
    loader = torch.utils.data.DataLoader(Files(paths, size), batch_size=batch, num_workers=workers,
                                         persistent_workers=workers > 0)
    for _ in loader:
        pass
    rates = []
    for _ in range(reps):
        start = time.perf_counter()
        count = sum(b.shape[0] for b in loader)
        rates.append(count / (time.perf_counter() - start))
    return rates


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind in ("train", "backward", "forward", "eval"):
        size, batch, steps, reps, threads = map(int, sys.argv[2:7])
        torch.set_num_threads(threads)
        rates = model_step(kind, size, batch, steps, reps)
    elif kind == "pipeline":
        size, batch, reps, workers, threads = map(int, sys.argv[3:8])
        torch.set_num_threads(threads)
        rates = pipeline(sys.argv[2], size, batch, reps, workers)
    else:
        sys.exit(f"unknown benchmark {kind}")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "images_per_second": rates}))
