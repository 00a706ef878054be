"""The dataset report a person looks at: written beside the JSONL at the end of the fixture crawl,
and for any JSONL by `python -m crawler.datasetreport`; checked as rendered by headless Chromium
(Debian's chromium and chromium-driver, which scripts/test.sh installs), not as an HTML string."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TEXT_FIXTURES
from crawl_helpers import Workdir, crawl_env

from crawler.datasetreport import figures_of
from extractors import extract_text


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven through Debian's chromedriver (selenium never downloads a driver here)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_exe = shutil.which("chromedriver")
    if chromium is None or driver_exe is None:
        pytest.fail("chromium or chromedriver is not installed; install the Debian packages chromium and "
                    "chromium-driver (scripts/test.sh does it with apt-get)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_exe), options=options)
    yield driver
    driver.quit()


def _rendered(driver, path: Path, shot: Path) -> dict:
    """What a person sees: visible text of the summary cards, the charts' drawn sizes and labels."""
    from selenium.webdriver.common.by import By

    driver.get(path.resolve().as_uri())
    driver.save_screenshot(str(shot))  # kept in the test's tmp dir for a look when it fails
    cards = {e.get_attribute("id"): e.text for e in driver.find_elements(By.CSS_SELECTOR, "#summary .n")}
    charts = {}
    for fig in driver.find_elements(By.CSS_SELECTOR, "figure.chart"):
        svg = fig.find_element(By.TAG_NAME, "svg")
        labels = [t.text for t in svg.find_elements(By.TAG_NAME, "text") if t.text]
        charts[fig.get_attribute("id")] = {"width": svg.size["width"], "height": svg.size["height"],
                                           "labels": labels, "visible": svg.is_displayed()}
    verdicts = [[td.text for td in row.find_elements(By.TAG_NAME, "td")]
                for row in driver.find_elements(By.CSS_SELECTOR, "#verdicts tr") if row.find_elements(By.TAG_NAME, "td")]
    scripts = driver.execute_script("return document.scripts.length + document.querySelectorAll('svg script').length")
    return {"cards": cards, "charts": charts, "verdicts": verdicts, "scripts": scripts}


@pytest.mark.slow
def test_fixture_crawl_writes_a_report_a_person_can_read(site, tmp_path, browser):
    server, _ = site
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    (jsonl,) = work.files()
    report = jsonl.with_name(jsonl.name.removesuffix(".jsonl") + ".report.html")
    assert work.report()["report"] == str(report) and report.is_file()
    crawl = work.report()
    dropped = sum(v for k, v in crawl.items() if k.startswith("dropped/") and not k.startswith("dropped/invalid/"))

    seen = _rendered(browser, report, tmp_path / "report.png")
    assert seen["scripts"] == 0  # a static page: nothing runs, nothing is fetched
    assert seen["cards"]["written"] == "10" == str(len(work.records()))
    assert seen["cards"]["dropped-total"] == str(dropped) and dropped > 0
    assert seen["cards"]["near-rate"] == "0.0%"
    assert seen["cards"]["monitors"] == "6/6"
    assert {"chart-dropped", "chart-languages", "chart-sources", "chart-per-day", "chart-lengths",
            "chart-coverage"} <= set(seen["charts"])
    for chart_id, chart in seen["charts"].items():
        assert chart["visible"] and chart["width"] > 300 and chart["height"] > 150, chart_id
    assert "en" in seen["charts"]["chart-languages"]["labels"]
    assert "China Briefing" in seen["charts"]["chart-sources"]["labels"]
    assert "duplicate/url" in seen["charts"]["chart-dropped"]["labels"]
    assert len(seen["verdicts"]) == 6 and all(v[1] == "passed" for v in seen["verdicts"])


def test_report_command_for_any_jsonl_counts_copies_inside_the_file(tmp_path):
    records = [a.to_dict() for p in TEXT_FIXTURES for a in extract_text(p.read_text(encoding="utf-8"))]
    first = records[0]
    words = first["text"].split()
    words[len(words) // 2] = "retouched"
    near = {**first, "id": "f" * 24, "url": None, "text": " ".join(words), "content_hash": "e" * 64}
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in [*records, near]) + "{torn", encoding="utf-8")

    proc = subprocess.run([sys.executable, "-m", "crawler.datasetreport", str(jsonl), str(tmp_path / "missing.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, env=crawl_env(), timeout=120)
    assert proc.returncode == 1 and "missing.jsonl: no such file" in proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "dump.report.html")
    assert "Traceback" not in proc.stderr

    fig = figures_of([*records, near], "dump", check_duplicates=True)
    assert fig.written == 9
    assert fig.exact_in_file == 2  # the two posts both seed pages carry
    assert fig.near_in_file == 1  # the retouched copy
    assert fig.languages == [("en", 9)] and not fig.stats_known


@pytest.mark.slow
def test_report_of_a_file_without_crawl_stats_renders(tmp_path, browser):
    records = [a.to_dict() for p in TEXT_FIXTURES for a in extract_text(p.read_text(encoding="utf-8"))]
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "crawler.datasetreport", str(jsonl)], cwd=ROOT, check=True,
                   capture_output=True, env=crawl_env(), timeout=120)
    seen = _rendered(browser, tmp_path / "dump.report.html", tmp_path / "dump.png")
    assert seen["cards"]["written"] == "8" and seen["cards"]["exact-in-file"] == "2"
    assert "near-rate" not in seen["cards"] and not seen["verdicts"]  # nothing claimed that is not known
    assert "chart-dropped" not in seen["charts"] and "chart-languages" in seen["charts"]
