"""Pictures of pages as a person gets them: full-page Chromium screenshots at desk and phone
width, for looking at layout by eye (not a test).

    .venv/bin/python scripts/screenshots.py --user bxd --out var/shots / /don-vi/ /ke-hoach/

Needs a running server (`make run`), Playwright (test extras) and Debian's Chromium. Each
page is saved as <out>/<user>-<width>-<page>.png; console errors and Content-Security-Policy
violations are printed.
"""

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = {"desk": (1366, 900), "phone": (390, 844)}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="paths to open, e.g. / /don-vi/")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="bxd")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))
    parser.add_argument("--out", default="var/shots")
    parser.add_argument("--widths", default="desk,phone")
    parser.add_argument("--viewport-only", action="store_true", help="not the full page")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=LAUNCH_ARGS
        )
        for width_name in args.widths.split(","):
            width, height = WIDTHS[width_name]
            context = browser.new_context(
                viewport={"width": width, "height": height},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
                is_mobile=width_name == "phone",
                has_touch=width_name == "phone",
            )
            page = context.new_page()
            page.on(
                "console",
                lambda msg: msg.type in ("error", "warning") and print(f"  console: {msg.text}"),
            )
            page.goto(f"{args.base_url}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(args.user)
            page.get_by_label("Mật khẩu").fill(args.password)
            with page.expect_navigation():
                page.get_by_role("button", name="Đăng nhập").click()
            for path in args.paths:
                page.goto(f"{args.base_url}{path}")
                page.wait_for_load_state("networkidle")
                target = out / f"{args.user}-{width_name}-{_slug(path)}.png"
                page.screenshot(path=str(target), full_page=not args.viewport_only)
                scroll = page.evaluate("document.documentElement.scrollWidth")
                note = f" (page is {scroll} px wide)" if scroll > width else ""
                print(f"{target}{note}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
