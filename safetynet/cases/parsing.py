"""From text cells to typed case rows, with every rule of the format checked.

Dates are accepted as the platform writes them: 民國 (``110/03/05``,
``110.03.05``, ``110-03-05``, ``1100305``, ``110年3月5日``) or western
(``2021/03/05``, ``2021-03-05``, ``20210305``, an Excel date cell), but one
column must use one style: a column mixing the two is refused (a bureau
whose export changed style mid-file has a problem worth seeing). Names of
districts, centres and categories match after NFKC and 台/臺; several risk
types in a cell are separated by 、 , ; or |, the main one first.

Everything is vectorised over the distinct values of a column, so a million
member rows check in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from safetynet.cases.checks import CaseProblem, problem_at
from safetynet.cases.format import (
    CASE_COLUMNS,
    LEVELS,
    MEMBER_COLUMNS,
    MULTI_SEPARATORS,
    NO,
    ROC_OFFSET,
    SEXES,
    YES,
    CaseColumn,
    load_vocabulary,
    match_key,
)
from safetynet.cases.privacy import looks_identifying
from safetynet.cases.reading import RawTable
from safetynet.cities import CITIES, get_city

# A referral, opening or closing before this is a typing error, not history.
EARLIEST_DATE = date(1990, 1, 1)
SHOWN_VALUES = 5

_Y, _M, _D = r"(?P<y>[0-9]{4})", r"(?P<m>[0-9]{1,2})", r"(?P<d>[0-9]{1,2})"
_RY = r"(?P<y>[0-9]{2,3})"
DATE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("roc", rf"^(?:民國)?{_RY}[/.\-年]{_M}[/.\-月]{_D}日?$"),
    ("roc", r"^(?P<y>[0-9]{2,3})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$"),
    ("western", rf"^(?:西元)?{_Y}[/.\-年]{_M}[/.\-月]{_D}日?(?:[ T][0-9:.]+)?$"),
    ("western", r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$"),
)
MONTH_PATTERNS: tuple[tuple[str, str], ...] = (
    ("roc", rf"^(?:民國)?{_RY}[/.\-年]{_M}月?$"),
    ("roc", r"^(?P<y>[0-9]{2,3})(?P<m>[0-9]{2})$"),
    ("western", rf"^(?:西元)?{_Y}[/.\-年]{_M}月?$"),
    ("western", r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})$"),
)
STYLE_CODE = {"roc": 1, "western": 2}


def quotable(values: list[str]) -> list[str]:
    """Values a message may quote: any that looks like an identifier is shown as ＊＊＊."""
    return [
        "＊＊＊" if hidden else value
        for value, hidden in zip(values, looks_identifying(values), strict=True)
    ]


def map_values(series: pd.Series, fn) -> np.ndarray:
    """``fn`` applied to each distinct non-blank value, spread back (object array, None for blank).

    Export columns hold few distinct values (38 districts, 6 risk types), so
    this calls Python a few hundred times for a million rows.
    """
    codes, uniques = pd.factorize(series)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [fn(u) for u in uniques]
    mapped[-1] = None
    return mapped[codes]  # code -1 (blank) takes the last slot


def in_values(series: pd.Series, test) -> np.ndarray:
    """Whether ``test`` holds for each cell's value (False for blank), by distinct value."""
    codes, uniques = pd.factorize(series)
    flags = np.zeros(len(uniques) + 1, dtype=bool)
    flags[:-1] = [bool(test(u)) for u in uniques]
    return flags[codes]


def case_numbers(series: pd.Series) -> np.ndarray:
    """Case numbers as compared and hashed: upper case, no spaces (None where blank)."""
    return map_values(series, lambda v: "".join(str(v).split()).upper())


def city_names(slug: str) -> tuple[str, ...]:
    """How an export may name a city: 高雄市, 高雄, Kaohsiung City, kaohsiung (台/臺 alike)."""
    info = get_city(slug)
    return (info.slug, info.name_zh, info.name_en, info.name_zh.removesuffix("市"))


