#!/usr/bin/env python3
"""Trains the miniature latent text-to-image model of the scenes world and exports it in optimum's ONNX layout.

Reads a training set written by Counterforge (`counterforge scenes train-diffusion` does both steps; see
docs/generative.md): images.u8.gz, input_ids.i32, labels.u8, training_set.json. Trains, in order:
  1. an autoencoder, 64 px RGB <-> 8 x 8 x 4 latent (a factor of 8 as in Stable Diffusion), L1 + MSE + a small KL term;
     then its decoder alone, the encoder fixed, against a patch discriminator (L1 + hinge loss + feature matching), so
     that it draws the textures a pixel loss blurs away;
  2. a CLIP-shaped text encoder (causal transformer over the CLIP tokenizer's ids) and a UNet with cross-attention to
     its states, jointly, on epsilon prediction under SD 1.x's scaled-linear schedule; 10 % of captions are replaced by
     the empty caption so that classifier-free guidance works; the UNet's weights are averaged (EMA) for export;
  3. the attribute oracle: a small CNN with one head per attribute (subject, size, colour, background, weather, time)
     on the exact renders, half of each batch passed through the autoencoder so it also reads reconstructions.
Then exports text_encoder/, unet/, vae_encoder/, vae_decoder/ (float32, ONNX opset 17, dynamic batch and size) with the
names, element types and ranks of an optimum SD 1.x export, the configs, and the oracle beside them (oracle/).

Runs on Debian's python3-torch 1.13 (CPU) and on newer PyTorch (CUDA when present). The same seed gives the same
model on the same device and thread count. `--train-only` stops after writing weights.pt; `--export-from weights.pt`
exports such a file (train on a GPU, export with the CPU's torch); with `--refine-decoder` and/or `--retrain-oracle`
it first trains that part again over the saved weights.
"""
import argparse
import gzip
import inspect
import json
import math
import os
import random
import shutil
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT_CHANNELS = 4
TRAIN_TIMESTEPS = 1000
BETA_START, BETA_END = 0.00085, 0.012
OPSET = 17


# --- building blocks ------------------------------------------------------------------------------------------------
def norm(channels):
    return nn.GroupNorm(8, channels)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, time_width=None):
        super().__init__()
        self.norm1, self.conv1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(time_width, cout) if time_width else None
        self.norm2, self.conv2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, t=None):
        h = self.conv1(F.silu(self.norm1(x)))
        if self.time is not None:
            h = h + self.time(F.silu(t))[:, :, None, None]
        return self.skip(x) + self.conv2(F.silu(self.norm2(h)))


