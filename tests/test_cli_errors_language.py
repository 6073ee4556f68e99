"""Errors of the command line in the reader's language: the same error reads in Vietnamese with --lang vi (or
[tool.ecdplan] lang, or the locale) and in English otherwise, with its figures and paths unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.i18n import labels
from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = str(ROOT / "plans" / "gia-lai-2023-2026.yaml")


def run(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.mark.parametrize("args, english, vietnamese", [
    (["budget", GIA_LAI, "--year", "2040"], "--year 2040 is outside the plan period 2023-2026",
     "--year 2040 nằm ngoài thời gian thực hiện kế hoạch 2023-2026"),
    (["budget", GIA_LAI, "--by-source", "--by-year", "--by-group"], "give at most two --by-… options",
     "chỉ ghi tối đa hai tùy chọn --by-…"),
    (["export", "xlsx", GIA_LAI, "-o", "OUT/plan.txt"], "this output is XLSX; give the file a .xlsx name",
     "kết quả này là tệp XLSX; hãy đặt tên tệp có đuôi .xlsx"),
    (["export", "xlsx", GIA_LAI, "-o", "OUT"], "is a folder", "là một thư mục"),
    (["validate", "OUT/*.nothing"], "matches no file", "không khớp với tệp nào"),
    (["budget", "OUT/missing.yaml"], "the plan cannot be used until the errors above are fixed",
     "chưa dùng được kế hoạch cho đến khi sửa các lỗi nêu trên"),
    (["compare", GIA_LAI], "give at least one --scenario FILE", "hãy ghi ít nhất một --scenario TỆP"),
    (["places"], "give a NAME to look up, or --migrate PLAN", "hãy ghi TÊN cần tra cứu, hoặc --migrate KẾ_HOẠCH"),
])
def test_a_usage_error_reads_in_the_language_asked_for_and_in_english_by_default(args, english, vietnamese,
                                                                                 tmp_path):
    args = [a.replace("OUT", str(tmp_path)) for a in args]
    labels.MISSES.clear()
    en = run(*args, "--lang", "en") if args[0] != "places" else run(*args)
    vi = run(*args, "--lang", "vi") if args[0] != "places" else run(*args, env={"LANG": "vi_VN.UTF-8"})
    assert en.exit_code == vi.exit_code == 2, (en.output, vi.output)
    assert english in en.stderr and vietnamese not in en.stderr
    assert vietnamese in vi.stderr and english not in vi.stderr
    assert not labels.MISSES


def test_the_language_of_an_error_comes_from_the_locale_when_no_lang_is_given(tmp_path):
    out = run("budget", GIA_LAI, "--year", "2040", env={"LANG": "vi_VN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert "nằm ngoài thời gian thực hiện kế hoạch" in out.stderr
    out = run("budget", GIA_LAI, "--year", "2040", env={"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert "is outside the plan period" in out.stderr


def test_one_runs_language_does_not_leak_into_the_next():
    run("budget", GIA_LAI, "--year", "2040", "--lang", "vi")
    assert "is outside the plan period" in run("budget", GIA_LAI, "--year", "2040", "--lang", "en").stderr


def test_wrote_and_the_errors_of_a_plan_read_in_vietnamese(tmp_path):
    out = run("export", "xlsx", GIA_LAI, "-o", tmp_path / "a.xlsx", "--lang", "vi")
    assert out.exit_code == 0 and f"đã ghi {tmp_path / 'a.xlsx'}" in out.stderr


@pytest.mark.parametrize("args, vietnamese", [
    (["budget", GIA_LAI, "--foo"], "Lỗi: Không có tùy chọn --foo"),
    (["budget", GIA_LAI, "--unit", "gold"],
     "Lỗi: Giá trị không hợp lệ cho '--unit': 'gold' không phải là một trong các giá trị 'vnd', 'thousand'"),
    (["budget", GIA_LAI, "--year", "abc"], "Lỗi: Giá trị không hợp lệ cho '--year': cần một số nguyên"),
    (["budget", GIA_LAI, "--decimals", "9"], "Lỗi: Giá trị không hợp lệ cho '--decimals': giá trị không được lớn hơn 6"),
    (["budget", GIA_LAI, "extra"], "Lỗi: Thừa đối số (extra)"),
    (["budgte"], "Lỗi: Không có lệnh 'budgte'. Có phải là 'budget'?"),
    (["diff"], "Lỗi: Thiếu đối số 'OLD_PLAN'."),
    (["budget", GIA_LAI, "--year"], "Lỗi: Tùy chọn '--year' cần có giá trị đi kèm."),
])
def test_a_mistyped_command_line_is_explained_in_the_language_given_even_before_lang_is_read(args, vietnamese):
    labels.MISSES.clear()
    vi = run(*args[:1], "--lang", "vi", *args[1:])  # --lang before the mistake: parsing stops at the mistake
    en = run(*args)
    assert vi.exit_code == en.exit_code == 2
    assert vietnamese in vi.stderr, vi.stderr
    assert "Error:" in en.stderr and "Lỗi" not in en.stderr
    if "Usage:" in en.stderr:
        assert "Cách dùng: ecdplan" in vi.stderr and "để xem hướng dẫn" in vi.stderr
    assert not labels.MISSES


def test_a_usage_error_no_pattern_knows_is_shown_as_typer_wrote_it():
    from ecdplan.cli.usage_errors import translate

    assert translate("Something new went wrong.", "vi") == "Something new went wrong."
    assert translate("Invalid value for '--x': Value error, it is odd", "vi") == \
        "Giá trị không hợp lệ cho '--x': it is odd"
    assert translate("No such option: --foo", "en") == "No such option: --foo"


def test_command_help_reads_in_the_language_given_and_english_comes_back_after_it():
    labels.MISSES.clear()
    vi = run("budget", "--help", "--lang", "vi")
    assert vi.exit_code == 0
    for text in ("Cách dùng: ecdplan budget", "Tùy chọn:", "Theo nguồn vốn.", "[mặc định: million]",
                 "Hiện hướng dẫn này rồi thoát.", "Kinh phí chia theo nguồn vốn"):
        assert text in vi.stdout, text
    assert "Options:" not in vi.stdout and "By funding source." not in vi.stdout
    listing = run("--help", env={"LANG": "vi_VN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    assert "Lệnh:" in listing.stdout and "Kiểm tra tệp kế hoạch" in listing.stdout
    assert not labels.MISSES
    en = run("budget", "--help", "--lang", "en")
    assert "Options:" in en.stdout and "By funding source." in en.stdout and "[default: million]" in en.stdout
    assert "Usage: ecdplan budget" in en.stdout and "Tùy chọn" not in en.stdout
