"""`ecdplan serve` in headless Chromium (Debian's package, driven by Playwright): the real server on a free port,
pages read as a person sees them. Skipped where chromium or Playwright is absent."""

from __future__ import annotations

import html
import re
import shutil
import threading

import pytest

pytest.importorskip("flask")
sync_api = pytest.importorskip("playwright.sync_api")

from typer.testing import CliRunner  # noqa: E402

from ecdplan.cli.commands import app as cli  # noqa: E402

from web_project import GIA_LAI, PLANS, make_project, snapshot  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def has_editing() -> bool:
    from ecdplan.web.editing import library

    return library() is not None


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def served(tmp_path):
    """(project folder, base URL) of a real server over a copy of the bundled plans."""
    from ecdplan.cli.serve import start
    from ecdplan.web.project import Project

    root = make_project(tmp_path)
    server, url = start(Project.open(start=root), "127.0.0.1", 0, None, "en")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def markdown_amounts(output: str) -> dict[str, str]:
    """{first cell: Amount cell} of `ecdplan budget -f markdown` (the same figures as its text table)."""
    lines = [ln for ln in output.splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    amount = next(i for i, h in enumerate(header) if h.startswith("Amount"))
    out = {}
    for ln in lines[2:]:
        cells = [html.unescape(c.strip().strip("*")) for c in ln.strip("|").split("|")]  # markdown escapes & < >
        out[cells[0]] = cells[amount]
    return out


def page_amounts(pg, table_id: str) -> dict[str, str]:
    return pg.eval_on_selector(f"#{table_id}", """t => {
        const head = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
        const i = head.findIndex(h => h.startsWith('Amount'));
        const out = {};
        for (const tr of t.querySelectorAll('tbody tr:not(.inline-findings)')) {
            const cells = [...tr.querySelectorAll('td')].map(td => td.innerText.trim());
            out[cells[0]] = cells[i];
        }
        return out;
    }""")


@pytest.mark.parametrize("plan", [p.name for p in PLANS])
def test_every_bundled_plans_page_shows_the_grand_source_and_line_totals_of_ecdplan_budget(served, page, plan,
                                                                                           monkeypatch):
    root, url = served
    monkeypatch.chdir(root)
    name = f"plans/{plan}"
    page.goto(f"{url}plan/{name}?lang=en")
    by_line = CliRunner().invoke(cli, ["budget", name, "--lang", "en", "-f", "markdown"])
    assert by_line.exit_code == 0
    assert page_amounts(page, "budget-lines") == markdown_amounts(by_line.stdout)
    by_source = CliRunner().invoke(cli, ["budget", name, "--by-source", "--lang", "en", "-f", "markdown"])
    sources = markdown_amounts(by_source.stdout)
    assert page_amounts(page, "budget-sources") == sources
    if sources.get("Total"):
        assert page.inner_text("#appendix-total") == sources["Total"]  # the appendix's grand total too


def test_the_index_and_the_language_switch_in_the_browser(served, page):
    root, url = served
    page.goto(url + "?lang=vi")
    row = page.inner_text('tr[data-plan="plans/gia-lai-2023-2026.yaml"]')
    assert "42.900 triệu đồng" in row
    page.click("#lang-en")
    assert "42,900 million VND" in page.inner_text('tr[data-plan="plans/gia-lai-2023-2026.yaml"]')
    page.goto(url)  # the choice kept
    assert "42,900 million VND" in page.inner_text('tr[data-plan="plans/gia-lai-2023-2026.yaml"]')


@pytest.mark.skipif(not has_editing(), reason="the YAML editing library (ecdplan.source.edit) is not installed")
def test_editing_the_imam_cost_changes_one_yaml_line_keeps_the_comments_and_shows_b001_and_b002(served, page):
    root, url = served
    path = root / GIA_LAI
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    page.goto(f"{url}edit/line/imam/{GIA_LAI}?lang=en")
    assert page.input_value("#cost") == "9300"
    page.fill("#cost", "9400")
    page.click("#save")
    shown = page.inner_text("#new-findings")  # waits for the page the save answers with
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert "9400" in after[changed[0]] and "9300" in before[changed[0]]
    assert [ln for ln in before if "#" in ln] == [ln for ln in after if "#" in ln]  # comments kept
    assert "B001" in shown and "B002" in shown
    assert "9400" in page.inner_text("#diff")


def test_a_stale_save_is_refused_in_the_browser_and_the_file_is_untouched(served, page):
    root, url = served
    page.goto(f"{url}edit/line/imam/{GIA_LAI}?lang=en")
    path = root / GIA_LAI
    path.write_text(path.read_text(encoding="utf-8") + "# changed in an editor\n", encoding="utf-8")
    before = snapshot(root)
    page.fill("#cost", "9400")
    page.click("#save")
    assert "changed on disk" in page.inner_text("#message")
    assert snapshot(root) == before


def test_an_uploaded_exported_appendix_gives_the_same_figures(served, page, tmp_path, monkeypatch):
    root, url = served
    monkeypatch.chdir(root)
    book = tmp_path / "phu-luc.xlsx"
    assert CliRunner().invoke(cli, ["export", "xlsx", GIA_LAI, "-o", str(book), "--lang", "vi"]).exit_code == 0
    page.goto(f"{url}plan/{GIA_LAI}?lang=en")
    original = page_amounts(page, "budget-sources")
    page.goto(url + "upload")
    page.set_input_files("#file", str(book))
    page.click("#send")
    assert page.query_selector("#yaml") is not None
    page.click("#confirm")
    page.wait_for_url(re.compile(r"/plan/plans/[^/]+\.yaml$"))
    assert not page.url.endswith(GIA_LAI)
    assert page.inner_text("#appendix-total") == original["Total"] == "42,900"
    assert page_amounts(page, "budget-sources").values() and \
        sorted(page_amounts(page, "budget-sources").values()) == sorted(original.values())
