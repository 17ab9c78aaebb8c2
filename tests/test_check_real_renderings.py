"""Renderings that real published translations use are accepted by `term-missing`
with the project's glossary.yaml; wrong ones still are not.

Each row was met in a real bilingual file (named in its comment) that is not in
the repository: the measurement of issue 13 (eval/check/README.md, "Unseen files").
"""

from __future__ import annotations

import pytest

from normcorpus.check import Checker, check_pairs
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.models import Glossary


@pytest.fixture(scope="module")
def checker(real_glossary: Glossary) -> Checker:
    return Checker(real_glossary, rules={"term-missing"})


def missing(checker: Checker, vi: str, en: str, *, vi_is_source: bool = True) -> list[str]:
    pair = SegmentPair("x", vi, en, "t.tsv", 1, vi_is_source)
    return sorted({f.concept or "" for f in check_pairs([pair], checker).findings})


@pytest.mark.parametrize(
    ("vi", "en", "expected"),
    [
        # Law on Cybersecurity 2018, Art. 2(2), luatvietnam.vn's translation
        (
            "Bảo vệ an ninh mạng là phòng ngừa, phát hiện, ngăn chặn, xử lý hành vi"
            " xâm phạm an ninh mạng.",
            "Cyber security protection means the prevention, detection, stopping and"
            " handling of acts of infringing upon cyber security.",
            [],
        ),
        # the same, a translation reprinted by luatkhaiphong.com, Art. 2(3)
        ("bao gồm mạng viễn thông, mạng Internet", "comprising telecom networks, the Internet", []),
        # libgpg-error's Vietnamese messages (po/vi.po)
        ("Cụm từ mật khẩu sai", "Bad passphrase", []),
        ("Phương pháp mã hóa không hợp lệ", "Invalid encoding method", []),
        # KeePassXC's Vietnamese messages: a negative prefix renders `không được`
        ("ra tệp không được mã hóa", "to an unencrypted file", []),
        # NukeViet's two-step verification messages (written in Vietnamese, then English)
        ("Thông báo bảo mật", "Privacy notice", []),
        # `bí mật` (secret) before `mã` (code) is no `mật mã` (cryptography)
        ("Chú ý giữ bí mật mã này", "Note secrecy code", []),
        # Law 24/2018, Art. 8(3), baonghean.vn's translation
        ("phương tiện điện tử của người khác", "other people's electronic devices", []),
        # controls: a wrong rendering is still reported
        ("Thông báo bảo mật", "Notice", ["security-confidentiality"]),
        ("Chú ý giữ mật mã này", "Note this code", ["cryptography"]),
        ("ra tệp không được mã hóa", "to an unencumbered file", ["encryption"]),
        ("ra tệp không được mã hóa", "to a union file", ["encryption"]),
        ("Cụm từ mật khẩu sai", "Bad phrase", ["passphrase"]),
        ("bao gồm mạng viễn thông", "comprising telephone lines", ["telecommunications-network"]),
        ("Bảo vệ an ninh mạng là", "Cyber protection means", ["cybersecurity-protection"]),
    ],
)
def test_published_renderings(checker: Checker, vi: str, en: str, expected: list[str]) -> None:
    assert missing(checker, vi, en) == expected


def test_an_english_source_is_checked_the_other_way(checker: Checker) -> None:
    # libgpg-error: English -> Vietnamese
    assert missing(checker, "Khoá bí mật sai", "Bad secret key", vi_is_source=False) == []
    assert missing(checker, "Cụm từ mật khẩu sai", "Bad passphrase", vi_is_source=False) == []
