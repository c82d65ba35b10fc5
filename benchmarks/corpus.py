"""Deterministic benchmark inputs: a mixed news corpus and synthetic claims bases.

Everything here depends only on the seed, the bundled claims file and the
bundled sources, so two runs on two machines check the same text.

The corpus is "real-world-like": mostly off-topic news (politics, economy,
sport, weather, tech, world news) that deliberately shares names, places,
numbers and dates with the abduction story (Kishida, Kim, Tokyo, Pyongyang,
17, 5, 64, 91, 2002, 2014, May 27, September 29 ...), with about 5% on-topic
sentences among it: restatements of the sources' facts (their own sentences
and paraphrases), the same with one fact changed, and true-but-uncovered
facts about the abduction issue.  The corpus depends only on the seed and the
source articles, not on the claims base.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

SEED = 20230929
ON_TOPIC_SHARE = 0.05

# -- word lists ---------------------------------------------------------------
# fmt: off

JP_POLITICIANS = [
    "Fumio Kishida", "Kishida", "Prime Minister Fumio Kishida", "Yoko Kamikawa",
    "Hirokazu Matsuno", "Shinzo Abe", "Taro Kono", "Yoshimasa Hayashi", "Shigeru Ishiba",
    "Sanae Takaichi", "Yoshihide Suga", "Toshimitsu Motegi", "Takeshi Iwaya", "Yuriko Koike",
    "Katsunobu Kato", "Ichiro Miyashita", "Seiko Noda", "Kenta Izumi",
]
JP_OTHERS = [
    "Kazuo Ueda", "Masayoshi Son", "Akio Toyoda", "Koji Sato", "Tetsuya Tanaka",
    "Hiroshi Suzuki", "Yuki Sato", "Aiko Yamamoto", "Daisuke Nakamura", "Emi Ito",
    "Takeshi Kobayashi", "Naoko Kato", "Ryo Yoshida", "Mika Yamada", "Kenji Watanabe",
]
JP_ATHLETES = [
    "Shohei Ohtani", "Yoshinobu Yamamoto", "Seiya Suzuki", "Takefusa Kubo", "Kaoru Mitoma",
    "Wataru Endo", "Takumi Minamino", "Daichi Kamada", "Hideki Matsuyama", "Naomi Osaka",
    "Kei Nishikori", "Rui Hachimura", "Yuki Kawauchi", "Kohei Uchimura", "Roki Sasaki",
]
KR_POLITICIANS = [
    "Yoon Suk Yeol", "Moon Jae-in", "Lee Jae-myung", "Han Duck-soo", "Park Jin",
    "Choi Sang-mok", "Cho Tae-yong", "Kim Yo Jong", "Kim Jong Un", "Kim", "Kim Dong-yeon",
    "Lee Chang-yong", "Choo Kyung-ho", "Chung Eui-yong",
]
KR_ATHLETES = [
    "Son Heung-min", "Kim Min-jae", "Lee Kang-in", "Hwang Hee-chan", "Ryu Hyun-jin",
    "Kim Ha-seong", "Lee Jung-hoo", "Kim Yeon-koung", "An Se-young", "Kim Joo-hyung",
]
OTHER_PEOPLE = [
    "Joe Biden", "Donald Trump", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Rishi Sunak",
    "Narendra Modi", "Anthony Albanese", "Antony Blinken", "Janet Yellen", "Jerome Powell",
    "Christine Lagarde", "Antonio Guterres", "Vladimir Putin", "Volodymyr Zelenskyy",
    "Ferdinand Marcos Jr.", "Joko Widodo", "Justin Trudeau",
]
COMPANIES = [
    "Toyota", "Sony", "Nintendo", "Panasonic", "Hitachi", "Toshiba", "SoftBank", "Honda",
    "Nissan", "Mitsubishi Heavy Industries", "Fast Retailing", "Rakuten", "Samsung Electronics",
    "Hyundai Motor", "LG Energy Solution", "SK Hynix", "Kia", "Naver", "Kakao", "TSMC", "Apple",
    "Nvidia", "Rapidus", "Kioxia", "Seven & i",
]
PRODUCTS = [
    "smartphones", "memory chips", "electric vehicles", "game consoles", "batteries", "cameras",
    "air conditioners", "robots", "televisions",
]
JP_CITIES = [
    "Tokyo", "Osaka", "Kyoto", "Nagoya", "Sapporo", "Fukuoka", "Hiroshima", "Yokohama", "Kobe",
    "Sendai", "Niigata", "Kanazawa", "Naha", "Kumamoto", "Nagasaki", "Chiba",
]
KR_CITIES = [
    "Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Daejeon", "Pyongyang", "Ulsan", "Suwon",
    "Jeju",
]
WORLD_CITIES = [
    "Beijing", "Shanghai", "Washington", "New York", "London", "Paris", "Berlin", "Stockholm",
    "Ulaanbaatar", "Geneva", "Singapore", "Jakarta", "Hanoi", "Manila", "Bangkok", "Sydney",
    "Brussels", "Taipei", "New Delhi", "Vladivostok", "Hong Kong",
]
PREFECTURES = [
    "Okinawa", "Kagoshima", "Miyazaki", "Kochi", "Wakayama", "Shizuoka", "Ishikawa", "Niigata",
    "Hokkaido", "Fukushima", "Miyagi", "Iwate", "Nagano", "Chiba", "Kanagawa", "Aichi",
]
COUNTRIES = [
    "Japan", "South Korea", "North Korea", "China", "the United States", "Mongolia", "Sweden",
    "Taiwan", "Vietnam", "India", "Australia", "Germany", "France", "Britain", "Russia",
    "Ukraine", "Indonesia", "the Philippines", "Canada", "Brazil", "Thailand",
]
TEAMS = [
    "Urawa Reds", "Kawasaki Frontale", "Yokohama F. Marinos", "Vissel Kobe", "Kashima Antlers",
    "Gamba Osaka", "Ulsan Hyundai", "Jeonbuk Motors", "FC Seoul", "Tottenham", "Bayern Munich",
    "Real Sociedad", "Brighton", "Liverpool", "Hanshin Tigers", "Yomiuri Giants",
    "Orix Buffaloes", "SoftBank Hawks", "Los Angeles Dodgers", "San Diego Padres",
    "Chicago Cubs", "New York Yankees",
]
RIKISHI = [
    "Terunofuji", "Kirishima", "Hoshoryu", "Kotozakura", "Onosato", "Takakeisho", "Abi",
    "Wakatakakage",
]
OUTLETS = [
    "Kyodo News", "Yonhap", "NHK", "the Asahi Shimbun", "the Nikkei", "Reuters", "Jiji Press",
    "the Mainichi", "KCNA", "the Korea Herald",
]
WEAPONS = ["missile", "tank", "drone", "artillery shell", "submarine", "rocket launcher"]
REGIONS = ["Gaza", "Sudan", "eastern Ukraine", "the South China Sea", "Myanmar", "Haiti"]
DEMANDS = [
    "higher wages", "lower rice prices", "action on climate change",
    "the release of detained activists", "an end to the war", "cheaper housing",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# numbers and dates that coincide with the abduction story, drawn more often
STORY_NUMBERS = [17, 5, 64, 91, 13, 2, 8]
STORY_YEARS = [2002, 2014, 2016, 1978, 2023]
STORY_DATES = ["May 27", "September 29", "May 29", "July 5", "August 1978", "June"]
OPENERS = [
    "", "", "", "", "Meanwhile, ", "Separately, ", "On {date}, ", "In {city}, ",
    "According to {outlet}, ", "Earlier, ", "Officials said that ",
]
CLOSERS = [
    "", "", "", "", ", officials said", ", {outlet} reported", ", according to {outlet}",
    ", the ministry said", ", sources said",
]

# first words that are not names (lower-cased after an opener)
COMMON_STARTS = {
    "The", "A", "At", "Approval", "Opposition", "Voters", "Lawmakers", "Exports", "Core",
    "Household", "Rice", "Wage", "Tourist", "Tickets", "Temperatures", "Heavy", "Cherry",
    "Officials", "Fine", "Forecasters", "Heatstroke", "Rainfall", "Researchers", "Sales",
    "Leaders", "Protesters", "Typhoon",
}

ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "tenth"]


_SLOT = re.compile(r"\{(\w+)\}")

# fmt: on


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Slots:
    """Random slot values; every call draws afresh."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.values = self._values()

    def pick(self, seq: Sequence[str]) -> str:
        return self.r.choice(seq)

    def num(self) -> str:
        if self.r.random() < 0.35:
            return str(self.r.choice(STORY_NUMBERS))
        return str(
            self.r.choice(
                [
                    3,
                    4,
                    6,
                    7,
                    9,
                    10,
                    11,
                    12,
                    15,
                    20,
                    24,
                    25,
                    30,
                    40,
                    48,
                    50,
                    60,
                    75,
                    80,
                    100,
                    120,
                    150,
                    200,
                    300,
                    450,
                ]
            )
        )

    def pct(self) -> str:
        return self.r.choice(
            [
                f"{self.r.randint(0, 9)}.{self.r.randint(0, 9)}",
                "17",
                "5",
                "64",
                f"{self.r.randint(10, 40)}",
            ]
        )

    def big(self) -> str:
        return self.r.choice(
            [
                f"{self.r.randint(1, 99)},{self.r.randint(0, 999):03d}",
                "17,000",
                "2,002",
                "64,000",
                "91,000",
                f"{self.r.randint(2, 9)}00",
            ]
        )

    def year(self) -> str:
        if self.r.random() < 0.4:
            return str(self.r.choice(STORY_YEARS))
        return str(self.r.randint(1985, 2030))

    def date(self) -> str:
        roll = self.r.random()
        if roll < 0.3:
            return self.r.choice(STORY_DATES)
        if roll < 0.55:
            return self.r.choice(WEEKDAYS)
        if roll < 0.65:
            return f"{self.r.choice(MONTHS)} {self.r.randint(1, 28)}, {self.year()}"
        return f"{self.r.choice(MONTHS)} {self.r.randint(1, 28)}"

    def city(self) -> str:
        return self.pick(self.r.choice([JP_CITIES, KR_CITIES, WORLD_CITIES]))

    def score(self) -> str:
        return f"{self.r.randint(0, 5)}-{self.r.randint(0, 4)}"

    def _values(self) -> dict[str, Callable[[], str]]:
        r = self.r
        return {
            "jp_pol": lambda: self.pick(JP_POLITICIANS),
            "jp_other": lambda: self.pick(JP_OTHERS),
            "jp_ath": lambda: self.pick(JP_ATHLETES),
            "kr_pol": lambda: self.pick(KR_POLITICIANS),
            "kr_ath": lambda: self.pick(KR_ATHLETES),
            "other": lambda: self.pick(OTHER_PEOPLE),
            "company": lambda: self.pick(COMPANIES),
            "product": lambda: self.pick(PRODUCTS),
            "jp_city": lambda: self.pick(JP_CITIES),
            "kr_city": lambda: self.pick(KR_CITIES),
            "world_city": lambda: self.pick(WORLD_CITIES),
            "city": self.city,
            "pref": lambda: self.pick(PREFECTURES),
            "country": lambda: self.pick(COUNTRIES),
            "country2": lambda: self.pick(COUNTRIES),
            "team": lambda: self.pick(TEAMS),
            "team2": lambda: self.pick(TEAMS),
            "rikishi": lambda: self.pick(RIKISHI),
            "outlet": lambda: self.pick(OUTLETS),
            "weapon": lambda: self.pick(WEAPONS),
            "region": lambda: self.pick(REGIONS),
            "demand": lambda: self.pick(DEMANDS),
            "month": lambda: self.pick(MONTHS),
            "weekday": lambda: self.pick(WEEKDAYS),
            "ordinal": lambda: self.pick(ORDINALS),
            "num": self.num,
            "num2": self.num,
            "pct": self.pct,
            "big": self.big,
            "year": self.year,
            "date": self.date,
            "score": self.score,
            "age": lambda: str(r.choice([17, 19, 23, 27, 31, 35, 64, 91, r.randint(20, 80)])),
            "temp": lambda: str(r.choice([17, 35, 38, 39, -5, 5, 12, r.randint(20, 41)])),
            "rate": lambda: r.choice(["0.1", "0.25", "0.5", "3.5", "2.6", "1.75", "-0.1"]),
            "mag": lambda: f"{r.randint(4, 7)}.{r.randint(0, 9)}",
            "minute": lambda: str(r.choice([17, 5, 64, 91, r.randint(2, 90)])),
            "nth": lambda: _nth(r.choice([17, 5, 64, 91, r.randint(2, 90)])),
        }

    def fill(self, template: str) -> str:
        values = self.values
        return _SLOT.sub(lambda m: values[m.group(1)](), template)


