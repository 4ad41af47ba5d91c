"""Oversized uploads: refused before they are written, on every URL, signed in or not.

The bodies here are made as they are read (`MultipartBody`), so a 200 MB attack costs the test
no memory, and how much of it the server read is known exactly.
"""

import io

import pytest
from django.conf import settings
from django.core.files import uploadhandler
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import row_counts

BOUNDARY = "hostile-boundary"
MB = 1024 * 1024


class MultipartBody(io.RawIOBase):
    """A multipart/form-data body whose one file part is `size` bytes, generated as it is read."""

    def __init__(self, size: int):
        self.head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="username"\r\n\r\n'
            "someone@police.test\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    @classmethod
    def of_length(cls, length: int) -> "MultipartBody":
        empty = cls(0)
        return cls(length - empty.length)

    def readable(self):
        return True

    def read(self, n=-1):
        end = self.length if n is None or n < 0 else min(self.length, self.position + n)
        out = bytearray()
        while self.position < end:
            if self.position < len(self.head):
                piece = self.head[self.position : end]
            elif self.position < len(self.head) + self.size:
                piece = b"x" * (min(end, len(self.head) + self.size) - self.position)
            else:
                start = self.position - len(self.head) - self.size
                piece = self.tail[start : start + end - self.position]
            out += piece
            self.position += len(piece)
        return bytes(out)


def post_multipart(client, url, body, **extra):
    """POST `body` as it is generated, with its true Content-Length."""
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
        **extra,
    )


@pytest.fixture
def upload_dir(tmp_path, settings):
    """Temporary upload files go here, so the test can see whether any was written."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def temporary_files(monkeypatch):
    """Every temporary upload file Django starts, whether or not it is kept."""
    started = []

    class Recorded(uploadhandler.TemporaryUploadedFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", Recorded)
    return started


@pytest.mark.django_db
@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["view", "csrf-middleware"])
@pytest.mark.parametrize("over", [1, 200 * MB], ids=["one byte over", "200 MB over"])
def test_an_oversized_anonymous_upload_to_sign_in_is_refused_before_it_is_written(
    over, enforce_csrf, upload_dir, temporary_files
):
    body = MultipartBody.of_length(settings.UPLOAD_MAX_SIZE + over)
    client = Client(enforce_csrf_checks=enforce_csrf)
    # As a browser would: the page sets the CSRF cookie and the post carries the token, so with
    # checks on it is the CSRF middleware that first reads the body.
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    before = row_counts()
    response = post_multipart(client, reverse("login"), body, HTTP_X_CSRFTOKEN=token)
    assert temporary_files == [], "a temporary file was started"
    assert list(upload_dir.iterdir()) == []
    assert body.position == 0, f"{body.position} bytes of the body were read"
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert f"at most {settings.UPLOAD_MAX_SIZE // MB} MB" in text
    assert row_counts() == before


@pytest.mark.django_db
def test_a_signed_in_oversized_upload_to_any_form_is_refused(
    police_lead, plan, upload_dir, temporary_files
):
    client = Client()
    client.force_login(police_lead)
    plan_before = plan.__class__.objects.values().get(pk=plan.pk)
    before = row_counts()
    body = MultipartBody(settings.UPLOAD_MAX_SIZE)
    response = post_multipart(client, reverse("plan_edit", args=[plan.pk]), body)
    assert temporary_files == [], "a temporary file was started"
    assert list(upload_dir.iterdir()) == []
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert "Your account" in response.content.decode()  # the full page, for the signed-in person
    assert row_counts() == before
    assert plan.__class__.objects.values().get(pk=plan.pk) == plan_before


@pytest.mark.parametrize(
    "declared", [1000, 5 * MB], ids=["kept in memory", "written to a temporary file"]
)
def test_a_body_longer_than_its_content_length_says_is_cut_off_at_the_limit(
    declared, upload_dir, temporary_files
):
    """When Content-Length lies (or a server passes on a chunked body), counting stops it.

    Django's WSGI request never reads past Content-Length, but its parser does not check, so
    this is tested on the parser that an ASGI server or another front end would feed.
    """
    from config.uploads import UploadTooBig

    request = HttpRequest()
    request.upload_handlers = [
        uploadhandler.load_handler(path, request) for path in settings.FILE_UPLOAD_HANDLERS
    ]
    body = MultipartBody(200 * MB)
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(declared),
    }
    parser = MultiPartParser(meta, body, request.upload_handlers)
    with pytest.raises(UploadTooBig):
        parser.parse()
    assert body.position < settings.UPLOAD_MAX_SIZE + MB, "read far past the limit"
    assert len(temporary_files) == (declared > settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    assert list(upload_dir.iterdir()) == [], "a partial upload was left on disk"


@pytest.mark.django_db
def test_the_case_library_import_still_takes_a_large_file_under_the_limit(client, upload_dir):
    """The biggest real upload: a case file of several MB, written to a temporary file."""
    from planner.cases.models import Case
    from planner.cases.transfer import rows_to_csv
    from tests.planner.cases.test_import import _row

    admin = UserFactory(email="root@planner.test", organisation=None, is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    rows = [_row(f"case-{n}", lessons="Agree the cost split early. " * 200) for n in range(900)]
    content = rows_to_csv(rows).encode()
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < len(content) < 10 * MB
    response = client.post(
        "/admin/cases/case/import/",
        {"file": SimpleUploadedFile("cases.csv", content), "dry_run": "on"},
    )
    assert response.status_code == 200
    assert "Would import: 900 created" in response.content.decode()
    assert Case.objects.count() == 0
