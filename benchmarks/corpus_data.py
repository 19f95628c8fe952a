"""Vocabulary of the synthetic readouts: countries, names, offices, topics, phrases.

Plain data, used by ``corpus.py``.  Countries and topics are modelled on real
readouts; most office holders are invented from the regional name pools, a few
are real (``REAL_HOLDERS``), as are the publishing principals (``PRINCIPALS``).
"""

# --------------------------------------------------------------------------
# Countries: name, adjective, capital, name pool, title of the head of government
# --------------------------------------------------------------------------

COUNTRIES = [
    ("Kyrgyzstan", "Kyrgyz", "Bishkek", "central_asia", "President"),
    ("Kazakhstan", "Kazakh", "Astana", "central_asia", "President"),
    ("Uzbekistan", "Uzbek", "Tashkent", "central_asia", "President"),
    ("Tajikistan", "Tajik", "Dushanbe", "central_asia", "President"),
    ("Turkmenistan", "Turkmen", "Ashgabat", "central_asia", "President"),
    ("Mongolia", "Mongolian", "Ulaanbaatar", "mongolia", "President"),
    ("Japan", "Japanese", "Tokyo", "japan", "Prime Minister"),
    ("South Korea", "South Korean", "Seoul", "korea", "President"),
    ("Pakistan", "Pakistani", "Islamabad", "south_asia", "Prime Minister"),
    ("India", "Indian", "New Delhi", "south_asia", "Prime Minister"),
    ("Nepal", "Nepali", "Kathmandu", "south_asia", "Prime Minister"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "south_asia", "President"),
    ("Bangladesh", "Bangladeshi", "Dhaka", "south_asia", "Prime Minister"),
    ("Vietnam", "Vietnamese", "Hanoi", "southeast_asia", "Prime Minister"),
    ("Laos", "Lao", "Vientiane", "southeast_asia", "Prime Minister"),
    ("Cambodia", "Cambodian", "Phnom Penh", "southeast_asia", "Prime Minister"),
    ("Thailand", "Thai", "Bangkok", "southeast_asia", "Prime Minister"),
    ("Malaysia", "Malaysian", "Kuala Lumpur", "southeast_asia", "Prime Minister"),
    ("Indonesia", "Indonesian", "Jakarta", "southeast_asia", "President"),
    ("Australia", "Australian", "Canberra", "anglo", "Prime Minister"),
    ("New Zealand", "New Zealand", "Wellington", "anglo", "Prime Minister"),
    ("Finland", "Finnish", "Helsinki", "nordic", "President"),
    ("Sweden", "Swedish", "Stockholm", "nordic", "Prime Minister"),
    ("Norway", "Norwegian", "Oslo", "nordic", "Prime Minister"),
    ("Germany", "German", "Berlin", "europe_west", "Chancellor"),
    ("France", "French", "Paris", "europe_west", "President"),
    ("Italy", "Italian", "Rome", "europe_west", "Prime Minister"),
    ("Spain", "Spanish", "Madrid", "europe_west", "Prime Minister"),
    ("Greece", "Greek", "Athens", "europe_west", "Prime Minister"),
    ("Hungary", "Hungarian", "Budapest", "europe_east", "Prime Minister"),
    ("Serbia", "Serbian", "Belgrade", "europe_east", "President"),
    ("Poland", "Polish", "Warsaw", "europe_east", "President"),
    ("Turkey", "Turkish", "Ankara", "middle_east", "President"),
    ("Iran", "Iranian", "Tehran", "middle_east", "President"),
    ("Saudi Arabia", "Saudi", "Riyadh", "middle_east", "Crown Prince"),
    ("Egypt", "Egyptian", "Cairo", "middle_east", "President"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "africa", "Prime Minister"),
    ("Kenya", "Kenyan", "Nairobi", "africa", "President"),
    ("Nigeria", "Nigerian", "Abuja", "africa", "President"),
    ("South Africa", "South African", "Pretoria", "africa", "President"),
    ("Brazil", "Brazilian", "Brasilia", "latin_america", "President"),
    ("Argentina", "Argentine", "Buenos Aires", "latin_america", "President"),
    ("Mexico", "Mexican", "Mexico City", "latin_america", "President"),
    ("Chile", "Chilean", "Santiago", "latin_america", "President"),
]

