#!/usr/bin/env python3
"""Independent reference for ClipTokenizerTests (python3 stdlib only): the tiny vocabulary the test writes, and the
ids that OpenAI CLIP's simple_tokenizer algorithm (lower-case, whitespace cleanup, regex split, byte-level BPE with
a '</w>' end-of-word suffix, start/end tokens) gives for the test captions. Run: python3 clip_bpe_reference.py
"""
import html
import re

LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
PUNCT = [".", ",", "!", "'"]
MERGES = [("p", "h"), ("ph", "o"), ("t", "o</w>"), ("pho", "to</w>"), ("o", "f</w>"), ("c", "a"), ("ca", "t</w>"),
          ("d", "o"), ("do", "g</w>"), ("s", "n"), ("sn", "o"), ("sno", "w"), ("'", "s</w>")]


def vocab():
    tokens = LETTERS + [c + "</w>" for c in LETTERS] + PUNCT + [p + "</w>" for p in PUNCT]
    tokens += [a + b for a, b in MERGES] + ["<|startoftext|>", "<|endoftext|>"]
    return {t: i for i, t in enumerate(tokens)}


VOCAB = vocab()
RANKS = {pair: i for i, pair in enumerate(MERGES)}
# simple_tokenizer's pattern with \p{L} / \p{N} spelled for Python's re (ASCII captions only here).
PATTERN = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[a-z]+|[0-9]|[^\sa-z0-9]+", re.IGNORECASE)


def bpe(token):
    word = list(token[:-1]) + [token[-1] + "</w>"]
    while len(word) > 1:
        pairs = [(word[i], word[i + 1]) for i in range(len(word) - 1)]
        best = min(pairs, key=lambda p: RANKS.get(p, float("inf")))
        if best not in RANKS:
            break
        merged, i = [], 0
        while i < len(word):
            if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                merged.append(word[i] + word[i + 1]); i += 2
            else:
                merged.append(word[i]); i += 1
        word = merged
    return word


def encode(text, length=77, pad="<|endoftext|>"):
    text = re.sub(r"\s+", " ", html.unescape(html.unescape(text))).strip().lower()
    ids = [VOCAB[piece] for token in PATTERN.findall(text) for piece in bpe(token)]
    ids = [VOCAB["<|startoftext|>"]] + ids[: length - 2] + [VOCAB["<|endoftext|>"]]
    return ids + [VOCAB[pad]] * (length - len(ids))


if __name__ == "__main__":
    print("vocab size", len(VOCAB), "start", VOCAB["<|startoftext|>"], "end", VOCAB["<|endoftext|>"], "'!'", VOCAB["!"])
    for caption in ["a photo of a cat.", "  A   PHOTO\tof a Dog!  ", "a snowy dog's photo, cats", "a dog&amp;#39;s photo"]:
        ids = encode(caption)
        print(repr(caption), [i for i in ids if i != VOCAB["<|endoftext|>"]] + [VOCAB["<|endoftext|>"]])
    long_ids = encode("a " * 100)
    print("long:", len(long_ids), long_ids[:3], long_ids[-2:])
    print("pad '!':", encode("a cat", pad="!")[:6])
