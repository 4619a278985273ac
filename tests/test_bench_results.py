"""bench/run_bench.py rewrites only its own part of bench/RESULTS.md."""

from __future__ import annotations

from pathlib import Path

from bench.run_bench import END, START, write_results

OTHERS = (
    "<!-- store_writes:start -->\n## Store writes\n\nstore writes table\n<!-- store_writes:end -->\n\n"
    "## Volume\n\nvolume table\n\n"
    "## Concurrent sessions (issue 19)\n\nload table\n\n"
    "## Case analysis page (issue 14)\n\ncase table\n"
)
OLD_OWN = (
    "- Date: yesterday\n\n## Store\n\nold store\n\n## Pages\n\nold pages\n\n"
    "## Map payload\n\nold map\n\n## Staffing planner\n\nold plan\n\n"
    "## Briefing exports\n\nold exports\n\n"
)
NEW_OWN = "- Date: today\n\n## Store\n\nnew store\n\n## Pages\n\nnew pages\n"


def _assert_others_kept(text: str) -> None:
    for part in ("store writes table", "volume table", "load table", "case table"):
        assert text.count(part) == 1, part
    assert text.index("## Store writes") < text.index("## Volume") < text.index("## Case analysis")


def test_an_unmarked_file_gets_its_own_part_replaced_and_marked(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n" + OLD_OWN + OTHERS, encoding="utf-8")
    write_results(results, NEW_OWN)
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n" + START + "\n- Date: today")
    assert "old" not in text and text.count("## Store\n") == 1
    assert text.index(END) < text.index("## Store writes")
    _assert_others_kept(text)


def test_a_marked_file_keeps_everything_else_in_place(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n" + OTHERS, encoding="utf-8")
    write_results(results, NEW_OWN)
    write_results(results, NEW_OWN.replace("today", "later"))
    text = results.read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    assert "- Date: later" in text and "- Date: today" not in text
    _assert_others_kept(text)

    fresh = tmp_path / "NEW.md"
    write_results(fresh, NEW_OWN)
    assert (
        fresh.read_text(encoding="utf-8")
        == f"# Benchmark results\n\n{START}\n{NEW_OWN.strip()}\n{END}\n"
    )
