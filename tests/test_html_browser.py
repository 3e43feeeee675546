"""The HTML explorer in a real headless Chromium (Debian's chromium + chromium-driver, via Selenium).

Skips (with the reason) when selenium, /usr/bin/chromium or /usr/bin/chromedriver is missing.
Override the paths with KG_CHROMIUM / KG_CHROMEDRIVER.  Saves a screenshot (to KG_SCREENSHOT if set, e.g. docs/screenshot.png for the README; else a temp file).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from kg.export.html import write_html
from kg.model import Build

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
INTERNAL = ("data:", "about:", "chrome://", "chrome-untrusted://")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=zh-CN",
]

# the hand-made builds live in test_html.py; load it by path (works with or without tests/__init__.py)
_spec = importlib.util.spec_from_file_location("_kg_html_builds", Path(__file__).with_name("test_html.py"))
builds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builds)


@pytest.fixture(scope="module")
def driver():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"chromium not installed at {CHROMIUM} (apt-get install chromium chromium-driver)")
    if not (os.path.isfile(CHROMEDRIVER) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip(f"chromedriver not installed at {CHROMEDRIVER} (apt-get install chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager go online
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    drv.get("about:blank")
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """One page opened from a file, with the console and network logs it produced."""

    def __init__(self, drv, path: Path, timeout: float = 90):
        self.d = drv
        self.uri = path.resolve().as_uri()
        drv.get_log("browser")  # drop anything left from the previous page
        drv.get_log("performance")
        drv.get(self.uri)
        end = time.time() + timeout
        while not drv.execute_script("return !!(window.kg && window.kg.ready)"):
            assert time.time() < end, "page did not settle"
            time.sleep(0.2)
        self.console: list[dict] = []
        self.requests: list[str] = []

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def collect(self) -> None:
        self.console += self.d.get_log("browser")
        for entry in self.d.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                self.requests.append(msg["params"]["request"]["url"])

    def assert_clean(self) -> None:
        self.collect()
        errors = [c for c in self.console if c["level"] in ("SEVERE", "ERROR")]
        assert not errors, errors
        # chrome:// pages (the fresh profile's new-tab page) are the browser's own, not the page's
        foreign = [u for u in self.requests if u != self.uri and not u.startswith(INTERNAL)]
        assert not foreign, foreign
        assert self.js("return performance.getEntriesByType('resource').length") == 0

    def counts(self) -> dict:
        return self.js("return kg.counts()")

    def search(self, text: str) -> None:
        from selenium.webdriver.common.by import By

        box = self.d.find_element(By.ID, "search")
        box.clear()
        self.js("document.getElementById('search').value=''; document.getElementById('search')"
                ".dispatchEvent(new Event('input'))")
        if text:
            box.send_keys(text)
        time.sleep(0.5)  # debounce

    def on_node(self, key: str, action: str = "click", scale: float = 1.2) -> None:
        """Centre the view on a node and move the mouse onto it; then ``click``,
        ``double_click`` or nothing (``hover``)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        self.js("kg.network.focus(arguments[0], {scale: arguments[1]})", key, scale)
        time.sleep(0.2)
        x, y, w, h = self.js(
            "var p = kg.network.getPositions([arguments[0]])[arguments[0]];"
            "var d = kg.network.canvasToDOM(p);"
            "var r = document.querySelector('#graph canvas').getBoundingClientRect();"
            "return [d.x, d.y, r.width, r.height];", key)
        canvas = self.d.find_element(By.CSS_SELECTOR, "#graph canvas")
        chain = ActionChains(self.d).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2))
        if action != "hover":
            getattr(chain, action)()
        chain.perform()
        time.sleep(0.3)

    def click_node(self, key: str) -> None:
        self.on_node(key, "click")

    def card(self) -> dict:
        return self.js(
            "var c = document.getElementById('card');"
            "return {hidden: c.hidden, key: c.dataset.key || null, text: c.textContent,"
            " marks: Array.from(c.querySelectorAll('mark')).map(function (m) { return m.textContent; }),"
            " tags: Array.from(new Set(Array.from(c.querySelectorAll('*')).map(function (e) { return e.tagName; })))}")


def _open(driver, tmp_path: Path, build: Build, name: str = "graph.html", **kw) -> Page:
    path = tmp_path / name
    write_html(build, path, **kw)
    return Page(driver, path)


