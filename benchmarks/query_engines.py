"""pyoxigraph vs rdflib on the example queries of ontology/queries/.

Usage:
    python benchmarks/query_engines.py                      # synthetic build, ~1M triples
    python benchmarks/query_engines.py --triples 200000     # smaller synthetic build
    python benchmarks/query_engines.py --build output/      # an existing build (e.g. the samples)

The synthetic build is made of model objects (reports, entities with mentions,
status timelines, abbreviation senses, relations with evidence) and goes through
the real graph builder and Turtle writer, so the graph has the real shape. Prints
load and query times per engine and the rdflib/pyoxigraph ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.export.turtle import to_turtle  # noqa: E402
from kg.graph.build import build_graph  # noqa: E402
from kg.model import (  # noqa: E402
    Build, Entity, Evidence, Mention, Relation, Report, ReportMeta, Sense, Sentence, StatusEvent,
)
from kg.query.sparql import bind_values, open_rdflib, open_store, query_rdflib, query_store  # noqa: E402

QUERIES = ROOT / "ontology" / "queries"
TRIPLES_PER_ENTITY = 85  # measured on the generator below: about 85 triples per entity
_SYLLABLES = "华新金山湘江云龙天元荷塘芦淞石峰渌口醴陵攸县茶陵炎陵株洲智造硬质合金材料动力轨道航空电子"


def _name(rng: random.Random, head: str) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 5))) + head


def synthetic_build(n_entities: int, seed: int = 7) -> Build:
    """A build with ``n_entities`` entities over ``n_entities // 100 + 3`` reports."""
    rng = random.Random(seed)
    n_reports = n_entities // 100 + 3
    heads = {"Project": "产业园", "Enterprise": "集团", "Initiative": "行动", "Abbreviation": "",
             "Place": "片区"}
    types = list(heads)
    entities: list[Entity] = []
    pending: dict[int, list[tuple[Entity, str]]] = {i: [] for i in range(n_reports)}
    for i in range(n_entities):
        type_ = types[i % len(types)]
        label = (f"{rng.choice('三四五六')}{rng.choice('高新微化')}{i}" if type_ == "Abbreviation"
                 else _name(rng, heads[type_]) + str(i))
        key = f"{type_.lower()}/{hashlib.sha256(f'{type_}{i}'.encode()).hexdigest()[:12]}"
        entity = Entity(key, type_, label, aliases=[label + "项目"] if i % 7 == 0 else [])
        entities.append(entity)
        for r in rng.sample(range(n_reports), k=min(n_reports, rng.randint(1, 5))):
            pending[r].append((entity, label))
    reports: list[Report] = []
    for r in range(n_reports):
        parts, sentences, pos = [], [], 0
        spans: list[tuple[Entity, int, int, int, int]] = []
        for entity, label in pending[r]:
            sentence = f"推进{label}建设，力争开工。"
            sentences.append(Sentence(pos, pos + len(sentence), rng.choice(["review", "plan"])))
            spans.append((entity, pos + 2, pos + 2 + len(label), pos, pos + len(sentence)))
            parts.append(sentence)
            pos += len(sentence)
        text = "".join(parts)
        report = Report(f"{r:04d}.txt", f"{r:04d}.txt", hashlib.sha256(text.encode()).hexdigest(),
                        "utf-8", text, ReportMeta(region=f"区{r % 17}", parent="某市", level="区",
                                                  year=2015 + r % 10),
                        sentences=sentences)
        reports.append(report)
        for entity, start, end, s0, s1 in spans:
            sentence = text[s0:s1]
            entity.mentions.append(Mention(report.id, start, end, text[start:end], entity.type,
                                           sentence, "plan", "synthetic", "开工"))
            ev = Evidence(report.id, start, end, sentence, "synthetic")
            if entity.type == "Project":
                entity.status.append(StatusEvent(report.id, report.meta.year,
                                                 rng.choice(["planned", "started", "completed"]), ev))
            if entity.type == "Abbreviation":
                entity.senses.append(Sense(entity.label, report.id, "glossary", f"释义{r}",
                                           [f"部分{k}" for k in range(3)], [], 3, "ok", ev))
    for e in entities:
        if e.type == "Abbreviation":
            e.divergent = len({s.definition for s in e.senses}) > 1
    relations = []
    by_type: dict[str, list[Entity]] = {}
    for e in entities:
        by_type.setdefault(e.type, []).append(e)
    for e in by_type.get("Enterprise", []):
        park = rng.choice(by_type["Project"])
        evidence = [Evidence(m.report, m.start, m.end, m.sentence, "synthetic") for m in e.mentions[:2]]
        relations.append(Relation(e.key, "settled_in", park.key, evidence))
        relations.append(Relation(e.key, "co_mentioned", rng.choice(entities).key, evidence[:1]))
    return Build(reports=reports, entities=entities, relations=relations)


