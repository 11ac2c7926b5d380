"""Words as the matcher compares them: tokens with character offsets, and a crude clinical stem.

The stem is deliberately simple (plural and a few derivational endings stripped, then cut to eight
letters) so that "myocardial" and "myocardium", "diabetic" and "diabetes", "fractures" and "fracture"
meet, while staying fast enough for thousands of notes. It is not a linguistic stemmer.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

ACRONYM = re.compile(r"[A-Z]{2,6}")
ROMAN_NUMERAL = re.compile(r"[IVXL]+")
# A possessive stays on its word ("Crohn's" matches "Crohn"), never a word "s" of its own.
TOKEN = re.compile(r"[A-Za-z]+(?:['’]s(?![A-Za-z]))?|\d+(?:[.,]\d+)?")
POSSESSIVE = re.compile(r"['’]s$")

# Words that never decide a code: grammar, and the classification's own hedges ("other", "NOS").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "with",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "its",
        "his",
        "her",
        "their",
        "who",
        "which",
        "other",
        "specified",
        "unspecified",
        "nos",
        "nec",
        "elsewhere",
        "classified",
    ]
)

# Endings that name a disease or procedure: kept whole so "epididymitis" never meets "epididymis".
MEANINGFUL_ENDINGS = (
    "itis",
    "osis",
    "emia",
    "penia",
    "oma",
    "algia",
    "pathy",
    "megaly",
    "plasia",
    "trophy",
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "scopy",
    "graphy",
    "uria",
    "rrhea",
    "rrhage",
)

SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ically",
    "ical",
    "ions",
    "ion",
    "ial",
    "ous",
    "ity",
    "ism",
    "ing",
    "ment",
    "ed",
    "al",
    "ic",
    "ly",
)


# Adjectives the Index writes as nouns ("Fracture, femur, neck" for "femoral neck fracture").
NOUN_OF = {
    "femoral": "femur",
    "renal": "kidney",
    "hepatic": "liver",
    "pulmonary": "lung",
    "cardiac": "heart",
    "gastric": "stomach",
    "ocular": "eye",
    "vertebral": "vertebra",
    "costal": "rib",
    "dental": "tooth",
    "cutaneous": "skin",
    "abdominal": "abdomen",
    "thoracic": "chest",
    "thorax": "chest",
    "aortic": "aorta",
    "pelvic": "pelvis",
    "cerebral": "brain",
    "cranial": "brain",
    "head": "brain",
    "osseous": "bone",
    "ovarian": "ovary",
    "uterine": "uterus",
    "vesical": "bladder",
    "tonsillar": "tonsil",
    "splenic": "spleen",
    "pancreatic": "pancreas",
    "esophageal": "esophagus",
    "bronchial": "bronchus",
    "laryngeal": "larynx",
    "pharyngeal": "pharynx",
    "mammary": "breast",
    "testicular": "testis",
    "nasal": "nose",
    "oral": "mouth",
    "lingual": "tongue",
    "ileal": "ileum",
    "cecal": "cecum",
    "appendiceal": "appendix",
    "vulvar": "vulva",
    "penile": "penis",
    "axillary": "axilla",
    "venous": "vein",
    "arterial": "artery",
    "tibial": "tibia",
    "humeral": "humerus",
    "ulnar": "ulna",
    "clavicular": "clavicle",
    "scapular": "scapula",
    "patellar": "patella",
    "fibular": "fibula",
    "mandibular": "mandible",
    "maxillary": "maxilla",
    "calcaneal": "calcaneus",
    "coccygeal": "coccyx",
    "thymic": "thymus",
    "synovial": "synovium",
    "umbilical": "umbilicus",
    "palpebral": "eyelid",
    "gluteal": "buttock",
    "facial": "face",
    "extremity": "limb",  # the code sets write both: "lower limb" (C40.2) and "lower extremity" (I82.4-)
    "extremities": "limb",
}


# Words whose stem would meet another word's: "lateral" cut to "later" reads "later that day" as a side.
KEPT_WHOLE = frozenset({"lateral"})


# British spellings folded to the American ones the code sets use ("haemorrhage", "oedema", "tumour", "leucopenia").
BRITISH = re.compile(r"haem|aemi|^oe|coeli|foet|rrhoea|ischaem|paed|gynae|anaes|faec|umour|olour|aviour|leuc")
AMERICAN = {
    "haem": "hem",
    "aemi": "emi",
    "oe": "e",
    "coeli": "celi",
    "foet": "fet",
    "rrhoea": "rrhea",
    "ischaem": "ischem",
    "paed": "ped",
    "gynae": "gyne",
    "anaes": "anes",
    "faec": "fec",
    "umour": "umor",
    "olour": "olor",
    "aviour": "avior",
    "leuc": "leuk",
}


@dataclass(frozen=True)
class Token:
    """One word of the note; `stem` is what matching compares, `start`/`end` index the note text."""

    text: str
    start: int
    end: int
    stem: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Every word and number of `text`, offsets shifted by `offset` (the text's place in the note)."""
    return [
        Token(match.group(), match.start() + offset, match.end() + offset, stem(match.group()))
        for match in TOKEN.finditer(text)
    ]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching key of one word ('Fractures' -> 'fractur', 'myocardial' -> 'myocardi')."""
    word = BRITISH.sub(lambda match: AMERICAN[match.group()], POSSESSIVE.sub("", word.lower()))
    word = NOUN_OF.get(word, word)
    if word in KEPT_WHOLE:
        return word
    if not word.isalpha() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("es") and len(word) > 5 and word[-3] in "sxhz":
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in MEANINGFUL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            return word[: -len(ending)][:8] + ending
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith(("a", "um")) and len(word) >= 6:  # Latin nouns meet their adjectives:
        word = word[: -2 if word.endswith("um") else -1]  # pleura/pleural, duodenum/duodenal
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word[:8]


def content_stems(text: str) -> tuple[str, ...]:
    """The stems of `text` that can decide a code, in order, without duplicates."""
    return tuple(dict.fromkeys(stem(word) for word in _content_words(text)))


def term_stems(text: str) -> tuple[str, ...]:
    """`content_stems` of an ICD-10-CM title, inclusion term or Index term, an acronym kept as written:
    "PIN" (prostatic intraepithelial neoplasia) and "AIDS" must not match "pins" and "hearing aids"."""
    return tuple(dict.fromkeys(word if is_acronym(word) else stem(word) for word in _content_words(text)))


def is_acronym(word: str) -> bool:
    """Two to six capitals, not a Roman numeral ("grade II" is written "grade ii" too)."""
    return bool(ACRONYM.fullmatch(word)) and not ROMAN_NUMERAL.fullmatch(word)


def _content_words(text: str) -> list[str]:
    return [word for word in TOKEN.findall(text) if word.lower() not in STOPWORDS]