def test_demo_page_counts_search_filter_card(driver, tmp_path):
    b = builds.demo_build()
    page = _open(driver, tmp_path, b)
    page.assert_clean()

    # everything in the build is in the page and visible
    c = page.counts()
    assert (c["totalNodes"], c["totalEdges"]) == (len(b.entities), len(b.relations))
    assert (c["nodes"], c["edges"]) == (len(b.entities), len(b.relations))
    assert page.js("return kg.nodes.length") == len(b.entities)
    assert page.js("return kg.edges.length") == len(b.relations)
    # and drawn: vis-network's own edge state (an edge whose hidden flag is not a boolean is not drawn)
    drawn = page.js("var e = kg.network.body.edges; return Object.keys(e).filter(function (k) "
                    "{ return e[k].options.hidden === false && e[k].connected; }).length")
    assert drawn == len(b.relations)
    # physics is off once the layout has settled
    assert page.js("return kg.network.physics.physicsEnabled") is False

    # search by label part: the matches and their neighbours remain
    page.search("硬质")
    c = page.counts()
    assert 0 < c["nodes"] < len(b.entities)
    shown = page.js("return kg.nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; })")
    assert "project/hardpark" in shown and "enterprise/zhuying" in shown
    assert "湖南先进硬质材料产业园" in page.js("return document.getElementById('results').textContent")
    # search by alias
    page.search("德国梅塞尔")
    assert "梅塞尔" in page.js("return document.getElementById('results').textContent")
    assert page.js("return !kg.nodes.get('enterprise/messer').hidden") is True
    page.search("")
    assert page.counts()["nodes"] == len(b.entities)

    # type filter
    from selenium.webdriver.common.by import By

    n_ent = sum(e.type == "Enterprise" for e in b.entities)
    driver.find_element(By.CSS_SELECTOR, ".type-filter[value=Enterprise]").click()
    time.sleep(0.2)
    assert page.counts()["nodes"] == len(b.entities) - n_ent
    assert page.js("return kg.nodes.get({filter: function (n) { return !n.hidden && n.shape === 'square'; }}).length") == 0
    driver.find_element(By.CSS_SELECTOR, ".type-filter[value=Enterprise]").click()
    time.sleep(0.2)
    assert page.counts()["nodes"] == len(b.entities)

    # region filter
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "f-region")).select_by_value("株洲市")
    time.sleep(0.2)
    assert page.counts()["nodes"] == 3
    driver.find_element(By.ID, "reset").click()
    time.sleep(0.2)
    assert page.counts()["nodes"] == len(b.entities)

    # click a node: its card, with the evidence sentence and the mention highlighted
    page.click_node("project/steelcity")
    card = page.card()
    assert not card["hidden"] and card["key"] == "project/steelcity"
    assert "三一智慧钢铁城" in card["text"]
    assert "力争三一智慧钢铁城项目开工，推动先进硬质材料产业园扩区。" in card["text"]
    assert "三一智慧钢铁城" in card["marks"]
    assert "2022" in card["text"] and "2024" in card["text"] and "started" in card["text"]

    page.click_node("abbreviation/sanwei")
    card = page.card()
    assert card["key"] == "abbreviation/sanwei"
    assert "divergent meanings" in card["text"] and "微网格" in card["text"] and "微亮化" in card["text"]

    page.click_node("project/hardpark")
    card = page.card()
    assert card["key"] == "project/hardpark"
    assert "先进硬质材料产业园" in card["text"] and "株硬集团入驻先进硬质材料产业园" in card["marks"]
    # the screenshot: whole graph, card open, no tooltip
    from selenium.webdriver.common.action_chains import ActionChains

    page.js("kg.network.fit()")
    ActionChains(driver).move_to_element(driver.find_element(By.ID, "counts")).perform()
    time.sleep(0.6)
    page.js("document.querySelectorAll('.vis-tooltip').forEach(function (t) { t.style.visibility = 'hidden'; })")
    shot = Path(os.environ["KG_SCREENSHOT"]) if os.environ.get("KG_SCREENSHOT") else tmp_path / "screenshot.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    page.assert_clean()


