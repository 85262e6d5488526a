"""``Result`` tables: feasibility and rank columns in CSV, pandas and Parquet."""

from __future__ import annotations

import csv

import numpy as np
import pytest

import paretix


@pytest.fixture(scope="module")
def result():
    problem = paretix.problems.get("c2dtlz2")  # 11 of 20 infeasible, 15 ranks, 3 in the result set
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=20), ("n_gen", 5), seed=1)
    assert 0 < (res.pop.CV > 0).sum() < len(res.pop) and len(res.F) > 1
    return res


def _expected(res, which):
    src = res if which == "opt" else res.pop
    rank = paretix.pareto_rank(np.asarray(src.F), cv=np.asarray(src.CV))
    return np.asarray(src.CV) <= 0, rank


@pytest.mark.parametrize("which", ["opt", "pop"])
def test_csv_has_feasible_and_rank(result, tmp_path, which):
    path = tmp_path / "t.csv"
    result.to_csv(path, which=which)
    with open(path) as fh:
        rows = list(csv.DictReader(fh))
    feasible, rank = _expected(result, which)
    assert [r["feasible"] == "True" for r in rows] == feasible.tolist()
    assert [int(r["rank"]) for r in rows] == rank.tolist()


@pytest.mark.parametrize("which", ["opt", "pop"])
def test_parquet_round_trip(result, tmp_path, which):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "t.parquet"
    result.to_parquet(path, which=which)
    table = pq.read_table(path)
    src = result if which == "opt" else result.pop
    assert table.column_names[-3:] == ["cv", "feasible", "rank"]
    assert str(table.schema.field("feasible").type) == "bool" and str(table.schema.field("rank").type) == "int64"
    np.testing.assert_array_equal(np.column_stack([table[f"f{j}"].to_numpy() for j in (1, 2, 3)]), src.F)
    np.testing.assert_array_equal(table["x7"].to_numpy(), src.X[:, 6])
    feasible, rank = _expected(result, which)
    assert table["feasible"].to_pylist() == feasible.tolist() and table["rank"].to_pylist() == rank.tolist()
    meta = table.schema.metadata
    assert meta[b"paretix.problem"] == b"C2DTLZ2" and meta[b"paretix.which"] == which.encode()


def test_pandas_columns(result):
    pd = pytest.importorskip("pandas")
    df = result.to_pandas("pop")
    assert isinstance(df, pd.DataFrame) and df["feasible"].dtype == bool and df["rank"].dtype == np.int64
    assert len(df) == len(result.pop)


def test_export_rejects_unknown_which(result, tmp_path):
    with pytest.raises(ValueError, match="which must be 'opt'"):
        result.to_parquet(tmp_path / "x.parquet", which="all")