# Given names and surnames by region, for the invented office holders.
NAME_POOLS = {
    "central_asia": (
        "Almaz Bakyt Nurlan Timur Aibek Azamat Daniyar Ulan Askar Gulnara Aida Dinara Marat",
        "Tokmokov Sadykov Abdrakhmanov Nurmatov Bekov Ismailov Rakhimov Seitkaliev Zhumabaev Temirov",
    ),
    "japan": (
        "Hiroshi Takeshi Yuki Kenji Haruto Akiko Masato Yoshiko",
        "Tanaka Sato Kobayashi Yamada Nakamura Suzuki Watanabe Ishikawa",
    ),
    "korea": (
        "Min-jun Ji-ho Seo-yeon Jae-won Hye-jin Sung-min Dong-hyun",
        "Kim Park Choi Lee Jung Kang Yoon",
    ),
    "mongolia": (
        "Bat-Erdene Oyun Ganbold Enkhtuya Tsogt Munkh-Orgil",
        "Batbayar Enkhbold Gantulga Purevdorj Sukhbaatar Dashdorj",
    ),
    "south_asia": (
        "Rajiv Anil Sunita Imran Farhan Ayesha Priya Sanjay Kamal Nadia Arjun",
        "Sharma Qureshi Mehta Rahman Perera Bhattarai Chaudhry Hossain Nair Siddiqui",
    ),
    "southeast_asia": (
        "Somsak Budi Siti Anwar Kittisak Ahmad Bounthong Sokha Minh Thanh Dewi",
        "Phommachanh Hartono Wijaya Chanthavong Sokhom Ismail Rattanakorn Rahim Tran Nguyen",
    ),
    "anglo": (
        "James Sarah Michael Emma David Rebecca Andrew Claire Thomas Fiona",
        "Mitchell Harrison Thompson Campbell Walker Bennett Clarke Fraser Hughes Gallagher",
    ),
    "nordic": (
        "Mikko Anna Lars Ingrid Erik Jukka Kari Sanna Henrik Liisa",
        "Virtanen Lindqvist Hansen Berg Korhonen Johansson Nilsen Makinen Lund Solberg",
    ),
    "europe_west": (
        "Sofia Matteo Elena Klaus Pierre Marta Nikos Jean-Luc Carmen Stefan Giulia",
        "Rossi Moreau Schneider Papadopoulos Garcia Dubois Lehmann Bianchi Navarro Weber",
    ),
    "europe_east": (
        "Andras Jan Katarzyna Milos Zoltan Agnieszka Dragan Eszter Tomasz",
        "Kovacs Nowak Petrovic Jovanovic Nagy Wisniewski Horvath Markovic Kaminski",
    ),
    "middle_east": (
        "Ahmet Mehmet Ali Hassan Reza Faisal Khalid Omar Leyla Mariam",
        "Yilmaz Demir Hosseini Rahimi Al-Harbi Mostafa Farouk Kaya Tehrani Aydin",
    ),
    "africa": (
        "Samuel Grace William Bola Chinedu Thandi Sipho Amina Kwame Lerato Dawit",
        "Bekele Mwangi Okonkwo Adeyemi Ndlovu Dlamini Kiprop Tesfaye Otieno Mokoena",
    ),
    "latin_america": (
        "Luis Carlos Maria Alejandro Gabriela Jorge Fernanda Ricardo Paula Diego",
        "Silva Fernandez Lopez Gonzalez Rodriguez Santos Herrera Morales Castillo Pereira",
    ),
}

# Real office holders (country, role, name, from, to); invented ones fill the rest.
REAL_HOLDERS = [
    ("Kyrgyzstan", "President", "Almazbek Atambayev", "2012-01-01", "2017-11-24"),
    ("Kyrgyzstan", "President", "Sooronbay Jeenbekov", "2017-11-24", "2021-01-28"),
    ("Kyrgyzstan", "President", "Sadyr Zhaparov", "2021-01-28", "2026-01-01"),
    ("Kyrgyzstan", "Foreign Minister", "Chingiz Aidarbekov", "2018-05-19", "2020-11-01"),
    ("Kyrgyzstan", "Foreign Minister", "Ruslan Kazakbaev", "2020-11-01", "2022-11-28"),
    ("Kyrgyzstan", "Foreign Minister", "Jeenbek Kulubaev", "2022-11-28", "2026-01-01"),
    ("Kazakhstan", "President", "Nursultan Nazarbayev", "2012-01-01", "2019-03-20"),
    ("Kazakhstan", "President", "Kassym-Jomart Tokayev", "2019-03-20", "2026-01-01"),
    ("Finland", "President", "Sauli Niinisto", "2012-03-01", "2024-03-01"),
    ("Finland", "President", "Alexander Stubb", "2024-03-01", "2026-01-01"),
    ("Uzbekistan", "President", "Shavkat Mirziyoyev", "2016-09-08", "2026-01-01"),
]

