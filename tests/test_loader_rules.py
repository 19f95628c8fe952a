"""The loader's rules one by one, table-driven: each row is an input and what a reader sees in it.

Rows are written from the text (the date a sentence states, the person a phrase names),
never copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from readout_site import document
from readout_site.errors import LexiconError
from readout_site.extract import dates, kinds, people, places, topics
from readout_site.extract.calendar import find_dates, parse_date_line
from readout_site.extract.sentences import split_sentences
from readout_site.lexicon import Era, Lexicon, PersonEntry, Tenure, load_lexicon
from readout_site.records import _display_title
from readout_site.yamltext import RepeatedKey, load_yaml, load_yaml_noting_repeats

# ---------------------------------------------------------------- date expressions


@pytest.mark.parametrize(
    ("sentence", "year", "month", "day", "end_day", "end_month"),
    [
        ("On September 13, 2020 local time, the two met.", 2020, 9, 13, None, None),
        ("On 26 May, Wang Yi spoke with Aidarbekov.", None, 5, 26, None, None),
        ("Dated 20.08.2020 in the archive.", 2020, 8, 20, None, None),
        ("Filed 2020-08-20T10:30:00+08:00.", 2020, 8, 20, None, None),
        ("The summit on January 6-7 ended.", None, 1, 6, 7, None),
        ("During the state visit to China on January 5-6, 2023, they met.", 2023, 1, 5, 6, None),
        ("He visited from May 30 to June 2.", None, 5, 30, 2, 6),
        ("BEIJING, Jan. 5 (Xinhua) -- Xi met.", None, 1, 5, None, None),
        ("On the 3rd of March 2021 they spoke.", 2021, 3, 3, None, None),
        ("MARCH 3, 2022", 2022, 3, 3, None, None),
    ],
)
def test_find_dates_absolute(sentence, year, month, day, end_day, end_month):
    mention = find_dates(sentence)[0]
    assert (mention.year, mention.month, mention.day) == (year, month, day)
    assert (mention.end_day, mention.end_month) == (end_day, end_month)
    assert mention.absolute


def test_find_dates_month_and_year_only():
    mention = find_dates("In March 2019, Wang Yi held talks.")[0]
    assert (mention.year, mention.month, mention.day) == (2019, 3, None)


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("Yesterday afternoon, Wang Yi held talks.", "yesterday"),
        ("The President spoke on phone today with Macron.", "today"),
        ("President Macron this evening received Mr Kishida.", "today"),
        ("The call took place on Wednesday.", "weekday:2"),
        ("Xi met Thongloun here on Friday.", "weekday:4"),
        ("They met the day before yesterday.", "before-yesterday"),
    ],
)
def test_find_dates_relative(sentence, relative):
    mentions = [m for m in find_dates(sentence) if not m.absolute]
    assert [m.relative for m in mentions] == [relative]


@pytest.mark.parametrize("sentence", ["The two sides agreed on 30 points.", "Article 5 of the treaty.", "It has 2020 staff."])
def test_find_dates_ignores_numbers_that_are_not_dates(sentence):
    assert [m for m in find_dates(sentence) if m.day] == []


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("20.08.2020", dt.date(2020, 8, 20)),
        ("2020/08/20", dt.date(2020, 8, 20)),
        ("MARCH 3, 2022", dt.date(2022, 3, 3)),
        ("FEBRUARY 08, 2021", dt.date(2021, 2, 8)),
        ("1 November 2023, 15:40", dt.date(2023, 11, 1)),
        ("12 OCT 2022, 14:05", dt.date(2022, 10, 12)),
        ("Updated: January 06, 2023 23:10", dt.date(2023, 1, 6)),
        ("14 May 2023 - 16:05", dt.date(2023, 5, 14)),
        ("Updated 20:41, 24-Jan-2024", dt.date(2024, 1, 24)),
        ("Updated: 2024-08-22 07:09", dt.date(2024, 8, 22)),
        ("05.07.2024 12:00 Dushanbe city", dt.date(2024, 7, 5)),
        ("Doha, 11 October 2023", dt.date(2023, 10, 11)),
        ("Addis Ababa, Ethiopia, 15 March 2023", dt.date(2023, 3, 15)),
        ("Secretaría de Relaciones Exteriores | October 05, 2023", dt.date(2023, 10, 5)),
        # News agencies' date lines: a time with its zone, before or after the date.
        ("December 31, 2022 9:12 AM GMT+1 Updated", dt.date(2022, 12, 31)),
        ("October 15, 2023 2:47 PM GMT+2", dt.date(2023, 10, 15)),
        ("Updated 12:31 PM GMT+2, April 6, 2023", dt.date(2023, 4, 6)),
        ("2024-05-29 10:30", dt.date(2024, 5, 29)),
        ("2024-01-05 20:17:36", dt.date(2024, 1, 5)),
        ("Saturday, 25 February 2023", dt.date(2023, 2, 25)),
        ("9 January 2023 – Press release", dt.date(2023, 1, 9)),
        ("2023-02-25T17:45:00+01:00", dt.date(2023, 2, 25)),
        ("Publication date: July 8, 2024, 21:45", dt.date(2024, 7, 8)),
        # Labels and tails of other sites' date lines; Spanish, Portuguese, Indonesian dates on a line of their own.
        ("Date 2025-01-28 | Hit 2841", dt.date(2025, 1, 28)),
        ("Esra Taskin | 12.01.2024 - Update : 12.01.2024", dt.date(2024, 1, 12)),
        ("June 7, 2023 3:12 AM GMT+2 Updated June 7, 2023", dt.date(2023, 6, 7)),
        ("Fecha: Miércoles 21 de febrero de 2024", dt.date(2024, 2, 21)),
        ("17 de janeiro de 2024", dt.date(2024, 1, 17)),
        ("Kamis, 22 Februari 2024", dt.date(2024, 2, 22)),
        # Day first with slashes, where the day cannot be a month.
        ("Date: 24/09/2024", dt.date(2024, 9, 24)),
        ("15/01/2025 17:04", dt.date(2025, 1, 15)),
    ],
)
def test_parse_date_line(line, day):
    assert parse_date_line(line) == day


@pytest.mark.parametrize(
    "line",
    ["Views: 4 318", "March 2019", "30.02.2020", "In 2020 the two sides met on 5 May 2020 in Bishkek and agreed", "",
     "11/10/2023 - 21:04"],  # 11 October or November 10: not said
)
def test_parse_date_line_rejects_what_is_not_only_a_date(line):
    assert parse_date_line(line) is None


# ---------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("sentence", "published", "event"),
    [
        ("On Wednesday, the ministers spoke by phone.", dt.date(2020, 8, 20), "2020-08-19"),  # a Thursday
        ("Yesterday afternoon, Wang Yi held talks.", dt.date(2024, 5, 29), "2024-05-28"),
        ("The leaders spoke today.", dt.date(2021, 2, 8), "2021-02-08"),
        ("Xi met him here on Friday.", dt.date(2024, 1, 5), "2024-01-05"),  # a Friday: the same day
        ("They talked on Sunday.", dt.date(2024, 1, 1), "2023-12-31"),  # across a year end
    ],
)
def test_relative_dates_count_from_the_publication_date(sentence, published, event):
    result = dates.resolve([sentence], published, "the page's date", sentence, [], Lexicon().prepare())
    assert result.date == event
    assert result.precision == "day"
    assert "the page's date" in result.note


def test_relative_date_without_a_publication_date_is_unknown_with_a_warning():
    result = dates.resolve(["They spoke yesterday."], None, None, "They spoke yesterday.", [], Lexicon().prepare())
    assert result.date is None
    assert result.warnings and "publication date" in result.warnings[0]


def test_weekday_counts_from_a_dateline_whose_year_comes_from_the_page(parse_text):
    text = (
        "TASS\n12 OCT 2022, 14:05\nPutin, Kyrgyz leader discuss border situation in phone call\n\n"
        "MOSCOW, October 12. /TASS/. Russian President Vladimir Putin and Kyrgyz President Sadyr Zhaparov "
        "discussed the border in a telephone conversation on Tuesday, the Kremlin press service reported.\n"
    )
    record = parse_text(text)
    assert record.date == "2022-10-11"  # 12 October 2022 was a Wednesday
    assert "MOSCOW, October 12" in record.date_note and '"on Tuesday"' in record.date_note
    assert record.source.outlet == "TASS"
    assert record.body[0].startswith("MOSCOW, October 12. /TASS/.")  # the body keeps the text as printed


@pytest.mark.parametrize(("lead", "page", "date", "date_end"), [
    # Talks held during a state visit: the visit's days are not the talks'.
    ("President Tokayev, who is on a state visit to France from 5 to 7 November, held talks with President "
     "Emmanuel Macron at the Elysee Palace.", "6 November 2023", "2023-11-06", None),
    ("As part of his state visit to France on 5-7 November 2023, President Tokayev held talks with President "
     "Emmanuel Macron at the Elysee Palace on 6 November.", None, "2023-11-06", None),
    ("President Tokayev, who was on a state visit to France from 5 to 7 November 2023, held talks with President "
     "Emmanuel Macron.", "9 November 2023", "2023-11-05", "2023-11-07"),  # the page's date is after the visit
    # A visit is dated by its days.
    ("President Tokayev paid a state visit to France from 5 to 7 November.", "7 November 2023", "2023-11-05",
     "2023-11-07"),
])
def test_an_event_during_a_visit_is_not_dated_by_the_visit_when_something_else_dates_it(parse_text, lead, page, date,
                                                                                         date_end):
    head = f"{page}\n\n" if page else ""
    record = parse_text(f"Tokayev and Macron in Paris\n\n{head}{lead}\n\nThe sides discussed trade.\n")
    assert (record.date, record.date_end) == (date, date_end), record.date_note


# ---------------------------------------------------------------- year inference


def _lexicon_with(people_entries=(), eras=()) -> Lexicon:
    lex = Lexicon(people=list(people_entries), eras=list(eras))
    lex.countries = {"china": "China", "kyrgyzstan": "Kyrgyzstan"}
    return lex.prepare()


_COVID = Era("the COVID-19 pandemic", re.compile(r"COVID-19", re.IGNORECASE), dt.date(2020, 1, 1), None)
_MINISTER = PersonEntry("Chingiz Aidarbekov", "Kyrgyzstan", None, (),
                        (Tenure("Foreign Minister", dt.date(2018, 10, 18), dt.date(2020, 10, 14)),))
_LONG_SERVING = PersonEntry("Sergey Lavrov", "Russia", None, (), (Tenure("Foreign Minister", dt.date(2004, 3, 9), None),))


@pytest.mark.parametrize(
    ("text", "people_in_text", "year", "evidence"),
    [
        # A term of office 2018-2020 and COVID-19 (2020 on): only 2020 fits.
        ("On 26 May, they discussed COVID-19.", [(_MINISTER, "Foreign Minister")], 2020, ["COVID-19", "Aidarbekov"]),
        # The same term without the pandemic: 2019 and 2020 fit, but 26 May 2020 with a term from
        # 2018-10-18 still leaves two years - so only the era makes it unique (see the next test).
    ],
)
def test_year_inferred_when_exactly_one_fits(text, people_in_text, year, evidence):
    lex = _lexicon_with([_MINISTER], [_COVID])
    result = dates.resolve([text], None, None, text, people_in_text, lex, today=dt.date(2025, 1, 1))
    assert result.date == f"{year}-05-26"
    assert result.precision == "day"
    for word in evidence:
        assert word in result.note
    assert result.warnings == []


@pytest.mark.parametrize(
    ("text", "people_in_text", "why"),
    [
        ("On 12 June, the ministers spoke.", [(_LONG_SERVING, "Foreign Minister")], "years fit"),
        ("On 12 June, the ministers spoke.", [], "nothing in the text or the lexicon bounds it"),
        ("On 26 May, they spoke.", [(_MINISTER, "Foreign Minister")], "years fit"),  # 2019 and 2020
        ("On 26 December, they spoke.", [(_MINISTER, "Foreign Minister")], "years fit"),  # 2018 and 2019
    ],
)
def test_year_unknown_when_ambiguous_or_unbounded(text, people_in_text, why):
    lex = _lexicon_with([_MINISTER, _LONG_SERVING], [_COVID])
    result = dates.resolve([text], None, None, text, people_in_text, lex, today=dt.date(2025, 1, 1))
    assert result.date is None and result.precision == "unknown"
    assert result.warnings and why in result.warnings[0]
    assert why in result.note


def test_compound_role_bounds_the_year_by_both_offices_at_once():
    """ "State Councilor and Foreign Minister": only days on which the person held both count."""
    person = PersonEntry("Wang Yi", "China", None, (), (
        Tenure("Foreign Minister", dt.date(2013, 3, 16), dt.date(2022, 12, 30)),
        Tenure("State Councilor", dt.date(2018, 3, 19), dt.date(2023, 3, 12)),
    ))
    bound = dates._tenure_bound(person, "State Councilor and Foreign Minister")
    assert bound.admits(dt.date(2019, 5, 1))
    assert not bound.admits(dt.date(2016, 5, 1))  # Foreign Minister only
    assert not bound.admits(dt.date(2023, 2, 1))  # State Councilor only


# ---------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("title", "lead", "kind"),
    [
        ("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi", [], "meeting"),
        ("Wang Yi Speaks with Kyrgyz Foreign Minister Ruslan Kazakbaev on the Phone", [], "phone_call"),
        ("Li Qiang Holds Video Call with Singaporean Prime Minister Lawrence Wong", [], "video_call"),
        ("Wang Yi Holds Talks with Kyrgyz Foreign Minister Jeenbek Kulubaev", [], "talks"),
        ("Japan-China Foreign Ministers' Telephone Talk", [], "phone_call"),
        ("Readout of President Biden's Call with Prime Minister Modi of India", [], "phone_call"),
        ("Working dinner with Mr Fumio Kishida, Prime Minister of Japan",
         ["The President received Mr Fumio Kishida for a working dinner."], "meeting"),
        ("CHINA, KYRGYZSTAN PLEDGE TO DEEPEN WIN-WIN COOPERATION",
         ["In a phone conversation between the two foreign ministers on Wednesday, Wang said ..."], "phone_call"),
        ("Statement by the Ministry", ["The Ministry published its annual report."], "other"),
        # "calls on the President": a courtesy call, in person; "a call on Ukraine" is about it
        ("EAM calls on President of Sri Lanka (October 04, 2024)", [], "meeting"),
        ("External Affairs Minister's call on the President of Sri Lanka", [], "meeting"),
        ("Minister Balakrishnan paid a courtesy call on Prime Minister Lee", [], "meeting"),
        ("Readout of the leaders' call on Ukraine", [], "phone_call"),
        ("Seventh Australia-China Dialogue", ["Today I welcomed China's Foreign Minister Wang Yi to Canberra."],
         "meeting"),
        ("Statement", ["The Minister welcomed the agreement."], "other"),
        ("Xi in Paris", ["Macron, von der Leyen and Xi held three-way talks at the Elysee Palace."], "talks"),
    ],
)
def test_kinds(title, lead, kind):
    assert kinds.classify(title, lead)[0] == kind


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(("paragraph", "sentences"), [
    ("Mr. Wang met Dr. Li on Jan. 5 in the U.S. capital. They talked.", 2),
    ("He hosted the Japan-Australia-India-U.S. Foreign Ministers' Meeting in Tokyo. It lasted three hours.", 2),
    ("President Joseph R. Biden spoke with him. The two leaders agreed.", 2),
    ("They met in Beijing. Then they flew to Shanghai! Why? Nobody said.", 4),
])
def test_sentences_do_not_break_at_abbreviations(paragraph, sentences):
    assert len(split_sentences(paragraph)) == sentences, split_sentences(paragraph)


def test_a_lead_that_names_no_one_takes_the_participants_from_the_next_event_sentence(parse_text):
    record = parse_text(
        "Saudi, Iranian foreign ministers meet in Beijing\n\nApril 6, 2023\n\nThe top diplomats of Iran and "
        "Saudi Arabia met in Beijing on Thursday, the first formal meeting in more than seven years.\n\n"
        "Saudi Foreign Minister Prince Faisal bin Farhan and Iranian Foreign Minister Hossein Amir-Abdollahian shook "
        "hands before sitting down with Chinese Foreign Minister Qin Gang, who hosted the meeting.\n\n"
        "Iranian President Ebrahim Raisi had accepted an invitation to visit the kingdom.\n")
    assert [(p.name, p.country) for p in record.participants] == [
        ("Faisal bin Farhan Al Saud", "Saudi Arabia"), ("Hossein Amir-Abdollahian", "Iran"), ("Qin Gang", "China")]
    assert [p.name for p in record.mentioned] == ["Ebrahim Raisi"]


def test_a_name_set_off_after_a_long_portfolio_is_found(lexicon):
    found = {p.name: p.role for p in _people(lexicon, (
        "President Lula was accompanied by the Minister of Environment and Climate Change, Marina Silva; the "
        "Minister of Racial Equality, Anielle Franco; and others."))}
    assert {"Marina Silva", "Anielle Franco"} <= set(found), found
    assert found["Marina Silva"].startswith("Minister of Environment")


def test_who_represented_each_side_takes_part_and_officials_of_organisations_are_not_warned_about(parse_text):
    record = parse_text(
        "EU-China summit, Beijing, 7 December 2023\n\nThe 24th EU-China summit took place in Beijing on 7 December "
        "2023. The EU was represented by Charles Michel, President of the European Council. China was represented "
        "by Xi Jinping, President of the People's Republic of China. The EU High Representative for Foreign Affairs "
        "and Security Policy, Josep Borrell, also took part.\n")
    assert [p.name for p in record.participants] == ["Charles Michel", "Xi Jinping", "Josep Borrell"]
    assert record.participants[0].country is None  # he serves the European Union, which is no country
    assert not any("country of Charles Michel" in w for w in record.warnings), record.warnings


def test_a_xinhua_dateline_with_the_country_and_who_chaired_or_also_attended(parse_text):
    record = parse_text(
        "Xi calls on SCO to stay committed to Shanghai Spirit\n\nSAMARKAND, Uzbekistan, Sept. 16 (Xinhua) -- Chinese "
        "President Xi Jinping on Friday called on the Shanghai Cooperation Organization (SCO) to stay committed to the "
        "Shanghai Spirit.\n\nXi made the remarks while addressing the 22nd Meeting of the Council of Heads of State of "
        "the SCO here.\n\nUzbek President Shavkat Mirziyoyev, who holds the rotating SCO presidency, chaired the "
        "meeting. Russian President Vladimir Putin attended the meeting.\n\nIranian President Ebrahim Raisi also "
        "attended.\n", overrides={"published": "2022-09-16"})
    assert (record.date, record.venue.city, record.venue.country) == ("2022-09-16", "Samarkand", "Uzbekistan")
    assert {p.name for p in record.participants} >= {"Xi Jinping", "Shavkat Mirziyoyev", "Vladimir Putin",
                                                       "Ebrahim Raisi"}


def test_a_most_viewed_list_beside_the_article_is_not_read(parse_text):
    record = parse_text(
        "<html><head><title>Li, Mishustin pledge to expand cooperation</title></head><body><div class='lft_art'>"
        "<h1>Li, Mishustin pledge to expand cooperation</h1><p>MOSCOW, Aug 21 -- Premier Li Qiang held talks with "
        "Russian Prime Minister Mikhail Mishustin in Moscow on Tuesday.</p></div><div class='rt-art'><h3>Most Viewed"
        "</h3><ul><li><a href='#'>Wang Yi holds talks with Kazakh FM Murat Nurtleu</a></li></ul></div></body></html>",
        fmt="html")
    assert "Murat Nurtleu" not in {p.name for p in record.mentioned + record.participants}
    assert not any("Nurtleu" in paragraph for paragraph in record.body)


@pytest.mark.parametrize(("day", "name"), [("29.06.2021", "Gurbanguly Berdimuhamedov"),
                                          ("06.01.2023", "Serdar Berdimuhamedov")])
def test_a_surname_two_people_bear_is_the_one_in_office_that_day(parse_text, day, name):
    record = parse_text(f"Telephone conversation between the leaders of Turkmenistan and China\n{day}\n\n"
                        "President Berdimuhamedov held a telephone conversation with Chairman Xi Jinping today.\n")
    assert (name, "Turkmenistan") in {(p.name, p.country) for p in record.participants}


def test_a_sentence_adverb_is_not_a_person(lexicon):
    found = _people(lexicon, "Earlier, the President of Ukraine met with Chancellor Olaf Scholz.")
    assert [p.name for p in found] == ["Olaf Scholz"]


@pytest.mark.parametrize(("sentence", "takes_part"), [
    ("Egyptian Foreign Minister Sameh Shoukry also attended the meeting.", True),
    ("Egyptian Foreign Minister Sameh Shoukry was also present at the talks.", True),
    ("Earlier in the day, Egyptian Foreign Minister Sameh Shoukry attended a lunch hosted by the Saudi side.", False),
    ("Secretary Blinken was accompanied by the Minister of Foreign Affairs of Egypt, Sameh Shoukry.", True),
    ("During the visit, Secretary Blinken also met with Egyptian Foreign Minister Sameh Shoukry.", True),
    ("Secretary Blinken also paid a courtesy call on Egyptian Foreign Minister Sameh Shoukry.", True),
    ("Secretary Blinken also held separate talks with Egyptian Foreign Minister Sameh Shoukry.", True),
    ("Secretary Blinken also met Egyptian Foreign Minister Sameh Shoukry in Washington last year.", False),
    ("Secretary Blinken last met Egyptian Foreign Minister Sameh Shoukry in 2021.", False),
    ("Egyptian Foreign Minister Sameh Shoukry attended the summit in 2019.", False),
    ("Secretary Blinken also called on Egyptian Foreign Minister Sameh Shoukry to press for a ceasefire.", False),
])
def test_who_also_attended_the_meeting_takes_part(parse_text, sentence, takes_part):
    record = parse_text("Blinken Meets Sisi\n\nOctober 15, 2023\n\nU.S. Secretary of State Antony Blinken met "
                        f"Egyptian President Abdel Fattah al-Sisi in Cairo on Sunday.\n\n{sentence}\n")
    assert ("Sameh Shoukry" in {p.name for p in record.participants}) == takes_part
    assert ("Sameh Shoukry" in {p.name for p in record.mentioned}) != takes_part


def test_two_foreign_ministers_listed_with_their_offices_keep_their_own_countries(lexicon):
    found = {p.name: p for p in _people(lexicon, (
        "Mr. MOTEGI Toshimitsu, Minister for Foreign Affairs of Japan, hosted the meeting in Tokyo with Senator the "
        "Hon. Marise Payne, Minister for Foreign Affairs of Australia, Dr. Subrahmanyam Jaishankar, Minister of "
        "External Affairs of India, and the Honorable Michael R. Pompeo, Secretary of State of the United States."))}
    assert {name: p.country for name, p in found.items()} == {
        "Toshimitsu Motegi": "Japan", "Marise Payne": "Australia", "Subrahmanyam Jaishankar": "India",
        "Mike Pompeo": "United States"}
    assert found["Subrahmanyam Jaishankar"].role != "Minister for Foreign Affairs"  # that is Payne's office


# ---------------------------------------------------------------- venues


@pytest.mark.parametrize(
    ("sentence", "dateline", "city", "country"),
    [
        ("Kyrgyz President Sooronbay Jeenbekov met with Wang Yi in Bishkek.", None, "Bishkek", "Kyrgyzstan"),
        ("The talks took place in the Kremlin.", None, "Moscow", "Russia"),
        ("President Biden and President Yoon met today at the White House.", None, "Washington", "United States"),
        ("The President received Mr Fumio Kishida at the Élysée Palace.", None, "Paris", "France"),
        ("The talks in narrow format took place in Akorda.", None, "Astana", "Kazakhstan"),
        ("Xi Jinping met with Thongloun Sisoulith here on Friday.", "Beijing", "Beijing", "China"),
        # A country named first, the city after it: the more specific place wins.
        ("Aidarbekov, on an official visit to China, held talks at the Diaoyutai State Guesthouse in Beijing.",
         None, "Beijing", "China"),
        ("Vladimir Putin held talks with Tokayev, who is in Russia on a state visit.", None, None, "Russia"),
        # The country the text writes after the city wins over the lexicon's namesake (Bali, Cameroon).
        ("Secretary Blinken met Foreign Minister Wang Yi in Bali, Indonesia, on the margins of the G20.",
         None, "Bali", "Indonesia"),
        ("They met in Valencia, Spain on Monday.", None, "Valencia", "Spain"),
        ("They met in Valencia on Monday.", None, "Valencia", "Venezuela"),  # nothing said: the lexicon's choice
        ("The talks were held in Nusa Dua, Indonesia.", None, "Nusa Dua", "Indonesia"),  # unknown city, as written
        ("They met in Geneva, United States Special Envoy John Kerry said.", None, "Geneva", "Switzerland"),
        ("Wang Yi arrived in Moscow, Russia's capital, for talks.", None, "Moscow", "Russia"),
        # A place's name that begins another name is not the place; nor is a continent GeoNames has a town of.
        ("Xi called on the Shanghai Cooperation Organization to stay committed to the Shanghai Spirit here.",
         "Samarkand", "Samarkand", "Uzbekistan"),
    ],
)
def test_venue_phrases(lexicon, sentence, dateline, city, country):
    place = places.find_venue(sentence, lexicon, dateline)
    assert (place.city, place.country) == (city, country)


@pytest.mark.parametrize(
    ("sentence", "dateline", "sides", "city", "country"),
    [
        ("They met in Valencia on Monday.", None, ("Spain", "Morocco"), "Valencia", "Spain"),
        ("They met in Valencia on Monday.", None, ("Venezuela", "Spain"), "Valencia", "Venezuela"),
        ("They met in Valencia, Venezuela on Monday.", None, ("Spain", "Morocco"), "Valencia", "Venezuela"),
        ("They met here on Monday.", "Hyderabad", ("Pakistan", "China"), "Hyderabad", "Pakistan"),
        ("They met in Birmingham on Monday.", None, ("United States", "Japan"), "Birmingham", "United States"),
        ("They met in Birmingham on Monday.", None, ("Japan", "China"), "Birmingham", "United Kingdom"),  # none
        # A capital is meant by its name alone (not Athens, Georgia, nor a Santiago of Peru).
        ("They met in Athens on Monday.", None, ("United States", "Finland"), "Athens", "Greece"),
        ("They met in Santiago on Monday.", None, ("Peru", "China"), "Santiago", "Chile"),
        ("They met in Bali on the margins of the G20.", None, ("United States", "China"), "Bali", "Indonesia"),
    ],
)
def test_a_city_of_several_countries_named_alone_is_the_participants(lexicon, sentence, dateline, sides, city,
                                                                       country):
    place = places.find_venue(sentence, lexicon, dateline, sides)
    assert (place.city, place.country) == (city, country)


def test_a_dateline_city_of_several_countries_is_the_participants(parse_text):
    record = parse_text("Spain and Morocco hold talks\n\nVALENCIA, May 5 (Xinhua) -- Spanish Foreign Minister Jose "
                        "Manuel Albares held talks with Moroccan Foreign Minister Nasser Bourita on Friday.\n",
                        overrides={"published": "2023-05-05"})
    assert (record.venue.city, record.venue.country) == ("Valencia", "Spain")


@pytest.mark.parametrize(
    "sentence",
    ["The Minister said that trade continues to grow.", "He visited here on Friday.", "In March the sides agreed.",
     "They met at the Shanghai Cooperation Organization summit.", "The Conference on Interaction and Confidence "
     "Building Measures in Asia met."],
)
def test_no_venue_where_no_place_is_named(lexicon, sentence):
    """(Nor where a name only begins with a place's, or names a continent.)"""
    assert places.find_venue(sentence, lexicon, None) is None


def test_a_renamed_country_carries_its_cities_and_the_prepared_lexicon_keeps_them(tmp_path):
    """A corpus lexicon's rename reaches GeoNames' cities, city aliases and landmarks alike, and the
    lexicon read back from its prepared (pickled) form finds the same places."""
    extra = tmp_path / "renames.yaml"
    extra.write_text("renames: {Ukraine: Ukraina}\ncountries:\n  Ukraina: {demonyms: [Ukrainian]}\n",
                     encoding="utf-8")
    kept = tmp_path / "prepared.pickle"
    made = load_lexicon((extra,), cache_path=kept)
    again = load_lexicon((extra,), cache_path=kept)
    assert kept.is_file()
    for lex in (made, again):
        assert (lex.place("Lviv").city, lex.place("Lviv").country) == ("Lviv", "Ukraina")
        assert (lex.place("Kiev").city, lex.place("Kiev").country) == ("Kyiv", "Ukraina")  # an alias
        assert lex.place("the Hague").country == "Netherlands"  # the packaged rename of "The Netherlands"
        assert lex.place("Qwzxville") is None
        assert lex.place_in("Valencia", "Spain").country == "Spain"


def test_each_lexicon_file_is_parsed_once_even_when_its_kind_is_told_by_its_content(tmp_path, monkeypatch):
    """A corpus lexicon file named otherwise than the five (its kind read from its keys) is parsed
    once, as the packaged files are; and it is still read as what its keys say."""
    import readout_site.lexicon as lexicon_module

    extra = tmp_path / "ministers-2024.yaml"
    extra.write_text("people:\n  - name: Qwzx Vbnm\n    country: Kyrgyzstan\n"
                     "    roles: [{title: Foreign Minister, from: 2024-01-01}]\n", encoding="utf-8")
    parsed = []
    real = lexicon_module._yaml_of
    monkeypatch.setattr(lexicon_module, "_yaml_of", lambda label, text: parsed.append(label) or real(label, text))
    lex = load_lexicon((extra,))
    assert sorted(parsed) == sorted(set(parsed)) and str(extra) in parsed
    assert [p.country for p in lex.people if p.name == "Qwzx Vbnm"] == ["Kyrgyzstan"]


def test_calls_have_no_venue_even_when_a_place_is_named(parse_text):
    record = parse_text(
        "Wang Yi Speaks with Kyrgyz Foreign Minister Ruslan Kazakbaev on the Phone\n\n"
        "On November 16, 2020, Foreign Minister Wang Yi in Beijing had a phone conversation with "
        "Kyrgyz Foreign Minister Ruslan Kazakbaev in Bishkek.\n"
    )
    assert record.kind == "phone_call"
    assert record.venue is None


def test_an_event_of_another_year_is_not_the_venue(parse_text):
    record = parse_text(
        "Chairperson of the African Union Commission receives the United States Secretary of State\n\n"
        "March 15, 2023\n\nThe Chairperson of the African Union Commission, H.E. Moussa Faki Mahamat, received "
        "today the Secretary of State of the United States of America, H.E. Antony J. Blinken.\n\n"
        "The Chairperson commended the partnership reaffirmed at the U.S.-Africa Leaders' Summit held in Washington "
        "in December 2022.\n")
    assert record.date == "2023-03-15"
    assert record.venue is None or record.venue.city != "Washington"


def test_later_events_are_not_the_venue(parse_text):
    record = parse_text(
        "Federal Chancellor Scholz holds talks with Prime Minister Modi\n\n"
        "Federal Chancellor Olaf Scholz today held talks with Prime Minister Narendra Modi of India.\n\n"
        "The talks will take place in Bengaluru tomorrow as well.\n"
    )
    assert record.venue is None or record.venue.city != "Bengaluru"


# ---------------------------------------------------------------- people


def _people(lexicon, sentence, lead=True):
    return people.find_people([(sentence, lead)], lexicon)


@pytest.mark.parametrize(
    ("sentence", "name", "country", "role"),
    [
        ("Kyrgyz President Sadyr Zhaparov met with Wang Yi.", "Sadyr Zhaparov", "Kyrgyzstan", "President"),
        ("Tokayev met President of Kazakhstan Kassym-Jomart Tokayev.", "Kassym-Jomart Tokayev", "Kazakhstan",
         "President"),
        ("Biden called Prime Minister Modi of India.", "Narendra Modi", "India", "Prime Minister"),
        ("He met State Councilor and Foreign Minister Wang Yi in Bishkek.", "Wang Yi", "China",
         "State Councilor and Foreign Minister"),
        ("On May 20, Mr. KISHIDA Fumio, Prime Minister of Japan, held a Summit Meeting.", "Fumio Kishida", "Japan",
         "Prime Minister"),
        ("He met The Hon. Anthony Albanese MP, Prime Minister of Australia, in Hiroshima.", "Anthony Albanese",
         "Australia", "Prime Minister"),
        ("Prime Minister Shri Narendra Modi spoke on phone today.", "Narendra Modi", "India", "Prime Minister"),
        # Names the lexicon has never seen keep their printed form and the country the text gives.
        ("Wang Yi met Kyrgyz Foreign Minister Azamat Temirbekov in Beijing.", "Azamat Temirbekov", "Kyrgyzstan",
         "Foreign Minister"),
        ("Mr. TANAKA Hiroshi, Minister for Foreign Affairs of Japan, held talks.", "Hiroshi Tanaka", "Japan",
         "Minister for Foreign Affairs"),
        ("Wang Yi noted that Special Representative of the Chinese Government on Eurasian Affairs Li Hui has "
         "conducted shuttle diplomacy.", "Li Hui", "China", "Special Representative"),
        ("Secretary of State Marco Rubio met today in Riyadh with Russian Foreign Minister Sergey Lavrov and Russian "
         "Presidential Aide Yuri Ushakov.", "Yuri Ushakov", "Russia", "Presidential Aide"),
        ("Saudi Foreign Minister Prince Faisal bin Farhan met Wang Yi.", "Faisal bin Farhan Al Saud", "Saudi Arabia",
         "Foreign Minister"),  # the office, not the rank
        ("Zelenskyy received the credentials of the Ambassador Extraordinary and Plenipotentiary of the United States "
         "of America to Ukraine Bridget A. Brink.", "Bridget A. Brink", "United States",
         "Ambassador Extraordinary and Plenipotentiary"),
        ("Chinese Ambassador to the United States Xie Feng met Blinken.", "Xie Feng", "China", "Ambassador"),
        ("Secretary of State Marco Rubio met today in Riyadh with Russian Foreign Minister Sergey Lavrov and Kirill "
         "Dmitriev, head of the Russian Direct Investment Fund.", "Kirill Dmitriev", "Russia",
         "Head of the Russian Direct Investment Fund"),  # the office after the name, in lower case
        # "of the Ukraine Democracy Defense Lend-Lease Act" is not the country of the person before it.
        ("He noted the signing by President Joe Biden of the Ukraine Democracy Defense Lend-Lease Act.", "Joe Biden",
         "United States", "President"),
        ("Minister Retno L.P. Marsudi met Canadian Foreign Minister Melanie Joly in Jakarta.", "Retno Marsudi",
         "Indonesia", "Minister"),
        ("Chief Adviser to the President Akif Cagatay Kilic attended the meeting.", "Akif Cagatay Kilic", None,
         "Chief Adviser to the President"),  # an adviser to the President, not the President
        # Longer or hyphenated forms of Arabic names than the lexicon's.
        ("Crown Prince and Prime Minister Mohammed bin Salman bin Abdulaziz met Blinken.", "Mohammed bin Salman",
         "Saudi Arabia", "Crown Prince and Prime Minister"),
        ("Prime Minister and Minister of Foreign Affairs Sheikh Mohammed bin Abdulrahman bin Jassim Al-Thani spoke "
         "with Blinken.", "Mohammed bin Abdulrahman Al Thani", "Qatar", "Prime Minister and Minister of Foreign Affairs"),
        ("Emir Sheikh Tamim bin Hamad Al-Thani met Biden.", "Tamim bin Hamad Al Thani", "Qatar", "Emir"),
        # A particle joined to the name ("el-", "al-") and a regnal number belong to the name.
        ("Secretary Blinken met Egyptian President Abdel Fattah el-Sisi in Cairo today.", "Abdel Fattah el-Sisi",
         "Egypt", "President"),
        ("Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in Baghdad.", "Mohammed Shia al-Sudani", "Iraq",
         "Prime Minister"),
        ("Foreign Minister Ayman Safadi met King Abdullah II of Jordan.", "Abdullah II", "Jordan", "King"),
        ("First Vice Minister of Foreign Affairs Kim Hong-kyun met Kurt Campbell.", "Kim Hong-kyun", None,
         "First Vice Minister of Foreign Affairs"),
        # Members of a delegation listed with their offices after their names.
        ("Also present were Foreign Minister Mauro Vieira; Fernando Haddad, Minister of Finance; and Celso Amorim, "
         "Chief Adviser to the President.", "Fernando Haddad", None, "Minister of Finance"),
        ("The Mexican delegation included Alicia Barcena, Secretary of Foreign Affairs; Marcelo Ebrard, Secretary of "
         "Economy.", "Marcelo Ebrard", "Mexico", "Secretary of Economy"),
        # Offices named in the country's own words; a style before the name is not the office after it.
        ("The President of the Council of Ministers of Italy, Giorgia Meloni, met Prime Minister Kishida in Rome.",
         "Giorgia Meloni", "Italy", "President of the Council of Ministers"),
        ("President of the Government of Spain Pedro Sánchez spoke with Chancellor Scholz.", "Pedro Sanchez",
         "Spain", "President of the Government"),
        ("Senator the Hon Penny Wong, Minister for Foreign Affairs, met Wang Yi in Canberra.", "Penny Wong",
         "Australia", "Minister for Foreign Affairs"),
        ("Wang Yi met with Senator the Hon. Marise Payne, Minister for Foreign Affairs of Australia.", "Marise Payne",
         "Australia", "Minister for Foreign Affairs"),
        # Chinese and Korean names written family name first in capitals keep that order when the lexicon
        # knows them so ("Mr. WANG Yi" is Wang Yi, not "Yi Wang").
        ("Mr. WANG Yi, Foreign Minister of the People's Republic of China, met Mr. PARK Jin.", "Wang Yi", "China",
         "Foreign Minister"),
        # and so do such names the lexicon does not know; a Japanese one is turned to given name first.
        ("Minister of Foreign Affairs Mr. PARK Yoon-joo met Mr. WANG Yi.", "Park Yoon-joo", None,
         "Minister of Foreign Affairs"),
        ("Mr. KIM Sung-han, National Security Adviser of the Republic of Korea, met Mr. AKIBA Takeo.", "Kim Sung-han",
         "South Korea", "National Security Adviser"),
        ("Mr. KIM Sung-han met Mr. TANAKA Kenji, Minister for Foreign Affairs of Japan.", "Kenji Tanaka", "Japan",
         "Minister for Foreign Affairs"),  # (the office's country ends the sentence)
    ],
)
def test_role_patterns(lexicon, sentence, name, country, role):
    """(Each row: the person a careful reader finds, with the office and country the text gives.)"""
    found = {p.name: p for p in _people(lexicon, sentence)}
    assert name in found, f"{name} not found among {sorted(found)}"
    assert found[name].country == country
    assert found[name].role == role


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("President Sadyr Japarov and President Shavkat Mirziyoyev held talks.", "Sadyr Zhaparov"),
        ("President Japarov thanked the guest.", "Sadyr Zhaparov"),
        ("Wang Yi met with Ukrainian Foreign Minister Dmitry Kuleba.", "Dmytro Kuleba"),
        ("President Joseph R. Biden, Jr. spoke today with Prime Minister Narendra Modi.", "Joe Biden"),
        ("Secretary of State Antony J. Blinken spoke today with his counterpart.", "Antony Blinken"),
    ],
)
def test_aliases_resolve_to_the_canonical_name(lexicon, sentence, name):
    assert name in {p.name for p in _people(lexicon, sentence)}


