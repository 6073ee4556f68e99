"""How fast `ecdplan import` reads an appendix with one row per commune of the country (3,321 rows, the map of
1 July 2025), and whether the time grows linearly with the rows (332 rows against 3,321: a tenth).

    python bench/import_bench.py [--runs N]

The workbooks are written to bench/out/ in the seed's form (a heading merged over three rows, groups by
province, one numbered line per commune with its communes per year, cost as Vietnamese text, "x" ticks in the
source columns, a subtotal per group, "Tổng cộng"); each import runs in its own process (`python -m ecdplan
import FILE -o OUT`), the median of N runs is shown. Goals: under 3 s for 3,321 rows, and at most 12x the time
for 10x the rows (linear, with the fixed start-up cost). Exit 0 if both are met."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL_SECONDS = 3.0
GOAL_GROWTH = 12.0


def appendix(path: Path, rows: int) -> Path:
    """An appendix of `rows` commune lines in 34 groups (the provinces of 2025), written with XlsxWriter."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Phụ lục")
    ws.write(0, 0, "KẾ HOẠCH PHÁT TRIỂN TRẺ THƠ TOÀN DIỆN GIAI ĐOẠN 2026-2030")
    ws.write(1, 0, "(Kèm theo Kế hoạch số 1/KH-UBND của UBND tỉnh Mẫu)")
    ws.merge_range(3, 0, 5, 0, "STT")
    ws.merge_range(3, 1, 5, 1, "Tên xã, nội dung")
    ws.merge_range(3, 2, 4, 6, "Số xã tham gia theo năm")
    ws.merge_range(3, 7, 5, 7, "Thời gian và địa bàn triển khai thực hiện")
    ws.merge_range(3, 8, 5, 8, "Ước tính kinh phí thực hiện (triệu đồng)")
    ws.merge_range(3, 9, 3, 11, "Dự kiến nguồn chi tiết")
    ws.merge_range(4, 9, 4, 10, "Chương trình mục tiêu quốc gia")
    ws.merge_range(4, 11, 5, 11, "NSĐP")
    for k, year in enumerate(range(2026, 2031)):
        ws.write(5, 2 + k, year)
    ws.write(5, 9, "CTMTQG DTTS-MN")
    ws.write(5, 10, "CTMTQG GNBV")
    r, per_group = 6, -(-rows // 34)
    done, total = 0, 0
    for g in range(34):
        n = min(per_group, rows - done)
        if n <= 0:
            break
        roman = _roman(g + 1)
        ws.write(r, 0, roman)
        ws.write(r, 1, f"Tỉnh {g + 1}")
        ws.write_string(r, 8, f"{n * 150}.000" if n * 150 >= 1 else "0")
        r += 1
        for k in range(n):
            ws.write(r, 0, k + 1)
            ws.write(r, 1, f"Xã {done + k + 1}: câu lạc bộ dinh dưỡng")
            for y in range(5):
                ws.write(r, 2 + y, 1)
            ws.write(r, 7, "Giai đoạn 2026-2030: 1 xã")
            ws.write_string(r, 8, "150.000")
            ws.write(r, 9, "x")
            ws.write(r, 11, "x")
            r += 1
        done += n
        total += n * 150_000
    ws.write(r, 1, "Tổng cộng")
    ws.write_string(r, 8, f"{total:,}".replace(",", "."))
    book.close()
    return path


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def timed(book: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "ecdplan", "import", str(book), "-o",
                               str(book.with_suffix(".yaml")), "--force"], capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"import of {book} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    small, big = appendix(OUT / "appendix-332.xlsx", 332), appendix(OUT / "appendix-3321.xlsx", 3321)
    t_small, t_big = timed(small, args.runs), timed(big, args.runs)
    growth = t_big / t_small
    print(f"import, 332 rows:   {t_small:.2f} s")
    print(f"import, 3,321 rows: {t_big:.2f} s (goal < {GOAL_SECONDS:.0f} s): {'met' if t_big < GOAL_SECONDS else 'NOT met'}")
    print(f"10x the rows: {growth:.1f}x the time (goal <= {GOAL_GROWTH:.0f}x, linear): "
          f"{'met' if growth <= GOAL_GROWTH else 'NOT met'}")
    return 0 if t_big < GOAL_SECONDS and growth <= GOAL_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
