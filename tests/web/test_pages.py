"""The web app's pages and API without a browser (Starlette's test client):
what each page shows, that the API is the CLI's JSON, downloads, bad input,
escaping, headers, the time limit, and concurrent requests to a live server."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from conftest import GLOSSARY_PATH
from normcorpus.cli import app as cli
from normcorpus.search import Corpus

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg onload=alert(3)>",
    "<script>alert(5)</script>",
    '"><img src=x onerror=alert(6)>',
    "<b>hostile</b>",
    "</title><script>alert(7)</script>",
)
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
    " SELECT count(*) FROM (SELECT x FROM n LIMIT 10000000000)"
)


@pytest.fixture(scope="module")
def corpus(web_data_dir: Path):
    with Corpus.open(web_data_dir, glossary=GLOSSARY_PATH) as opened:
        yield opened


@contextmanager
def fresh_client(data_dir: Path, **options: Any) -> Iterator[Any]:
    """A test client on a new app over `data_dir` (for options the shared one lacks)."""
    from starlette.testclient import TestClient

    from normcorpus.web import create_app

    app = create_app(data_dir, glossary=GLOSSARY_PATH, **options)
    try:
        with TestClient(app, base_url="http://127.0.0.1") as test_client:
            yield test_client
    finally:
        app.state.engine.close()


def text_of(html: str) -> str:
    """The page's text, tags dropped and entities decoded (roughly what a reader sees)."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def cli_json(cli_runner: Any, *args: str) -> Any:
    result = cli_runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "clauses, "),
        ("/search?q=an+ninh+mang", "clauses match"),
        ("/search?q=cybersecurity&view=kwic", "left context"),
        ("/clause/luat-mau:p10.s01.c01", "Glossary terms in this clause"),
        (
            "/document/asean-2018-cybersecurity",
            "ASEAN Leaders' Statement on Cybersecurity Cooperation",
        ),
        ("/documents", "luat-mau"),
        ("/concepts", "Concepts × documents"),
        ("/concept/cybersecurity", "an ninh mạng"),
        ("/glossary", "capacity-building"),
        ("/api", "/api/search"),
    ],
)
def test_every_page_answers(client: Any, url: str, expected: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert expected in text_of(response.text)


def test_search_page_marks_matches_and_terms_with_their_english(
    client: Any, corpus: Corpus
) -> None:
    html = client.get("/search?q=an+ninh+mang&side=vi").text
    total = corpus.count("an ninh mang")
    assert f"{total} clauses match" in text_of(html)
    assert "<mark>an ninh mạng</mark>" in html
    # The aligned term links to its concept; hovering shows its English and how it matched.
    assert (
        '<a class="term term-exact" href="/concept/cybersecurity"'
        ' title="cybersecurity — cybersecurity (exact); within it: an ninh = security">'
    ) in html
    first = next(h for h in corpus.search("an ninh mang").hits if h.translation)
    assert f'data-id="{first.record.id}"' in html
    assert f'<p class="en" lang="en">{first.translation[:30]}' in html
    assert "Without diacritics" in html and "“an”" not in html  # said in <q>, escaped
    assert "<q>mang</q>" in html


def test_search_says_what_a_query_was_expanded_to(client: Any) -> None:
    html = client.get("/search?q=cybersecurity").text
    assert "Expanded <q>cybersecurity</q> through the glossary" in html
    assert 'href="/concept/cybersecurity"' in html


def test_no_match_gives_suggestions_that_search(client: Any) -> None:
    html = client.get("/search?q=an+ninh+mangg").text
    assert "No clauses match." in html
    suggestions = re.findall(r'<a href="(/search\?q=[^"]+)" lang="vi">', html)
    assert suggestions
    assert "clauses match" in client.get(suggestions[0].replace("&amp;", "&")).text


@pytest.mark.parametrize("view", ["hits", "kwic"])
def test_no_match_under_filters_says_the_filters_left_them_out(client: Any, view: str) -> None:
    # "Nearest" spellings of a query with many hits sent the user after a typo.
    html = client.get("/search", params={"q": "an ninh", "article": "999", "view": view}).text
    assert "No clauses match with these filters (" in text_of(html)
    assert "clauses without them)" in text_of(html) and 'class="suggestions"' not in html


def test_kwic_pairs_each_line_with_its_english_and_sorts_like_the_library(
    client: Any, corpus: Corpus
) -> None:
    for sort in ("left", "right"):
        html = client.get(f"/search?q=cybersecurity&view=kwic&sort={sort}&per_page=50").text
        shown = re.findall(r'<td class="id"><a href="/clause/([^"?]+)', html)
        lines = corpus.kwic("cybersecurity", sort=sort, limit=50, width=60)
        assert [quote(x.id, safe=":") for x in lines] == shown
    html = client.get("/search?q=cybersecurity&view=kwic").text
    english = re.findall(r'<td class="en" lang="en">(.*?)</td>', html, re.S)
    assert any("<mark>cybersecurity</mark>" in cell.lower() for cell in english)


def test_filters_narrow_the_hits(client: Any) -> None:
    def ids(query: str) -> list[str]:
        html = client.get("/search?" + query + "&per_page=100").text
        return re.findall(r'<li class="hit" data-id="([^"]+)"', html)

    assert ids("q=an+ninh") and all(
        i.startswith("luat-mau:") for i in ids("q=an+ninh&doc=luat-mau")
    )
    assert all(i.startswith("luat-mau:") for i in ids("q=quốc+gia&article=2"))
    assert set(ids("q=an+ninh&since=2019&until=2019-12")) == set(ids("q=an+ninh&doc=hostile-2019"))
    assert all(
        i.startswith("vn-ru") or i.startswith("protection")
        for i in ids("q=hợp+tác&kind=joint+statement")
    )
    # A concept includes the concepts below it unless told otherwise: `an toàn hệ thống
    # thông tin` (information-system-security) is below information-safety, and does not
    # hold its term. A nested reading is the concept itself (`an ninh mạng` in `bảo vệ an
    # ninh mạng` is cybersecurity, narrower or not).
    wide = ids("concept=information-safety")
    narrow = ids("concept=information-safety&narrower=0")
    assert "protection-2020:p03.s01.c01" in wide and "protection-2020:p03.s01.c01" not in narrow
    assert set(narrow) < set(wide)
    assert "protection-2020:p01.s01.c01" in ids("concept=cybersecurity&narrower=0")


def test_pages_through_hits_and_caps_a_page(client: Any, corpus: Corpus) -> None:
    total = corpus.count("an ninh")
    assert total > 10
    second = client.get("/search?q=an+ninh&per_page=10&page=2").text
    assert 'start="11"' in second and "← previous" in second
    ranked = [h.record.id for h in corpus.search("an ninh", limit=10, offset=10).hits]
    assert re.findall(r'<li class="hit" data-id="([^"]+)"', second) == ranked
    assert client.get("/search?q=an+ninh&per_page=100").status_code == 200
    response = client.get("/search?q=an+ninh&per_page=101")
    assert response.status_code == 400 and "per_page takes 1 to 100" in response.text


def test_clause_page_has_breadcrumb_terms_translation_and_document_link(client: Any) -> None:
    html = client.get("/clause/luat-mau:p10.s01.c01?q=quốc+gia").text
    crumbs = re.findall(r'<li class="level-\w+" lang="vi">([^<]+)</li>', html)
    assert crumbs == ["Chương I", "Mục 1", "Điều 2", "khoản 2", "điểm a"]
    assert 'href="/document/luat-mau?q=qu%E1%BB%91c%20gia#c-p10.s01.c01"' in html
    assert "<mark>quốc gia</mark>" in html
    statement = client.get("/clause/asean-2018-cybersecurity:p04.s01.c01").text
    assert "working translation (unofficial, made by the normcorpus project)" in statement
    assert "ASEAN sees cybersecurity as a cross-cutting issue" in statement
    assert "typo (fuzzy)" in statement and "without diacritics" in statement
    assert 'rel="prev"' in statement and 'rel="next"' in statement
    # the neighbours are other paragraphs' clauses: the section is not "its paragraph"
    assert "<h2>In context</h2>" in statement and "In its paragraph" not in statement
    # the paragraph reads as text: its clauses a space apart, never run together
    paragraph = re.search(r'<div class="paragraph" lang="vi">(.*?)</div>', statement, re.S)
    assert paragraph is not None
    shown = " ".join(text_of(paragraph.group(1)).split())
    assert "hiệu quả. Các nước ASEAN cũng nhận thức" in shown


def test_document_page_outlines_marks_and_strips(client: Any, corpus: Corpus) -> None:
    html = client.get("/document/luat-mau?q=an+ninh+mạng").text
    outline = re.findall(
        r'<li class="depth-(\d)"><a href="#([^"]+)"><span lang="vi">([^<]+)</span></a>'
        r'(?: <span class="outline-title" lang="vi" title="[^"]*">([^<]+)</span>)?',
        html,
    )
    assert outline[:3] == [
        ("0", "c-p01.s01.c01", "Chương I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("1", "c-p03.s01.c01", "Mục 1", "PHẠM VI VÀ ĐỐI TƯỢNG"),
        ("2", "c-p05.s01.c01", "Điều 1", "Phạm vi điều chỉnh"),
    ]
    assert [label for d, _, label, _ in outline if d == "2"] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
        "Điều 4",
    ]
    clauses = [
        h.record.id for h in corpus.search("an ninh mạng", doc_filter("luat-mau"), limit=100).hits
    ]
    marked = re.findall(r'<span class="clause matched" id="c-([^"]+)"', html)
    assert sorted("luat-mau:" + m for m in marked) == sorted(clauses)
    marks = re.findall(r'<rect class="strip-mark" x="([\d.]+)"', html)
    assert len(marks) == html.count("<mark>") >= len(clauses)
    assert all(0 <= float(x) <= 1000 for x in marks)
    # The whole text is there, chrome included (greyed, named).
    statement = client.get("/document/asean-2018-cybersecurity").text
    assert '<span class="chrome" title="set aside as chrome: headline">' in statement
    text = corpus.store.document_text("asean-2018-cybersecurity")
    assert text_of(statement).replace("¶", "").count(text.split("\n")[3]) == 1


def doc_filter(doc: str) -> Any:
    from normcorpus.filters import Filters

    return Filters(docs=(doc,))


def test_concepts_heatmap_links_each_cell_to_its_clauses(client: Any, corpus: Corpus) -> None:
    html = client.get("/concepts").text
    table = corpus.concept_table()
    row = next(r for r in table.rows if r.concept == "asean")
    count = row.counts[table.docs.index("asean-2018-cybersecurity")]
    link = "/search?doc=asean-2018-cybersecurity&amp;concept=asean&amp;narrower=0"
    assert (
        f'<a href="{link}" title="asean in asean-2018-cybersecurity: {count} matches">{count}</a>'
        in html
    )
    per = client.get("/concepts?measure=per_10k").text
    words = next(i.words for i in corpus.store.documents() if i.id == "asean-2018-cybersecurity")
    assert f">{count * 10_000 / words:,.2f}</a>" in per
    assert 'src="/plot/heatmap.svg?count=matches&amp;measure=per_10k' in per


def test_concept_page_shows_terms_links_and_frequency(client: Any) -> None:
    html = client.get("/concept/cybersecurity").text
    assert "network security" in html and "status-deprecated" in html
    assert 'Narrower: <a href="/concept/cybersecurity-protection">' in html
    child = client.get("/concept/cybersecurity-protection").text
    assert 'Broader: <a href="/concept/cybersecurity">' in child
    assert (
        'href="/search?doc=protection-2020&amp;concept=cybersecurity-protection&amp;narrower=0"'
        in child
    )
    assert 'src="/plot/collocates.svg?term=' in html


def test_glossary_filters_without_diacritics(client: Any) -> None:
    html = client.get("/glossary?filter=an+ninh+mang").text
    rows = re.findall(r'<td><a href="/concept/([^"]+)">', html)
    assert "cybersecurity" in rows and "capacity-building" not in rows
    deprecated = client.get("/glossary?status=deprecated").text
    assert "network security" in deprecated


# --- the API is the CLI's JSON -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ("q=an+ninh+mang&limit=5", ["search", "an ninh mang", "--limit", "5"]),
        ("q=cybersecurity&side=en", ["search", "cybersecurity", "--side", "en"]),
        (
            "q=h%E1%BB%A3p+t%C3%A1c&sort=doc&offset=2",
            ["search", "hợp tác", "--sort", "doc", "--offset", "2"],
        ),
        ("concept=cybersecurity", ["search", "--concept", "cybersecurity"]),
        (
            "q=an+ninh&doc=luat-mau&article=2",
            ["search", "an ninh", "--doc", "luat-mau", "--article", "2"],
        ),
        (
            "q=an+ninh&kwic=1&sort=right&width=30",
            ["search", "an ninh", "--kwic", "--sort", "right", "--width", "30"],
        ),
        ("q=an+ninh&count=1", ["search", "an ninh", "--count"]),
    ],
)
def test_api_search_is_the_cli_json(
    client: Any, cli_runner: Any, web_data_dir: Path, query: str, args: list[str]
) -> None:
    response = client.get("/api/search?" + query)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    expected = cli_json(
        cli_runner,
        *args,
        "--format",
        "json",
        "--data-dir",
        str(web_data_dir),
        "--glossary",
        str(GLOSSARY_PATH),
    )
    assert response.json() == expected
    assert expected  # a comparison of two empty answers would prove nothing