OFF_TOPIC: dict[str, list[str]] = {
    "politics": [
        "{jp_pol} told reporters in {jp_city} on {date} that the government would compile a "
        "{num} trillion yen supplementary budget.",
        "The ruling coalition won {num} of the {num2} seats contested in the upper house election.",
        "Opposition lawmakers questioned {jp_pol} for {num} hours over the political funds "
        "scandal.",
        "Prime Minister {jp_pol} reshuffled his cabinet on {date}, replacing {num} ministers.",
        "{kr_pol} held a press conference in {kr_city} to announce a new housing policy.",
        "The Diet passed a bill raising defense spending to {num} trillion yen by {year}.",
        "Approval ratings for the cabinet fell to {pct} percent in a poll released on {date}.",
        "{country} and {country2} agreed on {date} to hold a summit in {city} later this year.",
        "Chief Cabinet Secretary {jp_pol} said the government was monitoring the situation "
        "closely.",
        "The National Assembly in {kr_city} voted {num} to {num2} to approve the {ordinal} "
        "extra budget.",
        "Voters in {pref} Prefecture go to the polls on {date} to choose a new governor.",
        "{jp_pol} said he would not dissolve the lower house before the session ends in {month}.",
        "Foreign Minister {jp_pol} met her counterpart from {country} in {city} on {date}.",
        "The Liberal Democratic Party will elect its new leader on {date}, {year}.",
        "{jp_pol} denied that he had received {num} million yen from the faction.",
        "The governor of {pref} Prefecture resigned on {date} after {num} years in office.",
        "Lawmakers approved a plan to lower the voting age to {num} in local elections.",
        "{kr_pol} said the government would not raise taxes before the {year} election.",
    ],
    "economy": [
        "The Nikkei stock average rose {pct} percent to close at {big} on {date}.",
        "The yen weakened past {num} to the dollar in {city} trading on {weekday}.",
        "The Bank of Japan kept its policy rate at {rate} percent, Governor Kazuo Ueda said on "
        "{date}.",
        "{company} reported a {pct} percent rise in operating profit for the year that ended in "
        "March.",
        "Exports from {country} grew {pct} percent in {month}, the {ordinal} straight monthly "
        "increase.",
        "Core consumer prices in Tokyo rose {pct} percent in {month} from a year earlier.",
        "{company} plans to invest {num} billion yen in a new battery plant in {jp_city} by "
        "{year}.",
        "South Korea's central bank held its benchmark rate at {rate} percent for the {ordinal} "
        "consecutive meeting.",
        "Household spending fell {pct} percent in {month}, the government said.",
        "Rice prices have risen {num} percent since {year}, according to the farm ministry.",
        "{company} shares jumped {pct} percent after it announced a buyback of {num} million "
        "shares.",
        "The unemployment rate stood at {pct} percent in {month}, unchanged from the previous "
        "month.",
        "Japan's economy grew at an annualized rate of {pct} percent in the {ordinal} quarter.",
        "{jp_other}, chief executive of {company}, said sales of {product} would recover by "
        "{year}.",
        "The trade deficit widened to {num} billion yen in {month} as energy imports rose.",
        "Wage talks in {year} produced average pay rises of {pct} percent, the biggest in {num} "
        "years.",
        "{company} agreed to buy a {country} rival for {num} billion dollars on {date}.",
        "Tourist arrivals reached {big} in {month}, with visitors from {country} leading.",
    ],
    "sport": [
        "{kr_ath} scored in the {nth} minute as {team} beat {team2} {score}.",
        "{jp_ath} hit his {nth} home run of the season as the {team} won {score}.",
        "{team} clinched the title with {num} games remaining after a {score} win in {city}.",
        "{jp_ath} beat the defending champion {score} to reach the quarterfinals in {city}.",
        "The {city} Marathon drew {big} runners on {date}.",
        "{kr_ath} was named player of the month for {month} after scoring {num} goals.",
        "Japan's national team will face {country} in a World Cup qualifier on {date}.",
        "{rikishi} won the {month} tournament with a {num}-{num2} record.",
        "{jp_ath}, {age}, announced his retirement after {num} seasons.",
        "Tickets for the final in {city} sold out within {num} minutes.",
        "{team} signed the {age}-year-old midfielder on a {num}-year contract.",
        "{jp_ath} finished {ordinal} at the event in {world_city} on {date}.",
        "South Korea beat Japan {score} in the final of the Asian Games in {year}.",
        "The league fined {team} {num} million yen for crowd trouble on {date}.",
        "{kr_ath} played all {minute} minutes in the {score} draw with {team}.",
        "Japan won {num} gold medals at the championships in {world_city}.",
    ],
    "weather": [
        "Typhoon Shanshan made landfall in {pref} Prefecture on {date}, bringing winds of up to "
        "{num2}0 kilometers per hour.",
        "Temperatures reached {temp} degrees Celsius in {jp_city} on {date}, a record for the "
        "month.",
        "The Japan Meteorological Agency issued heavy rain warnings for {num} prefectures.",
        "Heavy snow left {num} vehicles stranded on highways near {jp_city}.",
        "The rainy season began in the Kanto region on {date}, {num} days later than usual.",
        "Cherry blossoms reached full bloom in {jp_city} on {date}.",
        "A magnitude {mag} earthquake struck off the coast of {pref} Prefecture, but no "
        "tsunami warning was issued.",
        "Officials ordered {big} residents to evacuate as the river rose in {jp_city}.",
        "Fine dust levels in {kr_city} rose to {num} micrograms per cubic meter on {date}.",
        "Forecasters expect {num} typhoons to approach Japan this season.",
        "Heatstroke sent {big} people to hospital across Japan in the week to {date}.",
        "The summer of {year} was the hottest since records began in 1898.",
        "Rainfall in {pref} Prefecture reached {num}0 millimeters in {num2} hours.",
        "A cold wave brought temperatures of minus {num} degrees to {kr_city} on {weekday}.",
    ],
    "tech": [
        "{company} unveiled a smartphone with a {num}-megapixel camera in {city} on {date}.",
        "{company} said it will build a chip plant in {jp_city} by {year}.",
        "{company} reported a {pct} percent drop in quarterly chip profits.",
        "A cyberattack disrupted services at {num} hospitals in {country} last week.",
        "The government plans to train {big} AI engineers by {year}.",
        "{company} recalled {big} vehicles over a software defect.",
        "Researchers in {city} built a quantum computer with {num} qubits.",
        "A rocket carrying a {country} satellite lifted off from Tanegashima on {date}.",
        "{company} will cut {big} jobs worldwide as demand for its {product} slows.",
        "{company} launched a new game console priced at {num},000 yen on {date}.",
        "The data breach exposed the personal details of {big} customers.",
        "{company} and {company} agreed to develop {product} together from {year}.",
        "Sales of {product} in {country} rose {pct} percent in the {ordinal} quarter.",
        "A new undersea cable will link {city} and {world_city} by {year}.",
    ],
    "world": [
        "{country} and {country2} held talks in {city} on trade and security on {date}.",
        "{other} arrived in {city} on {date} for a {num}-day visit.",
        "At least {num} people were killed when a ferry capsized off {country}.",
        "The United Nations Security Council met on {date} to discuss the conflict in {region}.",
        "{country} reported its {ordinal} case of bird flu this year.",
        "Leaders of the Group of Seven met in {city} and agreed on a {num}-point plan.",
        "Protesters gathered in {city} on {date} to demand {demand}.",
        "North Korea fired a ballistic {weapon} into the sea off its east coast on {date}, the "
        "South Korean military said.",
        "China's foreign ministry said on {date} that it opposed the deployment.",
        "The summit in {world_city} ended with a joint statement on maritime security.",
        "Kim Jong Un inspected a {weapon} factory, state media reported on {date}.",
        "South Korea and the United States began {num} days of joint military drills on {date}.",
        "{other} said on {date} that talks with {country} had made progress.",
        "A court in {kr_city} sentenced a former official to {num} years in prison.",
        "{kr_pol} visited {world_city} on {date} to meet {other}.",
        "The death toll from the floods in {country} rose to {big}.",
        "Kim Yo Jong warned that North Korea would respond to the drills.",
        "{country} expelled {num} diplomats on {date}, accusing them of spying.",
    ],
}

