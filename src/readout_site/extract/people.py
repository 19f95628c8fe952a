"""People in a readout: who took part, who was only mentioned.

People are found in every sentence (or, outside the lead, every paragraph) by:

* a role pattern, in the forms governments write them: "Kyrgyz President Sadyr
  Zhaparov", "President of Kazakhstan Kassym-Jomart Tokayev", "Prime Minister
  Modi of India", "State Councilor and Foreign Minister Wang Yi", "his Kyrgyz
  counterpart Chingiz Aidarbekov", "Special Representative of the Chinese Government
  on Eurasian Affairs Li Hui", and appositives on either side: "Mr. KISHIDA Fumio,
  Prime Minister of Japan," (surname first in capitals) and "The President of the
  Republic, Emmanuel Macron,"; the name need not be in the lexicon;
* a full name (or alias) the lexicon knows, anywhere ("Japarov" is Sadyr Zhaparov);
* an honorific and a name ("Dr. Jill Biden", "Mrs. Kim Keon Hee");
* a family name alone that the lexicon gives to one person only ("Putin's war
  machine"), mid-sentence and not joined to another capitalised word;
* the subject of the event verb in the lead ("Vladimir Putin had a telephone
  conversation with ...").

Lines that say who issues a statement ("The following is attributable to
Spokesperson Ned Price:") name no one. Participants are the people of the title and
the lead sentences, except those named as the source of a message, greeting or
invitation; everyone else is mentioned. ``is_first_person`` and ``office_holder``
let the record name an author ("Today I met ...") or an office named without its
holder ("The Prime Minister spoke to ...") from the page's bylines or the lexicon.

For speed the lexicon's names are looked up word by word (capitalised words only,
compared whole on the lower-case text) rather than with one regex of every alias.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass

from readout_site.extract.caseless import Caseless
from readout_site.lexicon import Lexicon, PersonEntry

log = logging.getLogger(__name__)

_BASE_ROLES = (
    "President", "Vice President", "Vice-President", "Prime Minister", "Premier", "Vice Premier",
    "Chancellor", "Federal Chancellor", "Federal Councillor", "Federal Councilor", "Federal Minister",
    "Foreign Minister", "Foreign Secretary", "Secretary of State",
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
    "Ambassador Extraordinary and Plenipotentiary", "Special Adviser", "Special Advisor", "Chief Adviser",
    "Chief Advisor", "Adviser to the President", "Advisor to the President", "Special Adviser to the President",
    "Special Advisor to the President", "Chief Adviser to the President", "Chief Advisor to the President",
    "Senior Adviser to the President", "Senior Advisor to the President",
    "Presidential Aide", "Aide to the President", "Aide", "Presidential Adviser", "Presidential Advisor",
    "Adviser", "Advisor", "Envoy", "Presidential Envoy", "Chief of Staff", "Under Secretary", "Minister of State",
    "President of the Council of Ministers", "Chairman of the Council of Ministers", "President of the Government",
    "Secretary", "Press Secretary", "Cabinet Secretary", "Permanent Secretary", "Party Secretary",
)
_STYLES = frozenset({"Senator"})  # printed before a name as a style: "Senator the Hon Penny Wong, Minister for ..."
_PORTFOLIOS = (
    "Foreign Affairs", "External Affairs", "Foreign Affairs and Trade", "Foreign and European Affairs",
    "Europe and Foreign Affairs", "Foreign Affairs and International Cooperation", "Foreign Trade",
    "Defense", "Defence", "National Defense", "National Defence", "Trade", "Commerce", "Finance",
    "Economy", "Economic Development", "Energy", "Health", "Interior", "Home Affairs", "Justice",
    "Education", "Culture", "Agriculture", "Industry", "Trade and Industry", "Transport", "Investment",
    "Emergency Situations", "Digital Development", "Science and Technology", "Natural Resources",
    "Economy and Finance", "Economy and Commerce", "Investments", "Labour", "Labor", "Environment",
)
_PREFIX = (r"(?:(?:Acting|Deputy|First Deputy|First Vice|Second Vice|Vice|Executive|Former|Interim|Assistant|Outgoing|"
           r"Incoming|Senior)\s+)?")
_PORTFOLIO = "(?:" + "|".join(sorted(map(re.escape, _PORTFOLIOS), key=len, reverse=True)) + ")"
_ONE_ROLE = (
    _PREFIX
    + "(?:"
    + rf"(?:Minister|Secretary) (?:of|for) (?:the )?{_PORTFOLIO}"
    + "|"
    + "|".join(sorted(map(re.escape, _BASE_ROLES), key=len, reverse=True))
    + ")"
)
ROLE = rf"(?:{_ONE_ROLE})(?:(?:,\s*|\s+and\s+|\s+&\s+|/)(?:{_ONE_ROLE}))*"
# No look-behind in front: a pattern that starts with its literal alternatives lets the regex
# engine skip ahead fast; the character before a match is checked in code (``_starts_word``).
_ROLE_RE = re.compile(rf"(?P<role>{ROLE})(?![\w'’-])")
_ROLE_STARTS = frozenset(
    [role.split()[0] for role in _BASE_ROLES]
    + "Minister Secretary Acting Deputy First Vice Executive Former Interim Assistant Outgoing Incoming Senior".split()
)
_UP = "A-ZÀ-ÖØ-ÞĀ-ŽŠŽ"  # capital letters, Latin-1 and Latin Extended-A included
_CAP = rf"[{_UP}][\w'’.-]*"
_COUNTERPART_RE = re.compile(rf"\b(?:his|her|their|its)\s+(?P<dem>[{_UP}][\w.'-]*(?:\s[{_UP}][\w.'-]*)?\s+)?counterparts?\b")
_OF_COUNTRY = re.compile(
    rf"\s*(?:,\s*)?of\s+(?:the\s+)?(?P<c>{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP}){{0,4}})"
)
_TO_COUNTRY = re.compile(rf"\s+to\s+(?:the\s+)?(?P<c>{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP}){{0,4}})")
# "of the Chinese Government on Eurasian Affairs": what an office is of, before the holder's name.
_QUALIFIER = re.compile(
    rf"\s+(?:of|for|on)\s+(?:the\s+)?(?P<run>{_CAP}(?:\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?{_CAP}){{1,9}})"
)
_INSTITUTION = frozenset(
    """Government Affairs Committee Council Republic Federation Ministry Office Commission Party Bureau Union
    Organization Organisation Nations Assembly Kingdom States Department Agency Cabinet Parliament Congress
    Court Bank Fund Forum Group Issues Region Security Administration Presidency Secretariat Cooperation
    Relations Policy Defense Defence Trade Development Central Revolutionary Programme Program Institute Centre
    Center Authority Service Alliance Community Partnership Mission Force""".split()
)
_HONORIFICS = (
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|H\.\s?E\.|His Excellency|Her Excellency|His Majesty|Her Majesty|His Highness|"
    r"Her Highness|His Royal Highness|The Rt\.? Hon\.?|the Rt\.? Hon\.?|The Hon(?:ourable|orable|\.)?|"
    r"the Hon(?:ourable|orable|\.)?|Hon\.|Hon(?:ourable|orable)|Shri|Smt\.?|Sir|Dame|Lord|Gen\.|Sheikh|Sheikha|Madam|Mme\.?|"
    r"(?<=Minister )Prince|(?<=Minister )Princess|(?<=Minister )Senator|(?<=Secretary )Senator"  # "Foreign Minister Prince Faisal bin Farhan": the office
)
_HONORIFIC = re.compile(rf"(?:{_HONORIFICS})\s+")
_HONORIFIC_NAME = re.compile(rf"(?:{_HONORIFICS})\s+(?=[{_UP}])")
_HONORIFIC_STARTS = frozenset(
    "Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. H. His Her The Hon Hon. Rt Rt. Shri Smt Smt. Sir Dame Lord Gen. Sheikh Sheikha "
    "Madam Mme Mme. Honorable Honourable".split()
)
_NAME_BEFORE = re.compile(
    rf"(?P<name>(?:(?:{_CAP}|bin|bint|ibn|al|el|de|da|dos|van|von|der|den|di|del|le|la)\s+){{0,6}}{_CAP})"
    r"\s*,\s*(?:the\s+)?$"
)
_PARTICLES = frozenset("bin bint ibn al el de da do dos du van von der den la le di del ben ter zu".split())
_STOP = frozenset(
    """Meets Met Meet Holds Held Hold Speaks Spoke Speak Has Had Have Talks Talk Calls Call Called Receives Received
    Visits Visit Visited Attends Attended And With On In At Of For To The A An Phone Telephone Conversation
    Meeting Video Conference Summit Said Says Noted Stressed Expressed During After Before Over By From Via
    Readout Joint Statement Statements Press Release Remarks Hosts Hosted Chairs Co-Chairs Pledge Pledges
    Discuss Discusses Discussed Exchange Exchanges Sends Sent Congratulates Thanks Thanked Welcomes MP MEP
    Earlier Later Also Meanwhile Afterwards Subsequently Previously Then However Additionally Furthermore
    Jr Sr II III IV Today Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday Side Sides
    Government Republic People's Ministry Office Council Party Committee Federation Kingdom State States
    President Minister Prime Premier Chancellor Secretary King Queen Emir Prince Chairman Ambassador
    Mr Mrs Ms Dr Hon His Her Excellency Majesty Will Would This That These Those It We I He She They
    FM FMs PM PMs VP""".split()
)
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
_MENTION_CONTEXT = Caseless(
    r"(?:message (?:from|of)|greetings? (?:from|of)|regards (?:from|of)|on behalf of|invitation of|invited by|"
    r"letter (?:from|of)|congratulat\w*|condolences? (?:from|of)|envoy of|representative of|proposed by|"
    r"initiative of|conveyed|(?:margins|sidelines) of (?:the |his |her )?(?:state |official |working )?visit "
    r"(?:to [\w' -]{1,40} )?(?:of|by))\s+(?:\w+\s+){0,3}$"
)
# "on the sidelines of President Prabowo Subianto's state visit to China": whose visit it is, not who met.
_VISIT_OWNER = re.compile(r"\b(?:margins|sidelines) of (?P<who>[^,;]{1,80}?)['’]s (?:state |official |working )?visit\b")
_EVENT_VERB = Caseless(
    r"\b(?:met|meets|meet|meeting|talks|held|holds|phone|telephone|call|calls|spoke|speaks|video|received|receives|"
    r"hosted|hosts|visit|visited|visits|conversation|discussed|summit|dinner)\b"
)
_SUBJECT_RE = re.compile(
    rf"^(?P<name>[{_UP}][\w'’-]+(?:\s+[{_UP}][\w'’.-]+){{1,3}})\s+(?:had|held|has|holds|met|meets|spoke|speaks|"
    r"received|receives|hosted|hosts|talked|called)\b"
)
# Lines that say who issues the statement, not who took part: "The following is attributable to
# Spokesperson Ned Price:", "Government spokesperson Steffen Hebestreit issued the following statement:".
_ATTRIBUTION = Caseless(
    r"\battributable to\b|\bissued the following\b|\bthe following (?:statement|readout)\b|"
    r"\b(?:spokesperson|spokesman|spokeswoman|press secretary)\b[^.]{0,80}\b(?:said|says|stated)\b[^.]{0,20}:?\s*$"
)
_FIRST_PERSON = re.compile(
    r"(?:^|[,;]\s*|\b(?i:today|yesterday|this \w+),?\s+)(?:I|We)\s+(?:have\s+|had\s+|just\s+)?"
    r"(?:met|meet|spoke|speak|held|hold|hosted|host|received|receive|welcomed|welcome|talked|had)\b"
)
_NAME_TOKEN = re.compile(r"\s*([^\s,;:()\"“”]+)")
_CAPWORD = re.compile(rf"[{_UP}][^\s,;:()\[\]\"“”]*")
_INITIAL = re.compile(r"[A-Z]\.")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # "J.", "L.P."
_REGNAL = re.compile(r"(?:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)")  # "Abdullah II", "Charles III"
_JOINED_PARTICLE = re.compile(rf"(?:al|el|ad|an|ar|as|ash|at|az|ud|ul|ur|ibn|bin|d|dell)[-'’][{_UP}]")


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
    """All people in ``sentences`` (each ``(text, is_lead)``), merged by person, in order.

    A lead text is one sentence; other texts may be runs of sentences (a paragraph).

    Attribution lines ("The following is attributable to Spokesperson ...") are skipped:
    whoever issues a statement is neither a participant nor mentioned.
    """
    raw: list[Mention] = []
    for sentence, lead in sentences:
        if not is_attribution(sentence):
            raw.extend(_in_sentence(sentence, lead, lexicon))
    return _merge(raw)


def split_roles(people: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Participants and mentioned people. A spokesperson is only mentioned when others take part:
    the readout quotes them ("..., Kremlin Spokesman Dmitry Peskov told reporters")."""
    participants = [p for p in people if p.lead and not p.credited]
    if len([p for p in participants if not _speaks_for(p)]) >= 2:
        participants = [p for p in participants if not _speaks_for(p)]
    if not participants:
        participants = [p for p in people if p.lead]
    taken = {p.name for p in participants}
    return participants, [p for p in people if p.name not in taken]