@dataclass(frozen=True)
class Reference:
    """What a city's export may name: its own spellings, districts and centres."""

    city: str
    city_names: frozenset[str]
    districts: dict[str, str]  # every accepted spelling (match_key) → town_code
    centres: dict[str, str]  # every accepted spelling (match_key) → centre_id

    @classmethod
    def from_tables(
        cls, city: str, names: tuple[str, ...], districts: pd.DataFrame, centres: pd.DataFrame
    ) -> Reference:
        """From a city's ``districts`` and ``centres`` tables (as the store holds them)."""
        d: dict[str, str] = {}
        for row in districts.itertuples(index=False):
            short = str(row.name_zh).removesuffix("區")
            for spelling in (row.town_code, row.name_zh, short, row.name_en):
                if spelling:
                    d[match_key(str(spelling))] = str(row.town_code)
        c: dict[str, str] = {}
        for row in centres.itertuples(index=False):
            zh = str(row.name_zh)
            short = zh.removesuffix("中心").removesuffix("館")
            for spelling in (row.centre_id, zh, short, f"{short}社福中心", row.name_en):
                if spelling:
                    c[match_key(str(spelling))] = str(row.centre_id)
        return cls(city, frozenset(match_key(n) for n in names), d, c)

    def known_words(self) -> frozenset[str]:
        """Spellings that are never a person's name (districts, centres, cities, categories)."""
        words = set(self.districts) | set(self.centres) | set(self.city_names)
        for slug in CITIES:
            words |= {match_key(n) for n in city_names(slug)}
        for name in ("risk_types", "referral_sources", "close_reasons", "member_roles"):
            words |= set(load_vocabulary(name).lookup)
        return frozenset(words | {match_key(w) for w in (*LEVELS, *SEXES, *YES, *NO)})


@dataclass
class ParsedExport:
    """The typed export: cases (with the raw case number, in memory only), risks, members."""

    cases: pd.DataFrame
    risks: pd.DataFrame
    members: pd.DataFrame
    problems: list[CaseProblem] = field(default_factory=list)


class _Checker:
    """Collects problems for one table; every check names the lines it applies to."""

    def __init__(self, raw: RawTable) -> None:
        self.raw = raw
        self.problems: list[CaseProblem] = []

    def add(self, code: str, column: str | None, mask: np.ndarray, **params: object) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            header = self.raw.header(column) if column else None
            self.problems.append(
                problem_at(
                    self.raw.file, code, header, self.raw.lines[mask], self.raw.unit, **params
                )
            )

    def text(self, column: str) -> pd.Series:
        if column in self.raw.frame.columns:
            return self.raw.frame[column]
        return pd.Series(pd.NA, index=self.raw.frame.index, dtype=pd.ArrowDtype(pa.string()))

    def present(self, column: str) -> np.ndarray:
        return np.asarray(self.text(column).notna(), dtype=bool)

    def required(self, col: CaseColumn) -> None:
        if col.required:
            self.add("required", col.name, ~self.present(col.name))

    def lookup(self, col: CaseColumn, mapping: dict[str, str], code: str) -> pd.Series:
        """The codes of a column's values; values not in ``mapping`` are reported once each."""
        series = self.text(col.name)
        codes = map_values(series, lambda v: mapping.get(match_key(str(v))))
        bad = self.present(col.name) & pd.isna(codes)
        if bad.any():
            unknown = sorted({str(v) for v in series[bad].unique()})
            shown = "、".join(quotable(unknown[:SHOWN_VALUES]))
            self.add(code, col.name, bad, values=shown, n=len(unknown))
        return pd.Series(codes, index=series.index, dtype=object)

    def integers(self, col: CaseColumn, code: str = "out_of_range") -> pd.Series:
        series = self.text(col.name)
        arrow = pa.array(series, type=pa.string(), from_pandas=True)
        cleaned = pc.replace_substring_regex(arrow, r"(歲|人|位|口)$", "")
        ok = pc.fill_null(pc.match_substring_regex(cleaned, r"^-?[0-9]{1,6}$"), False)
        present = self.present(col.name)
        ok_np = np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
        self.add("not_integer", col.name, present & ~ok_np)
        numbers = pc.cast(pc.if_else(ok, cleaned, pa.scalar(None, pa.string())), pa.int64())
        values = pd.Series(numbers.to_pandas(), index=series.index).astype("Int64")
        low, high = col.low, col.high
        if low is not None and high is not None:
            outside = np.asarray(((values < low) | (values > high)).fillna(False), dtype=bool)
            self.add(code, col.name, outside, low=low, high=high)
            values = values.where(~outside)
        return values

    def yes_no(self, col: CaseColumn) -> pd.Series:
        mapping = dict.fromkeys(YES, True) | dict.fromkeys(NO, False)
        return self.lookup(col, {match_key(k): v for k, v in mapping.items()}, "bad_yes_no")

    def dates(self, col: CaseColumn, patterns=DATE_PATTERNS, code: str = "bad_date") -> pd.Series:
        """Dates of a column (NaT where blank or wrong); one style per column."""
        series = self.text(col.name)
        arrow = pa.array(series, type=pa.string(), from_pandas=True)
        n = len(arrow)
        year = np.zeros(n, np.int64)
        month = np.zeros(n, np.int64)
        day = np.ones(n, np.int64)
        style = np.zeros(n, np.int8)
        for kind, pattern in patterns:
            parts = pc.extract_regex(arrow, pattern)
            matched = np.asarray(
                pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False), dtype=bool
            )
            matched &= style == 0
            if not matched.any():
                continue
            fields = {
                name: pc.cast(pc.struct_field(parts, name), pa.int64()).to_numpy(
                    zero_copy_only=False
                )
                for name in ("y", "m", "d")
                if name in [f.name for f in parts.type]
            }
            offset = ROC_OFFSET if kind == "roc" else 0
            year[matched] = np.nan_to_num(fields["y"][matched]).astype(np.int64) + offset
            month[matched] = np.nan_to_num(fields["m"][matched]).astype(np.int64)
            if "d" in fields:
                day[matched] = np.nan_to_num(fields["d"][matched]).astype(np.int64)
            style[matched] = STYLE_CODE[kind]
        present = self.present(col.name)
        frame = pd.DataFrame({"year": year, "month": month, "day": day})
        frame.loc[style == 0, ["year", "month", "day"]] = (1970, 1, 1)
        result = pd.to_datetime(frame, errors="coerce")
        result[style == 0] = pd.NaT
        self.add(code, col.name, present & result.isna().to_numpy())
        roc, western = (
            (style == 1) & result.notna().to_numpy(),
            (style == 2) & result.notna().to_numpy(),
        )
        if roc.any() and western.any():
            minority = roc if roc.sum() <= western.sum() else western
            self.add(
                "mixed_date_styles",
                col.name,
                minority,
                roc=int(roc.sum()),
                western=int(western.sum()),
            )
        return pd.Series(result.to_numpy(), index=series.index)