# -- on-topic sentences ---------------------------------------------------------------

# one fact changed: (pattern, replacements)
CHANGES: list[tuple[str, list[str]]] = [
    (r"\b17\b", ["13", "15", "18", "12", "seventeen hundred"]),
    (r"\b2002\b", ["2003", "2004", "2000"]),
    (r"\b2014\b", ["2015", "2013", "2012"]),
    (r"\b2016\b", ["2017", "2015"]),
    (r"\b64\b", ["62", "65", "54"]),
    (r"\b91\b", ["89", "92", "90"]),
    (r"\bSeptember\b", ["October", "August"]),
    (r"\bMay 27\b", ["May 26", "June 27"]),
    (r"\bMay 29\b", ["May 30", "June 29"]),
    (r"\bAugust 1978\b", ["August 1977", "July 1978"]),
    (r"\b1970s\b", ["1960s", "1990s"]),
    (r"\bKim Jong Il\b", ["Kim Il Sung", "Kim Jong Un"]),
    (r"\bKim Jong Un\b", ["Kim Yo Jong", "Kim Jong Il"]),
    (r"\bKoizumi\b", ["Abe", "Mori"]),
    (r"\bKamikawa\b", ["Hayashi"]),
    (r"\bMatsuno\b", ["Motegi"]),
    (r"\bPyongyang\b", ["Seoul"]),
    (r"\bMongolia\b", ["Vietnam", "Laos"]),
    (r"\bStockholm\b", ["Geneva"]),
    (r"\bFive\b", ["Six", "Four"]),
    (r"\bfive\b", ["six", "four"]),
    (r"did not participate", ["participated"]),
    (r"\binformal\b", ["formal"]),
    (r"\bJune\b", ["July"]),
    (r"\bTokyo\b", ["Osaka"]),
    (r"\bMarch and May\b", ["April and June"]),
    (r"\bdo not maintain\b", ["maintain"]),
    (r"\bfirst\b", ["second"]),
]

