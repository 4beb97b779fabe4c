"""CSV files a spreadsheet will open safely: every CSV the product writes goes through here.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula (and treats a
leading tab or carriage return the same way), so a title typed as '=HYPERLINK("http://…")'
would become a live link, or worse, in the office's copy of Excel. Such a cell is written with
a leading apostrophe, which spreadsheets show as text and do not print.

One exception, and one rule for every file: a cell that is wholly a number ("-1271.50", a
credit) is left as it is. A spreadsheet reads it as the number, nothing in it can run, and the
sum of the column stays right.
"""

import csv
import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def cell(value) -> str:
    """`value` as a CSV cell no spreadsheet will run as a formula; None is an empty cell."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class Writer:
    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **options) -> Writer:
    """A csv.writer whose every cell goes through `cell`."""
    return Writer(file, **options)
