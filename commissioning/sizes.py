"""Sizes as the product writes them to officers."""


def human_size(size: int) -> str:
    """'643 KB', '1.2 MB': binary units, as Windows Explorer shows them, rounded up so that
    something just over a limit never reads as the limit itself."""
    if size <= 1000 * 1024:
        return f"{-(-size // 1024)} KB"
    tenths = -(-size * 10 // (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth} MB"
