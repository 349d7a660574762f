"""Near-duplicate detection: which articles tell the same story.

Pipeline, per article:

1. normalise the text (folded as everywhere else by :mod:`folding`, ``C-130`` -> ``c130``,
   ``1,200`` -> ``1200``) and keep the Porter stems of the content words
   (English stop words dropped);
2. learn the corpus's own stop words when the index is built: stems found in
   more than 5 % of the articles (and in more than 20 of them) say nothing about
   which story an article tells (``mali``, ``secur``, ``armi`` in a Sahel
   corpus); they are left out of both steps below;
3. *candidates*: a MinHash (datasketch) of the remaining stems goes into a
   MinHash LSH index tuned for a low Jaccard threshold (64 bands of 2 rows),
   because a heavy paraphrase keeps the vocabulary of a story far better than
   its word order;
4. *precise score* of each candidate pair: containment of content-word bigrams
   (bigrams shared, over the bigrams of the shorter article, with a floor so
   that a three-line brief does not "contain" everything), counting only
   bigrams with at least one informative word.  Bigrams keep the names,
   numbers and phrases a rewrite cannot avoid (``modibo keita``, ``octob 27``,
   ``c130 aircraft``, ``csp psd``), while generic vocabulary scores near zero.

5. *verification* (:meth:`SimilarityIndex.verify`, :func:`verify`): the bigram
   score only proposes candidates, because on real news every article about one
   event shares names and numbers with every other.  Two articles tell the same
   story when the sentences of the shorter one align with sentences of the other
   (the one-to-one alignment of :func:`compare.align`): each aligned sentence
   counts its content words, weighted by how close the pair is, and the aligned
   share must be at least ``STORY_COVERAGE`` of the shorter text, with the
   aligned sentences forming one stretch of it (``STORY_SPAN``) rather than a
   shared author box at the top and a footer at the bottom.  A teaser or a forum
   post quoting paragraphs is contained in the longer story; the same event told
   by another wire aligns a sentence or two.
6. *groups* (:meth:`SimilarityIndex.story_groups` with the texts): verified pairs
   are merged strongest first, and two groups merge only when most of the pairs
   across them verify, so that no chain of near misses joins unrelated stories.

Scores of candidate pairs are computed when an article enters the index;
:meth:`SimilarityIndex.similar` then only sorts a short neighbour list.  The
learned stop words stay fixed between full builds, so :meth:`~SimilarityIndex.add`
and :meth:`~SimilarityIndex.remove` never rescore the rest of the corpus.

The index can be cached as one ``.npz`` file (no pickle) keyed by a fingerprint
of each article's text; a cache that is missing, outdated or broken is rebuilt.
datasketch (and with it numpy and scipy) is imported only when an index is
built or loaded, so start-up does not pay for it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sahel_tui.core.errors import NotFound
from sahel_tui.core.folding import fold

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np
    from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
LSH_PARAMS = (64, 2)  # bands, rows: P(candidate) is 0.99 at Jaccard 0.27, 0.15 at 0.05
MINHASH_SEED = 1
SCORE_FLOOR = 20  # minimum bigram count used as the containment denominator
MIN_NEIGHBOUR_SCORE = 0.02  # pairs scoring less are not kept as neighbours
DEFAULT_STORY_THRESHOLD = 0.05  # rewrites of the seed story score 0.11-0.17, other pairs <= 0.02
FREQUENT_FRACTION = 0.05  # a stem in more than this share of the articles is a corpus stop word ...
FREQUENT_MIN_ARTICLES = 20  # ... if it is also in more than this many articles
REBUILD_FRACTION = 0.2  # a cached index with more changed articles than this is rebuilt
STORY_COVERAGE = 0.55  # aligned share of the shorter text's content words: rewrites 0.62-1.0, other wires <= 0.46
STORY_SPAN = 0.6  # ... within the stretch from its first to its last aligned sentence (a shared template: 0.44)
FULL_PAIR_SCORE = 0.6  # an aligned sentence pair scoring this much counts its words fully, less counts less
MIN_SENTENCE_WORDS = 4  # shorter sentences (source lines, "Continue reading.") are not counted
MIN_ALIGNED_WORDS = 12  # a story needs at least this many aligned content words
# A heavy paraphrase (rewritten sentence by sentence, regrouped) aligns less of the text but
# keeps its facts: at least this many paraphrased sentences aligned, ...
PARAPHRASE_SENTENCES = 5
PARAPHRASE_COVERAGE = 0.15  # ... at least this coverage (the seed rewrites: 0.21-0.33) ...
PARAPHRASE_FACTS = 0.45  # ... and this share of the shorter text's facts reported by the other
VERIFY_NEIGHBOURS = 25  # candidates verified per article when grouping ...
VERIFY_MIN_SCORE = 0.04  # ... if they score this much (labelled rewrites: >= 0.075, seed rewrites >= 0.1)
CACHE_FILE = "similarity.npz"
CACHE_VERSION = 3  # bump when the features of a text change (folding, stems, hashing)

#: English function words and news filler, dropped before shingling.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves us said says say according amid amidst
    within without among upon via per yet since however
    """.split()
)