def _speaks_for(mention: Mention) -> bool:
    role = (mention.role or "").lower()
    return "spokes" in role or "press secretary" in role


@functools.lru_cache(maxsize=4096)
def is_event_sentence(sentence: str) -> bool:
    """True when the sentence names a meeting, call or visit (cached: the rules ask often)."""
    return _EVENT_VERB.occurs(sentence)


_ATTRIBUTION_HINTS = ("attributable", "the following", "spokes", "press secretary")


def tells_attendance(sentence: str) -> bool:
    """True for a sentence saying who else took part: "Foreign Minister X also attended the meeting",
    "X, Y and Z were present at the talks", "the President was accompanied by X", "the EU was represented by X",
    or whom the principal also met on the occasion: "He also met with X", "paid a courtesy call on X" (not
    "attended a lunch", another event, nor a meeting of another time: "also met X in Bali last year")."""
    low = sentence.lower()  # (a chain of `in`, not a loop: this is asked of every sentence of every readout)
    if not ("attend" in low or "chaired" in low or "present at" in low or "took part" in low or "joined" in low
            or "participated" in low or "accompanied by" in low or "represented by" in low or "also " in low
            or "courtesy call" in low):
        return False
    return _ATTENDANCE.occurs(sentence) and not _ANOTHER_TIME.occurs(sentence)

