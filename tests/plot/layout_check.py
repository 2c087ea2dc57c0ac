"""What collides on a drawn matplotlib figure: texts over texts, legend keys over texts, legends over plotting
areas, and texts cut off at the figure's edge. Used by tests/plot/test_plot.py (group `layout`).

The figure is drawn once with the Agg renderer while Text.draw is watched, so exactly the texts that reach the
image are checked (tick labels outside the view, empty or invisible texts are not drawn and not counted), each
with its window extent in pixels.
"""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from matplotlib.text import Text

# Extents that share less than this many pixels in either direction touch but do not collide (antialiased
# edges, a descender reaching the next line's box).
TOLERANCE = 1.0


class Element:
    """Something drawn, by its text and window extent: what the report of a collision names."""

    def __init__(self, kind, text, box, artist=None):
        self.kind, self.text, self.box, self.artist = kind, text, box, artist

    def describe(self):
        b = self.box
        return f"{self.kind} {self.text!r} at x {b.x0:.0f}-{b.x1:.0f}, y {b.y0:.0f}-{b.y1:.0f} px"


def draw_and_collect_texts(fig):
    """Draw the figure; the texts drawn, as Elements in drawing order, and the renderer."""
    drawn = []
    original = Text.draw

    def watched(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(Element("text", self.get_text(), self.get_window_extent(renderer), self))

    Text.draw = watched
    try:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
    finally:
        Text.draw = original
    return drawn, canvas.get_renderer()


def legends(fig):
    found = list(fig.legends)
    for ax in fig.axes:
        if ax.get_legend() is not None:
            found.append(ax.get_legend())
    return [lg for lg in found if lg.get_visible()]


def key_box(handle, renderer):
    """The window extent of a legend key as drawn. A marker-only key (no line) is one marker in the middle of
    the key's box, although Line2D's own extent spans the box's width plus the marker."""
    if isinstance(handle, Line2D) and handle.get_linestyle() in ("None", "", " ") and handle.get_marker():
        x, y = handle.get_transform().transform(np.column_stack([handle.get_xdata(), handle.get_ydata()])).mean(0)
        half = handle.get_markersize() * renderer.points_to_pixels(1.0) / 2
        return Bbox.from_extents(x - half, y - half, x + half, y + half)
    return handle.get_window_extent(renderer)


def legend_keys(fig, renderer):
    """The keys (line, marker, patch samples) of every legend, as Elements."""
    keys = []
    for lg in legends(fig):
        for handle, text in zip(lg.legend_handles if hasattr(lg, "legend_handles") else lg.legendHandles,
                                lg.get_texts()):
            if handle is None or not handle.get_visible():
                continue
            keys.append(Element("legend key of", text.get_text(), key_box(handle, renderer), handle))
    return keys


def overlap(a, b):
    """Width and height in pixels of the intersection of two boxes (<= 0 when apart)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


def collide(a, b):
    w, h = overlap(a, b)
    return w > TOLERANCE and h > TOLERANCE


def problems(fig):
    """Every collision on the figure, one sentence each (empty when the layout is clean)."""
    texts, renderer = draw_and_collect_texts(fig)
    out = []
    width, height = fig.bbox.width, fig.bbox.height
    for t in texts:
        b = t.box
        if b.x0 < -TOLERANCE or b.y0 < -TOLERANCE or b.x1 > width + TOLERANCE or b.y1 > height + TOLERANCE:
            out.append(f"{t.describe()} is cut off by the edge of the {width:.0f} x {height:.0f} px figure")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if not collide(a.box, b.box):
                continue
            if a.text == b.text and a.box.bounds == b.box.bounds:
                out.append(f"{a.describe()} is drawn twice, at the same place")
            else:
                w, h = overlap(a.box, b.box)
                out.append(f"{a.describe()} overlaps {b.describe()} ({w:.0f} x {h:.0f} px)")
    keys = legend_keys(fig, renderer)
    for k in keys:
        for t in texts:
            if collide(k.box, t.box):
                out.append(f"{k.describe()} overlaps {t.describe()}")
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if collide(a.box, b.box):
                out.append(f"{a.describe()} overlaps {b.describe()}")
    for lg in legends(fig):
        lb = lg.get_window_extent(renderer)
        for ax in fig.axes:
            if ax.get_visible() and ax.axison and collide(lb, ax.get_window_extent(renderer)):
                first = lg.get_texts()[0].get_text() if lg.get_texts() else ""
                title = ax.get_title() or ax.get_ylabel() or "an axes"
                out.append(f"the legend starting {first!r} lies over the plotting area of {title!r}")
    return out


def texts_of(fig, gid_prefix):
    """The drawn texts whose gid starts with gid_prefix (for checks of one plot's own labels)."""
    texts, _ = draw_and_collect_texts(fig)
    return [t for t in texts if (t.artist.get_gid() or "").startswith(gid_prefix)]



def whisker_boxes(ax, renderer):
    """The boxes of the error bars of an axes, in pixels: each vertical line of an interval (LineCollection) and
    each cap (a marker of a caps line), as drawn."""
    from matplotlib.collections import LineCollection
    boxes = []
    px = renderer.points_to_pixels(1.0)
    for coll in ax.collections:
        if not isinstance(coll, LineCollection):
            continue
        half = max(np.atleast_1d(coll.get_linewidths())) * px / 2
        for seg in coll.get_segments():
            xy = ax.transData.transform(seg)
            boxes.append(Bbox.from_extents(xy[:, 0].min() - half, xy[:, 1].min() - half,
                                           xy[:, 0].max() + half, xy[:, 1].max() + half))
    for line in ax.lines:
        if line.get_marker() not in ("_", "|") or line.get_linestyle() not in ("None", "", " "):
            continue
        half = line.get_markersize() * px / 2
        thick = max(line.get_markeredgewidth(), 1.0) * px / 2
        for x, y in ax.transData.transform(np.asarray(line.get_xydata(), float)):
            boxes.append(Bbox.from_extents(x - half, y - thick, x + half, y + thick))
    return boxes
