"""A batch's Presence (doctor/parsers/_prefilter.py) says a pattern matches none of its lines only when that holds: the
bulk path then runs the pattern on no line of the batch. Its needs (`_presence_needs`: every literal a match must hold,
lookaheads', each branch alternative's and short ones included, a `^literal` start) are checked against the real
patterns on real case lines, and on the forms that could fool them."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from doctor.parsers import REGISTRY, load_all
from doctor.parsers._messages import TABLES
from doctor.parsers._prefilter import Presence, _presence_needs, regex

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("pattern,line", [
    (r"[(（](?:Código|Kod)\s*:?\s*43[)）]|(?i:\(Code 43\))", "USB device (CODE 43)"),
    (r"[(（](?:Código|Kod)\s*:?\s*43[)）]|(?i:\(Code 43\))", "dispositivo （Código 43）"),
    (r"(?i)^(?=.{0,40}?\bflash\w*)(?=.{0,40}?\b(?:GPS|rx)\b)", "Flashing blocked by the RX pin"),
    (r"(?i)^avrdude: ", "AVRDUDE: ser_open()"),
    (r"^0x[0-9a-f]+$", "0x0410"),
    (r"(?<=port )COM\d", "open port COM3 failed"),
    (r"(?:abc)?def", "def"),
    (r"a(?:bc|)d", "ad"),
    (r"x{0,2}yz", "yz"),
    (r"(?i)[Ee]rror", "ERROR"),
    (r"(?i:Stra\u00dfe)", "STRA\u00dfE"),
    (r"^(?P<bare>0x[0-9a-fA-F]+)$", "0x0410"),
    (r"^(?:ab(?:c|d))x", "abdx"),
    (r"(?i)^(?:Ab)c", "aBC"),
    (r"(?:undefined reference to |collect2|ld)\|x: (?:error|not)", "ld|x: not"),  # a literal "|" need
    (r"\^ab (?:not|isn't)", "x ^ab not"),  # a literal "^" need
])
def test_presence_finds_what_the_pattern_matches(pattern: str, line: str) -> None:
    assert re.search(pattern, line)
    for batch in ([line], ["nothing here", line, "nor here"]):
        assert Presence("\n".join(batch))(pattern)
        assert Presence("", [f"  {ln}  " for ln in batch])(pattern)  # stripped lines, as a message table reads them


@pytest.mark.parametrize("pattern,batch", [
    (r"[(（](?:Código|Kod)\s*:?\s*43[)）]|(?i:\(Code 43\))", ["Flash page at addr: 0x08004300 erased"]),
    (r"(?i)^(?=.{0,40}?\bflash\w*)(?=.{0,40}?\b(?:GPS|rx)\b)", ["Flash page at 0x0800fc00", "erased"]),
    (r"^0x[0-9a-f]+$", ["at 0x0410", "addr 0x08000000"]),
    (r"^(?P<bare>0x[0-9a-fA-F]+)$", ["at 0x0410", "addr 0x08000000"]),  # a line start read through a group
    # its literals (" not") are there, a lookahead's word is not
    (r"(?i)^(?!.*\bvid=0x)(?=.*\bfischl\b).*\b(?:instead of|(?:is|was)(?: not|n't) (?:match|say))", ["it is not there", "was not say"]),
])
def test_presence_rules_out_a_batch_by_literals_alone(pattern: str, batch: list[str]) -> None:
    assert _presence_needs(pattern) is not None
    assert not Presence("\n".join(batch))(pattern)


def test_every_real_pattern_is_present_in_a_batch_holding_a_line_it_matches() -> None:
    """Every table row on its own example line, and every pattern of every parser and table on a sample of case lines it
    matches: a batch of that line says present (as written, and stripped as a table reads it)."""
    load_all()
    wrong = []
    for table in TABLES:
        for row in table.rows:
            line = row.example
            if line and _presence_needs(row.pattern) is not None and regex(row.pattern).search(line.strip()):
                if not Presence("", [line])(row.pattern):  # a table matches the stripped line
                    wrong.append((row.pattern, line))
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*")):
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    sample = random.Random(5).sample(list(dict.fromkeys(ln for ln in lines if len(ln) < 400)), 250)
    patterns = sorted({p for cls in REGISTRY for p in (*cls.strong, *cls.weak)} | {r.pattern for t in TABLES for r in t.rows})
    checked = 0
    for src in patterns:
        if _presence_needs(src) is None:
            continue
        rx = regex(src)
        for line in sample:
            if rx.search(line):
                checked += 1
                if not Presence(line)(src):
                    wrong.append((src, line))
            if rx.search(line.strip()) and not Presence("", [line])(src):
                wrong.append((src, line))
    assert checked > 100
    assert wrong == []


def test_presence_read_on_shapes_answers_as_on_lines() -> None:
    """Presence given the batch's distinct shapes (digits read as 0) looks for literals there first: the same answer for
    every real pattern on batches of case lines with their digits changed, as written and stripped."""
    load_all()
    rng = random.Random(17)
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*"))[::5]:
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    with_digits = [ln for ln in dict.fromkeys(lines) if any(c.isdigit() for c in ln) and len(ln) < 300]
    patterns = sorted({p for cls in REGISTRY for p in (*cls.strong, *cls.weak)} | {r.pattern for t in TABLES for r in t.rows})
    wrong = []
    for _ in range(3):
        batch = [re.sub(r"\d", lambda _: str(rng.randint(0, 9)), ln) for ln in rng.sample(with_digits, 80)]
        joined = "\n".join(batch)
        shapes = list(dict.fromkeys(joined.translate(str.maketrans("123456789", "000000000")).split("\n")))
        plain, shaped = Presence(joined), Presence(joined, shapes=shapes)
        plain_s, shaped_s = Presence("", batch), Presence("", batch, shapes)
        for src in patterns:
            if plain(src) != shaped(src) or plain_s(src) != shaped_s(src):
                wrong.append((src, batch))
    assert wrong == []
