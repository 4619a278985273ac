"""Files users download: CSV tables that open correctly in Excel on a Taiwanese PC."""

from __future__ import annotations

import pandas as pd

# Excel reads a BOM-less UTF-8 CSV as the local code page (Big5 on zh-TW
# Windows) and garbles Chinese; the BOM makes it read UTF-8.
CSV_ENCODING = "utf-8-sig"


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV bytes, UTF-8 with BOM, no index, empty cells for missing values."""
    return frame.to_csv(index=False).encode(CSV_ENCODING)