_ATTENDANCE = Caseless(
    r"\b(?:attended|chaired|(?:was|were) (?:also )?present at|took part in|joined|participated in)\s+(?:the|this)\s+"
    r"(?:meeting|talks|call|phone call|telephone call|video call|conversation|videoconference|summit|events?)\b"
    r"|\b(?:was|were) chaired by\b|\balso attended\s*[.;]"
    r"|\b(?:was|were) (?:also )?(?:accompanied|represented|attended) by\b|\balso took part\b"
    r"|\balso (?:met|held (?:separate )?(?:talks|a meeting|meetings)|had (?:a )?(?:separate )?(?:meeting|talks))\b"
    r"|\bcourtesy calls? (?:on|to)\b"
)
_ANOTHER_TIME = Caseless(r"\b(?:last (?:year|month|week)|previously|earlier this year|years? ago|in (?:19|20)\d\d\b)")


@functools.lru_cache(maxsize=4096)
def is_attribution(sentence: str) -> bool:
    """True for a line naming who issues the statement ("attributable to Spokesperson ...")."""
    low = sentence.lower()
    return any(hint in low for hint in _ATTRIBUTION_HINTS) and _ATTRIBUTION.occurs(sentence)


def is_first_person(sentence: str) -> bool:
    """True when the author reports the event as its subject: "Today I met with ..."."""
    return ("I " in sentence or "We " in sentence) and bool(_FIRST_PERSON.search(sentence))