def test_a_message_conveyed_from_someone_makes_them_mentioned_not_a_participant(lexicon):
    lead = ("Wang Yi first conveyed a verbal message from President Xi Jinping to President Sooronbay Jeenbekov.")
    participants, mentioned = people.split_roles(_people(lexicon, lead))
    assert {p.name for p in participants} == {"Wang Yi", "Sooronbay Jeenbekov"}
    assert {p.name for p in mentioned} == {"Xi Jinping"}


def test_spokesperson_attribution_names_no_one(lexicon):
    assert _people(lexicon, "The following is attributable to Spokesperson Ned Price:") == []
    assert people.is_attribution("Government spokesperson Steffen Hebestreit issued the following statement:")
    assert not people.is_attribution("The spokesperson of the Kyrgyz side met Wang Yi in Beijing.")


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("They also condemned Putin's war machine.", {"Vladimir Putin"}),  # a lone family name the lexicon knows
        ("President Biden and Dr. Jill Biden will host Mrs. Kim Keon Hee.", {"Joe Biden", "Jill Biden", "Kim Keon Hee"}),
        ("In May the two sides agreed.", set()),  # a month is not a family name
        # A paragraph read whole: a capitalised word opening a sentence is not a family name.
        ("The talks ended. Rice exports to China grew. They praised Putin's role.", {"Vladimir Putin"}),
    ],
)
def test_mentions_by_family_name_and_honorific(lexicon, sentence, names):
    assert {p.name for p in _people(lexicon, sentence, lead=False)} == names


