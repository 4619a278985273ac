"""The six official vulnerable-family risk types (脆弱家庭六大風險類型): a vocabulary
the calculators, the views and validation share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RiskType:
    """One official risk type: its code, a short label for charts, its full name."""

    code: str
    short_zh: str
    short_en: str
    full_zh: str
    full_en: str


# The six types of the MOHW vulnerable-family referral form, in its official order.
RISK_TYPES: tuple[RiskType, ...] = (
    RiskType(
        "economic_hardship",
        "經濟陷困",
        "Economic hardship",
        "家庭經濟陷困至有福利需求",
        "Family economic hardship with welfare needs",
    ),
    RiskType(
        "family_crisis",
        "家庭變故",
        "Family crisis",
        "家庭遭逢變故致家庭功能受損有服務需求",
        "Family crisis impairing family functioning, with service needs",
    ),
    RiskType(
        "family_conflict",
        "關係衝突或疏離",
        "Family conflict",
        "家庭關係衝突或疏離至有福利需求",
        "Family conflict or estrangement with welfare needs",
    ),
    RiskType(
        "child_development",
        "兒少發展不利",
        "Child development",
        "兒少發展不利處境至有照顧或福利需求",
        "Adverse circumstances for child/youth development, with care or welfare needs",
    ),
    RiskType(
        "disability_illness",
        "身障或傷病照顧",
        "Disability or illness",
        "家庭成員身心障礙或傷病失能有特殊照顧或福利需求",
        "Family member with disability, illness or injury needing special care or welfare",
    ),
    RiskType(
        "adjustment_difficulty",
        "生活適應困難",
        "Adjustment difficulty",
        "個人生活適應困難至有福利需求",
        "Individual difficulty adjusting to daily life, with welfare needs",
    ),
)
RISK_TYPE_CODES: tuple[str, ...] = tuple(r.code for r in RISK_TYPES)
RISK_TYPES_BY_CODE: dict[str, RiskType] = {r.code: r for r in RISK_TYPES}