def _queries(store) -> dict[str, str]:
    """The example queries, with parameters that exist in the graph being measured."""
    pick = ("PREFIX gr: <https://w3id.org/govreport-kg/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?park ?e WHERE { ?a a gr:RelationAssertion ; "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?p ; "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?x . ?p skos:prefLabel ?park . "
            "?x a gr:Enterprise ; skos:prefLabel ?e } ORDER BY DESC(?park) LIMIT 1")
    _v, rows = query_store(store, pick)
    park, enterprise = (rows[0] if rows else ("", ""))
    out = {}
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.stem == "enterprises-in-park":
            text = bind_values(text, "park_name", [park or ""])
        if path.stem == "sentences-mentioning":
            text = bind_values(text, "name", [enterprise or ""])
        out[path.stem] = text
    return out


def _time(fn, repeat: int = 1) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(build_dir: Path) -> None:
    size = (build_dir / "graph.ttl").stat().st_size
    t_ox_load, store = _time(lambda: open_store(build_dir))
    print(f"graph.ttl: {size / 1e6:.1f} MB, {len(store)} triples")
    print(f"load      pyoxigraph {t_ox_load:8.2f} s", flush=True)
    t_rd_load, graph = _time(lambda: open_rdflib(build_dir))
    print(f"load      rdflib     {t_rd_load:8.2f} s   ratio {t_rd_load / t_ox_load:6.1f}x", flush=True)
    total_ox = total_rd = 0.0
    for name, query in _queries(store).items():
        t_ox, (_v, ox_rows) = _time(lambda: query_store(store, query), repeat=3)
        t_rd, (_v, rd_rows) = _time(lambda: query_rdflib(graph, query))
        total_ox, total_rd = total_ox + t_ox, total_rd + t_rd
        agree = "same rows" if len(ox_rows) == len(rd_rows) else "ROW COUNTS DIFFER"
        print(f"{name:36s} pyoxigraph {t_ox:8.3f} s  rdflib {t_rd:8.2f} s  "
              f"ratio {t_rd / max(t_ox, 1e-6):7.0f}x  ({len(ox_rows)} rows, {agree})", flush=True)
    print(f"{'all five queries':36s} pyoxigraph {total_ox:8.3f} s  rdflib {total_rd:8.2f} s  "
          f"ratio {total_rd / max(total_ox, 1e-6):7.0f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="measure this build directory instead")
    parser.add_argument("--triples", type=int, default=1_000_000,
                        help="approximate size of the synthetic graph (default 1,000,000)")
    args = parser.parse_args(argv)
    if args.build:
        measure(args.build)
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        build = synthetic_build(max(10, args.triples // TRIPLES_PER_ENTITY))
        graph = build_graph(build)
        (out / "graph.ttl").write_bytes(to_turtle(graph))
        print(f"synthetic build: {len(build.entities)} entities, {len(build.reports)} reports, "
              f"{len(graph)} triples, made and written in {time.perf_counter() - start:.1f} s")
        del graph, build
        measure(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
