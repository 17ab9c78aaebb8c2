"""segment.py: sentences, clauses, words, and the structure of legal texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from normcorpus import segment
from normcorpus.accel.crfrows import TemplateRows
from normcorpus.errors import NormcorpusWarning
from normcorpus.models import ClauseRecord, Document, DocumentMeta, Span, Structure
from normcorpus.read import read_document

LEGAL_TEXT = Path(__file__).resolve().parent / "data" / "legal" / "luat-mau.txt"


def document(*paragraphs: str, doc: str = "mau") -> Document:
    """A Document whose text is the paragraphs, one a line, all of them statement."""
    text = "\n".join(paragraphs)
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append(Span(start, start + len(paragraph)))
        start += len(paragraph) + 1
    return Document(doc, f"{doc}.txt", text, tuple(spans), DocumentMeta(), "0" * 64)


# --- the legal fixture --------------------------------------------------------


@pytest.fixture(scope="module")
def legal_clauses() -> dict[str, segment.Clause]:
    return {c.id: c for c in segment.segment(read_document(LEGAL_TEXT))}


LEGAL_STRUCTURE = {
    "luat-mau:p01.s01.c01": ("Chương I", {"chapter": "I", "kind": "heading"}),
    "luat-mau:p02.s01.c01": ("NHỮNG QUY ĐỊNH CHUNG", {"chapter": "I", "kind": "heading"}),
    "luat-mau:p03.s01.c01": ("Mục 1", {"chapter": "I", "section": "1", "kind": "heading"}),
    "luat-mau:p05.s01.c01": (
        "Điều 1. Phạm vi điều chỉnh",
        {"chapter": "I", "section": "1", "article": "1", "kind": "heading"},
    ),
    "luat-mau:p06.s01.c01": (
        "Luật này quy định về hợp tác quốc tế trong lĩnh vực an ninh mạng.",
        {"chapter": "I", "section": "1", "article": "1"},
    ),
    "luat-mau:p07.s01.c01": (
        "Điều 2. Nguyên tắc bảo đảm an ninh mạng",
        {"chapter": "I", "section": "1", "article": "2", "kind": "heading"},
    ),
    "luat-mau:p08.s01.c01": (
        "1. Tôn trọng chủ quyền quốc gia trên không gian mạng.",
        {"chapter": "I", "section": "1", "article": "2", "clause": "1"},
    ),
    "luat-mau:p09.s01.c01": (
        "2. Các quốc gia có trách nhiệm:",
        {"chapter": "I", "section": "1", "article": "2", "clause": "2"},
    ),
    "luat-mau:p10.s01.c01": (
        "a) Không sử dụng công nghệ thông tin và truyền thông để can thiệp vào"
        " công việc nội bộ của quốc gia khác;",
        {"chapter": "I", "section": "1", "article": "2", "clause": "2", "point": "a"},
    ),
    "luat-mau:p11.s01.c01": (
        "b) Hợp tác phòng chống tội phạm mạng và khủng bố.",
        {"chapter": "I", "section": "1", "article": "2", "clause": "2", "point": "b"},
    ),
    # a new section closes the article, its clause and point
    "luat-mau:p12.s01.c01": ("Mục 2", {"chapter": "I", "section": "2", "kind": "heading"}),
    "luat-mau:p15.s01.c01": (
        "Nhà nước thúc đẩy xây dựng lòng tin trên không gian mạng.",
        {"chapter": "I", "section": "2", "article": "3"},
    ),
    # a new chapter closes the section
    "luat-mau:p16.s01.c01": ("Chương II", {"chapter": "II", "kind": "heading"}),
    "luat-mau:p19.s01.c01": (
        "Luật này có hiệu lực từ ngày 01 tháng 01 năm 2030.",
        {"chapter": "II", "article": "4"},
    ),
}


@pytest.mark.parametrize("clause_id", sorted(LEGAL_STRUCTURE))
def test_legal_structure(legal_clauses: dict[str, segment.Clause], clause_id: str) -> None:
    text, structure = LEGAL_STRUCTURE[clause_id]
    clause = legal_clauses[clause_id]
    assert clause.text == text
    assert clause.structure.to_dict() == structure


def test_legal_text_clause_ids(legal_clauses: dict[str, segment.Clause]) -> None:
    # every line is a paragraph; an article heading `Điều 1. Phạm vi điều chỉnh`
    # stays one sentence (underthesea splits after `1.`; the label is merged back)
    expected = [f"luat-mau:p{p:02d}.s01.c01" for p in range(0, 20)]
    assert list(legal_clauses) == sorted(expected)
    # the title line is the document's title and paragraph 0, still searchable
    assert legal_clauses["luat-mau:p00.s01.c01"].text == "LUẬT MẪU VỀ AN NINH MẠNG"


def test_articles_and_clauses_of_the_legal_text(
    legal_clauses: dict[str, segment.Clause],
) -> None:
    articles = {c.structure.article for c in legal_clauses.values()} - {None}
    assert articles == {"1", "2", "3", "4"}
    numbered = {
        (c.structure.article, c.structure.clause, c.structure.point)
        for c in legal_clauses.values()
        if c.structure.clause
    }
    assert numbered == {("2", "1", None), ("2", "2", None), ("2", "2", "a"), ("2", "2", "b")}


def test_numbered_paragraph_outside_an_article_is_not_a_clause() -> None:
    clauses = list(segment.segment(document("1. Một đoạn văn có số.", "a) Một mục.")))
    assert [c.structure for c in clauses] == [Structure(), Structure()]


# --- sentences and offsets ----------------------------------------------------


def test_sentence_split_without_space_after_the_full_stop() -> None:
    doc = document(
        "Các thách thức đòi hỏi nỗ lực chung của cả cộng đồng quốc tế.Chú ý đến tính chất"
        " xuyên biên giới, hai nước tin rằng cần hợp tác."
    )
    clauses = list(segment.segment(doc))
    assert [(c.sent, c.clause) for c in clauses] == [(1, 1), (2, 1)]
    assert clauses[0].text.endswith("cộng đồng quốc tế.")
    assert clauses[1].text.startswith("Chú ý đến")


def test_a_footnotes_reference_ends_the_sentence_it_follows() -> None:
    # (a blog's copy of an article, its superscripts flattened: `… năm 2017.[3] Mỗi …`)
    doc = document(
        "Có khoảng 4,9 tỷ người sử dụng Internet, tăng 158% so với năm 2017.[3] Mỗi ngày"
        " đều có nhiều ứng dụng và dịch vụ mới ra đời.[12]"
    )
    clauses = list(segment.segment(doc))
    assert clauses[0].text.endswith("so với năm 2017.[3]")
    assert clauses[-1].text.startswith("Mỗi ngày") and clauses[-1].text.endswith("ra đời.[12]")


@pytest.mark.parametrize("domain", ["policeonline. club/", "vietcombank-vn. com", "abc. xyz"])
def test_a_domain_name_written_with_a_space_after_its_dot_is_not_cut(domain: str) -> None:
    # (news on fraud sites write the domains so, that the page makes no link: unseen8)
    doc = document(
        f"Trang web giả mạo với tên miền https://{domain}, đưa ra các quảng cáo lừa đảo."
        " Người dân cần thận trọng."
    )
    clauses = list(segment.segment(doc))
    assert [c.sent for c in clauses] == [1, 2]
    assert domain in clauses[0].text


def test_offsets_point_into_the_document_text() -> None:
    doc = document("Tiêu đề bị bỏ qua", "Hai Bên nhất trí; ASEAN hoan nghênh.", "Đoạn hai.")
    doc = Document(doc.id, doc.path, doc.text, doc.paragraphs[1:], doc.meta, doc.source_sha256)
    clauses = list(segment.segment(doc))
    assert [c.id for c in clauses] == ["mau:p01.s01.c01", "mau:p01.s01.c02", "mau:p02.s01.c01"]
    assert [c.text for c in clauses] == ["Hai Bên nhất trí;", "ASEAN hoan nghênh.", "Đoạn hai."]
    for clause in clauses:
        assert doc.text[clause.start : clause.end] == clause.text


def test_words_are_underthesea_words() -> None:
    (clause,) = segment.segment(document("Hai nước tăng cường hợp tác an ninh mạng."))
    assert clause.words == ("Hai", "nước", "tăng cường", "hợp tác", "an ninh mạng", ".")


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("vn-ru", 1, 2, 3), "vn-ru:p01.s02.c03"), (("d", 12, 10, 100), "d:p12.s10.c100")],
)
def test_clause_id(args: tuple[str, int, int, int], expected: str) -> None:
    assert segment.clause_id(*args) == expected


# --- underthesea's sentences and words, as offsets ---------------------------------

# Paragraphs where the offsets computed by segment._Tokenizer could go wrong:
# sentence stops (abbreviations, numbers, ellipses, no space after the stop),
# spacing (double spaces, tabs, a newline), characters word_tokenize normalises
# (`ð`, NFD, `nghành`), and the regex's own cases (`Th.S`, whose `.` is any
# character, a space too; `ʺ`; abbreviations, dates, URLs, hyphens).
TOKENIZER_CASES = [
    "Các thách thức đòi hỏi nỗ lực chung của cả cộng đồng quốc tế.Chú ý đến tính chất.",
    "Hai Bên nhất trí. ASEAN hoan nghênh! Vì sao? Tốt!? Xong",
    "Ông Mr. Smith đến TP. Hồ Chí Minh lúc 22:52, 29/04/2018 với 1.500.000 đồng.",
    "Các nước v.v... Sau đó hết... rồi. Và …",
    "U.S. và e.g. x. T.Ư họp. ThS. Nguyễn. Th.S Lê, Th s, Th sớm ở đây, Thus, ThSa.",
    "ʺTrích dẫnʺ và ʺa, ʺ. “Tự cường; sáng tạo” (ASEAN-Japan), COVID-19, H'Mông.",
    "Hai  Bên   nhất trí;\tASEAN\thoan nghênh.\nĐoạn  hai. ",
    "Ðiều ð này, nghành ngành, hoà bình" + "\u0301" + " và a\u0301 tôi.",
    "Xem http://example.com/a_b(c) hoặc www.mofa.gov.vn, a@b.com, 03-5730-2357, 4K, 3x4.",
    "Điều 1. Phạm vi. 1. Khoản một. a) Điểm a; b) Điểm b.",
    "",
    "   ",
    "...",
]


@pytest.fixture(scope="module")
def tokenizer() -> segment._Tokenizer:
    return segment._tokenizers()


def _check_tokenizer(tokenizer: segment._Tokenizer, paragraph: str) -> None:
    from underthesea import sent_tokenize, word_tokenize

    words = word_tokenize(paragraph)
    assert tokenizer.words(paragraph) == words
    assert tokenizer.word_spans(paragraph) == segment.locate(words, paragraph)
    sentences = segment.locate(sent_tokenize(paragraph), paragraph)
    assert tokenizer.sentence_spans(paragraph) == sentences


@pytest.mark.parametrize("paragraph", TOKENIZER_CASES)
def test_tokenizer_gives_underthesea_results(tokenizer: segment._Tokenizer, paragraph: str) -> None:
    _check_tokenizer(tokenizer, paragraph)


def test_tokenizer_gives_underthesea_results_on_the_corpus(
    tokenizer: segment._Tokenizer,
) -> None:
    paths = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
    for path in [*paths, LEGAL_TEXT]:
        doc = read_document(path)
        for span in doc.paragraphs:
            _check_tokenizer(tokenizer, doc.text[span.start : span.end])


def test_regex_shortcut_holds_for_the_installed_underthesea(
    tokenizer: segment._Tokenizer,
) -> None:
    # If this fails, underthesea's word regex changed: the shortcut in
    # `_Tokenizer._regex_tokens` is off (slower, still exact) until it is
    # checked against the new pattern.
    assert tokenizer._checked_pattern is not None
    general = segment._Tokenizer()
    general._checked_pattern = None
    for paragraph in TOKENIZER_CASES:
        assert tokenizer._regex_tokens(paragraph) == general._regex_tokens(paragraph)


def test_feature_rows_are_shared_bounded_and_give_word_tokenize_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = segment._FeatureRows()
    assert rows["mạng"] == ("mạng",) and rows["mạng"] is rows["mạng"]
    # A table that empties itself every 3 types still gives word_tokenize's words.
    # (The table feeds underthesea's featurizer, used when TemplateRows is not.)
    monkeypatch.setattr(segment._FeatureRows, "limit", 3)
    small = segment._Tokenizer()
    small._template_rows = None
    for paragraph in TOKENIZER_CASES:
        _check_tokenizer(small, paragraph)
    assert 0 < len(small._feature_rows) <= 3


def test_template_rows_forgetting_every_few_runs_give_word_tokenize_results() -> None:
    tokenizer = segment._Tokenizer()
    rows = tokenizer._template_rows
    assert rows is not None
    rows._limit = 3
    for paragraph in TOKENIZER_CASES:
        _check_tokenizer(tokenizer, paragraph)
    # Each paragraph's runs are kept till the next one's would pass the limit.
    longest = max(len(tokenizer._tokens(p)[3]) for p in TOKENIZER_CASES)
    assert all(len(parts) <= longest for parts in rows._parts.values())
    assert not tokenizer._feature_rows  # the featurizer's own rows were never asked for


def test_template_rows_are_not_used_when_they_differ_from_the_featurizer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert segment._template_rows() is not None
    made = TemplateRows._make

    def off_by_one(self, group, key, length, values):  # a featurizer reading n-grams otherwise
        made_here = made(self, group, key, length, values)
        return made_here[::-1] if length > 1 else made_here

    monkeypatch.setattr(TemplateRows, "_make", off_by_one)
    assert segment._template_rows() is None


def test_the_installed_underthesea_is_the_one_ported() -> None:
    # If this fails, underthesea changed under the port: segmentation falls
    # back to its public functions (with a warning) until _Tokenizer is checked
    # against the new files and segment._PORTED updated.
    assert segment.port_differences() == ()
    assert segment._tokenizers().ported
    # ... and its rows are made by TemplateRows, which the tests above check.
    assert segment._tokenizers()._template_rows is not None


@pytest.fixture
def unported(monkeypatch: pytest.MonkeyPatch):
    """segment.py as it runs on an underthesea whose model file differs from the ported one."""
    name = next(n for n in segment._PORTED if n.endswith("models.bin"))
    monkeypatch.setitem(segment._PORTED, name, "0" * 64)
    caches = (segment._port_differences_warned, segment._tokenizers, segment.load_segment_rules)
    for cache in caches:
        cache.cache_clear()
    yield name
    for cache in caches:
        cache.cache_clear()


def _corpus_paragraphs() -> list[str]:
    paths = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
    out = []
    for path in [*paths, LEGAL_TEXT]:
        doc = read_document(path)
        out.extend(doc.text[s.start : s.end] for s in doc.paragraphs)
    return [*out, *TOKENIZER_CASES]


def test_a_changed_underthesea_falls_back_to_its_public_functions_with_one_warning(
    unported: str,
) -> None:
    with pytest.warns(NormcorpusWarning) as caught:
        segment.load_segment_rules()
        fallback = segment._tokenizers()
        list(segment.segment(read_document(LEGAL_TEXT)))
    assert len(caught) == 1
    assert unported in str(caught[0].message)
    assert "public functions" in str(caught[0].message)
    assert not fallback.ported
    ported = segment._Tokenizer()
    assert ported.ported
    for paragraph in _corpus_paragraphs():
        assert fallback.sentence_spans(paragraph) == ported.sentence_spans(paragraph)
        assert fallback.word_spans(paragraph) == ported.word_spans(paragraph)
        assert fallback.words(paragraph) == ported.words(paragraph)


def test_the_fallback_segments_the_corpus_as_the_port_does(
    unported: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
    documents = [read_document(path) for path in [*paths, LEGAL_TEXT]]
    with pytest.warns(NormcorpusWarning):
        fallback = [c for d in documents for c in segment.segment(d)]
    assert not segment._tokenizers().ported
    ported = segment._Tokenizer()
    monkeypatch.setattr(segment, "_tokenizers", lambda: ported)
    assert fallback == [c for d in documents for c in segment.segment(d)]


def test_moved_internals_fall_back_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def moved(self: segment._Tokenizer) -> None:
        raise AttributeError("module has no attribute 'patterns'")

    monkeypatch.setattr(segment._Tokenizer, "_load_private_pieces", moved)
    with pytest.warns(NormcorpusWarning, match="internals moved"):
        tokenizer = segment._Tokenizer()
    assert not tokenizer.ported
    from underthesea import word_tokenize

    assert tokenizer.words("Xin chào Việt Nam.") == word_tokenize("Xin chào Việt Nam.")


# --- clauses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        ("Hai Bên nhất trí; ASEAN hoan nghênh.", ["Hai Bên nhất trí;", "ASEAN hoan nghênh."]),
        # a colon that opens an enumeration splits
        (
            "ba văn bản là: Tầm nhìn, Mạng lưới; và Hợp tác.",
            ["ba văn bản là:", "Tầm nhìn, Mạng lưới;", "và Hợp tác."],
        ),
        # a colon before a single phrase does not
        ("Ông nói: xin chào các bạn.", ["Ông nói: xin chào các bạn."]),
        # nor a label's colon, though a comma follows it (real: the number and the
        # place-and-date line of a decree's two-column header; a recipients' list)
        (
            "Số: 81/2021/NĐ-CP\tHà Nội, ngày 27 tháng 8 năm 2021",
            ["Số: 81/2021/NĐ-CP\tHà Nội, ngày 27 tháng 8 năm 2021"],
        ),
        ("- Lưu: VT, V03, C06.", ["- Lưu: VT, V03, C06."]),
        # nor a number's sign, after a header flattened onto one line (unseen10)
        (
            "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Luật số: 24/2018/QH14; Hà Nội, ngày 12",
            [
                "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Luật số: 24/2018/QH14;",
                "Hà Nội, ngày 12",
            ],
        ),
        # a short clause before an enumerating colon, after a cut, still splits
        ("Hai Bên nhất trí; cụ thể là: A, B.", ["Hai Bên nhất trí;", "cụ thể là:", "A, B."]),
        # nor the colon of a time
        (
            "Ngày đăng 22:52, 29/04/2018 tại Hà Nội.",
            ["Ngày đăng 22:52, 29/04/2018 tại Hà Nội."],
        ),
        # separators inside brackets and quotations do not split
        ("Các văn bản (A; B) được thông qua.", ["Các văn bản (A; B) được thông qua."]),
        ("Chủ đề “Tự cường; sáng tạo” được chọn.", ["Chủ đề “Tự cường; sáng tạo” được chọn."]),
        # a trailing separator does not make an empty clause
        ("Một mệnh đề;", ["Một mệnh đề;"]),
        ("Một mệnh đề;  ", ["Một mệnh đề;"]),
    ],
)
def test_clause_spans(sentence: str, clauses: list[str]) -> None:
    assert [sentence[s:e] for s, e in segment.clause_spans(sentence)] == clauses


def test_long_runs_are_split_at_clause_boundaries() -> None:
    rules = segment.load_segment_rules()
    sentence = (
        "Các quốc gia thành viên cần thúc đẩy hợp tác về an ninh mạng trong khu vực,"
        " đồng thời tăng cường trao đổi thông tin về những mối đe dọa từ không gian mạng,"
        " nhằm xây dựng năng lực ứng phó sự cố an ninh mạng của mỗi quốc gia,"
        " trong đó các cơ quan chuyên trách phối hợp chặt chẽ trong điều tra tội phạm mạng"
        " và tôn trọng chủ quyền quốc gia trên không gian mạng."
    )
    assert segment.syllables(sentence) > rules.max_syllables
    pieces = [sentence[s:e] for s, e in segment.clause_spans(sentence)]
    # 78 syllables, cut at the comma before a connective nearest the middle
    # (`nhằm`); both pieces are then short enough
    assert [segment.syllables(p) for p in pieces] == [34, 44]
    assert pieces[1].startswith("nhằm ")
    assert " ".join(pieces) == sentence
    assert all(rules.min_syllables <= segment.syllables(p) <= rules.max_syllables for p in pieces)


@pytest.mark.parametrize(
    ("sentence", "cut_after"),
    [
        # a fronted adverbial ends at its first comma, though its last item is short
        (
            "Để bảo đảm lợi ích quốc gia và quốc tế của nước Cộng hòa xã hội chủ nghĩa Việt Nam"
            " và Liên bang Nga, người đứng đầu hai nước ủng hộ việc ngăn ngừa và giải quyết hòa"
            " bình những xung đột giữa các quốc gia có thể phát sinh do phá hoại và sử dụng bất"
            " hợp pháp công nghệ thông tin và truyền thông.",
            "Liên bang Nga,",
        ),
        # a connective closes a short list: `cá nhân khác, trừ trường hợp`
        (
            "Tổ chức, cá nhân tham gia ứng dụng công nghệ thông tin không phải chịu trách nhiệm"
            " theo dõi, giám sát thông tin số của tổ chức, cá nhân khác, điều tra các hành vi vi"
            " phạm pháp luật xảy ra trong quá trình truyền đưa thông tin số của tổ chức, cá nhân"
            " khác, trừ trường hợp cơ quan nhà nước có thẩm quyền yêu cầu.",
            "cá nhân khác, điều tra các hành vi vi phạm pháp luật xảy ra trong quá trình truyền"
            " đưa thông tin số của tổ chức, cá nhân khác,",
        ),
    ],
)
def test_where_a_long_clause_is_cut(sentence: str, cut_after: str) -> None:
    pieces = [sentence[s:e] for s, e in segment.clause_spans(sentence)]
    assert len(pieces) == 2
    assert pieces[0].endswith(cut_after)


@pytest.mark.parametrize(
    "sentence",
    [
        # lists of numbers and of nouns (`khoản 1, 2, 3, 4 và 5`; `cơ quan, tổ chức, cá nhân`)
        "Tổ chức, cá nhân vi phạm quy định tại các khoản 1, 2, 3, 4 và 5 Điều này thì tùy theo"
        " tính chất, mức độ vi phạm mà bị xử lý kỷ luật, xử phạt vi phạm hành chính hoặc bị truy"
        " cứu trách nhiệm hình sự theo quy định của pháp luật và cơ quan, tổ chức, cá nhân liên"
        " quan phải bồi thường thiệt hại.",
        # items that open with the same word (`vùng …, vùng …`)
        "Tổ chức, cá nhân hoạt động ứng dụng và phát triển công nghệ thông tin tại vùng sâu,"
        " vùng xa, vùng có đồng bào dân tộc thiểu số, vùng có điều kiện kinh tế - xã hội khó"
        " khăn, vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn được hưởng các chính sách"
        " ưu đãi về đầu tư, tài chính và các ưu đãi khác theo quy định của pháp luật.",
        # `và`/`hoặc` after an earlier comma ends a list (`trực tiếp, hoặc qua …, hoặc …`)
        "Doanh nghiệp thực hiện các thủ tục cấp Giấy phép xuất khẩu, nhập khẩu sản phẩm mật mã"
        " dân sự nộp hồ sơ trực tiếp, hoặc qua hệ thống bưu chính, hoặc dịch vụ công trực tuyến"
        " đến Ban Cơ yếu Chính phủ thông qua Cục Quản lý mật mã dân sự và Kiểm định sản phẩm mật"
        " mã theo địa chỉ quy định tại Khoản 2 Điều 5 Nghị định này.",
        # `như` introduces examples, `cũng như` before a preposition continues a list
        "Các nước ASEAN đã kêu gọi sự hợp tác khu vực nhiều hơn trong xây dựng chính sách an"
        " ninh mạng, ngoại giao, hợp tác và xây dựng khả năng, như Tuyên bố của Chủ tịch Hội"
        " nghị ASEAN lần thứ 31 ngày 13/11/2017 tại Manila và Thông cáo chung của Hội nghị các"
        " Bộ trưởng Ngoại giao ASEAN lần thứ 50.",
        "Hai Bên kêu gọi cộng đồng quốc tế thông qua các biện pháp cần thiết để ngăn chặn sử"
        " dụng công nghệ thông tin và truyền thông với mục đích xâm hại độc lập chủ quyền, can"
        " thiệp vào công việc nội bộ của các quốc gia, cũng như vào mục đích khủng bố và thực"
        " hiện các hành vi phạm tội khác.",
        # no connective after any comma: a long clause stays whole rather than be cut in a list
        "Tổ chức, cá nhân tham gia ứng dụng công nghệ thông tin không phải chịu trách nhiệm theo"
        " dõi, giám sát thông tin số của tổ chức, cá nhân khác, điều tra các hành vi vi phạm"
        " pháp luật xảy ra trong quá trình truyền đưa hoặc lưu trữ thông tin số của tổ chức,"
        " cá nhân khác khi có yêu cầu.",
    ],
)
def test_long_clauses_are_not_cut_inside_enumerations(sentence: str) -> None:
    assert segment.syllables(sentence) > segment.load_segment_rules().max_syllables
    assert segment.clause_spans(sentence) == [(0, len(sentence))]


def test_a_long_run_without_commas_stays_whole() -> None:
    sentence = "Các nước " + " ".join(["an ninh mạng"] * 30) + "."
    assert segment.clause_spans(sentence) == [(0, len(sentence))]


def test_no_piece_shorter_than_min_syllables() -> None:
    rules = segment.load_segment_rules()
    sentence = "Tóm lại, " + " ".join(["hợp tác"] * 40) + ", xong."
    pieces = [sentence[s:e] for s, e in segment.clause_spans(sentence)]
    assert pieces == [sentence]
    assert segment.syllables(sentence) > rules.max_syllables


def test_real_clauses_are_not_split_again(
    corpus_records: dict[str, list[ClauseRecord]],
) -> None:
    rules = segment.load_segment_rules()
    for records in corpus_records.values():
        for record in records:
            text = record.text
            assert segment.clause_spans(text) == [(0, len(text))], record.id
            if segment.syllables(text) > rules.max_syllables:
                # a long clause keeps only commas the rules refuse to cut at:
                # inside an enumeration, with no connective after it, or too
                # near an end
                commas = segment._top_level_positions(text, ",")
                enumerated = segment._enumeration_commas(text, commas, rules)
                for comma in set(commas) - enumerated:
                    if not segment._connective_follows(text, comma + 1, rules):
                        assert rules.connectives_only
                        continue
                    short = min(
                        segment.syllables(text[: comma + 1]), segment.syllables(text[comma + 1 :])
                    )
                    assert short < rules.min_syllables, (record.id, text[: comma + 1])


def test_real_corpus_sentence_split(corpus_records: dict[str, list[ClauseRecord]]) -> None:
    by_id = {r.id: r for r in corpus_records["vn-ru-2017-infosec"]}
    assert by_id["vn-ru-2017-infosec:p01.s05.c01"].text.endswith("của cả cộng đồng quốc tế.")
    assert by_id["vn-ru-2017-infosec:p01.s06.c01"].text.startswith("Chú ý đến tính chất")


# --- helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans", "merged"),
    [
        ("1. Văn bản", [(0, 2), (3, 10)], [(0, 10)]),
        ("1. 2. Văn bản", [(0, 2), (3, 5), (6, 13)], [(0, 13)]),
        ("Văn bản 1.", [(0, 7), (8, 10)], [(0, 10)]),
        ("1.", [(0, 2)], [(0, 2)]),
        ("Câu một. Câu hai.", [(0, 8), (9, 17)], [(0, 8), (9, 17)]),
        ("Điều 12. Phạm vi", [(0, 8), (9, 16)], [(0, 16)]),
        ("Điều khoản này. Câu hai.", [(0, 15), (16, 24)], [(0, 15), (16, 24)]),
    ],
)
def test_merge_markers(text: str, spans: list[tuple[int, int]], merged: list[tuple[int, int]]):
    assert segment._merge_markers(spans, text, segment.load_segment_rules()) == merged


@pytest.mark.parametrize(
    ("parts", "text", "spans"),
    [
        (["Câu một.", "Câu hai."], "Câu một. Câu hai.", [(0, 8), (9, 17)]),
        # the tokenizer changed the spacing
        (["Câu  một.", "Câu hai."], "Câu một. Câu hai.", [(0, 8), (9, 17)]),
        (["Câu một .", " "], "Câu một.", [(0, 8)]),
    ],
)
def test_locate(parts: list[str], text: str, spans: list[tuple[int, int]]) -> None:
    assert segment.locate(parts, text) == spans


@pytest.mark.parametrize(
    ("text", "count"),
    [("an ninh mạng", 3), ("ASEAN-Nhật Bản (2018)", 4), ("", 0), ("; , .", 0)],
)
def test_syllables(text: str, count: int) -> None:
    assert segment.syllables(text) == count


def test_rules_come_from_the_data_file() -> None:
    rules = segment.load_segment_rules()
    assert rules.split_after == ";"
    assert (rules.max_syllables, rules.min_syllables, rules.colon_min_items) == (60, 8, 1)
    assert [r.level for r in rules.structure.levels] == [
        "chapter",
        "section",
        "article",
        "clause",
        "point",
    ]
    # longest connective first, so `tuy nhiên` is tried before shorter ones
    assert list(rules.connectives) == sorted(rules.connectives, key=len, reverse=True)
    assert len(rules.digest) == 64


# --- bounded memory: long paragraphs go to the tagger in sentence batches -----------


def test_a_long_paragraph_is_tagged_in_sentence_batches_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    sentences = [
        "Hai Bên nhất trí tăng cường hợp tác an ninh mạng trong khu vực.",
        "Các nước ASEAN nhận thức rõ sự thâm nhập rộng rãi của các mối đe dọa.",
        "Luật này quy định về hoạt động an toàn thông tin mạng.",
    ]
    paragraph = " ".join(sentences[i % 3] for i in range(60))
    rules = segment.load_segment_rules()
    whole = list(segment.segment(document(paragraph), rules))
    tokenizer = segment._tokenizers()
    given: list[int] = []
    word_spans = tokenizer.word_spans

    def spy(text: str) -> list[tuple[int, int]]:
        given.append(len(text))
        return word_spans(text)

    monkeypatch.setattr(tokenizer, "word_spans", spy)
    batched = list(
        segment.segment(document(paragraph), dataclasses.replace(rules, tagger_batch_chars=500))
    )
    assert len(given) > 1 and max(given) <= 500 and sum(given) == len(paragraph)
    # The same clauses; the words too, but where the tagger's context ends at a
    # batch edge (a word of the last sentence of a batch may come out in two).
    assert [dataclasses.replace(c, words=()) for c in batched] == [
        dataclasses.replace(c, words=()) for c in whole
    ]
    for a, b in zip(batched, whole, strict=True):
        assert "".join(a.words).replace(" ", "") == "".join(b.words).replace(" ", "")
    assert sum(a.words != b.words for a, b in zip(batched, whole, strict=True)) < len(given)


def test_a_paragraph_after_others_is_cut_from_the_document_text_batch_by_batch() -> None:
    import dataclasses

    # The long paragraph starts far into the text (its pieces are cut from the
    # document's text at its offset, batch by batch): its clauses are those it
    # has alone, shifted.
    long = " ".join(
        ["Luật này quy định về hoạt động an toàn thông tin mạng, trách nhiệm của cơ quan."] * 40
    )
    rules = dataclasses.replace(segment.load_segment_rules(), tagger_batch_chars=400)
    alone = list(segment.segment(document(long), rules))
    after = list(segment.segment(document("Hai Bên nhất trí.", "Xin chào.", long), rules))
    base = len("Hai Bên nhất trí.\nXin chào.\n")
    clauses = [c for c in after if c.para == 3]
    assert len(clauses) == len(alone) == 40
    for a, b in zip(clauses, alone, strict=True):
        assert (a.text, a.start - base, a.end - base, a.words) == (b.text, b.start, b.end, b.words)
        assert a.text == document("Hai Bên nhất trí.", "Xin chào.", long).text[a.start : a.end]


def test_a_run_without_a_stop_is_cut_at_spaces() -> None:
    text = " ".join(["an ninh mạng"] * 100)  # 1,299 characters, no stop
    spans = segment._bounded([(0, len(text))], text, 200)
    assert all(end - start <= 200 for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_model_files_read_as_joblib_reads_them(tmp_path: Path) -> None:
    import joblib
    import underthesea

    model = Path(underthesea.__file__).parent / segment._MODEL
    for name in ("features.bin", "dictionary.bin"):
        assert segment._model_file(model / name) == joblib.load(model / name)
    # A file that is no plain pickle (joblib's compressed format) is read by joblib.
    joblib.dump({"an ninh", "mạng"}, tmp_path / "compressed.bin", compress=3)
    assert segment._model_file(tmp_path / "compressed.bin") == {"an ninh", "mạng"}
