"""Stage 4b: boilerplate lines recognised by their wording.

Blog and news templates put the same few kinds of chrome between and after
the paragraphs, in every language: "Read also: <other post>" teasers,
"Related posts" headings over a list of other titles, newsletter / follow /
support appeals, consent and affiliate notices, publication-date labels,
comment-widget texts, recipe-card buttons. None of it is keyed on a site:
only on the fixed phrases the templates use.

All patterns are matched against the casefolded line (with a table row's
"| " edges stripped), so they are compiled without re.I.
"""

from __future__ import annotations

import re

# --- lines that are chrome anywhere ---------------------------------------

_NUM_DATE = r"(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})"
_ANY_DATE = rf"(?:{_NUM_DATE}|\d{{1,2}}\.? [^\W\d_]{{3,10}}\.? \d{{4}}|[^\W\d_]{{3,10}}\.? \d{{1,2}},? \d{{4}})"
_TIME = r"(?:,?\s*(?:um\s*)?\d{1,2}:\d{2}(?:\s*(?:uhr|h|am|pm))?)?"
_DATE_LABEL = (r"(?:(?:zuletzt |last )?(?:aktualisiert|geändert|updated|modified)(?: am| on)?|letzte änderung|stand"
               r"|veröffentlicht(?: am)?|erstellt(?: am)?|publiziert(?: am)?|published(?: on)?|posted(?: on)?"
               r"|release date|datum|fecha|(?:video )?verfügbar bis|available until)")
_BUTTON = (r"(?:(?:print|pin|save|jump to|go to) (?:the |this )?recipe|rezept (?:drucken|speichern|merken)"
           r"|(?:bei|auf) pinterest (?:speichern|merken|pinnen)|pin it"
           r"|(?:alle )?(?:bilder?|fotos?) (?:anzeigen|vergrößern)"
           r"|alle \d+ (?:schritte|bilder|fotos) anzeigen)")
_TEMPLATE_LINE = re.compile(
    # a date on its own, or a publication/update label with its date
    rf"(?:{_DATE_LABEL}\s*(?::\s*(?:{_ANY_DATE}{_TIME})?|\s{_ANY_DATE}{_TIME})|{_NUM_DATE}{_TIME})\.?"
    # reading time
    r"|(?:lesezeit|lesedauer|reading time|temps de lecture|tiempo de lectura|czas czytania)\s*:?\s*(?:ca\.\s*)?"
    r"<?\s*\d+\s*(?:min\w*|minuten)\.?"
    # comment-widget texts
    r"|(?:(?:noch )?keine kommentare|no comments(?: yet)?|view comments|kommentare insgesamt:?\s*\d*"
    r"|be the first to comment|(?:du musst|sie müssen) (?:eingeloggt|angemeldet) sein\b.{0,80}"
    r"|you must be logged in to (?:post a )?comment.{0,40}"
    r"|sie sind (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet))"
    r"\W*(?:\(.{0,80}\))?"
    # an advertising label on its own
    r"|[-–*(\[]*\s*(?:werbung|anzeigen?|advertisement|sponsored(?: post| content)?|gesponsert|publicidad|publicité"
    r"|reklama)\s*[-–*)\]]*"
    # buttons of recipe cards and galleries
    rf"|{_BUTTON}(?:\s*[|·•]?\s*{_BUTTON})*"
    # a table-of-contents heading (its entries repeat the text's own headings)
    r"|(?:table of contents|contents|inhaltsverzeichnis|inhalt|sommaire|table des matières|índice|contenidos"
    r"|spis treści|indice|inhoud(?:sopgave)?)\s*(?:\[?(?:show|hide|toggle|anzeigen|ausblenden|verbergen)\]?)?\s*:?"
    # a phone or fax number on its own (a press contact block)
    r"|(?:tel(?:efon|\.)?|phone|fax)\s*:?\s*\+?[\d(][\d\s()/+.-]{5,}"
)


def is_template_line(folded: str) -> bool:
    """``folded``: the casefolded line."""
    return _TEMPLATE_LINE.fullmatch(folded) is not None


# --- cross-references -------------------------------------------------------

