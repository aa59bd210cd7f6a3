"""Sample messages committed with the code, so a bare clone has everything its tests read.

`common_platform/` holds public synthetic HMCTS Common Platform messages and schemas from the
Ministry of Justice's open-source services (MIT licence; see its README for each file's source).
"""

from pathlib import Path

COMMON_PLATFORM = Path(__file__).resolve().parent / "common_platform"
"""The public Common Platform sample messages (none holds a youth sentence)."""
