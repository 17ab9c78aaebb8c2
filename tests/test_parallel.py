"""parallel.py: labels, structure anchors, the DP's beads, gaps and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import GLOSSARY_PATH, TEST_DATA
from normcorpus import parallel
from normcorpus.errors import InputError
from normcorpus.parallel import Label

DATA = TEST_DATA / "parallel"
VI = DATA / "luat-mau.vi.txt"
EN = DATA / "law-sample.en.txt"


@pytest.mark.parametrize(
    ("lang", "paragraph", "label"),
    [
        ("vi", "Chương IV", Label("chapter", "4")),
        ("vi", "Chương 4 NHỮNG QUY ĐỊNH", Label("chapter", "4")),
        ("vi", "Mục 2: ỨNG DỤNG", Label("section", "2")),
        ("vi", "Điều 1. Phạm vi", Label("article", "1")),
        ("vi", "Điều 5 Chính sách của Nhà nước", Label("article", "5")),
        ("vi", "Điều 24:Nguyên tắc", Label("article", "24")),
        ("vi", "Điều 2.Đối tượng", Label("article", "2")),
        ("vi", "3.Tổ chức, cá nhân", Label("clause", "3")),
        ("vi", "2..Thông tin số", Label("clause", "2")),
        ("vi", "1 Xây dựng và sử dụng", Label("clause", "1")),
        ("vi", "đ) Các tên miền", Label("point", "5")),  # đ is the 5th Vietnamese point
        ("vi", "g) Bảo đảm", Label("point", "7")),
        ("vi", "Luật này quy định", None),
        ("vi", "2006 là năm", None),
        ("en", "Chapter IV", Label("chapter", "4")),
        ("en", "CHAPTER 4", Label("chapter", "4")),
        ("en", "Section 2. INFORMATION", Label("section", "2")),
        ("en", "Article 1.- Scope of regulation", Label("article", "1")),
        ("en", "Article 12. Prohibited acts", Label("article", "12")),
        ("en", "1. When disparities appear", Label("clause", "1")),
        ("en", "e/ To refuse", Label("point", "5")),  # the English e is the Vietnamese đ
        ("en", "(e) To refuse", Label("point", "5")),
        ("en", "f) To ensure", Label("point", "6")),
        ("en", "This Law provides", None),
        ("en", "2006 was a year", None),
    ],
)
def test_labels(lang: str, paragraph: str, label: Label | None) -> None:
    assert parallel.read_label(paragraph, lang) == label


def _unit(index: int, label: Label | None, para: int | None = None) -> parallel.Unit:
    return parallel.Unit(index, f"u{index}", "x", 0, 1, 1, para or index + 1, label)


def test_anchors_take_labels_met_once_on_each_side() -> None:
    article = lambda n: Label("article", str(n))  # noqa: E731
    clause = lambda n: Label("clause", str(n))  # noqa: E731
    vi = [_unit(0, article(1)), _unit(1, clause(1)), _unit(2, clause(2)), _unit(3, article(2))]
    vi += [_unit(4, clause(1)), _unit(5, article(3))]
    # English: article 2's heading is lost, so its clause 1 follows article 1's clause 1.
    en = [_unit(0, article(1)), _unit(1, clause(1)), _unit(2, clause(2)), _unit(3, None)]
    en += [_unit(4, clause(1)), _unit(5, article(3))]
    anchors = parallel.structure_anchors(vi, en)
    # articles 1 and 3 anchor; within article 1's stretch clause 1 is met twice in
    # English (its own and article 2's), so only clause 2 anchors there.
    assert anchors == [(0, 0), (2, 2), (5, 5)]


def test_longest_increasing_keeps_order_on_both_sides() -> None:
    pairs = [(0, 0), (1, 5), (2, 1), (3, 2), (4, 6), (5, 3)]
    assert parallel._longest_increasing(pairs) == [(0, 0), (2, 1), (3, 2), (5, 3)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> parallel.Alignment:
    from normcorpus.glossary import load_glossary

    folder = tmp_path_factory.mktemp("parallel")
    vi = folder / "luat-mau.txt"
    shutil.copyfile(VI, vi)
    return parallel.align_files(vi, EN, glossary=load_glossary(GLOSSARY_PATH))


def _pairs(alignment: parallel.Alignment) -> list[tuple[str, str, str]]:
    return [(row["bead"], row["vi"][:12], row["en"][:12]) for row in alignment.pairs()]


def test_sample_law_beads(sample: parallel.Alignment) -> None:
    assert _pairs(sample) == [
        ("1-1", "QUỐC HỘI", "THE NATIONAL"),  # the header line is text, not a dropped title
        ("1-1", "LUẬT AN NINH", "SAMPLE LAW O"),  # the glossary: an ninh thông tin
        ("1-1", "Chương I", "Chapter I"),
        ("1-1", "NHỮNG QUY ĐỊ", "GENERAL PROV"),
        ("1-1", "Điều 1. Phạm", "Article 1.- "),
        ("1-1", "Luật này quy", "This Law pro"),
        ("1-0", "Điều 2 Giải ", ""),  # the heading behind the login notice
        ("0-1", "", "Hãy đăng nhậ"),  # Vietnamese in the English file: never paired
        ("1-1", "1. An toàn t", "1. Network i"),
        ("1-0", "2.Xâm phạm a", ""),  # the English lost it, with no notice
        ("1-1", "3. Sự cố an ", "3. A network"),
        ("1-1", "Điều 3. Hợp ", "Article 3.- "),
        ("1-1", "1. Nhà nước ", "1. The State"),
        ("1-1", "tham gia các", "participatio"),
        ("1-1", "2. Hợp tác đ", "2. Cooperati"),
        ("1-1", "a) Trao đổi ", "a/ Exchange "),
        ("1-1", "b) Đào tạo n", "b/ Human res"),
        ("1-1", "c) Diễn tập ", "c/ Incident "),
        ("1-1", "Điều 4. Hiệu", "Article 4.- "),
        ("1-1", "Luật này có ", "This Law tak"),
    ]


def test_every_unit_once_in_order(sample: parallel.Alignment) -> None:
    vi = [i for bead in sample.beads for i in bead.vi]
    en = [j for bead in sample.beads for j in bead.en]
    assert vi == list(range(len(sample.vi.units)))
    assert en == list(range(len(sample.en.units)))


def test_confidence_is_a_probability(sample: parallel.Alignment) -> None:
    confidences = [bead.confidence for bead in sample.beads]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    notice = next(b for b in sample.beads if b.en and sample.en.units[b.en[0]].foreign)
    assert notice.type == "0-1" and notice.confidence > 0.99


def test_english_units_cut_like_the_vietnamese() -> None:
    side = parallel.english_side(
        "Article 1.- Scope\n"
        "1. The State promotes cooperation; participation in forums.\n"
        "The terms are: trust, security. It ends here. No. 5 stays whole.\n"
        "...\n"
    )
    assert [u.text for u in side.units] == [
        "Article 1.- Scope",
        "1. The State promotes cooperation;",
        "participation in forums.",
        "The terms are:",
        "trust, security.",
        "It ends here.",
        "No. 5 stays whole.",
    ]
    assert [u.line for u in side.units] == [1, 2, 2, 3, 3, 3, 3]
    assert all(side.text[u.start : u.end] == u.text for u in side.units)


def test_long_unstructured_text_stays_in_a_band() -> None:
    """300 units a side, no labels, a paragraph missing in the middle: the band holds
    the path, and the gap is put where it is."""
    vi_lines, en_lines = [], []
    for k in range(300):
        vi_lines.append(f"Đoạn thứ {k + 10} nói về hợp tác an ninh mạng giữa các quốc gia {k}.")
        if k != 150:
            en_lines.append(
                f"Paragraph {k + 10} is about cybersecurity cooperation among States {k}."
            )
    from normcorpus.models import Clause, Document, DocumentMeta, Span

    text = "\n".join(vi_lines)
    spans, clauses, start = [], [], 0
    for k, line in enumerate(vi_lines, start=1):
        spans.append(Span(start, start + len(line)))
        clauses.append(Clause(f"d:p{k}", "d", k, 1, 1, line, start, start + len(line), ()))
        start += len(line) + 1
    document = Document("d", "d.txt", text, tuple(spans), DocumentMeta(), "0")
    vi = parallel.vietnamese_side(document, clauses)
    en = parallel.english_side("\n".join(en_lines))
    alignment = parallel.align_sides(vi, en)
    gaps = [bead for bead in alignment.beads if bead.is_gap]
    assert [(bead.vi, bead.en) for bead in gaps] == [((150,), ())]
    assert sum(1 for bead in alignment.beads if bead.type == "1-1") == 299


def test_glossary_is_optional(tmp_path: Path) -> None:
    vi = tmp_path / "luat-mau.txt"
    shutil.copyfile(VI, vi)
    alignment = parallel.align_files(vi, EN)
    assert alignment.counts()["1-1"] >= 15


@pytest.mark.parametrize(
    ("vi_text", "en_text", "message"),
    [
        ("", "Some English.\n", "empty file"),
        ("Tiêu đề\nLuật này quy định.\n", "...\n---\n", "no text to align"),
        (
            "Tiêu đề\nLuật này quy định.\n",
            "Tiêu đề\nLuật này quy định về an ninh mạng.\n",
            "Vietnamese",
        ),
        ("Headline\nThis is English.\n", "This is English too.\n", "no Vietnamese text"),
    ],
)
def test_bad_input(tmp_path: Path, vi_text: str, en_text: str, message: str) -> None:
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text(vi_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        parallel.align_files(vi, en)


def test_binary_file(tmp_path: Path) -> None:
    vi, en = tmp_path / "vi.txt", tmp_path / "en.bin"
    shutil.copyfile(VI, vi)
    en.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"en\.bin"):
        parallel.align_files(vi, en)


def test_published_translation_entries_of_the_corpus() -> None:
    from conftest import CORPUS_DIR

    asean = parallel.published_translation(CORPUS_DIR / "asean-2018-cybersecurity.txt")
    assert asean is not None and asean.official is True and asean.shipped is False
    assert asean.file == "asean-2018-cybersecurity.en.txt" and asean.url
    assert asean.date == "2018-04-28"
    vn_ru = parallel.published_translation(CORPUS_DIR / "vn-ru-2017-infosec.txt")
    assert vn_ru is not None and vn_ru.file is None and vn_ru.shipped is False


def test_align_published_uses_the_corpus_clauses(tmp_path: Path) -> None:
    from normcorpus.read import read_document
    from normcorpus.segment import segment

    statement = tmp_path / "luat-mau.txt"
    shutil.copyfile(VI, statement)
    (tmp_path / "luat-mau.meta.yaml").write_text(
        "translation:\n  file: luat-mau.en.txt\n  official: false\n  publisher: Test\n",
        encoding="utf-8",
    )
    document = read_document(statement)
    clauses = list(segment(document))
    assert parallel.align_published(document, clauses) is None  # no English file yet
    shutil.copyfile(EN, tmp_path / "luat-mau.en.txt")
    alignment = parallel.align_published(document, clauses)
    assert alignment is not None
    ids = {alignment.vi.units[i].id for bead in alignment.beads for i in bead.vi}
    assert ids == {c.id for c in clauses}


def test_a_title_line_is_labelled_from_its_own_text(tmp_path: Path) -> None:
    # The title is paragraph 0 (read.py): its label must not come from the
    # last paragraph (`paragraphs[-1]`), here an article heading.
    from normcorpus.read import read_document
    from normcorpus.segment import segment

    vi = tmp_path / "tuyen-bo.txt"
    vi.write_text(
        "Tuyên bố về hợp tác\n\nHai Bên thúc đẩy hợp tác.\nĐiều 5. Hiệu lực\n", encoding="utf-8"
    )
    document = read_document(vi)
    side = parallel.vietnamese_side(document, segment(document))
    assert side.units[0].id.endswith(":p00.s01.c01")
    assert side.units[0].label is None
    assert side.units[-1].label is not None


def _side_of_sentences(sentences: list[list[str]]) -> parallel.Side:
    """A Vietnamese side whose paragraph k is sentence k cut into the given pieces."""
    from normcorpus.models import Clause, Document, DocumentMeta, Span

    lines = [" ".join(pieces) for pieces in sentences]
    text = "\n".join(lines)
    spans, clauses, start = [], [], 0
    for para, pieces in enumerate(sentences, start=1):
        spans.append(Span(start, start + len(lines[para - 1])))
        position = start
        for number, piece in enumerate(pieces, start=1):
            clauses.append(
                Clause(
                    f"d:p{para:02d}.s01.c{number:02d}",
                    "d",
                    para,
                    1,
                    number,
                    piece,
                    position,
                    position + len(piece),
                    (),
                )
            )
            position += len(piece) + 1
        start += len(lines[para - 1]) + 1
    document = Document("d", "d.txt", text, tuple(spans), DocumentMeta(), "0")
    return parallel.vietnamese_side(document, clauses)


def test_a_sentence_cut_at_many_commas_joins_one_english_sentence() -> None:
    """The segmenter cuts an over-long Vietnamese sentence at its commas; the English
    says it in one sentence: a bead of 5 Vietnamese pieces and 1 English unit."""
    long = [
        "Các Bên nhất trí tăng cường hợp tác về an ninh mạng trong khuôn khổ ASEAN,",
        "trao đổi thông tin về các mối đe dọa đối với cơ sở hạ tầng thông tin trọng yếu,",
        "xây dựng năng lực ứng phó sự cố cho các cơ quan chức năng,",
        "phối hợp đấu tranh phòng, chống tội phạm mạng xuyên biên giới,",
        "và thúc đẩy các chuẩn mực hành vi có trách nhiệm của quốc gia trên không gian mạng.",
    ]
    vi = _side_of_sentences([["Tuyên bố được thông qua tại Singapore năm 2018."], long])
    en = parallel.english_side(
        "The Statement was adopted in Singapore in 2018.\n"
        "The Parties agree to strengthen cybersecurity cooperation within the ASEAN framework,"
        " exchange information on threats to critical information infrastructure, build"
        " incident response capacity for the competent agencies, coordinate the fight against"
        " cross-border cybercrime, and promote norms of responsible State behaviour in"
        " cyberspace."
    )
    alignment = parallel.align_sides(vi, en)
    assert [(bead.vi, bead.en) for bead in alignment.beads] == [
        ((0,), (0,)),
        ((1, 2, 3, 4, 5), (1,)),
    ]


def test_long_joins_stay_within_one_sentence() -> None:
    """Four one-piece sentences are never one bead: a long join is only for the
    pieces of one Vietnamese sentence (here each has its own English)."""
    sentences = [
        ["Hai Bên nhất trí tăng cường hợp tác."],
        ["Hai Bên trao đổi thông tin."],
        ["Hai Bên xây dựng năng lực."],
        ["Hai Bên phối hợp đấu tranh với tội phạm mạng."],
    ]
    vi = _side_of_sentences(sentences)
    en = parallel.english_side(
        "The two Sides agree to strengthen cooperation, exchange information, build capacity"
        " and coordinate the fight against cybercrime."
    )
    alignment = parallel.align_sides(vi, en)
    assert max(len(bead.vi) for bead in alignment.beads) <= 3


def _as_page(text: str) -> str:
    """The text as a site's page gives it: a paragraph a `<p>`, its source broken
    after a few words, a script and a hidden menu around it."""
    import html

    paragraphs = []
    for line in text.splitlines():
        if line.strip():
            words = html.escape(line).split(" ")
            broken = "\n".join(" ".join(words[k : k + 6]) for k in range(0, len(words), 6))
            paragraphs.append(f"<p style='margin-bottom:6.0pt'>{broken}</p>")
    return (
        "<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<div style='display:none'>MỤC LỤC</div>\n" + "\n\n".join(paragraphs) + "\n</body></html>"
    )


def test_saved_pages_align_as_their_text(sample: parallel.Alignment, tmp_path: Path) -> None:
    from normcorpus.glossary import load_glossary

    vi, en = tmp_path / "luat-mau.html", tmp_path / "law-sample.en.html"
    vi.write_text(_as_page(VI.read_text(encoding="utf-8")), encoding="utf-8")
    en.write_text(_as_page(EN.read_text(encoding="utf-8")), encoding="utf-8")
    pages = parallel.align_files(vi, en, glossary=load_glossary(GLOSSARY_PATH))
    assert _pairs(pages) == _pairs(sample)


def test_an_english_law_flattened_onto_one_line_is_read_by_its_labels() -> None:
    # a page that flattened the law (a policy database's text of Law 86/2015/QH13):
    # labels run on after a sentence's end or a heading in capitals
    side = parallel.english_side(
        "NATIONAL ASSEMBLY Law no.: 86/2015/QH13 LAW ON NETWORK INFORMATION SECURITY "
        "CHAPTER I GENERAL PROVISIONS Article 1. Scope This law provides regulations on "
        "security; civil cryptography. Article 2. Subjects of application This law applies "
        "as prescribed in Article 5. Article 3. Definitions In this Law: 1. Network means a "
        "network. 2. System means a system: a) hardware; b) software.\n"
    )
    labels = [(u.label.level, u.label.value) for u in side.units if u.label]
    assert labels == [
        ("chapter", "1"),
        ("article", "1"),
        ("article", "2"),
        ("article", "3"),
        ("clause", "1"),
        ("clause", "2"),
        ("point", "1"),
        ("point", "2"),
    ]
    # a reference is no label, and a number's sign keeps its number
    assert any("as prescribed in Article 5." in u.text for u in side.units)
    assert side.units[0].text.startswith("NATIONAL ASSEMBLY Law no.: 86/2015/QH13")


def test_a_line_without_running_labels_stays_one_paragraph() -> None:
    text = (
        "Article 5. Scope\nAs provided in Article 3. The State shall, under Clause 2. Article 4.\n"
    )
    side = parallel.english_side(text)
    assert [u.para for u in side.units] == [1, 2, 2]


def test_khoan_1_after_an_english_title_and_a_notice_run_into_the_line() -> None:
    side = parallel.english_side(
        "Article 6.- Contents of state management of information technology 1. Formulating"
        " strategies. 2. Promulgating laws. ... Hãy đăng nhập hoặc đăng ký Thành viên Pro"
        " tại đây để xem toàn bộ văn bản tiếng Anh. Article 7. Next Text here.\n"
    )
    labels = [(u.label.level, u.label.value) for u in side.units if u.label]
    assert labels == [("article", "6"), ("clause", "1"), ("clause", "2"), ("article", "7")]
    notice = [u for u in side.units if u.foreign]
    assert len(notice) == 1 and "Hãy đăng nhập" in notice[0].text


def test_a_flattened_vietnamese_law_anchors_on_its_labels(tmp_path) -> None:
    # labels are read where a paragraph starts, inside its line (unseen10)
    vi = tmp_path / "luat.txt"
    vi.write_text(
        "Chương I NHỮNG QUY ĐỊNH CHUNG Điều 1. Phạm vi điều chỉnh Luật này quy định về an"
        " toàn thông tin mạng. Điều 2. Đối tượng áp dụng Luật này áp dụng đối với cơ quan,"
        " tổ chức, cá nhân.\n",
        encoding="utf-8",
    )
    side = parallel.read_vietnamese(vi)
    labels = [(u.label.level, u.label.value) for u in side.units if u.label]
    assert labels == [("chapter", "1"), ("article", "1"), ("article", "2")]