def test_first_person_readout_takes_the_author_from_the_byline(parse_text):
    html = (
        "<html><head><title>Meeting with President Xi Jinping</title>"
        '<meta property="article:published_time" content="2023-11-06T20:05:11+11:00"></head><body>'
        "<article><h1>Meeting with President Xi Jinping</h1>"
        "<p>Today I met with President Xi Jinping at the Great Hall of the People in Beijing.</p>"
        "<p>We discussed trade.</p></article>"
        "<footer><p>Authorised by the Prime Minister of Australia, The Hon Anthony Albanese MP, Canberra</p></footer>"
        "</body></html>"
    )
    record = parse_text(html, "html", "pm.html")
    assert {(p.name, p.country) for p in record.participants} == {
        ("Anthony Albanese", "Australia"), ("Xi Jinping", "China")}
    assert record.venue.city == "Beijing"


def test_first_person_without_a_byline_is_a_warning(parse_text):
    record = parse_text("Meeting with President Xi Jinping\n\nToday I met with President Xi Jinping in Beijing.\n")
    assert [p.name for p in record.participants] == ["Xi Jinping"]
    assert any("first person" in w for w in record.warnings)


def test_an_office_named_without_its_holder_is_not_guessed(parse_text):
    """gov.uk's "The Prime Minister spoke to ..." with nothing naming him: unnamed, with a warning."""
    record = parse_text("PM call with President Zelenskyy\n\nThe Prime Minister spoke to President Zelenskyy "
                        "this morning.\n")
    assert {p.name for p in record.participants} == {"Volodymyr Zelenskyy"}
    assert any('"the Prime Minister" without a name' in w for w in record.warnings)


