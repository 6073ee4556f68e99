"""`ecdplan serve` through Flask's test client: the pages show the command line's figures and findings, and every
guard refuses what it must (a path outside the project, a write without the token or from another origin, a
foreign Host header, a server beyond 127.0.0.1 without a password) with nothing written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flask")

from typer.testing import CliRunner  # noqa: E402

from ecdplan.cli.commands import app as cli  # noqa: E402

from web_project import GIA_LAI, HOST, client, make_app, root, snapshot  # noqa: E402,F401 (client, root: fixtures)

H = {"Host": HOST}
PLANS = Path(__file__).resolve().parent.parent / "plans"


def token(client) -> str:
    page = client.get("/edit/heading/" + GIA_LAI, headers=H).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]


def digest(client) -> str:
    page = client.get("/edit/heading/" + GIA_LAI, headers=H).get_data(as_text=True)
    return re.search(r'name="hash" value="([^"]+)"', page)[1]


def same_origin() -> dict:
    return {**H, "Origin": f"http://{HOST}"}


# --- pages ---------------------------------------------------------------------------------------------------------

def test_the_index_lists_every_plan_of_the_project_with_its_total_as_budget_shows_it(client):
    page = client.get("/", headers=H).get_data(as_text=True)
    assert page.count('<tr data-plan="plans/') == 6
    row = page.split('data-plan="plans/gia-lai-2023-2026.yaml"')[1].split("</tr>")[0]
    assert "42,900 million VND" in row and "2023-2026" in row
    assert "0 errors" in row and "9 warnings" in row  # as `ecdplan validate` counts them


def test_the_index_shows_the_share_used_where_a_progress_file_reports_on_the_plan(client):
    page = client.get("/", headers=H).get_data(as_text=True)
    row = page.split('data-plan="plans/gia-lai-2023-2026.yaml"')[1].split("</tr>")[0]
    assert re.search(r"<td class=\"num\">\d+\.\d %</td>", row), row


def test_vietnamese_by_default_and_the_switch_sticks_in_a_cookie(root):
    client = make_app(root, lang="vi").test_client()
    assert "42.900 triệu đồng" in client.get("/", headers=H).get_data(as_text=True)
    english = client.get("/?lang=en", headers=H)
    assert "42,900 million VND" in english.get_data(as_text=True)
    assert "ecdplan_lang=en" in english.headers["Set-Cookie"]
    assert "42,900 million VND" in client.get("/", headers=H).get_data(as_text=True)  # the cookie kept it


def test_a_finding_shows_beside_the_line_it_concerns_with_its_fix_and_file_position(client):
    page = client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
    inline = page.split('<tr class="inline-findings" data-line="imam">')[1].split("</tr>")[0]
    assert "F002" in inline and "Fix:" in inline
    lines = (PLANS / "gia-lai-2023-2026.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index("    sources: [ntp-dtts, ntp-gnbv, ntp-ntm, nsdp, other]", lines.index("  - id: imam")) + 1
    assert f"plans/gia-lai-2023-2026.yaml:{at}:" in inline
    assert f'href="/source/plans/gia-lai-2023-2026.yaml#L{at}"' in inline
    source = client.get("/source/" + GIA_LAI, headers=H).get_data(as_text=True)
    assert f'id="L{at}"' in source and "ntp-dtts" in source.split(f'id="L{at}"')[1].split("</tr>")[0]


def test_a_change_made_in_an_editor_shows_on_the_next_request(root, client):
    assert "9,300" in client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
    path = root / GIA_LAI
    path.write_text(path.read_text(encoding="utf-8").replace("cost: {total: 9300}", "cost: {total: 9700}", 1),
                    encoding="utf-8")
    page = client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
    assert "9,700" in page and "B001" in page  # the declared grand total no longer adds up


def test_the_downloads_are_the_files_the_command_line_writes(root, client, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    out = tmp_path / "report.html"
    assert CliRunner().invoke(cli, ["report", GIA_LAI, "-o", str(out), "--lang", "en"]).exit_code == 0
    got = client.get("/download/html/" + GIA_LAI, headers=H)
    assert got.status_code == 200 and got.get_data(as_text=True) == out.read_text(encoding="utf-8")
    ics = client.get("/download/ics/plans/bang-mac-2024.yaml", headers=H).get_data(as_text=True)
    assert ics.startswith("BEGIN:VCALENDAR") and "2024" in ics
    undated = client.get("/download/ics/" + GIA_LAI, headers=H)  # as `calendar --ics`: nothing dated, no file
    assert undated.status_code == 400 and "no calendar written" in undated.get_data(as_text=True)
    assert 'id="dl-ics"' not in client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
    book = tmp_path / "appendix.xlsx"
    assert CliRunner().invoke(cli, ["export", "xlsx", GIA_LAI, "-o", str(book), "--lang", "en"]).exit_code == 0
    xlsx = client.get("/download/xlsx/" + GIA_LAI, headers=H)
    assert xlsx.status_code == 200 and xlsx.data == book.read_bytes()
    progress = tmp_path / "progress-2023.html"
    assert CliRunner().invoke(cli, ["progress", GIA_LAI, "examples/progress-gia-lai-2023.yaml",
                                    "examples/progress-gia-lai-2024-H1.yaml", "--report", "2023", "--export", "html",
                                    "-o", str(progress), "--lang", "en"]).exit_code == 0
    report = client.get("/progress/2023/html/" + GIA_LAI, headers=H)
    assert report.status_code == 200 and report.get_data(as_text=True) == progress.read_text(encoding="utf-8")
    assert client.get("/progress/2023/xlsx/" + GIA_LAI, headers=H).data[:2] == b"PK"


# --- guards --------------------------------------------------------------------------------------------------------

OUTSIDE_URLS = ["/plan/../pyproject.toml", "/plan/%2e%2e/pyproject.toml", "/plan/..%2fpyproject.toml",
                "/plan/plans/..%2F..%2Fsecret.txt", "/plan//etc/passwd", "/plan/%2Fetc%2Fpasswd",
                "/plan/secret.txt", "/source/secret.txt", "/source/..%2f..%2fetc%2fpasswd",
                "/download/xlsx/%2e%2e%2fsecret.txt", "/download/html//etc/passwd",
                "/edit/heading/secret.txt", "/edit/line/imam/plans%2f..%2fsecret.txt"]


@pytest.mark.parametrize("url", OUTSIDE_URLS)
def test_a_path_outside_the_plans_of_the_project_in_the_url_is_refused(client, url):
    got = client.get(url, headers=H)
    text = got.get_data(as_text=True)
    assert got.status_code in (404, 308) and "not a plan" not in text.lower() or got.status_code == 404
    assert "root:" not in text and "not a plan\n" not in text and "[tool.ecdplan]" not in text


@pytest.mark.parametrize("name", ["../pyproject.toml", "secret.txt", "%2e%2e%2fsecret.txt", "/etc/passwd",
                                  "plans/../secret.txt"])
def test_a_write_naming_a_file_outside_the_plans_is_refused_and_nothing_is_written(root, client, name):
    before = snapshot(root)
    csrf, hash_ = token(client), digest(client)
    got = client.post(f"/edit/heading/{name}", headers=same_origin(),
                      data={"csrf": csrf, "hash": hash_, "title": "X", "name": "../secret.txt"})
    assert got.status_code == 404
    assert snapshot(root) == before


def test_form_fields_cannot_choose_the_file_written(root, client):
    """The file written is the plan named in the URL, looked up among the project's plans: a path in the form
    (whatever field) is never read as one."""
    before = snapshot(root)
    data = {"csrf": token(client), "hash": "0" * 64, "title": "X", "path": "/etc/passwd", "file": "../secret.txt",
            "name": "../../secret.txt"}
    got = client.post("/edit/heading/" + GIA_LAI, headers=same_origin(), data=data)
    assert got.status_code == 409  # the hash is not the file's: refused before anything else
    assert snapshot(root) == before


def test_a_write_without_the_token_is_refused_and_nothing_is_written(root, client):
    before = snapshot(root)
    for data in ({"hash": digest(client), "title": "X"}, {"csrf": "forged", "hash": digest(client), "title": "X"}):
        got = client.post("/edit/heading/" + GIA_LAI, headers=same_origin(), data=data)
        assert got.status_code == 403 and "nothing was written" in got.get_data(as_text=True)
    assert snapshot(root) == before


@pytest.mark.parametrize("origin", [{"Origin": "http://evil.example"}, {"Origin": "http://127.0.0.1:8001"},
                                    {"Origin": "null"}, {"Referer": "http://evil.example/plan"},
                                    {"Referer": "http://127.0.0.1:8000.evil.example/"}, {}])
def test_a_write_from_another_origin_or_none_is_refused_and_nothing_is_written(root, client, origin):
    before = snapshot(root)
    got = client.post("/edit/heading/" + GIA_LAI, headers={**H, **origin},
                      data={"csrf": token(client), "hash": digest(client), "title": "X"})
    assert got.status_code == 403
    assert snapshot(root) == before


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1:9999", "localhost.evil:8000",
                                  "127.0.0.1"])
def test_a_foreign_host_header_is_refused(client, host):
    got = client.get("/plan/" + GIA_LAI, headers={"Host": host})
    assert got.status_code == 400 and "9,300" not in got.get_data(as_text=True)


def test_a_post_with_a_foreign_host_header_writes_nothing(root, client):
    before = snapshot(root)
    got = client.post("/edit/heading/" + GIA_LAI, headers={"Host": "evil.example:8000",
                                                          "Origin": "http://evil.example:8000"},
                      data={"csrf": token(client), "hash": digest(client), "title": "X"})
    assert got.status_code == 400
    assert snapshot(root) == before


def test_localhost_by_name_is_answered(client):
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_serving_beyond_127_0_0_1_without_a_password_exits_2_and_starts_nothing(root, monkeypatch):
    monkeypatch.chdir(root)
    monkeypatch.delenv("ECDPLAN_PASSWORD", raising=False)
    for host in ("0.0.0.0", "192.168.1.20", "::"):
        result = CliRunner().invoke(cli, ["serve", "--host", host, "--no-browser", "--port", "0", "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert "--password" in result.output


def test_with_a_password_every_page_asks_for_it(root):
    import base64

    client = make_app(root, password="s3cret", host="0.0.0.0").test_client()
    asked = client.get("/", headers=H)
    assert asked.status_code == 401 and "Basic" in asked.headers["WWW-Authenticate"]
    wrong = base64.b64encode(b"x:wrong").decode()
    assert client.get("/", headers={**H, "Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"office:s3cret").decode()
    assert client.get("/", headers={**H, "Authorization": f"Basic {right}"}).status_code == 200


def test_an_error_is_a_page_with_a_message_never_a_traceback(client, monkeypatch):
    from ecdplan.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom in /secret/path")

    monkeypatch.setattr(views, "plan_page", broken)
    got = client.get("/plan/" + GIA_LAI, headers=H)
    text = got.get_data(as_text=True)
    assert got.status_code == 500 and 'id="message"' in text
    assert "Traceback" not in text and "boom" not in text and "/secret/path" not in text


def test_an_upload_too_large_is_refused_with_a_page(root, client):
    import io

    before = snapshot(root)
    big = io.BytesIO(b"0" * (11 * 1024 * 1024))
    got = client.post("/upload", headers=same_origin(), data={"csrf": token(client), "file": (big, "big.xlsx")},
                      content_type="multipart/form-data")
    assert got.status_code == 413 and "at most 10 MB" in got.get_data(as_text=True)
    assert snapshot(root) == before


def test_a_stale_save_is_refused_and_the_file_is_untouched(root, client):
    stale = digest(client)
    path = root / GIA_LAI
    path.write_text(path.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    before = snapshot(root)
    got = client.post("/edit/line/imam/" + GIA_LAI, headers=same_origin(),
                      data={"csrf": token(client), "hash": stale, "cost": "9400"})
    assert got.status_code == 409 and "changed on disk" in got.get_data(as_text=True)
    assert snapshot(root) == before


def test_the_command_line_does_not_import_flask():
    code = ("import sys; import ecdplan.cli.commands; import ecdplan.cli.serve; "
            "assert not any(m == 'flask' or m.startswith(('flask.', 'werkzeug', 'jinja2')) for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- upload ---------------------------------------------------------------------------------------------------------

def test_an_uploaded_appendix_is_shown_then_written_as_a_new_plan_with_the_same_figures(root, client, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.chdir(root)
    book = tmp_path / "appendix.xlsx"
    assert CliRunner().invoke(cli, ["export", "xlsx", GIA_LAI, "-o", str(book), "--lang", "vi"]).exit_code == 0
    before = set(snapshot(root))
    shown = client.post("/upload", headers=same_origin(), content_type="multipart/form-data",
                        data={"csrf": token(client), "file": (book.open("rb"), "phu-luc.xlsx")})
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="confirm"' in text
    assert set(snapshot(root)) == before  # nothing written before the confirmation
    the_token = re.search(r'name="token" value="([^"]+)"', text)[1]
    done = client.post("/upload/confirm", headers=same_origin(), data={"csrf": token(client), "token": the_token})
    assert done.status_code == 302
    new = set(snapshot(root)) - before
    assert len(new) == 1 and next(iter(new)).startswith("plans/")
    page = client.get(done.headers["Location"], headers=H).get_data(as_text=True)
    assert 'id="appendix-total">42,900<' in page


def test_an_uploaded_word_plan_is_written_as_a_new_plan_beside_the_others_never_over_one(root, client, tmp_path):
    from docx_seed import build

    doc = build(tmp_path / "ke-hoach.docx")
    shown = client.post("/upload", headers=same_origin(), content_type="multipart/form-data",
                        data={"csrf": token(client), "file": (doc.open("rb"), "ke-hoach.docx")})
    the_token = re.search(r'name="token" value="([^"]+)"', shown.get_data(as_text=True))[1]
    original = (root / GIA_LAI).read_bytes()
    done = client.post("/upload/confirm", headers=same_origin(), data={"csrf": token(client), "token": the_token})
    assert done.headers["Location"] == "/plan/plans/gia-lai-2023-2026-2.yaml"  # its id is taken: a new name
    assert (root / GIA_LAI).read_bytes() == original
    page = client.get(done.headers["Location"], headers=H).get_data(as_text=True)
    assert 'id="appendix-total">42,900<' in page
    again = client.post("/upload/confirm", headers=same_origin(), data={"csrf": token(client), "token": the_token})
    assert again.status_code == 400  # a confirmation is used once


def test_an_upload_that_is_not_an_appendix_or_word_plan_is_refused(root, client):
    import io

    before = snapshot(root)
    got = client.post("/upload", headers=same_origin(), content_type="multipart/form-data",
                      data={"csrf": token(client), "file": (io.BytesIO(b"plan: {}"), "../../plan.yaml")})
    assert got.status_code == 400 and ".xlsx" in got.get_data(as_text=True)
    assert snapshot(root) == before


def test_a_plan_that_cannot_give_figures_shows_its_findings_and_why(root, client):
    path = root / GIA_LAI
    path.write_text(path.read_text(encoding="utf-8").replace("format: ecdplan/1", "format: ecdplan/1\nplan: 3", 1),
                    encoding="utf-8")
    index = client.get("/", headers=H).get_data(as_text=True)
    row = index.split('data-plan="plans/gia-lai-2023-2026.yaml"')[1].split("</tr>")[0]
    assert "cannot be used" in row
    got = client.get("/plan/" + GIA_LAI, headers=H)
    page = got.get_data(as_text=True)
    assert got.status_code == 200 and 'id="plan-error"' in page and 'class="finding finding-error"' in page
    assert client.get("/download/xlsx/" + GIA_LAI, headers=H).status_code == 400


def test_ecdplan_serve_starts_answers_its_first_page_and_refuses_a_taken_port(root):
    """The command itself, as a person runs it: it says where it listens, the page answers, and a second server
    on the same port says why it cannot start (exit 2)."""
    import os
    import urllib.request

    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    server = subprocess.Popen([sys.executable, "-m", "ecdplan", "serve", "--port", "0", "--lang", "en"], cwd=root,
                              env=env, stderr=subprocess.PIPE, text=True)
    try:
        said = server.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/)", said)[1]
        with urllib.request.urlopen(url, timeout=60) as page:
            assert page.status == 200 and "42,900 million VND" in page.read().decode("utf-8")
        port = url.rsplit(":", 1)[1].strip("/")
        second = subprocess.run([sys.executable, "-m", "ecdplan", "serve", "--no-browser", "--port", port, "--lang",
                                 "en"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_group_total_or_grand_total_that_does_not_add_up_shows_under_its_row_of_the_appendix(root, client):
    path = root / GIA_LAI
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("cost: {total: 9300}", "cost: {total: 9400}", 1), encoding="utf-8")
    page = client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
    group = page.split('<tr class="inline-findings" data-group="I">')[1].split("</tr>")[0]
    assert 'data-code="B001"' in group and "27900" in group and "28000" in group
    total = page.split('<tr class="inline-findings" data-total="plan">')[1].split("</tr>")[0]
    assert 'data-code="B002"' in total and "42900" in total and "43000" in total


def test_a_plan_file_added_to_the_project_shows_without_a_restart(root, client):
    import shutil

    shutil.copy(root / GIA_LAI, root / "plans" / "gia-lai-copy.yaml")
    index = client.get("/", headers=H).get_data(as_text=True)
    assert index.count('<tr data-plan="plans/') == 7 and 'data-plan="plans/gia-lai-copy.yaml"' in index
    assert client.get("/plan/plans/gia-lai-copy.yaml", headers=H).status_code == 200
    (root / "plans" / "gia-lai-copy.yaml").unlink()
    assert client.get("/", headers=H).get_data(as_text=True).count('<tr data-plan="plans/') == 6
    assert client.get("/plan/plans/gia-lai-copy.yaml", headers=H).status_code == 404


def test_the_vietnamese_pages_have_no_english_words_of_their_own(root):
    from ecdplan.web.texts import TEXTS

    client = make_app(root, lang="vi").test_client()
    pages = "".join(client.get(url, headers=H).get_data(as_text=True) for url in
                    ("/", "/plan/" + GIA_LAI, "/edit/line/imam/" + GIA_LAI, "/edit/heading/" + GIA_LAI, "/upload"))
    english = [text for text in TEXTS.values() if "{" not in text and len(text) > 3 and f">{text}<" in pages]
    assert english == []
    assert ">Kinh phí theo nguồn vốn và năm<" in pages and ">Sửa<" in pages


def test_the_web_view_computes_no_figure_of_its_own():
    """Like the command line, ecdplan/web never imports the exact-money, fact, group-by or compiled-plan modules:
    every figure on a page comes from reports/ and writers/."""
    from pathlib import Path

    from test_architecture import imports

    web = Path(__file__).resolve().parent.parent / "ecdplan" / "web"
    for path in web.glob("*.py"):
        found = {m for m in imports(path) if m.startswith(("ecdplan.core.money", "ecdplan.core.facts",
                                                            "ecdplan.core.groupby", "ecdplan.core.compiled"))}
        assert found == set(), (path.name, found)


def test_a_hostile_name_in_the_plan_stays_text_on_every_page(root, client):
    path = root / GIA_LAI
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)", f"name: '{hostile}'", 1),
        encoding="utf-8")
    for url in ("/", "/plan/" + GIA_LAI, "/edit/line/imam/" + GIA_LAI, "/source/" + GIA_LAI):
        page = client.get(url, headers=H).get_data(as_text=True)
        assert "<script>" not in page and "<img src=x" not in page, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/plan/" + GIA_LAI, headers=H).get_data(as_text=True)