class Attention(nn.Module):
    def __init__(self, width, context_width, heads):
        super().__init__()
        self.heads, self.scale = heads, (width // heads) ** -0.5
        self.q = nn.Linear(width, width, bias=False)
        self.k = nn.Linear(context_width, width, bias=False)
        self.v = nn.Linear(context_width, width, bias=False)
        self.out = nn.Linear(width, width)

    def forward(self, x, context, mask=None):
        b, n, c = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.k(context).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.v(context).reshape(b, -1, h, c // h).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        if mask is not None:
            scores = scores + mask
        return self.out(torch.matmul(scores.softmax(dim=-1), v).transpose(1, 2).reshape(b, n, c))


class TextBlock(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln1, self.attn = nn.LayerNorm(width), Attention(width, width, heads)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, mask)
        return x + self.mlp(self.ln2(x))


class TextEncoder(nn.Module):
    """CLIP's text transformer in miniature: token + position embeddings, causal pre-norm blocks, final LayerNorm."""

    def __init__(self, vocabulary, length, width, layers, heads):
        super().__init__()
        self.token = nn.Embedding(vocabulary, width)
        self.position = nn.Parameter(torch.randn(length, width) * 0.01)
        self.blocks = nn.ModuleList([TextBlock(width, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(width)
        self.register_buffer("mask", torch.full((length, length), -1e4).triu(1))

    def forward(self, input_ids):
        x = self.token(input_ids.long()) + self.position
        for block in self.blocks:
            x = block(x, self.mask)
        return self.norm(x)


class SpatialTransformer(nn.Module):
    """SD's Transformer2DModel with one block: self-attention, cross-attention to the text states, feed-forward."""

    def __init__(self, channels, context_width, heads):
        super().__init__()
        self.norm, self.proj_in = norm(channels), nn.Conv2d(channels, channels, 1)
        self.ln1, self.self_attn = nn.LayerNorm(channels), Attention(channels, channels, heads)
        self.ln2, self.cross_attn = nn.LayerNorm(channels), Attention(channels, context_width, heads)
        self.ln3 = nn.LayerNorm(channels)
        self.ff = nn.Sequential(nn.Linear(channels, 4 * channels), nn.GELU(), nn.Linear(4 * channels, channels))
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x, context):
        b, c, height, width = x.shape
        h = self.proj_in(self.norm(x)).flatten(2).transpose(1, 2)
        n = self.ln1(h)
        h = h + self.self_attn(n, n)
        h = h + self.cross_attn(self.ln2(h), context)
        h = h + self.ff(self.ln3(h))
        return x + self.proj_out(h.transpose(1, 2).reshape(b, c, height, width))


class Unet(nn.Module):
    """Two resolutions (the latent's and half of it), cross-attention at both and in the middle."""

    def __init__(self, context_width, channels=64, heads=4):
        super().__init__()
        c1, c2, tw = channels, 2 * channels, 4 * channels
        self.time_width = channels
        self.time_mlp = nn.Sequential(nn.Linear(channels, tw), nn.SiLU(), nn.Linear(tw, tw))
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, c1, 3, padding=1)
        self.down0, self.attn_down0 = ResBlock(c1, c1, tw), SpatialTransformer(c1, context_width, heads)
        self.downsample = nn.Conv2d(c1, c1, 3, stride=2, padding=1)
        self.down1, self.attn_down1 = ResBlock(c1, c2, tw), SpatialTransformer(c2, context_width, heads)
        self.mid1, self.attn_mid, self.mid2 = ResBlock(c2, c2, tw), SpatialTransformer(c2, context_width, heads), ResBlock(c2, c2, tw)
        self.up1, self.attn_up1 = ResBlock(2 * c2, c2, tw), SpatialTransformer(c2, context_width, heads)
        self.upsample = nn.Conv2d(c2, c2, 3, padding=1)
        self.up0, self.attn_up0 = ResBlock(c2 + c1, c1, tw), SpatialTransformer(c1, context_width, heads)
        self.norm_out, self.conv_out = norm(c1), nn.Conv2d(c1, LATENT_CHANNELS, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    def time_embedding(self, timestep, batch):
        half = self.time_width // 2
        frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=timestep.device) / half)
        angles = timestep.float().reshape(-1, 1) * frequencies.reshape(1, -1)
        embedding = torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)
        return self.time_mlp(embedding.expand(batch, -1))  # a timestep of shape [1] serves the whole batch

    def forward(self, sample, timestep, encoder_hidden_states):
        t = self.time_embedding(timestep, sample.shape[0])
        ctx = encoder_hidden_states
        h0 = self.attn_down0(self.down0(self.conv_in(sample), t), ctx)
        h1 = self.attn_down1(self.down1(self.downsample(h0), t), ctx)
        m = self.mid2(self.attn_mid(self.mid1(h1, t), ctx), t)
        u1 = self.attn_up1(self.up1(torch.cat([m, h1], dim=1), t), ctx)
        u0 = self.upsample(F.interpolate(u1, scale_factor=2.0, mode="nearest"))
        u0 = self.attn_up0(self.up0(torch.cat([u0, h0], dim=1), t), ctx)
        return self.conv_out(F.silu(self.norm_out(u0)))


class Encoder(nn.Module):
    """64 px -> 8 x 8: three stride-2 stages, then mean and log-variance of the latent."""

    def __init__(self, widths=(16, 32, 64, 64)):
        super().__init__()
        layers = [nn.Conv2d(3, widths[0], 3, padding=1)]
        for cin, cout in zip(widths, widths[1:]):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1), ResBlock(cout, cout)]
        layers += [norm(widths[-1]), nn.SiLU(), nn.Conv2d(widths[-1], 2 * LATENT_CHANNELS, 3, padding=1)]
        self.layers = nn.Sequential(*layers)

    def forward(self, image):
        return self.layers(image)


class Decoder(nn.Module):
    def __init__(self, widths=(64, 64, 32, 16)):
        super().__init__()
        layers = [nn.Conv2d(LATENT_CHANNELS, widths[0], 3, padding=1), ResBlock(widths[0], widths[0])]
        for cin, cout in zip(widths, widths[1:]):
            layers += [nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(cin, cout, 3, padding=1), ResBlock(cout, cout)]
        layers += [norm(widths[-1]), nn.SiLU(), nn.Conv2d(widths[-1], 3, 3, padding=1)]
        self.layers = nn.Sequential(*layers)

    def forward(self, latent):
        return self.layers(latent)


