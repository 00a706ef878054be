"""Chrome learned across pages: a site's own navigation, footer, blurb and sidebar, which no pattern
row knows, leave every article's text once the site's pages are read together; no body paragraph
goes with them."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from batch.chrome import ChromeMemory, main
from batch.spill import SHELF_PREFIX
from extractors import extract_html, extract_text
from extractors.chrome import LearnedChrome, fingerprint, owners_of
from extractors.patterns import match

PAGES = 24
# The site's furniture, in words no pattern row knows (the test checks that first).
NAV = ["Quayside Gazette front page", "Harbour council and planning", "Fishing fleet and markets",
       "Letters from the lighthouse", "Weekend tide almanac"]
BLURB = ("The Quayside Gazette is owned by the people who read it, paid for by subscriptions and put "
         "together each night in a converted net loft on the north pier.")
SIDEBAR = ["Most read on the quays this week", "Tide tables for the week ahead are updated every morning at six, "
           "with the harbour master's notes on swell and wind."]
FOOTER = ["Quayside Gazette Ltd, 4 Net Loft Lane, Harbourtown, registered in the county of Westmarch.",
          "Corrections go to the readers' editor within thirty days of publication, by post or in person."]
CHROME = [*NAV, BLURB, *SIDEBAR, *FOOTER]

SUBJECTS = ["The harbour board", "A trawler skipper", "The ferry operator", "Councillors", "The lifeboat crew",
            "Shellfish growers", "The marina manager", "Dock workers", "The coastguard", "Boatyard owners"]
VERBS = ["approved", "questioned", "delayed", "welcomed", "costed", "rejected", "surveyed", "extended"]
OBJECTS = ["a new slipway", "the winter timetable", "dredging of the north channel", "a fish market roof",
           "night landings", "the breakwater repairs", "mooring fees", "a second pontoon", "the ice plant"]
WHEN = ["on Tuesday", "after a long meeting", "this spring", "at short notice", "for the third time",
        "despite objections", "without a vote", "before the storm season"]


def article(rng: random.Random, n: int) -> tuple[str, list[str]]:
    """A title and 3-6 paragraphs no other generated article shares."""
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (report {n})"
    paragraphs = []
    for k in range(rng.randint(3, 6)):
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(WHEN)}"
                     for _ in range(rng.randint(2, 3))]
        paragraphs.append(". ".join(sentences) + f", the Gazette's reporter noted in note {n}-{k}.")
    return title, paragraphs


def site_pages() -> list[tuple[str, str, list[str]]]:
    """(dump, title, body paragraphs) of each generated page of one site."""
    rng = random.Random(8)
    pages = []
    for n in range(PAGES):
        title, body = article(rng, n)
        lines = [f"{title} - Quayside Gazette", *NAV, "Harbour", title, "By Morwenna Tregear",
                 f"March {n + 1}, 2024", *body, BLURB, *SIDEBAR, *FOOTER]
        pages.append(("\n\n".join(lines) + "\n", title, body))
    return pages


def url(n: int) -> str:
    return f"https://quayside-gazette.example/2024/03/report-{n}/"


def test_a_fingerprint_is_that_of_the_paragraphs_words_whatever_its_script(seed_paths):
    """The fingerprint's ASCII shortcut reads the words the Unicode rule reads: the same fingerprint
    for every line of the seeds, every ASCII character, and the same words in other case, spacing,
    punctuation or Unicode form."""
    import hashlib
    import re
    import unicodedata

    def by_the_rule(text: str) -> str | None:
        words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
        return hashlib.blake2b(" ".join(words).encode(), digest_size=8).hexdigest() if len(words) >= 3 else None

    lines = [line for path in seed_paths for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["".join(map(chr, range(128))), "one\x0btwo\x1fthree", "snake_case words_here ok", "a b"]
    assert sum(line.isascii() for line in lines) > 100 and sum(not line.isascii() for line in lines) > 5
    for line in lines:
        assert fingerprint(line) == by_the_rule(line), line
    same = ["Harbour board approves the slipway", "HARBOUR  board, approves -- the slipway!",
            "Harbour board approves the slipway\u2026", "\uff28arbour board approves the slipway"]
    assert len({fingerprint(text) for text in same}) == 1


def test_the_generated_chrome_is_unknown_to_the_pattern_table():
    assert all(match(line) is None for line in CHROME)


def test_learned_chrome_leaves_every_text_and_no_body_paragraph_goes():
    pages = site_pages()
    leaked = [p for (dump, _, _), n in zip(pages, range(PAGES), strict=True)
              for a in extract_text(dump, url(n)) for p in a.text.split("\n\n") if p in CHROME]
    assert leaked, "without learning some of this site's chrome reaches text (else the test shows nothing)"

    memory = ChromeMemory(min_pages=3, min_share=0.3)
    for n, (dump, _, _) in enumerate(pages):  # pass 1: learn from every page
        arts = extract_text(dump, url(n))
        memory.observe("quayside-gazette.example", url(n), owners_of(arts, url(n), dump.split("\n\n")))
    learned = memory.learned("quayside-gazette.example")
    assert all(line in learned for line in CHROME)
    for n, (dump, title, body) in enumerate(pages):  # pass 2: apply
        (art,) = extract_text(dump, url(n), chrome=memory)
        paragraphs = art.text.split("\n\n")
        assert not set(paragraphs) & set(CHROME), f"page {n}"
        assert paragraphs == body, f"page {n}: a body paragraph was lost or chrome kept"
        assert art.title == title and art.authors[0].name == "Morwenna Tregear" and art.category == "Harbour"


def test_a_teaser_quoted_on_many_pages_stays_its_articles_text():
    """Exactly one article owns the teaser's paragraph: the pages quoting it do not make it chrome."""
    memory = ChromeMemory(min_pages=3, min_share=0.3)
    own = "The ferry operator extended the winter timetable, the harbour board said on Friday evening."
    for n in range(10):
        memory.observe("s", f"p{n}", {f"p:p{n}": {own, f"Line {n} of the page furniture here"}})
    assert own in memory.learned("s")  # quoted on ten pages and owned by no article: chrome
    memory.observe("s", "own-page", {"a:the-article": {own}})
    assert own not in memory.learned("s")  # its own article owns it


