"""plots.py: what each figure shows (read off the corpus), and how it is drawn:
Vietnamese with its diacritics, SVG text kept as text, deterministic files."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GLOSSARY_PATH
from normcorpus import plots
from normcorpus.errors import QueryError
from normcorpus.filters import Filters
from normcorpus.search import Corpus

SVG = "{http://www.w3.org/2000/svg}"
# Every letter Vietnamese writes beyond ASCII, in both cases (the 134 of Unicode's
# Vietnamese block and Latin-1/Extended-A/B that it uses).
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VIETNAMESE += VIETNAMESE.upper()


@pytest.fixture(scope="module")
def corpus(corpus_data_dir: Path):
    with Corpus.open(corpus_data_dir, glossary=GLOSSARY_PATH) as opened:
        yield opened


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_dispersion_positions_are_the_matches_in_the_document_text(corpus: Corpus) -> None:
    data = plots.dispersion(corpus, '"hợp tác"')
    assert [row.doc for row in data.rows] == ["asean-2018-cybersecurity", "vn-ru-2017-infosec"]
    for row in data.rows:
        text = corpus.store.document_text(row.doc)
        assert row.length == len(text)
        assert row.spans == tuple(sorted(row.spans))
        for (start, end), clause in zip(row.spans, row.clauses, strict=True):
            assert text[start:end].lower() == "hợp tác"
            assert clause.startswith(row.doc + ":")
    # Every clause the search finds is in the plot, and nothing else.
    hits = corpus.search('"hợp tác"', limit=1000).hits
    assert {h.record.id for h in hits} == {c for row in data.rows for c in row.clauses}
    assert data.matches == sum(len(row.spans) for row in data.rows) > len(hits)
    assert not data.capped


def test_dispersion_caps_what_it_reads_and_says_so(corpus: Corpus) -> None:
    data = plots.dispersion(corpus, "an ninh", max_matches=3, max_documents=1)
    assert data.capped
    assert len(data.rows) == 1 and data.documents_left_out == 0
    assert len({c for row in data.rows for c in row.clauses}) == 3
    both = plots.dispersion(corpus, "an ninh", max_documents=1)
    assert both.documents_left_out == 1


def test_timeline_counts_each_dated_document_and_respects_filters(corpus: Corpus) -> None:
    data = plots.timeline(corpus, "hợp tác")
    assert [p.doc for p in data.points] == ["vn-ru-2017-infosec", "asean-2018-cybersecurity"]
    for point in data.points:
        assert point.clauses == corpus.count('"hợp tác"', Filters(docs=(point.doc,)))
        assert point.per_10k == round(point.clauses * 10_000 / point.words, 2)
    only = plots.timeline(corpus, "hợp tác", Filters(since="2018"))
    assert [p.doc for p in only.points] == ["asean-2018-cybersecurity"]


def test_labels_count_in_the_singular_where_there_is_one(corpus: Corpus) -> None:
    one = svg_texts(plots.render(plots.dispersion(corpus, '"nhiều bên"'), "svg"))
    assert any(x.startswith("1 match, ") for x in one), one
    many = " ".join(svg_texts(plots.render(plots.dispersion(corpus, '"hợp tác"'), "svg")))
    assert " matches, " in many and not re.search(r"\b1 matches", many)
    left = plots.dispersion(corpus, "an ninh", max_documents=1)
    assert "1 more document not shown" in svg_texts(plots.render(left, "svg"))
    dated = " ".join(svg_texts(plots.render(plots.timeline(corpus, '"nhiều bên"'), "svg")))
    assert re.search(r"\b1 clause\b", dated) and not re.search(r"\b1 clauses", dated), dated


def test_heatmap_is_the_concept_table_with_words_per_document(corpus: Corpus) -> None:
    data = plots.heatmap(corpus, top=5)
    table = corpus.concept_table()
    assert data.concepts == tuple(r.concept for r in table.rows[:5])
    assert data.counts == tuple(r.counts for r in table.rows[:5])
    words = {info.id: info.words for info in corpus.store.documents()}
    per_10k = data.values("per_10k")
    for i, counts in enumerate(data.counts):
        for j, doc in enumerate(data.docs):
            assert per_10k[i][j] == round(counts[j] * 10_000 / words[doc], 2)
    assert data.labels[data.concepts.index("asean")] == "Hiệp hội các quốc gia Đông Nam Á (asean)"
    with pytest.raises(QueryError, match="measure"):
        data.values("ratio")


def test_dejavu_sans_has_every_vietnamese_letter() -> None:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(
        font_manager.FontProperties(family=plots.FONT), fallback_to_default=False
    )
    assert Path(path).name == "DejaVuSans.ttf"
    font = FT2Font(path)
    missing = [c for c in VIETNAMESE if font.get_char_index(ord(c)) == 0]
    assert missing == []


def test_svg_keeps_vietnamese_text_as_text(corpus: Corpus) -> None:
    data = plots.dispersion(corpus, "an ninh mạng")
    svg = plots.render(data, "svg")
    texts = svg_texts(svg)
    assert "Dispersion of “an ninh mạng”" in texts
    assert "asean-2018-cybersecurity" in " ".join(texts)
    assert b"<path" in svg and b"DejaVu Sans" in svg  # text is <text> in the font, not outlines
    colloc = corpus.collocates("an ninh mạng", top=10)
    words = svg_texts(plots.render(colloc, "svg"))
    assert {c.item for c in colloc.collocates} <= set(words)
    assert any(any(ch in VIETNAMESE for ch in word) for word in words)


def test_no_glyph_is_missing_when_drawing_vietnamese(corpus: Corpus) -> None:
    heat = plots.heatmap(corpus, top=40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        plots.render(heat, "png", plots.Size(dpi=40))
        plots.render(plots.timeline(corpus, "đe dọa"), "png", plots.Size(dpi=40))


def _label_png(text: str) -> bytes:
    """A PNG of one label, drawn as the plots draw text."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(plots._RC):  # the plots' own settings
        figure = Figure(figsize=(3, 0.6))
        figure.text(0.05, 0.3, text, size=20)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=60)
    return out.getvalue()