def test_hostile_text_shows_as_text_and_never_runs(driver, tmp_path):
    b = builds.hostile_build()
    page = _open(driver, tmp_path, b, "hostile.html")
    assert page.js("return typeof window.__pwned") == "undefined"
    c = page.counts()
    assert (c["nodes"], c["edges"]) == (len(b.entities), len(b.relations))

    page.click_node("project/h0")
    card = page.card()
    assert card["key"] == "project/h0" and builds.HOSTILE[0] in card["text"]
    allowed = {"BUTTON", "H2", "H3", "SPAN", "DIV", "UL", "OL", "LI", "P", "MARK"}
    for e in b.entities:
        page.js("kg.openCard(arguments[0])", e.key)
        card = page.card()
        assert e.label in card["text"]  # shown literally
        assert e.aliases[0] in card["text"]
        assert set(card["tags"]) <= allowed, card["tags"]
        assert e.label in card["marks"]  # the sentence, with the mention highlighted

    # hover tooltip (vis-network title) is text too
    page.on_node("project/h1", "hover")
    time.sleep(0.7)
    tip = page.js("var t = document.querySelector('.vis-tooltip');"
                  "return t ? {text: t.textContent, tags: Array.from(t.querySelectorAll('*'))"
                  ".map(function (e) { return e.tagName; })} : null")
    if tip is not None and tip["text"]:  # innerText turns the title's newline into <br>, nothing else
        assert builds.HOSTILE[1] in tip["text"] and set(tip["tags"]) <= {"BR"}, tip

    page.search("<script")
    results = page.js("return document.getElementById('results').textContent")
    assert builds.HOSTILE[0] in results
    options = page.js("return Array.from(document.querySelectorAll('select option')).map(function (o) { return o.textContent; })")
    assert any("<img src=x onerror=" in o for o in options)
    assert page.js("return document.querySelectorAll('body img, body svg, body iframe, body a, body object').length") == 0
    assert page.js("return typeof window.__pwned") == "undefined"
    page.assert_clean()


def test_empty_build_page(driver, tmp_path):
    page = _open(driver, tmp_path, Build(reports=[], entities=[], relations=[]), "empty.html")
    text = page.js("var e = document.getElementById('empty'); return e.hidden ? '' : e.textContent")
    assert "Nothing to show" in text
    page.assert_clean()


def _in_view(page: Page, key: str) -> bool:
    return page.js(
        "var p = kg.network.canvasToDOM(kg.network.getPositions([arguments[0]])[arguments[0]]);"
        "var r = document.querySelector('#graph canvas').getBoundingClientRect();"
        "return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height;", key)


def _settle(page: Page, timeout: float = 30) -> None:
    end = time.time() + timeout
    time.sleep(0.3)
    while not page.js("return kg.ready"):
        assert time.time() < end, "page did not settle"
        time.sleep(0.1)


