"""Arabic for the Arabic edition's full-text search.

Sphinx has no Arabic search language; without one, a word is found only as it is written in the page:
«استانا» typed without its hamza, «بالبوكمال» with its preposition, or «سوريه» for «سورية» find
nothing, and a word written with a shadda («موحّدة») is even split in two, since a mark is not a letter
to Sphinx's word splitter. This module gives Sphinx an Arabic `SearchLanguage`: it drops the marks before
splitting and stems each word with a light stemmer, Larkey, Ballesteros and Connell's *light10* (Light
Stemming for Arabic Information Retrieval, 2007):

1. normalise the spelling as the quotation check does (`seed`): no marks or tatweel; «أ إ آ ٱ» as «ا»;
   a final «ى» as «ي», a final «ة» as «ه»;
2. drop a leading «و» (and) when three letters or more remain;
3. drop the article with its preposition («ال وال بال كال فال لل») when two letters or more remain;
4. drop each of the suffixes «ها ان ات ون ين يه ية ه ة ي», in that order, when two letters or more remain.

The index (Python, `stem`) and the reader's query (JavaScript, `STEMMER_JS`) must stem alike; a browser
test compares the two on every word of the source text.
"""

from __future__ import annotations

import re

from sphinx.search import SearchLanguage

from . import seed

# The marks and alef forms the quotation check folds (`seed.normalize`), and tatweel
MARKS = seed.MARKS + seed.TATWEEL
_MARKS = re.compile(f"[{MARKS}]")
CONJUNCTION = "و"
ARTICLES = ("ال", "وال", "بال", "كال", "فال", "لل")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def normalised(word: str) -> str:
    word = _MARKS.sub("", word)
    word = re.sub(f"[{seed.ALEF_FORMS}]", "ا", word)
    return re.sub("ى$", "ي", re.sub("ة$", "ه", word))


def light_stem(word: str) -> str:
    """light10: `word` normalised, without its conjunction, article and suffixes."""
    word = normalised(word)
    if word.startswith(CONJUNCTION) and len(word) - 1 >= 3:
        word = word[1:]
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


STEMMER_JS = f"""
/** The Arabic light stemmer of syriacoop.search_arabic (light10), as the index was stemmed. */
var Stemmer = function () {{
  const MARKS = /[{MARKS}]/g;
  const ARTICLES = {list(ARTICLES)!r};
  const SUFFIXES = {list(SUFFIXES)!r};
  this.stemWord = function (w) {{
    let word = w.replace(MARKS, "").replace(/[{seed.ALEF_FORMS}]/g, "ا");
    word = word.replace(/ة$/, "ه").replace(/ى$/, "ي");
    if (word.startsWith("{CONJUNCTION}") && word.length - 1 >= 3) word = word.slice(1);
    for (const article of ARTICLES) {{
      if (word.startsWith(article) && word.length - article.length >= 2) {{
        word = word.slice(article.length);
        break;
      }}
    }}
    for (const suffix of SUFFIXES) {{
      if (word.endsWith(suffix) && word.length - suffix.length >= 2) word = word.slice(0, -suffix.length);
    }}
    return word;
  }};
}};
"""

SPLITTER_JS = f"""
/** Words of a query: marks dropped first, as the index's words were, then split like Python's \\\\W+. */
function splitQuery(query) {{
  return query
    .replace(/[{MARKS}]/g, "")
    .split(/[^\\p{{Letter}}\\p{{Number}}_\\p{{Emoji_Presentation}}]+/gu)
    .filter((term) => term);
}}
"""


class SearchArabic(SearchLanguage):
    lang = "ar"
    language_name = "Arabic"
    js_stemmer_code = STEMMER_JS
    js_splitter_code = SPLITTER_JS

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(_MARKS.sub("", input))

    def stem(self, word: str) -> str:
        return light_stem(word)
