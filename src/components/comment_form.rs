//! The comment form under an article, and the reader's own comments awaiting review.
//! What the reader types is saved as they type (see `outbox`), so nothing is lost to a
//! reload, a crash or a lost connection.

use crate::api::error::wait_text;
use crate::domain::comment::{
    content_length, validate, Draft, Field, FieldErrors, SendOutcome, CONTENT_MAX,
};
use crate::domain::time::{format_vietnam, Timestamp};
use crate::outbox::{load_draft, load_pending, save_draft, use_outbox, Outbox};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    Editing,
    Sending,
    /// Accepted by the server; awaiting an editor.
    Sent,
    /// Sending again is possible from this moment (`Date.now()`).
    Limited(f64),
    Closed,
}

fn field_id(f: Field) -> &'static str {
    match f {
        Field::AuthorName => "cf-name",
        Field::Email => "cf-email",
        Field::Content => "cf-content",
    }
}

/// Where comments are closed, in place of the form.
fn closed_notice() -> impl IntoView {
    view! { <p class="notice">"Bài viết này đã đóng ý kiến bạn đọc."</p> }
}

/// The comment form; where comments are closed, a notice instead.
#[component]
fn CommentForm(article_id: u64, open: bool) -> impl IntoView {
    if !open {
        return closed_notice().into_any();
    }
    let outbox = use_outbox();
    let form = FormState::load(article_id);
    form.keep_time();
    form.follow_outbox(outbox);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(outbox);
    };
    let closed = move || form.status.get() == Status::Closed;
    view! {
        {move || closed().then(closed_notice)}
        <form class="comment-form" novalidate on:submit=on_submit class:hidden=closed
            aria-labelledby="gui-y-kien">
            <h3 id="gui-y-kien">"Gửi ý kiến của bạn"</h3>
            <p class="form-note" id="cf-note">
                "Ý kiến sẽ được biên tập viên duyệt trước khi đăng. Email của bạn không bao giờ được hiển thị."
            </p>
            <FormBanner form/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <CommentFields form/>
            <button type="submit" class="button"
                disabled=move || form.locked() || form.wait_left().is_some()>"Gửi ý kiến"</button>
        </form>
    }
    .into_any()
}

/// What the form holds and where sending stands: every part of the form reads it.
#[derive(Clone, Copy)]
struct FormState {
    article_id: u64,
    name: RwSignal<String>,
    email: RwSignal<String>,
    content: RwSignal<String>,
    website: RwSignal<String>,
    /// The draft waits in the outbox for the connection to come back.
    queued: RwSignal<bool>,
    status: RwSignal<Status>,
    errors: RwSignal<FieldErrors>,
    /// About the whole form rather than one field.
    message: RwSignal<Option<String>>,
    /// `Date.now()`, renewed each second for the rate-limit countdown.
    now: RwSignal<f64>,
    name_ref: NodeRef<leptos::html::Input>,
    email_ref: NodeRef<leptos::html::Input>,
    content_ref: NodeRef<leptos::html::Textarea>,
}

impl FormState {
    /// The form as the reader left it: the saved draft.
    fn load(article_id: u64) -> Self {
        let initial = load_draft(article_id);
        Self {
            article_id,
            name: RwSignal::new(initial.author_name),
            email: RwSignal::new(initial.email),
            content: RwSignal::new(initial.content),
            website: RwSignal::new(initial.website),
            queued: RwSignal::new(initial.queued),
            status: RwSignal::new(Status::Editing),
            errors: RwSignal::new(FieldErrors::new()),
            message: RwSignal::new(None),
            now: RwSignal::new(js_sys::Date::now()),
            name_ref: NodeRef::new(),
            email_ref: NodeRef::new(),
            content_ref: NodeRef::new(),
        }
    }

    /// Renews `now` each second while the form is shown.
    fn keep_time(self) {
        let now = self.now;
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    }

    /// The queue may send this article's draft in the background: the form then empties
    /// and thanks the reader.
    fn follow_outbox(self, outbox: Outbox) {
        Effect::new(move |_| {
            outbox.version.track();
            let d = load_draft(self.article_id);
            if self.queued.get_untracked() && !d.queued && d.is_empty() {
                self.name.set(String::new());
                self.email.set(String::new());
                self.content.set(String::new());
                self.status.set(Status::Sent);
            }
            self.queued.set(d.queued);
        });
    }