OTHER_FACTS = [
    "North Korea admitted in {y} to abducting 13 Japanese citizens.",
    "Megumi Yokota was abducted from Niigata in 1977 at the age of 13.",
    "Sakie Yokota has campaigned for her daughter's return for {n} years.",
    "Shinzo Abe accompanied Koizumi to Pyongyang in 2002 as deputy chief cabinet secretary.",
    "Koizumi made a second visit to Pyongyang in May 2004.",
    "The association of families of abduction victims was formed in 1997.",
    "Charles Jenkins, Hitomi Soga's husband, was a former U.S. Army sergeant.",
    "The families' association held a rally in Tokyo on {d} attended by {n}0 people.",
    "North Korea says eight of the abductees have died.",
    "Japan has maintained its own sanctions on North Korea since 2006.",
    "The abduction issue was raised at the United Nations Human Rights Council in Geneva.",
    "Kishida said on {d} that he would keep seeking a summit with Kim.",
    "The government set up a headquarters for the abduction issue in 2006.",
    "Relatives of the abductees met {o} in {c} on {d}.",
    "A blue ribbon has become the symbol of the campaign for the abductees' return.",
    "North Korea returned remains it said were Megumi Yokota's in 2004.",
    "Japan says DNA tests showed the remains were not Megumi Yokota's.",
    "Shigeru Yokota, Megumi's father, died in 2020 at the age of 87.",
    "Kim Jong Un's sister said Japan must drop the abduction issue before any summit.",
    "The Japanese government broadcasts radio programs to the abductees in North Korea.",
    "Kaoru Hasuike was among the five abductees who returned to Japan in 2002.",
    "Police suspect North Korean involvement in {n}0 more disappearances of Japanese nationals.",
    "Kishida raised the abduction issue with {o} at a summit in {c}.",
    "The abductees' relatives urged the government to act before their parents die.",
    "A documentary about the abductions was shown in {c} on {d}.",
    "The Stockholm talks began in May 2014 after a meeting in Beijing.",
    "North Korea set up a special investigation committee in July 2014.",
    "Japan lifted some of its sanctions on North Korea in 2014.",
]

