"""The conventions of the tools users know (issue 12 item 5): -q and -v on every command as in avrdude and pip,
shell completion for bash, zsh and fish and a man page, all generated from the argument parser, and every
command's --help ending with two or three examples."""

from __future__ import annotations

import argparse
import io
import re
import shlex
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from doctor import cli
from doctor.completion import Node, bash, fish, tree, zsh

ROOT = Path(__file__).resolve().parents[1]


def parsers() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every parser: doctor's own and each command's and subcommand's, by its words."""
    out: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        out[words] = p
        for name, child in cli.subcommands(p).items():
            walk(child, (*words, name))

    walk(cli.build_parser()[0], ())
    return out


def nodes() -> list[Node]:
    return tree().walk()


def test_every_module_command_is_in_the_tree() -> None:
    words = {n.words for n in nodes()}
    for name in cli.COMMAND_MODULES:
        assert (name,) in words
    assert ("completion",) in words and ("man",) in words and ("sim", "katapult") in words


# --- --help ends with examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("words", sorted(parsers()), ids=lambda w: " ".join(w) or "doctor")
def test_help_ends_with_two_or_three_examples_that_parse(words: tuple[str, ...]) -> None:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        cli.build_parser()[0].parse_args([*words, "--help"])
    assert done.value.code == 0
    text = out.getvalue().rstrip()
    tail = text[text.rindex("\nexamples:\n") + 1 :] if "\nexamples:\n" in text else ""
    assert tail, f"`doctor {' '.join(words)} --help` ends without examples"
    examples = [line[2:] for line in tail.splitlines()[1:] if line.startswith("  ") and not line.startswith("      ")]
    assert 2 <= len(examples) <= 3
    assert tail == text[-len(tail) :]  # the last thing --help prints
    for example in examples:
        assert example == example.strip() and "doctor" in example
        command = example[example.index("doctor") :].split(" | ")[0].split(" > ")[0]  # `dmesg | doctor analyze -`
        argv = shlex.split(command)[1:]
        if words:
            assert argv[: len(words)] == list(words) or (words == ("scan",) and argv == []), example
        parser, _ = cli.build_parser()
        parser.parse_args(cli._default_command(argv))  # exits 4 on a usage error: the example would be wrong


def test_every_examples_key_is_a_command() -> None:
    known = {" ".join(w) for w in parsers()}
    assert set(cli.EXAMPLES) <= known


# --- -q and -v: count, on every command, before and after the command word ---------------------------------


@pytest.mark.parametrize("words", [w for w in sorted(parsers()) if w], ids=lambda w: " ".join(w))
def test_q_and_v_are_accepted_on_every_command_and_count(words: tuple[str, ...]) -> None:
    needed = {("identify",): ["/dev/null"], ("analyze",): ["x.log"], ("replay",): ["s.json"], ("explain",): ["USB004"],
              ("flash",): ["fw.bin"], ("fix",): ["USB004"], ("sim", "image"): ["a.bin"], ("completion",): ["bash"]}
    if cli.subcommands(parsers()[words]):
        return  # `doctor sim` needs its subcommand; sim katapult and sim image are checked themselves
    rest = needed.get(words, [])
    parser, _ = cli.build_parser()
    for argv, verbose, quiet in (
        (["-v", *words, *rest], 1, 0),
        ([*words, *rest, "-vv"], 2, 0),
        (["-q", *words, *rest, "-q"], 0, 1),  # after the word the command's copy counts (argparse keeps one)
        ([*words, "-qq", *rest], 0, 2),
        ([*words, *rest, "--quiet", "--verbose"], 1, 1),
    ):
        args = parser.parse_args(argv)
        assert ((args.verbose or 0), (args.quiet or 0)) == (verbose, quiet), argv


def _doctor(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doctor", *argv], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100", "HOME": str(ROOT)})


def test_quiet_and_verbose_mean_less_and_more_on_the_commands_without_hardware(tmp_path: Path) -> None:
    log = ROOT / "tests" / "cases" / "seed-qmk-stflash-bluepill-ok" / "st-flash.txt"
    loud, normal, quiet = (_doctor(*flags, "analyze", str(log)) for flags in (["-v"], [], ["-q"]))
    assert "Recognised" in normal.stdout and "Recognised" not in quiet.stdout
    rules_q = _doctor("rules", "-q").stdout.split()
    assert "USB004" in rules_q and all(re.fullmatch(r"[A-Z]+\d{3}", w) for w in rules_q)
    explain = {flag: _doctor("explain", "USB004", *([flag] if flag else [])).stdout for flag in ("-q", "", "-v")}
    assert len(explain["-q"]) < len(explain[""]) and "Detected when" not in explain["-q"] and "udev" in explain["-q"]
    assert len(loud.stdout) >= len(normal.stdout) >= len(quiet.stdout)


