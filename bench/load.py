"""Load test: many people at once against a running server, as a ward works on a busy day.

    python bench/load.py http://127.0.0.1:8001 --users 20 --seconds 60 [--rollup]
        [--restart "sudo pg_ctlcluster 15 main restart" --restart-at 30]

Each virtual user logs in (Board staff, the Standing Committee or a unit secretary, in turn)
and, until the time is up, opens the pages its role opens: the Board its desk, the registry,
the plans, the quarterly grid, the reports page and the warnings; the Standing Committee the
dashboard, a target's list and the warnings; a secretary its unit card, its quarterly report,
and an autosave of that report's draft every few pages, each with a new marker in its text.
One request in ten is the trivial view (/healthz), which each page's median is compared with.
`--rollup` has the first Board user ask for the ward's Phụ lục 3 PDF (of the quarter the
reports page offers) as a background export and follow it to its download; the run fails
unless it is done. `--restart` runs a command (a PostgreSQL restart) once, at
`--restart-at` seconds.

At the end it prints requests/s, p50/p95/p99 and the failures by cause, then checks every
secretary's report: the last autosave the server acknowledged (200) must be what the report
holds — no acknowledged save lost. Standard library only; see bench/README.md for running it
against gunicorn with the production settings.
"""

import argparse
import http.cookiejar
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

TIMEOUT = 60


@dataclass
class Result:
    page: str
    ms: float
    status: int  # 0: no answer (connection refused, reset, timed out)
    at: float


@dataclass
class Shared:
    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: dict[str, tuple[str, str]] = field(default_factory=dict)  # user: (url, marker)
    rollup: str = ""  # what became of the roll-up asked for (--rollup)

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


class FormFields(HTMLParser):
    """The named fields of the form with this id (inputs, selects' selected options,
    textareas), as a browser would send them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value") or ""
            if "selected" in a:
                self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def fields_of(html: str, form_id: str) -> dict[str, str]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


class Session:
    def __init__(self, base: str, shared: Shared):
        self.base, self.shared = base, shared
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, page: str, path: str, data: dict | None = None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Referer": self.base + "/", **(headers or {})},
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, text, url = response.status, response.read(), response.geturl()
                answer_headers = response.headers
        except urllib.error.HTTPError as exc:
            status, text, url, answer_headers = exc.code, exc.read(), path, exc.headers
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            status, text, url, answer_headers = 0, b"", path, {}
        self.shared.add(Result(page, (time.perf_counter() - started) * 1000, status, time.time()))
        return status, text.decode("utf-8", "replace"), url, answer_headers

    def login(self, username: str, password: str) -> bool:
        self.request("login page", "/dang-nhap/")
        status, _, url, _ = self.request(
            "login",
            "/dang-nhap/",
            {"csrfmiddlewaretoken": self.csrf(), "username": username, "password": password},
        )
        return status == 200 and "/dang-nhap/" not in urllib.parse.urlparse(url).path


BOARD_PAGES = [
    ("Board desk", "/"),
    ("registry", "/don-vi/"),
    ("plans", "/ke-hoach/"),
    ("quarterly grid", "/bao-cao-quy/"),
    ("reports page", "/bao-cao/"),
    ("warnings", "/tong-quan/canh-bao/"),
]
STANDING_PAGES = [
    ("dashboard", "/"),
    ("target list", "/tong-quan/chi-tieu/approved/"),
    ("warnings", "/tong-quan/canh-bao/"),
    ("plans", "/ke-hoach/"),
]


def secretary_report(session: Session) -> str | None:
    """The secretary's report of the current quarter, opened (or started) for editing."""
    _, html, _, _ = session.request("secretary reports", "/bao-cao-quy/")
    edit = re.search(r'href="(/bao-cao-quy/cap-nhat/\d+/sua/)"', html)
    if edit:
        return edit.group(1)
    start = re.search(r'<form[^>]*action="([^"]*)"[^>]*>(?:(?!</form>).)*Làm báo cáo', html, re.S)
    if not start:
        return None
    _status, _, url, _ = session.request(
        "start report", unescape(start.group(1)), {"csrfmiddlewaretoken": session.csrf()}
    )
    path = urllib.parse.urlparse(url).path
    if re.fullmatch(r"/bao-cao-quy/cap-nhat/\d+/", path):
        return path + "sua/"
    return path if path.endswith("/sua/") else None


