import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_scan_and_search_json(music: Path, tmp_path: Path) -> None:
    (music / "broken.mp3").write_bytes(b"\x00" * 100)
    db = tmp_path / "lib.db"
    scanned = run("scan", str(music), "--db", str(db), "--json")
    assert scanned.returncode == 0, scanned.stderr
    report = json.loads(scanned.stdout)
    assert report["tracks"] == 40 and report["added"] == 40
    assert (report["updated"], report["removed"], report["errors"]) == (0, 0, 1)
    assert report["error_files"][0]["path"].endswith("broken.mp3")
    assert report["error_files"][0]["reason"]
    assert report["seconds"] >= 0
    again = json.loads(run("scan", str(music), "--db", str(db), "--json").stdout)
    assert (again["added"], again["tracks"], again["errors"]) == (0, 40, 1)

    some = next(music.rglob("*.flac"))
    found = run("search", some.stem.split(" ", 1)[1], "--db", str(db), "--json", "--limit", "5")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert 1 <= len(results) <= 5
    assert set(results[0]) == {"path", "title", "artist", "album", "track_number", "duration_s"}
    assert any(r["path"] == str(some) for r in results) or len(results) == 5


def test_scan_of_a_missing_folder_fails_and_human_output_reads_well(tmp_path: Path) -> None:
    missing = run("scan", str(tmp_path / "nowhere"), "--db", str(tmp_path / "lib.db"))
    assert missing.returncode != 0 and "not a folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run("scan", str(tmp_path / "empty"), "--db", str(tmp_path / "lib.db"))
    assert empty.returncode == 0 and "0 tracks in the library" in empty.stdout


def test_search_of_an_empty_library_prints_an_empty_list(tmp_path: Path) -> None:
    result = run("search", "anything", "--db", str(tmp_path / "lib.db"), "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_a_damaged_library_is_set_aside_and_the_user_told(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    db.write_bytes(b"not a database at all" * 50)
    result = run("search", "x", "--db", str(db), "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert "damaged" in result.stderr
    assert len(list(tmp_path.glob("lib.db.corrupt-*"))) == 1