# Labels of a link to another article ("Read also", "Lesen Sie auch", ...).
_READ_ALSO_LABELS = (
    r"read (?:also|more|next|too)|also read|see also|related(?: (?:article|story|post|content|reading)s?)?"
    r"|recommended(?: reading| for you)?|more on this(?: topic| story)?|you (?:may|might) also like|don'?t miss"
    r"|further reading|(?:lesen|lest|lies) (?:sie |du )?(?:auch|hier|mehr|weiter)(?: die folgenden beiträge)?"
    r"|auch lesen|siehe auch|mehr (?:dazu|zum thema)|zum weiterlesen|weiterlesen|passend (?:dazu|zum thema)"
    r"|(?:das|dies|das thema) könnte (?:sie|dich|euch) (?:auch )?interessieren|auch interessant|schon gelesen"
    r"|(?:à )?lire aussi|(?:à )?voir aussi|sur le même sujet|(?:lea|lee|leia) (?:también|más|mais|também)"
    r"|(?:vea|ver|veja) (?:también|mais|também)|(?:le|te) puede interesar|puedes ver|más sobre"
    r"|(?:noticias|notas|contenidos?|artículos) relacionad[oa]s?|leggi anche|potrebbe interessarti"
    r"|articoli correlati|czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)"
    r"|dowiedz się więcej"
    r"|lees (?:ook|meer|verder)"
)
_SEPARATOR = r"\s*(?::|»|>>?|–|—|\|)\s*\S"
# "Read also: <title>" / "À lire aussi » <title>": the whole line is the teaser.
_READ_ALSO = re.compile(rf"(?:>>\s*)?(?:{_READ_ALSO_LABELS}){_SEPARATOR}")
# One-word imperatives ("MIRA: <title>"): only in capitals, as a label (and not
# a speaker's name like "Lea:" in an interview), before a title, not a sentence.
_LOOK = re.compile(rf"(?:MIRA|MIRE|VEA|ZOBACZ|CZYTAJ){_SEPARATOR}.*[^\W_]")
# ">> <title> <<": a teaser link set off by arrows.
_ARROWED = re.compile(r">>\s*\S.*\S\s*<<")
# A heading over a list of other articles: "Related posts", "Mehr zum Thema",
# "Weitere Beiträge aus der Kolumne:", "Top-Themen bei <site>".
_RELATED_HEADING = re.compile(
    rf"(?:{_READ_ALSO_LABELS}"
    r"|(?:more|other|latest|popular|recent|similar|top) (?:posts|articles|stories|news)"
    r"|more (?:from|like this)|most (?:read|popular|viewed|shared)|trending(?: now)?"
    r"|(?:weitere|mehr|ähnliche|verwandte|empfohlene|beliebte|neueste|aktuelle|passende)"
    r"(?: aktuelle)? (?:artikel|beiträge|themen|nachrichten|meldungen|news|stories|geschichten)(?: zum thema)?"
    r"|(?:top|mehr)[- ]themen|meist(?:-| )?(?:gelesen|diskutiert|kommentiert)|kommentierte artikel"
    r"|beiträge aus dem forum|más noticias|dans la même rubrique"
    # a press-contact block: the names, numbers and addresses under it are short lines too
    r"|(?:presse|medien)kontakte?|press contacts?|media contacts?|ansprechpartner(?:\*innen|\*in|innen|in)?"
    r"(?: presse| zum thema)?|pressesprecher(?:\*in|in)?"
    r")(?: (?:auf|bei|aus|von|in|im|from|on|at|sur|de|en|del) .{1,40})?\s*[:?!.…]?"
)
_MAX_HEADING_WORDS = 8
_MAX_TEASER_WORDS = 20

# "Tags:" / "Kategorie: News": the post's labels, kept in metadata, not text.
_TAGS = re.compile(
    r"(tags?|schlagwörter|schlagworte|stichwörter|stichworte|etiquetas|temas|tematy|tagi|mots-clés|étiquettes"
    r"|kategorien?|categories|category|categoría|catégorie|rubrik|filed under|posted in|abgelegt unter)"
    r"(\s*:\s*\S.*|\s*:?)"
)
_MAX_TAG_WORDS = 12

# --- appeals and notices ------------------------------------------------------