# The publishing side of each house: (role, name, from, to, title in running text).
PRINCIPALS = {
    "china_head": [
        ("President", "Hu Jintao", "2012-01-01", "2013-03-14"),
        ("President", "Xi Jinping", "2013-03-14", "2026-01-01"),
    ],
    "china_fm": [
        ("Foreign Minister", "Yang Jiechi", "2012-01-01", "2013-03-16"),
        ("Foreign Minister", "Wang Yi", "2013-03-16", "2018-03-19"),
        ("State Councilor and Foreign Minister", "Wang Yi", "2018-03-19", "2022-12-30"),
        ("Foreign Minister", "Qin Gang", "2022-12-30", "2023-07-25"),
        ("Foreign Minister", "Wang Yi", "2023-07-25", "2026-01-01"),
    ],
    "russia_head": [
        ("President", "Dmitry Medvedev", "2012-01-01", "2012-05-07"),
        ("President", "Vladimir Putin", "2012-05-07", "2026-01-01"),
    ],
    "us_head": [
        ("President", "Barack Obama", "2012-01-01", "2017-01-20"),
        ("President", "Donald Trump", "2017-01-20", "2021-01-20"),
        ("President", "Joe Biden", "2021-01-20", "2025-01-20"),
        ("President", "Donald Trump", "2025-01-20", "2026-01-01"),
    ],
}

# --------------------------------------------------------------------------
# Topics: slug -> (label, earliest year, houses it fits, sentences)
# Placeholders: {A} counterpart country, {Aa} its adjective, {H} host country.
# --------------------------------------------------------------------------

ALL_HOUSES = ("mfa", "kremlin", "whitehouse", "xinhua")
CHINA_HOUSES = ("mfa", "xinhua")