def test_a_series_sentence_in_a_few_articles_is_not_chrome():
    memory = ChromeMemory(min_pages=3, min_share=0.3)
    series = "This is the third part of our series on the working harbour and its people."
    for n in range(20):
        paragraphs = {f"Paragraph {n} tells a story of its own about the quays."}
        if n < 4:
            paragraphs.add(series)
        memory.observe("s", f"p{n}", {f"a:{n}": paragraphs})
    assert series not in memory.learned("s")  # 4 of 20 pages: under the share


def test_never_more_than_half_a_post_and_the_html_path_drops_learned_paragraphs():
    html = ("<html><head><title>Spring tides arrive early</title></head><body><article><h1>Spring tides arrive early</h1>"
            "<p>The spring tides arrived two days early this year, flooding the lower quay car park twice.</p>"
            "<p>Harbour staff moved the fish boxes to the upper quay before the second tide came in.</p>"
            f"<p>{BLURB}</p></article></body></html>")
    plain = extract_html(html, "https://quayside-gazette.example/tides/")[0]
    assert BLURB in plain.text
    learned = LearnedChrome(frozenset({fingerprint(BLURB)}))
    art = extract_html(html, "https://quayside-gazette.example/tides/", chrome=learned)[0]
    assert BLURB not in art.text and art.text.startswith("The spring tides") and learned.dropped == 1
    everything = LearnedChrome(frozenset(fingerprint(p) for p in plain.text.split("\n\n")))
    kept = extract_html(html, "https://quayside-gazette.example/tides/", chrome=everything)[0]
    assert kept.text == plain.text and everything.dropped == 0


def test_every_owner_counts_once_in_a_runs_memory_and_in_a_store(tmp_path):
    """However often a page is seen, each of a paragraph's owners counts once, in the run's
    temporary database as in a store file; singletons are pruned, what repeats stays."""
    store = ChromeMemory(tmp_path / "chrome.sqlite3")
    memory = ChromeMemory()
    site = "quayside-gazette.example"
    for target in (store, memory):
        for n in range(12):
            owners = {f"a:post{n}": {BLURB}, f"p:p{n}": {BLURB, f"Unique line number {n} here"}}
            target.observe(site, f"p{n}", owners)
            target.observe(site, f"p{n}", owners)  # the same page again
    assert store.listing(site) == [(24, BLURB)] and memory.listing(site) == [(24, "?")]
    assert store.sites() == memory.sites() == [(site, 12)]
    store.close()
    memory.close()


