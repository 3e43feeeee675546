"""kg.query.sparql and ontology/queries/*.rq: the example queries answer what they say on a
hand-made build, pyoxigraph and rdflib agree, and builds are queried read-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.export.turtle import to_turtle
from kg.graph.build import build_graph
from kg.graph.vocab import ontology_dir
from kg.query.sparql import (
    BuildNotFoundError, QueryError, QuerySyntaxError, ReadOnlyError, bind_values, format_rows,
    graph_digest, load_query, open_persistent_store, open_rdflib, open_store, query_form,
    query_rdflib, query_store, run_query,
)


import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
QUERIES = ontology_dir() / "queries"
B = "https://w3id.org/govreport-kg/"
GR = "https://w3id.org/govreport-kg/ontology#"
PARK = B + "entity/project/1a2b3c4d5e6f"
ZY = B + "entity/enterprise/0a1b2c3d4e5f"
MESSER = B + "entity/enterprise/2b3c4d5e6f70"
SANWEI = B + "entity/abbreviation/3c4d5e6f7081"
PREFIXES = f"PREFIX gr: <{GR}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def example(query_name: str, /, **values: list[str]) -> str:
    text = (QUERIES / f"{query_name}.rq").read_text(encoding="utf-8")
    for variable, vals in values.items():
        text = bind_values(text, variable, vals)
    return text


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hand-build")
    (out / "graph.ttl").write_bytes(to_turtle(build_graph(H.make_build())))
    return out


@pytest.fixture(scope="module")
def engines(build_dir):
    """Both engines loaded once: name -> function(query) -> (vars, rows)."""
    store, graph = open_store(build_dir), open_rdflib(build_dir)
    return {"oxigraph": lambda q: query_store(store, q), "rdflib": lambda q: query_rdflib(graph, q)}


ENGINES = ["oxigraph", "rdflib"]


def _normalised(variables: list[str], rows) -> list[tuple]:
    """Rows comparable across engines: GROUP_CONCAT parts sorted, SAMPLE columns dropped."""
    out = []
    for row in rows:
        cells = []
        for var, cell in zip(variables, row):
            if var == "sentence" and "enterprise" in variables:
                continue  # SAMPLE(): any one evidence sentence
            if var in ("years", "forms") and cell is not None:
                cell = " ".join(sorted(cell.replace("、", " ").split()))
            cells.append(cell)
        out.append(tuple(cells))
    return out


# --- the example queries ------------------------------------------------------------------


def test_every_example_query_is_tested():
    assert {p.stem for p in QUERIES.glob("*.rq")} == {
        "project-status-timeline", "enterprises-in-park", "divergent-abbreviations",
        "entities-in-three-or-more-reports", "sentences-mentioning", "targets-missed",  # targets-missed: test_indicators
        "largest-investments", "settled-enterprises", "parts-of-a-whole"}  # below, on the sample build


@pytest.mark.parametrize("engine", ENGINES)
def test_project_status_timeline(engines, engine):
    variables, rows = engines[engine](example("project-status-timeline"))
    assert variables == ["project", "label", "year", "status", "report", "sentence"]
    assert [r[:5] for r in rows] == [
        (PARK, "先进硬质材料产业园", "2022", "planned", "r2022.txt"),
        (PARK, "先进硬质材料产业园", "2023", "started", "r2023.txt"),
        (PARK, "先进硬质材料产业园", "2023", "completed", "r2024.txt"),
    ]
    assert rows[0][5] == "力争湖南先进硬质材料产业园开工，推进“三微”建设。"


@pytest.mark.parametrize("engine", ENGINES)
def test_project_status_timeline_by_alias_and_for_every_project(engines, engine):
    """The timeline is asked for one project by any of its names; the commented group in
    the query lists every project's timeline instead."""
    by_alias = engines[engine](example("project-status-timeline", name=["湖南先进硬质材料产业园"]))
    assert by_alias == engines[engine](example("project-status-timeline"))
    assert engines[engine](example("project-status-timeline", name=["不存在的项目"]))[1] == []
    text = (QUERIES / "project-status-timeline.rq").read_text(encoding="utf-8")
    group = text[text.index("  {\n    VALUES ?name"):text.index("  # { ?project a gr:Project }")]
    every = text.replace(group, "").replace("  # { ?project a gr:Project }", "  { ?project a gr:Project }")
    variables, rows = engines[engine](every)
    _v, count = engines[engine]("PREFIX gr: <https://w3id.org/govreport-kg/ontology#> "
                                "SELECT (COUNT(*) AS ?n) WHERE { ?p a gr:Project ; gr:hasStatusEvent ?e }")
    assert len(rows) == int(count[0][0]) and len(rows) >= len(by_alias[1]) > 0
    assert [r for r in rows if r[1] == "先进硬质材料产业园"] == by_alias[1]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("park", ["先进硬质材料产业园", "湖南先进硬质材料产业园"])
