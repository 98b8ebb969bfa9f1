<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AmbientMode</name>
    <message>
        <source>Ambient sky</source>
        <translation>밤하늘 보기</translation>
    </message>
</context>
<context>
    <name>AmbientText</name>
    <message>
        <source>or</source>
        <translation>또는</translation>
    </message>
    <message>
        <source>to leave</source>
        <translation>키로 나가기</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>일시정지</translation>
    </message>
</context>
<context>
    <name>AmbientView</name>
    <message>
        <source>Ambient view of the record playing</source>
        <translation>재생 중인 음반의 밤하늘 화면</translation>
    </message>
</context>
<context>
    <name>AmplifierPanel</name>
    <message>
        <source>Amplifier: level meters and spectrum analyser</source>
        <translation>앰프: 레벨 미터와 스펙트럼 분석기</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Starlight Turntable</source>
        <translation>별빛 턴테이블</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Starlight Turntable: play music files, folders and playlists.</source>
        <translation>별빛 턴테이블: 음악 파일과 폴더, 재생목록을 재생해요.</translation>
    </message>
    <message>
        <source>A second start hands its files to the running player, which plays them at once. Library commands: starlight scan FOLDER..., starlight search WORDS.</source>
        <translation>이미 실행 중일 때 다시 시작하면, 건넨 파일을 실행 중인 플레이어가 받아 바로 재생해요. 보관함 명령: starlight scan 폴더..., starlight search 검색어.</translation>
    </message>
    <message>
        <source>files, folders, playlists (.m3u, .m3u8, .pls) or file:// URIs</source>
        <translation>파일, 폴더, 재생목록(.m3u, .m3u8, .pls) 또는 file:// URI</translation>
    </message>
    <message>
        <source>remote control</source>
        <translation>원격 조작</translation>
    </message>
    <message>
        <source>Steer the running player; only --enqueue starts one.</source>
        <translation>실행 중인 플레이어를 조작해요. 플레이어를 새로 시작하는 건 --enqueue뿐이에요.</translation>
    </message>
    <message>
        <source>add the files to the queue, not play them now</source>
        <translation>바로 재생하지 않고 대기열에 추가</translation>
    </message>
    <message>
        <source>pause, or play on</source>
        <translation>일시정지하거나 이어서 재생</translation>
    </message>
    <message>
        <source>go to the next track</source>
        <translation>다음 곡으로</translation>
    </message>
    <message>
        <source>go back a track, or to the start of this one</source>
        <translation>이전 곡으로, 또는 지금 곡의 처음으로</translation>
    </message>
    <message>
        <source>stop playing</source>
        <translation>재생 멈춤</translation>
    </message>
    <message>
        <source>apply ReplayGain from the tags (default: the saved setting, off at first)</source>
        <translation>태그의 리플레이게인 적용 (기본값: 저장된 설정, 처음에는 끔)</translation>
    </message>
    <message>
        <source>start volume, 0 to 1</source>
        <translation>시작 음량, 0~1</translation>
    </message>
    <message>
        <source>log more</source>
        <translation>로그를 더 자세히 남기기</translation>
    </message>
    <message>
        <source>--%1 takes no files</source>
        <translation>--%1에는 파일을 넘길 수 없어요</translation>
    </message>
    <message>
        <source>--enqueue needs files to add</source>
        <translation>--enqueue에는 추가할 파일이 필요해요</translation>
    </message>
    <message>
        <source>%1: a name cannot hold NUL</source>
        <translation>%1: 이름에 NUL 문자가 들어갈 수 없어요</translation>
    </message>
    <message>
        <source>%1: only local files can be played, not %2 addresses</source>
        <translation>%1: 이 컴퓨터에 있는 파일만 재생할 수 있어요 (%2 주소는 재생할 수 없어요)</translation>
    </message>
    <message>
        <source>%1: the file is on another computer (%2); only local files play</source>
        <translation>%1: 다른 컴퓨터(%2)에 있는 파일이에요. 이 컴퓨터에 있는 파일만 재생할 수 있어요</translation>
    </message>
    <message>
        <source>%1: not a local file&apos;s URI</source>
        <translation>%1: 이 컴퓨터에 있는 파일의 URI가 아니에요</translation>
    </message>
    <message>
        <source>--%1: Starlight Turntable is not running</source>
        <translation>--%1: 별빛 턴테이블이 실행 중이 아니에요</translation>
    </message>
    <message>
        <source>--volume and --replaygain apply when the player starts, not now</source>
        <translation>--volume과 --replaygain은 플레이어를 시작할 때만 적용돼요</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong — %1</source>
        <translation>문제가 생겼어요 — %1</translation>
    </message>
    <message>
        <source>Something went wrong in the turntable</source>
        <translation>턴테이블에 문제가 생겼어요</translation>
    </message>
    <message>
        <source>The shop keeps running, and so does the music. If it happens again, the details help to fix it.</source>
        <translation>가게는 그대로 문을 열고 있고, 음악도 계속 흘러나와요. 같은 일이 또 생기면 자세한 내용이 고치는 데 큰 도움이 돼요.</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>오류 메시지</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>자세히(&amp;D)</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>오류 상세 내용</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>상세 내용 복사(&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>로그 폴더 열기(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>복사했어요</translation>
    </message>
    <message>
        <source>The log folder could not be opened; it is %1</source>
        <translation>로그 폴더를 열 수 없었어요. 위치: %1</translation>
    </message>
    <message numerus="yes">
        <source>This happened %n time(s).</source>
        <translation>
            <numerusform>%n번 일어났어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other error(s) came up too; see the details.</source>
        <translation>
            <numerusform>다른 오류도 %n개 있었어요. 상세 내용을 확인해 주세요.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrateView</name>
    <message>
        <source>All artists  (%1)</source>
        <translation>모든 아티스트  (%1)</translation>
    </message>
    <message>
        <source>The crate: your library</source>
        <translation>음반함: 내 보관함</translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation>보관함 검색</translation>
    </message>
    <message>
        <source>Search records and tracks   Ctrl+F</source>
        <translation>음반과 곡 검색   Ctrl+F</translation>
    </message>
    <message>
        <source>Sort records by</source>
        <translation>음반 정렬 기준</translation>
    </message>
    <message>
        <source>Show records of genre</source>
        <translation>장르별 음반 보기</translation>
    </message>
    <message>
        <source>Show the artist list</source>
        <translation>아티스트 목록 보기</translation>
    </message>
    <message>
        <source>Artists</source>
        <translation>아티스트</translation>
    </message>
    <message>
        <source>Records shown</source>
        <translation>보이는 음반 수</translation>
    </message>
    <message>
        <source>Tracks found</source>
        <translation>찾은 곡</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>아티스트</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>앨범</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>길이</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>정렬</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>장르</translation>
    </message>
    <message>
        <source>All genres</source>
        <translation>모든 장르</translation>
    </message>
    <message>
        <source>No records match “%1”.</source>
        <translation>“%1”에 맞는 음반이 없어요.</translation>
    </message>
    <message>
        <source>No records here.</source>
        <translation>여기에는 음반이 없어요.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>음반 %n장</numerusform>
        </translation>
    </message>
    <message>
        <source>Tracks  ·  %1</source>
        <translation>곡  ·  %1</translation>
    </message>
</context>
<context>
    <name>CueLever</name>
    <message>
        <source>Cue lever</source>
        <translation>큐 레버</translation>
    </message>
    <message>
        <source>Cue lever: raise or lower the arm</source>
        <translation>큐 레버: 톤암을 들거나 내려요</translation>
    </message>
    <message>
        <source>up: arm lifted</source>
        <translation>올림: 톤암이 들려 있어요</translation>
    </message>
    <message>
        <source>down: arm lowered</source>
        <translation>내림: 톤암이 내려가 있어요</translation>
    </message>
</context>
<context>
    <name>DeckControls</name>
    <message>
        <source>Flip the record to its next side</source>
        <translation>음반을 뒤집어 다음 면으로</translation>
    </message>
    <message>
        <source>Start or stop the platter</source>
        <translation>플래터 돌리기 / 멈추기</translation>
    </message>
    <message>
        <source>%1 rpm</source>
        <translation>%1회전</translation>
    </message>
    <message>
        <source>Pitch range: 8 or 16 percent</source>
        <translation>피치 범위: 8% 또는 16%</translation>
    </message>
    <message>
        <source>Reset the pitch to zero</source>
        <translation>피치를 0으로 되돌리기</translation>
    </message>
</context>
<context>
    <name>DeckView</name>
    <message>
        <source>Turntable</source>
        <translation>턴테이블</translation>
    </message>
</context>
<context>
    <name>DropReader</name>
    <message>
        <source>%1: not a sound file or playlist</source>
        <translation>%1: 음악 파일이나 재생목록이 아니에요</translation>
    </message>
    <message>
        <source>the dropped items could not be read (%1)</source>
        <translation>끌어다 놓은 항목을 읽을 수 없었어요 (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) could not be added: %1</source>
        <translation>
            <numerusform>항목 %n개를 추가하지 못했어요: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; and %n more</source>
        <translation>
            <numerusform>; 그 밖에 %n개 더</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyCrate</name>
    <message>
        <source>The crate is empty</source>
        <translation>음반함이 비어 있어요</translation>
    </message>
    <message>
        <source>Your records will stand here once the shop knows where your music lives. The demo record is on the deck meanwhile.</source>
        <translation>음악이 어디에 있는지 알려 주시면 여기에 음반이 가지런히 꽂혀요. 그동안 턴테이블에는 데모 음반을 올려 두었어요.</translation>
    </message>
    <message>
        <source>Choose music folder…</source>
        <translation>음악 폴더 고르기…</translation>
    </message>
    <message>
        <source>Choose the music folder</source>
        <translation>음악 폴더 고르기</translation>
    </message>
</context>
<context>
    <name>KeyOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Keys at the bench</source>
        <translation>작업대의 단축키</translation>
    </message>
    <message>
        <source>Press ? or Esc to close</source>
        <translation>? 또는 Esc를 누르면 닫혀요</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>The library could not be opened, so the crate is not shown: %1</source>
        <translation>보관함을 열 수 없어서 음반 상자를 보여 드릴 수 없어요: %1</translation>
    </message>
</context>
<context>
    <name>LibraryService</name>
    <message>
        <source>the library scan failed (%1)</source>
        <translation>보관함을 스캔하지 못했어요 (%1)</translation>
    </message>
    <message>
        <source>The library file was damaged. It was set aside as %1 and is being rebuilt.</source>
        <translation>보관함 파일이 손상되었어요. %1(으)로 따로 옮겨 두고 새로 만들고 있어요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Turntable</source>
        <translation>턴테이블</translation>
    </message>
    <message>
        <source>Crate</source>
        <translation>음반함</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>Amplifier</source>
        <translation>앰프</translation>
    </message>
    <message numerus="yes">
        <source>Added %n track(s) to the queue</source>
        <translation>
            <numerusform>대기열에 %n곡을 추가했어요</numerusform>
        </translation>
    </message>
    <message>
        <source>No audio output</source>
        <translation>소리를 내보낼 출력 장치가 없어요</translation>
    </message>
    <message>
        <source>No audio output: %1</source>
        <translation>소리를 내보낼 출력 장치가 없어요: %1</translation>
    </message>
    <message>
        <source>The sound is back, on %1</source>
        <translation>소리가 돌아왔어요: %1</translation>
    </message>
    <message>
        <source>The sound moved to %1</source>
        <translation>소리가 %1(으)로 옮겨 갔어요</translation>
    </message>
</context>
<context>
    <name>Mpris</name>
    <message>
        <source>Starlight Turntable</source>
        <extracomment>What the decoder plays, by the MIME types desktops use for these files.</extracomment>
        <translation>별빛 턴테이블</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>Notices</source>
        <translation>알림</translation>
    </message>
</context>
<context>
    <name>NowPlaying</name>
    <message>
        <source>Nothing on the platter</source>
        <translation>플래터가 비어 있어요</translation>
    </message>
    <message>
        <source>Side %1</source>
        <translation>%1면</translation>
    </message>
    <message>
        <source>Track %1 of %2</source>
        <translation>%2곡 중 %1번째</translation>
    </message>
    <message>
        <source>Track %1</source>
        <translation>%1번째 곡</translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation>지금 재생 중</translation>
    </message>
</context>
<context>
    <name>PitchFader</name>
    <message>
        <source>Pitch</source>
        <translation>피치</translation>
    </message>
    <message>
        <source>Pitch: drag, or use the arrow keys; double-click to reset</source>
        <translation>피치: 끌거나 화살표 키로 조절하고, 두 번 클릭하면 처음으로 돌아가요</translation>
    </message>
</context>
<context>
    <name>PlayMenu</name>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Play next</source>
        <translation>다음에 재생</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>대기열에 추가</translation>
    </message>
    <message>
        <source>Play side %1</source>
        <translation>%1면 재생</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Show tracks</source>
        <translation>수록곡 보기</translation>
    </message>
</context>
<context>
    <name>PlayerSession</name>
    <message>
        <source>The saved place in the queue could not be read. It was set aside as %1; the queue resumes from an earlier place.</source>
        <translation>대기열에 저장된 재생 위치를 읽을 수 없었어요. %1(으)로 옮겨 두었고, 대기열은 조금 앞선 위치부터 이어서 재생해요.</translation>
    </message>
    <message>
        <source>The saved session could not be read. It was set aside as %1, and the queue starts empty.</source>
        <translation>저장된 세션을 읽을 수 없었어요. %1(으)로 옮겨 두었고, 대기열은 비어 있는 상태로 시작해요.</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 외 %n곡</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out of the queue, not found: %n track(s) from the last session (%1)</source>
        <translation>
            <numerusform>지난번 대기열에서 찾을 수 없는 %n곡을 뺐어요 (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>The session could not be saved (%1).</source>
        <translation>세션을 저장할 수 없었어요 (%1).</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>is a folder, not an audio file</source>
        <extracomment>Every reason the Qt-free layers write, as they write it; ``%1``.. mark the variable parts.</extracomment>
        <translation>오디오 파일이 아니라 폴더예요</translation>
    </message>
    <message>
        <source>is a broken link</source>
        <translation>끊어진 링크예요</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>파일이 없어요</translation>
    </message>
    <message>
        <source>is empty (0 bytes)</source>
        <translation>빈 파일이에요 (0바이트)</translation>
    </message>
    <message>
        <source>cannot be read (permission denied)</source>
        <translation>읽을 권한이 없어요</translation>
    </message>
    <message>
        <source>ffmpeg could not be started (%1)</source>
        <translation>ffmpeg를 시작할 수 없었어요 (%1)</translation>
    </message>
    <message>
        <source>unexpected decoder output (format %1, %2 bit)</source>
        <translation>디코더가 뜻밖의 형식으로 내보냈어요 (형식 %1, %2비트)</translation>
    </message>
    <message>
        <source>cannot be decoded: %1</source>
        <translation>디코딩할 수 없어요: %1</translation>
    </message>
    <message>
        <source>is not a readable audio file</source>
        <translation>읽을 수 있는 오디오 파일이 아니에요</translation>
    </message>
    <message>
        <source>ended before any audio</source>
        <translation>소리가 나오기 전에 끝나 버렸어요</translation>
    </message>
    <message>
        <source>has no audio format</source>
        <translation>오디오 형식 정보가 없어요</translation>
    </message>
    <message>
        <source>cannot be played (%1)</source>
        <translation>재생할 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>contains no audio</source>
        <translation>소리가 들어 있지 않아요</translation>
    </message>
    <message>
        <source>could not be opened (no such file)</source>
        <translation>열 수 없었어요 (파일이 없어요)</translation>
    </message>
    <message>
        <source>could not be decoded for the groove map (%1)</source>
        <translation>소리골 지도를 그리려고 디코딩하다 실패했어요 (%1)</translation>
    </message>
    <message>
        <source>could not be decoded for the groove map</source>
        <translation>소리골 지도를 그리려고 디코딩하다 실패했어요</translation>
    </message>
    <message>
        <source>stopped answering (the decoder gave nothing for %1 s)</source>
        <translation>응답이 멈췄어요 (디코더가 %1초 동안 아무것도 내보내지 않았어요)</translation>
    </message>
    <message>
        <source>stopped: the decoder was killed (signal %1)</source>
        <translation>멈췄어요: 디코더가 강제로 종료되었어요 (시그널 %1)</translation>
    </message>
    <message>
        <source>tags could not be read (%1)</source>
        <translation>태그를 읽을 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>is not a known audio format</source>
        <translation>알 수 없는 오디오 형식이에요</translation>
    </message>
    <message>
        <source>has no audio after its headers</source>
        <translation>헤더 뒤에 오디오가 없어요</translation>
    </message>
    <message>
        <source>is not a readable %1 file (it ends too early)</source>
        <translation>읽을 수 있는 %1 파일이 아니에요 (너무 일찍 끝나요)</translation>
    </message>
    <message>
        <source>is not a readable %1 file (it claims impossible sizes)</source>
        <translation>읽을 수 있는 %1 파일이 아니에요 (있을 수 없는 크기를 적고 있어요)</translation>
    </message>
    <message>
        <source>is not a readable %1 file (no audio frames found)</source>
        <translation>읽을 수 있는 %1 파일이 아니에요 (오디오 프레임을 찾지 못했어요)</translation>
    </message>
    <message>
        <source>is not a readable %1 file (%2)</source>
        <translation>읽을 수 있는 %1 파일이 아니에요 (%2)</translation>
    </message>
    <message>
        <source>is not a readable %1 file</source>
        <translation>읽을 수 있는 %1 파일이 아니에요</translation>
    </message>
    <message>
        <source>is a link that loops back on itself</source>
        <translation>자기 자신으로 되돌아오는 링크예요</translation>
    </message>
    <message>
        <source>is a link to nothing</source>
        <translation>가리키는 대상이 없는 링크예요</translation>
    </message>
    <message>
        <source>folder cannot be read (%1)</source>
        <translation>폴더를 읽을 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>no audio files in this folder</source>
        <translation>이 폴더에는 오디오 파일이 없어요</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>그런 파일이나 폴더가 없어요</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>일반 파일이 아니에요</translation>
    </message>
    <message>
        <source>is larger than %1 MB</source>
        <translation>%1MB보다 커요</translation>
    </message>
    <message>
        <source>is not a playlist (it contains binary data)</source>
        <translation>재생목록이 아니에요 (바이너리 데이터가 들어 있어요)</translation>
    </message>
    <message>
        <source>is not a PLS playlist (no [playlist] section)</source>
        <translation>PLS 재생목록이 아니에요 ([playlist] 섹션이 없어요)</translation>
    </message>
    <message>
        <source>is not a playlist (.m3u, .m3u8 or .pls)</source>
        <translation>재생목록(.m3u, .m3u8, .pls)이 아니에요</translation>
    </message>
    <message>
        <source>a playlist is written only to a .m3u8 or .m3u file</source>
        <translation>재생목록은 .m3u8이나 .m3u 파일로만 저장할 수 있어요</translation>
    </message>
    <message>
        <source>cannot be written (%1)</source>
        <translation>저장할 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>only the first %1 entries were read</source>
        <translation>처음 %1개 항목만 읽었어요</translation>
    </message>
    <message>
        <source>%1 is a network path; only local files are played; skipped</source>
        <translation>%1은(는) 네트워크 경로예요. 이 컴퓨터에 있는 파일만 재생하기에 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 carries a URL scheme or stream protocol; only local files are played; skipped</source>
        <translation>%1은(는) URL이나 스트림 주소예요. 이 컴퓨터에 있는 파일만 재생하기에 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 is a playlist; nested playlists are not followed</source>
        <translation>%1은(는) 재생목록이에요. 재생목록 안의 재생목록은 열지 않아요</translation>
    </message>
    <message>
        <source>%1 is not a local file URI; only local files are played; skipped</source>
        <translation>%1은(는) 이 컴퓨터에 있는 파일의 URI가 아니에요. 이 컴퓨터에 있는 파일만 재생하기에 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 was not found; skipped</source>
        <translation>%1을(를) 찾을 수 없어서 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file; skipped</source>
        <translation>%1은(는) 파일이 아니라 폴더라서 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 is not a regular file; skipped</source>
        <translation>%1은(는) 일반 파일이 아니라서 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 is a playlist; skipped</source>
        <translation>%1은(는) 재생목록이라서 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 cannot be spelled in M3U; skipped</source>
        <translation>%1은(는) M3U에 적을 수 없는 이름이라서 건너뛰었어요</translation>
    </message>
    <message>
        <source>longer than %1 bytes; skipped</source>
        <translation>%1바이트보다 길어서 건너뛰었어요</translation>
    </message>
    <message>
        <source>reading stopped after %1 entry lines</source>
        <translation>항목 %1줄까지만 읽었어요</translation>
    </message>
    <message>
        <source>more than %1 entries; the rest are skipped</source>
        <translation>항목이 %1개를 넘어서 나머지는 건너뛰었어요</translation>
    </message>
    <message>
        <source>%1 more problems were not listed</source>
        <translation>나머지 문제 %1건은 적지 않았어요</translation>
    </message>
    <message>
        <source>the playlist has no entries</source>
        <translation>재생목록이 비어 있어요</translation>
    </message>
    <message>
        <source>the library is locked (%1)</source>
        <translation>보관함이 잠겨 있어요 (%1)</translation>
    </message>
    <message>
        <source>made by a newer Starlight (schema %1, this one knows %2)</source>
        <translation>더 새로운 별빛 턴테이블이 만든 파일이에요 (스키마 %1, 이 버전은 %2까지 읽어요)</translation>
    </message>
    <message>
        <source>the library could not be saved because the disk is full</source>
        <translation>디스크가 가득 차서 보관함을 저장할 수 없었어요</translation>
    </message>
    <message>
        <source>the library could not be saved because this process may not write files larger than %1 MB (ulimit -f)</source>
        <translation>이 프로세스는 %1MB보다 큰 파일을 쓸 수 없어서 보관함을 저장할 수 없었어요 (ulimit -f)</translation>
    </message>
    <message>
        <source>the library could not be saved because it is read-only (%1)</source>
        <translation>읽기 전용이라서 보관함을 저장할 수 없었어요 (%1)</translation>
    </message>
    <message>
        <source>the library could not be saved (%1)</source>
        <translation>보관함을 저장할 수 없었어요 (%1)</translation>
    </message>
    <message>
        <source>the library file is damaged and could not be set aside (%1)</source>
        <translation>보관함 파일이 손상되었는데 옮겨 둘 수도 없었어요 (%1)</translation>
    </message>
    <message>
        <source>the library could not be opened because the disk is full</source>
        <translation>디스크가 가득 차서 보관함을 열 수 없었어요</translation>
    </message>
    <message>
        <source>the library could not be opened (%1)</source>
        <translation>보관함을 열 수 없었어요 (%1)</translation>
    </message>
    <message>
        <source>cannot be opened (%1)</source>
        <translation>열 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>could not be read (%1)</source>
        <translation>읽을 수 없었어요 (%1)</translation>
    </message>
    <message>
        <source>cannot be read (%1)</source>
        <translation>읽을 수 없어요 (%1)</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, %2번째 줄</translation>
    </message>
</context>
<context>
    <name>QtAudioOutput</name>
    <message>
        <source>the sound device stopped answering; trying it again</source>
        <translation>사운드 장치가 응답하지 않아요. 다시 시도하고 있어요</translation>
    </message>
    <message>
        <source>the sound stopped after an internal error (see the log); pause and play to go on</source>
        <translation>내부 오류로 소리가 멈췄어요 (로그 참고). 일시정지했다가 다시 재생하면 이어서 들을 수 있어요</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>by %1</source>
        <translation>아티스트 %1</translation>
    </message>
    <message>
        <source>Now playing: %1</source>
        <translation>지금 재생 중: %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Shuffle</source>
        <translation>셔플</translation>
    </message>
    <message>
        <source>Shuffle records</source>
        <translation>음반 셔플</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>반복</translation>
    </message>
    <message>
        <source>Repeat one</source>
        <translation>한 곡 반복</translation>
    </message>
    <message>
        <source>Repeat all</source>
        <translation>전체 반복</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>비어 있음</translation>
    </message>
    <message numerus="yes">
        <source>%n track(s) · %1</source>
        <translation>
            <numerusform>%n곡 · %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Next up</source>
        <translation>이어서 재생</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>빼기</translation>
    </message>
    <message>
        <source>Remove the selected tracks</source>
        <translation>고른 곡을 대기열에서 빼기</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>비우기</translation>
    </message>
    <message>
        <source>Empty the queue</source>
        <translation>대기열 비우기</translation>
    </message>
    <message>
        <source>Save as playlist…</source>
        <translation>재생목록으로 저장…</translation>
    </message>
    <message>
        <source>Save the queue as an M3U8 playlist</source>
        <translation>대기열을 M3U8 재생목록으로 저장</translation>
    </message>
    <message>
        <source>The playlist was not saved: %1</source>
        <translation>재생목록을 저장하지 못했어요: %1</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n track(s) to %1.</source>
        <translation>
            <numerusform>%1에 %n곡을 저장했어요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>빠진 곡: %1</translation>
    </message>
    <message>
        <source>Save the queue as a playlist</source>
        <translation>대기열을 재생목록으로 저장</translation>
    </message>
    <message>
        <source>M3U8 playlists (*.m3u8)</source>
        <translation>M3U8 재생목록 (*.m3u8)</translation>
    </message>
    <message>
        <source>Queue.m3u8</source>
        <comment>the name offered for a saved queue</comment>
        <translation>대기열.m3u8</translation>
    </message>
    <message>
        <source>Shuffle off</source>
        <translation>셔플 꺼짐</translation>
    </message>
    <message>
        <source>Repeat off</source>
        <translation>반복 꺼짐</translation>
    </message>
    <message>
        <source>%1 on</source>
        <translation>%1 켜짐</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>The queue is empty.
Drop records or files here.</source>
        <translation>대기열이 비어 있어요.
음반이나 파일을 여기에 끌어다 놓으세요.</translation>
    </message>
</context>
<context>
    <name>RecordLabel</name>
    <message>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
    <message>
        <source>Unknown artist</source>
        <translation>알 수 없는 아티스트</translation>
    </message>
</context>
<context>
    <name>RecordListModel</name>
    <message>
        <source>Artist</source>
        <extracomment>The sort choices the crate offers, in menu order; translated where they are shown.</extracomment>
        <translation>아티스트</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>앨범</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>연도</translation>
    </message>
    <message>
        <source>Recently added</source>
        <translation>최근 추가</translation>
    </message>
    <message>
        <source>Most played</source>
        <translation>많이 들은 순</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%2 - %1</translation>
    </message>
    <message numerus="yes">
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n곡</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message>
        <source>Back to the crate</source>
        <translation>음반함으로 돌아가기</translation>
    </message>
    <message>
        <source>Back to the crate (Esc)</source>
        <translation>음반함으로 돌아가기 (Esc)</translation>
    </message>
    <message>
        <source>Play record</source>
        <translation>음반 재생</translation>
    </message>
    <message>
        <source>Play this record from the start</source>
        <translation>이 음반을 처음부터 재생</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>길이</translation>
    </message>
    <message>
        <source>Tracks of the record</source>
        <translation>음반 수록곡</translation>
    </message>
    <message>
        <source>Play %1 from the start</source>
        <translation>%1 처음부터 재생</translation>
    </message>
    <message>
        <source>Side %1  ·  %2</source>
        <translation>%1면  ·  %2</translation>
    </message>
    <message numerus="yes">
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n곡</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>7-inch single, %n side(s)</source>
        <translation>
            <numerusform>7인치 싱글, %n면</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>LP, %n side(s)</source>
        <translation>
            <numerusform>LP, %n면</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanBar</name>
    <message numerus="yes">
        <source>%n file(s) found</source>
        <translation>
            <numerusform>파일 %n개 찾음</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking for music · %1</source>
        <translation>음악을 찾는 중 · %1</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <translation>%2개 중 %1개 읽음</translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n개 추가</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n개 갱신</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%n개 제거</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable</source>
        <translation>
            <numerusform>%n개 읽을 수 없음</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan cancelled</source>
        <translation>스캔을 멈췄어요</translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation>보관함이 최신 상태예요</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) checked</source>
        <translation>
            <numerusform>파일 %n개 확인</numerusform>
        </translation>
    </message>
    <message>
        <source>Library scan</source>
        <translation>보관함 스캔</translation>
    </message>
    <message>
        <source>Scan progress</source>
        <translation>스캔 진행률</translation>
    </message>
    <message>
        <source>Scan status</source>
        <translation>스캔 상태</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancel the scan</source>
        <translation>스캔 취소</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>스캔하지 못했어요: %1</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The settings could not be saved; the disk may be full (%1).</source>
        <translation>설정을 저장할 수 없었어요. 디스크가 가득 찼을 수 있어요 (%1).</translation>
    </message>
</context>
<context>
    <name>SettingsChoices</name>
    <message>
        <source>&amp;ReplayGain</source>
        <translation>리플레이게인(&amp;R)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끄기</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>곡 기준</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>앨범 기준</translation>
    </message>
    <message>
        <source>&amp;Motor</source>
        <translation>모터(&amp;M)</translation>
    </message>
    <message>
        <source>Instant</source>
        <translation>바로 돌기</translation>
    </message>
    <message>
        <source>Authentic spin-up</source>
        <translation>진짜처럼 서서히</translation>
    </message>
    <message>
        <source>&amp;End of side</source>
        <translation>면이 끝나면(&amp;E)</translation>
    </message>
    <message>
        <source>Flip to the next side</source>
        <translation>다음 면으로 뒤집기</translation>
    </message>
    <message>
        <source>Ride the run-out groove</source>
        <translation>런아웃 그루브에서 계속 돌기</translation>
    </message>
    <message>
        <source>&amp;Strobe mains</source>
        <translation>스트로브 전원(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pitch fader</source>
        <translation>피치 페이더(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>Night shop</source>
        <translation>밤의 가게</translation>
    </message>
    <message>
        <source>Day shop</source>
        <translation>낮의 가게</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>언어(&amp;G)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>&amp;Vinyl character</source>
        <translation>바이닐 질감(&amp;V)</translation>
    </message>
    <message>
        <source>Off (bit-exact)</source>
        <translation>끄기 (원음 그대로)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>켜기</translation>
    </message>
    <message>
        <source>&amp;Bands</source>
        <translation>대역(&amp;B)</translation>
    </message>
    <message>
        <source>1/3 octave</source>
        <translation>1/3 옥타브</translation>
    </message>
    <message>
        <source>&amp;Display</source>
        <translation>표시 방식(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Weighting</source>
        <translation>가중치(&amp;W)</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>평탄</translation>
    </message>
    <message>
        <source>A-weighted</source>
        <translation>A 가중</translation>
    </message>
    <message>
        <source>&amp;Level meters</source>
        <translation>레벨 미터(&amp;L)</translation>
    </message>
    <message>
        <source>Ampl&amp;ifier</source>
        <translation>앰프(&amp;I)</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>보이기</translation>
    </message>
    <message>
        <source>Put away</source>
        <translation>치워 두기</translation>
    </message>
    <message>
        <source>Sk&amp;y</source>
        <translation>밤하늘(&amp;Y)</translation>
    </message>
    <message>
        <source>Stars follow the music</source>
        <translation>음악 따라 반짝이는 별</translation>
    </message>
    <message>
        <source>Stars stay calm</source>
        <translation>잔잔한 별</translation>
    </message>
    <message>
        <source>Closing t&amp;he window</source>
        <translation>창을 닫으면(&amp;H)</translation>
    </message>
    <message>
        <source>Quits</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Keeps playing in the tray</source>
        <translation>트레이에서 계속 재생</translation>
    </message>
    <message>
        <source>Noti&amp;fications</source>
        <translation>알림(&amp;F)</translation>
    </message>
    <message>
        <source>When a track starts</source>
        <translation>곡이 시작될 때</translation>
    </message>
    <message>
        <source>Amo&amp;unt</source>
        <translation>세기(&amp;U)</translation>
    </message>
    <message>
        <source>Vinyl character amount</source>
        <translation>바이닐 질감 세기</translation>
    </message>
    <message>
        <source>Record &amp;age</source>
        <translation>음반 연식(&amp;A)</translation>
    </message>
    <message>
        <source>Record age: how worn the record sounds</source>
        <translation>음반 연식: 음반이 얼마나 닳은 소리를 낼지</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings — %1</source>
        <translation>설정 — %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Close settings</source>
        <translation>설정 닫기</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>보관함</translation>
    </message>
    <message>
        <source>Music folders</source>
        <translation>음악 폴더</translation>
    </message>
    <message>
        <source>&amp;Add folder…</source>
        <translation>폴더 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a music folder</source>
        <translation>음악 폴더 추가</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>빼기(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the selected folders</source>
        <translation>고른 폴더 빼기</translation>
    </message>
    <message>
        <source>Rescan &amp;now</source>
        <translation>지금 다시 스캔(&amp;N)</translation>
    </message>
    <message>
        <source>Rescan the music folders now</source>
        <translation>음악 폴더를 지금 다시 스캔</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>출력 장치</translation>
    </message>
    <message>
        <source>&amp;Output</source>
        <translation>출력(&amp;O)</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>소리</translation>
    </message>
    <message>
        <source>Deck</source>
        <translation>턴테이블</translation>
    </message>
    <message>
        <source>Vinyl</source>
        <translation>바이닐</translation>
    </message>
    <message>
        <source>Amplifier and sky</source>
        <translation>앰프와 밤하늘</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>데스크톱</translation>
    </message>
    <message>
        <source>This desktop shows no tray: closing the window quits.</source>
        <translation>이 데스크톱에는 트레이가 없어서 창을 닫으면 종료돼요.</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>화면</translation>
    </message>
    <message>
        <source>The language changes when the app next starts.</source>
        <translation>언어는 앱을 다시 시작하면 바뀌어요.</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (연결 안 됨)</translation>
    </message>
    <message>
        <source>%1 is already in the library.</source>
        <translation>%1은(는) 이미 보관함에 있어요.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Play / pause</source>
        <translation>재생 / 일시정지</translation>
    </message>
    <message>
        <source>Back 5 s</source>
        <translation>5초 뒤로</translation>
    </message>
    <message>
        <source>Forward 5 s</source>
        <translation>5초 앞으로</translation>
    </message>
    <message>
        <source>Back 30 s</source>
        <translation>30초 뒤로</translation>
    </message>
    <message>
        <source>Forward 30 s</source>
        <translation>30초 앞으로</translation>
    </message>
    <message>
        <source>Volume up</source>
        <translation>음량 올리기</translation>
    </message>
    <message>
        <source>Volume down</source>
        <translation>음량 내리기</translation>
    </message>
    <message>
        <source>Next track</source>
        <translation>다음 곡</translation>
    </message>
    <message>
        <source>Previous track</source>
        <translation>이전 곡</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>음소거</translation>
    </message>
    <message>
        <source>Shuffle: off, tracks, records</source>
        <translation>셔플: 끔, 곡 단위, 음반 단위</translation>
    </message>
    <message>
        <source>Repeat: off, all, one</source>
        <translation>반복: 끔, 전체, 한 곡</translation>
    </message>
    <message>
        <source>Pitch down 0.5 %</source>
        <translation>피치 0.5% 내리기</translation>
    </message>
    <message>
        <source>Pitch up 0.5 %</source>
        <translation>피치 0.5% 올리기</translation>
    </message>
    <message>
        <source>33⅓ rpm</source>
        <translation>33⅓회전</translation>
    </message>
    <message>
        <source>45 rpm</source>
        <translation>45회전</translation>
    </message>
    <message>
        <source>78 rpm</source>
        <translation>78회전</translation>
    </message>
    <message>
        <source>Lift or lower the arm</source>
        <translation>톤암 들기 / 내리기</translation>
    </message>
    <message>
        <source>Ambient sky, full screen (F or Esc leaves)</source>
        <translation>전체 화면 밤하늘 (F나 Esc로 나가기)</translation>
    </message>
    <message>
        <source>Leave full screen or the search</source>
        <translation>전체 화면이나 검색에서 나가기</translation>
    </message>
    <message>
        <source>Open files or a folder</source>
        <translation>파일이나 폴더 열기</translation>
    </message>
    <message>
        <source>Search the crate</source>
        <translation>음반함 검색</translation>
    </message>
    <message>
        <source>Rescan the library</source>
        <translation>보관함 다시 스캔</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>This list of keys</source>
        <translation>이 단축키 목록</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>this Starlight Turntable and the running one are different versions; quit the running one first</source>
        <translation>지금 시작한 별빛 턴테이블과 이미 실행 중인 것의 버전이 달라요. 실행 중인 것을 먼저 종료해 주세요</translation>
    </message>
    <message>
        <source>the running Starlight Turntable cannot be reached</source>
        <translation>실행 중인 별빛 턴테이블에 연결할 수 없어요</translation>
    </message>
    <message>
        <source>the running Starlight Turntable did not answer</source>
        <translation>실행 중인 별빛 턴테이블이 대답하지 않아요</translation>
    </message>
    <message>
        <source>the running Starlight Turntable answered oddly</source>
        <translation>실행 중인 별빛 턴테이블이 알 수 없는 응답을 보냈어요</translation>
    </message>
    <message>
        <source>another Starlight Turntable is still starting</source>
        <translation>다른 별빛 턴테이블이 아직 시작하는 중이에요</translation>
    </message>
    <message>
        <source>the request is too long</source>
        <translation>요청이 너무 길어요</translation>
    </message>
</context>
<context>
    <name>SleeveGrid</name>
    <message>
        <source>Records in the crate</source>
        <translation>음반함의 음반</translation>
    </message>
</context>
<context>
    <name>SpectrumView</name>
    <message>
        <source>Spectrum analyser</source>
        <translation>스펙트럼 분석기</translation>
    </message>
    <message>
        <source>%1 spectrum display; click to switch to %2</source>
        <translation>%1 스펙트럼 표시. 클릭하면 %2(으)로 바뀌어요</translation>
    </message>
    <message>
        <source>Spectrum analyser, %1: click for %2</source>
        <translation>스펙트럼 분석기, %1: 클릭하면 %2</translation>
    </message>
</context>
<context>
    <name>ThumbnailCache</name>
    <message>
        <source>The cover cache was damaged. It was set aside as %1 and is made again.</source>
        <extracomment>Device-pixel sizes the crate asks for: 96 for a crate tile at 1x, 192 for the same tile on a 2x (high-DPI) screen or the now-playing sleeve at 1x, 384 for that sleeve at 2x. Ceiling for any one ``QImageReader`` allocation, in MB (process-wide; Qt&apos;s own default). Returns the encoded cover, ``None`` for &quot;no cover&quot;, or raises ``MediaError``.</extracomment>
        <translation>표지 캐시가 손상되었어요. %1(으)로 옮겨 두고 다시 만들고 있어요.</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Previous track</source>
        <translation>이전 곡</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Next track</source>
        <translation>다음 곡</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>음소거</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>음량</translation>
    </message>
    <message>
        <source>Up / Down</source>
        <translation>↑ / ↓</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a control&apos;s name and its keys</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Pause</source>
        <translation>일시정지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>재생(&amp;P)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (일시정지)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음 곡(&amp;N)</translation>
    </message>
    <message>
        <source>P&amp;revious</source>
        <translation>이전 곡(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Hide window</source>
        <translation>창 숨기기(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Show window</source>
        <translation>창 보이기(&amp;S)</translation>
    </message>
    <message>
        <source>Still playing here in the tray. Choose Quit from this menu to stop.</source>
        <translation>트레이에서 계속 재생하고 있어요. 멈추려면 이 메뉴에서 종료를 고르세요.</translation>
    </message>
</context>
<context>
    <name>VuMeterView</name>
    <message>
        <source>Left channel level meter</source>
        <translation>왼쪽 채널 레벨 미터</translation>
    </message>
    <message>
        <source>Right channel level meter</source>
        <translation>오른쪽 채널 레벨 미터</translation>
    </message>
    <message>
        <source>%1 meter; click to switch to %2</source>
        <translation>%1 미터. 클릭하면 %2(으)로 바뀌어요</translation>
    </message>
    <message>
        <source>Left channel, %1: click for %2</source>
        <translation>왼쪽 채널, %1: 클릭하면 %2</translation>
    </message>
    <message>
        <source>Right channel, %1: click for %2</source>
        <translation>오른쪽 채널, %1: 클릭하면 %2</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>Shuffle: off</source>
        <translation>셔플: 끔</translation>
    </message>
    <message>
        <source>Shuffle: tracks</source>
        <translation>셔플: 곡 단위</translation>
    </message>
    <message>
        <source>Shuffle: records</source>
        <translation>셔플: 음반 단위</translation>
    </message>
    <message>
        <source>Repeat: off</source>
        <translation>반복: 끔</translation>
    </message>
    <message>
        <source>Repeat: all</source>
        <translation>반복: 전체</translation>
    </message>
    <message>
        <source>Repeat: one track</source>
        <translation>반복: 한 곡</translation>
    </message>
    <message>
        <source>Music and playlists (%1)</source>
        <translation>음악과 재생목록 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open music</source>
        <translation>음악 열기</translation>
    </message>
    <message>
        <source>A scan is already running</source>
        <translation>이미 스캔하고 있어요</translation>
    </message>
    <message>
        <source>Choose your music folder</source>
        <translation>음악 폴더를 골라 주세요</translation>
    </message>
    <message>
        <source>Your library is empty, so Jay&apos;s Test Pressing is on the deck. Press Space to play it.</source>
        <translation>보관함이 비어 있어서 제이의 테스트 프레싱을 턴테이블에 올려 두었어요. Space를 누르면 재생돼요.</translation>
    </message>
</context>
<context>
    <name>_Card</name>
    <message>
        <source>Notice</source>
        <translation>알림</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>알림 닫기</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>The settings file was damaged. It was set aside as %1; the settings that could be read from it were kept, the others are back to their defaults.</source>
        <translation>설정 파일이 손상되었어요. %1(으)로 옮겨 두었어요. 읽을 수 있었던 설정은 그대로 두었고, 나머지는 기본값으로 돌아갔어요.</translation>
    </message>
</context>
</TS>