def autosave(session: Session, username: str, edit: str, count: int) -> None:
    status, html, _, _ = session.request("report form", edit)
    if status != 200:
        return
    autosave_url = edit.replace("/sua/", "/luu-nhap/")
    data = fields_of(html, "update-form")
    marker = f"Tải thử {username} lần {count}"
    data["summary"] = marker
    data.pop("action", None)
    status, _, _, _headers = session.request(
        "autosave", autosave_url, data, headers={"HX-Request": "true"}
    )
    if status == 200:
        with session.shared.lock:
            session.shared.acknowledged[username] = (edit, marker)


def run_user(index, args, shared, stop_at, secretaries, rollup_done):
    session = Session(args.base, shared)
    role = ("board", "standing", "secretary", "secretary")[index % 4]
    # The nth secretary thread; only the first thread of each secretary writes the draft (two
    # people do not type in one report: the server would rightly answer 409 to the second).
    nth = index // 4 * 2 + index % 4 - 2
    username = {
        "board": args.board,
        "standing": args.standing,
        "secretary": secretaries[nth % len(secretaries)] if secretaries else args.board,
    }[role]
    if role == "secretary" and not secretaries:
        role = "board"
    if not session.login(username, args.password):
        return
    if role == "board" and args.rollup and not rollup_done.is_set():
        rollup_done.set()
        shared.rollup = "asked"
        threading.Thread(target=rollup, args=(session, stop_at), daemon=True).start()
        session = Session(args.base, shared)  # the browsing goes on in another tab
        session.login(username, args.password)
    edit = secretary_report(session) if role == "secretary" and nth < len(secretaries) else None
    count = 0
    rng = random.Random(index)
    while time.time() < stop_at:
        if rng.random() < 0.1:  # the trivial view, to compare each page with
            session.request("healthz", "/healthz")
        elif role == "secretary":
            count += 1
            if edit and count % 3 == 0:
                autosave(session, username, edit, count)
            else:
                session.request("unit card", "/")
        else:
            page, path = rng.choice(BOARD_PAGES if role == "board" else STANDING_PAGES)
            session.request(page, path)
        time.sleep(rng.uniform(0.2, 1.0))  # a person reads before the next click


def rollup(session: Session, stop_at: float) -> None:
    """The ward's Phụ lục 3 PDF for the quarter the reports page offers, asked for in the
    background and followed to the download; what became of it goes in `shared.rollup`."""
    shared = session.shared
    _, page, _, _ = session.request("reports page", "/bao-cao/")
    quarter = re.search(r'name="quarter".*?<option value="([^"]+)"[^>]*selected', page, re.S)
    params = {
        "kind": "form",
        "form": "appendix3",
        "format": "pdf",
        "quarter": quarter.group(1) if quarter else "",
    }
    session.request("roll-up offer", "/tep-da-xuat/moi/?" + urllib.parse.urlencode(params))
    asked = time.time()
    status, html, job_url, _ = session.request(
        "roll-up request", "/tep-da-xuat/moi/", {"csrfmiddlewaretoken": session.csrf(), **params}
    )
    if status != 200:
        shared.rollup = f"refused ({status})"
        return
    path = urllib.parse.urlparse(job_url).path
    while time.time() < stop_at + 120 and 'data-status="done"' not in html:
        if 'data-status="failed"' in html:
            reason = re.search(r"Không tạo được tệp.</strong>(.*?)<", html, re.S)
            shared.rollup = f"failed: {reason.group(1).strip() if reason else html[:200]}"
            return
        time.sleep(1)
        _status, html, _, _ = session.request(
            "roll-up progress", path, headers={"HX-Request": "true"}
        )
    link = re.search(r'href="(/tep-da-xuat/[0-9a-f-]+/tai-ve/)"', html)
    if not link:
        shared.rollup = "not done in time"
        return
    status, _, _, headers = session.request("roll-up download", link.group(1))
    shared.rollup = (
        f"done {time.time() - asked:.0f} s after it was asked, downloaded ({status}"
        f" {headers.get('Content-Type', '')})"
    )