def people_in(text: str, lexicon: Lexicon) -> list[Mention]:
    """The people a short text (a byline, an authorisation line) names."""
    return _merge(_in_sentence(text, True, lexicon))


def office_holder(lexicon: Lexicon, title: str, country: str, day: dt.date) -> PersonEntry | None:
    """The one person the lexicon says held ``title`` for ``country`` on ``day``, or None."""
    low = title.lower()
    holders = [
        p for p in lexicon.people
        if p.country == country and any(t.title.lower() == low and t.covers(day) for t in p.roles)
    ]
    return holders[0] if len(holders) == 1 else None


# ------------------------------------------------------------------ one sentence


def _in_sentence(sentence: str, lead: bool, lex: Lexicon) -> list[Mention]:
    found: list[tuple[int, int, Mention]] = []

    hosts = [m.span("who") for m in _VISIT_OWNER.finditer(sentence)] if "visit" in sentence else []

    def add(start: int, end: int, name: str, role, country, entry) -> None:
        if any(s <= start < e or s < end <= e or (start <= s and e <= end) for s, e, _ in found):
            return
        credited = _MENTION_CONTEXT.occurs(sentence, max(0, start - 80), start) or any(
            s <= start < e for s, e in hosts)
        found.append((start, end, Mention(name, role, country, entry, sentence, lead, credited)))

    words = [(*m.span(), m.group()) for m in _CAPWORD.finditer(sentence)]
    for m in _roles(sentence, words):
        _role_mention(sentence, m, lex, add)
    if "counterpart" in sentence:
        for m in _COUNTERPART_RE.finditer(sentence):
            name, end = _read_name(sentence, m.end())
            if name:
                country = lex.country((m["dem"] or "").strip())
                entry = _lookup(name, lex)
                add(m.start(), end, entry.name if entry else name, None, country or (entry and entry.country), entry)
    _by_word(sentence, words, lex, add)
    if _OFFICE_HINT.search(sentence):  # (the full pattern, tried at every capital letter, is slow)
        _office_after(sentence, lex, add)
    if lead:
        m = _SUBJECT_RE.match(sentence)
        if m and not any(lex.country(t) for t in m["name"].split()) and not _ROLE_RE.search(m["name"]):
            tokens = [t for t in m["name"].split() if t not in _STOP]
            if len(tokens) >= 2 and tokens == m["name"].split():
                entry = _lookup(m["name"], lex)
                add(0, m.end("name"), entry.name if entry else m["name"], None, entry and entry.country, entry)
    found.sort(key=lambda x: x[0])
    return [mention for _, _, mention in found]


# "Kirill Dmitriev, head of the Russian Direct Investment Fund,": a name, then its office in lower case.
_NAME_THEN_OFFICE = re.compile(
    rf"(?<![\w'’-])(?P<name>{_CAP}(?:\s+{_CAP}){{1,3}}),\s+(?:the\s+)?(?P<office>(?:deputy\s+|first\s+deputy\s+)?"
    r"(?:head|chief executive|chief|director general|director|chairman|chairwoman|chair|governor|secretary general|"
    r"ambassador|envoy|spokesperson|spokesman|spokeswoman)\s+(?:of|to)\s+(?:the\s+)?"
    rf"{_CAP}(?:\s+(?:of\s+(?:the\s+)?|and\s+)?{_CAP}){{0,6}})"
)


