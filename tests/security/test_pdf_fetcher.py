"""WeasyPrint fetches nothing from the network, nor anything from disk but the product's own
static files, whatever a section's HTML asks for.

The section's HTML is written straight to the database, past the sanitiser that would strip
most of it: the fetcher is the last line of defence, and this proves it holds on its own. A
web server on 127.0.0.1 stands in for the outside world and records every request it gets; the
sockets refuse any other connection.
"""

import io
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from decisions import pdf
from decisions.models import Section
from tests.factories import decision

PADS = "SCP/D/202425/003"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def outside_world():
    """A local web server that answers every request with a small image or stylesheet and
    records the path asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            css = self.path.endswith(".css")
            body = b"body { color: red }" if css else PNG
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if css else "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    # The server works: a fetch that is not refused reaches it.
    with urllib.request.urlopen(f"{address}/check.png", timeout=5) as response:
        assert response.read() == PNG
    assert asked == ["/check.png"]
    asked.clear()
    yield address, asked
    server.shutdown()
    server.server_close()


def hostile_section(address: str) -> str:
    return f"""
<p>See the map and the figures.</p>
<img src="{address}/img.png" alt="Map">
<img src="http://example.invalid/x.png" alt="Elsewhere">
<img src="file:///etc/passwd" alt="Passwords">
<img src="file:///proc/self/environ" alt="Environment">
<img src="/static/../../../etc/passwd" alt="Climbing out of static">
<img srcset="{address}/srcset.png 2x" alt="Source set">
<link rel="stylesheet" href="{address}/linked.css">
<style>
  @import url("{address}/imported.css");
  @import "file:///etc/passwd";
  @font-face {{ font-family: Leak; src: url("{address}/font.woff"); }}
  p {{ background: url("{address}/background.png"); font-family: Leak; }}
  h2 {{ list-style-image: url("file:///etc/hostname"); }}
</style>
<p style="background-image: url('{address}/inline-style.png')">Styled</p>
<object data="{address}/object.png" type="image/png"></object>
<embed src="{address}/embed.png" type="image/png">
<iframe src="{address}/frame.html"></iframe>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10"
 height="10"><image href="{address}/svg.png" width="10" height="10"/>
 <image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>
<video poster="{address}/poster.png"></video>
"""


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("public", [False, True])
def test_a_record_fetches_nothing_but_its_own_static_files(
    outside_world, no_network, fetches, public
):
    address, asked = outside_world
    note = decision(PADS)
    Section.objects.filter(decision=note, key="background_papers").update(
        body=hostile_section(address)
    )

    text = pdf_text(pdf.render_record_pdf(note, draft=not public, public=public))

    assert asked == []  # the outside world heard nothing
    assert no_network == []  # and nothing tried to reach it another way
    assert "See the map and the figures." in text
    assert "root:" not in text
    refused = {url for url, result in fetches if result == "refused"}
    assert f"{address}/img.png" in refused
    assert "file:///etc/passwd" in refused
    assert "http://example.invalid/x.png" in refused
    allowed = [result for _, result in fetches if result != "refused"]
    # Only the product's own stylesheet (and the draft watermark, inline as data) was read.
    assert allowed and all(
        result.startswith("data:") or (result.startswith("file:") and "/static/" in result)
        for result in allowed
    ), allowed


def test_without_the_fetcher_the_test_would_see_the_fetch(outside_world, monkeypatch):
    """The check can fail: WeasyPrint's own fetcher, put back, reaches the server."""
    from weasyprint.urls import URLFetcher

    address, asked = outside_world
    monkeypatch.setattr(pdf, "_url_fetcher", lambda: URLFetcher())
    pdf._write_pdf(f'<p>Map</p><img src="{address}/img.png">')
    assert asked == ["/img.png"]
