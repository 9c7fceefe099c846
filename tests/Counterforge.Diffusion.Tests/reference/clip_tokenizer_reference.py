#!/usr/bin/env python3
"""Writes what ClipTokenizerAgreementTests compares against: OpenAI CLIP's own tokenizer run on a fixed set of captions.

The reference is CLIP's clip/simple_tokenizer.py itself, imported from a checkout of github.com/openai/CLIP (MIT) at
generation time; none of its code is copied here. Outputs (into --out):
  vocab.json, merges.txt   CLIP's BPE vocabulary in the vocab.json + merges.txt form model sets carry, written from the
                           reference tokenizer's own encoder table and merge ranks (the data of bpe_simple_vocab_16e6.txt.gz)
  LICENSE-CLIP             the MIT licence the vocabulary is distributed under
  reference_ids.jsonl      one caption a line: {"text": ..., "ids": [start, pieces..., end]} truncated as clip.tokenize
                           does (at most 77 ids, the last one the end token); padding is the model set's business

With --scenes-vocabulary DIR it also writes the miniature scenes model's tokenizer: CLIP's vocabulary cut down to
the 512 byte tokens, the merges that tokenizing the scenes world's words takes (in CLIP's order, so those words split
into exactly CLIP's pieces) and the two special tokens.

Run (python3 with the regex module: Debian's python3-regex):
  python3 clip_tokenizer_reference.py --clip-repo /path/to/CLIP --out ../Tokenizer/ClipVocabulary \
      --scenes-vocabulary ../../../tools/scenes-sd/tokenizer

ftfy.fix_text runs first in the reference. Debian 12 has no ftfy package: when it cannot be imported, an identity
stand-in is used, and the captions below are built from text that fix_text leaves alone (NFC, no curly quotes,
ligatures, full-width forms, control characters or mojibake), which this script checks.
"""
import argparse
import json
import os
import random
import re
import sys
import types
import unicodedata

CONTEXT_LENGTH = 77
SEED = 15

# --- captions -------------------------------------------------------------------------------------------------------
# The scenes world's phrases (src/Counterforge.Scenes/SceneVocabulary.cs); the agreement test checks that every phrase
# of the world appears in some caption here, so a new word there asks for this file to be regenerated.
SIZES = ["small", "medium", "large"]
COLORS = ["red", "orange", "yellow", "green", "blue", "purple", "white"]
SUBJECTS = ["star", "heart", "crescent", "arrow"]
BACKGROUNDS = ["on grass", "on water", "on sandy ground", "on snowy ground", "against a brick wall", "against a night sky"]
WEATHERS = ["in clear weather", "in the rain", "in falling snow", "in thick fog"]
TIMES = ["by day", "at dusk", "at night"]

# LANCE-style photo captions and the perturbations its language model writes (background, weather, colour, material,
# texture, time of day, size, adding an object).
LANCE_SUBJECTS = ["dog", "golden retriever", "tabby cat", "school bus", "espresso machine", "tree frog", "jellyfish",
                  "mountain bike", "hot-air balloon", "lighthouse", "red fox", "sea turtle", "teapot", "violin",
                  "sports car", "koala", "snow leopard", "pizza", "canoe", "barn owl", "giraffe", "umbrella",
                  "pickup truck", "flamingo", "strawberry", "grand piano", "tarantula", "cheeseburger"]
LANCE_CONTEXTS = ["on a beach", "in a forest", "on a city street", "in the snow", "in a desert", "underwater",
                  "in a kitchen", "on a wooden table", "in a field of flowers", "on a rainy street", "at sunset",
                  "in the fog", "on a mountain top", "in a living room", "next to a river", "on a frozen lake",
                  "in autumn leaves", "under a bridge", "at a train station", "in a rice paddy"]
LANCE_MODIFIERS = ["", "a painting of", "a close-up of", "a blurry photo of", "a black and white photo of",
                   "a cartoon of", "a sketch of", "a bright photo of", "a dark photo of", "a pixelated photo of"]
LANCE_ADJECTIVES = ["", "wooden", "metallic", "plastic", "furry", "striped", "spotted", "glass", "golden", "rusty",
                    "tiny", "giant", "neon", "crystal", "velvet", "marble", "knitted", "chrome"]
