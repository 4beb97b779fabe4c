"""How long the rich-text sanitiser takes on 1 MB of the worst input we know of.

    .venv/bin/python bench/sanitiser.py [--size 1000000] [--runs 3]

Each shape of input is cleaned by decisions.richtext.sanitise (the best of --runs) twice:

- "within the limits": as much of the shape as a section may hold (at most MAX_ELEMENTS
  elements, nested at most MAX_NESTING deep), its text lengthened until it fills --size. The
  worst of these lines is the figure that matters: the form refuses anything beyond the limits
  (and anything over 500 KB) before cleaning it, so no request costs more.
- "no limits": the shape itself cut to --size, with nothing in its way (a direct call, as an
  import might make).

Needs no database.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shapes() -> dict:
    """Each shape, written n times over with `text` where it holds text."""
    return {
        "nested <div>s": lambda n, text="Deep": "<div>" * n + text + "</div>" * n,
        "nested lists": lambda n, text="Item": f"<ul><li>{text}" * n + "</li></ul>" * n,
        "many attributes": lambda n, text="x": (
            "<p " + " ".join(f"a{i}=x" for i in range(n)) + f">{text}</p>"
        ),
        "many tiny paragraphs": lambda n, text="x": f"<p>{text}</p>" * n,
        "many tiny inline elements": lambda n, text="x": "<p>" + f"<em>{text}</em>" * n + "</p>",
        "bold left open in each paragraph": lambda n, text="x": "".join(
            f'<p><b id="b{i}">{text}</p>' for i in range(n)
        ),
        "nested tables": lambda n, text="x": "<table><tr><td>" * n + text,
        "Word-style paragraphs": lambda n, text="The PADS contract <b>ends</b> on 31 March.": (
            (
                '<p class=MsoNormal style="margin-bottom:0cm;line-height:normal"><span '
                f'style="font-family:Arial">{text}'
                "</span><o:p></o:p></p>\n"
            )
            * n
        ),
    }


def _smallest(fits, start: int = 1) -> int:
    """The smallest n >= start for which fits(n) is true (fits is false, then true)."""
    n = start
    while not fits(n):
        n *= 2
    low, high = max(start, n // 2), n
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def sized(shape, size: int) -> str:
    """The shape cut to `size` characters."""
    return shape(_smallest(lambda n: len(shape(n)) >= size))[:size]


def within_limits(shape, size: int) -> str:
    """As many repeats of the shape as a section may hold, their text lengthened to `size`."""
    from decisions import richtext
    from decisions.richtext import limits

    def beyond(n: int) -> bool:
        html = shape(n)
        return (
            len(html) >= size
            or len(limits._START_TAG.findall(html)) > richtext.MAX_ELEMENTS
            or limits._bound_nesting(html, richtext.MAX_NESTING)[1] > richtext.MAX_NESTING
        )

    n = max(1, _smallest(beyond) - 1)
    words = _smallest(lambda k: len(shape(n, "Words " * k)) >= size)
    return shape(n, "Words " * words)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from decisions.richtext import sanitise

    def best_of_runs(html: str) -> float:
        best = float("inf")
        for _ in range(options.runs):
            started = time.perf_counter()
            sanitise(html)
            best = min(best, time.perf_counter() - started)
        return best

    for title, make in (("within the limits", within_limits), ("no limits", sized)):
        print(f"{title}:")
        worst = 0.0
        for name, shape in shapes().items():
            html = make(shape, options.size)
            best = best_of_runs(html)
            worst = max(worst, best)
            print(f"  {name:<34} {len(html) / 1e6:.1f} MB  {best:6.3f} s", flush=True)
        print(f"  {'worst, ' + title:<34} {options.size / 1e6:.1f} MB  {worst:6.3f} s")


if __name__ == "__main__":
    main()
