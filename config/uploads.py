"""Refuse oversized uploads before they are written to memory or disk.

DATA_UPLOAD_MAX_MEMORY_SIZE limits a form's text but not its files, so without this a
multipart post of any size, even an anonymous one to the sign-in page, is streamed to a
temporary file. `UploadLimitHandler` is the first upload handler (FILE_UPLOAD_HANDLERS), so it
sees every multipart request on every URL before Django's own handlers:

1. A request whose Content-Length is over UPLOAD_MAX_SIZE is refused before its body is read.
2. Otherwise file bytes are counted as they arrive, and once they pass the limit (the
   Content-Length lied, or a server passed on a body of unknown length) the partial
   temporary files are removed and the request is refused.

The refusal, `UploadTooBig`, is Django's RequestDataTooBig, so it ends in the 400 page
(config.security.bad_request). Views read the form before they write anything, so
nothing has been saved.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooBig(RequestDataTooBig):
    """A request carried more than UPLOAD_MAX_SIZE bytes of files."""


class UploadLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_SIZE
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limit:
            raise UploadTooBig(f"The request body is {content_length} bytes.")
        return None  # the other handlers parse it

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._discard_partial_files()
            raise UploadTooBig(f"More than {self.limit} bytes of files were sent.")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _discard_partial_files(self) -> None:
        # Django removes a temporary file when its upload is interrupted; the parser only
        # does so itself for files already complete.
        for handler in getattr(self.request, "upload_handlers", ()):
            if handler is not self:
                handler.upload_interrupted()
