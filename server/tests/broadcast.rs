//! Broadcast (`CONTRACT.md`, "Broadcast"): channels, schedule, shows and programmes, the media
//! folder's files with range requests, live HLS, and channel states set by the command.
//! No ffmpeg here: media tests write small fake files into a temporary media folder.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{temp_dir, TempDir, TestServer, Value};
use portal::api::types as app;
use portal_server::broadcast::live::{parse_segment_name, LiveParams};
use portal_server::timefmt::{day_vn, format_date, now_unix, parse_rfc3339};
use portal_server::Options;

const BIN: &str = env!("CARGO_BIN_EXE_portal-server");

fn server() -> TestServer {
    TestServer::start(Options::default())
}

/// A server with a media folder holding fake files: programme 2101 (video) and 2111 (audio),
/// the channel pictures, and the live loops of both channels (`loop N of SLUG`).
fn server_with_media() -> (TestServer, TempDir) {
    let media = temp_dir("media");
    let m = media.path();
    let write = |rel: &str, bytes: &[u8]| {
        let path = m.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    let video: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    write("programmes/2101/video.mp4", &video);
    write(
        "programmes/2101/index.m3u8",
        b"#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.0,\nseg-0.ts\n#EXT-X-ENDLIST\n",
    );
    write("programmes/2101/seg-0.ts", &[0x47; 188 * 4]);
    write("programmes/2101/poster.jpg", b"\xFF\xD8fake");
    write(
        "programmes/2101/vi.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nKính chào\n".as_bytes(),
    );
    write("programmes/2111/audio.m4a", &[1; 3000]);
    write("programmes/2111/audio.mp3", &[2; 3000]);
    write("channels/hgtv.png", b"\x89PNG\r\n\x1a\nfake");
    write("secret.mp4", b"outside the broadcast folders");
    for slug in ["hgtv", "phat-thanh"] {
        for i in 0..12 {
            write(
                &format!("live/{slug}/loop-{i}.ts"),
                format!("loop {i} of {slug}").as_bytes(),
            );
        }
    }
    let s = TestServer::start(Options {
        media_dir: Some(m.to_path_buf()),
        ..Options::default()
    });
    (s, media)
}

fn example(name: &str) -> Option<Value> {
    let path = format!(
        "{}/../../shared/api/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("example JSON")),
        Err(_) => {
            println!("note: {path} is absent; shape not compared");
            None
        }
    }
}

/// Whether `actual` has the shape of `example`: the same field names in every object, and the
/// same JSON types where both are not null (arrays: every element against the example's first).
fn same_shape(example: &Value, actual: &Value, at: &str) {
    match (example, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(e), Value::Object(a)) => {
            let ek: Vec<_> = e.keys().collect();
            let ak: Vec<_> = a.keys().collect();
            assert_eq!(ek, ak, "fields of {at}");
            for (k, v) in e {
                same_shape(v, &a[k], &format!("{at}.{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let Some(first) = e.first() {
                for (i, v) in a.iter().enumerate() {
                    same_shape(first, v, &format!("{at}[{i}]"));
                }
            }
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        (e, a) => panic!("{at}: {a} is not like {e}"),
    }
}

fn time(v: &Value) -> i64 {
    let s = v.as_str().expect("a time");
    assert!(s.ends_with("+07:00"), "{s}");
    parse_rfc3339(s).expect("RFC 3339")
}

#[test]
fn answers_have_the_examples_shape() {
    let s = server();
    let today = format_date(day_vn(now_unix()));
    for (example_name, path) in [
        ("channels.json", "/api/v1/channels".to_owned()),
        (
            "schedule-hgtv.json",
            format!("/api/v1/channels/hgtv/schedule?date={today}"),
        ),
        ("programmes-page-1.json", "/api/v1/programmes".to_owned()),
        ("programme-2201.json", "/api/v1/programmes/2101".to_owned()),
    ] {
        let actual: Value = s.get(&path).json();
        if let Some(e) = example(example_name) {
            same_shape(&e, &actual, example_name);
        }
    }
    // The example of an article with media is the seed article with its media added.
    if let (Some(mut article), Some(programme)) =
        (example("article-1024.json"), example("programme-2201.json"))
    {
        article["media"] = Value::Array(vec![programme["media"].clone()]);
        let actual: Value = s.get("/api/v1/articles/1051").json();
        same_shape(&article, &actual, "article with media");
    }
    s.sql()
        .execute(
            "INSERT INTO channel_state (slug, state, since) VALUES ('phat-thanh', 'off-air', 0)",
            [],
        )
        .unwrap();
    let off: Value = s.get("/api/v1/channels").json();
    if let Some(e) = example("channels-off-air.json") {
        same_shape(&e, &off, "channels-off-air.json");
    }
    assert_eq!(off[1]["on_air"], Value::Bool(false));
    assert_eq!(off[1]["stream"], Value::Null);
}

#[test]
fn the_app_decodes_every_answer() {
    let s = server();
    let channels: Vec<app::Channel> = s.get("/api/v1/channels").json();
    assert_eq!(channels[0].kind, app::ChannelKind::Tv);
    assert_eq!(channels[1].kind, app::ChannelKind::Radio);
    let stream = channels[0].stream.as_ref().expect("stream");
    assert_eq!(stream.kind, app::MediaKind::Video);
    assert_eq!(stream.sources[0].mime, "application/vnd.apple.mpegurl");
    let yesterday = format_date(day_vn(now_unix()) - 1);
    let day: app::Schedule = s
        .get(&format!("/api/v1/channels/hgtv/schedule?date={yesterday}"))
        .json();
    assert!(day.slots.iter().any(|x| x.programme_id.is_some()));
    let shows: Vec<app::Show> = s.get("/api/v1/shows").json();
    assert!(shows.iter().any(|x| x.language == "hmn"));
    let page: app::Page<app::Programme> = s.get("/api/v1/programmes").json();
    assert!(page
        .items
        .iter()
        .any(|p| p.media.kind == app::MediaKind::Audio));
    let p: app::Programme = s.get("/api/v1/programmes/2101").json();
    assert_eq!(p.media.captions[0].lang, "vi");
    assert_eq!(p.media.duration_s, Some(30.0));
    let a: app::Article = s.get("/api/v1/articles/1051").json();
    assert_eq!(a.media.len(), 1);
    let a: app::Article = s.get("/api/v1/articles/1024").json();
    assert!(a.media.is_empty());
}

#[test]
fn channels_follow_the_clock() {
    let s = server();
    let before = now_unix();
    let list: Value = s.get("/api/v1/channels").json();
    let after = now_unix();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let (tv, radio) = (&list[0], &list[1]);
    assert_eq!(tv["slug"], "hgtv");
    assert_eq!(tv["name"], "Truyền hình Hà Giang (HGTV)");
    assert_eq!(tv["kind"], "tv");
    assert_eq!(tv["logo"]["url"], "/media/channels/hgtv.png");
    assert_eq!(tv["stream"]["kind"], "video");
    assert_eq!(
        tv["stream"]["sources"][0]["url"],
        "/media/live/hgtv/index.m3u8"
    );
    assert_eq!(
        tv["stream"]["sources"][0]["type"],
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(tv["stream"]["duration_s"], Value::Null);
    assert_eq!(radio["slug"], "phat-thanh");
    assert_eq!(radio["kind"], "radio");
    assert_eq!(radio["stream"]["kind"], "audio");
    assert_eq!(
        radio["stream"]["sources"][0]["url"],
        "/media/live/phat-thanh/index.m3u8"
    );
    for c in list {
        assert_eq!(c["on_air"], Value::Bool(true));
        let now = &c["now"];
        assert!(time(&now["starts_at"]) <= after && before < time(&now["ends_at"]));
        assert_eq!(now["ends_at"], c["next"]["starts_at"]);
        assert_eq!(now["programme_id"], Value::Null);
        let one: Value = s
            .get(&format!("/api/v1/channels/{}", c["slug"].as_str().unwrap()))
            .json();
        assert_eq!(one["slug"], c["slug"]);
        assert_eq!(one["stream"], c["stream"]);
    }
    for bad in ["/api/v1/channels/vtv1", "/api/v1/channels/HGTV"] {
        let e = s.get(bad).error(404, "not_found");
        assert_eq!(e.message, "Không tìm thấy kênh.");
    }
}

#[test]
fn schedule_of_a_day() {
    let s = server();
    let now = now_unix();
    let today = day_vn(now);
    let default: Value = s.get("/api/v1/channels/hgtv/schedule").json();
    assert_eq!(default["channel"], "hgtv");
    assert_eq!(default["date"], format_date(today).as_str());
    for offset in [-7, -1, 0, 1, 7] {
        let date = format_date(today + offset);
        for channel in ["hgtv", "phat-thanh"] {
            let day: Value = s
                .get(&format!("/api/v1/channels/{channel}/schedule?date={date}"))
                .json();
            assert_eq!(day["date"], date.as_str());
            let slots = day["slots"].as_array().unwrap();
            assert!(slots.len() >= 10);
            assert!(slots[0]["starts_at"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{date}T00:00:00")));
            for w in slots.windows(2) {
                assert_eq!(w[0]["ends_at"], w[1]["starts_at"], "in order, no gaps");
            }
            for slot in slots {
                assert!(!slot["title"].as_str().unwrap().is_empty());
                if time(&slot["ends_at"]) > now {
                    assert_eq!(slot["programme_id"], Value::Null, "not over yet");
                }
            }
        }
    }
    // Yesterday's evening bulletin is there to watch again, with the slot's show.
    let yesterday: Value = s
        .get(&format!(
            "/api/v1/channels/hgtv/schedule?date={}",
            format_date(today - 1)
        ))
        .json();
    let slots = yesterday["slots"].as_array().unwrap();
    let toi = slots
        .iter()
        .find(|x| x["title"] == "Thời sự tối")
        .expect("Thời sự tối");
    assert_eq!(toi["show"]["slug"], "thoi-su-hgtv");
    assert_eq!(toi["description"], "Bản tin thời sự tổng hợp trong ngày.");
    let with_programme: Vec<&Value> = slots
        .iter()
        .filter(|x| !x["programme_id"].is_null())
        .collect();
    assert!(with_programme.len() >= 2);
    for slot in with_programme {
        let p: Value = s
            .get(&format!("/api/v1/programmes/{}", slot["programme_id"]))
            .json();
        assert_eq!(p["show"], slot["show"]);
        assert!(time(&p["published_at"]) >= time(&slot["ends_at"]));
        assert!(p["title"]
            .as_str()
            .unwrap()
            .starts_with(slot["title"].as_str().unwrap()));
    }
}

#[test]
fn schedule_errors() {
    let s = server();
    let today = day_vn(now_unix());
    for offset in [-8, 8, -400] {
        let e = s
            .get(&format!(
                "/api/v1/channels/hgtv/schedule?date={}",
                format_date(today + offset)
            ))
            .error(404, "not_found");
        assert_eq!(e.message, "Không có lịch phát sóng cho ngày này.");
    }
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "29-11-2026",
        "2026-11-29T00:00",
        "hom-nay",
        "2026-1-1",
    ] {
        let e = s
            .get(&format!("/api/v1/channels/hgtv/schedule?date={bad}"))
            .error(400, "bad_request");
        assert_eq!(e.message, "Tham số date không hợp lệ.", "{bad}");
    }
    s.get("/api/v1/channels/nope/schedule")
        .error(404, "not_found");
}

#[test]
fn shows_in_four_languages() {
    let s = server();
    let shows: Value = s.get("/api/v1/shows").json();
    let shows = shows.as_array().unwrap();
    assert!(shows.len() >= 5);
    let languages: std::collections::BTreeSet<&str> = shows
        .iter()
        .map(|x| x["language"].as_str().unwrap())
        .collect();
    assert_eq!(
        languages.into_iter().collect::<Vec<_>>(),
        ["hmn", "ium", "tyz", "vi"]
    );
    assert!(shows
        .iter()
        .any(|x| x["slug"] == "tieng-mong" && x["name"] == "Chương trình tiếng Mông"));
}

fn programmes(s: &TestServer, query: &str) -> Value {
    s.get(&format!("/api/v1/programmes{query}")).json()
}

#[test]
fn programmes_newest_first_with_filters() {
    let s = server();
    let all = programmes(&s, "?per_page=50");
    let items = all["items"].as_array().unwrap();
    assert!(all["total"].as_i64().unwrap() >= 24);
    assert_eq!(items.len() as i64, all["total"].as_i64().unwrap());
    assert!(items
        .windows(2)
        .all(|w| time(&w[0]["published_at"]) >= time(&w[1]["published_at"])));
    let now = now_unix();
    let mut shows = std::collections::BTreeSet::new();
    for p in items {
        assert!(time(&p["published_at"]) <= now);
        shows.insert(p["show"]["slug"].as_str().unwrap().to_owned());
        let id = p["id"].as_i64().unwrap();
        let media = &p["media"];
        let urls: Vec<&str> = media["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["url"].as_str().unwrap())
            .collect();
        let types: Vec<&str> = media["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["type"].as_str().unwrap())
            .collect();
        assert!(media["duration_s"].as_f64().unwrap() > 0.0);
        match media["kind"].as_str().unwrap() {
            "video" => {
                assert_eq!(
                    urls,
                    [
                        format!("/media/programmes/{id}/index.m3u8"),
                        format!("/media/programmes/{id}/video.mp4")
                    ]
                );
                assert_eq!(types, ["application/vnd.apple.mpegurl", "video/mp4"]);
                assert_eq!(media["poster"]["width"], 1280);
                assert_eq!(
                    p["thumbnail"]["url"],
                    format!("/media/programmes/{id}/thumb.jpg")
                );
            }
            "audio" => {
                assert_eq!(
                    urls,
                    [
                        format!("/media/programmes/{id}/audio.m4a"),
                        format!("/media/programmes/{id}/audio.mp3")
                    ]
                );
                assert_eq!(types, ["audio/mp4", "audio/mpeg"]);
                assert_eq!(media["captions"], Value::Array(vec![]));
            }
            other => panic!("kind {other}"),
        }
    }
    assert!(shows.len() >= 5, "{shows:?}");
    let captioned = items
        .iter()
        .filter(|p| {
            p["media"]["captions"].as_array().unwrap().iter().any(|c| {
                c["lang"] == "vi"
                    && c["label"] == "Tiếng Việt"
                    && c["url"] == format!("/media/programmes/{}/vi.vtt", p["id"]).as_str()
            })
        })
        .count();
    assert!(captioned >= 3, "{captioned}");

    // Paging like /articles.
    let p1 = programmes(&s, "");
    assert_eq!(
        (p1["page"].as_i64(), p1["per_page"].as_i64()),
        (Some(1), Some(20))
    );
    assert_eq!(p1["items"].as_array().unwrap().len(), 20);
    let p2 = programmes(&s, "?page=2");
    let paged: Vec<&Value> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["items"].as_array().unwrap())
        .map(|p| &p["id"])
        .collect();
    let ids: Vec<&Value> = items.iter().map(|p| &p["id"]).collect();
    assert_eq!(paged, ids);
    assert_eq!(programmes(&s, "?per_page=500")["per_page"], 50);
    assert!(programmes(&s, "?page=99")["items"]
        .as_array()
        .unwrap()
        .is_empty());

    // Filters.
    for (query, check) in [
        ("?kind=video", ("media", "kind", "video")),
        ("?kind=audio", ("media", "kind", "audio")),
        ("?language=hmn", ("show", "language", "hmn")),
        ("?language=tyz", ("show", "language", "tyz")),
        ("?language=ium", ("show", "language", "ium")),
        ("?show=tieng-mong", ("show", "slug", "tieng-mong")),
    ] {
        let page = programmes(&s, query);
        let items = page["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{query}");
        assert!(
            items.iter().all(|p| p[check.0][check.1] == check.2),
            "{query}"
        );
    }
    let both = programmes(&s, "?language=ium&kind=video");
    assert!(both["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["show"]["language"] == "ium" && p["media"]["kind"] == "video"));
    assert!(both["total"].as_i64().unwrap() >= 1);
    assert_eq!(programmes(&s, "?show=khong-co")["total"], 0);
    assert_eq!(programmes(&s, "?language=fr")["total"], 0);
}

#[test]
fn programme_errors() {
    let s = server();
    for q in ["kind=phim", "page=0", "per_page=x", "page=-1"] {
        s.get(&format!("/api/v1/programmes?{q}"))
            .error(400, "bad_request");
    }
    for path in ["999999", "abc", "0", "-1", "2101x"] {
        let e = s
            .get(&format!("/api/v1/programmes/{path}"))
            .error(404, "not_found");
        assert_eq!(e.message, "Không tìm thấy chương trình.");
    }
    let p: Value = s.get("/api/v1/programmes/2101").json();
    assert_eq!(p["id"], 2101);
    assert_eq!(p["show"]["slug"], "thoi-su-hgtv");
    assert!(p["title"].as_str().unwrap().starts_with("Thời sự tối "));
    let list = programmes(&s, "?per_page=50");
    let same = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == 2101)
        .unwrap();
    assert_eq!(&p, same);
}

#[test]
fn some_articles_have_media() {
    let s = server();
    let video: Value = s.get("/api/v1/articles/1051").json();
    let media = video["media"].as_array().unwrap();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0]["kind"], "video");
    assert!(media[0]["poster"]["width"].as_u64().is_some());
    let audio: Value = s.get("/api/v1/articles/1047").json();
    assert_eq!(audio["media"][0]["kind"], "audio");
    // Others have none, and say nothing about it (as older servers).
    let plain: Value = s.get("/api/v1/articles/1050").json();
    assert!(plain.get("media").is_none());
}

#[test]
fn on_demand_files_answer_ranges_with_their_types() {
    let (s, _media) = server_with_media();
    for (path, ct) in [
        ("/media/programmes/2101/video.mp4", "video/mp4"),
        (
            "/media/programmes/2101/index.m3u8",
            "application/vnd.apple.mpegurl",
        ),
        ("/media/programmes/2101/seg-0.ts", "video/mp2t"),
        ("/media/programmes/2101/poster.jpg", "image/jpeg"),
        ("/media/programmes/2101/vi.vtt", "text/vtt; charset=utf-8"),
        ("/media/programmes/2111/audio.m4a", "audio/mp4"),
        ("/media/programmes/2111/audio.mp3", "audio/mpeg"),
        ("/media/channels/hgtv.png", "image/png"),
    ] {
        let r = s.get_with(path, &[("Origin", "http://localhost:8081")]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
        assert_eq!(r.header("accept-ranges"), Some("bytes"), "{path}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
    }
    let full = s.get("/media/programmes/2101/video.mp4");
    assert_eq!(full.body.len(), 10_000);
    let part = s.get_with(
        "/media/programmes/2101/video.mp4",
        &[("Range", "bytes=100-199")],
    );
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 100-199/10000"));
    assert_eq!(part.header("content-type"), Some("video/mp4"));
    assert_eq!(part.body, &full.body[100..200]);
    let tail = s.get_with(
        "/media/programmes/2111/audio.m4a",
        &[("Range", "bytes=2990-")],
    );
    assert_eq!(tail.status, 206);
    assert_eq!(tail.header("content-range"), Some("bytes 2990-2999/3000"));
    assert_eq!(tail.header("content-type"), Some("audio/mp4"));
    assert_eq!(tail.body.len(), 10);
    let past = s.get_with(
        "/media/programmes/2101/video.mp4",
        &[("Range", "bytes=20000-")],
    );
    assert_eq!(past.status, 416);
    assert_eq!(past.header("content-range"), Some("bytes */10000"));
    // Compressed video would lose its ranges: never compressed.
    let r = s.get_with(
        "/media/programmes/2101/video.mp4",
        &[("Accept-Encoding", "gzip, br")],
    );
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.body.len(), 10_000);
    // Only media files of the media folder's broadcast folders.
    for path in [
        "/media/programmes/2101/missing.mp4",
        "/media/programmes/9999/video.mp4",
        "/media/programmes/%2e%2e/secret.mp4",
        "/media/programmes/2101/%2e%2e/%2e%2e/secret.mp4",
        "/media/secret.mp4",
        "/media/programmes/2101/",
    ] {
        s.get(path).error(404, "not_found");
    }
    // A server without a media folder has none of them.
    let plain = server();
    plain
        .get("/media/programmes/2101/video.mp4")
        .error(404, "not_found");
    // The database's pictures are still served beside them.
    assert_eq!(s.get("/media/2022/07/so-ket-dan-van-1.jpg").status, 200);
}

fn playlist(s: &TestServer, slug: &str) -> common::Reply {
    s.get(&format!("/media/live/{slug}/index.m3u8"))
}

fn listed(pl: &str) -> Vec<u64> {
    pl.lines().filter_map(parse_segment_name).collect()
}

fn tag<'a>(pl: &'a str, name: &str) -> Option<&'a str> {
    pl.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
}

#[test]
fn live_streams_slide_with_the_clock() {
    let (s, _media) = server_with_media();
    let p = LiveParams::sample();
    for slug in ["hgtv", "phat-thanh"] {
        let before = now_unix();
        let r = playlist(&s, slug);
        let after = now_unix();
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            Some("application/vnd.apple.mpegurl")
        );
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        let pl = r.text();
        assert!(pl.starts_with("#EXTM3U\n"));
        assert!(!pl.contains("#EXT-X-ENDLIST"));
        let segs = listed(&pl);
        assert_eq!(segs.len() as u64, p.window);
        let first: u64 = tag(&pl, "#EXT-X-MEDIA-SEQUENCE").unwrap().parse().unwrap();
        assert_eq!(first, segs[0]);
        assert!((p.first(before)..=p.first(after)).contains(&first));
        assert!(tag(&pl, "#EXT-X-DISCONTINUITY-SEQUENCE").is_some());
        // Each listed segment plays its loop file.
        for seq in [segs[0], *segs.last().unwrap()] {
            let seg = s.get(&format!("/media/live/{slug}/{seq}.ts"));
            assert_eq!(seg.status, 200);
            assert_eq!(seg.header("content-type"), Some("video/mp2t"));
            assert_eq!(seg.text(), format!("loop {} of {slug}", seq % p.loop_len));
        }
        // Not yet made, long gone, or not a segment.
        let current = p.current(now_unix());
        for name in [
            format!("{}.ts", current + 5),
            format!("{}.ts", first.saturating_sub(1000)),
            "loop-0.ts".to_owned(),
            "index.m3u".to_owned(),
        ] {
            s.get(&format!("/media/live/{slug}/{name}"))
                .error(404, "not_found");
        }
    }
    s.get("/media/live/vtv1/index.m3u8").error(404, "not_found");
    s.get("/media/live/hgtv/a/b.ts").error(404, "not_found");
    // The playlist is the same from any origin, which may read it.
    let r = s.get_with(
        "/media/live/hgtv/index.m3u8",
        &[("Origin", "http://localhost:8081")],
    );
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PORTAL_MEDIA_DIR")
        .output()
        .expect("run portal-server")
}

fn set(s: &TestServer, slug: &str, state: &str) {
    let o = run(&s.db_path, &["channels", "set", slug, state]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(&format!("channel {slug}: ")), "{out}");
    assert!(out.trim_end().ends_with(&format!("-> {state}")), "{out}");
}

fn channel(s: &TestServer, slug: &str) -> Value {
    s.get(&format!("/api/v1/channels/{slug}")).json()
}

#[test]
fn the_channels_command_breaks_and_restores_a_running_stream() {
    let (s, _media) = server_with_media();
    let list = run(&s.db_path, &["channels", "list"]);
    assert!(list.status.success());
    let text = String::from_utf8(list.stdout).unwrap();
    assert!(
        text.contains("hgtv  tv  on-air  Truyền hình Hà Giang (HGTV)"),
        "{text}"
    );
    assert!(text.contains("phat-thanh  radio  on-air"), "{text}");

    // Off air: said so, no stream, and the stream's URLs are gone.
    set(&s, "phat-thanh", "off-air");
    let c = channel(&s, "phat-thanh");
    assert_eq!(c["on_air"], Value::Bool(false));
    assert_eq!(c["stream"], Value::Null);
    assert_eq!(c["now"], Value::Null);
    assert!(c["next"]["starts_at"].is_string());
    let e = playlist(&s, "phat-thanh").error(404, "not_found");
    assert_eq!(e.message, "Kênh đang tạm ngừng phát sóng.");
    assert_eq!(channel(&s, "hgtv")["on_air"], Value::Bool(true));
    let text = String::from_utf8(run(&s.db_path, &["channels", "list"]).stdout).unwrap();
    assert!(text.contains("phat-thanh  radio  off-air"), "{text}");

    // 404 and 500: the channel is on air, its stream fails.
    let segment = listed(&playlist(&s, "hgtv").text())[0];
    set(&s, "hgtv", "404");
    let c = channel(&s, "hgtv");
    assert_eq!(c["on_air"], Value::Bool(true));
    assert!(c["stream"].is_object());
    playlist(&s, "hgtv").error(404, "not_found");
    s.get(&format!("/media/live/hgtv/{segment}.ts"))
        .error(404, "not_found");
    set(&s, "hgtv", "500");
    assert_eq!(channel(&s, "hgtv")["on_air"], Value::Bool(true));
    playlist(&s, "hgtv").error(500, "internal");
    s.get(&format!("/media/live/hgtv/{segment}.ts"))
        .error(500, "internal");

    // Stall: the playlist of the moment is served again and again.
    set(&s, "hgtv", "stall");
    let frozen = playlist(&s, "hgtv");
    assert_eq!(frozen.status, 200);
    let since: i64 = s
        .sql()
        .query_row(
            "SELECT since FROM channel_state WHERE slug = 'hgtv'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // As if it had stalled a minute ago.
    s.sql()
        .execute(
            "UPDATE channel_state SET since = ?1 WHERE slug = 'hgtv'",
            [since - 60],
        )
        .unwrap();
    let old = playlist(&s, "hgtv").text();
    let p = LiveParams::sample();
    assert_eq!(
        tag(&old, "#EXT-X-MEDIA-SEQUENCE"),
        Some(p.first(since - 60).to_string().as_str())
    );
    assert_eq!(old, playlist(&s, "hgtv").text());
    let last = *listed(&old).last().unwrap();
    assert_eq!(s.get(&format!("/media/live/hgtv/{last}.ts")).status, 200);
    assert_eq!(channel(&s, "hgtv")["on_air"], Value::Bool(true));

    // Back on air: the streams follow the clock again.
    set(&s, "hgtv", "on-air");
    set(&s, "phat-thanh", "on-air");
    for slug in ["hgtv", "phat-thanh"] {
        let pl = playlist(&s, slug).text();
        let first: u64 = tag(&pl, "#EXT-X-MEDIA-SEQUENCE").unwrap().parse().unwrap();
        assert!(first >= p.first(now_unix() - 2), "{slug}: {pl}");
        assert!(channel(&s, slug)["stream"].is_object());
    }
}

#[test]
fn the_channels_command_refuses_bad_input() {
    let dir = temp_dir("channels-cmd");
    let db = common::fresh_db(dir.path());
    let o = run(&db, &["channels", "set", "hgtv", "broken"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("on-air, off-air, 404, 500, stall"));
    let o = run(&db, &["channels", "set", "vtv1", "off-air"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no channel vtv1"));
    let missing = dir.path().join("none.db");
    let o = run(&missing, &["channels", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists(), "an editor's command creates no database");
}

#[test]
fn media_generate_without_ffmpeg_says_so() {
    let dir = temp_dir("no-ffmpeg");
    let media = dir.path().join("media");
    let o = Command::new(BIN)
        .args(["media", "generate", "--media-dir"])
        .arg(&media)
        .env("PATH", dir.path())
        .output()
        .expect("run portal-server");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("ffmpeg not found"), "{err}");
    // What needs no ffmpeg is made anyway.
    assert!(media.join("channels/hgtv.png").is_file());
    assert!(media.join("channels/hgtv-poster.jpg").is_file());
}