def test_an_office_named_without_its_holder_is_resolved_from_the_byline(parse_text):
    html = (
        '<html><head><meta property="article:published_time" content="2023-02-24T12:31:05+00:00">'
        '<link rel="canonical" href="https://www.gov.uk/government/news/pm-call"></head><body><main>'
        "<h1>PM call with President Zelenskyy: 24 February 2023</h1>"
        '<dl><dt>From:</dt><dd>Prime Minister\'s Office and The Rt Hon Rishi Sunak MP</dd></dl>'
        "<p>The Prime Minister spoke to President Zelenskyy this morning.</p></main></body></html>"
    )
    record = parse_text(html, "html", "pm.html")
    assert {p.name for p in record.participants} == {"Rishi Sunak", "Volodymyr Zelenskyy"}


# ---------------------------------------------------------------- topics


def test_topics_are_matched_in_the_body_not_only_the_title(lexicon):
    found = topics.find_topics(["Wang Yi Meets Foreign Minister", "They discussed the Belt and Road Initiative."],
                               lexicon)
    assert "belt-and-road" in found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("They discussed the latest developments in Syria.", {"syria", "middle-east"}),  # overlapping topics
        ("Cooperation in renewable energy and green hydrogen.", {"energy"}),
        ("Vaccines against COVID-19 were discussed.", {"covid-19", "vaccines"}),
        ("Nothing of note was said.", set()),
    ],
)
def test_topics_table(lexicon, text, wanted):
    found = set(topics.find_topics([text], lexicon))
    assert wanted <= found
    if not wanted:
        assert found == set()


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        ("Both sides will strengthen cooperation on food security.", {"food-security"}, {"security"}),
        ("They discussed food and energy security.", {"food-security", "energy"}, {"security"}),
        ("They discussed food security and regional security.", {"food-security", "security"}, set()),
        ("They discussed security and food supplies.", {"food-security", "security"}, set()),
    ],
)
def test_a_topic_does_not_count_in_the_phrases_it_is_not_in(lexicon, text, wanted, unwanted):
    found = set(topics.find_topics([text], lexicon))
    assert wanted <= found and not unwanted & found, found


