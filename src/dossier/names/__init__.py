"""Stage 4: who is who — mentions grouped into entities, every spelling of a name merged.

The stage is a visible chain of small modules:

- :mod:`.scan` reads the parsed book once: each name's sentence and cues, pronouns, word
  counts, description candidates; :mod:`.missed` finds the names the NER missed;
- :mod:`.accept` drops capitalised words that are not names (“an old Cossack”);
- :mod:`.forms` parses a name; :mod:`.skeleton` gives its round-trip keys; :mod:`.variants`
  finds spelling variants of name words;
- :mod:`.kinds` votes types; :mod:`.person` and :mod:`.people` resolve full, titled and bare
  names of people; :mod:`.cluster` ties these together without a parse (the benchmark calls
  it on name lists);
- :mod:`.gender`, :mod:`.unnamed` (described people, the narrator), :mod:`.tagged`
  (described speakers of speech tags: “…,” said the auctioneer), :mod:`.addressed` (the
  name the others call the narrator by) and :mod:`.resolve` (canonical names, evidence,
  ids) finish the entities.

Word lists are ``dossier/data/names_*`` (:mod:`.lexicon`).
"""

from __future__ import annotations

from .cluster import cluster_names
from .forms import normalise_name
from .resolve import entity_id, resolve_entities

__all__ = ["cluster_names", "entity_id", "normalise_name", "resolve_entities"]
