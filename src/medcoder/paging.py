"""Page arithmetic shared by every paged list: coverage documents, PTP edits, job search."""


def page_count(total: int, page_size: int) -> int:
    """Pages `total` items fill at `page_size` a page: at least one, even when there are none."""
    return max(1, -(-total // page_size))