def _split_codes(cell: object, lookup: dict[str, str]) -> tuple[tuple[str, ...], list[str]]:
    text = str(cell)
    for sep in MULTI_SEPARATORS:
        text = text.replace(sep, "\n")
    codes: list[str] = []
    unknown: list[str] = []
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        code = lookup.get(match_key(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), unknown


def _months(dates: pd.Series) -> np.ndarray:
    values = dates.to_numpy(dtype="datetime64[M]")
    return values.astype(np.int64)


def parse_cases(
    raw: RawTable, ref: Reference, today: date
) -> tuple[pd.DataFrame, pd.DataFrame, list[CaseProblem]]:
    """Typed case rows and their risk types (long), with the problems found."""
    ck = _Checker(raw)
    cols = {c.name: c for c in CASE_COLUMNS}
    for col in CASE_COLUMNS:
        ck.required(col)
    city_ok = in_values(ck.text("city"), lambda v: match_key(str(v)) in ref.city_names)
    ck.add("wrong_city", "city", ck.present("city") & ~city_ok)
    district = ck.lookup(cols["district"], ref.districts, "unknown_district")
    centre = ck.lookup(cols["centre"], ref.centres, "unknown_centre")
    source = ck.lookup(
        cols["referral_source"], load_vocabulary("referral_sources").lookup, "unknown_source"
    )
    reason = ck.lookup(
        cols["close_reason"], load_vocabulary("close_reasons").lookup, "unknown_close_reason"
    )
    level = ck.lookup(
        cols["vulnerability"], {match_key(k): v for k, v in LEVELS.items()}, "unknown_level"
    )
    proactive = ck.yes_no(cols["proactive"])
    household = ck.integers(cols["household_size"])
    referred = ck.dates(cols["referral_date"])
    opened = ck.dates(cols["opened_date"])
    closed = ck.dates(cols["closed_date"])
    now = pd.Timestamp(today)
    for name, values in (
        ("referral_date", referred),
        ("opened_date", opened),
        ("closed_date", closed),
    ):
        ck.add("future_date", name, (values > now).to_numpy(), today=today.isoformat())
        ck.add(
            "too_early",
            name,
            (values < pd.Timestamp(EARLIEST_DATE)).to_numpy(),
            earliest=EARLIEST_DATE.isoformat(),
        )
    ck.add("opened_before_referred", "opened_date", (opened < referred).to_numpy())
    ck.add("closed_before_opened", "closed_date", (closed < opened).to_numpy())
    ck.add("closed_before_referred", "closed_date", (closed < referred).to_numpy())
    has_reason = ck.present("close_reason")
    has_closed = ck.present("closed_date")
    ck.add("close_reason_missing", "close_reason", has_closed & ~has_reason)
    ck.add("reason_without_close", "close_reason", has_reason & ~has_closed)

    risk_lookup = load_vocabulary("risk_types").lookup
    cells = ck.text("risk_types")
    split = map_values(cells, lambda v: _split_codes(v, risk_lookup))
    unknown = sorted({u for item in split if item is not None for u in item[1]})
    if unknown:
        bad_cells = np.array([item is not None and bool(item[1]) for item in split], dtype=bool)
        ck.add(
            "unknown_risk_type",
            "risk_types",
            bad_cells,
            values="、".join(quotable(unknown[:SHOWN_VALUES])),
            n=len(unknown),
        )
    codes = pd.Series([None if item is None else item[0] for item in split], dtype=object)

    ids = pd.Series(case_numbers(ck.text("case_id")), dtype=object)
    dup = np.asarray(ids.duplicated(keep=False) & ids.notna(), dtype=bool)
    ck.add("duplicate_case_id", "case_id", dup)

    cases = pd.DataFrame(
        {
            "case_id": ids.astype(object),
            "district_code": district,
            "centre_id": centre,
            "referral_date": referred,
            "referral_source": source,
            "opened_date": opened,
            "closed_date": closed,
            "close_reason": reason,
            "main_risk_type": codes.map(lambda c: c[0] if isinstance(c, tuple) and c else None),
            "vulnerability": level,
            "proactive": proactive,
            "household_size": household,
            "line": raw.lines,
        }
    )
    risk_codes = pd.Series(
        [c if isinstance(c, tuple) else () for c in codes], index=codes.index, dtype=object
    )
    risks = pd.DataFrame({"case_id": ids.astype(object), "risk_type": risk_codes}).explode(
        "risk_type"
    )
    risks = risks.dropna().reset_index(drop=True)
    return cases, risks, ck.problems


def parse_members(
    raw: RawTable, cases: pd.DataFrame, today: date
) -> tuple[pd.DataFrame, list[CaseProblem]]:
    """Typed member rows (age at referral), with the problems found."""
    ck = _Checker(raw)
    cols = {c.name: c for c in MEMBER_COLUMNS}
    for col in MEMBER_COLUMNS:
        ck.required(col)
    ids = pd.Series(case_numbers(ck.text("case_id")), dtype=object)
    number = ck.integers(cols["member_no"])
    role = ck.lookup(cols["role"], load_vocabulary("member_roles").lookup, "unknown_role")
    sex = ck.lookup(cols["sex"], {match_key(k): v for k, v in SEXES.items()}, "unknown_sex")
    disability = ck.yes_no(cols["disability"])
    indigenous = ck.yes_no(cols["indigenous"])
    age = ck.integers(cols["age"], code="age_range")
    birth = ck.dates(cols["birth_month"], MONTH_PATTERNS + DATE_PATTERNS, code="bad_month")

    known = pd.Index(cases["case_id"].dropna())
    missing = np.asarray(ids.notna() & ~ids.isin(known), dtype=bool)
    ck.add("member_case_missing", "case_id", missing)
    key = pd.DataFrame({"id": ids, "no": number})
    dup = np.asarray(key.duplicated(keep=False) & ids.notna() & number.notna(), dtype=bool)
    ck.add("duplicate_member", "member_no", dup)

    referral = ids.map(
        pd.Series(cases["referral_date"].to_numpy(), index=cases["case_id"]).loc[
            lambda s: ~s.index.duplicated()
        ]
    )
    referral = pd.to_datetime(referral)
    has_birth = birth.notna().to_numpy()
    ck.add(
        "future_date",
        "birth_month",
        (birth > pd.Timestamp(today)).to_numpy(),
        today=today.isoformat(),
    )
    born_after = has_birth & (birth.dt.to_period("M") > referral.dt.to_period("M")).to_numpy()
    ck.add("born_after_referral", "birth_month", born_after)
    months = _months(referral.fillna(pd.Timestamp("1970-01-01"))) - _months(
        birth.fillna(pd.Timestamp("1970-01-01"))
    )
    from_birth = pd.Series(
        np.where(has_birth & referral.notna().to_numpy(), months // 12, -1), index=ids.index
    )
    from_birth = from_birth.where(from_birth >= 0).astype("Int64")
    ck.add("age_range", "birth_month", (from_birth > 120).fillna(False).to_numpy(), low=0, high=120)
    both = age.notna() & from_birth.notna()
    ck.add(
        "age_birth_disagree", "age", np.asarray(both & ((age - from_birth).abs() > 1), dtype=bool)
    )
    given = ck.present("age") | ck.present("birth_month")
    ck.add("age_missing", "age", ~given)
    members = pd.DataFrame(
        {
            "case_id": ids.astype(object),
            "member_no": number,
            "role": role,
            "age": age.fillna(from_birth).astype("Int64"),
            "sex": sex,
            "disability": disability,
            "indigenous": indigenous,
            "line": raw.lines,
        }
    )
    return members, ck.problems


def parse_export(tables: dict[str, RawTable], ref: Reference, today: date) -> ParsedExport:
    """Both tables typed and checked; ``problems`` empty means the export can be stored."""
    from safetynet.cases.format import CASES, MEMBERS

    cases, risks, problems = parse_cases(tables[CASES], ref, today)
    members, member_problems = parse_members(tables[MEMBERS], cases, today)
    return ParsedExport(cases, risks, members, problems + member_problems)
