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


def test_playlist_expands_to_its_local_entries_in_order(tmp_path: Path) -> None:
    album = tmp_path / "Album"
    album.mkdir()
    for name in ["1 one.flac", "2 two.flac"]:
        (album / name).write_bytes(b"x")
    playlist = tmp_path / "Lists" / "mix.m3u8"
    playlist.parent.mkdir()
    playlist.write_text(
        "#EXTM3U\n#EXTINF:3,A - B\n../Album/2 two.flac\nhttp://example.com/x.mp3\n"
        "../Album/missing.flac\n../Album/1 one.flac\n",
        "utf-8",
    )
    single = album / "1 one.flac"
    result = expand_paths([single, playlist])
    assert result.files == [single, album / "2 two.flac", album / "1 one.flac"]
    assert len(result.problems) == 2
    assert result.problems[0].startswith("mix.m3u8, line 4: 'http://example.com/x.mp3'")
    assert result.problems[1].startswith("mix.m3u8, line 5: '../Album/missing.flac'")


def test_playlists_inside_folders_are_not_expanded(tmp_path: Path) -> None:
    (tmp_path / "a.flac").write_bytes(b"x")
    (tmp_path / "all.m3u").write_text("a.flac\na.flac\n", "utf-8")
    assert expand_paths([tmp_path]).files == [tmp_path / "a.flac"]


def test_unreadable_playlist_is_a_problem_not_an_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pls"
    garbage.write_bytes(b"\x00\x01\x02binary")
    result = expand_paths([garbage])
    assert result.files == []
    assert result.problems == [f"{garbage}: is not a playlist (it contains binary data)"]


def test_disc_folders_are_named_one_way_for_tags_and_records() -> None:
    from app.library.paths import disc_folder_number
    from app.library.records import album_folder

    for name, disc in [("CD1", 1), ("Disc 2", 2), ("disk-03", 3), ("cd_10", 10)]:
        assert disc_folder_number(name) == disc
        assert album_folder(Path(f"/m/Album/{name}/01.flac")) == "/m/Album"
    for name in ("CDs", "Discovery", "CD 123", "Album CD1"):
        assert disc_folder_number(name) is None


def test_a_folder_keeps_only_real_files_of_those_named_like_songs(tmp_path: Path) -> None:
    import os

    (tmp_path / "song.flac").write_bytes(b"fLaC")
    os.mkfifo(tmp_path / "pipe.mp3")
    (tmp_path / "folder.ogg").mkdir()
    expansion = expand_paths([tmp_path])
    assert expansion.files == [tmp_path / "song.flac"]