LANCE_ADDITIONS = ["", " with a hat", " wearing sunglasses", " next to a ball", " holding an apple",
                   " with a rainbow behind it", " surrounded by balloons", " with a red scarf"]

PUNCTUATION = [".", "!", "?", ",", ";", ":", "...", "!!", "?!", "-", "--", "(", ")", "[", "]", "{", "}", "\"", "'",
               "/", "\\", "|", "@", "#", "$", "%", "^", "&", "*", "+", "=", "~", "`", "<", ">", "_", "<3", ":)",
               ";-)", ":-(", "^_^", "-_-", "...!", "&&", "||", "->", "=>", "<=", "!=", "#1", "@home", "50%", "$5",
               "a/b", "and/or", "e.g.", "i.e.", "u.s.a.", "mr.", "dr.", "st.", "w/", "w/o"]
CONTRACTIONS = ["it's", "don't", "we'll", "they're", "i'm", "you've", "she'd", "can't", "won't", "that's",
                "IT'S", "DON'T", "We'Ll", "o'clock", "rock 'n' roll", "'quoted'", "dogs'", "the cat's toy",
                "'s", "''", "'''", "y'all'd've"]
HTML = ["&amp;", "&lt;3", "&gt;", "&quot;hello&quot;", "&#39;s", "&amp;amp;", "&nbsp;", "&copy; 2024", "&eacute;t&eacute;",
        "&hearts;", "AT&amp;T", "fish &amp; chips", "&#233;", "&#x1F600;", "&lt;b&gt;bold&lt;/b&gt;", "&mdash;", "&euro;5"]
NUMBERS = ["0", "7", "42", "1999", "2024", "3.14", "1,000", "10,000,000", "1920x1080", "4k", "360°", "-5", "+7",
           "1st", "2nd", "3rd", "21st", "100%", "12:30", "2024-05-01", "06/07/08", "v2.1.0", "007", "99.9%",
           "3/4", "1e10", "0x1F", "#42", "no. 9", "24/7", "1-2-3", "12345678901234567890", "½", "¾", "²", "³",
           "٣", "४", "๕", "Ⅻ", "⑤", "一二三"]
UNICODE = ["café", "naïve", "Zürich", "São Paulo", "Ångström", "façade", "jalapeño", "crème brûlée", "smörgåsbord",
           "Straße", "GROSSE", "Ελλάδα", "ΟΔΟΣ", "Σίσυφος", "Москва", "ёлка", "Україна", "東京", "北京烤鸭", "日本の桜",
           "ひらがな", "カタカナ", "한국어", "서울", "العربية", "עברית", "हिन्दी", "नमस्ते", "தமிழ்", "ไทย",
           "ქართული", "Հայերեն", "İstanbul", "IĞDIR", "ıi", "Ǆemal", "ǅ", "ǈ", "ß",
           "😀", "🐶🐱", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "☀", "★", "♥", "→", "∞", "≈", "€", "£", "¥", "©", "®", "™",
           "°C", "µm", "Ω", "𝐀𝐁𝐂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠀀𠀁", "𝟘𝟙", "a\u00a0b", "x\u2003y", "dot\u00b7dot",
           "ŁÓDŹ", "čevapčići", "Øresund", "ĳ", "ŉ", "œuvre", "Œuvre", "ǰ", "ΐ", "ẞ"]
WHITESPACE = [" ", "  ", "\t", "\n", " \n\t ", "\u2028", "\u00a0", "\u2009"]

# Characters ftfy.fix_text changes with its defaults (or that its mojibake detector reads as such): kept out of the
# captions so that an identity stand-in gives what the real fix_text would.
FTFY_SENSITIVE = set("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\ufeff") | \
    {chr(c) for c in range(0x00, 0x09)} | {"\x0b"} | {chr(c) for c in range(0x0e, 0x20)} | \
    {chr(c) for c in range(0x7f, 0xa0)} | {chr(c) for c in range(0xfb00, 0xfb07)} | \
    {chr(c) for c in range(0xff01, 0xffef)} | {"\u3000"}
