"""Request size: a body over REQUEST_MAX_BYTES is refused with 413 before it is read or parsed.

(The zip-bomb and per-file limits of the workbook reader are in test_xlsx_reading.py and
test_import_pages.py; this is the limit in front of every view.)
"""

import io

import pytest
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.base import BaseHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from reports.models import StagedImport
from tests.spreadsheets import xlsx
from tests.test_import_values import HEADER, row, snapshot

LIMIT = 64 * 1024


class Untouchable(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class Counted(io.BytesIO):
    """A request body that counts how much of it was read."""

    taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data


@pytest.fixture
def small_limit(settings):
    settings.REQUEST_MAX_BYTES = LIMIT


def test_the_limit_is_above_the_import_limit_by_default(settings):
    assert settings.REQUEST_MAX_BYTES > settings.IMPORT_MAX_UPLOAD_BYTES


def test_an_upload_declared_over_the_limit_is_refused_with_413_and_never_read(world, client, small_limit):
    client.force_login(world.reviewer)
    before = snapshot()
    response = client.post(
        "/imports/",
        {"plan": "binhdinh-130", "status": "draft", "file": io.BytesIO(b"PK" + bytes(3 * LIMIT))},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Tệp gửi lên quá lớn" in page
    assert "Dữ liệu gửi lên là 200,0\xa0MB, vượt giới hạn 64,0\xa0KB nên không được đọc." in page
    assert "Chưa có gì được lưu." in page
    assert not StagedImport.objects.exists()
    assert snapshot() == before


def test_the_refusal_speaks_the_visitors_language(world, client, small_limit):
    response = client.post(
        "/imports/",
        {"file": io.BytesIO(bytes(2 * LIMIT))},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()


def test_a_real_upload_over_the_limit_is_refused_before_the_view_sees_it(world, client, small_limit):
    client.force_login(world.reviewer)
    before = snapshot()
    content = xlsx([HEADER] + [row("BD-D1-G1", members=str(n)) for n in range(3000)])
    assert len(content) > LIMIT
    response = client.post("/imports/", {"plan": "binhdinh-130", "status": "draft", "file": io.BytesIO(content)})
    assert response.status_code == 413
    assert not StagedImport.objects.exists() and snapshot() == before
    small = client.post(
        "/imports/", {"plan": "binhdinh-130", "status": "draft", "file": io.BytesIO(xlsx([HEADER, row("BD-D1-G1")]))}
    )
    assert small.status_code == 302  # under the limit: on to the preview
    assert StagedImport.objects.count() == 1


def test_a_body_without_a_length_is_not_read_at_all_under_wsgi(world, client, small_limit):
    """A chunked upload declares no length: Django's WSGI request reads none of its body."""
    client.force_login(world.reviewer)
    response = client.post(
        "/imports/",
        {"plan": "binhdinh-130", "status": "draft", "file": io.BytesIO(bytes(40 * LIMIT))},
        CONTENT_LENGTH="",
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 200
    assert "file" in response.context["upload_form"].errors  # the view saw no file
    assert not StagedImport.objects.exists()


def test_a_body_without_a_length_is_not_parsed_under_asgi(world, client, small_limit):
    """Under ASGI the server hands the whole body over, but the multipart parser reads nothing
    without a Content-Length: the upload never reaches a temporary file or the view."""
    body = encode_multipart(BOUNDARY, {"plan": "binhdinh-130", "file": io.BytesIO(bytes(40 * LIMIT))})
    stream = Counted(body)
    client.force_login(world.reviewer)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/imports/",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", MULTIPART_CONTENT.encode()), (b"cookie", cookie)],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
    }
    request = ASGIRequest(scope, stream)
    assert "CONTENT_LENGTH" not in request.META
    request._dont_enforce_csrf_checks = True  # as the test client does: the import view reads the upload
    handler = BaseHandler()
    handler.load_middleware()

    response = handler.get_response(request)

    assert response.status_code == 200
    assert request.FILES == {} and stream.taken == 0
    assert not StagedImport.objects.exists()
