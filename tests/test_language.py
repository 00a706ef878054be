"""Language from the article's own text, for any language (extractors.language, py3langid).

Real pages: the 181 AEB pages (`../shared/benchmarks/aeb-text`, skipped when absent), labelled by
hand in `bench/aeb_languages.json` (the pages not in English; every other page is English)."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, TEXT_FIXTURES

from extractors import extract_html, extract_text
from extractors.language import SHORT_CHARS, identify

AEB_TEXT = ROOT.parent / "shared" / "benchmarks" / "aeb-text"
needs_aeb = pytest.mark.skipif(not (AEB_TEXT / "ground-truth.json").is_file(),
                               reason=f"benchmark not found at {AEB_TEXT} (it lives beside the checkout)")
# Whole-page dumps whose language does not hang on where the body starts or ends: the page's
# chrome and body are in the same language.
DUMPS = {
    "ko": "0ec95c7261d1",
    "pt": "23aaecd14171",
    "it": "20b2b64916b0",
    "ru": "c82b3d1d540b",
    "ja": "f105de6e63ca",
}


def _truth() -> dict[str, dict]:
    return json.loads((AEB_TEXT / "ground-truth.json").read_text(encoding="utf-8"))


def _labels(ids) -> dict[str, str]:
    other = json.loads((ROOT / "bench" / "aeb_languages.json").read_text(encoding="utf-8"))
    return {i: other.get(i, "en") for i in ids}


@needs_aeb
def test_every_aeb_body_gets_its_language():
    truth = _truth()
    want = _labels(truth)
    got = {i: identify(page["articleBody"]) for i, page in truth.items()}
    wrong = {i[:12]: (want[i], lang) for i, (lang, _) in got.items() if lang != want[i]}
    assert not wrong
    assert {"ko", "pt", "it", "ru", "ja"} <= set(want.values())
    assert min(conf for _, conf in got.values()) > 0.5


@needs_aeb
@pytest.mark.parametrize("lang", sorted(DUMPS))
def test_text_path_on_real_dumps(lang):
    truth = _truth()
    page_id = next(i for i in truth if i.startswith(DUMPS[lang]))
    assert _labels([page_id])[page_id] == lang
    dump = (AEB_TEXT / "text" / f"{page_id}.txt").read_text(encoding="utf-8")
    articles = extract_text(dump, truth[page_id]["url"])
    assert articles and articles[0].language == lang
    assert articles[0].language_confidence >= 0.9


def test_seeds_stay_english(seed_paths):
    for path in seed_paths:
        for art in extract_text(path.read_text(encoding="utf-8")):
            assert art.language == "en" and art.language_confidence >= 0.9, art.title
    for name in ("seed-000", "seed-001"):
        for art in extract_html((FIXTURES / "html" / f"{name}.html").read_bytes(), "https://news.example.test/"):
            assert art.language == "en", art.title


def test_declared_language_only_breaks_a_tie_on_a_very_short_text():
    long_english = TEXT_FIXTURES[0].read_text(encoding="utf-8")[:3000]
    assert identify(long_english, "pt")[0] == "en"  # a template's lang="pt" does not outvote the words
    short = "Coronavirus update"
    assert len(short) < SHORT_CHARS
    assert identify(short)[0] != "en"  # too short for the model alone
    assert identify(short, "en-US")[0] == "en"  # the page's declaration breaks the near-tie
    assert identify(short, "ja")[0] != "ja"  # but cannot name a language the model rules out
    assert identify("12 345 2024-05-01", "de") == ("de", None)  # no letters: only the declaration
    assert identify("12 345") == (None, None)


def test_text_without_a_declaration_still_gets_a_language():
    russian = "Правительство объявило о новых мерах поддержки малого бизнеса в регионах страны."
    assert identify(russian)[0] == "ru"
    korean = "정부는 지방 소상공인을 위한 새로운 지원 대책을 발표했다."
    assert identify(korean)[0] == "ko"


# Texts in several scripts and lengths for comparing two loads of the model.
SAMPLES = [
    "The harbour board approved a new slipway on Tuesday after a long meeting with the fishing fleet.",
    "Le conseil du port a approuvé mardi une nouvelle cale de halage après une longue réunion.",
    "Der Hafenrat hat am Dienstag nach langer Sitzung eine neue Slipanlage genehmigt.",
    "港湾委員会は火曜日、漁船団との長い会議の後、新しい船台を承認した。",
    "Портовый совет во вторник одобрил новый стапель после долгого совещания с рыбаками.",
    "항만 위원회는 화요일 어선단과의 긴 회의 끝에 새 선대를 승인했다.",
    "Coronavirus update",
    "12 345 ok",
]


def test_unpacked_model_cache_gives_py3langids_answers(tmp_path):
    """The model unpacked into the cache (built by the first load, mapped by the next) holds the
    arrays py3langid's own loader gives, so every answer is the same."""
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from extractors import langmodel

    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    built = langmodel.load_identifier(tmp_path)
    folder = tmp_path / langmodel.cache_key(langmodel.model_path())
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(f"{n}.npy" for n in langmodel.ARRAYS), "classes.json"])
    mapped = langmodel.load_identifier(tmp_path)
    assert isinstance(np.load(folder / "ptc.npy", mmap_mode="r"), np.memmap)
    for ident in (built, mapped):
        assert ident.nb_classes == own.nb_classes
        assert np.array_equal(ident.nb_ptc, own.nb_ptc) and np.array_equal(ident.nb_pc, own.nb_pc)
        for name in ("tk_nextmove", "tk_row", "tk_output"):
            assert list(getattr(ident, name)) == list(getattr(own, name)), name
        for text in SAMPLES:
            assert ident.rank(text) == own.rank(text) and ident.classify(text) == own.classify(text), text


def test_model_loads_without_a_usable_cache(tmp_path):
    """A cache that cannot be created (a file where the folder should be) or holds damaged arrays
    is no error: py3langid's own loader answers."""
    from extractors import langmodel

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert langmodel.load_identifier(blocked).classify(SAMPLES[2])[0] == "de"
    damaged = tmp_path / "cache"
    folder = damaged / langmodel.cache_key(langmodel.model_path())
    folder.mkdir(parents=True)
    (folder / "ptc.npy").write_bytes(b"\x93NUMPY broken")
    assert langmodel.load_identifier(damaged).classify(SAMPLES[1])[0] == "fr"


def test_model_cache_is_keyed_by_content_and_drops_per_install_copies(tmp_path):
    """Two installs of the same py3langid (the same model bytes, other file times) share one cached
    copy, and the copies the old time-keyed layout left (66 MB each) go when the cache is built."""
    import os
    import shutil

    from extractors import langmodel

    model = langmodel.model_path()
    twin = tmp_path / "install2" / model.name
    twin.parent.mkdir()
    shutil.copyfile(model, twin)
    os.utime(twin, ns=(1, 1))
    assert langmodel.cache_key(twin) == langmodel.cache_key(model)
    cache = tmp_path / "cache"
    stale = [cache / "langid-0.4.0-4586720-1796399896342314226-f1", cache / "langid-0.4.0-4586720-1796404930678873548-f1"]
    for folder in stale:
        folder.mkdir(parents=True)
        (folder / "ptc.npy").write_bytes(b"old")
    langmodel.load_identifier(cache)
    assert [p.name for p in cache.iterdir()] == [langmodel.cache_key(model)]
