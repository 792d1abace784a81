"""How each wave's file spells the canonical answers: variable names, numeric codes, labels.

Every wave uses its own names and code orders (like real field files): 2020 `q*` with the
positive end first, 2021 `Q*` with "difficult to answer" coded 9, 2023 `v*` with the negative
end first. 99 = refusal (user-missing) everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpi_demo.targets import items, regions

REFUSAL = 99
NOT_ASKED = 98  # filtered out by an earlier answer (user-missing)
# canonical class, Russian label, English label (positive end first)
SCALES: dict[str, list[tuple[str, str, str]]] = {
    "attitude": [
        ("positive", "Хорошо", "Good"),
        ("positive", "Скорее хорошо", "Rather good"),
        ("neutral", "Затрудняюсь ответить", "Difficult to answer"),
        ("negative", "Скорее плохо", "Rather bad"),
        ("negative", "Плохо", "Bad"),
    ],
    "change": [
        ("positive", "Улучшилось", "Improved"),
        ("neutral", "Не изменилось", "Not changed"),
        ("negative", "Ухудшилось", "Worsened"),
    ],
    "course": [
        ("positive", "Развивать", "Develop"),
        ("neutral", "Затрудняюсь ответить", "Difficult to answer"),
        ("negative", "Ослаблять", "Loosen"),
    ],
    "agree": [
        ("positive", "Согласен", "Agree"),
        ("positive", "Скорее согласен", "Rather agree"),
        ("neutral", "И да, и нет", "Neither agree nor disagree"),
        ("negative", "Скорее не согласен", "Rather disagree"),
        ("negative", "Не согласен", "Disagree"),
    ],
    "develop": [
        ("positive", "Развивать", "Develop"),
        ("neutral", "Затрудняюсь ответить", "Difficult to answer"),
        ("negative", "Не развивать", "Do not develop"),
    ],
    "yesno": [
        ("positive", "Да", "Yes"),
        ("neutral", "Затрудняюсь ответить", "Difficult to answer"),
        ("negative", "Нет", "No"),
    ],
}
QUESTION_CODES: dict[str, list[tuple[str, str, str]]] = {
    "project_awareness": [
        ("aware", "Знаю, слышал(а)", "Aware"),
        ("not_aware", "Не знаю", "Not aware"),
    ],
    "project_attitude": [
        ("approve", "Одобряю", "Approve"),
        ("neutral", "Нейтрально", "Neutral"),
        ("disapprove", "Не одобряю", "Disapprove"),
        ("unsure", "Затрудняюсь ответить", "Unsure"),
    ],
    "china_threat": [
        ("yes", "Да", "Yes"),
        ("no", "Нет", "No"),
        ("dont_know", "Затрудняюсь ответить", "Don't know"),
    ],
    "news_frequency": [
        ("often", "Часто", "Often"),
        ("rarely", "Редко", "Rarely"),
        ("very_rarely", "Очень редко", "Very rarely"),
        ("never", "Никогда", "Never"),
    ],
    "news_tone": [
        ("positive", "Скорее позитивный", "Rather positive"),
        ("negative", "Скорее негативный", "Rather negative"),
        ("neutral", "Нейтральный / смешанный", "Neutral / mixed"),
    ],
    "funnel": [("yes", "Да", "Yes"), ("no", "Нет", "No")],
    "labour_statement": [
        ("agree", "Согласен", "Agree"),
        ("disagree", "Не согласен", "Disagree"),
        ("dont_know", "Затрудняюсь ответить", "Don't know"),
    ],
}
QUESTION_TEXT: dict[str, tuple[str, str]] = {
    "project_awareness": (
        "Знаете ли Вы о проекте: {s}?",
        "Awareness of the project: {s}",
    ),
    "project_attitude": (
        "Как Вы относитесь к проекту: {s}?",
        "Attitude to the project: {s}",
    ),
    "china_threat": (
        "Считаете ли Вы, что Китай представляет угрозу для Казахстана?",
        "Does China pose a threat to Kazakhstan?",
    ),
    "news_frequency": (
        "Как часто Вы встречаете новости о Китае?",
        "How often do you come across news about China?",
    ),
    "news_tone": (
        "Какой в целом характер информации о Китае, которая Вам встречается?",
        "Overall tone of the information about China you come across",
    ),
    "funnel": ("{s}", "{s}"),
    "labour_statement": ("Согласны ли Вы: {s}", "Do you agree: {s}"),
    "information_sources": (
        "Источники информации о Китае: {s}",
        "Sources of information about China: {s}",
    ),
    "concerns": (
        "Что вызывает у Вас опасения в отношениях с Китаем: {s}",
        "Concerns about China: {s}",
    ),
    "reasons_positive": (
        "Почему Вы хорошо относитесь к Китаю? (до 3 ответов): {s}",
        "Reasons for a good attitude to China (up to 3 answers): {s}",
    ),
    "reasons_negative": (
        "Почему Вы плохо относитесь к Китаю? (до 3 ответов): {s}",
        "Reasons for a bad attitude to China (up to 3 answers): {s}",
    ),
    "friendly_countries": (
        "С какими странами Казахстану следует развивать дружеские отношения: {s}",
        "Countries to develop friendly relations with: {s}",
    ),
}
DEMOGRAPHICS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "settlement": (
        "Тип населённого пункта",
        "Type of settlement",
        [("urban", "Город", "Urban"), ("rural", "Село", "Rural")],
    ),
    "gender": (
        "Пол",
        "Gender",
        [("female", "Женский", "Female"), ("male", "Мужской", "Male")],
    ),
    "ethnicity": (
        "Национальность",
        "Ethnicity",
        [
            ("kazakh", "Казах(шка)", "Kazakh"),
            ("russian", "Русский(ая)", "Russian"),
            ("other", "Другая", "Other"),
        ],
    ),
    "home_language": (
        "Язык общения дома",
        "Language spoken at home",
        [
            ("kazakh", "Казахский", "Kazakh"),
            ("kazakh_russian", "Казахский и русский", "Kazakh and Russian"),
            ("russian", "Русский", "Russian"),
            ("other", "Другой", "Other"),
        ],
    ),
    "education": (
        "Образование",
        "Education",
        [
            ("incomplete_secondary", "Неполное среднее", "Incomplete secondary"),
            ("general_secondary", "Общее среднее", "General secondary"),
            (
                "professional",
                "Среднее специальное",
                "Professional / secondary specialised",
            ),
            ("higher", "Высшее", "Higher"),
        ],
    ),
    "welfare": (
        "Материальное положение (1 – самое низкое)",
        "Self-assessed welfare (1 = poorest)",
        [(str(i), str(i), str(i)) for i in range(1, 6)],
    ),
    "marital_status": (
        "Семейное положение",
        "Marital status",
        [
            ("married", "Женат / замужем", "Married"),
            ("single", "Холост / не замужем", "Single"),
            ("divorced", "Разведён(а)", "Divorced"),
            ("widowed", "Вдовец / вдова", "Widowed"),
            ("cohabiting", "Гражданский брак", "Cohabiting"),
        ],
    ),
    "occupation": (
        "Род занятий",
        "Occupation",
        [
            (
                "private_wage_earner",
                "Наёмный работник частного сектора",
                "Private-sector wage earner",
            ),
            ("public_employee", "Работник госсектора", "Public-sector employee"),
            ("self_employed", "Предприниматель / самозанятый", "Self-employed"),
            ("student", "Студент", "Student"),
            ("pensioner", "Пенсионер", "Pensioner"),
            ("unemployed", "Безработный", "Unemployed"),
            ("homemaker", "Домохозяйка", "Homemaker"),
            ("other", "Другое", "Other"),
        ],
    ),
}


def item_scale(code: str) -> str:
    if code == "gen_attitude":
        return "attitude"
    if code == "gen_attitude_change":
        return "change"
    if code == "gen_relations_course":
        return "course"
    return {"geo": "agree", "econ": "develop", "cult": "yesno"}[code.split("_")[0]]


@dataclass
class WaveStyle:
    """Per-wave spelling of the same questionnaire."""

    wave_id: str
    respondent_id: str
    item_prefix: str
    item_start: int
    reverse: bool  # negative end first
    dk_code: int | None  # fixed code for "difficult to answer" (else in sequence)
    demo_names: dict[str, str]
    question_prefix: str
    identifiers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, action)

    def codes(self, options: list[tuple[str, str, str]]) -> list[tuple[int, str, str, str]]:
        opts = list(reversed(options)) if self.reverse else list(options)
        out, nxt = [], 1
        for canon, ru, en in opts:
            if self.dk_code is not None and en == "Difficult to answer":
                out.append((self.dk_code, canon, ru, en))
            else:
                out.append((nxt, canon, ru, en))
                nxt += 1
        return out


STYLES: dict[str, WaveStyle] = {
    "cpi_2020_12": WaveStyle(
        "cpi_2020_12",
        "id",
        "q",
        1,
        False,
        None,
        {
            "region": "region",
            "settlement": "settl",
            "gender": "sex",
            "age": "age",
            "ethnicity": "nation",
            "home_language": "lang",
            "education": "educ",
            "welfare": "welfare",
            "marital_status": "marital",
            "occupation": "occup",
        },
        "q",
        {"phone": ("phone", "drop"), "interviewer": ("interviewer", "hash")},
    ),
    "cpi_2021_12": WaveStyle(
        "cpi_2021_12",
        "ID",
        "Q",
        5,
        False,
        9,
        {
            "region": "OBL",
            "settlement": "TIP",
            "gender": "POL",
            "age": "VOZR",
            "ethnicity": "NAC",
            "home_language": "YAZ",
            "education": "OBR",
            "welfare": "DOHOD",
            "marital_status": "SEM",
            "occupation": "ZAN",
        },
        "Q",
        {"TEL": ("phone", "drop"), "INT_ID": ("interviewer", "hash")},
    ),
    "cpi_2023_12": WaveStyle(
        "cpi_2023_12",
        "anketa",
        "v",
        10,
        True,
        None,
        {
            "region": "obl",
            "settlement": "tip_np",
            "gender": "pol",
            "age": "vozrast",
            "ethnicity": "nac",
            "home_language": "yazyk",
            "education": "obraz",
            "welfare": "blago",
            "marital_status": "sem_pol",
            "occupation": "zanyat",
        },
        "v",
        {
            "tel": ("phone", "drop"),
            "gps_lat": ("gps", "drop"),
            "gps_lon": ("gps", "drop"),
            "interviewer": ("interviewer", "hash"),
        },
    ),
    "omnibus_2023_02": WaveStyle(
        "omnibus_2023_02",
        "resp_id",
        "",
        0,
        False,
        None,
        {
            "region": "reg",
            "settlement": "np_type",
            "gender": "gender",
            "age": "age_years",
            "ethnicity": "ethn",
            "home_language": "home_lang",
            "education": "edu",
            "welfare": "income",
            "marital_status": "marital",
            "occupation": "job",
        },
        "f",
        {"phone_num": ("phone", "drop"), "interviewer_code": ("interviewer", "hash")},
    ),
}


def region_options(year: int) -> list[tuple[str, str, str]]:
    reg = regions()
    if year < 2022:
        reg = reg[reg["exists_from_year"] <= 2020]
    reg = reg.sort_values("name_ru")  # field files number regions alphabetically (Russian)
    return [(r.region_code, r.name_ru, r.name_en) for r in reg.itertuples()]


def item_texts() -> dict[str, tuple[str, str]]:
    cat = items()
    return {r.item_code: (r.text_ru, r.text_en) for r in cat.itertuples()}
