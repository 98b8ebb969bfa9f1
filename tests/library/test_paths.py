from pathlib import Path

from app.library.paths import expand_paths, natural_key


def test_natural_order() -> None:
    names = ["Track 10.flac", "track 2.flac", "Track 1.flac"]
    assert sorted(names, key=natural_key) == ["Track 1.flac", "track 2.flac", "Track 10.flac"]


def test_folders_expand_recursively_in_natural_order(tmp_path: Path) -> None:
    album = tmp_path / "Artist" / "Album"
    (album / "CD2").mkdir(parents=True)
    for name in ["10 ten.mp3", "2 two.flac", "1 one.ogg", "cover.jpg", ".hidden.flac"]:
        (album / name).write_bytes(b"x")
    (album / "CD2" / "1 more.flac").write_bytes(b"x")
    single = tmp_path / "single.wav"
    single.write_bytes(b"x")
    result = expand_paths([single, tmp_path / "Artist", tmp_path / "missing.mp3"])
    names = [p.relative_to(tmp_path).as_posix() for p in result.files]
    assert names == [
        "single.wav",
        "Artist/Album/1 one.ogg",
        "Artist/Album/2 two.flac",
        "Artist/Album/10 ten.mp3",
        "Artist/Album/CD2/1 more.flac",
    ]
    assert len(result.problems) == 1 and "missing.mp3" in result.problems[0]


def test_dangling_link_given_explicitly_is_kept_for_the_engine_to_report(tmp_path: Path) -> None:
    link = tmp_path / "gone.flac"
    link.symlink_to(tmp_path / "nowhere.flac")
    assert expand_paths([link]).files == [link]
