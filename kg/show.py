"""An entity's card as plain text, for ``kg show``: type, aliases, reports and years,
status timeline, abbreviation senses, relations, and the sentences that say so."""

from __future__ import annotations

import difflib

from kg.link.names import canonical
from kg.link.relations import WEAK_RELATIONS
from kg.model import Build, Entity


def find_entities(build: Build, name: str) -> list[Entity]:
    """Entities whose label or an alias is ``name`` (quotes, spaces and widths ignored)."""
    want = canonical(name)
    return [e for e in build.entities if want in {canonical(n) for n in [e.label, *e.aliases]}]


def similar_names(build: Build, name: str, n: int = 8) -> list[str]:
    """Labels close to ``name``, for a did-you-mean: those containing it or contained in it
    first (shortest first), then difflib's closest spellings."""
    want = canonical(name)
    labels = sorted({e.label for e in build.entities})
    canon = {label: canonical(label) for label in labels}
    near = sorted((label for label in labels if want and (want in canon[label] or canon[label] in want)
                   and len(canon[label]) >= 2), key=lambda label: (len(label), label))
    close = difflib.get_close_matches(want, [canon[label] for label in labels], n=n, cutoff=0.6)
    by_canon = {c: label for label, c in canon.items()}
    return list(dict.fromkeys([*near, *(by_canon[c] for c in close)]))[:n]


def format_card(build: Build, entity: Entity, max_evidence: int = 8) -> str:
    years = {r.id: r.meta.year for r in build.reports}
    regions = {r.id: r.meta.region for r in build.reports}
    labels = {e.key: (e.label, e.type) for e in build.entities}
    out = [f"{entity.label}  [{entity.type}]  {entity.key}"]
    if entity.aliases:
        out.append("aliases: " + "、".join(entity.aliases))
    out.append("reports:")
    for r in entity.reports:
        n = sum(1 for m in entity.mentions if m.report == r)
        out.append(f"  {r}  {regions.get(r) or '?'} {years.get(r) or '?'}  ({n} mention{'s' if n != 1 else ''})")
    if entity.status:
        out.append("status:")
        for ev in entity.status:
            out.append(f"  {ev.year or '?'} {ev.status:<12} {ev.report}  「{ev.evidence.sentence}」"
                       + (f"  ({ev.note})" if ev.note else ""))
    if entity.senses:
        out.append("senses" + ("  (reports define it differently)" if entity.divergent else "") + ":")
        for s in entity.senses:
            parts = " | ".join(" + ".join(g) for g in s.groups) if s.groups else "、".join(s.components)
            check = f"  [numerals: {s.check}]" if s.check == "mismatch" else ""
            out.append(f"  {s.report} ({s.source}): {parts or s.definition}{check}")
            if s.evidence:
                out.append(f"      「{s.evidence.sentence}」")
    rels = [(r.predicate, r.object, r) for r in build.relations if r.subject == entity.key]
    rels += [(f"^{r.predicate}", r.subject, r) for r in build.relations if r.object == entity.key]
    if rels:
        out.append("relations:")
        # typed relations first (what the reports say), same-sentence co-mention last
        for pred, other, rel in sorted(rels, key=lambda t: (t[2].predicate in WEAK_RELATIONS, t[0], -t[2].weight, t[1])):
            label, type_ = labels.get(other, (other, "?"))
            out.append(f"  {pred:<18} {label} [{type_}]  ×{rel.weight}")
    out.append("evidence:")
    seen: set[tuple[str, str]] = set()
    for m in entity.mentions:
        if (m.report, m.sentence) in seen:
            continue
        seen.add((m.report, m.sentence))
        if len(seen) > max_evidence:
            out.append(f"  … {len({(x.report, x.sentence) for x in entity.mentions}) - max_evidence} more")
            break
        highlighted = m.sentence.replace(m.text, f"【{m.text}】", 1)
        out.append(f"  {m.report} [{m.section}] {highlighted}")
    return "\n".join(out)