TOPICS = {
    "covid-19": ("COVID-19", 2020, ALL_HOUSES, [
        "the two sides exchanged views on the fight against the COVID-19 pandemic",
        "{H} will continue to support {A} in its fight against COVID-19",
        "the pandemic has caused adverse effects on the economies of both countries",
        "solidarity and cooperation are the most powerful weapons in the fight against the epidemic",
    ]),
    "vaccines": ("Vaccines", 2020, ALL_HOUSES, [
        "{H} is willing to share the results of vaccine research and development with {A}",
        "{A} appreciates the assistance in providing vaccines and medical supplies",
        "the two countries will cooperate on the fair allocation of vaccines",
    ]),
    "trade": ("Trade", 2012, ALL_HOUSES, [
        "{H} is ready to import more high-quality agricultural products from {A}",
        "bilateral trade has grown steadily and there is room for further expansion",
        "both sides should ensure the smooth transportation of goods at border ports",
        "the two leaders discussed ways to reduce barriers to trade",
    ]),
    "belt-and-road": ("Belt and Road", 2014, CHINA_HOUSES, [
        "the two sides will promote the joint construction of the Belt and Road Initiative",
        "{A} is willing to synergize its national development strategy with the Belt and Road",
        "major Belt and Road projects in {A} should continue to advance",
    ]),
    "railway": ("Railway", 2012, ALL_HOUSES, [
        "the two sides agreed to accelerate the construction of the cross-border railway",
        "a new railway link would bring {A} closer to regional markets",
    ]),
    "energy": ("Energy", 2012, ALL_HOUSES, [
        "energy cooperation remains a pillar of the relationship",
        "{A} hopes to expand cooperation in oil, gas and renewable energy",
        "the two sides discussed the security of energy supplies",
    ]),
    "security": ("Security", 2012, ALL_HOUSES, [
        "the two countries will work together to maintain regional security and stability",
        "{H} supports {A} in safeguarding its sovereignty, independence and security",
        "the two sides will strengthen law enforcement and security cooperation",
    ]),
    "climate": ("Climate change", 2012, ALL_HOUSES, [
        "the two sides agreed to step up cooperation in addressing climate change",
        "{A} is committed to the goals of the Paris Agreement",
        "climate change is a common challenge that requires concerted action",
    ]),
    "agriculture": ("Agriculture", 2012, ALL_HOUSES, [
        "{A} seeks to expand practical cooperation in agriculture and food processing",
        "the two sides will deepen exchanges on agricultural technology",
    ]),
    "investment": ("Investment", 2012, ALL_HOUSES, [
        "{A} will create a good business environment for foreign investors",
        "{H} will encourage capable and reputable enterprises to invest in {A}",
        "the legitimate rights and interests of enterprises in both countries should be protected",
    ]),
    "terrorism": ("Terrorism", 2012, ALL_HOUSES, [
        "the two sides will jointly combat terrorism, separatism and extremism",
        "{A} is ready to cooperate in the fight against transnational crime and terrorism",
    ]),
    "ukraine": ("Ukraine", 2014, ALL_HOUSES, [
        "the two sides exchanged views on the situation in Ukraine",
        "{A} called for dialogue and a political settlement of the crisis in Ukraine",
    ]),
    "afghanistan": ("Afghanistan", 2012, ALL_HOUSES, [
        "the two sides discussed the situation in Afghanistan",
        "{H} and {A} will work to prevent instability in Afghanistan from spilling over",
    ]),
    "taiwan": ("Taiwan", 2012, CHINA_HOUSES, [
        "{A} firmly adheres to the one-China policy",
        "{A} supports China on issues concerning Taiwan",
    ]),
    "education": ("Education", 2012, ALL_HOUSES, [
        "the two sides will expand exchanges in education, culture and youth",
        "more students from {A} are expected to study in {H}",
    ]),
    "tourism": ("Tourism", 2012, ALL_HOUSES, [
        "the two countries will facilitate travel and promote tourism",
        "{A} welcomes more tourists and hopes to increase direct flights",
    ]),
    "digital-economy": ("Digital economy", 2016, ALL_HOUSES, [
        "{A} is interested in cooperation in electronic commerce and artificial intelligence",
        "the two sides will explore new areas such as the digital economy and green development",
    ]),
    "health": ("Health", 2012, ALL_HOUSES, [
        "the two countries will deepen cooperation in public health and medicine",
        "{H} will continue to send medical teams and share experience with {A}",
    ]),
    "nuclear": ("Nuclear non-proliferation", 2012, ALL_HOUSES, [
        "the two sides discussed nuclear non-proliferation and arms control",
        "{A} supports a peaceful settlement of nuclear issues through dialogue",
    ]),
    "multilateralism": ("Multilateralism", 2012, ALL_HOUSES, [
        "the two sides will uphold multilateralism and the central role of the United Nations",
        "{H} and {A} will strengthen coordination in regional and international affairs",
    ]),
    "food-security": ("Food security", 2015, ALL_HOUSES, [
        "the two sides discussed ways to ensure global food security",
        "{A} is concerned about rising food and fertiliser prices",
    ]),
    "middle-east": ("Middle East", 2012, ALL_HOUSES, [
        "the two sides exchanged views on the situation in the Middle East",
        "{A} called for an immediate ceasefire and humanitarian access in the region",
    ]),
}

GENERIC_SENTENCES = [
    "{H} and {A} enjoy a traditional friendship and a high level of political mutual trust",
    "the relationship has maintained sound and steady momentum of development",
    "{A} regards {H} as a good neighbor, good friend and trustworthy partner",
    "the two sides should maintain high-level exchanges and deepen practical cooperation",
    "next year marks an important anniversary of the establishment of diplomatic relations",
    "{A} is ready to work with {H} to implement the important consensus reached by the two heads of state",
    "the two sides should enhance strategic communication and coordination",
    "{A} looks forward to further promoting the partnership between the two countries",
    "the two sides should make full use of existing cooperation mechanisms",
    "people-to-people exchanges have brought the two peoples closer together",
    "{H} respects the development path independently chosen by the people of {A}",
    "{A} is willing to push for new progress in relations in the new era",
    "the two sides should firmly support each other on issues concerning their core interests",
    "the intergovernmental commission should play a bigger role in planning cooperation",
    "the two sides agreed to strengthen exchanges between their legislatures and political parties",
    "{A} thanked {H} for its valuable support and assistance",
    "the two leaders agreed to stay in close contact",
]

SPEECH_VERBS = ["said", "noted", "stressed", "pointed out", "expressed the view", "underscored"]

MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