# Calls to action: newsletter sign-ups, follow/support appeals, app and
# subscription pitches, sign-up consent texts, embed placeholders. Only short
# lines: a paragraph that mentions a newsletter in passing is prose.
_CALL_TO_ACTION = re.compile(
    r"newsletter.{0,80}(?:sign|subscri|abonn|anmeld|registr|inscri|suscri|erhalt|receiv|bestell|hier|here|jetzt|now)"
    r"|(?:sign|subscri|abonn|anmeld|registr|inscri|suscri|erhalt|receiv|bestell).{0,60}newsletter"
    r"|(?:unser(?:en|em)?|our|my|mein(?:en|em)?) \w*newsletter"
    r"|\b(?:sign up|subscribe) (?:now|today|here|for free|to (?:our|the|get|receive))|free sign up"
    r"|already (?:a )?subscriber|never miss (?:our|the latest|a (?:post|story|thing))"
    r"|(?:follow|like) (?:us|me) on|folg(?:en sie|t) (?:uns|mir)|síguenos"
    r"|support(?:ing)? (?:our|my) (?:work|journalism|blog|site|podcast)|support independent journalism"
    r"|buy me a coffee|unterstütze (?:uns|\S+ (?:bereits |jetzt )?mit)"
    r"|download (?:the|our) .{0,40}\bapps?\b|(?:canal|channel|kanal) (?:de|on|auf) (?:youtube|telegram|whatsapp)"
    r"|letters? to the editor|hazte (?:miembro|socio)|suscríbete|abonnez-vous|inscrivez-vous"
    r"|zapraszamy .{0,30}subskrypcj|\bpaywall\b|bezahlschranke"
    r"|(?:mit der|durch die) (?:registrierung|anmeldung).{0,40}akzeptier|erklärst du dich .{0,80}einverstanden"
    r"|by (?:signing up|registering|subscribing|clicking|using this form).{0,40}(?:agree|accept)"
    r"|um den inhalt von .{0,60} zu laden|(?:click|klicken sie auf) (?:the|den) (?:unteren )?(?:button|link)"
    r".{0,40}(?:load|laden)|mit dem laden des .{0,30}akzeptieren sie"
)
_MAX_CTA_WORDS = 40
# Advertising, affiliate and copyright notices.
_NOTICE = re.compile(
    r"(?:contains?|may contain|enthält|enthalten|sogenannte|handelt es sich um|are|sind)\W+(?:\w+\W+){0,2}"
    r"affiliate[- ]?links?|as an amazon associate|^\W*(?:werbung|anzeige)\b\s*(?:[:.,–-]|für\b)"
    r"|(?:enthält|contains?) (?:\w+ ){0,2}(?:werbung|advertising)|from (?:one or more of )?our advertisers"
    r"|(?:we|i) (?:may )?(?:receive|earn|get) (?:a )?(?:small )?(?:compensation|commission)"
    # a copyright notice, not a sentence about copyright
    r"|(?:©|copyright|\(c\))\s*\d{4}|copyrighted property|chroniony prawem autorskim"
    r"|(?:all rights reserved|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés)\W*$"
)
_MAX_NOTICE_WORDS = 50
# Substrings one of the two patterns above needs: most pages have few of them,
# and substring tests are far cheaper than unanchored regex searches.
_CTA_NEEDLES = ("newsletter", "sign", "subscri", "never miss", "follow", "like us", "like me", "folg", "síguenos",
                "support", "buy me", "unterstütze", "download", "canal", "channel", "kanal", "editor", "hazte",
                "suscr", "abonnez", "inscrivez", "subskrypcj", "paywall", "bezahlschranke", "registrierung",
                "anmeldung", "einverstanden", "registering", "clicking", "laden", "load")
_NOTICE_NEEDLES = ("affiliate", "amazon associate", "werbung", "anzeige", "advertis", "compensation", "commission",
                   "rights reserved", "rechte vorbehalten", "derechos reservados", "droits réservés", "copyright",
                   "prawem autorskim")


def drop_boilerplate(lines: list[str]) -> list[str]:
    """Remove cross-reference teasers, related-article headings with the run
    of titles under them, tag labels, calls to action and notices."""
    folded = [line.strip("| ").casefold() for line in lines]
    text = "\n".join(folded)
    cta = [k for k in _CTA_NEEDLES if k in text]  # one scan of the page, not one per line
    notice = [k for k in _NOTICE_NEEDLES if k in text]
    kept: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line, words = folded[i], len(folded[i].split())
        i += 1
        if words <= _MAX_TEASER_WORDS and _is_teaser_link(line, lines[i - 1]):
            continue
        if (cta or notice) and words <= _MAX_NOTICE_WORDS and _is_appeal(line, words, cta, notice):
            continue
        if words <= _MAX_TAG_WORDS and (tags := _TAGS.fullmatch(line)):
            # a bare label: the next line holds the tags
            if i < n and not tags[2].strip(": ") and _is_title(folded[i]) and not folded[i].startswith("- "):
                i += 1
            continue
        if words <= _MAX_HEADING_WORDS and _RELATED_HEADING.fullmatch(line):
            while i < n and _is_teaser(folded, i):
                i += 1
            continue
        kept.append(lines[i - 1])
    return kept


def _is_teaser_link(folded: str, line: str) -> bool:
    return bool(_READ_ALSO.match(folded) or _ARROWED.fullmatch(folded) or _LOOK.fullmatch(line.strip("| ")))


def _is_appeal(line: str, words: int, cta: list[str], notice: list[str]) -> bool:
    """A call to action or a notice (advertising, affiliate links, copyright).
    ``cta``, ``notice``: the needles of each kind the page holds at all."""
    if words <= _MAX_CTA_WORDS and any(k in line for k in cta):
        if words <= 3 and "newsletter" in line or _CALL_TO_ACTION.search(line):
            return True
    return any(k in line for k in notice) and _NOTICE.search(line) is not None


def _is_teaser(lines: list[str], i: int) -> bool:
    """lines[i] is one more entry of a related-articles list: a list item, or
    a title not followed by a paragraph (that is the next section's heading)."""
    line = lines[i]
    if not _is_title(line):
        return False
    return line.startswith("- ") or i + 1 == len(lines) or _is_title(lines[i + 1])


def _is_title(line: str) -> bool:
    """An article title (or its date) as listed under a related-posts heading:
    short, and not a sentence."""
    return len(line.split()) <= _MAX_TEASER_WORDS and not line.endswith((".", ":", ";", ","))