# the sources' facts in other words (fixed here, so that editing the claims base
# does not change the corpus)
RESTATEMENTS = [
    "Japan held an informal meeting with North Korea about the abductions.",
    "Tokyo and Pyongyang held informal talks to break the deadlock over the abductions.",
    "Fumio Kishida had hoped to arrange a summit with Kim Jong Un.",
    "Japan and North Korea have no diplomatic relations.",
    "Japanese officials contacted North Korea in March and May.",
    "Kishida declined to give details, citing the sensitivity of the issue.",
    "Yoko Kamikawa and Hirokazu Matsuno declined to confirm the meeting on September 29.",
    "Hirokazu Matsuno is also the minister in charge of the abduction issue.",
    "North Korea abducted Japanese citizens in the 1970s and 1980s.",
    "At an event in Tokyo in May, Kishida said he was willing to meet Kim.",
    "Japan has officially identified 17 citizens abducted by North Korean agents.",
    "The government recognizes seventeen Japanese nationals as abductees.",
    "Koizumi visited Pyongyang in September 2002.",
    "In 2002, Junichiro Koizumi signed the Pyongyang Declaration with Kim Jong Il.",
    "Kim Jong Il led North Korea in 2002.",
    "North Korea apologized for the abductions for the first time in 2002.",
    "Five abductees returned to Japan in October 2002.",
    "Kishida met Hitomi Soga at his office in Tokyo on Wednesday.",
    "Hitomi Soga and her mother Miyoshi were abducted in August 1978.",
    "Hitomi Soga is 64 years old.",
    "Soga's mother, Miyoshi, will turn 91.",
    "Nobody knows where Miyoshi Soga is.",
    "Soga handed Kishida a letter calling for a summit.",
    "Kishida called the abductions a time-critical human rights issue.",
    "Japan and North Korea signed the Stockholm Agreement in 2014.",
    "Under the 2014 agreement, Pyongyang promised a comprehensive investigation.",
    "North Korea ended the investigation in 2016.",
    "On May 27, Kishida proposed high-level talks with North Korea.",
    "North Korea's vice foreign minister responded on May 29.",
    "Pyongyang says the abduction issue has been resolved.",
    "North Korea did not attend the conference in Mongolia in June.",
    "The border between China and North Korea remained closed because of the pandemic.",
]