class PatchDiscriminator(nn.Module):
    """Judges 26 px patches: real renders against decoded latents. Returns every stage's features, the last is the score."""

    def __init__(self, width=32):
        super().__init__()
        self.stages = nn.ModuleList([
            nn.Sequential(nn.Conv2d(3, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2)),
            nn.Sequential(nn.Conv2d(width, 2 * width, 4, stride=2, padding=1), norm(2 * width), nn.LeakyReLU(0.2)),
            nn.Sequential(nn.Conv2d(2 * width, 4 * width, 3, padding=1), norm(4 * width), nn.LeakyReLU(0.2)),
            nn.Conv2d(4 * width, 1, 3, padding=1)])

    def forward(self, image):
        features = []
        for stage in self.stages:
            image = stage(image)
            features.append(image)
        return features


class Oracle(nn.Module):
    """Reads every attribute of a 64 px scene: one linear head per kind over pooled CNN features."""

    def __init__(self, classes_per_kind, width=16):
        super().__init__()

        def stage(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*stage(3, width), *stage(width, 2 * width), *stage(2 * width, 4 * width),
                                      *stage(4 * width, 4 * width), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(4 * width, sum(classes_per_kind))

    def forward(self, image):
        return self.head(self.features(image))


# --- data -----------------------------------------------------------------------------------------------------------
class TrainingSet:
    def __init__(self, directory, device):
        with open(os.path.join(directory, "training_set.json"), encoding="utf-8") as f:
            self.info = json.load(f)
        n, size, length = self.info["count"], self.info["image_size"], self.info["sequence_length"]
        with gzip.open(os.path.join(directory, "images.u8.gz"), "rb") as f:
            images = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, size, size, 3)
        self.images = torch.from_numpy(images.copy()).to(device).permute(0, 3, 1, 2).contiguous()  # uint8, N x 3 x H x W
        ids = np.fromfile(os.path.join(directory, "input_ids.i32"), dtype="<i4").reshape(n, length)
        self.ids = torch.from_numpy(ids.astype(np.int64)).to(device)
        kinds = self.info["kinds"]
        labels = np.fromfile(os.path.join(directory, "labels.u8"), dtype=np.uint8).reshape(n, len(kinds))
        self.labels = torch.from_numpy(labels.astype(np.int64)).to(device)
        self.classes_per_kind = [len(self.info["words"][k]) for k in kinds]
        self.empty_ids = torch.tensor(self.info["empty_caption_ids"], dtype=torch.int64, device=device)
        self.held_out = max(1, n // 20)  # the last 5 % only judge
        self.train_count = n - self.held_out

    def pixels(self, index):
        return self.images[index].float() / 127.5 - 1.0


def batches(generator, count, batch, steps, device):
    for _ in range(steps):
        yield torch.randint(0, count, (batch,), generator=generator).to(device)


def schedule(step, steps, warmup=200):
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))


def log(message, started):
    print(f"[{time.time() - started:7.1f}s] {message}", flush=True)