def test_qq_leaves_the_faults_only() -> None:
    from doctor import knowledge, render
    from doctor.output import SafeConsole

    def finding(fid: str, severity: str) -> Any:
        from doctor.findings import Finding

        e = knowledge.get(fid)
        assert e is not None
        return Finding(id=fid, slug=e.slug, severity=severity, confidence=0.9, title=e.title, message="m", evidence=[], remediation={})

    shown = {}
    for verbose in (0, -1, -2):
        out = io.StringIO()
        render.print_findings(SafeConsole(file=out, width=100), [finding("USB004", "error"), finding("SER003", "warning"), finding("DFU001", "info")], verbose)
        shown[verbose] = {fid for fid in ("USB004", "SER003", "DFU001") if f" {fid}" in out.getvalue()}
    assert shown == {0: {"USB004", "SER003", "DFU001"}, -1: {"USB004", "SER003"}, -2: {"USB004"}}


# --- completion ------------------------------------------------------------------------------------------------


def _every_option(node: Node) -> list[str]:
    return [name for opt in node.options for name in opt.names]


def test_bash_script_is_valid_and_lists_every_command_and_option(tmp_path: Path) -> None:
    script = tmp_path / "doctor.bash"
    script.write_text(bash())
    assert shutil.which("bash")
    syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    # what bash offers after each command's words: its subcommands for a word, all its options after "-"
    probe = [f"source {shlex.quote(str(script))}", "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _doctor; echo \"$*=>${COMPREPLY[*]}\"; }"]
    for node in nodes():
        probe.append("t doctor " + " ".join(node.words) + " -")
        probe.append("t doctor " + " ".join(node.words) + " ''")
    got = subprocess.run(["bash", "-c", "\n".join(probe)], capture_output=True, text=True, check=True).stdout.splitlines()
    offered = dict(line.split("=>", 1) for line in got)
    for node in nodes():
        words = " ".join(["doctor", *node.words])
        assert set(offered[f"{words} -"].split()) == set(_every_option(node)), words
        assert set(node.children) <= set(offered[f"{words} "].split()), words
    # an option's choices, and a file name where the option takes a file
    choices = subprocess.run(["bash", "-c", probe[0] + "\n" + probe[1] + "\nt doctor watch --guide r\nt doctor -v sim katapult --transport ''"],
                             capture_output=True, text=True, check=True).stdout
    assert "=>request rom-dfu" in choices and "=>uart usb can" in choices


