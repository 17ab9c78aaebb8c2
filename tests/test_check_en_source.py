"""`term-missing` on an English source (en → vi): the source's concepts must reach the target."""

from __future__ import annotations

import pytest

from conftest import GLOSSARY_PATH
from normcorpus.check import check_pairs
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(GLOSSARY_PATH)


def _missing(glossary, en: str, vi: str, *, vi_is_source: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    pair = SegmentPair("1", vi, en, "t.tsv", 2, vi_is_source)
    report = check_pairs([pair], glossary, rules=["term-missing"])
    return [f.message for f in report.findings]


@pytest.mark.parametrize(
    ("en", "vi", "expected"),
    [
        # A correct translation: the target's longer concept is no omission of the
        # translator's, whatever English the client wrote.
        ("Protect national cybersecurity.", "Bảo vệ an ninh mạng quốc gia.", []),
        # The source's `cybersecurity` has no `an ninh mạng` in the target.
        (
            "Protect national cybersecurity.",
            "Bảo vệ an toàn quốc gia.",
            ["“cybersecurity” (cybersecurity) is not rendered: expected “an ninh mạng”"],
        ),
        # Nested: `cybersecurity protection` stands for itself; its `cybersecurity`
        # is not asked again, and the target's `bảo vệ an ninh mạng` holds both.
        ("Cybersecurity protection matters.", "Bảo vệ an ninh mạng là quan trọng.", []),
        (
            "Cybersecurity protection matters.",
            "Việc bảo vệ là quan trọng.",
            [
                "“Cybersecurity protection” (cybersecurity-protection) is not rendered:"
                " expected “bảo vệ an ninh mạng”"
            ],
        ),
        # An abbreviation of the source is its concept.
        (
            "IT is everywhere.",
            "Máy tính có ở khắp nơi.",
            [
                "“IT” (information-technology) is not rendered: expected “công nghệ thông tin”"
                " (or “CNTT”)"
            ],
        ),
        ("IT is everywhere.", "Công nghệ thông tin có ở khắp nơi.", []),
        # An inflected term (`threats`) is its concept.
        (
            "New threats emerge.",
            "Những nguy cơ mới xuất hiện.",
            ["“threats” (threat) is not rendered: expected “mối đe dọa” (or “đe dọa”)"],
        ),
        ("New threats emerge.", "Những mối đe dọa mới xuất hiện.", []),
        # General vocabulary is paraphrased freely: never asked.
        ("They acknowledge the risk.", "Họ công nhận rủi ro.", []),
        # A Vietnamese target concept with no English in the source is not reported.
        ("Keep the house clean.", "Bảo vệ an ninh mạng.", []),
        # Placeholders are code, not words to translate.
        ("Copy {TEMP_DATABASE} now.", "Sao chép {TEMP_DATABASE} ngay.", []),
        # The source's English word kept as written in the target is no omission.
        ("Enter your email.", "Nhập email của bạn.", []),
    ],
)
def test_term_missing_from_an_english_source(glossary, en: str, vi: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert _missing(glossary, en, vi) == expected


def test_vietnamese_source_still_asks_the_english(glossary) -> None:  # type: ignore[no-untyped-def]
    found = _missing(glossary, "Keep the house clean.", "Bảo vệ an ninh mạng.", vi_is_source=True)
    assert found == [
        "“Bảo vệ an ninh mạng” (cybersecurity-protection) is not rendered:"
        " expected “cybersecurity protection” (or “cyber security protection”,"
        " “protection of cybersecurity”, “protection of cyber security”)"
    ]


def test_a_name_in_the_source_is_not_its_words(glossary) -> None:  # type: ignore[no-untyped-def]
    en = "Enter a valid International Securities Identification Number."
    assert _missing(glossary, en, "Nhập mã số chứng khoán quốc tế hợp lệ.") == []
    # At the start of a text, title case is a label's: its words are asked.
    assert _missing(glossary, "Wrong Password", "Sai mật mã") == [
        "“Password” (password) is not rendered: expected “mật khẩu”"
    ]


def test_a_concept_rendered_a_piece_at_a_time(glossary) -> None:  # type: ignore[no-untyped-def]
    # `cooperation on cybersecurity` is one concept; the target renders its
    # pieces, `international cooperation` and `cybersecurity`, apart.
    en = "International cooperation on cybersecurity."
    assert _missing(glossary, en, "Hợp tác quốc tế về an ninh mạng.") == []
    # Without `an ninh mạng` the longer concept is missing (its nested
    # `cybersecurity` is asked through it).
    assert _missing(glossary, en, "Hợp tác quốc tế về an toàn.") == [
        "“cooperation on cybersecurity” (cybersecurity-cooperation) is not rendered:"
        " expected “hợp tác an ninh mạng” (or “hợp tác về an ninh mạng”)"
    ]


def test_a_vietnamese_term_written_coordinated(glossary) -> None:  # type: ignore[no-untyped-def]
    en = "Information processing and control systems."
    assert _missing(glossary, en, "Hệ thống xử lý và điều khiển thông tin.") == []
    # Not across a clause's end.
    assert _missing(glossary, en, "Hệ thống xử lý; điều khiển thông tin.") == [
        "“Information processing” (information-processing) is not rendered:"
        " expected “xử lý thông tin”"
    ]


@pytest.mark.parametrize(
    ("en", "vi", "expected"),
    [
        # An English word in another of its senses, rendered as that sense: the
        # software senses the glossary holds as concepts of their own
        # (KeePassXC, libgpg-error, Symfony's real Vietnamese messages).
        ("Security", "Bảo mật", []),
        ("Invalid state", "Tình trạng không hợp lệ", []),
        ("Please select a valid country.", "Vui lòng chọn đất nước hợp lệ.", []),
        ("Unsupported encoding", "Bảng mã không được hỗ trợ", []),
        ("Weak encryption key", "Khoá mật mã yếu", []),
        ("Website icon", "Biểu tượng trang web", []),
        ("The National Assembly passed it.", "Quốc hội đã thông qua.", []),
        ("Error loading dialog template: {error}", "Lỗi khi tải mẫu hội thoại: {error}", []),
        # ... but a rendering of no sense of the word is still an omission.
        (
            "Security",
            "Khóa",
            ["“Security” (security) is not rendered: expected “an ninh”"],
        ),
        (
            "Weak encryption key",
            "Khóa yếu",
            [
                "“encryption key” (cryptographic-key) is not rendered: expected “khóa mật mã”",
            ],
        ),
        # The password is not the cryptography (a one-sense word stays asked).
        (
            "Wrong Password",
            "Sai Mật mã",
            ["“Password” (password) is not rendered: expected “mật khẩu”"],
        ),
    ],
)
def test_a_word_in_another_sense(glossary, en: str, vi: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert _missing(glossary, en, vi) == expected


_SENSES = """\
schema: normcorpus-glossary/1
concepts:
  - id: state
    vi: [{term: "nhà nước", status: preferred}]
    en: [{term: "State", status: preferred}]
  - id: condition
    vi: [{term: "trạng thái", status: preferred}]
    en: [{term: "state", status: preferred}]
    general: true
  - id: data
    vi: [{term: "dữ liệu", status: preferred}]
    en: [{term: "data", status: preferred}]
  - id: data-state
    vi: [{term: "trạng thái dữ liệu", status: preferred}]
    en: [{term: "data state", status: preferred}]
    general: true
"""


def test_a_general_sense_answers_only_at_its_own_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "g.yaml"
    path.write_text(_SENSES, encoding="utf-8")
    small = load_glossary(path)
    # the general sense rendered at the same words: the State is not asked
    assert _missing(small, "Invalid state", "Trạng thái sai") == []
    # rendered by neither sense: the concept is asked, the general one is not
    assert _missing(small, "Invalid state", "Sai") == [
        "“state” (state) is not rendered: expected “nhà nước”"
    ]
    # a general concept is never asked, and a concept inside one's longer match
    # is still asked for itself (`data` in `data state`)
    assert _missing(small, "Check the data state", "Kiểm tra") == [
        "“data” (data) is not rendered: expected “dữ liệu”",
        "“state” (state) is not rendered: expected “nhà nước”",
    ]
