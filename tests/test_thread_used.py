"""benchmarks/thread_used.py: one thread is one case, whatever form its address was copied in."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("thread_used", Path(__file__).resolve().parent.parent / "benchmarks" / "thread_used.py")
assert _spec and _spec.loader
thread_used = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(thread_used)


@pytest.mark.parametrize("a, b", [
    ("https://github.com/Arksine/katapult/issues/149", "http://www.github.com/arksine/katapult/issues/149#issuecomment-1"),
    ("https://klipper.discourse.group/t/some-title/12345", "https://klipper.discourse.group/t/12345/7"),
    ("https://electronics.stackexchange.com/questions/586676/title", "https://electronics.stackexchange.com/q/586676/99"),
    ("https://community.st.com/t5/stm32-mcus/title-here/td-p/123", "https://community.st.com/t5/stm32-mcus/title-here/m-p/456/highlight/true"),
    ("https://www.openrcforums.com/forum/viewtopic.php?t=4126&start=20", "https://openrcforums.com/forum/viewtopic.php?t=4126"),
    # (s25) a phpBB post or forum id beside the topic; reddit's hosts and short links
    ("https://www.stm32duino.com/viewtopic.php?f=3&t=1680&p=9921#p9921", "https://stm32duino.com/viewtopic.php?t=1680"),
    ("https://forum.arduino.cc/index.php?topic=149668.0", "https://forum.arduino.cc/index.php?topic=149668.0&msg=1"),
    ("https://www.reddit.com/r/esp32/comments/1fcb2n2/title_words/", "https://old.reddit.com/r/esp32/comments/1fcb2n2/"),
    ("https://reddit.com/comments/1fcb2n2", "https://redd.it/1fcb2n2"),
])
def test_forms_of_one_thread_are_one(a: str, b: str) -> None:
    assert thread_used.norm(a) == thread_used.norm(b)


@pytest.mark.parametrize("a, b", [
    ("https://www.openrcforums.com/forum/viewtopic.php?t=4126", "https://www.openrcforums.com/forum/viewtopic.php?t=4127"),
    ("https://github.com/Arksine/katapult/issues/149", "https://github.com/Arksine/katapult/issues/150"),
    # a post id alone (no topic) still names one thread's post; two reddit threads stay two
    ("https://forum.example.org/viewtopic.php?p=9921", "https://forum.example.org/viewtopic.php?p=9922"),
    ("https://www.reddit.com/r/esp32/comments/1fcb2n2/", "https://www.reddit.com/r/esp32/comments/1kq1moj/"),
])
def test_other_threads_stay_apart(a: str, b: str) -> None:
    assert thread_used.norm(a) != thread_used.norm(b)


def test_a_case_in_the_repository_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    case = next(iter(sorted((Path(__file__).resolve().parent / "cases").glob("*/case.toml"))))
    source = thread_used.tomllib.loads(case.read_text(encoding="utf-8"))["source"]
    url = thread_used.re.findall(r"https?://\S+", source)[0]
    thread_used.main([url, "https://example.invalid/never/a/case"])
    assert capsys.readouterr().out.splitlines() == [f"used {url}", "new https://example.invalid/never/a/case"]
