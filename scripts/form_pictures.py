"""Pictures of the official forms as an office gets them, for looking at by eye (not a test).

    .venv/bin/python scripts/form_pictures.py --out var/forms --unit KDC-41 --quarter 2026-Q4

Writes Phụ lục 1 (of --unit's plan), 2 and 3 (of --quarter) from the configured database
(`make run`'s demo by default) in every format; opens each Word and Excel file in LibreOffice
headless and prints it to PDF, as the closest client to Word and Excel here; turns every PDF
into PNG pages with pdftoppm; prints each file's pages. With --validator, a command that takes
one .docx or .xlsx and prints JSON with "ok" and "errors" (an Open XML SDK validator), each
Word and Excel file is checked against the OOXML schema too.

Needs Debian's libreoffice-writer-nogui, libreoffice-calc-nogui and poppler-utils.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import django

FORMS = {
    "pl1": ["appendix1", "--unit"],
    "pl2": ["appendix2", "--quarter"],
    "pl3": ["appendix3", "--quarter"],
}


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="var/forms")
    parser.add_argument("--unit", default="KDC-41", help="the unit whose plan is Phụ lục 1")
    parser.add_argument("--quarter", default="2026-Q4")
    parser.add_argument("--dpi", default="60")
    parser.add_argument("--validator", help="an OOXML validator command (JSON on stdout)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    from django.core.management import call_command

    failures = 0
    for name, (form, option) in FORMS.items():
        value = args.unit if option == "--unit" else args.quarter
        for fmt in ("pdf", "docx", "xlsx"):
            target = out / f"{name}.{fmt}"
            call_command("export_report", form, option, value, "--format", fmt, "--output", target)
            pdf = target
            if fmt != "pdf":
                folder = out / fmt
                converted = run(
                    ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, target]
                )
                pdf = folder / f"{name}.pdf"
                if converted.returncode or not pdf.exists():
                    print(f"{target}: LibreOffice could not open it: {converted.stderr.strip()}")
                    failures += 1
                    continue
                if args.validator:
                    failures += validate(args.validator, target)
            run(["pdftoppm", "-r", args.dpi, "-png", pdf, out / f"{name}-{fmt}"])
            pages = sorted(out.glob(f"{name}-{fmt}-*.png"))
            print(f"{target}: {len(pages)} page(s): {', '.join(p.name for p in pages)}")
    return 1 if failures else 0


def validate(validator: str, path: Path) -> int:
    result = run([*validator.split(), str(path)])
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"{path}: the validator did not answer: {result.stderr.strip()[:300]}")
        return 1
    if report.get("ok"):
        print(f"{path}: valid OOXML")
        return 0
    print(f"{path}: {len(report['errors'])} schema error(s)")
    for error in report["errors"][:10]:
        print(f"  {error.get('path')} {error.get('xPath')}: {error.get('description')}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