RESTATE_PREFIXES = [
    "",
    "",
    "",
    "Reports say that ",
    "According to the report, ",
    "It was reported that ",
    "As noted, ",
    "Officials confirmed that ",
]


def source_sentences(texts: Sequence[str]) -> list[str]:
    """Sentences of the source articles (long lines split at sentence ends)."""
    out: list[str] = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if len(line.split()) < 6:
                continue  # headings, bylines
            for piece in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", line):
                if len(piece.split()) >= 5:
                    out.append(piece if piece[-1] in '.!?”"' else piece + ".")
    return out


class OnTopic:
    """On-topic sentences: restatements, one-fact-changed variants, other facts."""

    def __init__(self, rng: random.Random, sources: Sequence[str]) -> None:
        self.r = rng
        self.slots = Slots(rng)
        self.restatements = [*RESTATEMENTS, *source_sentences(sources)]

    def restatement(self) -> str:
        s = self.r.choice(self.restatements)
        prefix = self.r.choice(RESTATE_PREFIXES)
        if prefix and s[0].isupper() and not s.startswith(("North", "Japan", "Kim", "Kishida")):
            s = s[0].lower() + s[1:]
        return prefix + s

    def changed(self) -> str:
        for _ in range(20):
            s = self.r.choice(self.restatements)
            options = [(p, reps) for p, reps in CHANGES if re.search(p, s)]
            if options:
                pattern, reps = self.r.choice(options)
                return re.sub(pattern, self.r.choice(reps), s, count=1)
        return self.restatement()

    def other(self) -> str:
        t = self.r.choice(OTHER_FACTS)
        s = self.slots
        return (
            t.replace("{y}", self.r.choice(["2002", "2002", "2004"]))
            .replace("{n}", str(self.r.choice([5, 17, 20, 40, 45])))
            .replace("{d}", s.date())
            .replace("{o}", s.pick(OTHER_PEOPLE))
            .replace("{c}", s.city())
        )

    def sentence(self) -> str:
        roll = self.r.random()
        if roll < 0.4:
            return self.restatement()
        if roll < 0.75:
            return self.changed()
        return self.other()


