"""The service-network map as a still picture for slides: drawn offline, no map tiles.

Districts are filled with their centre's colour (the colours of the map
page, :func:`safetynet.network.catchments.assign_colours`), catchments are outlined,
large districts are named, and the legend lists the centres. Drawn with
matplotlib in the theme's CJK font, so Chinese names never come out as boxes.
"""

from __future__ import annotations

import io

from safetynet.network.catchments import NO_DATA_COLOUR
from safetynet.network.relations import LAYERS, short_unit_names
from safetynet.network.service_map import ServiceMapData
from safetynet.theme import TEXT, matplotlib_rc

# Districts smaller than this share of the city's area are not named on the whole map
# (the dense core); districts under TINY_SHARE get a zoomed inset where all are named.
LABEL_MIN_SHARE = 0.02
TINY_SHARE = 0.003
MAP_WIDTH_IN = 12.3
MAP_HEIGHT_IN = 5.2
MAP_DPI = 200
# With this many tiny districts, a zoomed inset shows the city core.
INSET_MIN_DISTRICTS = 3


# Where a label may go around its district's label point (offsets in points), first the
# point itself; then the same at a smaller size. A label that fits nowhere without touching
# another or leaving its frame is left out (the legend and the inset name the rest).
LABEL_SIZES = (11, 9, 8)
LABEL_OFFSETS = ((0, 0), (0, 9), (0, -9), (14, 0), (-14, 0), (12, 9), (-12, -9), (12, -9), (-12, 9))
LABEL_GAP_PT = 1.5  # white space kept between two names


def _draw(ax, data: ServiceMapData, fill: list[str]) -> None:
    """Districts and catchment outlines on ``ax`` (labels come once the frame is final)."""
    data.districts.plot(ax=ax, color=fill, edgecolor="#FFFFFF", linewidth=0.6)
    data.catchments["centre"].boundary.plot(ax=ax, color="#1F1F1F", linewidth=1.3)
    ax.set_axis_off()
    ax.set_aspect(1 / _cos_mid_latitude(data))


def _label(ax, labelled, lang: str, placed: list) -> None:
    """Name the ``labelled`` districts on ``ax``, largest first, each where it overlaps no
    name already placed and stays inside the frame (see :data:`LABEL_OFFSETS`)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    gap = LABEL_GAP_PT * fig.dpi / 72
    for row in labelled.sort_values("area_km2", ascending=False).itertuples():
        name = (
            row.district.removesuffix("區")
            if lang == "zh"
            else row.district_en.removesuffix(" District")
        )
        for size in LABEL_SIZES:
            fitted = False
            for dx, dy in LABEL_OFFSETS:
                text = ax.annotate(
                    name,
                    (row.label_point.x, row.label_point.y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=size,
                    fontweight="bold",
                    color=TEXT,
                    path_effects=_halo(),
                    annotation_clip=False,
                )
                box = text.get_window_extent(renderer).expanded(1, 1).padded(gap)
                inside = (
                    frame.x0 <= box.x0
                    and box.x1 <= frame.x1
                    and frame.y0 <= box.y0
                    and box.y1 <= frame.y1
                )
                if inside and not any(box.overlaps(other) for other in placed):
                    placed.append(box)
                    fitted = True
                    break
                text.remove()
            if fitted:
                break


def label_problems(fig) -> list[str]:
    """District names that overlap each other or leave their map's frame, in a drawn
    figure (what the labelling avoids; the tests check it)."""
    renderer = fig.canvas.get_renderer()
    found, boxes = [], []
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        for text in ax.texts:  # the names (the axes' own tick labels are switched off)
            box = text.get_window_extent(renderer)
            if not (
                frame.x0 - 1 <= box.x0
                and box.x1 <= frame.x1 + 1
                and frame.y0 - 1 <= box.y0
                and box.y1 <= frame.y1 + 1
            ):
                found.append(f"outside its map: {text.get_text()!r}")
            boxes.append((text.get_text(), box))
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if w > 1 and h > 1:
                found.append(f"{a!r} overlaps {b!r}")
    return found


def service_map_png(data: ServiceMapData, lang: str, dpi: int = MAP_DPI) -> bytes:
    """PNG of the districts coloured by centre, with catchment outlines, labels and legend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with matplotlib.rc_context(matplotlib_rc()):
        fig = plt.figure(figsize=(MAP_WIDTH_IN, MAP_HEIGHT_IN), dpi=dpi)
        try:
            draw_service_map(fig, data, lang)
            buffer = io.BytesIO()
            fig.savefig(
                buffer,
                format="png",
                dpi=dpi,
                facecolor="#FFFFFF",
                bbox_inches="tight",
                pad_inches=0.1,
            )
        finally:
            plt.close(fig)
    return buffer.getvalue()