def test_zsh_script(tmp_path: Path) -> None:
    text = zsh()
    assert text.startswith("#compdef doctor\n") and text.rstrip().endswith('_doctor "$@"')
    for node in nodes():
        for name in _every_option(node):
            assert re.search(r"'(\([^)]*\))?\*?" + re.escape(name) + r"[=+]?\[", text), name
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed: checked structurally only")
    path = tmp_path / "_doctor"
    path.write_text(text)
    syntax = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    # run the functions with _arguments and _describe stubbed: every spec must survive zsh's quoting intact
    run = subprocess.run(["zsh", "-f", "-c", "_arguments() { local a; for a in \"$@\"; do print -r -- \"ARG $a\"; done; state=command };"
                          "_describe() { print -r -- \"DESCRIBE ${(P)${4:-$3}}\"; }; compdef() { :; };"
                          f"source {shlex.quote(str(path))}; for f in ${{(ok)functions[(I)_doctor_*]}}; do $f; done"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    specs = [line[4:] for line in run.stdout.splitlines() if line.startswith("ARG ")]
    spec = re.compile(r"^(\([^)]*\))?\*?-{1,2}[\w-]+[=+]?\[[^\]]*\](:[^:]+:.*)?$|^(\*|\d+|\*:)?:.*$|^-[Cs]$")
    assert specs and all(spec.match(s) for s in specs), [s for s in specs if not spec.match(s)][:3]
    for node in nodes():
        for name in _every_option(node):  # each option reached zsh as one whole spec
            assert any(re.match(r"(\([^)]*\))?\*?" + re.escape(name) + r"[=+]?\[", s) for s in specs), name
    described = " ".join(line for line in run.stdout.splitlines() if line.startswith("DESCRIBE "))
    for name in cli.COMMAND_MODULES:
        assert f"{name}:" in described
    # and for real: an interactive zsh (zpty) with compinit, TAB after a few command lines, what compadd was given
    for typed, expected in (("", set(cli.COMMAND_MODULES)), ("sim ", {"katapult", "image"}),
                            ("watch --guide ", {"rom-dfu", "bootsel", "power-cycle"}), ("-v scan --pa", {"--passive"})):
        assert expected <= _zsh_offers(tmp_path, typed), typed


def _zsh_offers(tmp_path: Path, typed: str) -> set[str]:
    import time

    out = tmp_path / "offered.txt"
    out.unlink(missing_ok=True)
    driver = tmp_path / "drive.zsh"
    driver.write_text(
        "zmodload zsh/zpty\n"
        "zpty z zsh -f -i\n"
        f"zpty -w z \"PS1='> '; fpath=({tmp_path} \\$fpath); autoload -U compinit; compinit -u -D; compdef _doctor doctor\"\n"
        f"zpty -w z \"compadd () {{ local -a h; builtin compadd -O h \\\"\\$@\\\"; print -l -- \\${{h[@]}} >> {out} }}\"\n"
        f"zpty -w z \"doctor {typed}\"$'\\t'\n"
        "sleep 3\nzpty -d z\n"
    )
    subprocess.run(["zsh", "-f", str(driver)], capture_output=True, timeout=30)
    time.sleep(0.1)
    return set(out.read_text().split()) if out.exists() else set()


def test_fish_script(tmp_path: Path) -> None:
    text = fish()
    for node in nodes():
        for opt in node.options:
            long = [n[2:] for n in opt.names if n.startswith("--")]
            assert any(f"-l {n}" in text for n in long) or not long, opt.names
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed: checked structurally only")
    path = tmp_path / "doctor.fish"
    path.write_text(text)
    assert subprocess.run(["fish", "--no-execute", str(path)], capture_output=True).returncode == 0
    lines = [f"source {shlex.quote(str(path))}"]
    for node in nodes():
        lines.append(f"echo '## {' '.join(node.words)}'; complete -C 'doctor {' '.join(node.words)} '; complete -C 'doctor {' '.join(node.words)} --'")
    got = subprocess.run(["fish", "--no-config", "-c", "; ".join(lines)], capture_output=True, text=True, check=True).stdout
    offered: dict[str, set[str]] = {}
    current = ""
    for line in got.splitlines():
        if line.startswith("## "):
            current = line[3:]
            offered[current] = set()
        elif line.strip():
            offered[current].add(line.split("\t")[0])
    for node in nodes():
        here = offered[" ".join(node.words)]
        assert set(node.children) <= here
        assert {n for n in _every_option(node) if n.startswith("--")} <= here, " ".join(node.words)


def test_completion_command_prints_the_scripts() -> None:
    for shell in ("bash", "zsh", "fish"):
        r = _doctor("completion", shell)
        assert r.returncode == 0 and r.stdout == {"bash": bash, "zsh": zsh, "fish": fish}[shell]()
    assert _doctor("completion", "tcsh").returncode == 4


# --- man page --------------------------------------------------------------------------------------------------


def test_man_page_is_generated_from_the_parser(tmp_path: Path) -> None:
    r = _doctor("man")
    assert r.returncode == 0
    page = r.stdout
    assert page.startswith('.\\"') and "\n.TH DOCTOR 1 " in page
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS", "EXAMPLES", "EXIT STATUS", "ENVIRONMENT"):
        assert f"\n.SH {section}\n" in page
    assert not re.search(r"^[.'](?!\\\"|TH|SH|SS|TP|PP|RS|RE|nf|fi)", page, re.M)  # no text line read as a request
    for node in nodes()[1:]:
        assert f'.SS "doctor {" ".join(node.words)}"' in page
        for name in _every_option(node):
            assert "\\fB" + name.replace("-", "\\-") + "\\fR" in page, name
    path = tmp_path / "doctor.1"
    path.write_text(page)
    if shutil.which("groff"):
        check = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and check.stderr == "", check.stderr
    if shutil.which("man"):
        shown = subprocess.run(["man", "-l", str(path)], capture_output=True, text=True, env={"MANPAGER": "cat", "MANWIDTH": "80", "PATH": "/usr/bin:/bin"})
        assert shown.returncode == 0
        plain = re.sub(r".\x08", "", shown.stdout)
        assert "doctor sim katapult" in plain and "--guide" in plain and "doctor completion bash" in plain
