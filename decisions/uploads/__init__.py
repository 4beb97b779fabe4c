"""Checks on the files officers attach to decision notes as appendices.

Appendices are published, so a file is judged by what it contains, never by its name or
the content type the browser sent: an .exe renamed "report.pdf" is refused, and a Word
document saved as "report.pdf" is accepted as Word and stored as "report.docx".

Use it in the form or service that takes the upload::

    kind = check_appendix(upload)  # raises ValidationError with a message for the officer
    upload.name = safe_appendix_name(upload.name, kind)
    warnings = pdf_warnings(upload) if kind == AppendixType.PDF else []
    appendix.file.save(upload.name, upload, save=False)

Everything here works on Django's InMemoryUploadedFile and TemporaryUploadedFile (and on
any seekable binary file) without copying the whole file into memory, and leaves the file
at position 0 so it can be saved through the storage API straight afterwards.

Django has already received the whole request by the time these checks run: the web
server's request body limit is what stops a 2 GB upload being received at all.
"""

from decisions.uploads.checks import check_appendix, safe_appendix_name
from decisions.uploads.pdf_contents import (
    EMBEDDED_FILE_WARNING,
    JAVASCRIPT_WARNING,
    LAUNCH_WARNING,
    OPEN_ACTION_JAVASCRIPT_WARNING,
    UNCHECKED_WARNING,
    pdf_warnings,
)
from decisions.uploads.reading import MAX_APPENDIX_SIZE, MB, AppendixType

# The rooms: what is accepted and how a file is read (reading), what a file is (checks) and
# what a PDF holds that readers should be warned of (pdf_contents).
__all__ = [
    "EMBEDDED_FILE_WARNING",
    "JAVASCRIPT_WARNING",
    "LAUNCH_WARNING",
    "MAX_APPENDIX_SIZE",
    "MB",
    "OPEN_ACTION_JAVASCRIPT_WARNING",
    "UNCHECKED_WARNING",
    "AppendixType",
    "check_appendix",
    "pdf_warnings",
    "safe_appendix_name",
]
