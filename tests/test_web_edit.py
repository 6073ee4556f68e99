"""Editing through `ecdplan serve` (the YAML editing library `ecdplan.source.edit`; these tests skip where it is
not installed): a save changes only the lines concerned, checks the plan again and shows the diff and findings;
a stale save is refused with nothing written (tests/test_web.py pins that without the library too)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("flask")
pytest.importorskip("ecdplan.source.edit")

from web_project import GIA_LAI, HOST, client, root, snapshot  # noqa: E402,F401 (client, root: fixtures)

H = {"Host": HOST}
POST = {**H, "Origin": f"http://{HOST}"}


def form(client, url: str) -> dict:
    """The form's fields as the browser would send them unchanged (ticked boxes only)."""
    page = client.get(url, headers=H).get_data(as_text=True)
    fields = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name[1]] = value[1] if value else ""
    return fields


def test_saving_the_imam_cost_changes_one_line_keeps_comments_and_shows_b001_and_b002(root, client):
    path = root / GIA_LAI
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = form(client, f"/edit/line/imam/{GIA_LAI}")
    assert fields["cost"] == "9300"
    got = client.post(f"/edit/line/imam/{GIA_LAI}", headers=POST, data={**fields, "cost": "9400"})
    page = got.get_data(as_text=True)
    assert got.status_code == 200, page
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(after) == len(before) and len(changed) == 1 and "9400" in after[changed[0]]
    assert [ln for ln in before if "#" in ln] == [ln for ln in after if "#" in ln]
    assert "B001" in page and "B002" in page and "9400" in page.split('id="diff"')[1]
    for code in ("B001", "B002"):  # marked as brought by the change; the warnings that were there already are not
        assert "new since the change" in page.split(f'data-code="{code}">')[1].split("</li>")[0]
    assert "new since the change" not in page.split('data-code="F002">')[1].split("</li>")[0]


def test_an_unchanged_form_writes_nothing(root, client):
    before = snapshot(root)
    got = client.post(f"/edit/line/imam/{GIA_LAI}", headers=POST, data=form(client, f"/edit/line/imam/{GIA_LAI}"))
    assert got.status_code == 200 and "Nothing to change" in got.get_data(as_text=True)
    assert snapshot(root) == before


def test_saving_the_heading_changes_only_its_line_and_the_page_shows_it(root, client):
    path = root / GIA_LAI
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = form(client, f"/edit/heading/{GIA_LAI}")
    got = client.post(f"/edit/heading/{GIA_LAI}", headers=POST, data={**fields, "number": "2455/KH-UBND"})
    assert got.status_code == 200, got.get_data(as_text=True)
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [10]  # line 11: number
    assert "2455/KH-UBND" in client.get(f"/plan/{GIA_LAI}", headers=H).get_data(as_text=True)


def test_a_stale_line_save_is_refused_by_the_library_too_and_nothing_is_written(root, client, monkeypatch):
    """The file changes between the page's own check of the hash and the write: the library's check (E001)
    refuses it, and the page says so."""
    from ecdplan.source import edit

    fields = form(client, f"/edit/line/imam/{GIA_LAI}")
    path = root / GIA_LAI
    real = edit.save

    def save_after_a_change(target, changes, expected_hash):
        path.write_text(path.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
        return real(target, changes, expected_hash)

    monkeypatch.setattr(edit, "save", save_after_a_change)
    got = client.post(f"/edit/line/imam/{GIA_LAI}", headers=POST, data={**fields, "cost": "9400"})
    text = path.read_text(encoding="utf-8")
    assert got.status_code == 409 and "changed on disk" in got.get_data(as_text=True)
    assert "9400" not in text and text.endswith("# edited meanwhile\n")
