"""People in a readout: who took part, who was only mentioned.

People are found three ways, in every sentence:

* a role pattern, in the forms governments write them: "Kyrgyz President Sadyr
  Zhaparov", "President of Kazakhstan Kassym-Jomart Tokayev", "Prime Minister
  Modi of India", "Mr. KISHIDA Fumio, Prime Minister of Japan", "his Kyrgyz
  counterpart Chingiz Aidarbekov"; the name need not be in the lexicon;
* a full name (or alias) the lexicon knows, anywhere;
* the subject of the event verb in the lead ("Vladimir Putin had a telephone
  conversation with ...").

Participants are the people of the title and the lead sentences (the first
sentence and the one naming the event), except those named as the source of a
message, greeting or invitation; everyone else is mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readout_site.lexicon import Lexicon, PersonEntry

_BASE_ROLES = (
    "President", "Vice President", "Vice-President", "Prime Minister", "Premier", "Vice Premier",
    "Chancellor", "Federal Chancellor", "Foreign Minister", "Foreign Secretary", "Secretary of State",
    "External Affairs Minister", "State Councilor", "State Councillor", "Defense Minister",
    "Defence Minister", "King", "Queen", "Emir", "Amir", "Crown Prince", "Sultan", "Chairman",
    "Chairwoman", "Chairperson", "Speaker", "Secretary-General", "Secretary General", "General Secretary",
    "Ambassador", "National Security Adviser", "National Security Advisor", "High Representative",
    "Supreme Leader", "Governor", "Special Envoy", "Special Representative", "Spokesperson",
    "Spokesman", "Spokeswoman", "Director", "Mayor", "Senator", "Commissioner", "Minister",
    "Foreign Ministry Spokesperson", "Executive Secretary", "Director-General", "Director General",
    "Trade Minister", "Finance Minister", "Economy Minister", "Interior Minister", "Health Minister",
    "Energy Minister", "Emperor", "Grand Duke", "Prince", "Pope", "Taoiseach", "Tánaiste",
    "Head of Government", "Head of State", "Chief Executive", "Member of the Political Bureau",
)
_PORTFOLIOS = (
    "Foreign Affairs", "External Affairs", "Foreign Affairs and Trade", "Foreign and European Affairs",
    "Europe and Foreign Affairs", "Foreign Affairs and International Cooperation", "Foreign Trade",
    "Defense", "Defence", "National Defense", "National Defence", "Trade", "Commerce", "Finance",
    "Economy", "Economic Development", "Energy", "Health", "Interior", "Home Affairs", "Justice",
    "Education", "Culture", "Agriculture", "Industry", "Trade and Industry", "Transport", "Investment",
    "Emergency Situations", "Digital Development", "Science and Technology", "Natural Resources",
    "Economy and Finance", "Economy and Commerce", "Investments", "Labour", "Labor", "Environment",
)
_PREFIX = r"(?:(?:Acting|Deputy|First Deputy|Vice|Executive|Former|Interim|Assistant|Outgoing|Incoming|Senior)\s+)?"
_PORTFOLIO = "(?:" + "|".join(sorted(map(re.escape, _PORTFOLIOS), key=len, reverse=True)) + ")"
_ONE_ROLE = (
    _PREFIX
    + "(?:"
    + rf"Minister (?:of|for) (?:the )?{_PORTFOLIO}"
    + "|"
    + "|".join(sorted(map(re.escape, _BASE_ROLES), key=len, reverse=True))
    + ")"
)
ROLE = rf"(?:{_ONE_ROLE})(?:(?:,\s*|\s+and\s+|\s+&\s+)(?:{_ONE_ROLE}))*"
_ROLE_RE = re.compile(rf"(?<![\w-])(?P<role>{ROLE})(?![\w'’-])")
_COUNTERPART_RE = re.compile(r"\b(?:his|her|their|its)\s+(?P<dem>[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?\s+)?counterparts?\b")
_OF_COUNTRY = re.compile(r"\s*(?:,\s*)?of\s+(?:the\s+)?(?P<c>[A-Z][\w.'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.'’-]*){0,4})")
_HONORIFIC = re.compile(
    r"(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|H\.\s?E\.|His Excellency|Her Excellency|His Majesty|Her Majesty|His Highness|"
    r"Her Highness|His Royal Highness|The Hon(?:ourable|orable|\.)?|the Hon(?:ourable|orable|\.)?|Hon\.|Shri|Smt\.?|"
    r"Sir|Dame|Lord|General|Gen\.|Sheikh|Sheikha|Madam|Mme\.?|M\.)\s+"
)
_PARTICLES = frozenset("bin bint ibn al el de da do dos du van von der den la le di del ben ter zu".split())
_STOP = frozenset(
    """Meets Met Meet Holds Held Hold Speaks Spoke Speak Has Had Have Talks Talk Calls Call Called Receives Received
    Visits Visit Visited Attends Attended And With On In At Of For To The A An Phone Telephone Conversation
    Meeting Video Conference Summit Said Says Noted Stressed Expressed During After Before Over By From Via
    Readout Joint Statement Statements Press Release Remarks Hosts Hosted Chairs Co-Chairs Pledge Pledges
    Discuss Discusses Discussed Exchange Exchanges Sends Sent Congratulates Thanks Thanked Welcomes MP MEP
    Jr Sr II III IV Today Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday Side Sides
    Government Republic People's Ministry Office Council Party Committee Federation Kingdom State States""".split()
)
_MENTION_CONTEXT = re.compile(
    r"(?:message (?:from|of)|greetings? (?:from|of)|regards (?:from|of)|on behalf of|invitation of|invited by|"
    r"letter (?:from|of)|congratulat\w*|condolences? (?:from|of)|envoy of|representative of|proposed by|"
    r"initiative of|conveyed)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_EVENT_VERB = re.compile(
    r"\b(?:met|meets|meet|meeting|talks|held|holds|phone|telephone|call|calls|spoke|speaks|video|received|receives|"
    r"hosted|hosts|visit|visited|visits|conversation|discussed|summit)\b",
    re.IGNORECASE,
)
_SUBJECT_RE = re.compile(
    r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+(?:had|held|has|holds|met|meets|spoke|speaks|received|"
    r"receives|hosted|hosts|talked|called)\b"
)
_NAME_TOKEN = re.compile(r"\s*([^\s,;:()\"“”]+)")


@dataclass(frozen=True)
class Mention:
    """A person found in one sentence."""

    name: str  # canonical when the lexicon knows the person, else as printed
    role: str | None  # printed role, or None
    country: str | None  # from the text, else from the lexicon
    entry: PersonEntry | None  # the lexicon entry, if any
    sentence: str  # where the person was found
    lead: bool  # found in the title or a lead sentence
    credited: bool  # named only as the source of a message, greeting or invitation


def find_people(sentences: list[tuple[str, bool]], lexicon: Lexicon) -> list[Mention]:
    """All people in ``sentences`` (each ``(text, is_lead)``), merged by person, in order."""
    raw: list[Mention] = []
    for sentence, lead in sentences:
        raw.extend(_in_sentence(sentence, lead, lexicon))
    return _merge(raw, lexicon)


def split_roles(people: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Participants and mentioned people."""
    participants = [p for p in people if p.lead and not p.credited]
    if not participants:
        participants = [p for p in people if p.lead]
    taken = {p.name for p in participants}
    return participants, [p for p in people if p.name not in taken]


def is_event_sentence(sentence: str) -> bool:
    """True when the sentence names a meeting, call or visit."""
    return bool(_EVENT_VERB.search(sentence))


# ------------------------------------------------------------------ one sentence


def _in_sentence(sentence: str, lead: bool, lex: Lexicon) -> list[Mention]:
    found: list[tuple[int, int, Mention]] = []

    def add(start: int, end: int, name: str, role, country, entry) -> None:
        if any(s <= start < e or s < end <= e for s, e, _ in found):
            return
        credited = bool(_MENTION_CONTEXT.search(sentence[:start]))
        found.append((start, end, Mention(name, role, country, entry, sentence, lead, credited)))

    for m in _ROLE_RE.finditer(sentence):
        _role_mention(sentence, m, lex, add)
    for m in _COUNTERPART_RE.finditer(sentence):
        name, end = _read_name(sentence, m.end())
        if name:
            country = lex.country((m["dem"] or "").strip())
            entry = _lookup(name, lex)
            add(m.start(), end, entry.name if entry else name, None, country or (entry and entry.country), entry)
    for m in lex.name_re.finditer(sentence):
        entry = lex.by_alias[m.group(0).lower()]
        add(m.start(), m.end(), entry.name, None, entry.country, entry)
    if lead:
        m = _SUBJECT_RE.match(sentence)
        if m and lex.country(m["name"]) is None and not _ROLE_RE.search(m["name"]):
            tokens = [t for t in m["name"].split() if t not in _STOP]
            if len(tokens) >= 2 and tokens == m["name"].split():
                entry = _lookup(m["name"], lex)
                add(0, m.end("name"), entry.name if entry else m["name"], None, entry and entry.country, entry)
    found.sort(key=lambda x: x[0])
    return [mention for _, _, mention in found]


def _role_mention(sentence: str, m: re.Match, lex: Lexicon, add) -> None:
    role = " ".join(m["role"].split())
    pos = m.end()
    country = _country_before(sentence[: m.start()], lex)
    of = _OF_COUNTRY.match(sentence, pos)
    if of and (c := _country_in(of["c"], lex)):
        country, pos = c, of.start("c") + len(_country_prefix(of["c"], lex))
    hon = _HONORIFIC.match(sentence, _skip_space(sentence, pos))
    if hon:
        pos = hon.end()
    name, end = _read_name(sentence, pos)
    if name:
        after = _OF_COUNTRY.match(sentence, end)
        if after and (c := _country_in(after["c"], lex)) and not country:
            country = c
        entry = _lookup(name, lex, role)
        if entry and not country:
            country = entry.country
        add(m.start(), end, entry.name if entry else name, role, country, entry)
        return
    # "Mr. KISHIDA Fumio, Prime Minister of Japan": name before the role.
    before = re.search(r"(?P<name>(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s*,\s*(?:the\s+)?$", sentence[: m.start()])
    if before and of and country:
        name, _ = _read_name(before["name"], 0)
        if name:
            entry = _lookup(name, lex, role)
            add(before.start(), m.end(), entry.name if entry else name, role, country, entry)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _country_before(prefix: str, lex: Lexicon) -> str | None:
    """A demonym or country written just before a role: "Kyrgyz", "U.S.", "Kyrgyzstan's"."""
    m = re.search(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s*$", prefix)
    if not m:
        return None
    words = m.group(1)
    for candidate in (words, words.split()[-1]):
        bare = re.sub(r"['’]s$", "", candidate)
        country = lex.country(bare)
        if country:
            return country
    return None


def _country_in(text: str, lex: Lexicon) -> str | None:
    prefix = _country_prefix(text, lex)
    return lex.country(prefix) if prefix else None


def _country_prefix(text: str, lex: Lexicon) -> str:
    """The longest leading run of ``text`` that names a country ("" if none)."""
    words = text.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(",.")
        if lex.country(candidate):
            return " ".join(words[:n])
    return ""


def _read_name(text: str, pos: int) -> tuple[str | None, int]:
    """A personal name starting at ``pos``: capitalised tokens, particles, initials."""
    tokens: list[str] = []
    end = pos
    for m in _NAME_TOKEN.finditer(text, pos):
        if m.start() != end:
            break
        raw = m.group(1)
        last = False
        if re.fullmatch(r"[A-Z]\.", raw):
            core = raw
        else:
            core = re.sub(r"['’]s?$", "", raw)
            last = core != raw
            if core.endswith("."):
                core, last = core.rstrip("."), True
        if core.lower() in _PARTICLES and tokens:
            core = core.lower()
        elif not core or not core[0].isupper() or core in _STOP or not re.search(r"[^\W\d_]", core):
            break
        tokens.append(core)
        end = m.start(1) + len(core)
        if last or len(tokens) >= 5:
            break
    while tokens and (tokens[-1].lower() in _PARTICLES or re.fullmatch(r"[A-Z]\.", tokens[-1])):
        tokens.pop()
    if not tokens:
        return None, pos
    return _normalise_name(tokens), end


def _normalise_name(tokens: list[str]) -> str:
    """Title-case capitalised surnames; "KISHIDA Fumio" becomes "Fumio Kishida"."""
    if len(tokens) >= 2 and len(tokens[0]) > 1 and tokens[0].isupper() and not tokens[1].isupper():
        tokens = tokens[1:] + [tokens[0]]
    return " ".join(t.capitalize() if len(t) > 2 and t.isupper() else t for t in tokens)


def _lookup(name: str, lex: Lexicon, role: str | None = None) -> PersonEntry | None:
    """The lexicon entry for a printed name: alias, then surname with matching initial."""
    entry = lex.by_alias.get(name.lower())
    if entry:
        return entry
    parts = [p for p in re.split(r"[\s,]+", name) if p and p.rstrip(".") not in {"Jr", "Sr"}]
    if not parts:
        return None
    short = " ".join(p for p in parts if not re.fullmatch(r"[A-Z]\.", p))
    entry = lex.by_alias.get(short.lower())
    if entry:
        return entry
    candidates = lex.by_token.get(parts[-1].lower(), [])
    if len(parts) == 1:
        if role:
            fitting = [c for c in candidates if c.tenures_for(role) is not c.roles or not c.roles]
            candidates = fitting or candidates
        return candidates[0] if len(candidates) == 1 else None
    same_initial = [c for c in candidates if c.name.split()[0][0].lower() == parts[0][0].lower()]
    return same_initial[0] if len(same_initial) == 1 else None


# ------------------------------------------------------------------ merging


def _merge(raw: list[Mention], lex: Lexicon) -> list[Mention]:
    """One mention per person: same canonical name, or a lone surname of someone found."""
    people: list[Mention] = []
    for mention in raw:
        target = _same_person(mention, people)
        if target is None:
            people.append(mention)
            continue
        i = people.index(target)
        keep_name = target.name if len(target.name.split()) >= len(mention.name.split()) else mention.name
        entry = target.entry or mention.entry
        if entry:
            keep_name = entry.name
        people[i] = Mention(
            name=keep_name,
            role=target.role or mention.role,
            country=target.country or mention.country,
            entry=entry,
            sentence=target.sentence if target.lead or not mention.lead else mention.sentence,
            lead=target.lead or mention.lead,
            credited=(target.credited if target.lead else mention.credited)
            if target.lead != mention.lead
            else target.credited and mention.credited,
        )
    return people


def _same_person(mention: Mention, people: list[Mention]) -> Mention | None:
    for other in people:
        if other.name == mention.name or (other.entry is not None and other.entry is mention.entry):
            return other
    tokens = mention.name.split()
    if len(tokens) == 1:
        hits = [o for o in people if tokens[0] in o.name.split()]
        if len(hits) == 1:
            return hits[0]
    for other in people:
        if len(other.name.split()) == 1 and other.name in tokens:
            return other
    return None