# The literal comes first so that the regex engine can skip to it (several times faster).
_LETTER_DIGIT_HYPHEN = re.compile(r"-(?:(?<=[a-z]-)(?=\d)|(?<=\d-)(?=[a-z]))")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}\b)")
_POSSESSIVE = re.compile(r"'s\b")
_WORD = re.compile(r"[^\W_]+")
_LOW32 = 0xFFFFFFFF

# -- text features ------------------------------------------------------------------


def normalise(text: str) -> str:
    """Folded text (:func:`folding.fold`) with ``C-130`` -> ``c130`` and ``1,200`` -> ``1200``."""
    folded = fold(text)
    folded = _LETTER_DIGIT_HYPHEN.sub("", folded)
    folded = _THOUSANDS.sub("", folded)
    return _POSSESSIVE.sub("", folded)


def words(text: str) -> list[str]:
    """Normalised word tokens of ``text``."""
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a normalised word (numbers and short words unchanged)."""
    from whoosh.lang.porter import stem as porter_stem

    return word if len(word) < 4 or not word.isalpha() else porter_stem(word)


def content_words(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order (stop words dropped)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int | None:
    """32-bit hash of the stem of a normalised word, or None for a stop word."""
    if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
        return None
    return zlib.crc32(stem(word).encode("utf-8"))


@dataclass(frozen=True)
class Features:
    """Hashed features of one text."""

    vocabulary: frozenset[int]  # 32-bit hashes of content stems (MinHash input)
    bigrams: frozenset[int]  # 64-bit hashes of content-word bigrams: (first << 32) | second


def features(text: str) -> Features:
    """Vocabulary and bigram hashes of ``text``."""
    hashes = [h for h in map(_word_hash, words(text)) if h is not None]
    bigrams = frozenset((a << 32) | b for a, b in itertools.pairwise(hashes))
    return Features(frozenset(hashes), bigrams)


def containment(left: Iterable[int], right: Iterable[int]) -> float:
    """Shared bigrams over the bigrams of the smaller side (at least ``SCORE_FLOOR``), in [0, 1]."""
    a, b = frozenset(left), frozenset(right)
    if not a or not b:
        return 0.0
    return min(1.0, len(a & b) / max(min(len(a), len(b)), SCORE_FLOOR))


def text_similarity(left: str, right: str) -> float:
    """Precise score of two texts on their own (no corpus stop words); 1.0 for equal texts."""
    if left == right:
        return 1.0
    return containment(features(left).bigrams, features(right).bigrams)


@dataclass(frozen=True)
class Evidence:
    """Why two texts are (or are not) the same story: how much of the shorter one aligns."""

    aligned: int  # sentences of the shorter text aligned with the other text
    sentences: int  # counted sentences of the shorter text
    coverage: float  # weighted share of the shorter text's content words that align, in [0, 1]
    span: float  # the same share within the stretch from its first to its last aligned sentence
    contained: bool = False  # the shorter text is at most half as long as the other (teaser, quote)
    paraphrased: int = 0  # aligned sentences that were reworded (not identical)
    facts_shared: int = 0  # facts of the shorter text (names, dates, numbers) the other reports too
    facts: int = 0

    @property
    def rewrite(self) -> bool:
        """Most of the shorter text aligns, in one stretch: a copy, rewrite, excerpt or quote."""
        return self.coverage >= STORY_COVERAGE and self.span >= STORY_SPAN

    @property
    def paraphrase(self) -> bool:
        """Many sentences reworded one by one, and the facts kept: a heavy paraphrase."""
        return (
            self.paraphrased >= PARAPHRASE_SENTENCES
            and self.coverage >= PARAPHRASE_COVERAGE
            and self.facts_shared >= PARAPHRASE_FACTS * max(self.facts, 1)
        )

    @property
    def same_story(self) -> bool:
        return self.rewrite or self.paraphrase

    def describe(self) -> str:
        """``31 of 35 sentences aligned`` (with the facts for a paraphrase, and whether it is an excerpt)."""
        text = f"{self.aligned} of {self.sentences} sentences aligned"
        if self.paraphrase and not self.rewrite:
            text += f", {self.facts_shared} of {self.facts} facts shared"
        return text + (", the shorter text is an excerpt of the other" if self.contained and self.rewrite else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "aligned": self.aligned,
            "sentences": self.sentences,
            "coverage": round(self.coverage, 4),
            "span": round(self.span, 4),
            "contained": self.contained,
            "paraphrased": self.paraphrased,
            "facts_shared": self.facts_shared,
            "facts": self.facts,
            "same_story": self.same_story,
        }


NO_EVIDENCE = Evidence(0, 0, 0.0, 0.0)


def verify(left: str, right: str) -> Evidence:
    """Align the sentences of two texts and measure how much of the shorter one aligns."""
    from sahel_tui.core.compare import SAME, align, body_sentences, fact_overlap

    left_sentences, right_sentences = body_sentences(left), body_sentences(right)
    pairs, _, _ = align(left_sentences, right_sentences)
    left_weights = _sentence_weights(left_sentences)
    right_weights = _sentence_weights(right_sentences)
    if sum(left_weights) <= sum(right_weights):
        weights, other, scores = left_weights, right_weights, {p.left.index: p.score for p in pairs}
        shorter, longer = left, right
    else:
        weights, other, scores = right_weights, left_weights, {p.right.index: p.score for p in pairs}
        shorter, longer = right, left
    total = sum(weights)
    counted = {i: score for i, score in scores.items() if weights[i]}
    if not total or not counted:
        return Evidence(0, sum(1 for w in weights if w), 0.0, 0.0)
    paraphrased = sum(
        1 for p in pairs if p.kind != SAME and weights[p.left.index if shorter is left else p.right.index]
    )
    shared, facts = fact_overlap(shorter, longer) if paraphrased >= PARAPHRASE_SENTENCES else (0, 0)
    aligned = sum(weights[i] * min(1.0, score / FULL_PAIR_SCORE) for i, score in counted.items())
    if aligned < MIN_ALIGNED_WORDS:
        aligned = 0.0
    stretch = sum(weights[min(counted) : max(counted) + 1])
    return Evidence(
        aligned=len(counted),
        sentences=sum(1 for w in weights if w),
        coverage=min(1.0, aligned / total),
        span=min(1.0, aligned / stretch),
        contained=2 * total <= sum(other),
        paraphrased=paraphrased,
        facts_shared=shared,
        facts=facts,
    )


def _sentence_weights(sentences: list[Any]) -> list[int]:
    """Distinct content words of each sentence, 0 for sentences too short to count."""
    weights = [len(set(content_words(s.text))) for s in sentences]
    return [w if w >= MIN_SENTENCE_WORDS else 0 for w in weights]


def fingerprint(text: str) -> str:
    """Cache key of one article's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# -- the index ----------------------------------------------------------------------