_OFFICE_HINT = re.compile(
    r", (?:the )?(?:deputy |first deputy )?(?:head|chief|director|chair|governor|secretary general|ambassador|envoy|spokes)"
)


def _office_after(sentence: str, lex: Lexicon, add) -> None:
    """People named with their office after them, in lower case: "Kirill Dmitriev, head of the Russian
    Direct Investment Fund" (the office's country, when it names one, is theirs)."""
    for m in _NAME_THEN_OFFICE.finditer(sentence):
        name, _ = _read_name(m["name"], 0)
        if not name or name != " ".join(m["name"].split()) or lex.country(name) or lex.place(name):
            continue  # words that are no name ("The President", a place), or a name cut short
        office = m["office"].rstrip(".,;:")
        entry = _lookup(name, lex)
        country = _country_in_run(office.split(" of ", 1)[-1].split(" to ", 1)[0], lex)
        add(m.start("name"), m.end("name"), entry.name if entry else name, office[:1].upper() + office[1:],
            country or (entry and entry.country), entry)


def _roles(sentence: str, words) -> list[re.Match]:
    """Printed roles in a sentence, tried only at words a role can start with."""
    found, after = [], 0
    for start, _, raw in words:
        if start < after or raw.rstrip(",.;:") not in _ROLE_STARTS:
            continue
        m = _ROLE_RE.match(sentence, start)
        if m is not None:
            found.append(m)
            after = m.end()
    return found


