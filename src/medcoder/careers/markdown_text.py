"""Job descriptions are written in Markdown by employers and shown as HTML: sanitised, always."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "a",
    "hr",
}


def render_description(source: str) -> str:
    """Markdown -> HTML with only harmless tags; raw HTML in the source is escaped or dropped."""
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_summary(source: str, length: int = 200) -> str:
    """The first words of a description with all markup removed, for result lists and feeds."""
    text = " ".join(nh3.clean(markdown.markdown(source), tags=set()).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