def sentences(n: int, sources: Sequence[str], seed: int = SEED) -> list[str]:
    """`n` corpus sentences (deterministic for a seed)."""
    rng = random.Random(seed)
    slots = Slots(rng)
    on_topic = OnTopic(rng, sources)
    domains = list(OFF_TOPIC)
    out: list[str] = []
    for _ in range(n):
        if rng.random() < ON_TOPIC_SHARE:
            out.append(on_topic.sentence())
            continue
        template = rng.choice(OFF_TOPIC[rng.choice(domains)])
        body = slots.fill(template)
        opener = slots.fill(rng.choice(OPENERS))
        closer = slots.fill(rng.choice(CLOSERS))
        if opener and body.split(" ", 1)[0] in COMMON_STARTS:
            body = body[0].lower() + body[1:]
        if closer and not opener:
            body = body[:-1] + closer + "."
        out.append(opener + body)
    return out


def paragraphs(items: Sequence[str], seed: int = SEED) -> Iterator[list[str]]:
    """Group sentences into paragraphs of 3-6 lines."""
    rng = random.Random(seed + 1)
    i = 0
    while i < len(items):
        size = rng.randint(3, 6)
        yield list(items[i : i + size])
        i += size


def write_text(path: Path, items: Sequence[str]) -> None:
    """One sentence per line, paragraphs separated by blank lines."""
    with path.open("w", encoding="utf-8") as fh:
        first = True
        for para in paragraphs(items):
            if not first:
                fh.write("\n")
            fh.write("\n".join(para) + "\n")
            first = False


# -- synthetic claims bases --------------------------------------------------------

# fmt: off
# topic words of the corpus's news (a claim anchored on them is woken by it)
NEWS_WORDS = [
    "budget", "election", "typhoon", "yen", "export", "profit", "chip", "rain", "earthquake",
    "missile", "summit", "tournament", "goal", "season", "vote", "tax", "price", "rice",
    "snow", "plant", "satellite", "drill", "ferry", "poll", "cabinet", "trade", "security",
    "investment", "battery", "temperature", "marathon", "contract", "bank", "inflation",
    "wage", "tourist", "court", "flood", "governor", "scandal", "stimulus", "deficit",
    "smartphone", "console", "quantum", "cable", "heatstroke", "blossom", "recall", "merger",
    "strike", "pension", "housing", "energy", "nuclear", "ballistic", "benchmark", "buyback",
    "coalition", "championship", "cyberattack", "defect", "diplomat", "dissolve", "faction",
    "factory", "highway", "hospital", "landfall", "lawmaker", "magnitude", "maritime",
    "medal", "megapixel", "midfielder", "military", "qualifier", "quarterfinal", "qubit",
    "reshuffle", "resident", "retirement", "rocket", "runner", "seat", "share", "software",
    "spending", "spying", "stock", "tsunami", "unemployment", "undersea", "vehicle",
    "visitor", "warning", "consumer", "household", "dollar", "trillion", "coast", "river",
    "evacuate", "prefecture", "rainy", "meteorological", "celsius", "record", "engineer",
    "breach", "customer", "launch", "semiconductor", "nanometer", "fine", "dust", "sumo",
    "baseball", "football", "league", "title", "crowd", "ticket", "player", "home", "run",
    "protest", "deployment", "bird", "flu", "death", "toll", "prison", "sentence", "funds",
    "opposition", "approval", "rating", "supplementary", "upper", "lower", "house", "diet",
    "assembly", "housing", "policy", "rate", "growth", "quarter", "annualized", "sales",
    "operating", "imports", "energy", "memory", "camera", "robot", "television", "game",
]
REAL_ANCHORS = [
    "japan", "north-korea", "south-korea", "china", "united-states", "tokyo", "pyongyang",
    "fumio-kishida", "kim-jong-un", "yoko-kamikawa",
]
VERBS = [
    "announced", "criticised", "approved", "postponed", "reviewed", "expanded", "proposed",
    "rejected", "funded", "suspended", "endorsed", "delayed",
]
_SYL = [
    "ka", "ri", "to", "mo", "sa", "ne", "vu", "lo", "zen", "dra", "qui", "bel", "tor", "mi",
    "ash", "ul", "ve", "no", "pra", "xi", "dor", "fen", "gal", "hu",
]