class SimilarityIndex:
    """Near-duplicate index over a corpus; incremental with :meth:`add` and :meth:`remove`.

    Not thread-safe: use one index per thread or guard it with a lock.
    """

    def __init__(self, frequent: Iterable[int] = ()) -> None:
        self._frequent: frozenset[int] = frozenset(frequent)  # learned corpus stop words
        self._fingerprints: dict[str, str] = {}
        self._bigrams: dict[str, np.ndarray] = {}  # sorted uint64 informative bigrams
        self._signatures: dict[str, np.ndarray] = {}  # uint32 MinHash values
        self._neighbours: dict[str, dict[str, float]] = {}
        self._lsh: MinHashLSH | None = None
        self._evidence: dict[tuple[str, str], Evidence] = {}  # by the two texts' fingerprints
        self._dirty = False

    # -- building -----------------------------------------------------------------

    @classmethod
    def build(cls, articles: Iterable[tuple[str, str]], *, cache_dir: str | Path | None = None) -> SimilarityIndex:
        """Index ``(article id, text)`` pairs, reusing ``cache_dir`` when given.

        With a cache, unchanged articles (same text fingerprint) keep their
        signatures and scores; new or changed ones are added and vanished ones
        removed, unless so much changed that a full build (which also relearns
        the corpus stop words) is due.  The cache is rewritten when anything
        changed; a cache that cannot be read is rebuilt, one that cannot be
        written is skipped (it is derived data).
        """
        wanted = dict(articles)
        index = cls.load(cache_dir) if cache_dir is not None else None
        if index is None or not index._refreshable(wanted):
            index = cls._full_build(wanted)
        else:
            for article_id in [a for a in index._fingerprints if a not in wanted]:
                index.remove(article_id)
            for article_id, text in wanted.items():
                index.add(article_id, text)
        if cache_dir is not None and index._dirty:
            index.save(cache_dir)
        return index

    @classmethod
    def _full_build(cls, articles: dict[str, str]) -> SimilarityIndex:
        """Learn the corpus stop words, then index every article."""
        feats = {article_id: features(text) for article_id, text in articles.items()}
        index = cls(_learn_frequent([f.vocabulary for f in feats.values()]))
        lsh = index._ensure_lsh()
        signatures = {a: index._signature(f) for a, f in feats.items()}
        with lsh.insertion_session() as session:
            for article_id, signature in signatures.items():
                session.insert(article_id, _minhash(signature), check_duplication=False)
        for article_id, feat in feats.items():
            index._fingerprints[article_id] = fingerprint(articles[article_id])
            index._bigrams[article_id] = index._informative(feat)
            index._signatures[article_id] = signatures[article_id]
        for article_id in feats:
            for other in lsh.query(_minhash(signatures[article_id])):
                if other > article_id:
                    index._link(article_id, other)
        index._dirty = True
        return index

    def _refreshable(self, wanted: dict[str, str]) -> bool:
        """Whether updating this (cached) index is cheaper and as good as rebuilding it."""
        changed = sum(1 for a, t in wanted.items() if self._fingerprints.get(a) != fingerprint(t))
        removed = sum(1 for a in self._fingerprints if a not in wanted)
        return changed + removed <= REBUILD_FRACTION * max(len(wanted), 1)

    def add(self, article_id: str, text: str) -> None:
        """Index (or re-index, when its text changed) one article."""
        key = fingerprint(text)
        if self._fingerprints.get(article_id) == key:
            return
        self.remove(article_id)
        feat = features(text)
        signature = self._signature(feat)
        lsh = self._ensure_lsh()
        self._fingerprints[article_id] = key
        self._bigrams[article_id] = self._informative(feat)
        self._signatures[article_id] = signature
        for other in lsh.query(_minhash(signature)):
            self._link(article_id, other)
        lsh.insert(article_id, _minhash(signature), check_duplication=False)
        self._dirty = True

    def remove(self, article_id: str) -> None:
        """Forget one article (no error if it is not indexed)."""
        if article_id not in self._fingerprints:
            return
        if self._lsh is not None:
            self._lsh.remove(article_id)
        for other in self._neighbours.pop(article_id, {}):
            self._neighbours.get(other, {}).pop(article_id, None)
        del self._fingerprints[article_id], self._bigrams[article_id], self._signatures[article_id]
        self._dirty = True

    def _informative(self, feat: Features) -> np.ndarray:
        """Sorted bigrams with at least one word that is not a corpus stop word."""
        import numpy as np

        frequent = self._frequent
        kept = [b for b in feat.bigrams if (b >> 32) not in frequent or (b & _LOW32) not in frequent]
        return np.array(sorted(kept), dtype=np.uint64)

    def _signature(self, feat: Features) -> np.ndarray:
        """MinHash values of the article's vocabulary without corpus stop words."""
        vocabulary = feat.vocabulary - self._frequent
        minhash = _template().copy()
        if vocabulary:
            minhash.update_batch(sorted(vocabulary))
        values: np.ndarray = minhash.hashvalues
        return values

    def _link(self, left: str, right: str) -> None:
        """Score a candidate pair and keep it as neighbours when it scores enough."""
        if left == right:
            return
        score = _array_containment(self._bigrams[left], self._bigrams[right])
        if score >= MIN_NEIGHBOUR_SCORE:
            self._neighbours.setdefault(left, {})[right] = score
            self._neighbours.setdefault(right, {})[left] = score

    def _ensure_lsh(self) -> MinHashLSH:
        """The LSH index, rebuilt from stored signatures the first time it is needed."""
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)
            with self._lsh.insertion_session() as session:
                for article_id, signature in self._signatures.items():
                    session.insert(article_id, _minhash(signature), check_duplication=False)
        return self._lsh

    # -- queries ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._fingerprints)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._fingerprints

    @property
    def ids(self) -> list[str]:
        return sorted(self._fingerprints)

    def similar(self, article_id: str, limit: int = 10) -> list[tuple[str, float]]:
        """The articles closest to ``article_id``: ``(id, score)``, best first."""
        self._check(article_id)
        ranked = sorted(self._neighbours.get(article_id, {}).items(), key=lambda item: (-item[1], item[0]))
        return ranked[: max(0, limit)]

    def score(self, left_id: str, right_id: str) -> float:
        """Precise score of two indexed articles, whether or not LSH paired them."""
        self._check(left_id)
        self._check(right_id)
        if left_id == right_id:
            return 1.0
        return _array_containment(self._bigrams[left_id], self._bigrams[right_id])

    def _check(self, article_id: str) -> None:
        if article_id not in self._fingerprints:
            raise NotFound(f"article {article_id!r} is not in the similarity index")

    def pairs(self, threshold: float = DEFAULT_STORY_THRESHOLD) -> Iterator[tuple[str, str, float]]:
        """Each neighbour pair ``(a, b, score)`` with ``a < b`` and ``score >= threshold``."""
        for left, others in self._neighbours.items():
            for right, score in others.items():
                if left < right and score >= threshold:
                    yield left, right, score

    def verify(self, left_id: str, right_id: str, texts: Callable[[str], str]) -> Evidence:
        """:func:`verify` of two indexed articles (``texts`` gives an article's body), remembered."""
        self._check(left_id)
        self._check(right_id)
        key = tuple(sorted((self._fingerprints[left_id], self._fingerprints[right_id])))
        found = self._evidence.get(key)  # type: ignore[arg-type]
        if found is None:
            found = verify(texts(left_id), texts(right_id))
            self._evidence[key] = found  # type: ignore[index]
        return found

    def story_groups(
        self, threshold: float = DEFAULT_STORY_THRESHOLD, *, texts: Callable[[str], str] | None = None
    ) -> list[list[str]]:
        """Groups of two or more articles that tell one story.

        With ``texts`` (article id -> body) each candidate pair (neighbours
        scoring at least ``VERIFY_MIN_SCORE``, the ``VERIFY_NEIGHBOURS`` best of
        each article) is verified by sentence alignment, and groups grow from
        the best verified pairs only when more than half of the pairs across two
        groups verify (each member checked against the other group, whether or
        not LSH proposed the pair).
        Without texts, pairs scoring at least ``threshold`` are linked as they are
        (connected components), which is only right on small, clean corpora.

        Each group is sorted; its first id is the group's stable story id.
        Groups are sorted by that id.
        """
        if texts is None:
            return _components((a, b) for a, b, _ in self.pairs(threshold))
        verified: dict[frozenset[str], Evidence] = {}
        for left, others in self._neighbours.items():
            best = sorted(others.items(), key=lambda item: (-item[1], item[0]))[:VERIFY_NEIGHBOURS]
            for right, score in best:
                pair = frozenset((left, right))
                if score >= VERIFY_MIN_SCORE and pair not in verified:
                    verified[pair] = self.verify(left, right, texts)
        edges = sorted(
            ((e.coverage, sorted(p)) for p, e in verified.items() if e.same_story), key=lambda x: (-x[0], x[1])
        )

        def check(x: str, y: str) -> bool:
            """Whether a pair across two groups verifies; LSH may have missed it (a teaser's
            vocabulary is small), so pairs that were no candidates are scored here."""
            pair = frozenset((x, y))
            if pair not in verified:
                if self.score(x, y) < VERIFY_MIN_SCORE:
                    return False
                verified[pair] = self.verify(x, y, texts)
            return verified[pair].same_story

        group_of: dict[str, list[str]] = {}
        for _coverage, (left, right) in edges:
            a, b = group_of.get(left, [left]), group_of.get(right, [right])
            if a is b:
                continue
            agree = sum(1 for x in a for y in b if check(x, y))
            if 2 * agree <= len(a) * len(b):
                continue
            merged = a + b
            for member in merged:
                group_of[member] = merged
        unique = {id(g): g for g in group_of.values()}
        return sorted((sorted(g) for g in unique.values()), key=lambda g: g[0])

    def story_ids(
        self, threshold: float = DEFAULT_STORY_THRESHOLD, *, texts: Callable[[str], str] | None = None
    ) -> dict[str, str]:
        """Article id -> story id (smallest id of its group), for articles with rewrites."""
        return {member: group[0] for group in self.story_groups(threshold, texts=texts) for member in group}

    # -- cache --------------------------------------------------------------------

    def save(self, cache_dir: str | Path) -> bool:
        """Write the index to ``cache_dir/similarity.npz`` atomically; False if it cannot."""
        import numpy as np

        ids = sorted(self._fingerprints)
        position = {article_id: i for i, article_id in enumerate(ids)}
        pairs = [(position[a], position[b], s) for a, b, s in self.pairs(MIN_NEIGHBOUR_SCORE)]
        bigrams = [self._bigrams[a] for a in ids]
        arrays = {
            "meta": np.array(json.dumps(_cache_meta())),
            "frequent": np.array(sorted(self._frequent), dtype=np.uint32),
            "ids": np.array(ids, dtype=str),
            "fingerprints": np.array([self._fingerprints[a] for a in ids], dtype=str),
            "signatures": np.array([self._signatures[a] for a in ids], dtype=np.uint32).reshape(-1, NUM_PERM),
            "bigrams": np.concatenate(bigrams) if bigrams else np.array([], dtype=np.uint64),
            "bigram_counts": np.array([len(b) for b in bigrams], dtype=np.int64),
            "pairs": np.array([(i, j) for i, j, _ in pairs], dtype=np.int64).reshape(-1, 2),
            "scores": np.array([s for _, _, s in pairs], dtype=np.float64),
        }
        if _write_atomic(Path(cache_dir), arrays):
            self._dirty = False
            return True
        return False

    @classmethod
    def load(cls, cache_dir: str | Path) -> SimilarityIndex | None:
        """The index cached in ``cache_dir``, or None when missing, outdated or broken."""
        path = Path(cache_dir) / CACHE_FILE
        if not path.is_file():
            return None
        try:
            return cls._from_arrays(path)
        except Exception:
            return None

    @classmethod
    def _from_arrays(cls, path: Path) -> SimilarityIndex | None:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            if json.loads(str(data["meta"])) != _cache_meta():
                return None
            ids = [str(a) for a in data["ids"]]
            prints = [str(f) for f in data["fingerprints"]]
            signatures = data["signatures"]
            bigrams = _split(data["bigrams"], data["bigram_counts"])
            pairs, scores = data["pairs"], data["scores"]
            if not len(ids) == len(prints) == len(signatures) == len(bigrams):
                raise ValueError("inconsistent similarity cache")
            if signatures.shape[1:] != (NUM_PERM,) or len(pairs) != len(scores):
                raise ValueError("inconsistent similarity cache")
            index = cls(data["frequent"].tolist())
            for i, article_id in enumerate(ids):
                index._fingerprints[article_id] = prints[i]
                index._bigrams[article_id] = bigrams[i].astype(np.uint64)
                index._signatures[article_id] = signatures[i].copy()
            for (i, j), score in zip(pairs.tolist(), scores.tolist()):
                index._neighbours.setdefault(ids[i], {})[ids[j]] = score
                index._neighbours.setdefault(ids[j], {})[ids[i]] = score
        return index


