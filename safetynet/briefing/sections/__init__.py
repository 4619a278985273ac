"""The briefing's sections, one module each; importing this package registers them all
(:func:`safetynet.briefing.deck.register_section`) in deck order by their ``order``."""

from safetynet.briefing.sections import (  # noqa: F401
    cases,
    overview,
    referrals,
    risk_types,
    scenario,
    scorecard,
    service_map,
    staffing,
)
