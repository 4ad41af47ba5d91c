"""The report printer reads the stylesheet and files inside the asset folders, nothing else.

Report content comes from users. A path is decoded and resolved (.. and symbolic links)
before it is compared folder by folder, so traversal strings that passed the old string-prefix
check (`file:///usr/share/fonts/…/../../../../etc/passwd`, `%2e%2e`) are refused.
"""

from pathlib import Path

import pytest

from planner.reports.rendering import ReportPrintError, _allowed_file, pdf_write

FONTS = "/usr/share/fonts"
REAL_FONT = "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture
def fonts_allowed(settings):
    settings.REPORT_ASSET_DIRS = [FONTS]


@pytest.mark.parametrize(
    "url",
    [
        "file:///usr/share/fonts/truetype/dejavu/../../../../etc/passwd",
        "file:///usr/share/fonts/truetype/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "file:///usr/share/fonts/%2E%2E/%2E%2E/etc/passwd",
        "file:///usr/share/fonts-evil/x.ttf",
        "file:///usr/share/fontsx/../fonts/../../../etc/passwd",
        "file:///etc/passwd",
        "file://attacker.example/usr/share/fonts/x.ttf",
        "http://127.0.0.1:8000/usr/share/fonts/x.ttf",
        "https://attacker.example/x.css",
    ],
)
def test_traversal_and_other_places_are_refused(fonts_allowed, url):
    assert not _allowed_file(url)


def test_a_file_inside_an_asset_folder_is_allowed(fonts_allowed):
    assert Path(REAL_FONT.removeprefix("file://")).is_file()
    assert _allowed_file(REAL_FONT)


def test_a_symbolic_link_out_of_an_asset_folder_is_refused(settings, tmp_path):
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "secret.ttf").symlink_to("/etc/passwd")
    settings.REPORT_ASSET_DIRS = [str(folder)]
    assert not _allowed_file((folder / "secret.ttf").as_uri())


def test_no_file_at_all_is_readable_by_default():
    assert not _allowed_file(REAL_FONT)


@pytest.mark.parametrize(
    "tag",
    [
        '<link rel="attachment" href="file:///usr/share/fonts/../../../etc/passwd">',
        '<link rel="attachment" href="file:///usr/share/fonts/%2e%2e/%2e%2e/etc/passwd">',
        '<img src="file:///etc/passwd" alt="">',
        '<link rel="stylesheet" href="https://attacker.example/x.css">',
    ],
)
def test_a_document_that_asks_for_another_file_is_not_printed(fonts_allowed, tmp_path, tag):
    html = (
        '<html lang="en"><head><link rel="stylesheet" href="/reports/print.css">'
        f"{tag}</head><body><p>Board paper</p></body></html>"
    )
    target = tmp_path / "paper.pdf"
    with pytest.raises(ReportPrintError, match="could not be read"):
        pdf_write(html, "pdf/ua-1", target)
    assert not target.exists() or b"root:" not in target.read_bytes()