def test_a_corpus_lexicon_adds_phrases_a_topic_is_not_in(tmp_path):
    extra = tmp_path / "topics.yaml"
    extra.write_text("security:\n  not_in: ['security council']\n", encoding="utf-8")
    lex = load_lexicon((extra,))
    assert "security" not in topics.find_topics(["They discussed the Security Council."], lex)
    assert "security" not in topics.find_topics(["They discussed food security."], lex)  # the packaged ones stay
    assert "security" in topics.find_topics(["They discussed security."], lex)
    assert next(t.label for t in lex.topics if t.slug == "security") == "Security"  # the label kept
    extra.write_text("security:\n  not_in: 'food security'\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="security.not_in: expected a list of patterns"):
        load_lexicon((extra,))
    extra.write_text("security:\n  not_in: ['(?i)security council']\n", encoding="utf-8")  # flags not at the start
    with pytest.raises(LexiconError, match=r"security.not_in\[0\]: not a valid pattern"):
        load_lexicon((extra,))


# ---------------------------------------------------------------- chrome


@pytest.mark.parametrize(
    "chrome",
    [
        "Home\u00a0>\u00a0News",  # breadcrumb with no-break spaces (normalised by decode)
        "Home > News & Events",
        "Home page › Events › President › News",
        "<Suggest To A Friend>",
        "Suggest to a friend:",
        "Kaynak/Source:",
        "Share: Facebook | Telegram | X",
        "Events   Structure   Videos and photos   Documents",
    ],
)
def test_chrome_lines_are_not_body(chrome, lexicon):
    from readout_site.decode import decode

    text = f"{chrome}\nWang Yi Meets Kyrgyz Foreign Minister\n\nWang Yi met the Kyrgyz Foreign Minister in Beijing on Monday.\n"
    doc = document.read_text(decode(text.encode("utf-8")).clean, lexicon)
    assert doc.title == "Wang Yi Meets Kyrgyz Foreign Minister"
    assert doc.paragraphs == ["Wang Yi met the Kyrgyz Foreign Minister in Beijing on Monday."]


def test_url_dateline_and_source_lines_are_read_not_kept(lexicon):
    text = (
        "\nCHINA, KYRGYZSTAN PLEDGE TO DEEPEN WIN-WIN COOPERATION\n\n-\n\n20.08.2020\n\nXinhua (20 August 2020)\n\n"
        "Beijing\n\nWang Yi and Aidarbekov spoke by phone on Wednesday.\n\n"
        "http://www.xinhuanet.com/english/2020-08/20/c_139304748.htm\n\nKaynak/Source:\n"
    )
    doc = document.read_text(text, lexicon)
    assert doc.title == "CHINA, KYRGYZSTAN PLEDGE TO DEEPEN WIN-WIN COOPERATION"
    assert doc.published == dt.date(2020, 8, 20)
    assert doc.url == "http://www.xinhuanet.com/english/2020-08/20/c_139304748.htm"
    assert doc.outlet == "Xinhua"
    assert doc.dateline_city == "Beijing"
    assert doc.paragraphs == ["Wang Yi and Aidarbekov spoke by phone on Wednesday."]


def test_metadata_block_is_read_into_fields(lexicon):
    text = (
        "URL: https://example.org/readout/1\nHeadline: Wang Yi Meets Kuleba\nPublished: 2024-02-17T18:00:00+01:00\n"
        "Location: Munich, Germany\n\nWang Yi met with Dmytro Kuleba on the sidelines of the conference.\n"
    )
    doc = document.read_text(text, lexicon)
    assert (doc.url, doc.title, doc.published, doc.dateline_city) == (
        "https://example.org/readout/1", "Wang Yi Meets Kuleba", dt.date(2024, 2, 17), "Munich")
    assert doc.paragraphs == ["Wang Yi met with Dmytro Kuleba on the sidelines of the conference."]


def test_site_name_lines_are_not_the_title(lexicon):
    text = ("President of Russia\nEvents   Structure   Videos and photos   Documents\n"
            "Home page › Events › News\nTalks with President of Kazakhstan Kassym-Jomart Tokayev\n"
            "November 28, 2022\n15:20\nThe Kremlin, Moscow\n"
            "Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev.\n\n"
            "Share: VK   Telegram   OK\nRelated news about Tokayev\n")
    doc = document.read_text(text, lexicon)
    assert doc.title == "Talks with President of Kazakhstan Kassym-Jomart Tokayev"
    assert doc.published == dt.date(2022, 11, 28)
    assert doc.place_line == "The Kremlin, Moscow"
    assert doc.paragraphs == ["Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev."]


@pytest.mark.parametrize(("text", "title"), [
    ("CGTN\nWorld China Business Opinion Video\nXi Jinping holds talks with Uzbek President Shavkat Mirziyoyev\n"
     "Updated 20:41, 24-Jan-2024\n\nChinese President Xi Jinping held talks with Uzbek President Shavkat Mirziyoyev "
     "in Beijing on Wednesday.\n", "Xi Jinping holds talks with Uzbek President Shavkat Mirziyoyev"),
    ("The Ministry of Foreign Affairs of the Russian Federation\nPress releases\nForeign Minister Sergey Lavrov's talks "
     "with Member of the Political Bureau of the CPC Central Committee, Minister of Foreign Affairs of the People's "
     "Republic of China Wang Yi\n18 September 2023 21:30\n\nOn September 18, Foreign Minister Sergey Lavrov held "
     "talks with Wang Yi, who is in Moscow.\n", "Foreign Minister Sergey Lavrov's talks with Member of the Political "
     "Bureau of the CPC Central Committee, Minister of Foreign Affairs of the People's Republic of China Wang Yi"),
])
def test_the_headline_is_not_a_menu_line_nor_the_site_name(parse_text, text, title):
    assert parse_text(text).title == title


def test_a_headline_ending_with_a_date_in_brackets_is_the_title_not_prose(parse_text):
    text = ("Ministry of External Affairs\nGovernment of India\nHome > Media Center > Press Releases\n"
            "Joint Press Statement - Meeting of External Affairs Minister and Foreign Minister of China "
            "(September 10, 2020)\nSeptember 10, 2020\n\n"
            "External Affairs Minister, Dr. S. Jaishankar met State Councilor and Foreign Minister of China, H.E. "
            "Mr. Wang Yi on the sidelines of the SCO Council of Foreign Ministers meeting in Moscow on 10 September "
            "2020.\n\nThe two Ministers had a frank and constructive discussion (as agreed in June).\n")
    record = parse_text(text)
    assert record.title.startswith("Joint Press Statement - Meeting of External Affairs Minister")
    assert [p.name for p in record.participants] == ["Subrahmanyam Jaishankar", "Wang Yi"]
    assert (record.venue.city, record.date) == ("Moscow", "2020-09-10")
    assert record.body[-1] == "The two Ministers had a frank and constructive discussion (as agreed in June)."


@pytest.mark.parametrize(
    ("title", "display"),
    [
        ("CHINA, KYRGYZSTAN PLEDGE TO DEEPEN WIN-WIN COOPERATION", "China, Kyrgyzstan Pledge to Deepen Win-Win Cooperation"),
        ("XI MEETS LEADERS OF THE SCO AND BRICS IN G20 TALKS", "Xi Meets Leaders of the SCO and BRICS in G20 Talks"),
        ("Wang Yi Meets with Kuleba", "Wang Yi Meets with Kuleba"),  # not in capitals: as printed
    ],
)
def test_title_display(title, display):
    assert _display_title(title) == display


# ---------------------------------------------------------------- overrides


_MD = (
    "---\n{front}---\n\n# Wang Yi Meets Kuleba\n\n"
    "On February 17, 2024, Foreign Minister Wang Yi met with Ukrainian Foreign Minister Dmitry Kuleba in Munich.\n"
)


def test_front_matter_overrides_extracted_fields(load_one):
    front = "date: 2024-02-18\nkind: talks\nvenue: {city: Berlin, country: Germany}\ntopics: [ukraine]\n"
    record = load_one("a.md", _MD.format(front=front))
    assert (record.date, record.kind, record.venue.city, record.topics) == ("2024-02-18", "talks", "Berlin", ("ukraine",))
    assert record.evidence.date == "set by the file's metadata"


def test_an_empty_value_in_the_metadata_clears_what_extraction_found(load_one):
    front = "topics: []\nmentioned: []\nvenue: null\n"
    record = load_one("a.md", _MD.format(front=front) + "They discussed trade and the Ukraine crisis with Xi Jinping.\n")
    assert (record.topics, record.mentioned, record.venue) == ((), (), None)
    assert record.evidence.venue == "set by the file's metadata"
    assert not any("has no value" in w for w in record.warnings), record.warnings
    cleared = load_one("b.md", _MD.format(front="venue: {}\nparticipants: []\n"))
    assert (cleared.venue, cleared.participants) == (None, ())
    assert not any("participants" in w for w in cleared.warnings), cleared.warnings  # none, as the file says


def test_people_the_metadata_names_get_their_office_on_the_day_and_its_kind_is_its_evidence(load_one):
    record = load_one("a.md", _MD.format(front="participants: [Wang Yi, Dmytro Kuleba]\nmentioned: [Xi Jinping]\n"
                                               "kind: talks\n"))
    assert [(p.name, p.role) for p in record.participants + record.mentioned] == [
        ("Wang Yi", "Foreign Minister"), ("Dmytro Kuleba", "Foreign Minister"), ("Xi Jinping", "President")]
    assert record.evidence.kind == "set by the file's metadata"


def test_sidecar_overrides_front_matter(load_one):
    sidecar = "participants:\n  - {name: Dmytro Kuleba, role: Foreign Minister, country: Ukraine}\nkind: meeting\n"
    record = load_one("a.md", _MD.format(front="kind: talks\n"), {"a.yaml": sidecar})
    assert record.kind == "meeting"
    assert [(p.name, p.country) for p in record.participants] == [("Dmytro Kuleba", "Ukraine")]


def test_names_in_other_scripts_are_distinct_people(load_one):
    front = "participants: [王毅, Сергей Лавров, Мария Захарова]\nkind: talks\n"
    record = load_one("a.md", _MD.format(front=front))
    assert [p.name for p in record.participants] == ["王毅", "Сергей Лавров", "Мария Захарова"]
    assert not any("named twice" in w for w in record.warnings), record.warnings


_UNDATED = "Wang Yi Meets Kuleba\n\nForeign Minister Wang Yi met with Ukrainian Foreign Minister Dmitry Kuleba in Munich.\n"
_FIRST_PERSON = "Kuleba Call\n\nOn February 17, 2024, I spoke with Ukrainian Foreign Minister Dmitry Kuleba.\n"
_DATELINE_ONLY = "Wang Yi Meets Kuleba\n\nMUNICH, February 17, 2024 -- Foreign Minister Wang Yi met with Ukrainian Foreign Minister Dmitry Kuleba.\n"


@pytest.mark.parametrize(
    ("text", "metadata", "warning"),
    [
        (_UNDATED, "date: 2024-02-17\n", "no date found"),
        (_FIRST_PERSON, "participants: [Wang Yi, Dmytro Kuleba]\n", "written in the first person"),
        (_DATELINE_ONLY, "venue: {city: Munich, country: Germany}\n", "the dateline (Munich) is used"),
        (_DATELINE_ONLY, "kind: phone_call\n", "the dateline (Munich) is used"),
    ],
)
@pytest.mark.parametrize("where", ["front matter", "sidecar"])
def test_no_warning_about_a_field_the_metadata_sets(load_one, text, metadata, warning, where):
    """What extraction said of a field (no date found...) goes once the file's metadata sets it."""
    assert any(warning in w for w in load_one("r.txt", text).warnings)  # without the metadata, the warning is due
    if where == "front matter":
        record = load_one("r.md", f"---\n{metadata}---\n\n{text}")
    else:
        record = load_one("r.txt", text, {"r.yaml": metadata})
    assert not any(warning in w for w in record.warnings), record.warnings


def test_relative_dates_count_from_the_publication_date_the_metadata_gives(load_one):
    text = "Wang Yi Meets Kuleba\n\nOn Tuesday, Foreign Minister Wang Yi met with Ukrainian Foreign Minister Dmitry Kuleba.\n"
    assert load_one("r.txt", text).date is None
    record = load_one("r.txt", text, {"r.yaml": "published: 2024-02-22\n"})  # a Thursday
    assert (record.date, record.published) == ("2024-02-20", "2024-02-22")
    assert "2024-02-22, as the sidecar r.yaml says" in record.date_note
    assert not any("date" in w for w in record.warnings), record.warnings


@pytest.mark.parametrize(
    ("front", "key"),
    [
        ("date: 2020-02-30\n", "date"),
        ("kind: dinner\n", "kind"),
        ("topics: [not-a-topic]\n", "topics"),
        ("participants: Wang Yi\n", "participants"),
        ("participants:\n  - {name: Wang Yi, country: \"\u2014\"}\n", "participants"),  # nothing to name a page by
        ("participants: [\"...\"]\n", "participants"),
        ("venue: {city: Beijing, country: \"--\"}\n", "venue"),
        ("colour: blue\n", "colour"),
    ],
)
def test_bad_front_matter_values_become_warnings_naming_file_and_key(load_one, front, key):
    """The warning is one of bad.md's record (so it names the file) and names the front matter's key."""
    record = load_one("bad.md", _MD.format(front=front))
    assert record.source_path == "bad.md"
    assert record.date == "2024-02-17"  # the extracted value stands
    assert any("front matter" in w and f"`{key}`" in w for w in record.warnings), record.warnings


def test_people_mentioned_are_neither_participants_nor_named_twice(load_one):
    """The text mentions Antony Blinken; the sidecar makes him a participant and names a mention twice."""
    text = _MD.format(front="") + "\nWang Yi said he had spoken with Secretary of State Antony Blinken.\n"
    assert "Antony Blinken" in [p.name for p in load_one("m.md", text).mentioned]
    sidecar = ("participants: [Wang Yi, Dmytro Kuleba, Antony Blinken]\n"
               "mentioned: [Antony Blinken, Xi Jinping, XI JINPING]\n")
    record = load_one("m.md", text, {"m.yaml": sidecar})
    assert [p.name for p in record.participants] == ["Wang Yi", "Dmytro Kuleba", "Antony Blinken"]
    assert [p.name for p in record.mentioned] == ["Xi Jinping"]
    assert any("named twice among the people mentioned" in w for w in record.warnings), record.warnings


def test_bad_sidecar_values_become_warnings_naming_the_sidecar(load_one):
    record = load_one("b.md", _MD.format(front=""), {"b.yaml": "kind: banquet\n"})
    assert record.kind == "meeting"
    assert any("b.yaml" in w and "`kind`" in w for w in record.warnings), record.warnings


@pytest.mark.parametrize(
    ("field", "listed", "kept", "dropped"),
    [
        ("participants", "[{name: Dmytro Kuleba, country: Ukraine}, 42, {name: Annalena Baerbock, country: Germany}]",
         ["Dmytro Kuleba", "Annalena Baerbock"], "entry 2"),
        ("participants", "[\"...\", Dmytro Kuleba]", ["Dmytro Kuleba"], "entry 1"),
        ("mentioned", "[Antony Blinken, {role: Minister}]", ["Antony Blinken"], "entry 2"),
        ("topics", "[ukraine, not-a-topic, trade]", ["trade", "ukraine"], "entry 2"),
        ("topics", "[ukraine, 42]", ["ukraine"], "entry 2"),
    ],
)
def test_a_list_override_keeps_its_good_entries_and_warns_of_the_bad(load_one, field, listed, kept, dropped):
    record = load_one("c.md", _MD.format(front=""), {"c.yaml": f"{field}: {listed}\n"})
    values = getattr(record, field)
    assert (sorted(values) if field == "topics" else [p.name for p in values]) == kept
    assert any("c.yaml" in w and f"`{field}`" in w and dropped in w for w in record.warnings), record.warnings
    if field == "participants":
        assert record.evidence.participants == ("set by the file's metadata",) * len(kept)


# ---------------------------------------------------------------- lexicon errors


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("people.yaml", "- name: Wang Yi\n  roles:\n    - {title: President, from: 2020-13-45}\n", "roles[0].from"),
        ("people.yaml", "- name: Wang Yi\n  roles:\n    - {title: President, from: 20200101x}\n", "roles[0].from"),
        ("people.yaml", "- country: China\n", "people[0]"),
        ("people.yaml", "- name: Wang Yi\n  aliases: Wang\n", "aliases"),
        ("topics.yaml", "trade:\n  label: Trade\n  patterns: ['(unclosed']\n", "trade.patterns[0]"),
        ("people.yaml", "- name: Zorigt Batbayar\n  contry: Mongolia\n", "unknown key `contry`"),
        ("people.yaml", "- name: Zorigt Batbayar\n  roles:\n    - {title: Minister, form: 2020-01-01}\n",
         "roles[0]: unknown key `form`"),
        ("topics.yaml", "Bad Slug:\n  patterns: [x]\n", "Bad Slug"),
        ("eras.yaml", "- label: x\n  from: 2020-01-01\n", "[0]"),
        ("places.yaml", "landmarks:\n  Kremlin: Moscow\n", "landmarks.Kremlin"),
        ("countries.yaml", "countries:\n  Kyrgyzstan: {demonyms: Kyrgyz}\n", "countries.Kyrgyzstan.demonyms"),
    ],
)
def test_malformed_corpus_lexicon_names_file_and_key(tmp_path, name, content, key):
    path = tmp_path / "_lexicon" / name
    path.parent.mkdir()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon((path,))
    assert str(path) in str(info.value)
    assert key in str(info.value)