def test_a_store_written_before_the_counts_table_is_read_with_its_counts(tmp_path):
    """A chrome store from an earlier version (pages, owners and samples only) is counted from its
    owners when opened: what it learned stays learned."""
    import sqlite3

    path = tmp_path / "chrome.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE pages (site TEXT, page TEXT, PRIMARY KEY (site, page));"
                      "CREATE TABLE owners (site TEXT, fp TEXT, owner TEXT, PRIMARY KEY (site, fp, owner));"
                      "CREATE TABLE samples (site TEXT, fp TEXT, text TEXT, PRIMARY KEY (site, fp));")
    fp = fingerprint(BLURB)
    for n in range(5):
        old.execute("INSERT INTO pages VALUES ('s', ?)", (f"p{n}",))
        old.execute("INSERT INTO owners VALUES ('s', ?, ?)", (fp, f"p:p{n}"))
    old.execute("INSERT INTO samples VALUES ('s', ?, ?)", (fp, BLURB))
    old.commit()
    old.close()
    memory = ChromeMemory(path)
    assert BLURB in memory.learned("s") and memory.listing("s") == [(5, BLURB)]
    memory.observe("s", "p5", {"p:p5": {BLURB}})
    assert memory.listing("s") == [(6, BLURB)]
    memory.close()