def test_api_clause_and_concepts_are_the_cli_json(
    client: Any, cli_runner: Any, web_data_dir: Path
) -> None:
    clause = "asean-2018-cybersecurity:p04.s01.c01"
    assert client.get(f"/api/clause/{clause}").json() == cli_json(
        cli_runner, "show", clause, "--format", "json", "--data-dir", str(web_data_dir)
    )
    assert client.get("/api/concepts?count=clauses&top=5").json() == cli_json(
        cli_runner,
        "concepts",
        "--count",
        "clauses",
        "--top",
        "5",
        "--format",
        "json",
        "--data-dir",
        str(web_data_dir),
        "--glossary",
        str(GLOSSARY_PATH),
    )


def test_api_errors_are_json(client: Any) -> None:
    response = client.get("/api/search?q=x&since=May")
    assert response.status_code == 400
    assert response.json() == {
        "error": "--since takes a date like 2018, 2018-04 or 2018-04-28, not 'May'",
        "status": 400,
    }
    missing = client.get("/api/clause/nope:p01.s01.c01")
    assert missing.status_code == 404 and "no clause" in missing.json()["error"]
    assert client.get("/api/search?q=x&limit=1001").status_code == 400


# --- downloads -------------------------------------------------------------------------------


def test_csv_download_is_excel_safe_and_reads_back(client: Any, corpus: Corpus) -> None:
    response = client.get("/search.csv?q=an+ninh+mạng")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="normcorpus-hits.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads UTF-8
    assert b"\r\n" in body and body.count(b"\n") == body.count(b"\r\n")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    hits = corpus.search("an ninh mạng", limit=1000).hits
    assert [r["id"] for r in rows] == [h.record.id for h in hits]
    by_id = {h.record.id: h for h in hits}
    for row in rows:
        text = by_id[row["id"]].record.text
        # A cell that Excel would run as a formula is kept as text with a leading apostrophe.
        assert row["text"] == ("'" + text if text[:1] in "=+-@" else text)
    hostile = next(r for r in rows if r["id"] == "hostile-2019:p03.s01.c01")
    assert hostile["text"].startswith('Văn bản có "><img')


