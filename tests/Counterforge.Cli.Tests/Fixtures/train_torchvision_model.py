#!/usr/bin/env python3
"""Trains a model the way a PyTorch user does, for the test that Counterforge repairs a model it did not train.

  train_torchvision_model.py ROOT OUT.pt SIZE EPOCHS SEED
      torchvision.models.resnet18(num_classes=C) from scratch on the ImageFolder ROOT/train (C = its class folders),
      images stretched to SIZE x SIZE, ImageNet mean/std (Counterforge's default preprocessing), random horizontal flips;
      SGD (momentum 0.9, weight decay 5e-4) at lr 0.05 with cosine annealing, batch 64; saves torch.save(state_dict).
      Prints the training accuracy of the last epoch.

Debian's python3-torch 1.13 and python3-torchvision 0.14.
"""
import sys

import torch
import torchvision
from torchvision import transforms


def main(root, out, size, epochs, seed):
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    normalise = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    data = torchvision.datasets.ImageFolder(f"{root}/train", transforms.Compose([
        transforms.Resize((size, size)), transforms.RandomHorizontalFlip(), transforms.ToTensor(), normalise]))
    loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True, drop_last=len(data) % 64 == 1)
    model = torchvision.models.resnet18(num_classes=len(data.classes))
    optimiser = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, epochs * len(loader))
    for epoch in range(epochs):
        model.train()
        correct = seen = 0
        for images, labels in loader:
            optimiser.zero_grad()
            logits = model(images)
            torch.nn.functional.cross_entropy(logits, labels).backward()
            optimiser.step()
            schedule.step()
            correct += (logits.argmax(1) == labels).sum().item()
            seen += len(labels)
    model.eval()
    torch.save(model.state_dict(), out)
    print(f"trained resnet18 on {len(data)} images of {len(data.classes)} classes, last epoch train accuracy {correct / seen:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
