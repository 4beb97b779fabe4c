"""How long the rich-text sanitiser takes on 1 MB of the worst input we know of.

    .venv/bin/python bench/sanitiser.py [--size 1000000] [--runs 3]

Each line is one shape of input, cut to --size characters, cleaned by decisions.richtext
.sanitise (the best of --runs). The form refuses a section over 500 KB before cleaning it; the
sanitiser itself is measured on twice that, with no limit in its way. Needs no database.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shapes() -> dict:
    """Each shape, written n times over."""
    return {
        "nested <div>s": lambda n: "<div>" * n + "Deep" + "</div>" * n,
        "nested lists": lambda n: "<ul><li>Item" * n + "</li></ul>" * n,
        "many attributes": lambda n: "<p " + " ".join(f"a{i}=x" for i in range(n)) + ">x</p>",
        "many tiny paragraphs": lambda n: "<p>x</p>" * n,
        "many tiny inline elements": lambda n: "<p>" + "<em>x</em>" * n + "</p>",
        "bold left open in each paragraph": lambda n: "".join(
            f'<p><b id="b{i}">x</p>' for i in range(n)
        ),
        "nested tables": lambda n: "<table><tr><td>" * n + "x",
        "Word-style paragraphs": lambda n: (
            (
                '<p class=MsoNormal style="margin-bottom:0cm;line-height:normal"><span '
                'style="font-family:Arial">The PADS contract <b>ends</b> on 31 March 2025.'
                "</span><o:p></o:p></p>\n"
            )
            * n
        ),
    }


def sized(shape, size: int) -> str:
    n = 1
    while len(shape(n)) < size:
        n *= 2
    low, high = n // 2, n
    while low < high:  # the smallest n that reaches the size
        middle = (low + high) // 2
        if len(shape(middle)) < size:
            low = middle + 1
        else:
            high = middle
    return shape(low)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from decisions.richtext import sanitise

    worst = 0.0
    for name, shape in shapes().items():
        html = sized(shape, options.size)
        best = float("inf")
        for _ in range(options.runs):
            started = time.perf_counter()
            sanitise(html)
            best = min(best, time.perf_counter() - started)
        worst = max(worst, best)
        print(f"{name:<34} {len(html) / 1e6:.1f} MB  {best:6.3f} s", flush=True)
    print(f"{'worst':<34} {options.size / 1e6:.1f} MB  {worst:6.3f} s")


if __name__ == "__main__":
    main()