    fn focus(self, f: Field) {
        let _ = match f {
            Field::AuthorName => self.name_ref.get_untracked().map(|e| e.focus()),
            Field::Email => self.email_ref.get_untracked().map(|e| e.focus()),
            Field::Content => self.content_ref.get_untracked().map(|e| e.focus()),
        };
    }

    /// Saved on every change; an edit makes it a new comment (a new token when sent).
    fn save(self) {
        let mut d = load_draft(self.article_id);
        d.author_name = self.name.get_untracked();
        d.email = self.email.get_untracked();
        d.content = self.content.get_untracked();
        d.website = self.website.get_untracked();
        d.client_token = None;
        save_draft(self.article_id, &d);
    }

    /// The `input` handler of the field typed into `signal`: an edit clears the field's
    /// error and the thanks of an earlier comment.
    fn on_input(
        self,
        signal: RwSignal<String>,
        field: Option<Field>,
    ) -> impl Fn(leptos::ev::Event) + 'static {
        move |ev| {
            signal.set(event_target_value(&ev));
            if let Some(f) = field {
                self.errors.update(|e| {
                    e.remove(&f);
                });
            }
            if self.status.get_untracked() == Status::Sent {
                self.status.set(Status::Editing);
            }
            self.save();
        }
    }

    /// Checks the fields and hands the draft to the outbox, unless a send is under way or
    /// must wait.
    fn submit(self, outbox: Outbox) {
        let blocked = send_blocked(self.status.get_untracked(), js_sys::Date::now());
        if blocked || self.queued.get_untracked() || outbox.is_sending(self.article_id) {
            return;
        }
        let draft = Draft {
            author_name: self.name.get_untracked(),
            email: self.email.get_untracked(),
            content: self.content.get_untracked(),
            ..Default::default()
        };
        let found = validate(&draft);
        self.message.set(None);
        if let Some(first) = found.keys().next().copied() {
            self.errors.set(found);
            self.focus(first);
            return;
        }
        self.errors.set(FieldErrors::new());
        self.status.set(Status::Sending);
        spawn_local(async move {
            match outbox.send(self.article_id).await {
                Some(outcome) => self.apply(outcome),
                None => self.status.set(Status::Editing),
            }
        });
    }

    /// Shows what came of sending.
    fn apply(self, outcome: SendOutcome) {
        match outcome {
            SendOutcome::Accepted(_) => {
                self.name.set(String::new());
                self.email.set(String::new());
                self.content.set(String::new());
                self.website.set(String::new());
                self.errors.set(FieldErrors::new());
                self.message.set(None);
                self.status.set(Status::Sent);
            }
            SendOutcome::Retry(_) => self.status.set(Status::Editing),
            SendOutcome::Invalid { fields, message } => {
                let first = fields.keys().next().copied();
                self.errors.set(fields);
                self.message.set(Some(message));
                self.status.set(Status::Editing);
                if let Some(f) = first {
                    // The fields are re-enabled on the next render; focus them after it.
                    request_animation_frame(move || self.focus(f));
                }
            }
            SendOutcome::RateLimited(secs) => {
                self.status
                    .set(Status::Limited(js_sys::Date::now() + secs as f64 * 1000.0));
            }
            SendOutcome::Closed => self.status.set(Status::Closed),
            SendOutcome::Gone => {
                self.message.set(Some(
                    "Bài viết không còn tồn tại nên không thể gửi ý kiến.".into(),
                ));
                self.status.set(Status::Editing);
            }
            SendOutcome::Refused(message) => {
                self.message.set(Some(message));
                self.status.set(Status::Editing);
            }
        }
    }

    /// The fields take no input while the draft is queued or being sent.
    fn locked(self) -> bool {
        self.queued.get() || self.status.get() == Status::Sending
    }

    /// Whole seconds the server asked the reader to wait, while the wait lasts.
    fn wait_left(self) -> Option<u64> {
        match self.status.get() {
            Status::Limited(until) => seconds_left(until, self.now.get()),
            _ => None,
        }
    }

    fn has_error(self, f: Field) -> bool {
        self.errors.with(|e| e.contains_key(&f))
    }

    /// The field's `aria-invalid`.
    fn invalid(self, f: Field) -> impl Fn() -> &'static str + 'static {
        move || if self.has_error(f) { "true" } else { "false" }
    }

    /// The field's `aria-describedby`: its `hint`, and its error while there is one.
    fn described(self, f: Field, hint: Option<&'static str>) -> impl Fn() -> String + 'static {
        move || described_by(f, hint, self.has_error(f))
    }
}

