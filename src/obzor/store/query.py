"""User search syntax -> an FTS5 MATCH expression over lemmas, plus the terms to highlight.

Syntax: words (each matches any inflected form), "quoted phrases" (also «...» and “...”),
a trailing * for a prefix (казахстан*), parentheses, and the operators AND, OR, NOT
(or И, ИЛИ, НЕ; uppercase only, lowercase words are search terms). Adjacent terms are
joined by AND. NOT is binary, "A NOT B" = A without B ("A AND NOT B" means the same).
OR binds loosest; AND and NOT apply left to right: "a OR b NOT c" = a OR (b NOT c).
Other punctuation separates words and is otherwise ignored.

A word or quoted phrase that names a knowledge-base entry (kb/aliases.py) also matches every
name and alias of that entry, in any script or language: ОДКБ = CSTO = ҰҚШҰ = "Организация
Договора о коллективной безопасности". exact=True turns this off.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product

from obzor.kb import load_kb
from obzor.kb import words as searched_words
from obzor.kb.aliases import named_entry
from obzor.kb.aliases import spellings as kb_spellings
from obzor.kb.keys import word_key
from obzor.nlp.morph import WORD, query_keys
from obzor.store.base import QueryError
from obzor.text import fold

OPERATORS = {"AND": "AND", "И": "AND", "OR": "OR", "ИЛИ": "OR", "NOT": "NOT", "НЕ": "NOT"}
QUOTES = {'"': '"', "«": "»", "“": "”"}
# Deep enough for any query a person writes; stops "((((..." from exhausting the stack.
# How hits can be ordered: best match first (bm25 / ts_rank) or newest first (undated last).
SORTS = ("relevance", "date")
MAX_DEPTH = 32
# A phrase whose words each have two keys has 2**n spellings in the index; this many cover a
# five-word phrase, and bound the expression a long quoted phrase can produce.
MAX_SPELLINGS = 32


@dataclass(frozen=True, slots=True)
class Term:
    """One query word: the index keys it matches (its lemma, its name key as a capitalized
    word, its surface form), its lowercased surface form, and whether it is a prefix."""

    keys: tuple[str, ...]
    surface: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the FTS5 MATCH string and the (non-negated) phrases to highlight."""

    match: str
    phrases: tuple[tuple[Term, ...], ...]  # a single word is a phrase of one


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT"
    text: str  # as the user typed it, for messages
    pos: int  # 1-based column, for messages
    terms: tuple[Term, ...] = ()
    words: str = ""  # the words of a word or phrase, for the KB lookup


def parse(query: str, exact: bool = False) -> Query:
    """Parse a user query; raise QueryError with a one-line reason when it is malformed.
    exact: match the words only, not the other names of a KB entry they name."""
    searched_words.remember(_keyed_now(query))
    tokens = _tokenize(query)
    if not tokens:
        raise QueryError("empty query: type at least one word to search for")
    parser = _Parser(tokens, exact)
    match, phrases = parser.parse()
    return Query(match, tuple(dict.fromkeys(phrases)))


def check_sort(sort: str) -> None:
    """ValueError for a sort that is not one of SORTS."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")


def typed_match(query: str, exact: bool, parsed: Query) -> str | None:
    """The match for the words as typed when the KB widened the query (None otherwise): hits
    that hold the typed words rank before those that hold only another name of the entry,
    since a rare alias (a Kazakh or English spelling) would otherwise outscore the word asked."""
    if exact:
        return None
    typed = parse(query, exact=True).match
    return None if typed == parsed.match else typed


def literal(text: str) -> str:
    """text as an FTS5 string literal: double-quoted, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _term(word: str, prefix: bool = False) -> Term:
    surface = fold(word)
    if prefix:
        return Term((surface,), surface, prefix)
    return Term(_keys(word), surface)  # as typed, capitalized, Kazakh (nlp/morph.py)


def _keys(word: str) -> tuple[str, ...]:
    """query_keys(word); a word of a KB name's from the KB's index file, a word searched for
    before from the file of query words (kb/words.py): no pymorphy3 for either."""
    held = searched_words.cached_keys(word, load_kb())
    return query_keys(word) if held is None else held[1]


