"""A deterministic synthetic Sahel news corpus for benchmarks.

``generate_corpus(folder, n, seed)`` writes ``n`` articles in the seed format
(`` date YYYY-MM-DD `` marker and title on the first line, where the
article loader reads the marker, blank line, paragraphs, source signature) and ``synthetic_docs(n, seed)`` returns the matching
:class:`~sahel_tui.core.models.IndexDoc` objects directly, so the index can be
benchmarked without the rest of the application.

The text mixes a news vocabulary, a long Zipf-distributed tail of invented
words (so that the term dictionary has a realistic size for prefix and fuzzy
expansion), and the spellings analysts have to cope with: accents and their
absence (Diéma/Diema, Ménaka/Menaka), misspellings (Niamey/Niamay), hyphens
and letter-digit joins (C-130/C130, Al-Qaeda/al-Qaida), curly apostrophes
(Mali’s, Jama'at).  About one article in ten is a rewrite of an earlier one
(a story group).  Article ``i`` depends only on ``(seed, i)``, so a small
corpus is a prefix of a larger one.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sahel_tui.core.models import Entity, IndexDoc

WORDS_PER_ARTICLE = 500
_TAIL_SIZE = 40_000

# (id, canonical name, type, aliases, spellings used in articles)
_ENTITY_ROWS: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "jnim",
        "Jama'at Nusrat al-Islam wal-Muslimin",
        "ARMED_GROUP",
        ("JNIM", "GSIM"),
        ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", "Jama’at Nusrat al-Islam wal-Muslimin", "GSIM"),
    ),
    ("al-qaeda", "Al-Qaeda", "ARMED_GROUP", ("Al Qaeda", "al-Qaida"), ("Al-Qaeda", "al-Qaida", "Al Qaeda")),
    (
        "isgs",
        "Islamic State Sahel Province",
        "ARMED_GROUP",
        ("ISGS", "IS Sahel", "EIGS"),
        ("Islamic State Sahel Province", "ISGS", "IS Sahel"),
    ),
    ("csp-psd", "Cadre Stratégique Permanent", "ARMED_GROUP", ("CSP-PSD", "CSP"), ("CSP-PSD", "CSP")),
    ("wagner-group", "Wagner Group", "EXTERNAL_FORCE", ("Wagner", "PMC Wagner"), ("Wagner Group", "Wagner")),
    ("africa-corps", "Africa Corps", "EXTERNAL_FORCE", ("Afrika Korps",), ("Africa Corps", "Afrika Korps")),
    (
        "fama",
        "Malian Armed Forces",
        "STATE_FORCE",
        ("FAMa", "Malian army"),
        ("FAMa", "Malian army", "Malian Armed Forces"),
    ),
    (
        "niger-armed-forces",
        "Niger Armed Forces",
        "STATE_FORCE",
        ("FAN", "Nigerien army"),
        ("Nigerien army", "Niger Armed Forces"),
    ),
    (
        "aes",
        "Alliance of Sahel States",
        "ORGANIZATION",
        ("AES", "Confederation of Sahel States"),
        ("AES", "Alliance of Sahel States", "Confederation of Sahel States"),
    ),
    ("ecowas", "ECOWAS", "ORGANIZATION", ("CEDEAO",), ("ECOWAS", "CEDEAO")),
    ("mali", "Mali", "LOCATION", (), ("Mali", "Mali’s", "Mali's")),
    ("niger", "Niger", "LOCATION", (), ("Niger", "Niger's")),
    ("burkina-faso", "Burkina Faso", "LOCATION", (), ("Burkina Faso",)),
    ("bamako", "Bamako", "LOCATION", (), ("Bamako",)),
    ("niamey", "Niamey", "LOCATION", ("Niamay",), ("Niamey", "Niamay")),
    ("ouagadougou", "Ouagadougou", "LOCATION", (), ("Ouagadougou",)),
    ("gao", "Gao", "LOCATION", (), ("Gao",)),
    ("timbuktu", "Timbuktu", "LOCATION", ("Tombouctou",), ("Timbuktu", "Tombouctou")),
    ("diema", "Diéma", "LOCATION", ("Diema",), ("Diéma", "Diema")),
    ("menaka", "Ménaka", "LOCATION", ("Menaka",), ("Ménaka", "Menaka")),
    ("kidal", "Kidal", "LOCATION", (), ("Kidal",)),
    ("tessalit", "Tessalit", "LOCATION", (), ("Tessalit",)),
    ("kayes-region", "Kayes Region", "LOCATION", ("Kayes",), ("Kayes", "Kayes region")),
    ("segou", "Ségou", "LOCATION", ("Segou",), ("Ségou", "Segou")),
    ("djibo", "Djibo", "LOCATION", (), ("Djibo",)),
    ("tillaberi", "Tillabéri", "LOCATION", ("Tillaberi",), ("Tillabéri", "Tillaberi")),
    ("c-130", "Lockheed C-130 Hercules", "EQUIPMENT", ("C-130", "C130"), ("C-130", "C130")),
    ("bayraktar-tb2", "Bayraktar TB2", "EQUIPMENT", ("TB2",), ("Bayraktar TB2", "TB2")),
    ("drones", "Drones", "EQUIPMENT", ("drone", "UAV"), ("drones", "drone", "UAV")),
]

SOURCES = (
    "Inter Bellum News", "APA", "Sahel Monitor", "Le Républicain", "West Africa Wire",
    "Radio Kayes", "Studio Tamani", "Agence Nigérienne de Presse",
)  # fmt: skip

_COMMON = """
the of and to in a is that for on with as by at from was were has have had be been this
which after before during against while but not also more than about into over under
between among amid near along across its their his her they it he she we said says told
according officials local sources residents security forces attack attacks fighters
militants group groups army soldiers military government junta regime authorities
region regional border borders town towns village villages road roads route routes
convoy convoys fuel supplies food market markets trade traders gold mine mines mining
blockade blockades blockaded siege checkpoint checkpoints ambush ambushes ambushed
killed wounded dead civilians displaced refugees humanitarian aid agencies
operation operations offensive counteroffensive airstrike airstrikes strike strikes
drone drones aircraft helicopter helicopters base bases camp camps patrol patrols
week weeks month months year years day days night morning evening monday tuesday
wednesday thursday friday saturday sunday january february march april june july
august september october november december statement statements communique claimed
claim claims denied confirmed reported report reports sources witnesses analysts
experts diplomats ambassador ambassadors minister ministers president prime cabinet
coup coups transition election elections sanctions negotiation negotiations talks
ceasefire agreement accord peace security stability crisis conflict war insurgency
jihadist jihadists extremist extremists insurgents rebels separatists coalition
alliance alliances cooperation partnership partners support supported supporting
deployment deployed withdraw withdrawal withdrew troops mission missions mercenaries
contractors instructors training equipment weapons arms ammunition vehicles trucks
motorcycles kidnapped kidnapping hostages hostage released release freed ransom
population populations communities community leaders chiefs elders youth women
children schools school closed closure health clinics water wells cattle herders
farmers harvest rainy season dry floods drought prices inflation economy economic
exports imports customs taxes revenue budget debt loan loans investment investors
""".split()

_TITLE_VERBS = (
    "tightens grip on", "strikes near", "claims attack in", "lifts blockade of",
    "reinforces positions around", "withdraws from", "targets convoy near",
    "announces operation in", "denies losses in", "expands presence in",
)  # fmt: skip

_TEMPLATES = (
    "{actor} fighters attacked a {noun} near {place} on {weekday}, according to {source_ref}.",
    "The {noun} between {place} and {place2} has been cut for {number} days, residents said.",
    "A {equipment} was seen at the airport of {place}, where {actor2} has been active since {month}.",
    "{actor} imposed a blockade on fuel imports to {place}, disrupting the {place}–{place2} trade route.",
    "Officials in {place} said {number} civilians were killed and {number2} wounded in the {noun}.",
    "{actor2} denied any involvement, while {actor} claimed the operation in a statement.",
    "Analysts say the {noun} reflects a shift in {place}’s security strategy after the withdrawal of {actor2}.",
    "The {equipment} flew between {place} and {place2} several times in {month}, photographs show.",
    "{actor} released {number} hostages seized near {place} after weeks of negotiations.",
    "Gold miners fled {place} when {actor} took control of the mine on {weekday}.",
    "A ceasefire announced in {month} collapsed when {actor2} shelled positions outside {place}.",
    "Humanitarian agencies warned that {number} families displaced from {place} lack water and food.",
    "The junta in {place} expelled a diplomat it accused of contacts with {actor}.",
    "{actor2} instructors trained a new battalion in {place}, a source close to the army said.",
    "Drone strikes by {actor} hit a wedding in {place}, killing {number} people, witnesses said.",
    "Traders in {place} said prices of rice doubled since the {noun} was closed in {month}.",
    "An ambush on a patrol near {place} left {number} soldiers dead, the first such attack since {month}.",
    "Talks in {place} between {actor} and community elders ended without an agreement.",
    "The {equipment} crashed on take-off in {place}; the crew survived, the air force said.",
    "Schools in {place} reopened after {number} months, although {actor} still patrols the roads.",
    "{actor} kidnapped {number} truck drivers on the road to {place} and demanded a ransom.",
    "Election preparations in {place} were suspended, citing attacks by {actor}.",
    "Radio stations in {place} were ordered off the air after reporting on {actor2}.",
    "Herders and farmers clashed over water points near {place}, local officials said.",
)  # fmt: skip


def _zipf_tail(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bdfghjklmnprstvwyz" for v in "aeiou"] + ["ou", "ai", "ka", "ta"]
    words: set[str] = set()
    while len(words) < _TAIL_SIZE:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@dataclass(frozen=True)
class _Vocabulary:
    words: tuple[str, ...]  # news words then invented ones, in Zipf rank order
    cum_weights: tuple[float, ...]


_VOCAB_CACHE: dict[int, _Vocabulary] = {}


def _vocabulary(seed: int) -> _Vocabulary:
    if seed not in _VOCAB_CACHE:
        rng = random.Random(seed)
        common = sorted(set(_COMMON))
        rng.shuffle(common)
        tail = _zipf_tail(rng)
        rng.shuffle(tail)
        words = common + tail
        weights = [1.0 / (rank + 10) for rank in range(len(words))]
        _VOCAB_CACHE[seed] = _Vocabulary(tuple(words), tuple(itertools.accumulate(weights)))
    return _VOCAB_CACHE[seed]


def synthetic_entities() -> list[Entity]:
    """The catalog the synthetic articles are written about."""
    return [Entity(id=i, name=name, type=t, aliases=aliases) for i, name, t, aliases, _ in _ENTITY_ROWS]


_BY_TYPE: dict[str, list[int]] = {}
for _n, _row in enumerate(_ENTITY_ROWS):
    _BY_TYPE.setdefault(_row[2], []).append(_n)
_ACTORS = _BY_TYPE["ARMED_GROUP"] + _BY_TYPE["EXTERNAL_FORCE"] + _BY_TYPE["STATE_FORCE"]
_PLACES = _BY_TYPE["LOCATION"]
_EQUIPMENT = _BY_TYPE["EQUIPMENT"]
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NOUNS = (
    "convoy", "checkpoint", "military base", "market", "gold mine", "road", "camp", "village", "bridge",
    "mosque", "well", "health centre", "school", "customs post", "bus station", "cattle market", "airstrip",
    "fuel depot", "prison", "town hall",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    title: str
    date: str | None
    source: str
    paragraphs: tuple[str, ...]
    mentioned: tuple[str, ...]  # entity ids whose names were written into the text
    story: str | None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def file_text(self) -> str:
        date = f"date {self.date} " if self.date else ""  # first, where the loader reads it
        return f"{date}{self.title}\n\n{self.body}\n\n{self.source}\n"


class _Writer:
    """Builds one article from its own random stream."""

    def __init__(self, rng: random.Random, vocab: _Vocabulary):
        self.rng = rng
        self.vocab = vocab
        self.mentioned: dict[str, None] = {}
        # the few actors, places and aircraft this article is about
        self.cast = {
            "actor": rng.sample(_ACTORS, 3),
            "place": rng.sample(_PLACES, 4),
            "equipment": rng.sample(_EQUIPMENT, 1),
        }
        self.templates = rng.sample(_TEMPLATES, 5)  # what this story is about

    def entity(self, kind: str) -> str:
        row = _ENTITY_ROWS[self.rng.choice(self.cast[kind])]
        self.mentioned.setdefault(row[0], None)
        return self.rng.choice(row[4])

    def filler(self, count: int) -> str:
        """Words drawn from a Zipf distribution: a few common, most rare."""
        return " ".join(self.rng.choices(self.vocab.words, cum_weights=self.vocab.cum_weights, k=count))

    def sentence(self) -> str:
        rng = self.rng
        text = rng.choice(self.templates).format(
            actor=self.entity("actor"), actor2=self.entity("actor"),
            place=self.entity("place"), place2=self.entity("place"),
            equipment=self.entity("equipment"), noun=rng.choice(_NOUNS),
            weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS),
            number=rng.randint(2, 90), number2=rng.randint(2, 60),
            source_ref=rng.choice(("local sources", "a security source", "residents", "the army")),
        )  # fmt: skip
        return f"{text} {self.filler(rng.randint(8, 22)).capitalize()}."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def title(self) -> str:
        return f"{self.entity('actor')} {self.rng.choice(_TITLE_VERBS)} {self.entity('place')}"


def _date(rng: random.Random) -> str | None:
    if rng.random() < 0.05:
        return None
    day = rng.randint(0, 5 * 365 - 1)
    year, rest = 2021 + day // 365, day % 365
    month, dom = 1 + rest // 31 % 12, 1 + rest % 28
    return f"{year:04d}-{month:02d}-{dom:02d}"


def _base_article(seed: int, i: int) -> tuple[str, str | None, str, list[str], list[str]]:
    rng = random.Random(seed * 1_000_003 + i)
    writer = _Writer(rng, _vocabulary(seed))
    title = writer.title()
    paragraphs = []
    words = 0
    while words < WORDS_PER_ARTICLE:
        paragraphs.append(writer.paragraph())
        words += len(paragraphs[-1].split())
    return title, _date(rng), rng.choice(SOURCES), paragraphs, list(writer.mentioned)


def synthetic_article(i: int, seed: int = 7) -> SyntheticArticle:
    """Article number ``i`` of the corpus of ``seed`` (independent of corpus size)."""
    title, date, source, paragraphs, mentioned = _base_article(seed, i)
    story = None
    pick = random.Random(seed * 7_919 + i)
    if i >= 10 and pick.random() < 0.1:  # a rewrite of an earlier article
        origin = pick.randrange(i)
        _, date, _, paragraphs, mentioned = _base_article(seed, origin)
        paragraphs = list(paragraphs)
        pick.shuffle(paragraphs)
        paragraphs = paragraphs[: max(2, len(paragraphs) - 1)]
        story = f"story-{origin:05d}"
    digest = hashlib.sha256(f"{seed}:{i}:{title}".encode()).hexdigest()[:16]
    return SyntheticArticle(
        id=f"{i:05d}_{digest}", title=title, date=date, source=source,
        paragraphs=tuple(paragraphs), mentioned=tuple(mentioned), story=story,
    )  # fmt: skip


def generate_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` synthetic articles as ``<id>.txt`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        article = synthetic_article(i, seed)
        path = folder / f"{article.id}.txt"
        path.write_text(article.file_text(), encoding="utf-8")
        paths.append(path)
    return paths


def to_index_doc(article: SyntheticArticle, catalog: dict[str, Entity] | None = None) -> IndexDoc:
    """The IndexDoc the workspace would make: detected = mentioned, half of them confirmed."""
    catalog = catalog or {e.id: e for e in synthetic_entities()}
    detected = tuple(e for e in article.mentioned if e in catalog)
    confirmed = tuple(e for n, e in enumerate(detected) if n % 2 == 0)
    entities = [catalog[e] for e in detected]
    names = tuple(dict.fromkeys(name for e in entities for name in e.names))
    fingerprint = hashlib.sha256(article.file_text().encode()).hexdigest()[:16]
    return IndexDoc(
        id=article.id, title=article.title, date=article.date, source=article.source,
        body=article.body, entities=confirmed, detected=detected,
        labels=tuple(sorted({e.type for e in entities})), names=names,
        authors=("analyst1",) if confirmed else (), fingerprint=fingerprint, story=article.story,
    )  # fmt: skip


def synthetic_docs(n: int, seed: int = 7) -> Iterator[IndexDoc]:
    """IndexDocs of the first ``n`` synthetic articles, without writing files."""
    catalog = {e.id: e for e in synthetic_entities()}
    for i in range(n):
        yield to_index_doc(synthetic_article(i, seed), catalog)


def random_misspelling(word: str, rng: random.Random) -> str:
    """``word`` with one letter replaced (for did-you-mean benchmarks)."""
    pos = rng.randrange(1, len(word))
    letter = rng.choice([c for c in string.ascii_lowercase if c != word[pos]])
    return word[:pos] + letter + word[pos + 1 :]
