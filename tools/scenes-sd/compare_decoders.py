#!/usr/bin/env python3
"""Held-out scenes beside their reconstructions by each given weights.pt's autoencoder, as one PNG grid (a row per file,
the exact renders first), and how much fine texture each keeps (the reconstruction's high-frequency energy over the
render's, on the whole held-out share; 1 = as much as the renderer draws).

  python3 compare_decoders.py --data TRAINING_SET --out grid.png before/weights.pt after/weights.pt
"""
import argparse

import torch
from PIL import Image

import train_scenes_sd as scenes


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="training set folder (its last 5 % are the held-out scenes)")
    p.add_argument("--out", required=True, help="PNG to write")
    p.add_argument("--columns", type=int, default=8)
    p.add_argument("weights", nargs="+", help="weights.pt files written by train_scenes_sd.py --train-only")
    args = p.parse_args()
    torch.set_num_threads(2)
    data = scenes.TrainingSet(args.data, torch.device("cpu"))
    held_out = data.pixels(torch.arange(data.train_count, data.images.shape[0]))
    rows = [held_out[:args.columns]]
    for path in args.weights:
        weights = torch.load(path, map_location="cpu", weights_only=False)  # our own file: plain data
        encoder, decoder = scenes.loaded_autoencoder(weights, torch.device("cpu"))
        with torch.no_grad():
            reconstructed = torch.cat([decoder(encoder(chunk)[:, :scenes.LATENT_CHANNELS]).clamp(-1, 1) for chunk in held_out.split(100)])
        print(f"{path}: texture kept {scenes.high_frequency(reconstructed) / scenes.high_frequency(held_out):.3f}, "
              f"mean absolute error {float((reconstructed - held_out).abs().mean() * 127.5):.1f} / 255")
        rows.append(reconstructed[:args.columns])
    grid = torch.cat([torch.cat(list(row), dim=2) for row in rows], dim=1)
    pixels = ((grid + 1) * 127.5).round().byte().permute(1, 2, 0).numpy()
    Image.fromarray(pixels).resize((pixels.shape[1] * 2, pixels.shape[0] * 2), Image.NEAREST).save(args.out)


if __name__ == "__main__":
    main()