def _keyed_now(query: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The query's words that neither the KB's index nor the file of query words holds, with
    their word_key and query_keys (as typed and capitalized: how the parser looks them up)."""
    kb = load_kb()
    found = {}
    for m in WORD.finditer(query):
        word = m.group()
        if word not in OPERATORS and searched_words.cached_keys(word, kb) is None:
            found[word] = (word_key(word), query_keys(word))
    return found


def spellings(phrase: tuple[Term, ...]) -> list[str]:
    """The index strings a phrase of non-prefix terms matches (one key per word), at most
    MAX_SPELLINGS of them."""
    return [" ".join(keys) for keys in islice(product(*(t.keys for t in phrase)), MAX_SPELLINGS)]


def _tokenize(query: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch in QUOTES:
            end = query.find(QUOTES[ch], i + 1)
            if end < 0:
                raise QueryError(f"unbalanced quote: {ch} at position {i + 1} is never closed")
            words = tuple(_term(m.group()) for m in WORD.finditer(query, i + 1, end))
            if not words:
                raise QueryError(f"empty phrase at position {i + 1}: put words between the quotes")
            out.append(_Token("phrase", query[i : end + 1], i + 1, words, query[i + 1 : end]))
            i = end + 1
        elif ch in "()":
            out.append(_Token(ch, ch, i + 1))
            i += 1
        elif m := WORD.match(query, i):
            word, i = m.group(), m.end()
            prefix = query.startswith("*", i)
            if word in OPERATORS and not prefix:
                out.append(_Token(OPERATORS[word], word, m.start() + 1))
                continue
            i += prefix
            terms = (_term(word, prefix),)
            out.append(_Token("word", word, m.start() + 1, terms, "" if prefix else word))
        else:
            i += 1  # whitespace and punctuation only separate words
    return out


class _Parser:
    """Recursive descent over tokens, emitting a fully parenthesized FTS5 expression."""

    def __init__(self, tokens: list[_Token], exact: bool = False) -> None:
        self.tokens = tokens
        self.exact = exact
        self.i = 0
        self.depth = 0
        self.phrases: list[tuple[Term, ...]] = []
        self.negated = 0  # > 0 while inside the right side of NOT: nothing to highlight

    def parse(self) -> tuple[str, list[tuple[Term, ...]]]:
        expr = self._or()
        tok = self._peek()
        if tok is not None:  # only a stray ")" can stop _or early
            raise QueryError(
                f"unbalanced parentheses: ')' at position {tok.pos} has no matching '('"
            )
        return expr, self.phrases

    def _peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _next(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _or(self) -> str:
        expr = self._and()
        while (tok := self._peek()) is not None and tok.kind == "OR":
            self._next()
            self._operand_after(tok)
            expr = f"({expr} OR {self._and()})"
        return expr

    def _and(self) -> str:
        expr = self._primary()
        while (tok := self._peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self._next()
                nxt = self._peek()
                if nxt is not None and nxt.kind == "NOT":
                    continue  # "A AND NOT B" is "A NOT B"
                self._operand_after(tok)
                expr = f"({expr} AND {self._primary()})"
            elif tok.kind == "NOT":
                self._next()
                self._operand_after(tok)
                self.negated += 1
                expr = f"({expr} NOT {self._primary()})"
                self.negated -= 1
            else:
                expr = f"({expr} AND {self._primary()})"
        return expr

    def _operand_after(self, op: _Token) -> None:
        tok = self._peek()
        if tok is None:
            raise QueryError(f"{op.text} at position {op.pos} has nothing after it")
        if tok.kind in OPERATORS.values() or tok.kind == ")":
            raise QueryError(
                f"{op.text} at position {op.pos} is followed by {tok.text}, not a word"
            )

    def _primary(self) -> str:
        tok = self._next()
        if tok.kind == "word" and tok.terms[0].prefix:
            return self._emit_word(tok.terms[0])
        if tok.kind in ("word", "phrase"):
            return self._emit_phrases(tok)
        if tok.kind == "(":
            return self._group(tok)
        if tok.kind == ")":
            raise QueryError(
                f"unbalanced parentheses: ')' at position {tok.pos} has no matching '('"
            )
        if tok.kind == "NOT":
            raise QueryError(
                f"{tok.text} at position {tok.pos} needs a word before it: write 'ОДКБ NOT ШОС' "
                "for ОДКБ without ШОС"
            )
        raise QueryError(f"{tok.text} at position {tok.pos} has nothing before it")

    def _group(self, open_: _Token) -> str:
        nxt = self._peek()
        if nxt is not None and nxt.kind == ")":
            raise QueryError(f"empty parentheses at position {open_.pos}")
        if nxt is None:
            raise QueryError(f"unbalanced parentheses: '(' at position {open_.pos} is never closed")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"parentheses nested deeper than {MAX_DEPTH} levels")
        expr = self._or()
        self.depth -= 1
        close = self._peek()
        if close is None or close.kind != ")":
            raise QueryError(f"unbalanced parentheses: '(' at position {open_.pos} is never closed")
        self._next()
        return expr

    def _emit_phrases(self, tok: _Token) -> str:
        """A word or phrase, or else any other name of the KB entry it names."""
        phrases = [tok.terms]
        entry = None if self.exact else named_entry(tok.words)
        if entry is not None:
            for name in kb_spellings(entry):
                terms = tuple(_term(m.group()) for m in WORD.finditer(name))
                if terms:
                    phrases.append(terms)
        alternatives: list[str] = []
        for phrase in dict.fromkeys(phrases):
            self._collect(phrase)
            alternatives += spellings(phrase)
            if len(phrase) == 1:
                alternatives.append(phrase[0].surface)  # acronyms pymorphy3 reads oddly
        return _any(alternatives)

    def _emit_word(self, term: Term) -> str:
        """A prefix term."""
        self._collect((term,))
        return literal(term.surface) + " *"

    def _collect(self, phrase: tuple[Term, ...]) -> None:
        if not self.negated:
            self.phrases.append(phrase)


def _any(alternatives: list[str]) -> str:
    """An FTS5 expression matching any of the strings (each a phrase literal)."""
    unique = list(dict.fromkeys(alternatives))
    expr = literal(unique[0])
    for alt in unique[1:]:
        expr = f"({expr} OR {literal(alt)})"
    return expr
