"""CI's first stage, the half that talks to the server: what a new user does after `make run`.

    python3 .ci/smoke.py http://127.0.0.1:PORT [--pid PID] [--wait 600] [--user bxd]

Waits for /healthz (the install, migrations and demo data come first), then asks for the
login page, logs in as Board staff, opens the dashboard and the reports page and downloads
the PDF the reports page links to, then asks for the registry as a background export and
waits for the worker `make run` started to make it. Each answer must be 200 with the right content; the
first that is not ends the run with a non-zero exit. Standard library only, so it runs with
any Python, before or without the project's virtual environment.
"""

import argparse
import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape


class SmokeFailure(Exception):
    pass


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _get(opener, url, *, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.headers, response.read(), response.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read(), url


def _alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_for_health(base, seconds, pid=None):
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise SmokeFailure(f"the server process {pid} ended before /healthz answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                body = response.read().decode()
                if response.status == 200 and '"ok"' in body:
                    return body
                last = f"{response.status} {body}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
        time.sleep(2)
    raise SmokeFailure(f"/healthz did not answer 200 within {seconds} s (last: {last})")


def check(
    label, status, body, *, expect_status=200, contains=None, content_type=None, headers=None
):
    if status != expect_status:
        raise SmokeFailure(f"{label}: HTTP {status}, expected {expect_status}")
    if content_type and not (headers or {}).get("Content-Type", "").startswith(content_type):
        raise SmokeFailure(f"{label}: Content-Type {headers.get('Content-Type')!r}")
    if contains and contains.encode() not in body:
        raise SmokeFailure(f"{label}: the answer does not contain {contains!r}")
    print(f"ok   {label}: {status}, {len(body):,} bytes")


def run(base, user, password):
    opener, _jar = _opener()
    status, headers, body, _ = _get(opener, f"{base}/dang-nhap/")
    check("login page", status, body, contains="Đăng nhập")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None:
        raise SmokeFailure("login page: no CSRF token in the form")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": user, "password": password}
    ).encode()
    status, headers, body, final_url = _get(
        opener, f"{base}/dang-nhap/", data=form, headers={"Referer": f"{base}/dang-nhap/"}
    )
    if "/dang-nhap/" in urllib.parse.urlparse(final_url).path:
        raise SmokeFailure(f"login as {user}: still on the login page (HTTP {status})")
    check(f"login as {user}, then the dashboard", status, body, contains="Các chỉ tiêu")
    status, headers, body, _ = _get(opener, f"{base}/bao-cao/")
    check("reports page", status, body, contains="Biểu mẫu")
    link = re.search(rb'href="(/bao-cao/tai-ve/\?[^"]*format=pdf[^"]*)"', body)
    if link is None:
        raise SmokeFailure("reports page: no PDF download link")
    status, headers, body, _ = _get(opener, base + unescape(link.group(1).decode()))
    check("PDF download", status, body, content_type="application/pdf", headers=headers)
    if not body.startswith(b"%PDF-"):
        raise SmokeFailure("PDF download: the file is not a PDF")
    background_export(opener, base)


def background_export(opener, base, seconds=180):
    """The registry asked for as a background export (Tệp đã xuất): queued by the offer's
    button, made by the worker `make run` starts, polled on its progress page, downloaded."""
    status, headers, body, _ = _get(opener, f"{base}/tep-da-xuat/moi/?kind=registry")
    check("background export offer", status, body, contains="Tạo tệp")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "kind": "registry"}
    ).encode()
    status, headers, body, job_url = _get(
        opener, f"{base}/tep-da-xuat/moi/", data=form, headers={"Referer": f"{base}/"}
    )
    check("background export queued", status, body, contains="export-status")
    deadline = time.monotonic() + seconds
    while b'data-status="done"' not in body:
        if b'data-status="failed"' in body or time.monotonic() > deadline:
            raise SmokeFailure(f"background export: not made within {seconds} s ({job_url})")
        time.sleep(1)
        status, headers, body, _ = _get(opener, job_url)
    check("background export done", status, body, contains="Tải về")
    link = re.search(rb'href="(/tep-da-xuat/[0-9a-f-]+/tai-ve/)"', body)
    status, headers, body, _ = _get(opener, base + link.group(1).decode())
    check(
        "background export download",
        status,
        body,
        content_type="application/vnd.openxml",
        headers=headers,
    )
    if not body.startswith(b"PK"):
        raise SmokeFailure("background export: the file is not an Excel workbook")


def main() -> int:
    parser = argparse.ArgumentParser(description="Smoke test of a served demo.")
    parser.add_argument("base", help="e.g. http://127.0.0.1:8123")
    parser.add_argument("--wait", type=int, default=600, help="seconds to wait for /healthz")
    parser.add_argument("--pid", type=int, help="the server's process: stop waiting if it ends")
    parser.add_argument("--user", default="bxd")
    parser.add_argument("--password", default="demo12345")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    try:
        print("ok   /healthz:", wait_for_health(base, args.wait, args.pid))
        run(base, args.user, args.password)
    except SmokeFailure as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