def _starts_word(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-")


def _role_mention(sentence: str, m: re.Match, lex: Lexicon, add) -> None:
    """A person after (or, in an appositive, before) a printed role."""
    role = " ".join(m["role"].split())
    pos = m.end()
    country = _country_before(sentence[: m.start()], lex)
    of = _OF_COUNTRY.match(sentence, pos)
    if of and (c := _country_in(of["c"], lex)):
        country, pos = c, of.start("c") + len(_country_prefix(of["c"], lex))
    if (to := _TO_COUNTRY.match(sentence, pos)) and _country_in(to["c"], lex):
        pos = to.start("c") + len(_country_prefix(to["c"], lex))  # "Ambassador (of X) to Y Name": not Y's
    name, end = _name_after(sentence, pos)
    if not name and (q := _QUALIFIER.match(sentence, m.end())):
        name, end, qualified = _name_after_qualifier(q)
        country = country or _country_in_run(qualified, lex)
    named_before = None if name else _named_before(sentence, m.start(), lex)
    if not name and named_before is None:  # "A, Minister of X, B, Minister of Y": the role is A's, not B's
        name, end = _appositive_after(sentence, pos, lex)
    if name and role in _STYLES and (office := _OFFICE_SET_OFF.match(sentence, end)):
        role, end = " ".join(office["role"].split()), office.end()  # the office the name is given, not the style
    if name:
        after = _OF_COUNTRY.match(sentence, end)
        if after and not country and _country_prefix(after["c"], lex).rstrip(",.") == after["c"].rstrip(",."):
            country = _country_in(after["c"], lex)  # "..., Minister of X", not "Biden of the Ukraine ... Act"
        entry = _lookup(name, lex, role)
        add(m.start(), end, entry.name if entry else name, role, country or (entry and entry.country), entry)
        return
    # "Mr. KISHIDA Fumio, Prime Minister of Japan", "Fernando Haddad, Minister of Finance;": the name before
    # the role, when the role names a country or ends the appositive.
    if named_before is not None and (of and country or _ENDS_APPOSITIVE.match(sentence, m.end())):
        start, name = named_before
        entry = _lookup(name, lex, role)
        add(start, m.end(), entry.name if entry else name, role, country or (entry and entry.country), entry)


_ENDS_APPOSITIVE = re.compile(r"\s*(?:[;,)]|\.?$|\s+and\s)")
_OFFICE_SET_OFF = re.compile(rf"\s*,\s*(?:the\s+)?(?P<role>{ROLE})(?![\w'’-])")


def _named_before(sentence: str, pos: int, lex: Lexicon) -> tuple[int, str] | None:
    """The person named just before a role at ``pos`` and set off from it by a comma
    ("Mr. KISHIDA Fumio, Prime Minister of Japan"): where the name starts, and the name."""
    if not sentence[max(0, pos - 6):pos].rstrip().endswith((",", ", the")):
        return None  # (the regex below, tried at every place of 80 characters, is the slow way to say so)
    before = _NAME_BEFORE.search(sentence, max(0, pos - 80), pos)
    if before is None:
        return None
    printed = before["name"]
    last = None
    for last in _HONORIFIC_NAME.finditer(printed):
        pass
    printed = printed[last.end():] if last else printed  # "at the AU Headquarters H.E. Mr. Antonio Tajani"
    name, _ = _read_name(printed, 0)
    if not name or _ROLE_RE.match(name) or lex.country(name) or lex.place(name):
        return None
    return before.start(), name


def _name_after(sentence: str, pos: int) -> tuple[str | None, int]:
    """A name right after a role, honorifics skipped: "President Shri Narendra Modi"."""
    at = _skip_space(sentence, pos)
    while (hon := _HONORIFIC.match(sentence, at)) is not None:
        at = hon.end()
    name, end = _read_name(sentence, at)
    return (name, end) if name else (None, pos)


def _name_after_qualifier(q: re.Match) -> tuple[str | None, int, str]:
    """In "of the Chinese Government on Eurasian Affairs Li Hui", the name after the last institution word."""
    tokens = list(re.finditer(r"\S+", q["run"]))
    last = max((i for i, t in enumerate(tokens) if t.group(0) in _INSTITUTION), default=None)
    if last is None or len(tokens) - last - 1 < 2:
        return None, q.start(), ""
    start = q.start("run") + tokens[last + 1].start()
    name, end = _read_name(q.string, start)
    if not name or len(name.split()) < 2:
        return None, q.start(), ""
    return name, end, q["run"][: tokens[last].end()]


def _appositive_after(sentence: str, pos: int, lex: Lexicon) -> tuple[str | None, int]:
    """"The President of the Republic, Emmanuel Macron, ...": a name set off by commas."""
    m = _APPOSITIVE.match(sentence, pos)
    if not m:
        return None, pos
    name, end = _name_after(sentence, m.end())
    if name and (sentence[end:end + 1] in {",", ")", ";"} or sentence[end:].strip() == "."
                 or lex.by_alias.get(name.lower())):
        return name, end
    return None, pos


# What may follow a role before the comma that sets its holder's name off: "of the Republic", and the
# rest of a portfolio ("Minister of Environment| and Climate Change|, Marina Silva").
_APPOSITIVE = re.compile(r"(?:\s+(?:of|for|and|&)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}){0,3}\s*,\s*")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _country_before(prefix: str, lex: Lexicon) -> str | None:
    """A demonym or country written just before a role: "Kyrgyz", "U.S.", "Kyrgyzstan's"."""
    words = prefix.rstrip().rsplit(None, 2)[-2:]
    if not words or not words[-1][:1].isupper():
        return None
    candidates = [words[-1]] if len(words) < 2 or not words[0][:1].isupper() else [" ".join(words), words[-1]]
    for candidate in candidates:
        bare = re.sub(r"['’]s$", "", candidate)
        country = lex.country(bare)
        if country:
            return country
    return None


def _country_in(text: str, lex: Lexicon) -> str | None:
    prefix = _country_prefix(text, lex)
    return lex.country(prefix.rstrip(",.")) if prefix else None  # "of Japan." ends a sentence


def _country_in_run(text: str, lex: Lexicon) -> str | None:
    """The first country or demonym anywhere in a run of capitalised words."""
    words = text.split()
    for i in range(len(words)):
        country = _country_in(" ".join(words[i:]), lex)
        if country:
            return country
    return None


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
    named = 0  # tokens that are not particles
    end = pos
    for m in _NAME_TOKEN.finditer(text, pos):
        if m.start() != end:
            break
        raw = m.group(1)
        last = False
        if _INITIALS.fullmatch(raw):  # "J." or "L.P."
            core = raw
        else:
            core = _strip_possessive(raw)
            last = core != raw
            if core.endswith("."):
                core, last = core.rstrip("."), True
        if core.lower() in _PARTICLES and tokens:
            core = core.lower()
        elif tokens and _REGNAL.fullmatch(core):
            last = True  # "King Abdullah II": the number is the name's last word
        elif _JOINED_PARTICLE.match(core):
            pass  # "al-Sudani", "el-Sisi", "d'Estaing": a particle joined to a capitalised name
        elif not core or not core[0].isupper() or core in _STOP or core in _MONTHS:
            break  # (an upper-case first character is a letter: the token has one)
        tokens.append(core)
        named += core not in _PARTICLES
        end = m.start(1) + len(core)
        if last or named >= 5:  # five words besides particles: "Mohammed bin Abdulrahman bin Jassim Al Thani"
            break
    while tokens and (tokens[-1].lower() in _PARTICLES or _INITIALS.fullmatch(tokens[-1])):
        tokens.pop()
    if not tokens:
        return None, pos
    return _normalise_name(tokens), end


def _strip_possessive(word: str) -> str:
    """"Putin's" -> "Putin", "Lavrov’" -> "Lavrov"."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


def _normalise_name(tokens: list[str]) -> str:
    """Title-case capitalised surnames; "KISHIDA Fumio" becomes "Fumio Kishida" (a Japanese name is
    given name first in English), "PARK Jin" becomes "Park Jin" (a Korean, Chinese or Vietnamese
    one keeps its family name first)."""
    if (len(tokens) >= 2 and len(tokens[0]) > 1 and tokens[0].isupper() and not tokens[1].isupper()
            and tokens[0].capitalize() not in _FAMILY_NAME_FIRST):
        tokens = tokens[1:] + [tokens[0]]
    return " ".join(t.capitalize() if len(t) > 2 and t.isupper() and not (_REGNAL.fullmatch(t) or _INITIALS.fullmatch(t))
                    else t for t in tokens)


_FAMILY_NAME_FIRST = frozenset("""
    Park Kim Lee Choi Chung Jung Kang Cho Yoon Yun Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong Jeon Ko
    Moon Yang Son Bae Baek Heo Nam Shim Noh Roh Ha Kwak Sung Cha Joo Woo Koo Min Ryu Na Jin Ji Chae Won Chun Bang
    Wang Li Zhang Liu Chen Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Liang Zheng Xie Tang Feng Yu
    Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Su Lu Jiang Cai Jia Ding Wei Xue Ye Yan Qin Qi Ren Xi Du
    Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Ngo Duong Ly
""".split())
"""Family names of Korean, Chinese and Vietnamese names, which stay first in English ("Park Jin",
"Wang Yi", "Nguyen Phu Trong"): a name printed family name first in capitals keeps its order
when the family name is one of these; any other (Japanese: "KISHIDA Fumio") moves last."""


def _lookup(name: str, lex: Lexicon, role: str | None = None) -> PersonEntry | None:
    """The lexicon entry for a printed name: alias, then surname with a matching first name or initial."""
    entry = lex.by_alias.get(name.lower())
    if entry:
        return entry
    parts = [p for p in re.split(r"[\s,]+", name) if p and p.rstrip(".") not in {"Jr", "Sr"}]
    if not parts:
        return None
    short = " ".join(p for p in parts if not _INITIALS.fullmatch(p))
    entry = lex.by_alias.get(short.lower())
    if entry:
        return entry
    if len(parts) == 2:  # "Yi Wang" from "Mr. WANG Yi": the family name written first, then moved last
        entry = lex.by_alias.get(f"{parts[1]} {parts[0]}".lower())
        if entry:
            return entry
    for form in _shorter_lineages(short):
        entry = lex.by_alias.get(form.lower())
        if entry:
            return entry
    candidates = lex.by_token.get(parts[-1].lower(), [])
    if len(parts) == 1:
        if role:
            fitting = [c for c in candidates if c.tenures_for(role) is not c.roles or not c.roles]
            candidates = fitting or candidates
        return candidates[0] if len(candidates) == 1 else None
    first = parts[0].rstrip(".").lower()
    fitting = [c for c in candidates if _first_names(c) & ({first} if len(first) > 1 else {n[0] for n in _first_names(c)} & {first})]
    return fitting[0] if len(fitting) == 1 else None


def _shorter_lineages(name: str) -> list[str]:
    """Forms of an Arabic name the lexicon may know it by: "Al-Thani" as "Al Thani", and the chain of
    fathers cut short ("Mohammed bin Salman bin Abdulaziz" -> "Mohammed bin Salman")."""
    if "-" not in name and " bin" not in name and " ibn " not in name:
        return []
    spaced = re.sub(r"\b(Al|al|Āl)-(?=[A-Z])", r"\1 ", name)
    forms = [spaced] if spaced != name else []
    words = spaced.split()
    links = [i for i, w in enumerate(words) if w in ("bin", "bint", "ibn")]
    forms += [" ".join(words[:i]) for i in reversed(links[1:])]
    return forms


def _first_names(entry: PersonEntry) -> set[str]:
    """The first tokens of a person's name and aliases, lower case."""
    return {alias.split()[0].rstrip(".").lower() for alias in (entry.name, *entry.aliases) if alias.split()}


# ------------------------------------------------------------------ the lexicon's names


_NORMS: dict[str, str] = {}


def _norm(token: str) -> str:
    """A word as the alias index keys it: lower case, no possessive, no final full stop (initials keep it)."""
    done = _NORMS.get(token)
    if done is not None:
        return done
    word = token.strip("'‘’")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word.endswith(".") and not _INITIAL.fullmatch(word):
        word = word.rstrip(".")
    word = word.lower()
    if len(_NORMS) < 100_000:
        _NORMS[token] = word
    return word


_INDEXES: dict[int, tuple] = {}


def _indexes(lex: Lexicon):
    """``(lex, alias index, surnames)``: the alias index (first word of every alias -> [(whole
    alias in lower case, person)], longest first) and the family names (last word of the name or
    an alias) that belong to exactly one person."""
    cached = _INDEXES.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached
    index: dict[str, list[tuple[str, PersonEntry]]] = {}
    owners: dict[str, set[str]] = {}
    firsts: set[str] = set()
    for alias, entry in lex.by_alias.items():
        words = alias.split()
        if not words:
            continue
        index.setdefault(_norm(words[0]), []).append((" ".join(words).lower(), entry))
        if len(words) > 1:
            owners.setdefault(_norm(words[-1]), set()).add(entry.name)
            firsts.add(_norm(words[0]))
    for bucket in index.values():
        bucket.sort(key=lambda item: len(item[0]), reverse=True)
    by_name = {p.name: p for p in lex.people}
    surnames = {
        word: by_name[next(iter(names))]
        for word, names in owners.items()
        if len(names) == 1 and len(word) >= 4 and word not in firsts and next(iter(names)) in by_name
    }
    cached = (lex, index, surnames)
    _INDEXES[id(lex)] = cached
    return cached


def _by_word(sentence: str, words, lex: Lexicon, add) -> None:
    """People found word by word: a name the lexicon knows, an honorific and a name, a lone family name.

    ``words`` are the sentence's capitalised words as ``(start, end, word)``. At each word
    the lexicon's full names (compared whole on the lower-case sentence) come first, then
    "Mr./Dr./The Hon. NAME", then a family name the lexicon gives to one person only.
    """
    _, index, surnames = _indexes(lex)
    low = sentence.lower()
    comparable = len(low) == len(sentence)
    after = 0
    for i, (start, end, raw) in enumerate(words):
        if start < after:
            continue
        word = _norm(raw)
        bucket = index.get(word)
        if bucket and comparable:
            hit = _alias_at(low, start, bucket)
            if hit is not None:
                add(start, hit[0], hit[1].name, None, hit[1].country, hit[1])
                after = hit[0]
                continue
        if raw in _HONORIFIC_STARTS and (m := _HONORIFIC_NAME.match(sentence, start)):
            name, name_end = _read_name(sentence, m.end())
            if name and len(name.split()) >= 2 and not _ROLE_RE.match(name):
                entry = _lookup(name, lex)
                add(m.end(), name_end, entry.name if entry else name, None, entry and entry.country, entry)
                after = name_end
                continue
        if word in surnames and _lone_surname(sentence, words, i, word, lex):
            entry = surnames[word]
            add(start, start + len(word), entry.name, None, entry.country, entry)


def _starts_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` begins a sentence of ``text`` (its start, or after ". ", "? ", ": "...)."""
    before = text[max(0, pos - 4):pos].rstrip(" \"“‘(")
    return not before or before[-1] in ".!?:;"


def _alias_at(low: str, start: int, bucket) -> tuple[int, PersonEntry] | None:
    """The longest alias of ``bucket`` written at ``start`` of ``low`` as whole words: (end, person)."""
    for alias, entry in bucket:
        end = start + len(alias)
        if low.startswith(alias, start) and (end == len(low) or not (low[end].isalnum() or low[end] in "-_")):
            return end, entry
    return None


_ACTS = re.compile(
    r"(?:['’]s)?\s+(?:also\s+)?(?:met|meets|said|says|spoke|speaks|held|holds|told|tells|thanked|thanks|noted|notes|"
    r"stressed|stresses|emphasi[sz]ed|welcomed|welcomes|expressed|expresses|added|underlined|underscored|reaffirmed|"
    r"discussed|urged|received|receives|hosted|hosts|visited|arrived|congratulated|invited|briefed)\b"
)


def _lone_surname(text: str, words, i: int, word: str, lex: Lexicon) -> bool:
    """True when the family name at ``words[i]`` stands alone ("Putin's war machine", "Blinken met ...").

    Not at the start of a sentence unless a verb of a person's act follows, not hyphenated, not
    joined to another capitalised word (so "Jill Biden" is not Joe Biden), and not a place, a
    country or a month.
    """
    start, end, raw = words[i]
    if "-" in raw or _starts_sentence(text, start) and not _ACTS.match(text, end):
        return False  # (a sentence's first word is a name when an act of a person follows: "Putin said")
    if i and words[i - 1][1] + 1 == start and not words[i - 1][2].endswith("."):
        return False
    if i + 1 < len(words) and end + 1 == words[i + 1][0] and raw == word.capitalize():
        return False
    return not (lex.country(word) or lex.place(word) or word.capitalize() in _MONTHS)


# ------------------------------------------------------------------ merging


def _merge(raw: list[Mention]) -> list[Mention]:
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
            role=_fuller_role(target.role, mention.role),
            country=target.country or mention.country,
            entry=entry,
            sentence=target.sentence if target.lead or not mention.lead else mention.sentence,
            lead=target.lead or mention.lead,
            credited=(target.credited if target.lead else mention.credited)
            if target.lead != mention.lead
            else target.credited and mention.credited,
        )
    return people


def _fuller_role(first: str | None, later: str | None) -> str | None:
    """The role a person is given first, unless a later mention gives the same office in full
    ("Envoy" in a headline, "Special Envoy" in the text)."""
    if first and later and len(later) > len(first) and later.endswith(" " + first):
        return later
    return first or later


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