def restart_later(command: str, at: float, log: list) -> None:
    time.sleep(max(0.0, at - time.time()))
    started = time.time()
    done = subprocess.run(command, shell=True, capture_output=True, text=True)
    log.append((started, time.time(), done.returncode, done.stderr.strip()[-200:]))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def check_saves(args, shared: Shared) -> list[str]:
    """Every secretary's last acknowledged autosave is what the report holds."""
    lost = []
    for username, (edit, marker) in sorted(shared.acknowledged.items()):
        session = Session(args.base, Shared())
        if not session.login(username, args.password):
            lost.append(f"{username}: cannot log in to check")
            continue
        _status, html, _, _ = session.request("check", edit)
        if marker not in unescape(html):
            lost.append(f"{username}: «{marker}» acknowledged but not in {edit}")
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--board", default="bxd")
    parser.add_argument("--standing", default="btv")
    parser.add_argument(
        "--secretaries",
        default=",".join(f"bithu.kdc-{n:02d}" for n in range(1, 61)),
        help="comma-separated; those with a report to write are used",
    )
    parser.add_argument("--rollup", action="store_true", help="ask for the roll-up PDF too")
    parser.add_argument("--restart", help="a command run once mid-test (a database restart)")
    parser.add_argument("--restart-at", type=float, default=None)
    args = parser.parse_args()
    args.base = args.base.rstrip("/")

    shared = Shared()
    # Secretaries who have a report to write this quarter (the others have no plan).
    wanted = max(1, args.users // 2)
    secretaries = []
    for name in args.secretaries.split(","):
        probe = Session(args.base, Shared())
        if probe.login(name, args.password) and secretary_report(probe):
            secretaries.append(name)
        if len(secretaries) >= wanted:
            break
    print(f"{len(secretaries)} secretaries with a report to write: {', '.join(secretaries)}")

    started = time.time()
    stop_at = started + args.seconds
    restarts: list = []
    if args.restart:
        at = started + (args.restart_at if args.restart_at is not None else args.seconds / 2)
        threading.Thread(
            target=restart_later, args=(args.restart, at, restarts), daemon=True
        ).start()
    rollup_done = threading.Event()
    threads = [
        threading.Thread(target=run_user, args=(i, args, shared, stop_at, secretaries, rollup_done))
        for i in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started

    results = shared.results
    ok = [r for r in results if 200 <= r.status < 400]
    failed = [r for r in results if not 200 <= r.status < 400]
    window = None
    if restarts:
        begun, ended, code, err = restarts[0]
        window = (begun, ended + 15)  # the restart, and 15 s for connections to come back
        print(f"restart: «{args.restart}» exit {code} in {ended - begun:.1f} s {err}")
    outside = [r for r in failed if not (window and window[0] <= r.at <= window[1])]
    times = [r.ms for r in ok]
    print()
    trivial = [r.ms for r in ok if r.page == "healthz"]
    base = statistics.median(trivial) if trivial else 0
    print(
        f"{'page':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'× healthz':>9} {'errors':>6}"
    )
    pages = sorted({r.page for r in results})
    for page in pages:
        mine = [r for r in results if r.page == page]
        good = [r.ms for r in mine if 200 <= r.status < 400]
        median = statistics.median(good) if good else 0
        print(
            f"{page:<22} {len(mine):>8} {median:>8.0f} {percentile(good, 95):>8.0f}"
            f" {median / base if base else 0:>9.1f} {len(mine) - len(good):>6}"
        )
    print()
    print(
        f"users {args.users}, {elapsed:.0f} s, {len(results)} requests, {len(results) / elapsed:.1f} req/s"
    )
    print(
        f"p50 {percentile(times, 50):.0f} ms · p95 {percentile(times, 95):.0f} ms · "
        f"p99 {percentile(times, 99):.0f} ms"
    )
    print(f"errors: {len(failed)} ({len(outside)} outside the restart window)")
    for (page, status), n in Counter((r.page, r.status) for r in failed).most_common(10):
        print(f"  {n} × {page}: {status or 'no answer'}")
    if args.rollup:
        while shared.rollup == "asked" and time.time() < stop_at + 120:
            time.sleep(1)  # the roll-up may finish after the browsing
        print(f"roll-up: {shared.rollup}")
    lost = check_saves(args, shared)
    print(f"acknowledged autosaves checked: {len(shared.acknowledged)}, lost: {len(lost)}")
    for line in lost:
        print("  LOST", line)
    rollup_failed = args.rollup and not shared.rollup.startswith("done")
    return 1 if outside or lost or rollup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
