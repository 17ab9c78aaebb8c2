"""The web app in a real browser (headless Chromium): a researcher's path through it.

The server is uvicorn on a free loopback port over a data directory ingested
from the corpus (`live_server`); every test ends with no console error (the
`page` fixture), which also catches anything the Content Security Policy blocks.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from web.conftest import console_errors, wait_for_download


def api(server: Any, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def hit_ids(driver: Any) -> list[str]:
    return [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "li.hit")]


def submit_query(driver: Any, text: str) -> None:
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "hit-count")))


def test_type_a_query_read_hits_and_the_concordance(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/")
    assert page.switch_to.active_element.get_attribute("id") == "q"  # ready to type
    submit_query(page, "an ninh mang")
    count = page.find_element(By.ID, "hit-count")
    total = api(live_server, "/api/search?q=an+ninh+mang&count=1")["count"]
    assert count.get_attribute("data-total") == str(total)
    assert count.text.startswith(f"{total} clauses match")
    assert "Without diacritics" in page.find_element(By.CSS_SELECTOR, ".note.folded").text
    expected = [h["id"] for h in api(live_server, "/api/search?q=an+ninh+mang&limit=20")]
    assert hit_ids(page) == expected
    first = page.find_element(By.CSS_SELECTOR, "li.hit")
    assert "an ninh mạng" in [m.text.lower() for m in first.find_elements(By.TAG_NAME, "mark")]
    # A glossary term shows its English on hover (its title) and links to its concept.
    term = page.find_element(By.CSS_SELECTOR, 'li.hit a.term[href="/concept/cybersecurity"]')
    assert term.get_attribute("title").startswith("cybersecurity — cybersecurity")
    # The concordance: Vietnamese and its English side by side.
    page.find_element(By.CSS_SELECTOR, "input[name=view][value=kwic]").click()
    page.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    WebDriverWait(page, 20).until(EC.presence_of_element_located((By.ID, "kwic")))
    rows = page.find_elements(By.CSS_SELECTOR, "#kwic tbody tr")
    assert rows
    cells = rows[0].find_elements(By.TAG_NAME, "td")
    assert [c.get_attribute("class") for c in cells] == ["id", "left", "match", "right", "en"]
    assert cells[2].text.lower() in ("an ninh mạng", "an ninh", "mạng")
    english = [r.find_element(By.CSS_SELECTOR, "td.en").text for r in rows]
    assert any("cybersecurity" in e.lower() for e in english)
    # Sorted on the words left of the match, as the library sorts them.
    page.find_element(By.LINK_TEXT, "left context").click()
    WebDriverWait(page, 20).until(EC.url_contains("sort=left"))
    shown = [a.get_attribute("title") for a in page.find_elements(By.CSS_SELECTOR, "#kwic td.id a")]
    lines = api(live_server, "/api/search?q=an+ninh+mang&kwic=1&sort=left&width=60&limit=20")
    assert shown == [line["id"] for line in lines]
    page.find_element(By.LINK_TEXT, "right context").click()
    WebDriverWait(page, 20).until(EC.url_contains("sort=right"))
    lines = api(live_server, "/api/search?q=an+ninh+mang&kwic=1&sort=right&width=60&limit=20")
    assert [
        a.get_attribute("title") for a in page.find_elements(By.CSS_SELECTOR, "#kwic td.id a")
    ] == [line["id"] for line in lines]


def test_concordance_never_cuts_its_keyword(page: Any, live_server: Any) -> None:
    # A long keyword was shown as `An toàn thôn…` (a fixed column with an ellipsis).
    query = "%22Ch%C6%B0%C6%A1ng+tr%C3%ACnh+kh%E1%BA%A3+n%C4%83ng+m%E1%BA%A1ng+ASEAN%22"
    page.get(live_server.url + "/search?view=kwic&q=" + query)
    WebDriverWait(page, 20).until(EC.presence_of_element_located((By.ID, "kwic")))
    marks = page.find_elements(By.CSS_SELECTOR, "#kwic td.match mark")
    assert len(marks) >= 2 and all(m.text == "Chương trình khả năng mạng ASEAN" for m in marks)
    for mark in marks:
        cut = page.execute_script(
            "const td = arguments[0].parentElement, m = arguments[0].getBoundingClientRect(),"
            " c = td.getBoundingClientRect();"
            " return td.scrollWidth > td.clientWidth || m.left < c.left || m.right > c.right;",
            mark,
        )
        assert not cut
    assert not console_errors(page)


def test_english_query_is_expanded_and_pages_through(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/search?q=cybersecurity&per_page=10")
    note = page.find_element(By.CSS_SELECTOR, ".note.expansion")
    assert note.text.startswith(
        "Expanded cybersecurity through the glossary: concept cybersecurity"
    )
    first_page = hit_ids(page)
    assert len(first_page) == 10
    page.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    WebDriverWait(page, 20).until(EC.url_contains("page=2"))
    second = hit_ids(page)
    assert second and not set(second) & set(first_page)
    assert second == [
        h["id"] for h in api(live_server, "/api/search?q=cybersecurity&limit=10&offset=10")
    ]


def test_filters_as_form_fields(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/search?q=an+ninh")
    everything = set(hit_ids(page))
    page.find_element(By.CSS_SELECTOR, "details.filters summary").click()
    Select(page.find_element(By.NAME, "doc")).select_by_value("luat-mau")
    page.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    WebDriverWait(page, 20).until(EC.url_contains("doc=luat-mau"))
    in_law = hit_ids(page)
    assert in_law and all(i.startswith("luat-mau:") for i in in_law) and set(in_law) < everything
    # The filters stay open and filled; add an article.
    article = page.find_element(By.NAME, "article")
    assert article.is_displayed()
    article.send_keys("2")
    article.send_keys(Keys.ENTER)
    WebDriverWait(page, 20).until(EC.url_contains("article=2"))
    expected = api(live_server, "/api/search?q=an+ninh&doc=luat-mau&article=2")
    assert hit_ids(page) == [h["id"] for h in expected]
    # Dates and kind.
    page.get(live_server.url + "/search?q=an+ninh")
    page.find_element(By.CSS_SELECTOR, "details.filters summary").click()
    page.find_element(By.NAME, "since").send_keys("2018")
    Select(page.find_element(By.NAME, "kind")).select_by_visible_text("joint statement")
    page.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    WebDriverWait(page, 20).until(EC.url_contains("since=2018"))
    assert all(i.startswith("protection-2020:") for i in hit_ids(page)) and hit_ids(page)
    # A concept, with and without the concepts below it.
    page.get(live_server.url + "/search")
    page.find_element(By.CSS_SELECTOR, "details.filters summary").click()
    page.find_element(By.NAME, "concept").send_keys("information-safety")
    page.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    WebDriverWait(page, 20).until(EC.url_contains("concept=information-safety"))
    assert "protection-2020:p03.s01.c01" in hit_ids(page)
    page.find_element(By.NAME, "narrower").click()
    page.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    WebDriverWait(page, 20).until(EC.url_contains("narrower=0"))
    assert "protection-2020:p03.s01.c01" not in hit_ids(page)


def test_a_bad_filter_keeps_the_form_and_says_why(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/search?q=an+ninh&since=April")
    assert (
        "--since takes a date like 2018"
        in page.find_element(By.CSS_SELECTOR, ".message.error").text
    )
    assert page.find_element(By.ID, "q").get_attribute("value") == "an ninh"
    assert page.find_element(By.NAME, "since").get_attribute("value") == "April"
    # The page is a 400 (Chromium logs that much, and nothing else).
    errors = console_errors(page)
    assert len(errors) == 1 and "status of 400 (Bad Request)" in errors[0]


def test_open_a_clause_and_then_its_document(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/search?q=qu%E1%BB%91c+gia&doc=luat-mau")
    link = page.find_element(By.CSS_SELECTOR, 'li.hit[data-id="luat-mau:p10.s01.c01"] a.clause-id')
    link.click()
    WebDriverWait(page, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".breadcrumb")))
    crumbs = [li.text for li in page.find_elements(By.CSS_SELECTOR, ".breadcrumb li")]
    assert crumbs[1:] == ["Chương I", "Mục 1", "Điều 2", "khoản 2", "điểm a"]
    assert [m.text for m in page.find_elements(By.CSS_SELECTOR, ".clause-text mark")] == [
        "quốc gia"
    ]
    terms = page.find_elements(By.CSS_SELECTOR, ".aligned-terms tbody tr")
    assert terms and all(len(row.find_elements(By.TAG_NAME, "td")) == 6 for row in terms)
    page.find_element(By.PARTIAL_LINK_TEXT, "Show in the document").click()
    WebDriverWait(page, 20).until(EC.url_contains("/document/luat-mau"))
    assert page.current_url.endswith("#c-p10.s01.c01")
    target = page.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == "c-p10.s01.c01"
    assert "điểm" not in target.text and "Không sử dụng" in target.text
    # Matches of the query are marked, and the strip shows where they fall.
    marks = page.find_elements(By.CSS_SELECTOR, ".document-view .text mark")
    strip = page.find_elements(By.CSS_SELECTOR, "figure.strip .strip-mark")
    assert marks and len(strip) == len(marks)
    outline = [a.text for a in page.find_elements(By.CSS_SELECTOR, "nav.outline a")]
    assert outline[:3] == ["Chương I", "Mục 1", "Điều 1"]
    page.find_elements(By.CSS_SELECTOR, "figure.strip svg a")[-1].click()
    assert page.execute_script("return location.hash").startswith("#c-")


def test_every_plot_image_loads(page: Any, live_server: Any) -> None:
    for path in (
        "/search?q=an+ninh+mang",
        "/concepts",
        "/concept/cybersecurity",
    ):
        page.get(live_server.url + path)
        images = page.find_elements(By.CSS_SELECTOR, "img.plot")
        assert images, path
        for image in images:
            page.execute_script("arguments[0].scrollIntoView()", image)
            WebDriverWait(page, 60).until(
                lambda d, img=image: d.execute_script(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0", img
                )
            )
            assert image.get_attribute("src").startswith(live_server.url + "/plot/")
            assert image.size["height"] > 100


def test_download_the_csv_and_read_it_back(page: Any, live_server: Any, downloads: Path) -> None:
    page.get(live_server.url + "/search?q=an+ninh+mang")
    shown = hit_ids(page)
    page.find_element(By.LINK_TEXT, "CSV").click()
    path = wait_for_download(downloads, "normcorpus-hits.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows][: len(shown)] == shown
    total = api(live_server, "/api/search?q=an+ninh+mang&count=1")["count"]
    assert len(rows) == total
    assert all("an ninh" in r["text"].lower() or r["matched"] != "vi" for r in rows)
    page.find_element(By.LINK_TEXT, "JSONL").click()
    lines = wait_for_download(downloads, "normcorpus-hits.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in rows]


def test_hostile_text_stays_text(page: Any, live_server: Any) -> None:
    # An alert would make the next Selenium call fail; the checks also look for
    # elements the payloads would have made.
    for path in (
        "/document/hostile-2019",
        "/clause/hostile-2019:p03.s01.c01",
        "/search?q=an+ninh+m%E1%BA%A1ng&doc=hostile-2019&view=kwic",
        "/search?q=%3Cscript%3Ealert(9)%3C%2Fscript%3E",
        "/search?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(10)%3E",
    ):
        page.get(live_server.url + path)
        made = page.execute_script(
            "return document.querySelectorAll('img[src=\"x\"], svg[onload], b, main script').length"
        )
        assert made == 0, path
        # A query the parser refuses is a 400 page (the unbalanced quote); nothing else logs.
        assert all("status of 400" in e for e in console_errors(page)), path
    page.get(live_server.url + "/document/hostile-2019")
    text = page.find_element(By.CSS_SELECTOR, ".document-view .text").text
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(2)>' in text
    assert page.title.startswith("hostile-2019")
    assert "<script>alert(5)</script>" in page.find_element(By.TAG_NAME, "h1").text


def test_tables_sort_and_the_glossary_filters_in_place(page: Any, live_server: Any) -> None:
    page.get(live_server.url + "/glossary")
    visible = (
        "return [...document.querySelectorAll('#glossary-table tbody tr')]"
        ".filter(r => !r.hidden).map(r => r.cells[0].textContent)"
    )
    everything = page.execute_script(visible)
    box = page.find_element(By.NAME, "filter")
    box.send_keys("an ninh mang")  # no diacritics: matches an ninh mạng
    shown = page.execute_script(visible)
    assert 0 < len(shown) < len(everything) and "cybersecurity" in shown
    assert "capacity-building" not in shown
    assert page.find_element(By.ID, "glossary-count").text == f"{len(shown)} shown"
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)  # an input event, as a person's editing makes
    assert page.execute_script(visible) == everything
    # Sorting by the corpus count, most first after two clicks.
    heading = page.find_element(By.XPATH, "//table[@id='glossary-table']//th[text()='in corpus']")
    heading.click()
    heading.click()
    assert heading.get_attribute("aria-sort") == "descending"
    counts = page.execute_script(
        "return [...document.querySelectorAll('#glossary-table tbody tr')]"
        ".map(r => parseInt(r.cells[r.cells.length - 1].textContent.replace(/,/g, '')))"
    )
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_search_works_without_javascript(page: Any, live_server: Any) -> None:
    page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.get(live_server.url + "/search")
        submit_query(page, "hợp tác")
        assert hit_ids(page) == [
            h["id"] for h in api(live_server, "/api/search?q=h%E1%BB%A3p+t%C3%A1c")
        ]
        page.find_element(By.CSS_SELECTOR, "li.hit a.clause-id").click()
        WebDriverWait(page, 20).until(EC.url_contains("/clause/"))
        assert page.find_element(By.CSS_SELECTOR, ".clause-text mark").text.lower() == "hợp tác"
    finally:
        page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
