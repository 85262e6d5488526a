"""``paretix.plot``: what each plot draws, and the errors for arrays of the wrong shape."""

from __future__ import annotations

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib")

from paretix import plot  # noqa: E402
from paretix.desirability import DMax, DMin, DOverall  # noqa: E402

RNG = np.random.default_rng(0)


def _offsets(ax):
    return [c.get_offsets() for c in ax.collections]


def test_front_2d_groups_and_reference(tmp_path):
    F = RNG.random((50, 2))
    feasible = np.arange(50) % 5 != 0
    ref = np.column_stack([np.linspace(0, 1, 30), 1 - np.linspace(0, 1, 30)])
    fig = plot.pareto_front(F, feasible=feasible, reference=ref, chosen=F[:2], title="t")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "true front" and labels[-1] == "chosen"
    assert "infeasible (10)" in labels and any(t.startswith("result set (") for t in labels)
    n = sum(int(t.split("(")[1].rstrip(")")) for t in labels if "(" in t)
    assert n == 50
    assert len(ax.lines) == 1  # a gap-free 2-D front is a line
    fig.savefig(tmp_path / "f.png")
    assert (tmp_path / "f.png").stat().st_size > 5000


def test_front_with_gaps_is_drawn_as_dots():
    ref = np.concatenate([np.linspace(0, 0.2, 20), np.linspace(0.8, 1, 20)])
    ref = np.column_stack([ref, 1 - ref])
    fig = plot.pareto_front(RNG.random((10, 2)), reference=ref)
    assert not fig.axes[0].lines


def test_front_3d_and_pairwise():
    fig = plot.pareto_front(RNG.random((40, 3)))
    assert fig.axes[0].name == "3d"
    fig = plot.pareto_front(RNG.random((40, 5)), reference=RNG.random((30, 5)))
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 15  # lower triangle with the diagonal
    fig = plot.pareto_front(RNG.random((10, 12)), title="many")
    assert sum(ax.axison for ax in fig.axes) == 55 and "first 10 of 12" in fig._suptitle.get_text()


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(F=np.zeros((3, 1))), "at least 2 objectives"),
    (dict(F=np.zeros((3, 2)), feasible=[True]), "feasible must have one entry per point"),
    (dict(F=np.zeros((3, 2)), reference=np.zeros((4, 3))), "reference must have 2 columns"),
    (dict(F=np.zeros((2, 2, 2))), "F must be a 2-D array"),
])
def test_front_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot.pareto_front(kwargs.pop("F"), **kwargs)


def test_parallel_coordinates_scales_each_axis_and_marks_chosen():
    V = np.column_stack([RNG.random(30), 1000 * RNG.random(30), -RNG.random(30)])
    fig = plot.parallel_coordinates(V, names=["a", "b", "c"], chosen=[3, 7])
    ax = fig.axes[0]
    segs = ax.collections[0].get_segments()
    assert len(segs) == 30
    ys = np.array([s[:, 1] for s in segs])
    assert ys.min() == pytest.approx(0) and ys.max() == pytest.approx(1)
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("chosen")]
    assert sorted(int(n) for t in labels for n in t[len("chosen "):].split(", ")) == [1, 2]
    fig = plot.parallel_coordinates(RNG.random((3000, 40)), max_lines=500)
    assert len(fig.axes[0].collections[0].get_segments()) == 500
    assert "first 30 of 40 columns" in fig.axes[0].get_title() and "500 of 3000 rows" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="color_by must have one value per row"):
        plot.parallel_coordinates(V, color_by=[1, 2])


def test_convergence_panels():
    x = np.arange(1, 11) * 100
    cv = np.array([3, 2, 1, 0.5, 0, 0, 0, 0, 0, 0.0])
    hv = np.where(cv > 0, np.nan, np.linspace(0, 1, 10))
    fig = plot.convergence(x, hv=hv, igd=np.where(cv > 0, np.nan, 1 / x), cv_min=cv)
    assert len(fig.axes) == 3 and fig.axes[1].get_yscale() == "log" and fig.axes[2].get_yscale() == "log"
    assert any("first feasible at 500" in t.get_text() for t in fig.axes[2].texts)
    fig = plot.convergence(x, hv=np.linspace(0, 1, 10), cv_min=np.zeros(10))  # no CV panel when always feasible
    assert len(fig.axes) == 1
    with pytest.raises(ValueError, match="nothing to draw"):
        plot.convergence(x, cv_min=np.zeros(10))
    with pytest.raises(ValueError, match="hv must have one value per entry"):
        plot.convergence(x, hv=[1.0])


def test_desirability_marks_chosen():
    overall = DOverall(DMin(0, 1), DMax(0, 10))
    Y = np.column_stack([RNG.random(20), 10 * RNG.random(20)])
    fig = plot.desirability(overall, Y, chosen=[4, 1], names=["cost", "gain"])
    assert len(fig.axes) == 2
    stars = fig.axes[0].collections[-1].get_offsets()
    np.testing.assert_allclose(np.asarray(stars)[:, 0], Y[[4, 1], 0])
    D = overall.predict(Y[[4, 1]])
    assert f"1: D = {D[0]:.3f}" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match=r"responses must have shape \(n, 2\)"):
        plot.desirability(overall, Y[:, :1])