def test_csv_escapes_formulas_and_kwic_downloads_lines(client: Any, corpus: Corpus) -> None:
    from normcorpus.web.exports import csv_bytes

    body = csv_bytes(("a", "b"), [{"a": "=1+1", "b": 'x "y", z\nw'}, {"a": "-2", "b": 3.5}])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows == [["a", "b"], ["'=1+1", 'x "y", z\nw'], ["'-2", "3.5"]]
    kwic = client.get("/search.csv?q=cybersecurity&view=kwic").content.decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(kwic, newline="")))
    expected = corpus.kwic("cybersecurity", limit=10_000, width=60)
    assert [(r["id"], r["match"]) for r in lines] == [(x.id, x.match) for x in expected]


def test_jsonl_download_is_the_cli_jsonl(client: Any, cli_runner: Any, web_data_dir: Path) -> None:
    body = client.get("/search.jsonl?q=an+ninh").content.decode("utf-8")
    result = cli_runner.invoke(
        cli,
        [
            "search",
            "an ninh",
            "--format",
            "jsonl",
            "--limit",
            "10000",
            "--data-dir",
            str(web_data_dir),
            "--glossary",
            str(GLOSSARY_PATH),
        ],
    )
    assert [json.loads(line) for line in body.splitlines()] == [
        json.loads(line) for line in result.stdout.splitlines()
    ]