def test_a_chrome_store_that_cannot_be_used_stops_the_run_with_one_line(tmp_path):
    """A --chrome-store that is no database: exit 2, one line naming the file and the ways out, no
    traceback, no output file."""
    store = tmp_path / "notes.sqlite3"
    store.write_text("my notes, not a database\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli(str(FIXTURES / "site"), "-o", str(out), "--chrome-store", str(store))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and str(store) in lines[0] and "not a database" in lines[0], lines
    assert "--no-learn-chrome" in lines[0] and not out.exists()
    assert store.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_the_store_persists_and_lists_what_it_learned(tmp_path, capsys):
    store = tmp_path / "chrome.sqlite3"
    memory = ChromeMemory(store)
    for n in range(5):
        memory.observe("quayside-gazette.example", f"p{n}", {f"p:p{n}": {BLURB, f"Unique line number {n} here"}})
    memory.close()
    reopened = ChromeMemory(store)
    assert BLURB in reopened.learned("quayside-gazette.example") and len(reopened.learned("quayside-gazette.example")) == 1
    reopened.close()
    assert main(["--store", str(store), "list", "quayside-gazette.example"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [f"5\t{BLURB}"]


@pytest.mark.parametrize("flags", [[], ["--chrome-store", "STORE"]])
def test_cli_learns_a_directory_before_extracting_it(tmp_path, flags):
    site = tmp_path / "quayside"
    site.mkdir()
    pages = site_pages()
    for n, (dump, _, _) in enumerate(reversed(pages)):  # file order is not page order
        (site / f"{n:03d}.txt").write_text(dump, encoding="utf-8")
    args = [a.replace("STORE", str(tmp_path / "chrome.sqlite3")) for a in flags]
    proc = run_cli(str(site), *args)
    assert proc.returncode == 0, proc.stderr
    arts = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(arts) == PAGES
    bodies = {title: body for _, title, body in pages}
    for a in arts:
        assert a["text"].split("\n\n") == bodies[a["title"]]
    assert b"learned chrome" in proc.stderr


# A section label and a writer's name of three words each over every post of a site: learned as the
# site's chrome (lines of three words and more are), and still each post's category and byline.
SECTION = "Harbour and Coast"
WRITER = "Morwenna Jane Tregear"


def test_a_sites_section_and_writer_over_every_post_are_learned_and_still_read_as_its_header(tmp_path):
    """Learning must not cost a site's tenth page what its first page reads: the header reads a
    learned line as the page prints it; only the text loses it."""
    rng = random.Random(11)
    site = tmp_path / "harbour"
    site.mkdir()
    for n in range(6):
        title, body = article(rng, n)
        lines = [*NAV, SECTION, title, WRITER, f"March {n + 1}, 2024", *body]
        (site / f"{n}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    headers, stderr = {}, {}
    for flags in ([], ["--no-learn-chrome"]):
        proc = run_cli(str(site), *flags)
        assert proc.returncode == 0, proc.stderr
        arts = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        assert not any(SECTION in a["text"] or WRITER in a["text"] for a in arts)
        headers[bool(flags)] = sorted((a["title"], a["category"], tuple(x["name"] for x in a["authors"]),
                                       a["published"]) for a in arts)
        stderr[bool(flags)] = proc.stderr
    assert b"learned chrome: 7 paragraph(s)" in stderr[False]  # the menu, the label, the name
    assert headers[False] == headers[True]
    assert {(category, names) for _, category, names, _ in headers[False]} == {(SECTION, (WRITER,))}
    assert sorted(published for *_, published in headers[False]) == [f"2024-03-0{n + 1}" for n in range(6)]


def test_a_forum_regulars_name_on_every_thread_is_learned_and_still_names_each_threads_starter(tmp_path):
    """The same holds for a forum's poster card: a regular's name over "Posts" / "Joined" on every thread
    of a site is learned, and still names each thread's starter."""
    rng = random.Random(12)
    site = tmp_path / "forum"
    site.mkdir()
    for n in range(6):
        title, body = article(rng, n)
        lines = [*NAV, title, WRITER, f"Posts: {100 + 7 * n}", "Joined: Mar 2020", *body, "Reply"]
        (site / f"{n}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    for flags in ([], ["--no-learn-chrome"]):
        proc = run_cli(str(site), *flags)
        assert proc.returncode == 0, proc.stderr
        arts = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        assert len(arts) == 6 and all([x["name"] for x in a["authors"]] == [WRITER] for a in arts), flags
        assert not any(WRITER in a["text"] for a in arts)


def html_pages() -> list[tuple[str, str, list[str]]]:
    """(HTML, title, body paragraphs) of posts whose article carries the site's sidebar note and blurb."""
    rng = random.Random(5)
    pages = []
    for n in range(10):
        title, body = article(rng, n)
        paragraphs = "".join(f"<p>{p}</p>" for p in [*body[:2], SIDEBAR[1], *body[2:], BLURB])
        pages.append((f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
                      f"</article></body></html>", title, body))
    return pages


def test_cli_output_is_the_same_whatever_the_order_of_the_inputs(tmp_path):
    """One extraction pass learns as the two passes did: the same paragraphs learned and dropped,
    the same records as reading each page with the site's learned chrome, for inputs given in any
    order (text dumps, whose tagger weighs learned lines, and HTML pages), read in this process or
    by workers; nothing the run kept on disk outlives it."""
    from batch.chrome import ChromeMemory as Memory
    from batch.runner import file_site

    files = []
    for folder, suffix, pages in (("text", ".txt", [d for d, _, _ in site_pages()]),
                                  ("html", ".html", [h for h, _, _ in html_pages()])):
        (tmp_path / folder).mkdir()
        for n, content in enumerate(pages):
            path = tmp_path / folder / f"{n:03d}{suffix}"
            path.write_text(content, encoding="utf-8")
            files.append((path, "text" if suffix == ".txt" else "html", content))
    # what reading every page with its site's chrome, learned from all of them beforehand, gives
    memory = Memory()
    for path, kind, content in files:
        page = path.resolve().as_uri()
        arts = extract_text(content, page) if kind == "text" else extract_html(content, page)
        lines = (line.strip() for line in content.split("\n")) if kind == "text" else ()
        memory.observe(file_site(path, None), page, owners_of(arts, page, lines))
    expected = sorted(json.dumps(a.to_dict(), ensure_ascii=False) for path, kind, content in files
                      for a in (extract_text if kind == "text" else extract_html)(
                          content, path.resolve().as_uri(), chrome=memory.learned(file_site(path, None))))
    assert sum(BLURB in line for line in expected) == 0 and len(expected) == len(files)
    learned = sum(len(memory.learned(site)) for site, _ in memory.sites())
    dropped = sum(memory.learned(site).dropped for site, _ in memory.sites())

    outputs = []
    for seed, jobs in ((1, "1"), (2, "2")):  # read here, or by two workers that keep their readings on disk
        order = [str(path) for path, _, _ in files]
        random.Random(seed).shuffle(order)
        temp = tmp_path / f"temp-{seed}"
        temp.mkdir()
        proc = run_cli(*order, "-j", jobs, env={"TMPDIR": str(temp)})
        assert proc.returncode == 0, proc.stderr
        assert not list(temp.iterdir())  # what the run kept on disk went with it
        assert f"learned chrome: {learned} paragraph(s) over 2 site(s); {dropped} dropped".encode() in proc.stderr
        lines = proc.stdout.decode().splitlines()
        assert [json.loads(line)["page_url"] for line in lines] == [Path(p).resolve().as_uri() for p in order]
        outputs.append(sorted(lines))
    assert outputs[0] == outputs[1] == expected


def learning_run(tmp_path: Path, copies: int) -> tuple[list[str], dict[str, str], Path]:
    """The CLI over `copies` copies of the fixture site (each a site of its own: its folder), learning
    chrome on two workers, with its own temporary directory: (argv, environment, that directory)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    for n in range(copies):
        shutil.copytree(FIXTURES / "site", tmp_path / "sites" / f"copy-{n}")
    argv = [sys.executable, "-m", "extractors", str(tmp_path / "sites"), "-o", str(tmp_path / "out.jsonl"), "-j", "2"]
    return argv, {**os.environ, "TMPDIR": str(temp)}, temp


def test_a_learning_run_stopped_by_sigterm_leaves_nothing_behind_and_the_next_clears_a_killed_ones(tmp_path):
    """A run learning chrome keeps its pages' readings on disk (as much as its input): stopped by
    SIGTERM, it exits with 143 and a line, without a traceback, an output file or its shelf; the
    shelf of a run killed outright (its process gone) is removed by the next run."""
    argv, env, temp = learning_run(tmp_path, 12)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = temp / f"{SHELF_PREFIX}{int(gone.stdout)}-x1y2"
    killed.mkdir()
    (killed / "123").write_bytes(b"readings of a run killed with SIGKILL")
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until a worker has put a page's reading on the run's shelf
        shelves = [p for p in temp.iterdir() if p.name.startswith(f"{SHELF_PREFIX}{proc.pid}-")]
        if shelves and any(shelves[0].iterdir()):
            break
        time.sleep(0.02)
    assert shelves and not killed.exists()  # the killed run's shelf went as this one started
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert b"terminated" in stderr and b"Traceback" not in stderr
    assert not list(temp.iterdir()) and not list(tmp_path.glob("*out.jsonl*"))


def test_a_learning_run_without_room_for_its_readings_says_where_and_what_to_do(tmp_path):
    """Files limited to 64 kB (RLIMIT_FSIZE: what a full temporary directory does sooner or later):
    the run stops with one line naming the temporary directory and the ways out, no traceback, and
    leaves no shelf and no output file."""
    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    argv, env, temp = learning_run(tmp_path, 3)
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=120, preexec_fn=small_files)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and str(temp) in lines[0] and "TMPDIR" in lines[0] and "--no-learn-chrome" in lines[0], lines
    assert not list(temp.iterdir()) and not list(tmp_path.glob("*out.jsonl*"))


@pytest.mark.slow
def test_crawl_learns_a_sites_blurb_and_a_rerun_writes_texts_without_it(tmp_path):
    """A real crawl of a generated site whose every post carries a publisher blurb no rule knows:
    the crawl counts it (stats), drops it once learned, and the next run rewrites the posts the
    first run wrote before it had learned it."""
    from crawl_helpers import Workdir

    from crawler.localsite import LocalSite

    rng = random.Random(3)
    root = tmp_path / "site"
    links = []
    for n in range(12):
        title, body = article(rng, n)
        paragraphs = "".join(f"<p>{p}</p>" for p in [*body, BLURB])
        (root / f"post-{n}").mkdir(parents=True)
        (root / f"post-{n}" / "index.html").write_text(
            f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
            f"</article></body></html>", encoding="utf-8")
        links.append(f'<li><a href="/post-{n}/">{title}</a></li>')
    (root / "index.html").write_text(f"<html><body><ul>{''.join(links)}</ul></body></html>", encoding="utf-8")
    with LocalSite(root) as server:
        work = Workdir(tmp_path / "run")
        args = ("-a", f"start_urls={server.base}/", "-a", "allowed_domains=127.0.0.1")
        work.crawl(*args, CHROME_REFRESH="0")
        first = work.report()
        assert first["written"] == 12
        assert first["chrome/learned"] >= 1 and first["chrome/dropped"] >= 1
        assert sum(BLURB in r["text"] for r in work.records()) == 12 - first["chrome/dropped"]
        store = work.root / ".chrome.sqlite3"
        assert store.is_file()
        written_before = {path: path.read_text() for path in work.files()}
        work.crawl(*args, CHROME_REFRESH="0")
        second = work.report()
        assert second["changed"] == 12 - first["chrome/dropped"] and second["chrome/dropped"] == 12
        rewritten = [json.loads(line) for path in work.files() if path not in written_before
                     for line in path.read_text().splitlines()]
        assert len(rewritten) == second["changed"] and all(BLURB not in r["text"] for r in rewritten)
    listed = run_cli_chrome(store)
    assert BLURB in listed


def run_cli_chrome(store) -> str:
    proc = subprocess.run([sys.executable, "-m", "batch.chrome", "--store", str(store), "list", "127.0.0.1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout
