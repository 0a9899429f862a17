#!/usr/bin/env python3
"""Check Kindred's translated wording files against the English ones.

Usage: python3 tools/check-wording-keys.py [REPO_ROOT] [--english DIR]

--english DIR: where to find an English file (letters-en.toml, young-en.toml) that is not in
the repository yet, e.g. while another branch is writing it. Without it, a translation
whose English file is missing is reported as skipped (not as passing).

Checks, without building the program (standard library only, Python 3.11+ for tomllib):

* every assets/wording/<code>.toml (not summary-*, letters-*, young-*, which have their
  own English files) against assets/wording/en.toml, and every letters-<code>.toml and
  young-<code>.toml against letters-en.toml / young-en.toml when those exist:
  - the header: version, language (the file's own code), review_status ("draft" or
    "reviewed"; "reviewed" needs a name in reviewed_by), reviewed_by, optional method;
  - no key missing, no key extra, every value of the same kind (text, list, table);
  - lists of the same length;
  - the same placeholders ({child}, {date}, ...) in each text and in each list item as the
    English. The nation's words may be taken in their other grammatical form, as the
    Welsh does: {an_inquest} and {inquest} count as one;
  - a text that is empty in English is empty in the translation, and the other way round;
  - no invisible or direction-changing characters (they are refused in typed text too),
    no Arabic presentation forms or tatweel (shaping is the program's job, not the
    file's), and every text in Unicode NFC;
  - for scripts other than Latin, every text (placeholders aside) has letters of that
    script, so an untranslated English line is caught; Urdu uses Urdu letters
    (U+06CC, U+06A9, U+06C1), not the Arabic yeh and kaf, and Arabic not the Urdu ones.
* every assets/feedback/<code>.toml against assets/feedback-questions.toml: the same
  header fields; [answers] with yes, partly, no, not-sure; [intro] and [return]; every
  [[group]] and [[question]] id of the bank, in the bank's order, none extra, each with
  its text under the language's code; placeholders as the bank's English.

Prints one line per problem and a summary per file; exits 1 if any problem was found.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HEADER = {"version", "language", "review_status", "reviewed_by", "method"}
REQUIRED_HEADER = {"version", "language", "review_status", "reviewed_by"}
STATUSES = {"draft", "reviewed"}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Grammatical variants of the same nation word (the Welsh uses {inquest} where the
# English needs an article).
EQUIVALENT = {"an_inquest": "inquest"}

# Invisible and direction-changing characters: zero width space and joiners, marks,
# embeddings, overrides, isolates, word joiner, BOM, soft hyphen.
FORBIDDEN = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(
    range(0x2060, 0x2070)
) | {0xFEFF, 0x00AD, 0x061C}
PRESENTATION_FORMS = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFE)]

# Languages whose text must be in a script other than Latin: code -> (name, ranges).
SCRIPTS = {
    "ar": ("Arabic", [(0x0600, 0x06FF)]),
    "ur": ("Arabic (Urdu)", [(0x0600, 0x06FF)]),
    "bn": ("Bengali", [(0x0980, 0x09FF)]),
    "pa": ("Gurmukhi", [(0x0A00, 0x0A7F)]),
}
# Letters that belong to the other language's orthography.
WRONG_LETTERS = {
    "ur": {"\u064A": "Arabic yeh (use U+06CC)", "\u0643": "Arabic kaf (use U+06A9)"},
    "ar": {
        "\u06CC": "Farsi/Urdu yeh (use U+064A or U+0649)",
        "\u06A9": "keheh (use U+0643)",
        "\u06C1": "heh goal (use U+0647)",
        "\u06D2": "yeh barree",
    },
}
# Right-to-left languages: a text must not start with a placeholder the author types
# (usually in English): its first strong letter would be Latin, and a paragraph whose
# direction is found from its text would run left to right.
RTL = {"ar", "ur"}
TYPED = {
    "child", "body", "author", "recipient", "contact_name", "respondent", "review_name",
    "partnership", "author_name", "return_address", "language", "the_coroner",
    "an_inquest", "inquest", "police", "local_body", "prosecutor", "national", "terms",
}
SKIP_PREFIXES = ("summary-",)

# Known, deliberate differences, each with its reason. They are printed, not counted as
# problems. Keep this list short: a new language should need none.
ALLOWED = {
    ("cy.toml", "sheet.why[1]", "placeholders differ: missing {child}"):
        "the Welsh avoids a name after a mutating word (\"i {child}\") by saying"
        " \"what happened\"",
    ("cy.toml", "easy.other", "has 4 items, the English has 3"):
        "the Welsh easy read gives the coroner its own line",
}
FAMILY_PREFIXES = ("letters-", "young-")


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

        self.allowed: list[str] = []

    def add(self, file: Path, where: str, message: str) -> None:
        reason = ALLOWED.get((file.name, where, message))
        if reason is not None:
            self.allowed.append(f"{file}: {where}: {message} (allowed: {reason})")
            return
        self.problems.append(f"{file}: {where}: {message}")


def load(path: Path, report: Report) -> dict | None:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        report.add(path, "file", f"cannot be read as TOML: {e}")
        return None


def placeholders(text: str) -> set[str]:
    return {EQUIVALENT.get(p, p) for p in PLACEHOLDER.findall(text)}


def kind(value: object) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


def check_characters(path: Path, where: str, text: str, code: str, report: Report) -> None:
    for ch in text:
        cp = ord(ch)
        if cp in FORBIDDEN:
            report.add(path, where, f"invisible or direction character U+{cp:04X}")
        elif any(lo <= cp <= hi for lo, hi in PRESENTATION_FORMS):
            report.add(path, where, f"Arabic presentation form U+{cp:04X} ({unicodedata.name(ch, '?')})")
        elif unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            report.add(path, where, f"control character U+{cp:04X}")
    if unicodedata.normalize("NFC", text) != text:
        report.add(path, where, "not in Unicode NFC (normalise it, so text read back compares equal)")
    if "\u0640" in text:
        report.add(path, where, "tatweel U+0640 (joining is the shaper's job; write the word whole)")
    for ch, why in WRONG_LETTERS.get(code, {}).items():
        if ch in text:
            report.add(path, where, f"contains {why}")
    if code in RTL:
        first = PLACEHOLDER.match(text.lstrip())
        if first and first.group(1) in TYPED and PLACEHOLDER.sub("", text).strip():
            report.add(path, where, f"starts with {{{first.group(1)}}}: start with a word of the language")
    script = SCRIPTS.get(code)
    if script:
        bare = PLACEHOLDER.sub("", text)
        if any(c.isalpha() for c in bare) or bare.strip(" .,:;!?()") != "":
            name, ranges = script
            if not any(lo <= ord(c) <= hi for c in bare for lo, hi in ranges):
                report.add(path, where, f"has no {name} letters (untranslated?): {text!r}")


def compare(path: Path, code: str, en: object, tr: object, where: str, report: Report) -> int:
    """Compare one value; returns the number of texts checked."""
    if kind(en) != kind(tr):
        report.add(path, where, f"is a {kind(tr)}, the English is a {kind(en)}")
        return 0
    if isinstance(en, dict):
        assert isinstance(tr, dict)
        count = 0
        for k in en:
            if k not in tr:
                report.add(path, f"{where}.{k}" if where else k, "missing")
        for k in tr:
            if k not in en:
                report.add(path, f"{where}.{k}" if where else k, "extra key (not in the English)")
        for k in en:
            if k in tr:
                count += compare(path, code, en[k], tr[k], f"{where}.{k}" if where else k, report)
        return count
    if isinstance(en, list):
        assert isinstance(tr, list)
        if len(en) != len(tr):
            report.add(path, where, f"has {len(tr)} items, the English has {len(en)}")
            return 0
        return sum(
            compare(path, code, e, t, f"{where}[{i}]", report) for i, (e, t) in enumerate(zip(en, tr))
        )
    if isinstance(en, str):
        assert isinstance(tr, str)
        pe, pt = placeholders(en), placeholders(tr)
        if pe != pt:
            missing = sorted(pe - pt)
            extra = sorted(pt - pe)
            bits = []
            if missing:
                bits.append("missing " + ", ".join("{" + p + "}" for p in missing))
            if extra:
                bits.append("extra " + ", ".join("{" + p + "}" for p in extra))
            report.add(path, where, "placeholders differ: " + "; ".join(bits))
        if (en.strip() == "") != (tr.strip() == ""):
            report.add(path, where, "empty in one language and not in the other")
        if tr.count("{") != tr.count("}"):
            report.add(path, where, "unbalanced braces")
        check_characters(path, where, tr, code, report)
        return 1
    if en != tr:
        report.add(path, where, f"value {tr!r} differs from the English {en!r}")
    return 0


def check_header(path: Path, code: str, data: dict, report: Report) -> None:
    for k in sorted(REQUIRED_HEADER - data.keys()):
        report.add(path, k, "missing from the header")
    for k in HEADER & data.keys():
        if not isinstance(data[k], str):
            report.add(path, k, "should be text")
    if data.get("language") != code:
        report.add(path, "language", f"is {data.get('language')!r}, the file name says {code!r}")
    status = data.get("review_status")
    if status not in STATUSES:
        report.add(path, "review_status", f"is {status!r}; use one of {sorted(STATUSES)}")
    if status == "reviewed" and not str(data.get("reviewed_by", "")).strip():
        report.add(path, "reviewed_by", "a reviewed translation names its reviewer")
    if status == "draft" and str(data.get("reviewed_by", "")).strip():
        report.add(path, "reviewed_by", "names a reviewer, but review_status is still draft")
    if not re.fullmatch(r"\d{4}\.\d{2}-\d+", str(data.get("version", ""))):
        report.add(path, "version", f"{data.get('version')!r} is not like 2026.12-1")


def strip_header(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in HEADER}


def check_wording(root: Path, report: Report, extra_english: Path | None) -> list[str]:
    folder = root / "assets" / "wording"
    lines = []
    english: dict[str, dict | None] = {}
    for path in sorted(folder.glob("*.toml")):
        stem = path.stem
        if stem.startswith(SKIP_PREFIXES):
            continue
        family = ""
        code = stem
        for prefix in FAMILY_PREFIXES:
            if stem.startswith(prefix):
                family, code = prefix, stem[len(prefix):]
        if code == "en":
            continue
        en_path = folder / f"{family}en.toml"
        if not en_path.exists() and extra_english is not None:
            en_path = extra_english / f"{family}en.toml"
        if en_path not in english:
            english[en_path] = load(en_path, report) if en_path.exists() else None
        en = english[en_path]
        if en is None:
            lines.append(
                f"{path.relative_to(root)}: SKIPPED, no {en_path.name} to check against"
                " (give its folder with --english DIR)"
            )
            continue
        data = load(path, report)
        if data is None:
            continue
        before = len(report.problems)
        check_header(path, code, data, report)
        texts = compare(path, code, strip_header(en), strip_header(data), "", report)
        keys = count_keys(strip_header(data))
        found = len(report.problems) - before
        source = "" if en_path.parent == folder else f" (against {en_path})"
        lines.append(
            f"{path.relative_to(root)}: {keys} keys, {texts} texts{source}, "
            + ("ok" if found == 0 else f"{found} problem(s)")
        )
    return lines


def count_keys(table: dict) -> int:
    n = 0
    for v in table.values():
        n += count_keys(v) if isinstance(v, dict) else 1
    return n


def check_feedback(root: Path, report: Report) -> list[str]:
    bank_path = root / "assets" / "feedback-questions.toml"
    bank = load(bank_path, report)
    folder = root / "assets" / "feedback"
    if bank is None or not folder.is_dir():
        return []
    lines = []
    groups = [g["id"] for g in bank.get("group", [])]
    questions = [q["id"] for q in bank.get("question", [])]
    for path in sorted(folder.glob("*.toml")):
        code = path.stem
        data = load(path, report)
        if data is None:
            continue
        before = len(report.problems)
        texts = 0
        check_header(path, code, data, report)
        allowed = HEADER | {"answers", "intro", "return", "group", "question"}
        for k in data:
            if k not in allowed:
                report.add(path, k, "extra key (the bank has no such section)")

        def text_of(where: str, table: object, english: str, extra_ok: set[str] = set()) -> None:
            nonlocal texts
            if not isinstance(table, dict):
                report.add(path, where, f"should be a table with the text under {code!r}")
                return
            for k in table:
                if k != code and k not in extra_ok:
                    report.add(path, f"{where}.{k}", f"extra key (only {code!r} belongs here)")
            value = table.get(code)
            if not isinstance(value, str):
                report.add(path, where, f"has no text under {code!r}")
                return
            texts += 1
            compare(path, code, english, value, f"{where}.{code}", report)

        answers = data.get("answers")
        if not isinstance(answers, dict):
            report.add(path, "answers", "missing")
        else:
            for k in bank["answers"]:
                if k not in answers:
                    report.add(path, f"answers.{k}", "missing")
                else:
                    text_of(f"answers.{k}", answers[k], bank["answers"][k]["en"])
            for k in answers:
                if k not in bank["answers"]:
                    report.add(path, f"answers.{k}", "extra key (not in the bank)")
        for section in ("intro", "return"):
            if section not in data:
                report.add(path, section, "missing")
            else:
                text_of(section, data[section], bank[section]["en"])
        for name, ids, bank_items in (
            ("group", groups, bank.get("group", [])),
            ("question", questions, bank.get("question", [])),
        ):
            items = data.get(name, [])
            if not isinstance(items, list):
                report.add(path, name, f"should be [[{name}]] entries")
                continue
            got = [i.get("id") for i in items if isinstance(i, dict)]
            for missing in [i for i in ids if i not in got]:
                report.add(path, f"{name} {missing}", "missing")
            for extra in [i for i in got if i not in ids]:
                report.add(path, f"{name} {extra}", f"extra (the bank has no {name} with this id)")
            dupes = {i for i in got if got.count(i) > 1}
            for d in sorted(d for d in dupes if d is not None):
                report.add(path, f"{name} {d}", "given more than once")
            if not dupes and set(got) == set(ids) and got != ids:
                report.add(path, name, "not in the bank's order")
            english = {b["id"]: b["en"] for b in bank_items}
            for item in items:
                if isinstance(item, dict) and item.get("id") in english:
                    text_of(f"{name} {item['id']}", item, english[item["id"]], {"id"})
        found = len(report.problems) - before
        lines.append(
            f"{path.relative_to(root)}: {len(groups)} groups, {len(questions)} questions, "
            f"{texts} texts, " + ("ok" if found == 0 else f"{found} problem(s)")
        )
    return lines


def main() -> int:
    args = sys.argv[1:]
    extra = None
    if "--english" in args:
        i = args.index("--english")
        if i + 1 >= len(args):
            print("--english needs a folder")
            return 2
        extra = Path(args[i + 1])
        del args[i : i + 2]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    report = Report()
    lines = check_wording(root, report, extra) + check_feedback(root, report)
    for p in report.allowed:
        print(p)
    for p in report.problems:
        print(p)
    if report.problems or report.allowed:
        print()
    for line in lines:
        print(line)
    if report.problems:
        print(f"\n{len(report.problems)} problem(s) found.")
        return 1
    skipped = sum("SKIPPED" in line for line in lines)
    if skipped:
        print(f"\nNo problems found; {skipped} file(s) skipped (no English to check against).")
        return 0
    print("\nAll wording files match the English.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
