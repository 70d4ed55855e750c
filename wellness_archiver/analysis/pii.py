"""PII redaction for exports: e-mail addresses and phone numbers.

``[EMAIL]`` replaces an e-mail address (also the ``name [at] host [dot] org``
spelling); ``[PHONE]`` replaces a phone number (7 to 15 digits, with the
usual separators, an optional ``+country`` code and ``(area)``). Kept as
they are:

- crisis and emergency lines (``CRISIS_LINES``, below): a reader of a
  mental-health corpus needs them, and they identify no one. Numbers under
  seven digits (988, 111, 999, 112, 911, 116 123, 13 11 14) are never
  phone-like here anyway; the longer ones are matched on their digits,
  with or without a country code;
- dates and year ranges that look like digit groups (2021-03-15, 2019-2021);
- the author's name and credentials (LMFT, PhD, LCSW, a licence number):
  only e-mail addresses and phone numbers are touched.
"""

from __future__ import annotations

import re

# Crisis, helpline and emergency numbers, as digits. Documented in the README.
CRISIS_LINES = {
    "988": "988 Suicide & Crisis Lifeline (US)",
    "18002738255": "1-800-273-8255, former US National Suicide Prevention Lifeline",
    "8002738255": "800-273-8255 (the same, without the 1)",
    "18007997233": "1-800-799-7233, US National Domestic Violence Hotline",
    "18664887386": "1-866-488-7386, The Trevor Project (US)",
    "741741": "Crisis Text Line (US, text HOME)",
    "911": "emergency (US, Canada)",
    "116123": "116 123, Samaritans (UK, Ireland) and European emotional-support line",
    "111": "NHS 111 (UK)",
    "999": "emergency (UK)",
    "112": "emergency (EU)",
    "08001111": "0800 1111, Childline (UK)",
    "0800585858": "0800 58 58 58, CALM (UK)",
    "131114": "13 11 14, Lifeline (Australia)",
    "1800551800": "1800 55 1800, Kids Helpline (Australia)",
    "000": "emergency (Australia)",
}
PLACEHOLDER_EMAIL = "[EMAIL]"
PLACEHOLDER_PHONE = "[PHONE]"

_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+(?:\s*[\[(]\s*dot\s*[\])]\s*[\w-]+)+",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w/#.-])"
    r"(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{1,5}\)[\s.-]?)?"
    r"\d{1,5}(?:[\s.-]\d{1,5}){0,5}"
    r"(?![\w/-]|\.\d)"
)
_DATE_LIKE = re.compile(r"^(?:(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:19|20)?\d\d"
                        r"|(?:19|20)\d\d\s*-\s*(?:19|20)\d\d)$")


def is_crisis_line(digits: str) -> bool:
    if digits in CRISIS_LINES:
        return True
    for number in CRISIS_LINES:
        if len(number) >= 7 and digits.endswith(number) and len(digits) - len(number) <= 3:
            return True  # with a country code
    return False


class Redactor:
    """Redacts text and counts what it replaced (for the manifest)."""

    def __init__(self):
        self.emails = 0
        self.phones = 0
        self.kept_crisis_lines = 0

    def _phone(self, match: re.Match) -> str:
        found = match.group(0)
        stripped = found.strip()
        digits = re.sub(r"\D", "", stripped)
        if not 7 <= len(digits) <= 15 or _DATE_LIKE.match(stripped):
            return found
        if is_crisis_line(digits):
            self.kept_crisis_lines += 1
            return found
        self.phones += 1
        return PLACEHOLDER_PHONE

    def _email(self, match: re.Match) -> str:
        self.emails += 1
        return PLACEHOLDER_EMAIL

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        value = _EMAIL.sub(self._email, value)
        return _PHONE.sub(self._phone, value)

    def article(self, row: dict) -> dict:
        return {**row, **{k: self.text(row.get(k)) for k in ("title", "description", "text")}}

    def summary(self) -> dict:
        return {
            "emails_replaced": self.emails,
            "phones_replaced": self.phones,
            "crisis_lines_kept": self.kept_crisis_lines,
            "placeholders": [PLACEHOLDER_EMAIL, PLACEHOLDER_PHONE],
            "crisis_line_allow_list": sorted(CRISIS_LINES),
        }


def redact(text: str) -> str:
    """One text, redacted (convenience for scripts)."""
    return Redactor().text(text)
