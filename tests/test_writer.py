"""Outputs are written as one set: a failed write leaves the previous build whole."""

from __future__ import annotations

import os

import pytest

from kg.export.writer import MANIFEST, OutputError, check_writable, write_files


def test_replaces_previous_build_whole(tmp_path):
    out = tmp_path / "out"
    write_files({"a.txt": b"1", MANIFEST: b"{}"}, out)
    write_files({"b.txt": b"2", MANIFEST: b"{}"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["b.txt", MANIFEST]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_refuses_folder_that_is_not_a_build(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not a govreport-kg build"):
        write_files({MANIFEST: b"{}"}, tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_output_path_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        check_writable(tmp_path / "f")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_parent(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="not writable"):
            check_writable(locked / "out")
    finally:
        locked.chmod(0o700)


def test_failed_write_keeps_previous_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_files({"a.txt": b"old", MANIFEST: b"{}"}, out)
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(src).find(".staging-") >= 0:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_files({"a.txt": b"new", MANIFEST: b"{}"}, out)
    monkeypatch.undo()
    assert (out / "a.txt").read_bytes() == b"old"


def test_recovers_from_a_build_killed_between_renames(tmp_path):
    out = tmp_path / "out"
    write_files({"a.txt": b"old", MANIFEST: b"{}"}, out)
    out.rename(tmp_path / ".out.previous-999")  # the moment between the two renames
    (tmp_path / ".out.staging-998").mkdir()
    write_files({"a.txt": b"new", MANIFEST: b"{}"}, out)
    assert (out / "a.txt").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
