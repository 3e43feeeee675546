"""Open the explorer of a build in headless Chromium as a reader would, time it, look at it.

    python benchmarks/explorer.py BUILD [--search NAME] [--screenshot PNG]

Writes the page afresh from the saved build (``kg html BUILD``, timed), opens it from disk
in Debian's headless Chromium (selenium + chromium-driver, as the browser tests) and measures
the time from navigation to a settled first screen (layout done, physics off, labels chosen:
``window.kg.ready``), the entities drawn and in the page, and how many labels vis-network
draws legibly (11 px or more) at the first zoom. With ``--search`` it then types the name,
presses Enter and waits for the card; ``--screenshot`` saves the window (1400×900) at the end.
Prints one JSON line; the README's explorer table is made from it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
         "--lang=zh-CN"]


def _wait_ready(driver, timeout: float) -> float:
    t0 = time.perf_counter()
    time.sleep(0.2)
    while not driver.execute_script("return !!(window.kg && window.kg.ready)"):
        if time.perf_counter() - t0 > timeout:
            raise SystemExit("the page did not settle")
        time.sleep(0.05)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--search")
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    work = Path(tempfile.mkdtemp(prefix="kg-explorer-"))
    page = work / "graph.html"
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "html", str(args.build), "--out", str(page)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.strip())
    render_s = time.perf_counter() - t

    os.environ.setdefault("SE_OFFLINE", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={work / 'profile'}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(args.timeout)
    try:
        t = time.perf_counter()
        driver.get(page.resolve().as_uri())
        loaded_s = time.perf_counter() - t
        settle_s = loaded_s + _wait_ready(driver, args.timeout)
        counts = driver.execute_script("return kg.counts()")
        labels = driver.execute_script("return kg.labelState()")
        result = {
            "build": str(args.build), "page_mb": round(page.stat().st_size / 1e6, 1),
            "render_s": round(render_s, 2), "open_and_settle_s": round(settle_s, 2),
            "entities_in_page": counts["totalNodes"], "relations_in_page": counts["totalEdges"],
            "drawn": counts["drawn"], "readable_labels": len(labels["readable"]),
        }
        if args.search:
            box = driver.find_element(By.ID, "search")
            t = time.perf_counter()
            box.send_keys(args.search)
            time.sleep(0.4)
            box.send_keys(Keys.ENTER)
            result["search_to_card_s"] = round(time.perf_counter() - t + _wait_ready(driver, args.timeout), 2)
            result["card"] = driver.execute_script("return document.getElementById('card').dataset.key || null")
            time.sleep(0.3)
        if args.screenshot:
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            driver.execute_script("document.querySelectorAll('.vis-tooltip').forEach(function (t) "
                                  "{ t.style.visibility = 'hidden'; })")
            driver.save_screenshot(str(args.screenshot))
            result["screenshot"] = str(args.screenshot)
    finally:
        driver.quit()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