# --- bad input, safety -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/search?q=x&page=abc", 400, "page takes a whole number, not &#39;abc&#39;"),
        ("/search?q=x&page=0", 400, "page takes 1 to"),
        ("/search?q=x&side=fr", 400, "side takes vi, en, both"),
        ("/search?q=x&fold=maybe", 400, "fold takes 1 or 0"),
        ("/search?q=x&since=yesterday", 400, "--since takes a date like 2018"),
        ("/search?q=x&concept=no-such-concept", 400, "no concept &#39;no-such-concept&#39;"),
        ("/search?q=x&doc=no-such-doc", 400, "no document &#39;no-such-doc&#39;"),
        ("/search?q=" + "a" * 1001, 400, "q: at most 1,000 characters"),
        ("/search?q=" + "(" * 40 + "a", 400, "nest"),
        ("/search?q=%00", 400, "NUL"),
        ("/search.xml?q=x", 404, "no such page"),
        ("/search.csv", 400, "nothing to download"),
        ("/clause/nope:p01.s01.c01", 404, "no clause"),
        ("/document/nope", 404, "no document"),
        ("/concept/nope", 404, "no concept"),
        ("/plot/pie.svg", 404, "no such page"),
        ("/concepts?measure=ratio", 400, "measure takes count, per_10k"),
        ("/nowhere", 404, "no such page"),
    ],
)
def test_bad_parameters_get_a_page_with_one_line(
    client: Any, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.text
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_a_plot_that_cannot_be_drawn_is_an_image_saying_why(client: Any) -> None:
    response = client.get("/plot/dispersion.svg")
    assert response.status_code == 400 and response.headers["content-type"] == "image/svg+xml"
    assert b"give a query" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/engine.py",
        "/static//etc/passwd",
        "/document/..%2F..%2Fetc%2Fpasswd",
        "/document/%2e%2e",
        "/clause/..%2F..%2Fetc%2Fpasswd",
        "/api/clause/../../../etc/passwd",
    ],
)
def test_no_path_traversal(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert "create_app" not in response.text and "root:" not in response.text


def test_every_text_is_escaped(client: Any) -> None:
    pages = [
        "/document/hostile-2019",
        "/search?q=an+ninh+mạng&doc=hostile-2019",
        "/search?q=an+ninh+mạng&doc=hostile-2019&view=kwic",
        "/clause/hostile-2019:p03.s01.c01",
        "/clause/hostile-2019:p02.s01.c01",
        "/documents",
        "/search?kind=%3Cb%3Ehostile%3C/b%3E+statement&q=an+ninh",
    ]
    for url in pages:
        html = client.get(url).text
        for payload in HOSTILE:
            assert payload not in html, (url, payload)
        assert "<script" not in html.replace('<script src="/static/app.js" defer></script>', "")
    # ... and shown as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/document/hostile-2019").text


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE clauses; --",
        '" OR 1=1 --',
        "NEAR(",
        "*",
        "{{7*7}}",
        "javascript:alert(1)",
        "\u202e\u0000x",
    ],
)
def test_hostile_queries_are_escaped_or_refused(client: Any, query: str) -> None:
    for url in (
        f"/search?q={quote(query)}",
        f"/search?q={quote(query)}&view=kwic",
        f"/document/luat-mau?q={quote(query)}",
        f"/api/search?q={quote(query)}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        if "<" in query and not url.startswith("/api/"):
            assert query not in response.text
    html = client.get("/search?q=" + quote("<script>alert(1)</script>")).text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert client.get("/api/search?q=x").status_code == 200  # the index is still there


def test_security_headers_and_host_check(client: Any) -> None:
    response = client.get("/search?q=an+ninh")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy  # nothing from elsewhere
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["server-timing"].startswith("app;dur=")
    svg = client.get("/plot/heatmap.svg?top=3")
    assert "script" not in svg.headers["content-security-policy"]
    # A page elsewhere whose name points at 127.0.0.1 (DNS rebinding) is refused.
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_assets_are_all_local(client: Any) -> None:
    for url in ("/", "/search?q=an+ninh", "/concepts", "/document/luat-mau?q=an+ninh"):
        html = client.get(url).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(not urlsplit(s).netloc for s in sources), sources
    css = client.get("/static/app.css").text
    assert "url(" not in css and "@import" not in css


def test_a_query_past_the_time_limit_is_stopped(
    web_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcorpus.web import pages

    def endless(corpus: Any, form: Any, error: str | None = None) -> Any:
        if error is None:
            corpus.store._execute(ENDLESS, ())
        return original(corpus, form, error)

    original = pages.search
    monkeypatch.setattr(pages, "search", endless)
    with fresh_client(web_data_dir, time_limit=0.3) as slow:
        response = slow.get("/search?q=an+ninh")
    assert response.status_code == 503
    assert "the query ran past 0.3 s and was stopped" in response.text
    assert 'value="an ninh"' in response.text  # the form is kept, to narrow the query


def test_the_app_cannot_write_the_index(web_app: Any) -> None:
    import sqlite3

    def write(corpus: Any) -> None:
        corpus.store.connection.execute("PRAGMA query_only = 0")
        corpus.store.connection.execute("DELETE FROM meta")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        web_app.state.engine._executor.submit(web_app.state.engine.call, write).result()


def test_pages_follow_an_ingest(tmp_path: Path, web_data_dir: Path, tmp_corpus: Any) -> None:
    from normcorpus.ingest import ingest

    data_dir = tmp_path / "data"
    shutil.copytree(web_data_dir, data_dir)
    with fresh_client(data_dir, workers=1) as late:
        before = late.get("/search?q=xuyên+xuyết&doc=beta")
        assert before.status_code == 400 and "no document &#39;beta&#39;" in before.text
        report = ingest([tmp_corpus()], data_dir=data_dir, glossary=GLOSSARY_PATH, jobs=1)
        assert report.ok
        after = late.get("/search?q=xuyên+xuyết&doc=beta")
        assert after.status_code == 200 and "clause match" in after.text
        assert late.get("/document/beta").status_code == 200


# --- a live server, many clients -----------------------------------------------------------------


def test_twenty_clients_at_once(live_server: Any) -> None:
    urls = [
        "/search?q=an+ninh+mang",
        "/search?q=cybersecurity&view=kwic",
        "/api/search?q=h%E1%BB%A3p+t%C3%A1c&limit=5",
        "/clause/luat-mau:p10.s01.c01",
        "/concepts",
        "/document/asean-2018-cybersecurity?q=an+ninh",
    ]
    host = urlsplit(live_server.url)
    bodies: dict[str, set[bytes]] = {url: set() for url in urls}
    failures: list[str] = []
    lock = threading.Lock()

    def client_loop(number: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        try:
            for i in range(6):
                url = urls[(number + i) % len(urls)]
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
                with lock:
                    if response.status != 200:
                        failures.append(f"{url}: {response.status}")
                    # Timing differs; the rest of each page must not.
                    bodies[url].add(re.sub(rb"app;dur=[\d.]+", b"", body))
        finally:
            connection.close()

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert all(len(found) == 1 for found in bodies.values()), {u: len(b) for u, b in bodies.items()}


def test_the_page_counts_up_to_a_cap_and_all_on_request(
    client: Any, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcorpus.web import pages

    total = corpus.count("an ninh")
    assert total > 12
    monkeypatch.setattr(pages, "COUNT_CAP", 12)
    html = client.get("/search?q=an+ninh&per_page=5").text
    assert "<strong>12+</strong> clauses match" in html and 'data-capped="1"' in html
    assert "page 1</span>" in html and 'rel="next"' in html  # no "of N": not counted
    # Past the cap, a page still knows whether another follows.
    last = (total - 1) // 5 + 1
    tail = client.get(f"/search?q=an+ninh&per_page=5&page={last}").text
    assert 'rel="next"' not in tail and 'rel="prev"' in tail
    link = re.search(r'<a href="([^"]+)" id="count-all">count them all</a>', html)
    assert link
    exact = client.get(link.group(1).replace("&amp;", "&")).text
    assert f"<strong>{total}</strong> clauses match" in exact and f"of {(total + 4) // 5}" in exact


def test_a_capped_count_is_the_count_up_to_the_cap(corpus: Corpus) -> None:
    from normcorpus.filters import Filters

    for query in ("an ninh", "cybersecurity", "hợp tác OR norms", "stakeholders"):
        for filters in (Filters(), Filters(side="vi"), Filters(side="en"), Filters(since="2018"),
                        Filters(concept="cybersecurity"), Filters(docs=("luat-mau",))):  # fmt: skip
            exact = corpus.count(query, filters)
            for cap in (1, 2, 7, 1_000_000):
                assert corpus.count(query, filters, at_most=cap) == min(exact, cap)


@pytest.fixture(scope="module")
def law_with_english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A statute with its published English beside it (`<doc>.en.txt`), ingested."""
    from conftest import TEST_DATA
    from normcorpus.ingest import ingest

    root = tmp_path_factory.mktemp("published")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copyfile(TEST_DATA / "parallel" / "luat-mau.vi.txt", corpus / "luat-mau.txt")
    shutil.copyfile(TEST_DATA / "parallel" / "law-sample.en.txt", corpus / "luat-mau.en.txt")
    (corpus / "luat-mau.meta.yaml").write_text(
        'translation:\n  publisher: "Test Gazette"\n  official: true\n', encoding="utf-8"
    )
    report = ingest([corpus], data_dir=root / "data", glossary=GLOSSARY_PATH, jobs=1)
    assert report.ok, report.errors
    return root / "data"


def test_pages_show_the_published_english_as_show_does(law_with_english: Path) -> None:
    # The clause page said "No translation of this clause yet." and every hit
    # "no translation", while `normcorpus show` printed the published English.
    from normcorpus.store import Store

    with Store.open(law_with_english) as store:
        bead = next(b for b in store.published_beads("luat-mau") if b.type == "1-1" and b.en)
    clause = bead.vi_ids[0]
    with fresh_client(law_with_english) as client:
        page = client.get(f"/clause/{quote(clause)}").text
        assert bead.en in text_of(page) and "No translation of this clause yet" not in page
        assert "official: Test Gazette" in page
        with Store.open(law_with_english) as store:
            record = store.record(clause)
        assert record is not None
        words = " ".join(record.text.split()[:3])
        hits = client.get("/search", params={"q": f'"{words}"'}).text
        assert "en (official: Test Gazette" in hits
        first = hits[hits.index('class="hit"') :]
        assert bead.en[:20] in text_of(first[: first.index("</li>")])


def test_a_concordance_says_what_its_phrase_reading_leaves_out(client: Any, corpus: Corpus) -> None:
    # (the page said "No clauses match." where the ranked hits held 9 clauses)
    query = "ASEAN mạng"
    phrases = corpus.as_phrases(query)
    apart = corpus.apart(phrases)
    assert apart > 0 and corpus.count(phrases) == 0
    html = client.get("/search?q=ASEAN+m%E1%BA%A1ng&view=kwic").text
    assert "No clause holds it as a phrase." in text_of(html)
    assert f"{apart} more clauses hold the words apart" in text_of(html)
    assert '<a href="/search?q=ASEAN+m%E1%BA%A1ng">see the ranked hits</a>' in html
    assert "Nearest in the corpus" not in html  # the words are there: no respellings
