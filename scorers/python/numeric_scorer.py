#!/usr/bin/env python3
"""beval out-of-process scorer (docs/scorers.md#out-of-process-scorers): the `numeric` scorer in Python, stdlib only.

Protocol: beval starts this program once per scoring run and writes one JSON object per line on stdin:
    {"id": 7, "recordId": "ex0001", "model": "arith", "output": {"text": "...", "stopReason": "end_turn"},
     "expected": "1357", "record": {...the suite record...}}
For each it writes one line on stdout, in any order (beval matches answers by "id"):
    {"id": 7, "value": 1, "pass": true, "reason": "..."}        # or {"id": 7, "value": null, "reason": "why not"}
    {"id": 7, "error": "message"}                                 # the record stays unscored with that reason
Flush after every line. beval closes stdin when it is done; exit then. Anything on stderr is kept for error messages.

This port follows src/scorers/numeric.ts rule for rule (final-answer markers, then the last number), so on the
example suite it scores exactly as the built-in `numeric` scorer does (test/scorers/process-scorer.test.ts).
"""
import json
import math
import re
import sys
import unicodedata

# One number (numeric.ts NUMBER): sign, currency, digits with thousands commas, decimals, exponent, "/denominator".
# The lookbehinds of the TypeScript pattern (no letter of a spaced script, digit, "_" or "." before it; not the
# last three digits of "1,500") are checked by hand in numbers() below: Python's re has no \p{Script=…}.
NUMBER = re.compile(
    r"(?P<sign>[-−])?[$€£¥]?(?P<sign2>[-−])?"
    r"(?P<body>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    r"(?P<exp>[eE][-+]?[0-9]+)?"
    r"(?:\s?/\s?(?P<den>[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9]))?"
)
TRIPLE = re.compile(r"[0-9]{3}(?![0-9])")


def glued(ch):
    """A character a number may not follow: a letter of Latin, Greek or Cyrillic script, a digit, '_' or '.'."""
    if ch in "_.":
        return True
    if unicodedata.category(ch).startswith("N"):
        return True
    if unicodedata.category(ch).startswith("L"):
        name = unicodedata.name(ch, "")
        return name.startswith(("LATIN", "GREEK", "CYRILLIC"))
    return False


def to_number(m):
    negative = m.group("sign") is not None or m.group("sign2") is not None
    try:
        v = float(m.group("body").replace(",", "") + (m.group("exp") or ""))
    except ValueError:
        return None
    if m.group("den") is not None:
        d = float(m.group("den"))
        if d == 0:
            return None
        v /= d
    if not math.isfinite(v):
        return None
    return -v if negative else v


def numbers(text):
    """(raw, value) of every number in text, left to right, as numeric.ts's global scan finds them."""
    i = 0
    n = len(text)
    while i < n:
        if i > 0 and glued(text[i - 1]):
            i += 1
            continue
        if i >= 2 and text[i - 1] == "," and text[i - 2] in "0123456789" and TRIPLE.match(text, i):
            i += 1
            continue
        m = NUMBER.match(text, i)
        if m is None:
            i += 1
            continue
        value = to_number(m)
        if value is not None:
            yield m.group(0), value
        i = m.end()


MARKERS = [
    ("boxed", re.compile(r"\\boxed\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")),
    ("####", re.compile(r"####[ \t]*(?=[-−$€£¥]?\.?[0-9])([^\n]*)")),
    ("answer", re.compile(r"\banswer\b[*_]*\s*(?:\bis\b|=|:)[*_\s]*[:=]?\s*([^\n]*)", re.IGNORECASE | re.ASCII)),
    ("answer", re.compile(r"^\s*A:\s*([^\n]*)", re.MULTILINE)),
]


def un_latex(s):
    s = s.replace("{,}", ",")
    if "\\" not in s:
        return s
    s = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", s)
    return re.sub(r"\\[,!; ]", "", s)


def extract_final_number(text):
    """(raw, value, via) of the final answer's number, or None."""
    for via, pattern in MARKERS:
        for seg in reversed([m.group(1) for m in pattern.finditer(text)]):
            first = next(numbers(un_latex(seg)), None)
            if first is not None:
                return first[0], first[1], via
    last = None
    for found in numbers(text):
        last = found
    return None if last is None else (last[0], last[1], "last")


def fmt(v):
    if float(v).is_integer():
        return str(int(v))
    return repr(round(v, 4))


def score(expected, text, tolerance=1e-6, relative=0.0):
    if expected is None:
        return {"value": None, "reason": "no expected answer"}
    refs = [expected] if isinstance(expected, str) else list(expected)
    wants = [e[1] for e in map(extract_final_number, refs) if e is not None]
    if not wants:
        return {"value": None, "reason": "expected answer holds no number"}
    shown = " or ".join(fmt(w) for w in wants)
    got = extract_final_number(text)
    if got is None:
        return {"value": 0, "pass": False, "reason": f"Expected a number equal to {shown}, found no number in the output"}
    ok = any(abs(got[1] - w) <= max(tolerance, relative * abs(w)) for w in wants)
    how = "last number" if got[2] == "last" else f"after {got[2]}"
    return {"value": 1 if ok else 0, "pass": ok, "reason": f"Extracted {fmt(got[1])} ({json.dumps(got[0])}, {how}) vs expected {shown}"}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            answer = score(req.get("expected"), req["output"]["text"])
        except Exception as e:  # one bad record must not end the process
            answer = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps({"id": req["id"], **answer}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