# --- training -------------------------------------------------------------------------------------------------------
def train_autoencoder(data, args, device, generator, started):
    encoder, decoder = Encoder().to(device), Decoder().to(device)
    parameters = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.AdamW(parameters, lr=args.lr_vae, weight_decay=0.0)
    lr = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: schedule(s, args.vae_steps))
    for step, index in enumerate(batches(generator, data.train_count, args.batch, args.vae_steps, device)):
        x = data.pixels(index)
        if step % 2 == 1:
            x = x.flip(3)  # mirrored scenes: more texture to learn from
        moments = encoder(x)
        mean, logvar = moments[:, :LATENT_CHANNELS], moments[:, LATENT_CHANNELS:].clamp(-30, 20)
        z = mean + torch.exp(0.5 * logvar) * torch.randn(mean.shape, generator=generator).to(device)
        y = decoder(z)
        kl = 0.5 * (mean.pow(2) + logvar.exp() - 1 - logvar).sum(dim=(1, 2, 3)).mean()
        loss = F.l1_loss(y, x) + F.mse_loss(y, x) + args.kl_weight * kl
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        lr.step()
        if step % max(1, args.vae_steps // 10) == 0 or step == args.vae_steps - 1:
            log(f"autoencoder {step + 1}/{args.vae_steps}: loss {loss.item():.4f} kl {kl.item():.1f}", started)
    return encoder.eval(), decoder.eval()


def refine_decoder(data, encoder, decoder, args, device, generator, started):
    """Sharpens the decoder with the encoder (and so the latent space the UNet learned) fixed, as Stable Diffusion's own
    autoencoder is trained: an L1 term keeps the content, a patch discriminator (hinge loss, its weight balanced against
    L1's gradient at the last layer) and matching its features make the decoder draw texture that a pixel loss averages
    away: an 8 x 8 latent says "grass", not where each blade is."""
    discriminator = PatchDiscriminator().to(device)
    decoder.train()
    optimize_decoder = torch.optim.Adam(decoder.parameters(), lr=args.lr_decoder, betas=(0.5, 0.9))
    optimize_discriminator = torch.optim.Adam(discriminator.parameters(), lr=args.lr_decoder, betas=(0.5, 0.9))
    last = decoder.layers[-1].weight
    for step, index in enumerate(batches(generator, data.train_count, args.batch, args.decoder_steps, device)):
        x = data.pixels(index)
        if step % 2 == 1:
            x = x.flip(3)
        with torch.no_grad():
            moments = encoder(x)
            mean, logvar = moments[:, :LATENT_CHANNELS], moments[:, LATENT_CHANNELS:].clamp(-30, 20)
            z = mean + torch.exp(0.5 * logvar) * torch.randn(mean.shape, generator=generator).to(device)
        y = decoder(z)
        loss_d = F.relu(1 - discriminator(x)[-1]).mean() + F.relu(1 + discriminator(y.detach())[-1]).mean()
        optimize_discriminator.zero_grad(set_to_none=True)
        loss_d.backward()
        optimize_discriminator.step()
        fake = discriminator(y)
        with torch.no_grad():
            real = discriminator(x)
        reconstruction = F.l1_loss(y, x)
        matching = sum(F.l1_loss(f, r) for f, r in zip(fake[:-1], real[:-1])) / (len(fake) - 1)
        adversarial = -fake[-1].mean()
        g_reconstruction = torch.autograd.grad(reconstruction, last, retain_graph=True)[0]
        g_adversarial = torch.autograd.grad(adversarial, last, retain_graph=True)[0]
        weight = (g_reconstruction.norm() / (g_adversarial.norm() + 1e-4)).clamp(0, 1e4).detach() * args.adversarial_weight
        loss = reconstruction + args.matching_weight * matching + weight * adversarial
        optimize_decoder.zero_grad(set_to_none=True)
        loss.backward()
        optimize_decoder.step()
        if step % max(1, args.decoder_steps // 10) == 0 or step == args.decoder_steps - 1:
            log(f"decoder {step + 1}/{args.decoder_steps}: l1 {reconstruction.item():.4f} matching {matching.item():.4f} "
                f"adversarial {adversarial.item():.3f} (weight {weight.item():.3f}) discriminator {loss_d.item():.3f}", started)
    return decoder.eval()


def high_frequency(images):
    """Mean absolute difference from the 3 x 3 local mean: how much fine texture an image has."""
    return float((images - F.avg_pool2d(images, 3, stride=1, padding=1, count_include_pad=False)).abs().mean())


@torch.no_grad()
def encode_all(encoder, data, device, batch=256):
    means = []
    for start in range(0, data.images.shape[0], batch):
        index = torch.arange(start, min(start + batch, data.images.shape[0]), device=device)
        means.append(encoder(data.pixels(index))[:, :LATENT_CHANNELS])
    return torch.cat(means)


@torch.no_grad()
def reconstruct_all(encoder, decoder, data, device, batch=256):
    images = []
    for start in range(0, data.images.shape[0], batch):
        index = torch.arange(start, min(start + batch, data.images.shape[0]), device=device)
        y = decoder(encoder(data.pixels(index))[:, :LATENT_CHANNELS]).clamp(-1, 1)
        images.append(((y + 1) * 127.5).round().to(torch.uint8))
    return torch.cat(images)


def alphas_cumprod(device):
    betas = torch.linspace(BETA_START ** 0.5, BETA_END ** 0.5, TRAIN_TIMESTEPS, dtype=torch.float64) ** 2
    return torch.cumprod(1 - betas, dim=0).float().to(device)


def train_diffusion(data, latents, args, device, generator, started):
    width = args.text_width
    text = TextEncoder(data.info["vocabulary_size"], data.info["sequence_length"], width, args.text_layers, 4).to(device)
    unet = Unet(width, channels=args.unet_channels).to(device)
    ema = Unet(width, channels=args.unet_channels).to(device)
    ema_text = TextEncoder(data.info["vocabulary_size"], data.info["sequence_length"], width, args.text_layers, 4).to(device)
    ema.load_state_dict(unet.state_dict())
    ema_text.load_state_dict(text.state_dict())
    parameters = list(text.parameters()) + list(unet.parameters())
    optimizer = torch.optim.AdamW(parameters, lr=args.lr_unet, weight_decay=0.01)
    lr = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: schedule(s, args.unet_steps))
    bar = alphas_cumprod(device)
    for step, index in enumerate(batches(generator, data.train_count, args.batch, args.unet_steps, device)):
        x0 = latents[index]
        ids = data.ids[index]
        dropped = (torch.rand(len(index), generator=generator) < args.caption_dropout).to(device)
        ids = torch.where(dropped[:, None], data.empty_ids[None, :].expand_as(ids), ids)
        t = torch.randint(0, TRAIN_TIMESTEPS, (len(index),), generator=generator).to(device)
        noise = torch.randn(x0.shape, generator=generator).to(device)
        a = bar[t].reshape(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        loss = F.mse_loss(unet(xt, t, text(ids)), noise)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        lr.step()
        decay = min(args.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            averaged = list(ema.parameters()) + list(ema_text.parameters())
            torch._foreach_mul_(averaged, decay)
            torch._foreach_add_(averaged, list(unet.parameters()) + list(text.parameters()), alpha=1 - decay)
        if step % max(1, args.unet_steps // 20) == 0 or step == args.unet_steps - 1:
            log(f"diffusion {step + 1}/{args.unet_steps}: loss {loss.item():.4f}", started)
    return ema_text.eval(), ema.eval()


def train_oracle(data, decoder, encoder, args, device, generator, started):
    oracle = Oracle(data.classes_per_kind).to(device)
    optimizer = torch.optim.AdamW(oracle.parameters(), lr=args.lr_oracle, weight_decay=1e-4)
    lr = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: schedule(s, args.oracle_steps))
    slices = np.cumsum([0] + data.classes_per_kind)
    # Every training scene also as the autoencoder gives it back (made once): the oracle must read generated scenes.
    reconstructed = reconstruct_all(encoder, decoder, data, device)
    for step, index in enumerate(batches(generator, data.train_count, args.batch, args.oracle_steps, device)):
        half = len(index) // 2
        x = torch.cat([data.pixels(index[:half]), reconstructed[index[half:]].float() / 127.5 - 1.0])
        logits = oracle(x)
        loss = sum(F.cross_entropy(logits[:, slices[k]:slices[k + 1]], data.labels[index, k]) for k in range(len(slices) - 1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        lr.step()
        if step % max(1, args.oracle_steps // 10) == 0 or step == args.oracle_steps - 1:
            log(f"oracle {step + 1}/{args.oracle_steps}: loss {loss.item():.4f}", started)
    return oracle.eval()


@torch.no_grad()
def evaluate(data, encoder, decoder, oracle, device):
    """Held-out numbers: reconstruction error, and the oracle's accuracy per kind on exact renders and reconstructions."""
    index = torch.arange(data.train_count, data.images.shape[0], device=device)
    x = data.pixels(index)
    reconstruction = decoder(encoder(x)[:, :LATENT_CHANNELS]).clamp(-1, 1)
    slices = np.cumsum([0] + data.classes_per_kind)
    report = {"held_out_images": len(index),
              "reconstruction_mae_0_255": float((reconstruction - x).abs().mean() * 127.5),
              "texture_kept": high_frequency(reconstruction) / high_frequency(x),
              "oracle_accuracy_exact": {}, "oracle_accuracy_reconstructed": {}}
    for name, images in (("oracle_accuracy_exact", x), ("oracle_accuracy_reconstructed", reconstruction)):
        logits = oracle(images)
        for k, kind in enumerate(data.info["kinds"]):
            predicted = logits[:, slices[k]:slices[k + 1]].argmax(dim=1)
            report[name][kind] = float((predicted == data.labels[index, k]).float().mean())
    return report


# --- export ---------------------------------------------------------------------------------------------------------
def export(module, inputs, path, input_names, output_names, dynamic_axes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # PyTorch 2.x defaults to its dynamo exporter; the TorchScript one (1.13's only one) is asked for by name.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(module, inputs, path, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True, **legacy)


class LatentParameters(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, sample):
        return self.encoder(sample)


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def export_model_set(weights, out, tokenizer):
    h = weights["hyper"]
    text = TextEncoder(h["vocabulary_size"], h["sequence_length"], h["text_width"], h["text_layers"], 4)
    text.load_state_dict(weights["text_encoder"])
    unet = Unet(h["text_width"], channels=h["unet_channels"])
    unet.load_state_dict(weights["unet"])
    encoder, decoder = loaded_autoencoder(weights, torch.device("cpu"))
    oracle = Oracle(h["classes_per_kind"])
    oracle.load_state_dict(weights["oracle"])
    scale, size, length = weights["scaling_factor"], h["image_size"], h["sequence_length"]
    latent = size // 8
    for m in (text, unet, encoder, decoder, oracle):
        m.eval()
    with torch.no_grad():
        ids = torch.zeros(1, length, dtype=torch.int32)
        export(text, (ids,), os.path.join(out, "text_encoder", "model.onnx"), ["input_ids"], ["last_hidden_state"],
               {"input_ids": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}})
        export(unet, (torch.randn(2, LATENT_CHANNELS, latent, latent), torch.tensor([500], dtype=torch.int64), torch.randn(2, length, h["text_width"])),
               os.path.join(out, "unet", "model.onnx"), ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
               {"sample": {0: "batch_size", 2: "height", 3: "width"}, "timestep": {0: "steps"},
                "encoder_hidden_states": {0: "batch_size", 1: "sequence_length"}, "out_sample": {0: "batch_size", 2: "height", 3: "width"}})
        export(LatentParameters(encoder), (torch.randn(1, 3, size, size),), os.path.join(out, "vae_encoder", "model.onnx"),
               ["sample"], ["latent_parameters"],
               {"sample": {0: "batch_size", 2: "height", 3: "width"}, "latent_parameters": {0: "batch_size", 2: "height_latent", 3: "width_latent"}})
        export(decoder, (torch.randn(1, LATENT_CHANNELS, latent, latent),), os.path.join(out, "vae_decoder", "model.onnx"),
               ["latent_sample"], ["sample"],
               {"latent_sample": {0: "batch_size", 2: "height_latent", 3: "width_latent"}, "sample": {0: "batch_size", 2: "height", 3: "width"}})
        export(oracle, (torch.randn(1, 3, size, size),), os.path.join(out, "oracle", "model.onnx"), ["image"], ["logits"],
               {"image": {0: "batch_size"}, "logits": {0: "batch_size"}})
    write_json(os.path.join(out, "model_index.json"), {
        "_class_name": "OnnxStableDiffusionPipeline", "_diffusers_version": "0.30.0",
        "text_encoder": ["optimum", "ORTModelForFeatureExtraction"], "unet": ["optimum", "ORTModel"],
        "vae_encoder": ["optimum", "ORTModel"], "vae_decoder": ["optimum", "ORTModel"],
        "tokenizer": ["transformers", "CLIPTokenizer"], "scheduler": ["diffusers", "DDIMScheduler"],
        "safety_checker": [None, None], "feature_extractor": [None, None], "requires_safety_checker": False})
    write_json(os.path.join(out, "scheduler", "scheduler_config.json"), {
        "_class_name": "DDIMScheduler", "num_train_timesteps": TRAIN_TIMESTEPS, "beta_start": BETA_START, "beta_end": BETA_END,
        "beta_schedule": "scaled_linear", "prediction_type": "epsilon", "clip_sample": False, "set_alpha_to_one": False,
        "steps_offset": 1, "timestep_spacing": "leading"})
    write_json(os.path.join(out, "text_encoder", "config.json"), {
        "_class_name": "CLIPTextModel", "model_type": "clip_text_model", "vocab_size": h["vocabulary_size"],
        "hidden_size": h["text_width"], "num_hidden_layers": h["text_layers"], "num_attention_heads": 4,
        "max_position_embeddings": length, "hidden_act": "gelu"})
    write_json(os.path.join(out, "unet", "config.json"), {
        "_class_name": "UNet2DConditionModel", "sample_size": latent, "in_channels": LATENT_CHANNELS,
        "out_channels": LATENT_CHANNELS, "cross_attention_dim": h["text_width"],
        "block_out_channels": [h["unet_channels"], 2 * h["unet_channels"]], "attention_head_dim": 4})
    for part in ("vae_encoder", "vae_decoder"):
        write_json(os.path.join(out, part, "config.json"), {
            "_class_name": "AutoencoderKL", "latent_channels": LATENT_CHANNELS, "sample_size": size,
            "scaling_factor": scale, "block_out_channels": [16, 32, 64, 64]})
    os.makedirs(os.path.join(out, "tokenizer"), exist_ok=True)
    for name in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(tokenizer, name), os.path.join(out, "tokenizer", name))
    write_json(os.path.join(out, "tokenizer", "special_tokens_map.json"), {
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>"})
    write_json(os.path.join(out, "tokenizer", "tokenizer_config.json"), {
        "tokenizer_class": "CLIPTokenizer", "model_max_length": length, "do_lower_case": True})
    write_json(os.path.join(out, "oracle", "config.json"), {
        "image_size": size, "input": "image in [-1, 1], RGB planes", "kinds": h["kinds"], "words": h["words"]})
    write_json(os.path.join(out, "training_report.json"), weights["report"])


def device_of(args):
    return torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")


def loaded_autoencoder(weights, device):
    """The encoder and decoder of a saved weights.pt, on the device."""
    encoder, decoder = Encoder().to(device), Decoder().to(device)
    encoder.load_state_dict(weights["vae_encoder"])
    decoder.load_state_dict(weights["vae_decoder"])
    return encoder, decoder


def saved_autoencoder(weights, args):
    """What training one part again over saved weights starts from: the seeded random stream, the clock, the device,
    the training set and the saved autoencoder."""
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    started = time.time()
    device = device_of(args)
    data = TrainingSet(args.data, device)
    encoder, decoder = loaded_autoencoder(weights, device)
    return generator, started, device, data, encoder, decoder


def retrain_oracle(weights, args):
    """The oracle alone, trained again over the saved autoencoder (it is the cheapest part to give more steps)."""
    generator, started, device, data, encoder, decoder = saved_autoencoder(weights, args)
    encoder.eval()
    decoder.eval()
    oracle = train_oracle(data, decoder, encoder, args, device, generator, started)
    report = evaluate(data, encoder, decoder, oracle, device)
    weights["oracle"] = {k: v.detach().cpu() for k, v in oracle.state_dict().items()}
    weights["report"] = dict(weights["report"], **{k: report[k] for k in ("oracle_accuracy_exact", "oracle_accuracy_reconstructed")})
    weights["report"]["steps"] = dict(weights["report"]["steps"], oracle=args.oracle_steps, oracle_batch=args.batch, oracle_retrained_on=str(device))
    log(json.dumps(weights["report"]), started)
    return weights


def refine_saved_decoder(weights, args):
    """The decoder alone, sharpened over the saved encoder (the UNet's latent space is unchanged), then judged."""
    generator, started, device, data, encoder, decoder = saved_autoencoder(weights, args)
    oracle = Oracle(data.classes_per_kind).to(device)
    oracle.load_state_dict(weights["oracle"])
    decoder = refine_decoder(data, encoder.eval(), decoder, args, device, generator, started)
    report = evaluate(data, encoder, decoder, oracle.eval(), device)
    weights["vae_decoder"] = {k: v.detach().cpu() for k, v in decoder.state_dict().items()}
    weights["report"] = dict(weights["report"], **report)
    weights["report"]["steps"] = dict(weights["report"]["steps"], decoder=args.decoder_steps, decoder_batch=args.batch, decoder_refined_on=str(device))
    log(json.dumps(weights["report"]), started)
    return weights


# --- main -----------------------------------------------------------------------------------------------------------
def main():
    p = argparse.ArgumentParser(description="Train and export the miniature scenes text-to-image model.")
    p.add_argument("--data", help="training set folder (Counterforge's TrainingSetWriter)")
    p.add_argument("--out", required=True, help="model set folder to write")
    p.add_argument("--tokenizer", required=True, help="folder with the vocab.json and merges.txt the ids were made with")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", type=float, default=1.0, help="multiplies every step count (the shipped model: see docs)")
    p.add_argument("--vae-steps", type=int, default=600)
    p.add_argument("--unet-steps", type=int, default=1500)
    p.add_argument("--oracle-steps", type=int, default=2000)
    p.add_argument("--decoder-steps", type=int, default=600, help="adversarial sharpening of the decoder (0: none)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr-vae", type=float, default=1e-3)
    p.add_argument("--lr-unet", type=float, default=5e-4)
    p.add_argument("--lr-oracle", type=float, default=2e-3)
    p.add_argument("--lr-decoder", type=float, default=1e-4)
    p.add_argument("--adversarial-weight", type=float, default=1.0, help="times the L1 term's gradient norm at the last layer")
    p.add_argument("--matching-weight", type=float, default=1.0, help="discriminator feature matching")
    p.add_argument("--kl-weight", type=float, default=1e-6)
    p.add_argument("--caption-dropout", type=float, default=0.1)
    p.add_argument("--ema", type=float, default=0.999)
    p.add_argument("--text-width", type=int, default=64)
    p.add_argument("--text-layers", type=int, default=2)
    p.add_argument("--unet-channels", type=int, default=32)
    p.add_argument("--threads", type=int, default=2, help="CPU threads")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--train-only", action="store_true", help="write weights.pt into --out and stop")
    p.add_argument("--export-from", help="export this weights.pt instead of training")
    p.add_argument("--refine-decoder", action="store_true",
                   help="with --export-from and --data: sharpen the decoder (--decoder-steps, unscaled) before anything else")
    p.add_argument("--retrain-oracle", action="store_true",
                   help="with --export-from and --data: train the oracle again (--oracle-steps, unscaled) before exporting")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.export_from:
        weights = torch.load(args.export_from, map_location="cpu", weights_only=False)  # our own file: plain data
        if args.refine_decoder:
            weights = refine_saved_decoder(weights, args)
        if args.retrain_oracle:
            weights = retrain_oracle(weights, args)
        if args.train_only:
            os.makedirs(args.out, exist_ok=True)
            torch.save(weights, os.path.join(args.out, "weights.pt"))
            return
        export_model_set(weights, args.out, args.tokenizer)
        return
    for name in ("vae_steps", "decoder_steps", "unet_steps", "oracle_steps"):
        steps = getattr(args, name)
        setattr(args, name, max(1 if steps > 0 else 0, int(round(steps * args.scale))))
    device = device_of(args)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    started = time.time()
    data = TrainingSet(args.data, device)
    log(f"{data.images.shape[0]} scenes on {device}, torch {torch.__version__}, {torch.get_num_threads()} threads", started)
    encoder, decoder = train_autoencoder(data, args, device, generator, started)
    if args.decoder_steps > 0:
        decoder = refine_decoder(data, encoder, decoder, args, device, generator, started)
    latents = encode_all(encoder, data, device)
    scaling = float(1.0 / latents[:data.train_count].std())
    text, unet = train_diffusion(data, latents * scaling, args, device, generator, started)
    oracle = train_oracle(data, decoder, encoder, args, device, generator, started)
    report = evaluate(data, encoder, decoder, oracle, device)
    report.update({"seed": args.seed, "device": str(device), "torch": str(torch.__version__), "threads": torch.get_num_threads(),
                   "seconds": round(time.time() - started, 1), "scaling_factor": scaling, "training_images": data.train_count,
                   "steps": {"autoencoder": args.vae_steps, "decoder": args.decoder_steps, "diffusion": args.unet_steps, "oracle": args.oracle_steps},
                   "batch": args.batch})
    log(json.dumps(report), started)

    def cpu(m):
        return {k: v.detach().cpu() for k, v in m.state_dict().items()}
    weights = {"text_encoder": cpu(text), "unet": cpu(unet), "vae_encoder": cpu(encoder), "vae_decoder": cpu(decoder),
               "oracle": cpu(oracle), "scaling_factor": scaling, "report": report,
               "hyper": {"vocabulary_size": data.info["vocabulary_size"], "sequence_length": data.info["sequence_length"],
                         "text_width": args.text_width, "text_layers": args.text_layers, "unet_channels": args.unet_channels,
                         "image_size": data.info["image_size"], "classes_per_kind": data.classes_per_kind,
                         "kinds": data.info["kinds"], "words": data.info["words"]}}
    os.makedirs(args.out, exist_ok=True)
    if args.train_only:
        torch.save(weights, os.path.join(args.out, "weights.pt"))
        return
    export_model_set(weights, args.out, args.tokenizer)
    log(f"model set written to {args.out}", started)


if __name__ == "__main__":
    main()