def _pixels(png: bytes) -> bytes:
    from matplotlib.image import imread

    return imread(io.BytesIO(png)).tobytes()


def test_png_draws_the_diacritics_not_tofu() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tofu reference warns, as it should
        tofu = _pixels(_label_png("\U000f0000\U000f0001\U000f0002"))
        same_tofu = _pixels(_label_png("\U000f0003\U000f0004\U000f0005"))
        spaced_tofu = _pixels(_label_png("\U000f0000 \U000f0001 \U000f0002"))
    assert tofu == same_tofu  # missing glyphs all draw as the same box
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        marked = _pixels(_label_png("ạ ế ữ"))
        plain = _pixels(_label_png("a e u"))
    assert marked != plain  # the marks are drawn
    assert marked != spaced_tofu


@pytest.mark.parametrize("fmt", plots.FORMATS)
def test_every_format_is_written_and_the_same_twice(corpus: Corpus, fmt: str) -> None:
    data = plots.timeline(corpus, "an ninh")
    first = plots.render(data, fmt, plots.Size(width=5, dpi=50))
    assert first == plots.render(data, fmt, plots.Size(width=5, dpi=50))
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt]
    assert first.startswith(magic)


def test_pdf_embeds_truetype_text(corpus: Corpus) -> None:
    pdf = plots.render(plots.dispersion(corpus, "an ninh mạng"), "pdf")
    assert b"/FontFile2" in pdf  # TrueType (pdf.fonttype 42): the text stays text
    assert b"DejaVuSans" in pdf


def test_empty_figures_say_why(corpus: Corpus) -> None:
    none = plots.dispersion(corpus, "zzzqqq")
    assert none.rows == () and "no matches" in svg_texts(plots.render(none, "svg"))


def test_size_and_format_are_checked() -> None:
    with pytest.raises(QueryError, match="--width"):
        plots.Size(width=0.5)
    with pytest.raises(QueryError, match="--height"):
        plots.Size(height=80)
    with pytest.raises(QueryError, match="--dpi"):
        plots.Size(dpi=5)
    with pytest.raises(QueryError, match="svg, png, pdf"):
        plots.check_format("gif")


