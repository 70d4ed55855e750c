"""The selector's choice as text, for ``wellness-archiver extract --explain``."""

from __future__ import annotations

from wellness_archiver.extraction.selector import Choice


def explanation(choice: Choice | None) -> str:
    if choice is None:
        return "no candidates: the page was rejected before extraction"
    lines = [f"{'candidate':<22} {'words':>6} {'score':>6}  first words"]
    for cand in choice.candidates:
        mark = "*" if cand is choice.chosen else " "
        score = f"{cand.score:.3f}" if cand.score is not None else "-"
        lines.append(f"{mark}{cand.name:<21} {cand.words:>6} {score:>6}  {cand.first_words()}")
    lines.append(f"chosen: {choice.chosen.name} ({choice.reason})")
    return "\n".join(lines)