# UTF-8 read as Latin-1 or Windows-1252 starts with one of these followed by a non-ASCII character ("Ã©" for "é").
MOJIBAKE_LEAD = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00ce\u00cf\u00d0\u00d1][^\x00-\x7f]")


def scene_caption(rng):
    return f"a {rng.choice(SIZES)} {rng.choice(COLORS)} {rng.choice(SUBJECTS)} {rng.choice(BACKGROUNDS)} " \
           f"{rng.choice(WEATHERS)} {rng.choice(TIMES)}"


def scene_edit(rng, caption):
    """One attribute phrase replaced by another of its kind, as the lexicon perturber and the exact editor do."""
    kind = rng.choice([SIZES, COLORS, BACKGROUNDS, WEATHERS, TIMES])
    present = [p for p in kind if f" {p} " in f" {caption} "]
    if not present:
        return caption
    return f" {caption} ".replace(f" {present[0]} ", f" {rng.choice([p for p in kind if p != present[0]])} ", 1).strip()


def lance_caption(rng):
    modifier = rng.choice(LANCE_MODIFIERS) or "a photo of"
    adjective = rng.choice(LANCE_ADJECTIVES)
    subject = f"{adjective} {rng.choice(LANCE_SUBJECTS)}".strip()
    article = "an" if subject[0] in "aeiou" else "a"
    return f"{modifier} {article} {subject}{rng.choice(LANCE_ADDITIONS)} {rng.choice(LANCE_CONTEXTS)}"


def sprinkle(rng, caption, pool, count, upper=True):
    """Inserts words from a pool between the caption's words, sometimes glued to a neighbour, some upper-cased."""
    words = caption.split(" ")
    for _ in range(count):
        piece = rng.choice(pool)
        i = rng.randrange(len(words) + 1)
        style = rng.random()
        if style < 0.3 and i > 0:
            words[i - 1] = words[i - 1] + piece
        elif style < 0.45 and upper:
            words.insert(i, piece.upper())
        else:
            words.insert(i, piece)
    separator = rng.choice(WHITESPACE) if rng.random() < 0.2 else " "
    return separator.join(words)


def captions():
    rng = random.Random(SEED)
    out = []
    for _ in range(700):  # scenes captions and their edits, some with the case and spacing a captioner might produce
        caption = scene_caption(rng)
        out.append(caption)
        out.append(scene_edit(rng, caption))
        if rng.random() < 0.2:
            out.append(caption.capitalize() + rng.choice([".", "!", " .", ""]))
    for _ in range(500):  # LANCE-style captions and edits
        out.append(lance_caption(rng))
    for pool, count in [(PUNCTUATION, 300), (CONTRACTIONS, 200), (HTML, 120), (NUMBERS, 300), (UNICODE, 400)]:
        for _ in range(count):
            base = scene_caption(rng) if rng.random() < 0.5 else lance_caption(rng)
            # Upper-case entity names are HTML 5's alone, which ClipTokenizer does not decode (see ClipTextCleaner).
            out.append(sprinkle(rng, base, pool, rng.randint(1, 4), upper=pool is not HTML))
    for pool in (PUNCTUATION, CONTRACTIONS, HTML, NUMBERS, UNICODE):  # every piece alone too
        out.extend(pool)
    for _ in range(150):  # longer than the 77-token context: truncation
        parts = [scene_caption(rng) if rng.random() < 0.5 else lance_caption(rng) for _ in range(rng.randint(4, 12))]
        out.append(rng.choice([", ", ". ", " and ", " "]).join(parts))
    out.append(" ".join(str(d) for d in range(200)))
    out.append("😀" * 100)
    out.append("")
    out.append("   ")
    seen, unique = set(), []
    for text in out:
        if text not in seen:
            seen.add(text)
            unique.append(text)
    # Upper-casing can decompose a letter ("ΐ".upper() is not NFC): such captions are left out.
    return [text for text in unique if not ftfy_would_change(text)]


def ftfy_would_change(text):
    return unicodedata.normalize("NFC", text) != text or bool(FTFY_SENSITIVE & set(text)) or bool(MOJIBAKE_LEAD.search(text))


