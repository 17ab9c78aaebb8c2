"""Browser tests (headless Chromium through Selenium); fixtures in conftest.py."""
