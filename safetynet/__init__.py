"""Domain package of the Social Safety Net dashboard (社安網儀表板).

Pure Python: schemas and validation, loading and storage, calculations and
exports. Nothing in here imports Streamlit, so all of it is tested without a
browser.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