# Words the miniature model is trained on: the scenes captions and the instructions InstructPix2Pix-style editors write.
SCENES_WORDS = SIZES + COLORS + SUBJECTS + BACKGROUNDS + WEATHERS + TIMES + \
    ["a", "make", "it", "look", "like", "the", "background", "color", "colour", "weather", "time", "size", "photo", "of"]


def write_truncated_vocabulary(tokenizer, out):
    """Keeps the merges that build the words' CLIP pieces: every merged token is the result of exactly one merge, so
    walking each final piece back to its two halves finds every merge the words use. With only those merges, in CLIP's
    rank order, BPE takes the same steps on these words (no merge it skipped is left to pre-empt one it took)."""
    producer = {"".join(pair): pair for pair in tokenizer.bpe_ranks}
    needed, stack = set(), []
    for phrase in SCENES_WORDS:
        stack.extend(tokenizer.decoder[i] for i in tokenizer.encode(phrase))
    while stack:
        token = stack.pop()
        if token in needed or token not in producer:
            continue
        needed.add(token)
        stack.extend(producer[token])
    merges = [pair for pair in sorted(tokenizer.bpe_ranks, key=tokenizer.bpe_ranks.get) if "".join(pair) in needed]
    byte_tokens = [t for t, i in sorted(tokenizer.encoder.items(), key=lambda e: e[1]) if i < 512]
    vocab = byte_tokens + ["".join(pair) for pair in merges] + ["<|startoftext|>", "<|endoftext|>"]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({token: i for i, token in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        f.writelines(f"{left} {right}\n" for left, right in merges)
    print(f"scenes vocabulary: {len(vocab)} tokens, {len(merges)} merges -> {out}")


# --- reference ------------------------------------------------------------------------------------------------------
def load_reference(clip_repo):
    try:
        import ftfy  # noqa: F401
    except ImportError:
        stand_in = types.ModuleType("ftfy")
        stand_in.fix_text = lambda text: text
        sys.modules["ftfy"] = stand_in
    sys.path.insert(0, os.path.join(clip_repo, "clip"))
    import simple_tokenizer
    return simple_tokenizer.SimpleTokenizer(os.path.join(clip_repo, "clip", "bpe_simple_vocab_16e6.txt.gz"))


def reference_ids(tokenizer, text):
    """clip.tokenize(text, truncate=True) without its zero padding."""
    start, end = tokenizer.encoder["<|startoftext|>"], tokenizer.encoder["<|endoftext|>"]
    ids = [start] + tokenizer.encode(text) + [end]
    if len(ids) > CONTEXT_LENGTH:
        ids = ids[:CONTEXT_LENGTH]
        ids[-1] = end
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clip-repo", required=True, help="a checkout of github.com/openai/CLIP")
    parser.add_argument("--out", required=True)
    parser.add_argument("--scenes-vocabulary", help="also write the miniature scenes model's tokenizer here")
    args = parser.parse_args()
    tokenizer = load_reference(args.clip_repo)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer.encoder, f, ensure_ascii=False)
    merges = sorted(tokenizer.bpe_ranks, key=tokenizer.bpe_ranks.get)
    with open(os.path.join(args.out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        f.writelines(f"{left} {right}\n" for left, right in merges)
    with open(os.path.join(args.clip_repo, "LICENSE"), encoding="utf-8") as src, \
            open(os.path.join(args.out, "LICENSE-CLIP"), "w", encoding="utf-8") as dst:
        dst.write("vocab.json and merges.txt hold the BPE vocabulary of github.com/openai/CLIP "
                  "(clip/bpe_simple_vocab_16e6.txt.gz), under its licence:\n\n" + src.read())
    texts = captions()
    with open(os.path.join(args.out, "reference_ids.jsonl"), "w", encoding="utf-8") as f:
        for text in texts:
            f.write(json.dumps({"text": text, "ids": reference_ids(tokenizer, text)}, ensure_ascii=False) + "\n")
    print(f"{len(texts)} captions, {len(tokenizer.encoder)} tokens, {len(merges)} merges -> {args.out}")
    if args.scenes_vocabulary:
        write_truncated_vocabulary(tokenizer, args.scenes_vocabulary)


if __name__ == "__main__":
    main()
