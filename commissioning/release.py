"""The release a process runs: part of every cached page's key and ETag, so that a page
rendered by the previous release (older templates, older code, older static file names) is
never served by the next one."""

import hashlib
from pathlib import Path

# What a rendered page depends on besides the data: templates, the Python that builds their
# context, and the names collectstatic gave the static files.
SOURCES = ("templates", "commissioning", "contracts", "decisions")


def fingerprint(base_dir: Path, static_root: Path | None = None) -> str:
    """A short hash of the checkout's templates and code (and of the static manifest, where
    collectstatic wrote one). Reading a few hundred files takes milliseconds, once a process."""
    digest = hashlib.sha256()
    files = [
        path
        for source in SOURCES
        for path in (base_dir / source).rglob("*")
        if path.suffix in (".py", ".html", ".txt", ".xml") and "migrations" not in path.parts
    ]
    if static_root is not None:
        files.append(static_root / "staticfiles.json")
    for path in sorted(files):
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            continue
        digest.update(
            str(path.relative_to(base_dir) if path.is_relative_to(base_dir) else path.name).encode()
        )
        digest.update(data)
    return digest.hexdigest()[:16]
