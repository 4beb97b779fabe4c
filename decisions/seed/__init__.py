"""The five published seed decision records, held as the product's own data.

Facts, names, dates and figures are those of the published records; the prose is condensed in
our own words. Figures that the records print as results (totals, unit costs, phased amounts)
are not held here: the product computes them.
"""