/// Whether a press of "Gửi ý kiến" must do nothing: a send is under way, comments are
/// closed, or the server's wait (until `Date.now()` passes it) is not over.
fn send_blocked(status: Status, now: f64) -> bool {
    match status {
        Status::Sending | Status::Closed => true,
        Status::Limited(until) => now < until,
        _ => false,
    }
}

/// Whole seconds from `now` until `until` (both `Date.now()`), rounded up; none once passed.
fn seconds_left(until: f64, now: f64) -> Option<u64> {
    (until > now).then(|| ((until - now) / 1000.0).ceil() as u64)
}

fn error_id(f: Field) -> String {
    format!("{}-error", field_id(f))
}

/// `aria-describedby` of a field: its hint, then its error message when it has one.
fn described_by(f: Field, hint: Option<&str>, has_error: bool) -> String {
    let mut ids: Vec<String> = hint.map(String::from).into_iter().collect();
    if has_error {
        ids.push(error_id(f));
    }
    ids.join(" ")
}

/// The counter under the comment: characters used of those allowed.
fn counter_text(content: &str) -> String {
    format!("{}/{CONTENT_MAX} ký tự", content_length(content))
}

/// Where sending stands: queued for a connection, sent, sending, or waiting out the server's
/// rate limit.
#[component]
fn FormBanner(form: FormState) -> impl IntoView {
    move || {
        if form.queued.get() {
            return Some(
                view! {
                    <p class="form-state form-queued" role="status">
                        "Chưa gửi được vì mất kết nối hoặc máy chủ đang bận. Ý kiến của bạn đã được lưu và sẽ tự gửi khi có mạng."
                    </p>
                }
                .into_any(),
            );
        }
        match form.status.get() {
            Status::Sent => Some(
                view! {
                    <p class="form-state form-sent" role="status">
                        "Cảm ơn bạn! Ý kiến đã được gửi và đang chờ biên tập viên duyệt."
                    </p>
                }
                .into_any(),
            ),
            Status::Sending => {
                Some(view! { <p class="form-state" role="status">"Đang gửi…"</p> }.into_any())
            }
            _ => form.wait_left().map(|secs| {
                view! {
                    <p class="form-state form-limited" role="status">
                        {format!("Bạn gửi quá nhanh. Vui lòng đợi {} rồi gửi lại.", wait_text(secs))}
                    </p>
                }
                .into_any()
            }),
        }
    }
}

/// Name, email and comment, and the trap field for robots.
#[component]
fn CommentFields(form: FormState) -> impl IntoView {
    let locked = move || form.locked();
    let over = move || content_length(&form.content.get()) > CONTENT_MAX;
    view! {
        <div class="field">
            <label for="cf-name">"Họ tên"</label>
            <input id="cf-name" name="author_name" type="text" autocomplete="name" maxlength="200"
                node_ref=form.name_ref
                prop:value=move || form.name.get()
                disabled=locked
                aria-invalid=form.invalid(Field::AuthorName)
                aria-describedby=form.described(Field::AuthorName, None)
                on:input=form.on_input(form.name, Some(Field::AuthorName))/>
            <FieldError form field=Field::AuthorName/>
        </div>
        <div class="field">
            <label for="cf-email">"Email"</label>
            <input id="cf-email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="300"
                node_ref=form.email_ref
                prop:value=move || form.email.get()
                disabled=locked
                aria-invalid=form.invalid(Field::Email)
                aria-describedby=form.described(Field::Email, Some("cf-note"))
                on:input=form.on_input(form.email, Some(Field::Email))/>
            <FieldError form field=Field::Email/>
        </div>
        <div class="field">
            <label for="cf-content">"Nội dung"</label>
            <textarea id="cf-content" name="content" rows="5"
                node_ref=form.content_ref
                prop:value=move || form.content.get()
                disabled=locked
                aria-invalid=form.invalid(Field::Content)
                aria-describedby=form.described(Field::Content, Some("cf-content-count"))
                on:input=form.on_input(form.content, Some(Field::Content))></textarea>
            <p class="counter" id="cf-content-count" class:over=over>{move || counter_text(&form.content.get())}</p>
            <FieldError form field=Field::Content/>
        </div>
        // A field people never see: robots fill it, and the server drops what they send.
        <div class="trap" aria-hidden="true">
            <label for="cf-website">"Trang web"</label>
            <input id="cf-website" name="website" type="text" tabindex="-1" autocomplete="off"
                prop:value=move || form.website.get()
                on:input=form.on_input(form.website, None)/>
        </div>
    }
}

