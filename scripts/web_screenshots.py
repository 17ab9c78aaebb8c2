"""Take the README's screenshots of the web app (docs/web-search.png, docs/web-concepts.png).

Ingests corpus/ and the two legal texts the evaluation ships (eval/texts/) into
a temporary data directory, serves it on a free loopback port, and has headless
Chromium (/usr/bin/chromium, /usr/bin/chromedriver) take each page at
1280 × 860, saved as a 256-colour PNG to keep the repository small.

    .venv/bin/python scripts/web_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

SHOTS = {
    "web-search.png": "/search?q=cybersecurity&since=2017&per_page=10",
    "web-concepts.png": "/concepts?measure=per_10k",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()

    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from normcorpus.ingest import ingest
    from normcorpus.web import create_app
    from web.conftest import LiveServer

    tmp = Path(tempfile.mkdtemp(prefix="normcorpus-screenshots-"))
    try:
        source = tmp / "corpus"
        source.mkdir()
        for path in (ROOT / "corpus").iterdir():
            shutil.copy(path, source / path.name)
        for path in (ROOT / "eval" / "texts").glob("*.txt"):
            shutil.copy(path, source / path.name)
        report = ingest([source], data_dir=tmp / "data", glossary=ROOT / "glossary.yaml", jobs=2)
        if not report.ok:
            raise SystemExit(f"ingest failed: {report.errors}")
        server = LiveServer(create_app(tmp / "data", glossary=ROOT / "glossary.yaml"))
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--window-size=1280,860", f"--user-data-dir={tmp / 'profile'}"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            for name, path in SHOTS.items():
                driver.get(server.url + path)
                time.sleep(0.5)
                raw = tmp / name
                driver.save_screenshot(str(raw))
                image = Image.open(raw).convert("RGB")
                image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
                    args.out / name, optimize=True
                )
                print(f"{args.out / name}: {(args.out / name).stat().st_size // 1024} KB")
        finally:
            driver.quit()
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
