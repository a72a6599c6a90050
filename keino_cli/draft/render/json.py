"""The drafted annex as JSON, for tools that assemble tender documents."""

from __future__ import annotations

import json

from keino_cli.draft import Draft


def render(draft: Draft) -> bytes:
    document = {"tool": "keino", "draft": draft.to_dict()}
    return (json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