def test_lexicon_key_given_twice_names_the_file_and_both_lines(tmp_path):
    path = tmp_path / "topics.yaml"
    path.write_text("trade:\n  label: Trade\nclimate:\n  label: Climate\ntrade:\n  label: Commerce\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon((path,))
    assert (info.value.path, info.value.line) == (str(path), 5)
    assert "`trade` is given twice (lines 1 and 5)" in str(info.value)


def test_yaml_keys_given_twice_are_noted_in_order_of_lines():
    data, repeats = load_yaml_noting_repeats("a: 1\nb:\n  c: 2\n  c: 3\na: 4\nd: 2020-02-30\n")
    assert data == {"a": 4, "b": {"c": 3}, "d": "2020-02-30"}  # the last value, as PyYAML keeps; dates as text
    assert [(r.key, r.first, r.again) for r in repeats] == [("c", 3, 4), ("a", 1, 5)]
    with pytest.raises(RepeatedKey):
        load_yaml("a: 1\na: 2\n")


@pytest.mark.parametrize("text", [
    "base: &b {x: 1}\nother:\n  <<: *b\n  x: 2\n",  # a merged key overridden: not a repeat
    "- {a: 1}\n- {a: 1}\n",  # equal keys in different mappings
    "1: one\n'1': text\n",  # an integer and a string
])
def test_yaml_keys_not_repeated(text):
    assert load_yaml_noting_repeats(text)[1] == []


def test_yaml_unhashable_key_is_pyyaml_own_error():
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml_noting_repeats("? [a, b]\n: 1\n")


def test_lexicon_file_that_is_not_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("- name: Wang Yi\n  roles: [\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon((path,))
    assert info.value.path == str(path) and info.value.line is not None


@pytest.mark.parametrize(
    ("text", "name", "role", "country"),
    [
        ("Wang Yi Meets with Swiss Federal Councillor Ignazio Cassis\n\nOn March 3, 2021, Foreign Minister "
         "Wang Yi met with Swiss Federal Councillor Ignazio Cassis in Geneva.\n",
         "Ignazio Cassis", "Federal Councillor", "Switzerland"),
        ("Wang Yi Meets with Austrian Federal Minister Alexander Schallenberg\n\nOn March 3, 2021, Foreign "
         "Minister Wang Yi met with Austrian Federal Minister for European and International Affairs "
         "Alexander Schallenberg in Vienna.\n",
         "Alexander Schallenberg", "Federal Minister", "Austria"),
    ],
)
def test_federal_offices_are_roles(parse_text, text, name, role, country):
    record = parse_text(text)
    assert (name, role, country) in {(p.name, p.role, p.country) for p in record.participants}


def test_a_meeting_with_one_participant_found_says_the_other_side_is_missing(parse_text):
    record = parse_text("Wang Yi Meets with Grand Pensionary Johan de Witt\n\nOn March 3, 2021, Foreign Minister "
                        "Wang Yi met with Grand Pensionary Johan de Witt in Beijing.\n")
    assert [p.name for p in record.participants] == ["Wang Yi"]
    assert any(w.startswith("only one participant found (Wang Yi): the other side of the meeting") for w in record.warnings)


def test_participants_the_metadata_gives_are_not_warned_about_as_found(parse_text):
    record = parse_text("Wang Yi Meets with Grand Pensionary Johan de Witt\n\nOn March 3, 2021, Foreign Minister "
                        "Wang Yi met with Grand Pensionary Johan de Witt in Beijing.\n",
                        overrides={"participants": ["Wang Yi"]})
    assert [p.name for p in record.participants] == ["Wang Yi"]
    assert not any("participant" in w for w in record.warnings), record.warnings


def test_a_statement_by_one_person_is_not_warned_about(parse_text):
    record = parse_text("Foreign Minister Wang Yi on the Situation in the Middle East\n\nOn March 3, 2021, "
                        "Foreign Minister Wang Yi said that the fighting must stop.\n")
    assert not any(w.startswith("only one participant") for w in record.warnings)


@pytest.mark.parametrize(("title", "kind"), [
    ("Leaders at the \u017fummit", "meeting"),  # a long s: the regex folds it to "s", and so must the word filter
    ("Wang Yi Holds Tal\u212as with Leaders", "talks"),  # the Kelvin sign folds to "k"
])
def test_kind_words_match_whatever_case_folding_the_text_uses(title, kind):
    assert kinds.kind_of(title) == kind


def test_a_participant_named_twice_is_listed_once_with_its_evidence(load_one):
    """Two spellings of one person in a sidecar are one participant, as the archive counts them."""
    sidecar = "participants: [Wang Yi, Dmytro Kuleba, WANG YI]\n"
    record = load_one("p.md", _MD.format(front=""), {"p.yaml": sidecar})
    assert [p.name for p in record.participants] == ["Wang Yi", "Dmytro Kuleba"]
    assert len(record.evidence.participants) == 2
    assert record.countries == ("China", "Ukraine")
    assert any("Wang Yi is named twice among the participants" in w for w in record.warnings), record.warnings


@pytest.mark.parametrize(("name", "content", "warning"), [
    ("open.md", "---\ntitle: No Close\ndate: 2024-02-17\n\nWang Yi met Dmytro Kuleba in Munich on February 17, 2024.\n",
     "opens front matter with '---' but no line '---' closes it"),
    ("bare.html", "<html><head><title>Wang Yi Meets Kuleba</title></head><body><nav>Home</nav></body></html>",
     "no text beyond the headline"),
    ("bare.md", "# Wang Yi Meets Kuleba\n", "no text beyond the headline"),
])
def test_a_file_read_otherwise_than_it_looks_says_so(load_one, name, content, warning):
    assert any(warning in w for w in load_one(name, content).warnings)


def test_a_closed_front_matter_and_a_text_are_read_without_those_warnings(load_one):
    warnings = load_one("ok.md", _MD.format(front="kind: talks\n")).warnings
    assert not any("closes it" in w or "beyond the headline" in w for w in warnings), warnings


@pytest.mark.parametrize(("text", "page_date", "warning"), [
    ("On February 30, 2021, Wang Yi met with Dmitry Kuleba.", "", 'the text gives "February 30, 2021", which is no '
                                                                 "day of the calendar; the date is unknown"),
    ("On 31 April, Wang Yi met with Dmitry Kuleba.", "", '"31 April", which is no day of the calendar'),
    ("On February 30, 2021, Wang Yi met with Dmitry Kuleba.", "Published: 2021-03-02\n\n",
     '"February 30, 2021", which is no day of the calendar; the page\'s date is taken'),
])
def test_a_date_that_is_no_day_of_the_calendar_is_named_in_the_warning(load_one, text, page_date, warning):
    record = load_one("r.txt", f"Wang Yi Meets Kuleba\n\n{page_date}{text}\n")
    assert any(warning in w for w in record.warnings), record.warnings
    assert record.date == ("2021-03-02" if page_date else None)


@pytest.mark.parametrize(("head", "name", "role"), [
    ("Senator the Hon Penny Wong\nMinister for Foreign Affairs\n\nMedia release", "Penny Wong",
     "Minister for Foreign Affairs"),
    ("The Hon Anthony Albanese MP\nPrime Minister of Australia", "Anthony Albanese", "Prime Minister"),
    ("Minister for Foreign Affairs\nSenator the Hon Penny Wong\nHome > Media releases", "Penny Wong",
     "Minister for Foreign Affairs"),  # the office above the name
])
def test_the_minister_whose_release_it_is_wrote_a_first_person_readout(parse_text, head, name, role):
    record = parse_text(f"{head}\n\nMeeting with President Joko Widodo\n\n6 June 2022\n\nToday I met with President "
                        "Joko Widodo in Jakarta. I thanked the President for his warm welcome.\n")
    assert [(p.name, p.role) for p in record.participants] == [(name, role), ("Joko Widodo", "President")]
    assert record.evidence.participants[0].startswith("byline: ")
    assert not any("first person" in w for w in record.warnings), record.warnings


@pytest.mark.parametrize("tail", ["Related: Retno Opens the Bali Democracy Forum",
                                  "Read more:\nRetno Opens the Bali Democracy Forum",
                                  "Most Viewed\nRetno Opens the Bali Democracy Forum"])
def test_a_list_of_other_stories_after_a_text_readout_is_not_read(parse_text, tail):
    record = parse_text("Wang Yi Meets Kazakh Foreign Minister\n\n5 May 2023\n\nOn 5 May 2023, Wang Yi met Kazakh "
                        f"Foreign Minister Murat Nurtleu in Beijing. They discussed trade.\n\n{tail}\n")
    assert not any("Retno" in paragraph for paragraph in record.body), record.body
    assert not any("Retno" in p.name for p in record.participants + record.mentioned)


def test_secretary_and_a_family_name_is_the_secretary_the_lexicon_knows(parse_text):
    record = parse_text(
        "Secretary Blinken's Call with Indian External Affairs Minister Jaishankar\n\nREADOUT\nOFFICE OF THE "
        "SPOKESPERSON\nMARCH 5, 2023\n\nThe following is attributable to Spokesperson Ned Price:\n\nSecretary Blinken "
        "spoke today with Indian External Affairs Minister Dr. S. Jaishankar. The Secretary and External Affairs "
        "Minister discussed Russia's war against Ukraine.\n")
    assert [(p.name, p.role, p.country) for p in record.participants] == [
        ("Antony Blinken", "Secretary of State", "United States"),
        ("Subrahmanyam Jaishankar", "External Affairs Minister", "India")]
    assert not record.warnings


@pytest.mark.parametrize(("sentence", "names"), [
    ("Blinken met Foreign Minister Wang Yi in Beijing.", ["Antony Blinken", "Wang Yi"]),
    ("Putin said the talks were useful.", ["Vladimir Putin"]),
    ("Price increases were discussed with Wang Yi.", ["Wang Yi"]),  # a word that is also a family name
])
def test_a_family_name_that_begins_a_sentence_is_a_person_when_an_act_follows(lexicon, sentence, names):
    assert [p.name for p in _people(lexicon, sentence)] == names


@pytest.mark.parametrize(("text", "warned"), [
    ("Scholz trifft Modi\n\nBerlin, 2. Mai 2022\n\nBundeskanzler Olaf Scholz hat am Montag den indischen "
     "Premierminister Narendra Modi im Bundeskanzleramt empfangen. Die beiden Regierungschefs sprachen über den Krieg "
     "in der Ukraine, den Klimaschutz und die wirtschaftliche Zusammenarbeit zwischen Deutschland und Indien.\n", True),
    ("王毅会见吉尔吉斯斯坦外长\n\n2020年9月13日，国务委员兼外长王毅在北京会见吉尔吉斯斯坦外长。双方就双边关系交换了意见。\n", True),
    ("Wang Yi Meets Kazakh Foreign Minister\n\n5 May 2023\n\nOn 5 May 2023, Wang Yi met Kazakh Foreign Minister Murat "
     "Nurtleu in Beijing. The two sides exchanged views on trade, energy and the situation in Afghanistan, and agreed "
     "to deepen their cooperation in many fields.\n", False),
])
def test_a_text_in_another_language_than_english_is_warned_about(parse_text, text, warned):
    record = parse_text(text)
    assert any("does not read as English" in w for w in record.warnings) == warned, record.warnings


def test_a_headline_ending_with_its_date_is_no_outlet_line_and_a_call_on_the_president_is_a_meeting(parse_text):
    record = parse_text(
        "Ministry of External Affairs\nHome > Media Center > Press Releases\nEAM calls on President of Sri Lanka "
        "(October 04, 2024)\nOctober 04, 2024\n\nExternal Affairs Minister Dr. S. Jaishankar called on President of "
        "Sri Lanka H.E. Anura Kumara Dissanayake in Colombo today. EAM conveyed warm greetings of Prime Minister Shri "
        "Narendra Modi.\n\nColombo\nOctober 04, 2024\n")
    assert record.title == "EAM calls on President of Sri Lanka (October 04, 2024)"
    assert (record.source.outlet, record.date, record.kind) == (None, "2024-10-04", "meeting")
    assert (record.venue.city, record.venue.country) == ("Colombo", "Sri Lanka")
    assert [p.name for p in record.participants] == ["Subrahmanyam Jaishankar", "Anura Kumara Dissanayake"]


def test_the_place_and_date_of_another_event_the_readout_names_are_not_its_own(parse_text):
    record = parse_text(
        "AFRICAN UNION\nPress Release\nChairperson of the AU Commission receives Italian Deputy Prime Minister\n"
        "February 09, 2024\n\nThe Chairperson of the African Union Commission, H.E. Moussa Faki Mahamat, received in "
        "audience today at the AU Headquarters H.E. Mr. Antonio Tajani, Deputy Prime Minister and Minister of Foreign "
        "Affairs and International Cooperation of the Italian Republic.\n\nThe two sides discussed the follow-up to the "
        "Italy-Africa Summit held in Rome on 28-29 January 2024 and migration.\n")
    assert (record.date, record.date_end) == ("2024-02-09", None)
    assert (record.venue.city, record.venue.country) == ("Addis Ababa", "Ethiopia")
    assert [(p.name, p.country) for p in record.participants] == [("Moussa Faki Mahamat", None),
                                                                  ("Antonio Tajani", "Italy")]


@pytest.mark.parametrize(("sentence", "place"), [
    ("They discussed the outcome of the conference held in Geneva last month.", None),
    ("They reviewed the Italy-Africa Summit held in Rome on 28-29 January 2024.", None),
    ("The meeting was held in Geneva.", ("Geneva", "Switzerland")),  # the readout's own
    ("They met at the UN Complex in Gigiri.", ("Nairobi", "Kenya")),  # not a town "Un" of India
    # An event the readout's principal attends is the readout's; a building named with its city is in it.
    ("Mr. KISHIDA Fumio attended the Quad Leaders' Summit held in Wilmington, Delaware, U.S., with Mr. Modi.",
     ("Wilmington", "United States")),
    ("President Tinubu received Dr Tedros at the State House, Abuja.", ("Abuja", "Nigeria")),
    ("She met President Milei on the margins of the World Economic Forum Annual Meeting in Davos:",
     ("Davos", "Switzerland")),
])
def test_venue_of_another_event_or_an_acronym_is_not_taken(lexicon, sentence, place):
    found = places.find_venue(sentence, lexicon, None)
    assert (found and (found.city, found.country)) == place


def test_the_datelines_day_gives_way_to_the_meetings_and_whose_visit_it_was_is_only_mentioned(parse_text):
    record = parse_text(
        "Secretary Manalo, Foreign Minister Wong Hold Bilateral Meeting in Canberra\n29 February 2024\n\nCANBERRA 29 "
        "February 2024 – Secretary of Foreign Affairs Enrique A. Manalo and Australian Minister for Foreign Affairs "
        "Penny Wong met on 28 February 2024 on the margins of the State Visit to Australia of President Ferdinand R. "
        "Marcos Jr.\n")
    assert record.date == "2024-02-28"
    assert [p.name for p in record.participants] == ["Enrique Manalo", "Penny Wong"]
    assert [p.name for p in record.mentioned] == ["Ferdinand Marcos Jr."]


def test_the_leader_on_whose_state_visit_ministers_met_is_only_mentioned(parse_text):
    record = parse_text(
        "Foreign Minister Sugiono meets Wang Yi\n\nBeijing, 9 November 2024 – Foreign Minister of the Republic of "
        "Indonesia, Sugiono, held a bilateral meeting with Chinese Foreign Minister Wang Yi on the sidelines of "
        "President Prabowo Subianto's state visit to China.\n")
    assert "Prabowo Subianto" not in {p.name for p in record.participants}
    assert "Prabowo Subianto" in {p.name for p in record.mentioned}


def test_a_release_dated_under_its_headline_dates_the_meeting_and_a_role_after_a_slash(parse_text):
    record = parse_text(
        "Ministry of Foreign Affairs - Government of Pakistan\nHome > Press Releases\nDate: 24/09/2024\n\nDeputy Prime "
        "Minister/Foreign Minister meets the Foreign Minister of Iran\n\nNew York, 23 September 2024\n\nDeputy Prime "
        "Minister/Foreign Minister Senator Mohammad Ishaq Dar met the Foreign Minister of the Islamic Republic of Iran, "
        "Dr. Seyed Abbas Araghchi, on the sidelines of the 79th session of the UN General Assembly.\n")
    assert (record.date, record.published) == ("2024-09-23", "2024-09-24")
    assert (record.venue.city, record.venue.country) == ("New York City", "United States")
    assert [(p.name, p.role, p.country) for p in record.participants][0] == (
        "Ishaq Dar", "Deputy Prime Minister/Foreign Minister", "Pakistan")


def test_a_weekday_spelled_out_in_brackets_and_an_organisations_official_of_no_country(parse_text):
    record = parse_text(
        "<html><head><title>NATO Secretary General meets with the Prime Minister of Sweden</title></head><body><h1>NATO "
        "Secretary General meets with the Prime Minister of Sweden</h1><p class='date'>14 Nov. 2024 - <span>Last updated: "
        "14 Nov. 2024 15:20</span></p><p>NATO Secretary General Mark Rutte welcomed the "
        "Prime Minister of Sweden, Ulf Kristersson, to NATO Headquarters on Thursday (14 November 2024).</p></body>"
        "</html>", fmt="html")
    assert record.date == "2024-11-14"
    assert [(p.name, p.country) for p in record.participants] == [("Mark Rutte", None), ("Ulf Kristersson", "Sweden")]
    assert record.countries == ("Sweden",)
    assert not any("country of Mark Rutte" in w for w in record.warnings), record.warnings


@pytest.mark.parametrize(("text", "fmt"), [
    ("Wang Yi Meets Lavrov\n\nMay 5, 2021\n\nOn May 5, 2021, Wang Yi met with Russian Foreign Minister Sergey Lavrov in "
     "Moscow\n\nThe sides also discussed the situation in Iran.\n", "txt"),
    ("<html><body><h1>Wang Yi Meets Lavrov</h1><p>On May 5, 2021, Wang Yi met with Russian Foreign Minister Sergey "
     "Lavrov in Moscow</p><p>The sides also discussed the situation in Iran.</p></body></html>", "html"),
    ("---\ntitle: Wang Yi Meets Lavrov\n---\nOn May 5, 2021, Wang Yi met with Russian Foreign Minister Sergey Lavrov in "
     "Moscow\n\nThe sides also discussed the situation in Iran.\n", "md"),
    ("---\n\nOn May 5, 2021, Wang Yi met with Russian Foreign Minister Sergey Lavrov in Moscow.\n\n---\n\nThe sides "
     "also discussed the situation in Iran.\n", "md"),  # two rules, not front matter
])
def test_a_lead_that_ends_no_sentence_is_kept_with_its_date_and_people(parse_text, text, fmt):
    record = parse_text(text, fmt=fmt)
    assert record.body[0].startswith("On May 5, 2021, Wang Yi met"), record.body
    assert record.date == "2021-05-05"
    assert [p.name for p in record.participants] == ["Wang Yi", "Sergey Lavrov"]


def test_metadata_values_are_the_text_written_not_yaml_truth_values_or_numbers(load_one):
    record = load_one("a.md", _MD.format(front="title: yes\nparticipants:\n  - {name: Jonas Gahr Store, country: Norway}\n"
                                                "  - {name: Espen Barth Eide, role: 12:30, country: Norway}\n"))
    assert record.title == "yes"
    assert [(p.name, p.role) for p in record.participants] == [("Jonas Gahr Store", "Prime Minister"),
                                                               ("Espen Barth Eide", "12:30")]
    empty = load_one("b.md", _MD.format(front="participants:\n  - {name: '', country: China}\n  - Wang Yi\n"))
    assert [p.name for p in empty.participants] == ["Wang Yi"]
    assert any("entry 1 ignored" in w and "no person's name" in w for w in empty.warnings), empty.warnings


def test_a_sidecar_saved_as_utf16_or_windows_1252_is_read(load_one):
    for name, data in (("u.yaml", "\ufefftitle: Caf\u00e9 talks\n".encode("utf-16")),
                       ("w.yaml", "title: Caf\u00e9 talks\n".encode("cp1252"))):
        record = load_one(name.replace(".yaml", ".md"), _MD.format(front="kind: meeting\n"), {name: data})
        assert record.title == "Caf\u00e9 talks", (name, record.warnings)


@pytest.mark.parametrize("widget", ["Share:", "Print", "<Suggest To A Friend>"])
def test_text_after_a_widget_line_is_left_out_with_a_warning_that_quotes_it(parse_text, widget):
    record = parse_text("Wang Yi Meets Lavrov\n\nMay 7, 2021\n\nOn May 7, 2021, Wang Yi met with Russian Foreign Minister "
                        f"Sergey Lavrov in Moscow.\n\n{widget}\n\nLavrov said Russia would host the next round of "
                        "strategic consultations in Kazan.\n")
    assert record.body == ("On May 7, 2021, Wang Yi met with Russian Foreign Minister Sergey Lavrov in Moscow.",)
    assert any(f'after "{widget}" were left out' in w and "Kazan" in w for w in record.warnings), record.warnings


def test_the_office_a_headline_shortens_is_taken_in_full_from_the_text(parse_text):
    record = parse_text("Wang Yi Meets with Envoy Bolot Usenov\n\nOn October 4, 2021, State Councilor and Foreign "
                        "Minister Wang Yi met with Kyrgyz Special Envoy Bolot Usenov in Beijing.\n")
    assert ("Bolot Usenov", "Special Envoy") in {(p.name, p.role) for p in record.participants}


def test_a_visit_that_ended_on_the_datelines_day_spans_its_days_and_a_name_with_a_particle_is_one(parse_text):
    record = parse_text(
        "Abdullah bin Zayed concludes visit to Ukraine\n\nKYIV, 23rd August, 2024 (WAM) -- His Highness Sheikh "
        "Abdullah bin Zayed Al Nahyan, Deputy Prime Minister and Minister of Foreign Affairs, concluded a two-day visit "
        "to Ukraine, during which he met with President Volodymyr Zelenskyy.\n")
    assert (record.date, record.date_end) == ("2024-08-22", "2024-08-23")
    assert [p.name for p in record.participants] == ["Abdullah bin Zayed Al Nahyan", "Volodymyr Zelenskyy"]


def test_who_attended_by_takes_part_and_a_quoted_spokesman_does_not(parse_text):
    record = parse_text(
        "Putin, Erdogan hold talks in Astana\n\nJuly 3, 2024\n\nRussian President Vladimir Putin and Turkish President "
        "Recep Tayyip Erdogan are holding talks on the sidelines of the SCO summit in Astana, Kremlin Spokesman Dmitry "
        "Peskov told reporters.\n\nThe meeting was also attended by Russian Foreign Minister Sergey Lavrov.\n")
    assert {p.name for p in record.participants} >= {"Vladimir Putin", "Sergey Lavrov"}
    assert "Dmitry Peskov" in {p.name for p in record.mentioned}


@pytest.mark.parametrize(("lead", "announced"), [
    ("Foreign Minister Wang Yi will meet Foreign Secretary David Lammy in London on 5 March 2025.", True),
    ("President Ramaphosa will undertake a State Visit to China from 2 to 3 September 2024.", True),
    ("Foreign Minister Wang Yi met Foreign Secretary David Lammy in London on 5 March 2025. They will meet again.",
     False),
])
def test_an_announced_event_is_warned_about(parse_text, lead, announced):
    record = parse_text(f"Announcement\n\n3 March 2025\n\n{lead}\n")
    assert any("announces the event" in w for w in record.warnings) == announced, record.warnings


def test_contact_and_from_lines_are_furniture_not_people(parse_text):
    record = parse_text(
        "GOV.UK\nPM meeting with President Zelenskyy: 16 January 2025\nFrom: Prime Minister's Office, 10 Downing Street "
        "and The Rt Hon Sir Keir Starmer KCB KC MP\nPublished 16 January 2025\n\nPrime Minister Keir Starmer met "
        "President Zelenskyy in Kyiv today.\n\nThey discussed support for Ukraine.\n\nEnquiries: Mr Chrispin Phiri, "
        "Spokesperson\n")
    assert {p.name for p in record.participants} == {"Keir Starmer", "Volodymyr Zelenskyy"}
    assert record.mentioned == ()


@pytest.mark.parametrize(("lead", "outlet", "date"), [
    ("ABU DHABI, 8th August, 2024 (WAM) -- President Sheikh Mohamed bin Zayed Al Nahyan received a phone call today "
     "from Masoud Pezeshkian, President of the Islamic Republic of Iran.", "WAM", "2024-08-08"),
    ("Riyadh, October 13, 2024, SPA -- Crown Prince Mohammed bin Salman received a phone call today from President "
     "Emmanuel Macron of the French Republic.", "SPA", "2024-10-13"),
    ("Paris (AFP) – French President Emmanuel Macron and Chinese President Xi Jinping held talks in Paris on 6 May "
     "2024.", "AFP", "2024-05-06"),
])
def test_an_agencys_dateline_in_other_styles_gives_the_outlet_and_the_day(parse_text, lead, outlet, date):
    record = parse_text(f"Leaders talk\n\n{lead}\n")
    assert (record.source.outlet, record.date) == (outlet, date), record.warnings


@pytest.mark.parametrize(("lead", "guterres"), [
    ("The Secretary-General met today with H.E. Mr. Hakan Fidan, Minister for Foreign Affairs of Türkiye.", True),
    ("The Secretary-General met today with the NATO Secretary General Mark Rutte.", False),  # not said whose
])
def test_the_secretary_general_of_a_readout_is_the_uns(parse_text, lead, guterres):
    record = parse_text(f"Readout of the Secretary-General's meeting\n\n20 September 2023\n\n{lead}\n")
    assert ("Antonio Guterres" in {p.name for p in record.participants}) == guterres


def test_an_announced_visit_after_the_pages_date_is_dated_ahead_of_it(parse_text):
    record = parse_text(
        "Ministério das Relações Exteriores\nNota à imprensa nº 21\n17 de janeiro de 2024\n\nVisit of Minister Mauro "
        "Vieira to China\n\nMinister of Foreign Affairs Mauro Vieira will travel to Beijing from January 18 to 20, "
        "where he will meet with the Minister of Foreign Affairs of China, Wang Yi.\n")
    assert (record.published, record.date, record.date_end) == ("2024-01-17", "2024-01-18", "2024-01-20")
    assert any("announces the event" in w for w in record.warnings)


@pytest.mark.parametrize(("text", "city", "warned"), [
    ("WHO chief meets Egypt's minister\n\n27 May 2024\n\nGeneva – The WHO Director-General, Dr Tedros Adhanom "
     "Ghebreyesus, met yesterday with Egypt's Minister of Health, Dr Khaled Abdel Ghaffar.\n", "Geneva",
     "the dateline (Geneva) is used"),
    ("Sugiono meets Wang Yi\n\nBeijing, 9 November 2024 – Foreign Minister Sugiono held a bilateral meeting with "
     "Chinese Foreign Minister Wang Yi on the sidelines of President Prabowo Subianto's state visit to China.\n",
     "Beijing", "the dateline's (Beijing), in China, is used"),
])
def test_a_ministrys_dateline_gives_the_city_the_text_does_not(parse_text, text, city, warned):
    record = parse_text(text)
    assert record.venue.city == city
    assert any(warned in w for w in record.warnings), record.warnings


def test_an_end_date_the_metadata_gives_before_the_date_is_dropped_naming_where_it_came_from(load_one):
    record = load_one("a.md", _MD.format(front="date: 2024-02-17\ndate_end: 2024-02-10\n"))
    assert record.date_end is None
    assert any("2024-02-10 (the file's metadata gives it) does not follow" in w for w in record.warnings)