# fmt: on


def _invented(rng: random.Random, taken: set[str], parts: int) -> str:
    for attempt in range(1000):
        word = "".join(rng.choice(_SYL) for _ in range(parts + attempt // 50))
        if word not in taken and len(word) >= 4:
            taken.add(word)
            return word
    raise RuntimeError("cannot invent a new word")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _NoAliasDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """The claims loader refuses YAML anchors/aliases: never emit them."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def claims_base(doc: dict[str, Any], total: int, seed: int = SEED) -> dict[str, Any]:
    """The bundled claims document grown to `total` claims (valid for load_claims).

    Generated claims reuse the bundled claims' passages and facts (so they stay
    verbatim and grounded) but each has its own id, text and `about` anchors,
    built from news words, invented words and invented entities (added to
    `entities`), so the anchor index sees many distinct anchors; some reuse
    real entities and words that the corpus mentions, so they do get woken.
    """
    rng = random.Random(seed + total)
    out = copy.deepcopy(doc)
    originals = doc["claims"]
    taken: set[str] = set(NEWS_WORDS)
    news_words = sorted(taken)
    entities = out.setdefault("entities", [])
    names = {str(e["name"]).lower() for e in entities}
    invented_entities: list[dict[str, Any]] = []
    n_new = max(0, total - len(originals))
    for i in range(max(1, n_new // 5)):
        first = _invented(rng, taken, 2 + i // 300).capitalize()
        last = _invented(rng, taken, 3).capitalize()
        name = f"{first} {last}"
        if name.lower() in names:
            continue
        names.add(name.lower())
        kind = rng.choice(["person", "person", "organisation", "place"])
        entity = {
            "id": f"syn-{_slug(name)}",
            "kind": kind,
            "group": f"syn-{kind}-{i % 7}",
            "name": name,
        }
        entities.append(entity)
        invented_entities.append(entity)
    rare_words = [_invented(rng, taken, 3) for _ in range(max(10, n_new // 10))]
    for g in range(n_new):
        claim = copy.deepcopy(originals[g % len(originals)])
        roll = rng.random()
        verb = rng.choice(VERBS)
        w1, w2 = rng.sample(news_words, 2)
        if roll < 0.4:
            ent = rng.choice(invented_entities)
            rare = rng.choice(rare_words)
            about = [ent["id"], w1, rare]
            text = f"{ent['name']} {verb} the {w1} {rare} plan."
        elif roll < 0.7:
            real = rng.choice(REAL_ANCHORS)
            about = [real, w1, w2]
            text = f"{real.replace('-', ' ').title()} {verb} the {w1} and {w2} measures."
        elif roll < 0.9:
            rare = rng.choice(rare_words)
            about = [f"{w1}|{w2}", rare]
            text = f"Officials {verb} the {rare} {w1} in {rng.choice(JP_CITIES)}."
        else:
            about = [*claim["about"], w1]
            text = f"{claim['text'][:-1]}, and {verb} the {w1}."
        claim["id"] = f"syn-{g:05d}-{_slug(claim['id'])[:40]}".rstrip("-")
        claim["text"] = text
        claim["about"] = about
        out["claims"].append(claim)
    return out


def write_claims(doc: dict[str, Any], directory: Path, sources_dir: Path) -> Path:
    """Write a claims document with a copy of its sources beside it; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "sources"
    if not target.exists():
        shutil.copytree(sources_dir, target)
    path = directory / "claims.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=10_000)
    return path