def test_cli_plot_commands_write_each_format(
    corpus_data_dir: Path, tmp_path: Path, cli_runner
) -> None:
    from normcorpus.cli import app

    common = ["--data-dir", str(corpus_data_dir)]
    runs = {
        "dispersion.svg": [
            "plot",
            "dispersion",
            "an ninh mạng",
            *common,
            "--glossary",
            str(GLOSSARY_PATH),
        ],
        "timeline.png": ["plot", "timeline", "hợp tác", "--dpi", "60", *common],
        "heatmap.pdf": ["plot", "heatmap", "--measure", "per_10k", "--top", "10", *common],
        "collocates.svg": ["plot", "collocates", "an ninh mạng", "--top", "8", *common],
    }
    for name, args in runs.items():
        out = tmp_path / name
        result = cli_runner.invoke(app, [*args, "-o", str(out), "--width", "6"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
        assert f"wrote {out}" in result.stderr
    assert "Dispersion of “an ninh mạng”" in svg_texts((tmp_path / "dispersion.svg").read_bytes())
    only = ["--doc", "asean-2018-cybersecurity", "-o", str(tmp_path / "one.svg")]
    one = cli_runner.invoke(app, ["plot", "timeline", "hợp tác", *common, *only])
    assert one.exit_code == 0 and "(1 dated document)" in one.stderr  # not "1 dated documents"
    only[-1] = str(tmp_path / "one-dispersion.svg")
    one = cli_runner.invoke(app, ["plot", "dispersion", "an ninh mạng", *common, *only])
    assert one.exit_code == 0 and " in 1 document)" in one.stderr  # not "in 1 documents"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plot", "heatmap", "-o", "x.gif"], "write a plot as .svg, .png, .pdf"),
        (
            ["plot", "heatmap", "-o", "x.svg", "--measure", "ratio"],
            "--measure takes count, per_10k",
        ),
        (["plot", "dispersion", "x", "-o", "x.svg", "--dpi", "5"], "--dpi takes 30 to 1200"),
        (["plot", "timeline", "x", "-o", "x.svg", "--since", "May"], "--since takes a date"),
    ],
)
def test_cli_plot_bad_options_are_one_line_exit_2(
    corpus_data_dir: Path, tmp_path: Path, cli_runner, args: list[str], message: str
) -> None:
    from normcorpus.cli import app

    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = cli_runner.invoke(app, [*args, "--data-dir", str(corpus_data_dir)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_drawing_uses_agg_without_pyplot(corpus_data_dir: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from normcorpus import plots\n"
        "from normcorpus.search import Corpus\n"
        f"corpus = Corpus.open({str(corpus_data_dir)!r})\n"
        "assert 'matplotlib' not in sys.modules  # gathering data imports no matplotlib\n"
        "data = plots.dispersion(corpus, 'an ninh')\n"
        "assert plots.render(data, 'png').startswith(b'\\x89PNG')\n"
        "print(sorted(m for m in sys.modules if m.endswith('pyplot') or 'backend_qt' in m))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_a_timeline_marks_points_without_a_line_and_a_key_names_them() -> None:
    from matplotlib.figure import Figure

    # Two documents of one year: their names at the points overlapped (newuser11).
    data = plots.Timeline(
        query="an ninh",
        points=(
            plots.TimelinePoint("itlaw-2006", "2006-06-29", 17, 10_026),
            plots.TimelinePoint("news-2020-05-22-arria", "2020-05-22", 4, 243),
            plots.TimelinePoint("news-2020-10-08-amcc5", "2020-10-08", 3, 191),
        ),
        undated=("phapdien-3.1",),
    )
    figure = plots._draw_timeline(Figure, data, plots.Size())
    axes = figure.axes[0]
    assert axes.get_lines() == []  # no line: documents are not a series
    assert [t.get_text() for t in axes.texts] == ["1", "2", "3"]
    key = [t.get_text() for t in figure.legends[0].get_texts()]
    assert key == [
        "itlaw-2006 (2006-06-29): 17 clauses",
        "news-2020-05-22-arria (2020-05-22): 4 clauses",
        "news-2020-10-08-amcc5 (2020-10-08): 3 clauses",
    ]
    # The numbers of the two 2020 points do not stand on one another.
    offsets = [t.xyann for t in axes.texts[1:]]
    assert offsets[0] != offsets[1]
    texts = svg_texts(plots.render(data, "svg"))
    assert "1 undated document not shown" in texts


def test_a_heatmap_says_what_it_counted(corpus: Corpus) -> None:
    body = plots.heatmap(corpus)
    assert body.scope == "body text"
    assert "Concepts × documents (matches; body text)" in svg_texts(plots.render(body, "svg"))
    assert plots.heatmap(corpus, include=None).scope == "every unit"
    assert plots.heatmap(corpus, include=("heading",)).scope == "body text and headings"


def test_cli_plots_read_the_vietnamese_unless_told(
    corpus_data_dir: Path, tmp_path: Path, cli_runner
) -> None:
    # (`information security` marked English lines of a published translation, counted
    # per 10,000 Vietnamese words)
    from normcorpus.cli import app

    common = ["--data-dir", str(corpus_data_dir), "-o", str(tmp_path / "d.svg")]
    english_only = "Russian"  # in the English of vn-ru, in no glossary term
    vi = cli_runner.invoke(app, ["plot", "dispersion", english_only, *common])
    both = cli_runner.invoke(app, ["plot", "dispersion", english_only, *common, "--side", "both"])
    assert vi.exit_code == 0 and "(0 matches in 0 documents)" in vi.stderr
    assert both.exit_code == 0 and "matches in 1 document)" in both.stderr
    assert "(0 matches" not in both.stderr


def test_a_heatmap_of_one_row_and_long_names_lays_out_whole() -> None:
    # (one row under a 36-character document name: the layout collapsed with a raw
    # matplotlib warning; a long label pushed the title off the figure's right edge)
    import warnings

    data = plots.Heatmap(
        count="matches",
        docs=("phapdien-3.1-an-toan-thong-tin-mang",),
        words=(64_189,),
        concepts=("information-safety",),
        labels=("an toàn thông tin (information-safety) " * 2,),
        english=("information security",),
        counts=((733,),),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = plots.render(data, "svg")
    assert "Concepts × documents (matches; body text)" in svg_texts(svg)
