"""py3langid's model, unpacked once per machine and memory-mapped by every process after that.

py3langid ships its model LZMA-packed (4.5 MB, 68 MB unpacked); unpacking it costs about 0.6 s of
CPU, in every process that identifies a language: the CLI, each crawl worker, each test process.
The first process unpacks it as py3langid does and writes the arrays, uncompressed, to a cache
directory (`cache_dir()`: $CLEANWIRE_CACHE_DIR, else $XDG_CACHE_HOME/cleanwire, else
~/.cache/cleanwire), keyed by py3langid's version and a hash of the model file's bytes (not its time:
every new virtualenv would write another 66 MB copy of the same model); later processes map those
files instead (a few milliseconds; forked workers share the pages, which stay
clean). The arrays are the ones py3langid loads, so every answer is the same (tests/test_language.py
compares both on every array and on texts). A cache that cannot be written or read is no error:
the model is then loaded as py3langid loads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

# Bump when the files written change shape or key: an old cache is then ignored, not misread.
CACHE_FORMAT = 2
# Folders of format 1 were keyed by the model file's time, one per install; a new build removes them.
STALE_FORMATS = ("f1",)
# The arrays kept, as py3langid 0.4's `load_model` returns them (`classes` goes to a JSON list).
ARRAYS = ("ptc", "pc", "nextmove", "nextmove_row", "out_feat")


def cache_dir() -> Path:
    """Where cleanwire keeps what it builds once per machine."""
    if env := os.environ.get("CLEANWIRE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleanwire"


def model_path() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_key(model: Path) -> str:
    import py3langid

    with model.open("rb") as packed:  # 4.5 MB: about 5 ms, against 0.6 s to unpack it
        digest = hashlib.file_digest(packed, "blake2b").hexdigest()[:16]
    version = getattr(py3langid, "__version__", "0")
    return f"langid-{version}-{digest}-f{CACHE_FORMAT}"


def load_identifier(cache: Path | None = None) -> Any:
    """py3langid's `LanguageIdentifier` (probabilities normalised), from the unpacked cache when
    there is one (built now when there is not)."""
    from py3langid.langid import LanguageIdentifier

    try:
        model = model_path()
        folder = (cache or cache_dir()) / cache_key(model)
        arrays = _mapped(folder) if folder.is_dir() else _build(model, folder)
    except (OSError, ValueError, KeyError, ImportError):
        arrays = None  # a model py3langid lays out otherwise, or no cache: its own loader
    if arrays is None:
        from py3langid.langid import MODEL_FILE

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ptc, pc, classes, nextmove, row, output = arrays
    return LanguageIdentifier(ptc, pc, classes, _ints(nextmove), _ints(output), norm_probs=True, tk_row=_ints(row))


def _build(model: Path, folder: Path) -> tuple[Any, ...] | None:
    """Unpack the model with py3langid's own loader, write its arrays under `folder` (atomically: a
    temporary folder renamed), and return them mapped; None when this py3langid lays its model out
    otherwise (before 0.4)."""
    import numpy as np
    from py3langid import modelio

    if not hasattr(modelio, "expand_nextmove"):
        return None
    ptc, pc, classes, nextmove, row, output = modelio.load_model(model)
    arrays = {"ptc": np.asarray(ptc), "pc": np.asarray(pc),
              "nextmove": np.frombuffer(nextmove, dtype=nextmove.typecode),
              "nextmove_row": np.frombuffer(row, dtype=row.typecode),
              "out_feat": np.asarray(output, dtype=np.int32)}
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        (tmp / "classes.json").write_text(json.dumps(list(classes)), encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp made it private; it holds nothing that is
        try:
            tmp.rename(folder)
        except OSError:
            if not folder.is_dir():  # another process that built it at the same time won: keep its copy
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(folder.parent)
    return _mapped(folder)


def _prune(cache: Path) -> None:
    """Remove the copies an older key wrote (one per install of the same model)."""
    for old in cache.glob("langid-*"):
        if old.is_dir() and old.name.rsplit("-", 1)[-1] in STALE_FORMATS:
            shutil.rmtree(old, ignore_errors=True)


def _mapped(folder: Path) -> tuple[Any, ...]:
    """(ptc, pc, classes, nextmove, nextmove_row, out_feat), the arrays mapped read-only."""
    import numpy as np

    # np.asarray: plain arrays over the mapping (a memmap subclass costs a little on every use)
    mapped = {name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)) for name in ARRAYS}
    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    if len(classes) != len(mapped["pc"]) or mapped["ptc"].shape[1] != len(classes):
        raise ValueError(f"{folder}: arrays do not fit together")
    return (mapped["ptc"], mapped["pc"], classes, mapped["nextmove"], mapped["nextmove_row"], mapped["out_feat"])


def _ints(array: Any) -> memoryview:
    """A flat integer array as py3langid's DFA walk indexes it (its loader makes a stdlib `array`;
    a memoryview of the mapping indexes the same, without a copy)."""
    return memoryview(array).cast("B").cast(array.dtype.char)