/// The field's error message, while it has one.
#[component]
fn FieldError(form: FormState, field: Field) -> impl IntoView {
    move || {
        form.errors
            .with(|e| e.get(&field).cloned())
            .map(|msg| view! { <p class="field-error" id=error_id(field)>{msg}</p> })
    }
}

/// What the comment chunk shows under an article: the reader's comments awaiting review,
/// then the form. It starts the outbox, which sends what the form queues.
#[component]
pub fn CommentArea(
    article_id: u64,
    open: bool,
    published: Signal<Option<Vec<crate::api::types::Comment>>>,
) -> impl IntoView {
    let outbox = use_outbox();
    outbox.start();
    Effect::new(move |_| {
        if let Some(items) = published.get() {
            outbox.prune_pending(article_id, &items);
        }
    });
    view! {
        <PendingComments article_id/>
        <CommentForm article_id open/>
    }
}

/// The reader's own comments on this article that await review.
#[component]
fn PendingComments(article_id: u64) -> impl IntoView {
    let outbox = use_outbox();
    let pending = move || {
        outbox.version.track();
        load_pending(article_id)
    };
    move || {
        let list = pending();
        (!list.is_empty()).then(|| {
            view! {
                <ol class="comment-list pending-list" aria-label="Ý kiến của bạn đang chờ duyệt">
                    {list.into_iter().map(|p| view! {
                        <li class="comment comment-pending">
                            <p class="comment-head">
                                <span class="comment-author">{p.author_name}</span>
                                <span>{format_vietnam(Timestamp::from_millis(p.accepted_ms))}</span>
                                <span class="badge">"Đang chờ duyệt"</span>
                            </p>
                            <p class="comment-content">{p.content}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sending_waits_for_the_last_send_and_the_rate_limit() {
        assert!(!send_blocked(Status::Editing, 0.0));
        assert!(!send_blocked(Status::Sent, 0.0));
        assert!(send_blocked(Status::Sending, 0.0));
        assert!(send_blocked(Status::Closed, 0.0));
        assert!(send_blocked(Status::Limited(5_000.0), 4_999.0));
        assert!(!send_blocked(Status::Limited(5_000.0), 5_000.0));
    }

    #[test]
    fn the_wait_rounds_up_to_whole_seconds() {
        assert_eq!(seconds_left(5_000.0, 0.0), Some(5));
        assert_eq!(seconds_left(5_000.0, 3_999.0), Some(2));
        assert_eq!(seconds_left(5_000.0, 4_999.0), Some(1));
        assert_eq!(seconds_left(5_000.0, 5_000.0), None);
        assert_eq!(seconds_left(5_000.0, 6_000.0), None);
    }

    #[test]
    fn fields_are_described_by_their_hint_then_their_error() {
        assert_eq!(described_by(Field::AuthorName, None, false), "");
        assert_eq!(described_by(Field::AuthorName, None, true), "cf-name-error");
        assert_eq!(
            described_by(Field::Email, Some("cf-note"), false),
            "cf-note"
        );
        assert_eq!(
            described_by(Field::Email, Some("cf-note"), true),
            "cf-note cf-email-error"
        );
    }

    #[test]
    fn the_counter_counts_characters() {
        assert_eq!(counter_text(""), format!("0/{CONTENT_MAX} ký tự"));
        assert_eq!(counter_text("Dân vận"), format!("7/{CONTENT_MAX} ký tự"));
    }
}
