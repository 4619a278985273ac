"""The shape of every data table: one spec drives CSV validation and the SQL store.

Each :class:`TableSpec` lists its columns with type, nullability and allowed
values, and its natural key. From it come the pandera schema that checks a
CSV file and the SQLAlchemy table that stores it, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandera.pandas as pa
import sqlalchemy as sa

YEAR_MIN, YEAR_MAX = 1990, 2100
# A staffing period: a phase of the ``phases`` table (``phase2``), phases taken together
# (``phase1_2``: phases 1 and 2), the staff in post before the plan (``baseline``), or one
# year (``y2019``). Which phases exist is data: validation checks each number against
# ``phases.csv`` (see :mod:`safetynet.phases`).
PERIOD_REGEX = r"^(phase[1-9][0-9]*(_[1-9][0-9]*)*|baseline|y[0-9]{4})$"
STAFF_MEASURES = ("approved", "hired", "vacant", "new", "existing", "required")
# by_target_year: reach ``target`` by ``target_year``; every_year: ``target`` holds in every
# year; relative_to_previous: each year's target is the previous year's actual moved by
# ``target`` percent in the indicator's direction (5, down = 5 % below last year's actual).
TARGET_RULES = ("by_target_year", "every_year", "relative_to_previous")
STAFF_TOTAL_MEASURES = (
    "approved",
    "hired",
    "vacant",
    "new",
    "approved_total",
    "cumulative",
    "new_total",
)


@dataclass(frozen=True)
class Col:
    """One column: its type (``str``, ``int`` or ``float``) and the rules it obeys."""

    name: str
    dtype: str = "str"
    nullable: bool = False
    isin: Sequence[str] | None = None
    ge: float | None = None
    le: float | None = None
    regex: str | None = None

    def checks(self) -> list[pa.Check]:
        checks: list[pa.Check] = []
        if self.isin is not None:
            checks.append(pa.Check.isin(list(self.isin)))
        if self.ge is not None:
            checks.append(pa.Check.ge(self.ge))
        if self.le is not None:
            checks.append(pa.Check.le(self.le))
        if self.regex is not None:
            checks.append(pa.Check.str_matches(self.regex))
        return checks


SOURCE = Col("source", regex=r"^\S+\.txt · .+")
# Tables of the programme's phases also cite a published document outside the two
# decks by its dated title (the Executive Yuan's news of the 2.0 plan's approval):
# ``<publisher>（YYYY-MM-DD，<title>）· <part>``.
PUBLISHED_SOURCE = Col("source", regex=r"^(\S+\.txt|\S[^·]*（\d{4}-\d{2}-\d{2}[^·]*）) · .+")
# Rows a user enters cite their own document (``<document> · <part>``); when a
# user leaves the citation empty, or changes a figure but keeps the citation it
# came with, the store stamps ``編修：<editor> · <YYYY-MM-DD>`` instead
# (see :mod:`safetynet.editing.plans`). Shipped rows must cite a seed file.
USER_SOURCE_REGEX = r"^\S.* · .+"
NOTE = Col("note", nullable=True)
YEAR = Col("year", "int", ge=YEAR_MIN, le=YEAR_MAX)
TOWN_CODE = Col("town_code", regex=r"^\d{8}$")
PHASE = Col("phase", "int", ge=1, le=99)  # a phase of the ``phases`` table
SLUG = r"^[a-z0-9_]+$"
# Population rows (rates per 10,000 residents in the case analysis): ages and sexes.
POPULATION_AGE_MAX = 120
POPULATION_SEXES = ("M", "F")


@dataclass(frozen=True)
class TableSpec:
    """A data table: its file name stem, columns and natural key."""

    name: str
    columns: tuple[Col, ...]
    key: tuple[str, ...]
    description: str = ""
    _by_name: dict[str, Col] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def col(self, name: str) -> Col:
        return self._by_name[name]

    def pandera_schema(self, user: bool = False) -> pa.DataFrameSchema:
        """The pandera schema that checks one city's CSV of this table.

        ``user=True`` gives the schema for rows a user enters: the same rules,
        except that ``source`` may cite any document, not only a seed file.
        """
        types = {"str": str, "int": "Int64", "float": float}
        columns = [
            Col(c.name, regex=USER_SOURCE_REGEX) if user and c.name == "source" else c
            for c in self.columns
        ]
        return pa.DataFrameSchema(
            {
                c.name: pa.Column(
                    types[c.dtype],
                    checks=c.checks(),
                    nullable=c.nullable,
                    coerce=True,
                )
                for c in columns
            },
            strict=True,
            ordered=False,
            unique=list(self.key),
            report_duplicates="all",
            name=self.name,
        )


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "phases",
            (
                PHASE,
                Col("name_zh"),
                Col("name_en"),
                Col("year_from", "int", ge=YEAR_MIN, le=YEAR_MAX),
                Col("year_to", "int", ge=YEAR_MIN, le=YEAR_MAX),
                PUBLISHED_SOURCE,
                NOTE,
            ),
            key=("phase",),
            description="計畫期程 / programme phases",
        ),
        TableSpec(
            "phase_national_figures",
            (
                PHASE,
                Col("figure_id", regex=SLUG),
                Col("label_zh"),
                Col("label_en"),
                # empty: a named item with no figure (one of the phase's strategies)
                Col("value", "float", nullable=True, ge=0),
                Col("unit", nullable=True),
                Col("unit_en", nullable=True),
                Col("year", "int", nullable=True, ge=YEAR_MIN, le=YEAR_MAX),
                PUBLISHED_SOURCE,
                NOTE,
            ),
            key=("phase", "figure_id"),
            description="全國計畫數據（非本市目標）/ national figures of a phase (not the city's)",
        ),
        TableSpec(
            "districts",
            (TOWN_CODE, Col("name_zh"), Col("name_en"), SOURCE, NOTE),
            key=("town_code",),
            description="行政區 / districts",
        ),
        TableSpec(
            "centres",
            (Col("centre_id", regex=SLUG), Col("name_zh"), Col("name_en"), SOURCE, NOTE),
            key=("centre_id",),
            description="社會福利服務中心 / social-welfare service centres",
        ),
        TableSpec(
            "precincts",
            (Col("precinct_id", regex=SLUG), Col("name_zh"), Col("name_en"), SOURCE, NOTE),
            key=("precinct_id",),
            description="警察分局 / police precincts",
        ),
        TableSpec(
            "district_centres",
            (TOWN_CODE, Col("centre_id", regex=SLUG), SOURCE, NOTE),
            key=("town_code", "centre_id"),
            description="行政區↔社福中心 / district–centre relation",
        ),
        TableSpec(
            "district_precincts",
            (TOWN_CODE, Col("precinct_id", regex=SLUG), SOURCE, NOTE),
            key=("town_code", "precinct_id"),
            description="行政區↔警察分局 / district–precinct relation",
        ),
        TableSpec(
            "referrals",
            (
                YEAR,
                Col("referral_type", regex=SLUG),
                Col("type_zh"),
                Col("type_en"),
                Col("reporter", nullable=True),
                Col("count", "int", ge=0),
                Col("unit"),
                Col("unit_en"),
                SOURCE,
                NOTE,
            ),
            key=("year", "referral_type", "reporter"),
            description="通報 / referrals",
        ),
        TableSpec(
            "risk_shares",
            (
                YEAR,
                Col("risk_type", regex=SLUG),
                Col("type_zh"),
                Col("type_en"),
                Col("share_pct", "float", ge=0, le=100),
                SOURCE,
                NOTE,
            ),
            key=("year", "risk_type"),
            description="脆弱家庭風險類型比例 / risk-type shares",
        ),
        TableSpec(
            "outcomes",
            (
                Col("metric", regex=SLUG),
                Col("label_zh"),
                Col("label_en"),
                Col("year", "int", nullable=True, ge=YEAR_MIN, le=YEAR_MAX),
                Col("year_to", "int", nullable=True, ge=YEAR_MIN, le=YEAR_MAX),
                # empty when the figure has no year
                Col("year_basis", nullable=True, isin=("calendar", "school")),
                Col("value", "float"),
                Col("unit", nullable=True),
                Col("unit_en", nullable=True),
                SOURCE,
                NOTE,
            ),
            key=("metric", "year"),
            description="服務成果與單一數值 / service outcomes and single figures",
        ),
        TableSpec(
            "staffing",
            (
                Col("agency_zh"),
                Col("agency_en"),
                Col("period", regex=PERIOD_REGEX),
                Col("year_from", "int", ge=YEAR_MIN, le=YEAR_MAX),
                Col("year_to", "int", ge=YEAR_MIN, le=YEAR_MAX),
                Col("measure", isin=STAFF_MEASURES),
                Col("posts", "int", ge=0),
                SOURCE,
                NOTE,
            ),
            key=("agency_zh", "period", "measure"),
            description="人力 / staffing posts",
        ),
        TableSpec(
            "staffing_totals",
            (
                # empty agency: the total over the city's agencies (the 合計 row or column)
                Col("agency_zh", nullable=True),
                Col("agency_en", nullable=True),
                Col("period", regex=PERIOD_REGEX),
                Col("year_from", "int", ge=YEAR_MIN, le=YEAR_MAX),
                Col("year_to", "int", ge=YEAR_MIN, le=YEAR_MAX),
                Col("measure", isin=STAFF_TOTAL_MEASURES),
                Col("posts", "int", ge=0),
                SOURCE,
                NOTE,
            ),
            key=("agency_zh", "period", "measure"),
            description="人力合計（原文印出）/ staffing totals as printed",
        ),
        TableSpec(
            "indicators",
            (
                Col("indicator_id", regex=SLUG),
                PHASE,
                Col("strategy", "int", ge=1, le=4),
                Col("agency_zh", nullable=True),
                Col("agency_en", nullable=True),
                Col("name_zh"),
                Col("name_en"),
                Col("unit"),
                Col("unit_en"),
                Col("direction", isin=("up", "down")),
                Col("target_rule", isin=TARGET_RULES),
                Col("baseline", "float", nullable=True),
                Col("baseline_year", "int", nullable=True, ge=YEAR_MIN, le=YEAR_MAX),
                Col("target", "float"),
                Col("target_year", "int", nullable=True, ge=YEAR_MIN, le=YEAR_MAX),
                SOURCE,
                NOTE,
            ),
            key=("indicator_id",),
            description="績效指標 / performance indicators",
        ),
        TableSpec(
            "indicator_targets",
            (Col("indicator_id", regex=SLUG), YEAR, Col("target", "float"), SOURCE, NOTE),
            key=("indicator_id", "year"),
            description="指標年度目標（原文所載）/ yearly targets as printed",
        ),
        TableSpec(
            "indicator_actuals",
            (
                Col("indicator_id", regex=SLUG),
                YEAR,
                Col("year_basis", isin=("calendar", "school")),
                Col("value", "float"),
                SOURCE,
                NOTE,
            ),
            key=("indicator_id", "year"),
            description="指標實績 / indicator actuals",
        ),
        TableSpec(
            "indicator_definitions",
            (
                Col("indicator_id", regex=SLUG),
                Col("definition_zh"),
                Col("definition_en"),
                SOURCE,
                NOTE,
            ),
            key=("indicator_id",),
            description="指標定義（原文用語）/ indicator definitions as the source words them",
        ),
        TableSpec(
            "network_agencies",
            (
                PHASE,
                Col("strategy", "int", ge=1, le=4),
                Col("agency_zh"),
                Col("agency_en"),
                SOURCE,
                NOTE,
            ),
            key=("phase", "strategy", "agency_zh"),
            description="策略網絡單位 / network agencies of a strategy",
        ),
        TableSpec(
            "population",
            (
                TOWN_CODE,
                YEAR,
                # both empty: all ages; age_to empty: an open end (65+)
                Col("age_from", "int", nullable=True, ge=0, le=POPULATION_AGE_MAX),
                Col("age_to", "int", nullable=True, ge=0, le=POPULATION_AGE_MAX),
                Col("sex", nullable=True, isin=POPULATION_SEXES),  # empty: both sexes
                Col("count", "int", ge=0),
                SOURCE,
                NOTE,
            ),
            key=("town_code", "year", "age_from", "age_to", "sex"),
            description="人口（行政區、年、年齡、性別）/ residents by district, year, age and sex",
        ),
    )
}


def sql_table(spec: TableSpec, metadata: sa.MetaData) -> sa.Table:
    """The store's table for ``spec``: its columns plus bookkeeping columns.

    ``origin`` is ``shipped`` for rows loaded from ``data/`` and ``user`` for
    rows a user entered; a reload of shipped data only replaces shipped rows.
    ``version`` is the store revision that last wrote the row (two editors
    saving the same row notice each other through it). ``deleted`` marks a
    user row as a tombstone: the user deleted the shipped row with that key.
    ``base_hash`` is the hash of the shipped row a user row replaced, so a
    later release that changes that shipped row is noticed, not applied
    silently (see :meth:`safetynet.storage.store.Store.shadowed`). The index on
    (city, key columns, origin) makes a save's lookup of the rows it touches
    a seek, not a scan (Alembic revision 0003).
    """
    types = {"str": sa.Text, "int": sa.Integer, "float": sa.Float}
    columns = [
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("base_hash", sa.String(64), nullable=True),
    ]
    columns += [sa.Column(c.name, types[c.dtype](), nullable=c.nullable) for c in spec.columns]
    index = sa.Index(f"ix_{spec.name}_key", "city", *spec.key, "origin")
    return sa.Table(spec.name, metadata, *columns, index)
