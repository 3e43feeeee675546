"""``kg``: build, evaluate, inspect, query, publish. A thin face over library functions;
nothing imports this module.

Exit codes: 0 done; 1 fatal problem (one sentence on stderr, no traceback);
2 usage or query error; 3 the build finished but some files were skipped (listed
in the summary and in ``build.log.jsonl``).
"""

from __future__ import annotations

import argparse
import os
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_OUT = "output"
EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class Fatal(Exception):
    """A problem that stops the command; its message is printed as one sentence."""


class Console:
    """What a build prints while it runs, on stderr: a bar per report-by-report stage and a
    line per whole-corpus stage with its time (only on a terminal, not with --quiet), and
    each skipped file and warning as soon as it is found (warnings not with --quiet)."""

    def __init__(self, quiet: bool, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interactive = self.stream.isatty() and not quiet
        self.open_line = False  # a bar or a stage line is on screen, not ended
        self.started: dict[str, float] = {}

    def _end_line(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.open_line = False

    def progress(self, stage: str, done: int, total: int) -> None:
        if not self.interactive:
            return
        import time

        if total < 2:  # a whole-corpus stage: its name, then its time
            if done == 0:
                self._end_line()
                self.started[stage] = time.perf_counter()
                self.stream.write(f"{stage:<8} …")
                self.open_line = True
            else:
                seconds = time.perf_counter() - self.started.get(stage, time.perf_counter())
                self.stream.write(f"\r{stage:<8} done in {seconds:.1f} s\n")
                self.open_line = False
        else:
            width = 30
            filled = width * done // total
            self.stream.write(f"\r{stage:<8} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            self.open_line = done < total
            if done == total:
                self.stream.write("\n")
        self.stream.flush()

    def problem(self, p) -> None:
        if p.severity == "error":
            self._end_line()
            self.stream.write(f"skipped {p}\n")
        elif not self.quiet:
            self._end_line()
            self.stream.write(f"warning: {p}\n")
        self.stream.flush()


def cmd_build(args: argparse.Namespace) -> int:
    from kg.export.writer import OutputError, check_writable
    from kg.genre import VocabularyError, load
    from kg.parallel import Jobs
    from kg.pipeline import NothingToWrite, run

    out = Path(args.out)
    paths = args.paths or [DEFAULT_CORPUS]
    try:
        jobs = Jobs(args.jobs)
    except ValueError as exc:
        print(f"kg build: --jobs: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        vocab = load(args.vocab or None)
    except VocabularyError as exc:
        print(f"kg build: --vocab: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.base_iri:
        from kg.graph.iris import normalize_base

        try:
            normalize_base(args.base_iri)
        except ValueError as exc:
            print(f"kg build: --base-iri: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        check_writable(out)
    except OutputError as exc:
        raise Fatal(str(exc)) from None
    cache_dir = None if args.no_cache else Path(args.cache) if args.cache else out.resolve().parent / ".kg-cache"
    console = Console(args.quiet)
    try:
        build = run(paths, progress=console.progress, jobs=jobs, cache_dir=cache_dir, vocab=vocab,
                    out=out, base_iri=args.base_iri, on_problem=console.problem)
    except NothingToWrite as exc:
        raise Fatal(str(exc)) from None
    except OutputError as exc:
        raise Fatal(str(exc)) from None
    errors = [p for p in build.problems if p.severity == "error"]  # printed as they were found
    counts: dict[str, int] = {}
    for e in build.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items())) or "no entities"
    named = {m.report for e in build.entities for m in e.mentions}
    empty = [r.id for r in build.reports if r.id not in named]
    if not args.quiet:
        cached = build.stats.get("extractions_cached", 0)
        reuse = f" ({cached} of {len(build.reports)} taken from the cache)" if cached else ""
        print(f"built {len(build.reports)} report(s){reuse} into {out}/: {summary}; {len(build.relations)} relations")
        for r in empty:
            print(f"note: no entities recognised in {r}", file=sys.stderr)
        if errors:
            print(f"{len(errors)} file(s) skipped; see {out}/build.log.jsonl", file=sys.stderr)
    return EXIT_SKIPPED if errors else EXIT_OK


def _load(build_dir: str):
    from kg.export.load import BuildNotFound, load_build

    try:
        return load_build(Path(build_dir))
    except BuildNotFound as exc:
        raise Fatal(str(exc)) from None


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import GoldError, check_thresholds, evaluate, format_evaluation, load_gold, load_link_gold

    thresholds: dict[str, float] = {}
    for spec in args.min_f1 or []:
        type_, _, value = spec.partition("=")
        try:
            thresholds[type_] = float(value)
        except ValueError:
            print(f"kg eval: --min-f1 takes TYPE=NUMBER, not {spec!r}", file=sys.stderr)
            return EXIT_USAGE
    try:
        gold = load_gold(Path(args.gold_dir))
        clusters = load_link_gold(Path(args.gold_dir))
    except GoldError as exc:
        raise Fatal(str(exc)) from None
    result = evaluate(gold, _load(args.build), clusters)
    if args.summary and args.errors:
        print("kg eval: --summary prints the totals only; it cannot list errors", file=sys.stderr)
        return EXIT_USAGE
    print(format_evaluation(result, errors=args.errors, summary=args.summary))
    failures = check_thresholds(result, thresholds)
    for f in failures:
        print(f"below threshold: {f}", file=sys.stderr)
    return EXIT_FATAL if failures else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from kg.show import find_entities, format_card, similar_names

    build = _load(args.build)
    found = find_entities(build, args.name)
    if not found:
        near = similar_names(build, args.name)
        hint = "; did you mean: " + ", ".join(near) if near else ""
        raise Fatal(f"no entity named {args.name!r} in {args.build}{hint}")
    print("\n\n".join(format_card(build, e, max_evidence=args.max_evidence) for e in found))
    return EXIT_OK


def _unknown_region(command: str, what: str, region: str | None, items) -> bool:
    """Whether ``region`` (a name or code) is none of ``items``' (assessments or promises);
    if so, say so in one sentence naming the regions there are."""
    names = sorted({i.region_name for i in items})
    if region is None or region in names or region in {i.region for i in items}:
        return False
    print(f"kg {command}: no {what} of the build is of region {region!r}; its regions: "
          f"{', '.join(names) or 'none (it needs reports of consecutive years of one government)'}", file=sys.stderr)
    return True


def cmd_targets(args: argparse.Namespace) -> int:
    from kg.tables import format_targets, target_rows

    build = _load(args.build)
    if _unknown_region("targets", "target", args.region, build.assessments):
        return EXIT_USAGE
    rows = target_rows(build, args.region)
    if not rows and args.format == "table":
        print("no target has a later report to judge it by (build reports of consecutive years of one government)")
        return EXIT_OK
    print(format_targets(rows, args.format, evidence=args.evidence))
    return EXIT_OK


def cmd_promises(args: argparse.Namespace) -> int:
    from kg.tables import PROMISE_COLUMNS, format_rows, promise_rows

    build = _load(args.build)
    if _unknown_region("promises", "promise", args.region, build.promises):
        return EXIT_USAGE
    rows = promise_rows(build, args.region, args.outcome)
    if not rows and args.format == "table":
        print("no promise to show (a promise needs a later report of its government in the build)")
        return EXIT_OK
    print(format_rows(rows, PROMISE_COLUMNS, args.format, ("sentence", "later_sentence") if args.evidence else ()))
    return EXIT_OK


def cmd_html(args: argparse.Namespace) -> int:
    from kg.export.html import FocusNotFound, write_html

    build = _load(args.build_dir or args.build)
    out = Path(args.out) if args.out else Path(args.build_dir or args.build) / "graph.html"
    if args.hops < 0:
        print(f"kg html: --hops takes 0 or more, not {args.hops}", file=sys.stderr)
        return EXIT_USAGE
    regions = sorted({r.meta.region for r in build.reports if r.meta.region})
    years = sorted({r.meta.year for r in build.reports if r.meta.year})
    if args.region is not None and args.region not in regions:
        print(f"kg html: no report of the build is of region {args.region!r}; its regions: "
              f"{', '.join(regions) or 'none'}", file=sys.stderr)
        return EXIT_USAGE
    if args.year is not None and args.year not in years:
        print(f"kg html: no report of the build is of year {args.year}; its years: "
              f"{', '.join(map(str, years)) or 'none'}", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_html(build, out, focus=args.focus, hops=args.hops, region=args.region, year=args.year)
    except FocusNotFound as exc:
        raise Fatal(str(exc)) from None
    except ValueError as exc:
        print(f"kg html: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        raise Fatal(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}")
    return EXIT_OK


def cmd_lexicon(args: argparse.Namespace) -> int:
    from kg.extract.context import LexiconEntry
    from kg.extract.lexicon import to_jieba_dict

    build = _load(args.build)
    pos = {"Enterprise": "nt", "Place": "ns"}
    entries = [LexiconEntry(name, e.type, len(e.mentions) or 1, pos.get(e.type, "nz"))
               for e in build.entities for name in [e.label, *e.aliases]]
    text = to_jieba_dict(entries)
    if args.out:
        target = Path(args.out)
        if target.is_dir():
            raise Fatal(f"{target} is a folder; --out takes a file name (e.g. {target / 'lexicon.txt'})")
        if not target.parent.is_dir():
            raise Fatal(f"cannot write {target}: folder {target.parent} does not exist")
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise Fatal(f"cannot write {target}: {exc.strerror or exc}") from None
        print(f"wrote {len(text.splitlines())} terms to {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query.sparql import QueryError, bind_values, load_query, query_output

    try:
        query = load_query(args.query)
        values: dict[str, list[str]] = {}
        for item in args.value:
            variable, sep, value = item.partition("=")
            if not sep or not variable:
                raise QueryError(f"--value {item!r} is not VARIABLE=VALUE.")
            values.setdefault(variable.lstrip("?"), []).append(value)
        for variable, vals in values.items():
            query = bind_values(query, variable, vals)
        text = query_output(Path(args.build), query, args.format, store=args.store)
    except QueryError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        raise Fatal(f"{exc.filename or args.build} is missing: run `kg build` first") from None
    sys.stdout.write(text)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.shacl_sparql import UnsupportedShapeError
    from kg.validate import validate_build

    build_dir = Path(args.build_dir or args.build)
    if not (build_dir / "graph.ttl").is_file():
        raise Fatal(f"{build_dir / 'graph.ttl'} is missing: run `kg build` first")
    try:
        conforms, report = validate_build(build_dir, progress=Console(args.quiet).progress, engine=args.engine)
    except UnsupportedShapeError as exc:
        raise Fatal(f"{exc}; `kg validate --engine pyshacl` checks it") from None
    print(report)
    return EXIT_OK if conforms else EXIT_FATAL


def cmd_push(args: argparse.Namespace) -> int:
    from kg.query.push import BuildNotFoundError, PushError, push

    if args.timeout <= 0:
        print(f"kg push: --timeout takes a number of seconds above 0, not {args.timeout:g}", file=sys.stderr)
        return EXIT_USAGE
    try:
        message = push(Path(args.build), args.endpoint, graph_iri=args.graph, timeout=args.timeout)
    except (PushError, BuildNotFoundError) as exc:
        raise Fatal(str(exc)) from None
    print(message)
    return EXIT_OK


EPILOG = """examples:
  kg build reports/ --out out/          read a folder of reports, write the graph and exports
  kg show NAME --build out/             one entity's card: senses, relations, evidence
  kg targets --build out/ --evidence    targets against results: met, missed, not comparable
  kg promises --build out/ --outcome kept   projects promised in one report, kept in the next
  kg html out/ --focus NAME --hops 2    an explorer page centred on one entity
  kg query kg/ontology/queries/enterprises-in-park.rq --value park_name=NAME --build out/
  kg query "SELECT ?l WHERE { ?e rdfs:label ?l } LIMIT 5" --format json --build out/
  kg validate out/                      check the graph against the SHACL shapes
  kg eval tests/gold --build out/       score a build against gold annotations

exit codes:
  0  done
  1  fatal problem (one sentence on stderr, no traceback), or validation/threshold failed
  2  usage error (bad argument, bad query, unknown region or year)
  3  the build finished but some files were skipped (listed, and in build.log.jsonl)
  130 interrupted (earlier outputs are unchanged)
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govreport-kg")
    except PackageNotFoundError:  # run from a checkout without installing
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Chinese government work reports.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"kg {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph and exports from report files or folders")
    b.add_argument("paths", nargs="*", help=f"report files or folders (default: {DEFAULT_CORPUS}/)")
    b.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT}/)")
    b.add_argument("--base-iri", help="namespace for minted IRIs (default: https://w3id.org/govreport-kg/)")
    b.add_argument("--quiet", action="store_true", help="print only problems")
    b.add_argument("--jobs", type=int, default=1,
                   help="processes for per-report work, 1 or more (default: 1); outputs are identical whatever the number")
    b.add_argument("--vocab", action="append", metavar="FILE",
                   help="a vocabulary overlay (TOML) that adds or removes words of the package vocabulary "
                        "(kg/genre/); repeat for several, applied in order")
    b.add_argument("--cache", help="cache folder for per-report work (default: .kg-cache beside the output folder)")
    b.add_argument("--no-cache", action="store_true", help="neither read nor write the cache: a clean build")
    b.set_defaults(func=cmd_build)

    def with_build(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--build", default=DEFAULT_OUT, help=f"build folder (default: {DEFAULT_OUT}/)")

    e = sub.add_parser("eval", help="score a build against gold annotations")
    e.add_argument("gold_dir", help="folder of gold JSON files (every *.json below it is read)")
    with_build(e)
    e.add_argument("--errors", action="store_true", help="list misses and false positives")
    e.add_argument("--summary", action="store_true",
                   help="totals only, no per-report row or error (how a sealed gold set is read)")
    e.add_argument("--min-f1", action="append", metavar="TYPE=X", help="exit 1 if strict F1 of TYPE is below X")
    e.set_defaults(func=cmd_eval)

    s = sub.add_parser("show", help="print one entity's card (any label or alias)")
    s.add_argument("name", help="label or alias (quotes, spaces and widths ignored)")
    with_build(s)
    s.add_argument("--max-evidence", type=int, default=8, help="evidence sentences to print")
    s.set_defaults(func=cmd_show)

    def table_command(name: str, helped: str, evidence: str, func) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=helped)
        c.add_argument("region", nargs="?", help="only this region (its name as in the table, or its code)")
        with_build(c)
        c.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="output format (default: table)")
        c.add_argument("--evidence", action="store_true", help=f"with the table: {evidence}")
        c.set_defaults(func=func)
        return c

    table_command("targets", "targets against results: met, missed, not comparable, unreported",
                  "the target's and the result's sentences", cmd_targets)
    pr = table_command("promises", "projects' promised stages and what the next report says: kept, silent …",
                       "the promise's and the next report's sentences", cmd_promises)
    pr.add_argument("--outcome", choices=("kept", "progressed", "carried_over", "mentioned", "dropped", "silent"),
                    help="only promises with this outcome")

    h = sub.add_parser("html", help="regenerate the HTML explorer from a build")
    h.add_argument("build_dir", nargs="?", help="build folder (same as --build)")
    with_build(h)
    h.add_argument("--out", help="HTML file (default: BUILD/graph.html)")
    h.add_argument("--focus", help="centre the view on this entity (label or alias)")
    h.add_argument("--hops", type=int, default=1, help="with --focus: how many relations away to show (default: 1)")
    h.add_argument("--region", help="only entities of reports of this region (as in reports.jsonl)")
    h.add_argument("--year", type=int, help="only entities of reports of this year")
    h.set_defaults(func=cmd_html)

    q = sub.add_parser("query", help="run a read-only SPARQL query (string or .rq file)")
    q.add_argument("query", help="SPARQL text, or the path of a .rq file")
    with_build(q)
    q.add_argument("--format", choices=("table", "csv", "json", "turtle"), default="table",
                   help="SELECT/ASK: table, csv, or json (SPARQL 1.1 JSON results); CONSTRUCT/DESCRIBE: "
                        "Turtle (table or turtle), JSON-LD (json) or csv rows (default: table)")
    q.add_argument("--value", action="append", default=[], metavar="VARIABLE=VALUE",
                   help="fill the query's VALUES ?VARIABLE { … } block (repeat for several values), "
                        "e.g. --value name=某某集团 for the shipped lookups")
    q.add_argument("--store", choices=("auto", "memory", "disk"), default="auto",
                   help="where the graph is held: parsed into memory on every call, or a persistent "
                        "on-disk store kept beside the build (auto: disk for a graph.ttl of 64 MB or more)")
    q.set_defaults(func=cmd_query)

    v = sub.add_parser("validate", help="check a build against the SHACL shapes")
    v.add_argument("build_dir", nargs="?", help="build folder (same as --build)")
    with_build(v)
    v.add_argument("--engine", choices=("sparql", "pyshacl"), default="sparql",
                   help="sparql: the shapes as SPARQL queries on pyoxigraph (default; seconds); "
                        "pyshacl: the reference engine (minutes and GBs from 100 reports up)")
    v.add_argument("--quiet", action="store_true", help="no progress bars, only the report")
    v.set_defaults(func=cmd_validate)

    u = sub.add_parser("push", help="upload a build to a SPARQL server (Graph Store Protocol)")
    u.add_argument("--endpoint", required=True, help="Graph Store endpoint URL")
    with_build(u)
    u.add_argument("--graph", help="named graph IRI to replace (default: the build's base IRI + 'graph')")
    u.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the server (default: 60)")
    u.set_defaults(func=cmd_push)

    x = sub.add_parser("lexicon", help="write the build's terms as a jieba user dictionary")
    with_build(x)
    x.add_argument("--out", help="file to write (default: standard output)")
    x.set_defaults(func=cmd_lexicon)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Fatal as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped reading (kg targets | head): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's final flush does not fail again
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
