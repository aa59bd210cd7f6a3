"""A small builder of accessible SVG charts, drawn on the server.

Every chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>` (the desc
says in words what the chart shows, for screen readers and for anyone who cannot tell the
shapes apart), uses the GOV.UK colour palette (text and marks at least 4.5:1 against white),
inherits the page's font, and escapes every piece of text it is given.
"""

from xml.sax.saxutils import escape

BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
GREY = "#505a5f"
BLACK = "#0b0c0c"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"

_ATTRIBUTE = {'"': "&quot;", "'": "&apos;"}


def esc(text: str) -> str:
    """Escape text for an XML element or a double-quoted attribute."""
    return escape(text, _ATTRIBUTE)


def num(value: float) -> str:
    """Format a coordinate compactly (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(value: float) -> str:
    """Format a share as a whole percentage, e.g. 0.875 as "88%"."""
    return f"{round(value * 100)}%"


class Svg:
    """An SVG document built element by element."""

    def __init__(self, *, width: float, height: float, title: str, desc: str, id_prefix: str):
        self.width, self.height = width, height
        self._title, self._desc, self._id = title, desc, id_prefix
        self._parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        fill: str = BLACK,
        bold: bool = False,
        size: int = 14,
    ) -> None:
        """Add a line of text whose baseline starts (or ends, or centres) at (x, y)."""
        weight = ' font-weight="bold"' if bold else ""
        self._parts.append(
            f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" fill="{fill}" '
            f'font-size="{size}"{weight}>{esc(content)}</text>'
        )

    def rect(self, x: float, y: float, width: float, height: float, *, fill: str) -> None:
        """Add a filled rectangle."""
        self._parts.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(width, 0))}" '
            f'height="{num(height)}" fill="{fill}"/>'
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = BLACK,
        width: float = 1,
        dashed: bool = False,
    ) -> None:
        """Add a straight line."""
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        self._parts.append(
            f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
            f'stroke="{stroke}" stroke-width="{num(width)}"{dash}/>'
        )

    def circle(self, x: float, y: float, radius: float, *, fill: str) -> None:
        """Add a filled circle (a point estimate)."""
        self._parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(radius)}" fill="{fill}"/>')

    def render(self) -> str:
        """Return the document as a string, ready to put inline in an HTML page."""
        w, h = num(self.width), num(self.height)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{esc(self._id)}-title {esc(self._id)}-desc" '
            f'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'style="max-width: 100%; height: auto; font-family: inherit">'
            f'<title id="{esc(self._id)}-title">{esc(self._title)}</title>'
            f'<desc id="{esc(self._id)}-desc">{esc(self._desc)}</desc>'
            f'<rect width="{w}" height="{h}" fill="#ffffff"/>' + "".join(self._parts) + "</svg>"
        )