# -- helpers ------------------------------------------------------------------------


def _components(links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (two or more ids, sorted) of linked pairs, sorted by first id."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _learn_frequent(vocabularies: list[frozenset[int]]) -> frozenset[int]:
    """Stems present in more than ``FREQUENT_FRACTION`` (and ``FREQUENT_MIN_ARTICLES``) articles."""
    import numpy as np

    limit = max(FREQUENT_MIN_ARTICLES, FREQUENT_FRACTION * len(vocabularies))
    if len(vocabularies) <= limit:
        return frozenset()
    flat = np.fromiter((h for v in vocabularies for h in v), dtype=np.uint32)
    values, counts = np.unique(flat, return_counts=True)
    return frozenset(values[counts > limit].tolist())


def _array_containment(left: np.ndarray, right: np.ndarray) -> float:
    import numpy as np

    if not left.size or not right.size:
        return 0.0
    shared = np.intersect1d(left, right, assume_unique=True).size
    return min(1.0, shared / max(min(left.size, right.size), SCORE_FLOOR))


def _cache_meta() -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "num_perm": NUM_PERM,
        "lsh": list(LSH_PARAMS),
        "seed": MINHASH_SEED,
        "floor": SCORE_FLOOR,
        "min_score": MIN_NEIGHBOUR_SCORE,
        "frequent": [FREQUENT_FRACTION, FREQUENT_MIN_ARTICLES],
    }


def _split(flat: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    import numpy as np

    if int(counts.sum()) != len(flat) or (counts < 0).any():
        raise ValueError("inconsistent similarity cache")
    return np.split(flat, np.cumsum(counts)[:-1]) if len(counts) else []


def _write_atomic(folder: Path, arrays: dict[str, Any]) -> bool:
    """Write ``arrays`` to ``folder/CACHE_FILE`` through a temporary file; False on failure."""
    import numpy as np

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".similarity-", suffix=".npz", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / CACHE_FILE)
        return True
    except OSError:
        return False
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty MinHash whose permutations every signature shares."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=_identity)


def _minhash(signature: np.ndarray) -> MinHash:
    from datasketch import MinHash

    template = _template()
    return MinHash(hashfunc=_identity, hashvalues=signature, permutations=template.permutations, scheme=template.scheme)
