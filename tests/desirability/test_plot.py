"""plot(): the right constant tails for every function and the non-informative line (spec 2.8)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from paretix.desirability import (
    DArb,
    DBox,
    DCategorical,
    DHarrington1,
    DHarrington2,
    DMax,
    DMin,
    DOverall,
    DTarget,
)


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install paretix\[plot\]"):
        DMax(0, 1).plot()
    with pytest.raises(ImportError, match=r"pip install paretix\[plot\]"):
        DOverall(DMax(0, 1)).plot()


@pytest.fixture
def plt():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _curve(ax):
    x, y = ax.lines[0].get_data()
    return np.asarray(x), np.asarray(y)


@pytest.mark.parametrize(
    ("fun", "left", "right"),
    [
        (DMax(0, 10), 0.0, 1.0),
        (DMin(0, 10), 1.0, 0.0),  # spot draws DMax's tails here (spec row 13)
        (DTarget(0, 4, 10), 0.0, 0.0),
        (DBox(0, 10), 0.0, 0.0),
        (DArb([0, 5, 10], [0.3, 1, 0.6]), 0.3, 0.6),
        (DMax(0, 10, tol=0.05), 0.05, 1.0),
    ],
)
def test_tails(plt, fun, left, right):
    ax = fun.plot()
    x, y = _curve(ax)
    lo, hi = fun._support()
    assert x[0] < lo and x[-1] > hi  # the tails are drawn
    assert np.all(y[x < lo] == left) and np.all(y[x > hi] == right)
    np.testing.assert_array_equal(y, fun.predict(x))


def test_dbox_jump_is_vertical(plt):
    x, y = _curve(DBox(0, 10).plot())
    i = np.flatnonzero(np.diff(y))[0]
    assert x[i + 1] - x[i] < 1e-12


@pytest.mark.parametrize("fun", [DMax(0, 10, scale=2), DTarget(55, 57.5, 60), DHarrington1(0, 0.1, 1, 0.9),
                                 DHarrington2(3, 7, 2), DArb([0, 1], [0, 1])])
def test_non_informative_line(plt, fun):
    ax = fun.plot()
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(dashed) == 1
    assert np.all(np.asarray(dashed[0].get_ydata()) == fun.missing)
    assert len(fun.plot(non_inform=False).lines) == 1


def test_harrington_ranges(plt):
    x, y = _curve(DHarrington2(3, 7, 2).plot())
    assert (x[0], x[-1]) == (-1.0, 11.0)  # R desire: [LSL - d, USL + d]
    assert y.max() == 1.0  # the midpoint is drawn exactly
    x, _ = _curve(DHarrington1(0, 0.1, 2, 0.9).plot(xlim=(-5, 5)))
    assert (x[0], x[-1]) == (-5.0, 5.0)


def test_overlay_and_kwargs(plt):
    ax = DMax(0, 10).plot(non_inform=False, color="red")
    assert DMin(0, 10).plot(ax, non_inform=False) is ax
    DTarget(0, 5, 10).plot(add=True, non_inform=False)
    assert len(ax.lines) == 3
    assert ax.lines[0].get_color() == "red"


def test_categorical_bars(plt):
    f = DCategorical({"a": 0.1, "b": 0.9, "c": 0.2})
    ax = f.plot()
    assert [p.get_height() for p in ax.patches] == [0.1, 0.9, 0.2]
    assert ax.lines[0].get_ydata()[0] == pytest.approx(0.4)


def test_overall_panels(plt):
    fig = DOverall(DMax(0, 1), DCategorical({"a": 0, "b": 1}), DTarget(0, 1, 2)).plot()
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["DMax", "DCategorical", "DTarget"]