def draw_service_map(fig, data: ServiceMapData, lang: str) -> None:
    """The map on ``fig``: the whole city, an inset on the dense core when it has many
    tiny districts (every one named there), the centres' legend."""
    from matplotlib.patches import Patch, Rectangle

    layer = LAYERS["centre"]
    colours = data.colours["centre"]
    districts = data.districts
    fill = [colours.get(unit, NO_DATA_COLOUR) for unit in districts[layer.id_col]]
    total = float(districts["area_km2"].sum())
    small = districts["area_km2"] < LABEL_MIN_SHARE * total
    tiny = districts["area_km2"] < TINY_SHARE * total
    inset = int(tiny.sum()) >= INSET_MIN_DISTRICTS
    ax = fig.add_axes((0.3, 0.0, 0.32, 1.0) if inset else (0.0, 0.0, 0.62, 1.0))
    _draw(ax, data, fill)
    ax.set_anchor("E" if inset else "C")
    zoom = None
    if inset:
        zoom = fig.add_axes((0.0, 0.06, 0.3, 0.88))
        _draw(zoom, data, fill)
        minx, miny, maxx, maxy = districts[tiny].total_bounds
        pad = 0.6 * max(maxx - minx, maxy - miny)
        zoom.set_xlim(minx - pad, maxx + pad)
        zoom.set_ylim(miny - pad, maxy + pad)
        zoom.set_adjustable("box")
        zoom.set_axis_on()
        zoom.set_xticks([])
        zoom.set_yticks([])
        zoom.set_xlabel("")
        zoom.set_ylabel("")
        ax.add_patch(
            Rectangle(
                (minx - pad, miny - pad),
                maxx - minx + 2 * pad,
                maxy - miny + 2 * pad,
                fill=False,
                edgecolor=TEXT,
                linewidth=1.2,
                linestyle="--",
            )
        )
    names = short_unit_names(data.unit_names["centre"].set_index(layer.id_col)[f"name_{lang}"])
    handles = [
        Patch(facecolor=colours[u], edgecolor="#444444", label=names[u])
        for u in names.index
        if u in colours
    ]
    fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(0.63, 0.5),
        ncol=2 if len(handles) > 9 else 1,
        fontsize=14,
        frameon=False,
        title=_legend_title(lang),
        title_fontsize=16,
        alignment="left",
    )
    fig.canvas.draw()  # the frames' final size and limits, then the names
    placed: list = []
    if zoom is not None:
        _label(zoom, districts, lang, placed)  # the inset's names first: every one fits there
    _label(ax, districts[~small], lang, placed)


def _legend_title(lang: str) -> str:
    from safetynet.i18n import t

    return t("map.layer.centre", lang)


def _halo() -> list:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=3, foreground="#FFFFFF")]


def _cos_mid_latitude(data: ServiceMapData) -> float:
    """Lon/lat degrees are not square: scale by cos(latitude) so the city keeps its shape."""
    import math

    _, miny, _, maxy = data.bounds
    return math.cos(math.radians((miny + maxy) / 2))