def test_enterprises_in_park(engines, engine, park):
    variables, rows = engines[engine](example("enterprises-in-park", park_name=[park]))
    assert variables[:6] == ["park", "parkLabel", "enterprise", "enterpriseLabel", "relation", "weight"]
    assert [r[2:6] for r in rows] == [
        (ZY, "株硬集团", GR + "coMentionedWith", "2"),
        (ZY, "株硬集团", GR + "settledIn", "1"),
        (MESSER, "梅塞尔", GR + "settledIn", "1"),
    ]
    assert all(r[1] == "先进硬质材料产业园" and r[6] for r in rows)


@pytest.mark.parametrize("engine", ENGINES)
def test_divergent_abbreviations(engines, engine):
    variables, rows = engines[engine](example("divergent-abbreviations"))
    assert variables == ["abbreviation", "term", "report", "year", "source", "definition"]
    assert rows == [
        (SANWEI, "三微", "r2022.txt", "2022", "glossary", "城市管理微亮化、微公园、微服务"),
        (SANWEI, "三微", "r2024.txt", "2024", "glossary", "微网格、微项目、微治理"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_entities_in_three_or_more_reports(engines, engine):
    variables, rows = engines[engine](example("entities-in-three-or-more-reports"))
    assert variables == ["entity", "type", "label", "reports", "years"]
    assert _normalised(variables, rows) == [
        (PARK, "Project", "先进硬质材料产业园", "3", "2022 2023 2024"),
        (ZY, "Enterprise", "株硬集团", "3", "2022 2023 2024"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["株硬集团", "株洲硬质合金集团"])
def test_sentences_mentioning_an_entity_by_any_name(engines, engine, name):
    variables, rows = engines[engine](example("sentences-mentioning", name=[name]))
    assert variables == ["entity", "report", "year", "section", "sentence", "forms"]
    assert [r[1:] for r in rows] == [
        ("r2022.txt", "2022", "review", "株硬集团入驻先进硬质材料产业园。", "株硬集团"),
        ("r2023.txt", "2023", "review", "株硬集团营收增长。", "株硬集团"),
        ("r2024.txt", "2024", "review", "先进硬质材料产业园一期竣工，株洲硬质合金集团扩产。", "株洲硬质合金集团"),
    ]
    assert {r[0] for r in rows} == {ZY}


def test_sentences_mentioning_a_name_with_awkward_characters(engines):
    variables, rows = engines["oxigraph"](example("sentences-mentioning", name=[H.NASTY]))
    assert len(rows) == 1 and rows[0][5] == H.NASTY


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_engines_agree_on_example_queries(engines, name):
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    ox_vars, ox_rows = engines["oxigraph"](query)
    rd_vars, rd_rows = engines["rdflib"](query)
    assert ox_vars == rd_vars
    assert sorted(_normalised(ox_vars, ox_rows), key=repr) == sorted(_normalised(rd_vars, rd_rows), key=repr)


@pytest.mark.parametrize("query", [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    PREFIXES + "SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m gr:denotes ?e } GROUP BY ?e",
    PREFIXES + "SELECT ?r ?y WHERE { ?r gr:year ?y FILTER(?y >= 2023) }",
    PREFIXES + "SELECT ?l WHERE { ?e skos:altLabel ?l } ORDER BY ?l",
])
def test_engines_agree_on_other_queries(engines, query):
    ox_vars, ox_rows = engines["oxigraph"](query)
    rd_vars, rd_rows = engines["rdflib"](query)
    assert ox_vars == rd_vars and ox_rows
    assert sorted(ox_rows, key=repr) == sorted(rd_rows, key=repr)


def test_integer_year_filters_where_gyear_may_not(engines):
    q = PREFIXES + "SELECT ?r WHERE { ?r a gr:Report ; gr:year ?y FILTER(?y >= 2023) }"
    assert len(engines["oxigraph"](q)[1]) == len(engines["rdflib"](q)[1]) == 2


# --- run_query: the entry point kg query uses ----------------------------------------------


def test_run_query_on_a_build_dir(build_dir):
    variables, rows = run_query(build_dir, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a gr:Report }")
    assert variables == ["n"] and rows == [("3",)]
    assert run_query(build_dir, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a gr:Report }",
                     engine="rdflib") == (variables, rows)


def test_ask_and_construct(build_dir):
    assert run_query(build_dir, PREFIXES + "ASK { ?s a gr:Abbreviation }") == (["ask"], [("true",)])
    assert run_query(build_dir, "ASK { ?s a <http://example.org/Nothing> }", engine="rdflib") == \
        (["ask"], [("false",)])
    variables, rows = run_query(build_dir, PREFIXES + "CONSTRUCT { ?s a gr:Thing } WHERE { ?s a gr:Project }")
    assert variables == ["subject", "predicate", "object"] and rows == [(PARK, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", GR + "Thing")]


def test_unbound_cells_are_none(build_dir):
    _v, rows = run_query(build_dir, PREFIXES + "SELECT ?e ?c WHERE { ?e a gr:Initiative OPTIONAL { ?e gr:cue ?c } }")
    assert rows == [(B + "entity/initiative/5e6f708192a3", None)]


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "  delete where { ?s ?p ?o }",
    PREFIXES + "# SELECT in a comment\nDELETE { ?s ?p ?o } WHERE { ?s a gr:Report }",
    "BASE <http://example.org/> LOAD <http://example.org/data.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://example.org/g>", "CREATE GRAPH <http://example.org/g>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "\ufeffCOPY DEFAULT TO <http://example.org/g>",
])
@pytest.mark.parametrize("engine", ENGINES)
def test_updates_are_refused_and_change_nothing(build_dir, update, engine):
    before = (build_dir / "graph.ttl").read_bytes()
    with pytest.raises(ReadOnlyError, match="read-only"):
        run_query(build_dir, update, engine=engine)
    assert (build_dir / "graph.ttl").read_bytes() == before
    assert run_query(build_dir, PREFIXES + "ASK { ?s a gr:Report }") == (["ask"], [("true",)])


@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_is_a_clear_exception(build_dir, engine):
    with pytest.raises(QuerySyntaxError, match="Syntax error") as info:
        run_query(build_dir, "SELECT ?x WHERE { ?x ?y }", engine=engine)
    assert "Traceback" not in str(info.value)
    with pytest.raises(QuerySyntaxError, match="expected SELECT"):
        run_query(build_dir, "SELEKT ?x WHERE { ?x ?y ?z }", engine=engine)
    with pytest.raises(QuerySyntaxError):
        run_query(build_dir, "", engine=engine)


def test_oxigraph_syntax_error_names_the_position(build_dir):
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        run_query(build_dir, "SELECT ?x WHERE { ?x ?y }")


def test_query_errors_are_value_errors():
    assert issubclass(QuerySyntaxError, QueryError) and issubclass(ReadOnlyError, QueryError)
    assert issubclass(QueryError, ValueError)


def test_missing_build(tmp_path):
    with pytest.raises(BuildNotFoundError, match="kg build"):
        run_query(tmp_path, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(FileNotFoundError):
        run_query(tmp_path / "nowhere", "SELECT * WHERE { ?s ?p ?o }", engine="rdflib")


def test_query_form_skips_the_prologue():
    assert query_form("PREFIX a: <http://x#>\n# c\nBASE <http://y/>\nselect * {}") == "SELECT"
    assert query_form("PREFIX : <http://x#> ASK {}") == "ASK"


def test_load_query_from_file_or_text(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert load_query(str(path)) == "SELECT * WHERE { ?s ?p ?o }"
    assert load_query("ASK {}") == "ASK {}"
    with pytest.raises(QueryError):
        load_query(str(tmp_path / "missing.rq"))


def test_bind_values_escapes_and_requires_the_block():
    q = bind_values('SELECT * { VALUES ?name { "x" } }', "name", ['a"b\\c', "d"])
    assert 'VALUES ?name { "a\\"b\\\\c" "d" }' in q
    with pytest.raises(QueryError):
        bind_values("SELECT * {}", "name", ["x"])


def test_bind_values_keeps_the_language_tag_of_the_block():
    q = bind_values('SELECT * { VALUES ?name { "x"@zh } }', "name", ['a"b\\c', "d\n"])
    assert 'VALUES ?name { "a\\"b\\\\c"@zh "d\\n"@zh }' in q
    q = bind_values('SELECT * { VALUES ?name { "x"@zh-Hans } }', "name", ["y"])
    assert 'VALUES ?name { "y"@zh-Hans }' in q
    # a tag-like text inside the value is escaped, never taken for the block's tag
    assert 'VALUES ?name { "q\\"@en"@zh }' in bind_values('SELECT * { VALUES ?name { "x"@zh } }',
                                                          "name", ['q"@en'])


def test_name_parameters_are_tagged_literals_looked_up_exactly(engines):
    """The name lookups are exact tagged literals (an index lookup, not a scan of every
    label): a plain name passed through bind_values is found, a hand-written tagged one is
    found, and a name that only contains or prefixes a label is not."""
    for stem, variable in (("sentences-mentioning", "name"), ("enterprises-in-park", "park_name")):
        text = (QUERIES / f"{stem}.rq").read_text(encoding="utf-8")
        assert f"VALUES ?{variable} {{ \"" in text and "\"@zh }" in text, stem
        assert "FILTER(STR(" not in text.split("WHERE", 1)[1], stem
    plain = example("sentences-mentioning", name=["株硬集团"])
    assert 'VALUES ?name { "株硬集团"@zh }' in plain
    for engine in ENGINES:
        assert len(engines[engine](plain)[1]) == 3
        assert engines[engine](example("sentences-mentioning", name=["株硬"]))[1] == []
        assert engines[engine](example("sentences-mentioning", name=["株硬集团 "]))[1] == []
    tagged = (QUERIES / "sentences-mentioning.rq").read_text(encoding="utf-8")
    assert engines["oxigraph"](tagged)[1] == engines["oxigraph"](plain)[1]
    _v, rows = engines["oxigraph"](example("enterprises-in-park", park_name=["先进硬质材料产业园"]))
    assert rows and {r[0] for r in rows} == {PARK}


def test_format_rows():
    variables, rows = ["a", "b"], [("株硬集团", "1"), (None, "x\ny")]
    table = format_rows(variables, rows, "table")
    assert table.splitlines()[2].startswith("株硬集团 | 1") and "(2 rows)" in table
    assert format_rows(variables, rows, "csv") == 'a,b\n株硬集团,1\n,"x\ny"\n'
    assert json.loads(format_rows(variables, rows, "json")) == [{"a": "株硬集团", "b": "1"},
                                                                {"a": None, "b": "x\ny"}]
    with pytest.raises(QueryError):
        format_rows(variables, rows, "xml")


# --- the real sample build ------------------------------------------------------------------


def _sample(request) -> Path:
    try:
        return request.getfixturevalue("sample_build_dir")
    except pytest.FixtureLookupError:
        pytest.skip("no sample_build_dir fixture")


def test_sample_build_example_queries_agree_across_engines(request):
    """Every example query runs on the real sample build, and both engines give one answer."""
    build_dir = _sample(request)
    store, graph = open_store(build_dir), open_rdflib(build_dir)
    for path in sorted(QUERIES.glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        ox_vars, ox_rows = query_store(store, query)
        rd_vars, rd_rows = query_rdflib(graph, query)
        assert ox_vars == rd_vars, path.name
        assert sorted(_normalised(ox_vars, ox_rows), key=repr) == \
            sorted(_normalised(rd_vars, rd_rows), key=repr), path.name


def test_sample_build_answers(request):
    """What DOMAIN.md says the sample corpus holds: 株硬集团 in three reports, the timeline
    has projects, and the sentences query finds 株硬集团 in the 2019, 2022 and 2024 reports."""
    build_dir = _sample(request)
    store = open_store(build_dir)
    _v, rows = query_store(store, example("entities-in-three-or-more-reports"))
    assert "株硬集团" in {r[2] for r in rows}
    _v, rows = query_store(store, example("project-status-timeline"))
    assert rows and {r[3] for r in rows} <= {"planned", "signed", "started", "in_progress",
                                              "completed", "operating"}
    _v, rows = query_store(store, example("sentences-mentioning", name=["株硬集团"]))
    assert {r[2] for r in rows} >= {"2019", "2022", "2024"}
    assert all("株硬" in r[4] for r in rows)
    _v, rows = query_store(store, example("enterprises-in-park", park_name=["先进硬质材料产业园"]))
    assert rows and all(r[3] for r in rows)


def test_sample_build_divergent_abbreviation(request):
    """DOMAIN.md: 三微 means 微亮化/微公园/微服务 in the 2022 report and 微网格/微项目/微治理 in 2024."""
    build_dir = _sample(request)
    _v, rows = query_store(open_store(build_dir), example("divergent-abbreviations"))
    sanwei = [r for r in rows if r[1] == "三微"]
    assert {r[3] for r in sanwei} >= {"2022", "2024"}
    assert any("微网格" in r[5] for r in sanwei) and any("微公园" in r[5] for r in sanwei)


def test_usual_prefixes_are_predeclared_but_a_query_may_redeclare_them(build_dir):
    q = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a gr:Enterprise ; skos:prefLabel ?l }"
    for engine in ("oxigraph", "rdflib"):
        _, rows = run_query(build_dir, q, engine=engine)
        assert int(rows[0][0]) >= 0
    _, rows = run_query(build_dir, "PREFIX gr: <http://example.org/>\nSELECT ?e WHERE { ?e a gr:Enterprise }")
    assert rows == []


# --- the persistent store -----------------------------------------------------------------


def _stores(build: Path) -> list[str]:
    return sorted(p.name for p in build.glob(".query-store-*"))


def test_persistent_store_gives_the_same_rows_and_is_reused(build_dir, tmp_path):
    build = tmp_path / "b"
    build.mkdir()
    (build / "graph.ttl").write_bytes((build_dir / "graph.ttl").read_bytes())
    for q in sorted(QUERIES.glob("*.rq")):
        text = q.read_text(encoding="utf-8")
        on_disk, in_memory = run_query(build, text, store="disk"), run_query(build, text, store="memory")
        # GROUP_CONCAT's order is the engine's: compare its parts as sets
        assert _normalised(*on_disk) == _normalised(*in_memory) and on_disk[0] == in_memory[0], q.stem
    (name,) = _stores(build)
    inode = (build / name).stat().st_ino
    assert run_query(build, PREFIXES + "ASK { ?s a gr:Report }", store="disk") == (["ask"], [("true",)])
    assert _stores(build) == [name] and (build / name).stat().st_ino == inode  # not rebuilt


def test_persistent_store_is_rebuilt_when_the_graph_changes(build_dir, tmp_path):
    build = tmp_path / "b"
    build.mkdir()
    (build / "graph.ttl").write_bytes((build_dir / "graph.ttl").read_bytes())
    count = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a gr:Report }"
    assert run_query(build, count, store="disk")[1] == [("3",)]
    (old,) = _stores(build)
    (build / "graph.ttl").write_text("@prefix gr: <https://w3id.org/govreport-kg/ontology#> .\n"
                                      "<http://example.org/r> a gr:Report .\n", encoding="utf-8")
    assert run_query(build, count, store="disk")[1] == [("1",)]
    (new,) = _stores(build)
    assert new != old  # the stale store is gone


def test_persistent_store_key_comes_from_build_json(build_dir, tmp_path):
    build = tmp_path / "b"
    build.mkdir()
    (build / "graph.ttl").write_bytes((build_dir / "graph.ttl").read_bytes())
    computed = graph_digest(build)
    assert len(computed) == 64
    (build / "build.json").write_text(json.dumps({"files": {"graph.ttl": "ab" * 32}}), encoding="utf-8")
    assert graph_digest(build) == "ab" * 32
    (build / "build.json").write_text("{not json", encoding="utf-8")
    assert graph_digest(build) == computed


def test_persistent_store_is_read_only_and_falls_back_to_memory(build_dir, tmp_path, monkeypatch):
    build = tmp_path / "b"
    build.mkdir()
    (build / "graph.ttl").write_bytes((build_dir / "graph.ttl").read_bytes())
    with pytest.raises(ReadOnlyError):
        run_query(build, "INSERT DATA { <http://a> <http://b> <http://c> }", store="disk")
    store = open_persistent_store(build)
    with pytest.raises((OSError, RuntimeError)):  # pyoxigraph: "only possible on read-write instances"
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    del store

    def refuse(_build):
        raise PermissionError("read-only file system")

    monkeypatch.setattr("kg.query.sparql.open_persistent_store", refuse)
    assert run_query(build, PREFIXES + "ASK { ?s a gr:Report }", store="disk") == (["ask"], [("true",)])
    with pytest.raises(QueryError, match="Unknown store"):
        run_query(build, "ASK {}", store="ram")  # type: ignore[arg-type]


def test_small_builds_stay_in_memory(build_dir, tmp_path):
    build = tmp_path / "b"
    build.mkdir()
    (build / "graph.ttl").write_bytes((build_dir / "graph.ttl").read_bytes())
    run_query(build, PREFIXES + "ASK { ?s a gr:Report }")
    assert _stores(build) == []  # below PERSIST_MIN_BYTES: nothing written beside the build


# --- the issue-17 queries, answered on the sample build and checked against the Build ---------

def _labels(build) -> dict[str, str]:
    return {e.key: e.label for e in build.entities}


def test_largest_investments_are_the_builds_total_investments_largest_first(request, sample_build):
    store = open_store(_sample(request))
    variables, rows = query_store(store, example("largest-investments"))
    assert variables[:6] == ["region", "regionLabel", "year", "project", "projectLabel", "yuan"]
    from decimal import Decimal

    from kg.genre import default, standard_units

    units = standard_units(default(), "facts.fact_units")
    want = sorted(((Decimal(f.value) * 10 ** units[f.unit][1], e.label) for e in sample_build.entities
                   for f in e.facts if f.kind == "total_investment" and units.get(f.unit, ("",))[0] == "currency/CNY"),
                  reverse=True)
    assert want and [(float(r[5]), r[4]) for r in rows] == [(float(v), label) for v, label in want]
    assert all(r[1] for r in rows)  # the issuing region, by name


def test_settled_enterprises_are_the_settled_in_relations(request, sample_build):
    from kg.graph.vocab import relation_local_name

    store = open_store(_sample(request))
    variables, rows = query_store(store, example("settled-enterprises"))
    assert variables[:5] == ["park", "parkLabel", "enterprise", "enterpriseLabel", "sentence"]
    labels = _labels(sample_build)
    want = {(labels[r.object], labels[r.subject]) for r in sample_build.relations
            if relation_local_name(r.predicate) == "settledIn"}
    assert want and {(r[1], r[3]) for r in rows} == want
    assert all(r[3] in r[4] for r in rows)  # the sentence names the enterprise


def test_parts_of_a_whole_by_any_of_its_names(request, sample_build):
    store = open_store(_sample(request))
    labels = _labels(sample_build)
    parts = {(labels[r.object], labels[r.subject]) for r in sample_build.relations if r.predicate == "partOf"}
    whole = sorted(parts)[0][0]
    _v, rows = query_store(store, example("parts-of-a-whole", wholeName=[whole]))
    assert {(r[1], r[3]) for r in rows} == {p for p in parts if p[0] == whole}
    text = (QUERIES / "parts-of-a-whole.rq").read_text(encoding="utf-8")
    every = "\n".join(line for line in text.splitlines() if "?wholeName" not in line)
    _v, rows = query_store(store, every)
    assert {(r[1], r[3]) for r in rows} == parts