def test_large_build_first_screen_search_expand_like_a_person(driver, tmp_path):
    """5,000 entities: the first screen draws the 120 most important with legible labels;
    typing a name that is not drawn adds it, zooms to it and labels it; double-clicking
    expands; toggles recolour and list."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    b = builds.big_build(5000, 10000)
    page = _open(driver, tmp_path, b, "big.html")
    c = page.counts()
    assert c["nodes"] == c["drawn"] == 120 and c["totalNodes"] == 5000
    note = page.js("return document.getElementById('note').textContent")
    assert "the 120 most important of 5,000 entities" in note and "kg html" not in note
    assert page.js("return kg.network.physics.physicsEnabled") is False
    # readable labels at the first zoom: vis-network draws them at 11 px or more
    labels = page.js("return kg.labelState()")
    assert labels["scale"] < 0.6  # zoomed out: a small font would not be drawn at all
    assert len(labels["readable"]) >= 20, labels
    assert "e/000000" in labels["readable"]  # the hub, the most important

    # type a name that is not drawn: it is added, selected, zoomed to and labelled
    assert page.js("return kg.nodes.get('e/004999')") is None
    page.search("实体4999")
    _settle(page)
    assert page.js("return !!kg.nodes.get('e/004999')")
    assert page.js("return kg.network.getSelectedNodes()") == ["e/004999"]
    assert _in_view(page, "e/004999")
    assert "e/004999" in page.js("return kg.labelState()")["readable"]
    # Enter opens its card
    driver.find_element(By.ID, "search").send_keys(Keys.ENTER)
    _settle(page)
    assert page.card()["key"] == "e/004999"

    # double-click a node: its neighbours are drawn beside it
    page.search("")
    _settle(page)
    before = page.counts()["drawn"]
    hub_nb = page.js("return kg.data.edges.filter(function (e) { return e.from === 'e/000000' || e.to === 'e/000000'; }).length")
    page.on_node("e/000000", "double_click", scale=1.0)
    _settle(page)
    after = page.counts()["drawn"]
    assert after > before and after - before <= 40, (before, after, hub_nb)
    assert page.card()["key"] == "e/000000"

    # colour by community: nodes take the community palette; the side list follows the selection
    from selenium.webdriver.support.ui import Select

    colour = page.js("return kg.nodes.get('e/000000').color")
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("community")
    time.sleep(0.3)
    assert page.js("return kg.nodes.get('e/000000').color") != colour
    assert "community" in page.js("return document.getElementById('list-title').textContent")
    Select(driver.find_element(By.ID, "list-sort")).select_by_value("relations")
    time.sleep(0.2)
    first = page.js("return document.querySelector('#list-items button').textContent")
    assert first.startswith("实体0")  # the hub has the most relations

    # a filter draws its own most important entities (in the page, no command line)
    Select(driver.find_element(By.ID, "f-year")).select_by_value("2020")
    _settle(page)
    shown = page.js("return kg.nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; })")
    assert len(shown) >= 100
    years = page.js("return arguments[0].map(function (k) { return kg.data.entities[k].years; })", shown)
    assert all(2020 in y for y in years)
    page.assert_clean()


def test_sample_build_in_browser(driver, tmp_path, request):
    """A reader finds a named park, its enterprises and their evidence in two interactions:
    type the name, press Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    try:
        build = request.getfixturevalue("sample_build")
    except pytest.FixtureLookupError:
        pytest.skip("sample_build fixture (tests/conftest.py) not available yet")
    page = _open(driver, tmp_path, build, "sample.html")
    keys = {e.key for e in build.entities}
    c = page.counts()
    assert c["totalNodes"] == len(keys) and c["drawn"] == min(len(keys), 120)
    assert len(page.js("return kg.labelState()")["readable"]) >= 20
    park = "先进硬质材料产业园1-1期"
    box = driver.find_element(By.ID, "search")
    box.send_keys(park)                      # 1
    time.sleep(0.5)
    box.send_keys(Keys.ENTER)                # 2
    _settle(page)
    card = page.card()
    assert card["text"].startswith("×" + park)
    stated = page.js("return Array.from(document.querySelectorAll('#card .stated')).map(function (d) { return d.textContent; })")
    assert any("入驻" in s and "金山硬质合金" in s and "华明机电" in s for s in stated), stated
    assert any("金山硬质合金" in m for m in card["marks"])  # the relation's evidence, marked
    # and the search drew them on the canvas beside the park
    shown = page.js("return kg.nodes.get({filter: function (n) { return !n.hidden; }})"
                    ".map(function (n) { return kg.data.entities[n.id].label; })")
    assert {park, "金山硬质合金", "华明机电"} <= set(shown), shown
    # plan and result side by side; no internal rule code in the visible text
    assert "list_project" not in card["text"] and "list_enterprise" not in card["text"]
    assert page.js("return document.querySelectorAll('#card .tl-grid .tl-cell').length") >= 2
    # co-mentions: hidden until the reader asks for them
    page.search("")
    _settle(page)
    weak = "return kg.edges.get({filter: function (e) { return e.weak && !e.hidden; }}).length"
    assert page.js(weak) == 0
    driver.find_element(By.ID, "show-weak").click()
    _settle(page)
    assert page.js(weak) > 0
    # no empty type in the legend
    legend = page.js("return document.getElementById('legend').textContent")
    assert "(0)" not in legend
    page.assert_clean()


def test_a_part_that_is_a_defined_term_links_to_it(driver, tmp_path):
    """A glossary sense's parts: a part that another entry (or the same entry, nested)
    defines is a button that opens that term's card (两个率先 -> 三个示范区)."""
    from kg.pipeline import run

    build = run([ROOT / "tests" / "data" / "glossary_crafted" / "c11.txt"])
    page = _open(driver, tmp_path, build, "nested.html")
    page.assert_clean()
    page.search("两个率先")
    page.js("document.querySelector('#results button').click()")
    time.sleep(0.3)
    linked = page.js("return Array.from(document.querySelectorAll('#card .sense button.chip'))"
                     ".map(function (b) { return b.textContent; })")
    assert linked == ["三个示范区", "四个倍增"]
    page.js("document.querySelector('#card .sense button.chip').click()")
    time.sleep(0.3)
    assert "三个示范区" in page.card()["text"].split("缩略语")[0]
    page.assert_clean()
