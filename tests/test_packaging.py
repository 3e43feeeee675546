"""A non-editable install works end to end: the wheel carries the ontology, shapes and
example queries, the vocabulary and the explorer's assets, and its ``kg`` builds,
validates and queries a report from a folder outside the checkout.

The wheel is built without build isolation (offline: setuptools and wheel come with the
test extras) and installed into a fresh virtual environment that borrows this one's
dependencies (``--system-site-packages``, ``--no-deps``); the test checks that the ``kg``
the environment imports is the installed one, not the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "002_88621541501a8a2f.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("wheel", reason="the test extras install wheel (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("wheel")
    work = tmp_path_factory.mktemp("src")
    src = work / "src"
    shutil.copytree(ROOT, src, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis",
                                                  "output", ".kg-cache", "tests", "benchmarks", "docs"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                           "-w", str(out), "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    (path,) = out.glob("govreport_kg-*.whl")
    return path


def test_the_wheel_carries_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/ontology/shapes.ttl", "kg/ontology/govreport.ttl", "kg/ontology/README.md",
                   "kg/ontology/queries/enterprises-in-park.rq", "kg/genre/report.toml",
                   "kg/export/html_assets/app.js", "kg/export/html_assets/template.html"):
        assert needed in names, needed


def test_installed_kg_builds_validates_and_queries(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(wheel) as z:  # a wheel is installed by unpacking it (no network, no pip needed)
        z.extractall(site)
    (env_dir / "bin" / "kg").write_text(f"#!{python}\nimport sys\nfrom kg.cli import main\nsys.exit(main())\n")
    (env_dir / "bin" / "kg").chmod(0o755)
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / SAMPLE.name)

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(env_dir / "bin" / "kg"), *args], capture_output=True, text=True, cwd=tmp_path)

    where = subprocess.run([str(python), "-c", "import kg; print(kg.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path, check=True).stdout.strip()
    assert where.startswith(str(env_dir)), f"the environment imports {where}, not the installed wheel"
    built = kg("build", str(reports), "--out", "out", "--no-cache", "--quiet")
    assert built.returncode == 0, built.stderr
    valid = kg("validate", "--build", "out")
    assert valid.returncode == 0 and "Traceback" not in valid.stderr, valid.stdout[-1500:] + valid.stderr[-1500:]
    query = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--build", "out", "--format", "csv")
    assert query.returncode == 0 and int(query.stdout.splitlines()[1]) > 100, query.stderr
    version = kg("--version")
    assert version.returncode == 0 and version.stdout.startswith("kg ")
