"""Case records: the bureau's own de-identified case export, in an analytical store.

One idea per module:

- :mod:`~safetynet.cases.format`: the versioned export format (tables, columns, vocabularies);
- :mod:`~safetynet.cases.reading`: CSV / .xlsx / .zip bytes to text cells, strictly;
- :mod:`~safetynet.cases.privacy`: identifier detection and the keyed hash of case numbers;
- :mod:`~safetynet.cases.checks`: problems with file, line and column, in zh and en;
- :mod:`~safetynet.cases.parsing`: text cells to typed rows (dates, codes, flags);
- :mod:`~safetynet.cases.engine`: the Ibis connection (DuckDB file or PostgreSQL) and schema;
- :mod:`~safetynet.cases.repository`: preview, replace a period in one transaction, import log;
- :mod:`~safetynet.cases.queries`: read-only summaries written once in Ibis;
- :mod:`~safetynet.cases.demo`: the synthetic export, calibrated to the printed figures;
- :mod:`~safetynet.cases.cli`: ``import-cases`` and ``demo-cases`` of ``python -m safetynet``.

Nothing here imports Streamlit.
"""
