//! Sample data: the seed article, the sample articles with their pictures and comments,
//! the weather, and on request thousands of generated articles for load.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};
use crate::model::{Image, Site};
use crate::search::{fold, slugify};
use crate::seed_data::{self, IMAGE_HEIGHT, IMAGE_WIDTH};
use crate::timefmt::{parse_rfc3339, year_month_vn};
use crate::{html, images, weather};

/// An article to insert.
pub struct NewArticle<'a> {
    pub id: Option<i64>,
    pub slug: &'a str,
    pub title: &'a str,
    pub sapo: &'a str,
    pub published_at: i64,
    pub updated_at: Option<i64>,
    pub category: &'a str,
    pub thumbnail: Option<&'a Image>,
    pub author: Option<&'a str>,
    pub body_html: &'a str,
    pub tags: &'a [String],
    pub featured: bool,
    pub views: i64,
    pub comments_open: bool,
}

const INSERT_ARTICLE: &str = "INSERT INTO articles (id, slug, title, sapo, published_at, updated_at, category, \
     thumb_url, thumb_alt, thumb_width, thumb_height, thumb_caption, author, body_html, tags, featured, views, \
     comments_open, search_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

/// Inserts an article (with its folded search text) and returns its id.
pub fn insert_article(conn: &Connection, a: &NewArticle<'_>) -> Result<i64> {
    let mut stmt = conn.prepare_cached(INSERT_ARTICLE)?;
    let t = a.thumbnail;
    stmt.execute(params![
        a.id,
        a.slug,
        a.title,
        a.sapo,
        a.published_at,
        a.updated_at,
        a.category,
        t.map(|i| i.url.as_str()),
        t.map(|i| i.alt.as_str()),
        t.map(|i| i.width),
        t.map(|i| i.height),
        t.and_then(|i| i.caption.as_deref()),
        a.author,
        a.body_html,
        serde_json::to_string(a.tags)?,
        a.featured,
        a.views,
        a.comments_open,
        search_text(a.title, a.sapo),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The folded text that `q` searches: title and sapo.
pub fn search_text(title: &str, sapo: &str) -> String {
    let mut s = fold(title);
    s.push(' ');
    s.push_str(&fold(sapo));
    s
}

/// Stores a generated JPEG of the given size at `path`, unless one is there already.
pub fn store_image(conn: &Connection, path: &str, width: u32, height: u32) -> Result<()> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM media WHERE path = ?1", [path], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(());
    }
    let (w, h) = match (u16::try_from(width), u16::try_from(height)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => (w, h),
        _ => {
            return Err(Error::new(format!(
                "image {path}: bad size {width}×{height}"
            )))
        }
    };
    let bytes = images::jpeg(path, w, h).map_err(Error::new)?;
    conn.execute(
        "INSERT INTO media (path, content_type, bytes) VALUES (?1, 'image/jpeg', ?2)",
        params![path, bytes],
    )?;
    Ok(())
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn get_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

struct PendingInsert {
    id: Option<i64>,
    article_id: i64,
    author_name: String,
    email: String,
    content: String,
    created_at: i64,
    status: String,
}

/// Fills a new database (inside the caller's transaction). `now` is the creation time.
pub fn seed(conn: &Connection, site: &Site, now: i64) -> Result<()> {
    set_meta(conn, "created_at", &now.to_string())?;
    let mut comments = insert_seed_article(conn)?;
    for a in seed_data::sample_articles()? {
        comments.extend(insert_sample_article(conn, a, now)?);
    }
    insert_comments(conn, comments)?;
    // Weather for every place of the site.
    for loc in &site.weather_locations {
        let o = weather::observe(&loc.slug, now);
        save_weather(conn, &loc.slug, &o)?;
    }
    Ok(())
}

/// The seed article, exactly as the contract's example shows it, with its pictures; returns
/// its comments, to be inserted with the others.
fn insert_seed_article(conn: &Connection) -> Result<Vec<PendingInsert>> {
    let seed = seed_data::seed_article()?;
    let s = &seed.summary;
    let published = parse_rfc3339(&s.published_at).map_err(Error::new)?;
    let updated = seed
        .updated_at
        .as_deref()
        .map(parse_rfc3339)
        .transpose()
        .map_err(Error::new)?;
    insert_article(
        conn,
        &NewArticle {
            id: Some(s.id),
            slug: &s.slug,
            title: &s.title,
            sapo: &s.sapo,
            published_at: published,
            updated_at: updated,
            category: &s.category.slug,
            thumbnail: s.thumbnail.as_ref(),
            author: seed.author.as_deref(),
            body_html: &seed.body_html,
            tags: &seed.tags,
            featured: true,
            views: seed_data::SEED_ARTICLE_VIEWS,
            comments_open: seed.comments_open,
        },
    )?;
    if let Some(t) = &s.thumbnail {
        store_image(conn, &t.url, t.width, t.height)?;
    }
    for (src, w, h) in html::media_images(&seed.body_html) {
        store_image(conn, &src, w, h)?;
    }
    seed_data::seed_comments()?
        .items
        .into_iter()
        .map(|c| -> Result<PendingInsert> {
            Ok(PendingInsert {
                id: Some(c.id),
                article_id: s.id,
                author_name: c.author_name,
                email: String::new(),
                content: c.content,
                created_at: parse_rfc3339(&c.created_at).map_err(Error::new)?,
                status: "approved".into(),
            })
        })
        .collect()
}

/// One sample article with its picture; returns its comments, to be inserted with the others.
fn insert_sample_article(
    conn: &Connection,
    a: seed_data::SampleArticle,
    now: i64,
) -> Result<Vec<PendingInsert>> {
    let published = sample_published(&a, now)?;
    let thumb = sample_thumbnail(&a, published);
    let body = a.body_html.replace(
        "<!--figure-->",
        &html::figure(
            &thumb.url,
            &thumb.alt,
            thumb.width,
            thumb.height,
            &a.image.caption,
        ),
    );
    insert_article(
        conn,
        &NewArticle {
            id: Some(a.id),
            slug: &a.slug,
            title: &a.title,
            sapo: &a.sapo,
            published_at: published,
            updated_at: a
                .updated_minutes_after
                .map(|m| (published + m * 60).min(now)),
            category: &a.category,
            thumbnail: Some(&thumb),
            author: a.author.as_deref(),
            body_html: &body,
            tags: &a.tags,
            featured: a.featured,
            views: a.views,
            comments_open: a.comments_open,
        },
    )?;
    store_image(conn, &thumb.url, thumb.width, thumb.height)?;
    Ok(a.comments
        .into_iter()
        .map(|c| PendingInsert {
            id: None,
            article_id: a.id,
            author_name: c.author_name,
            email: c.email,
            content: c.content,
            created_at: (published + c.minutes_after * 60).min(now),
            status: c.status,
        })
        .collect())
}

/// When a sample article appeared: its fixed date, or so many hours before `now` (on a
/// whole minute, as an editor's clock shows it).
fn sample_published(a: &seed_data::SampleArticle, now: i64) -> Result<i64> {
    match (&a.published_at, a.hours_ago) {
        (Some(t), _) => parse_rfc3339(t).map_err(|e| Error::new(format!("article {}: {e}", a.id))),
        (None, Some(h)) => {
            let t = now - (h * 3600.0) as i64;
            Ok(t - t.rem_euclid(60))
        }
        (None, None) => Err(Error::new(format!("article {}: no date", a.id))),
    }
}

/// A sample article's picture, stored under the month it was published in.
fn sample_thumbnail(a: &seed_data::SampleArticle, published: i64) -> Image {
    let (y, m) = year_month_vn(published);
    Image {
        url: format!("/media/{y:04}/{m:02}/{}.jpg", a.slug),
        alt: a.image.alt.clone(),
        width: a.image.width.unwrap_or(IMAGE_WIDTH),
        height: a.image.height.unwrap_or(IMAGE_HEIGHT),
        caption: None,
    }
}

/// Inserts the comments in the order they were written, the example's ids first.
fn insert_comments(conn: &Connection, mut comments: Vec<PendingInsert>) -> Result<()> {
    comments.sort_by_key(|c| (c.id.is_none(), c.created_at));
    let mut stmt = conn.prepare(
        "INSERT INTO comments (id, article_id, author_name, email, content, created_at, status) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in &comments {
        stmt.execute(params![
            c.id,
            c.article_id,
            c.author_name,
            c.email,
            c.content,
            c.created_at,
            c.status
        ])?;
    }
    Ok(())
}

/// Stores an observation for a place.
pub fn save_weather(conn: &Connection, slug: &str, o: &weather::Observation) -> Result<()> {
    conn.execute(
        "INSERT INTO weather (slug, temperature_c, condition, icon, humidity, observed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (slug) DO UPDATE SET temperature_c = excluded.temperature_c, \
         condition = excluded.condition, icon = excluded.icon, humidity = excluded.humidity, \
         observed_at = excluded.observed_at",
        params![slug, o.temperature_c, o.condition, o.icon, o.humidity, o.observed_at],
    )?;
    Ok(())
}

/// Number of shared pictures that generated articles reuse.
pub const SHARED_IMAGES: u32 = 12;

const PLACES: [&str; 11] = [
    "Đồng Văn",
    "Mèo Vạc",
    "Yên Minh",
    "Quản Bạ",
    "Bắc Mê",
    "Vị Xuyên",
    "Bắc Quang",
    "Quang Bình",
    "Hoàng Su Phì",
    "Xín Mần",
    "Thành phố Hà Giang",
];

fn topics(category: &str) -> [&'static str; 4] {
    match category {
        "thoi-su" => [
            "Hội nghị sơ kết công tác quý",
            "Kiểm tra tiến độ xây dựng nông thôn mới",
            "Tiếp xúc cử tri trước kỳ họp HĐND",
            "Triển khai nhiệm vụ trọng tâm tháng tới",
        ],
        "kinh-te" => [
            "Mở rộng diện tích chè Shan tuyết",
            "Hợp tác xã ra mắt sản phẩm OCOP mới",
            "Đưa nông sản lên sàn thương mại điện tử",
            "Nâng cấp chợ phiên vùng cao",
        ],
        "van-hoa-xa-hoi" => [
            "Mở lớp truyền dạy dân ca cho thanh thiếu niên",
            "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi",
            "Thêm tủ sách cho điểm trường xa",
            "Hội thi văn nghệ quần chúng",
        ],
        "quoc-phong-an-ninh" => [
            "Ra quân tấn công, trấn áp tội phạm",
            "Tuyên truyền pháp luật cho đồng bào biên giới",
            "Huấn luyện dân quân tự vệ năm thứ nhất",
            "Tuần tra bảo vệ đường biên, mốc giới",
        ],
        "du-lich" => [
            "Phát triển homestay gắn với giữ gìn bản sắc",
            "Mở tuyến đi bộ khám phá bản làng",
            "Đón đoàn khách quốc tế đầu mùa",
            "Quảng bá ẩm thực vùng cao tới du khách",
        ],
        "the-thao" => [
            "Sôi nổi giải bóng chuyền hơi",
            "Giải cầu lông các câu lạc bộ",
            "Giải việt dã truyền thống",
            "Hội thao dân quân tự vệ",
        ],
        _ => [
            "Tin hoạt động",
            "Tin địa phương",
            "Tin tổng hợp",
            "Tin trong ngày",
        ],
    }
}

const PARAGRAPHS: [&str; 6] = [
    "Theo báo cáo của địa phương, từ đầu năm đến nay, các ngành chức năng đã phối hợp chặt chẽ với chính quyền cơ sở, huy động sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của Nhân dân.",
    "Nhiều cách làm hay, mô hình hiệu quả đã được nhân rộng; đời sống vật chất và tinh thần của đồng bào các dân tộc từng bước được nâng lên.",
    "Bên cạnh kết quả đạt được, địa phương vẫn còn những khó khăn như địa bàn rộng, giao thông đi lại vất vả, nguồn lực đầu tư còn hạn chế.",
    "Thời gian tới, địa phương sẽ tiếp tục đẩy mạnh tuyên truyền, nâng cao nhận thức của người dân, phấn đấu hoàn thành các chỉ tiêu đề ra.",
    "Người dân bày tỏ phấn khởi và mong muốn các cấp tiếp tục quan tâm, tạo điều kiện để bà con phát triển sản xuất, ổn định cuộc sống.",
    "Lãnh đạo địa phương yêu cầu các đơn vị liên quan bám sát cơ sở, kịp thời tháo gỡ vướng mắc và báo cáo kết quả định kỳ.",
];

const AUTHORS: [&str; 6] = [
    "Thu Phương",
    "Minh Tuấn",
    "Đức Thịnh",
    "Bích Ngọc",
    "Hoàng Anh",
    "Lê Hằng",
];

/// Makes sure the database holds at least `target` generated articles (counted in `meta`),
/// adding the missing ones in one transaction. Returns how many were added.
pub fn ensure_extra_articles(conn: &mut Connection, site: &Site, target: u32) -> Result<u32> {
    if target == 0 || site.categories.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let have: u32 = get_meta(&tx, "extra_articles")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if have >= target {
        return Ok(0);
    }
    let created_at: i64 = get_meta(&tx, "created_at")?
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(crate::timefmt::now_unix);
    for i in 1..=SHARED_IMAGES {
        store_image(&tx, &shared_image_path(i), IMAGE_WIDTH, IMAGE_HEIGHT)?;
    }
    for k in have..target {
        insert_generated(&tx, site, created_at, k)?;
    }
    set_meta(&tx, "extra_articles", &target.to_string())?;
    tx.commit()?;
    Ok(target - have)
}

fn shared_image_path(i: u32) -> String {
    format!("/media/shared/anh-{i:02}.jpg")
}

fn insert_generated(conn: &Connection, site: &Site, created_at: i64, k: u32) -> Result<()> {
    let n = u64::from(k);
    let h = images::hash(&format!("extra-{k}"));
    let categories = &site.categories;
    let category = &categories[(k as usize) % categories.len()];
    let place = PLACES[(h % PLACES.len() as u64) as usize];
    let topic = topics(&category.slug)[((h >> 8) % 4) as usize];
    let title = format!("{place}: {topic}");
    let sapo = format!(
        "{topic} là một trong những hoạt động được {} quan tâm thời gian qua, góp phần thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh trên địa bàn.",
        if place.starts_with("Thành phố") { place.to_owned() } else { format!("huyện {place}") }
    );
    let published = created_at - (i64::from(k) + 1) * 1800 - (h % 1200) as i64;
    let image_no = (n % u64::from(SHARED_IMAGES)) as u32 + 1;
    let thumb = Image {
        url: shared_image_path(image_no),
        alt: title.clone(),
        width: IMAGE_WIDTH,
        height: IMAGE_HEIGHT,
        caption: None,
    };
    let p = |i: u64| PARAGRAPHS[((h >> (16 + i)) % PARAGRAPHS.len() as u64) as usize];
    let body = format!(
        "<p>{}</p>{}<p>{}</p><p>{}</p>",
        p(0),
        html::figure(
            &thumb.url,
            &thumb.alt,
            IMAGE_WIDTH,
            IMAGE_HEIGHT,
            &format!("Ảnh minh họa: {place}")
        ),
        p(3),
        p(7)
    );
    let slug = format!("{}-{}", slugify(&title), k + 1);
    let tags = vec![place.to_owned()];
    insert_article(
        conn,
        &NewArticle {
            id: None,
            slug: &slug,
            title: &title,
            sapo: &sapo,
            published_at: published,
            updated_at: None,
            category: &category.slug,
            thumbnail: Some(&thumb),
            author: Some(AUTHORS[(h >> 24) as usize % AUTHORS.len()]),
            body_html: &body,
            tags: &tags,
            featured: false,
            views: (h >> 32) as i64 % 2500,
            comments_open: true,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed_data::SampleArticle;
    use serde_json::json;

    fn sample(dates: serde_json::Value) -> SampleArticle {
        let mut a = json!({
            "id": 7, "slug": "tin-mau", "category": "thoi-su", "title": "Tin", "sapo": "Sapo",
            "image": { "alt": "Ảnh", "caption": "Chú thích" }, "body_html": "<p>Tin</p>",
        });
        if let (Some(a), Some(dates)) = (a.as_object_mut(), dates.as_object()) {
            a.extend(dates.clone());
        }
        serde_json::from_value(a).unwrap()
    }

    #[test]
    fn samples_appear_at_their_date_or_hours_before_now_on_a_minute() {
        let fixed = sample(json!({ "published_at": "2026-11-29T08:00:00+07:00" }));
        assert_eq!(
            sample_published(&fixed, 0).unwrap(),
            parse_rfc3339("2026-11-29T08:00:00+07:00").unwrap()
        );
        let now = 1_800_000_037;
        let recent = sample(json!({ "hours_ago": 1.5 }));
        assert_eq!(sample_published(&recent, now).unwrap(), now - 37 - 5400);
        assert!(sample_published(&sample(json!({})), now).is_err());
    }

    #[test]
    fn sample_pictures_are_filed_under_their_month() {
        let published = parse_rfc3339("2026-11-30T20:00:00+07:00").unwrap();
        let thumb = sample_thumbnail(&sample(json!({})), published);
        assert_eq!(thumb.url, "/media/2026/11/tin-mau.jpg");
        assert_eq!((thumb.width, thumb.height), (IMAGE_WIDTH, IMAGE_HEIGHT));
        assert_eq!(thumb.alt, "Ảnh");
        let wide =
            sample(json!({ "image": { "alt": "", "caption": "", "width": 1600, "height": 900 } }));
        let thumb = sample_thumbnail(&wide, published);
        assert_eq!((thumb.width, thumb.height), (1600, 900));
    }
}
