//! The comment form under an article, and the reader's own comments awaiting review.
//! What the reader types is saved as they type (see `outbox`), so nothing is lost to a
//! reload, a crash or a lost connection.

use crate::api::error::wait_text;
use crate::domain::comment::{
    content_length, validate, Draft, Field, FieldErrors, SendOutcome, CONTENT_MAX,
};
use crate::domain::time::{format_vietnam, Timestamp};
use crate::outbox::{load_draft, load_pending, save_draft, use_outbox};
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

#[component]
fn CommentForm(article_id: u64, open: bool) -> impl IntoView {
    if !open {
        return view! {
            <p class="notice">"Bài viết này đã đóng ý kiến bạn đọc."</p>
        }
        .into_any();
    }
    let outbox = use_outbox();
    let initial = load_draft(article_id);
    let name = RwSignal::new(initial.author_name.clone());
    let email = RwSignal::new(initial.email.clone());
    let content = RwSignal::new(initial.content.clone());
    let website = RwSignal::new(initial.website.clone());
    let queued = RwSignal::new(initial.queued);
    let status = RwSignal::new(Status::Editing);
    let errors = RwSignal::new(FieldErrors::new());
    let form_message = RwSignal::new(None::<String>);
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }

    let name_ref = NodeRef::<leptos::html::Input>::new();
    let email_ref = NodeRef::<leptos::html::Input>::new();
    let content_ref = NodeRef::<leptos::html::Textarea>::new();
    let focus = move |f: Field| {
        let _ = match f {
            Field::AuthorName => name_ref.get_untracked().map(|e| e.focus()),
            Field::Email => email_ref.get_untracked().map(|e| e.focus()),
            Field::Content => content_ref.get_untracked().map(|e| e.focus()),
        };
    };

    // Saved on every change; an edit makes it a new comment (a new token when sent).
    let save = move || {
        let mut d = load_draft(article_id);
        d.author_name = name.get_untracked();
        d.email = email.get_untracked();
        d.content = content.get_untracked();
        d.website = website.get_untracked();
        d.client_token = None;
        save_draft(article_id, &d);
    };
    let on_input = move |signal: RwSignal<String>, field: Option<Field>| {
        move |ev: leptos::ev::Event| {
            signal.set(event_target_value(&ev));
            if let Some(f) = field {
                errors.update(|e| {
                    e.remove(&f);
                });
            }
            if status.get_untracked() == Status::Sent {
                status.set(Status::Editing);
            }
            save();
        }
    };

    // The queue may send this article's draft in the background.
    Effect::new(move |_| {
        outbox.version.track();
        let d = load_draft(article_id);
        if queued.get_untracked() && !d.queued && d.is_empty() {
            name.set(String::new());
            email.set(String::new());
            content.set(String::new());
            status.set(Status::Sent);
        }
        queued.set(d.queued);
    });

    let apply = move |outcome: SendOutcome| match outcome {
        SendOutcome::Accepted(_) => {
            name.set(String::new());
            email.set(String::new());
            content.set(String::new());
            website.set(String::new());
            errors.set(FieldErrors::new());
            form_message.set(None);
            status.set(Status::Sent);
        }
        SendOutcome::Retry(_) => status.set(Status::Editing),
        SendOutcome::Invalid { fields, message } => {
            let first = fields.keys().next().copied();
            errors.set(fields);
            form_message.set(Some(message));
            status.set(Status::Editing);
            if let Some(f) = first {
                // The fields are re-enabled on the next render; focus them after it.
                request_animation_frame(move || focus(f));
            }
        }
        SendOutcome::RateLimited(secs) => {
            status.set(Status::Limited(js_sys::Date::now() + secs as f64 * 1000.0));
        }
        SendOutcome::Closed => status.set(Status::Closed),
        SendOutcome::Gone => {
            form_message.set(Some(
                "Bài viết không còn tồn tại nên không thể gửi ý kiến.".into(),
            ));
            status.set(Status::Editing);
        }
        SendOutcome::Refused(message) => {
            form_message.set(Some(message));
            status.set(Status::Editing);
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let busy = match status.get_untracked() {
            Status::Sending | Status::Closed => true,
            Status::Limited(until) => js_sys::Date::now() < until,
            _ => false,
        };
        if busy || queued.get_untracked() || outbox.is_sending(article_id) {
            return;
        }
        let draft = Draft {
            author_name: name.get_untracked(),
            email: email.get_untracked(),
            content: content.get_untracked(),
            ..Default::default()
        };
        let found = validate(&draft);
        form_message.set(None);
        if let Some(first) = found.keys().next().copied() {
            errors.set(found);
            focus(first);
            return;
        }
        errors.set(FieldErrors::new());
        status.set(Status::Sending);
        spawn_local(async move {
            match outbox.send(article_id).await {
                Some(outcome) => apply(outcome),
                None => status.set(Status::Editing),
            }
        });
    };

    let error_of = move |f: Field| move || errors.with(|e| e.get(&f).cloned());
    let invalid = move |f: Field| {
        move || {
            if errors.with(|e| e.contains_key(&f)) {
                "true"
            } else {
                "false"
            }
        }
    };
    let described = move |f: Field, hint: Option<&'static str>| {
        move || {
            let mut ids: Vec<String> = hint.map(String::from).into_iter().collect();
            if errors.with(|e| e.contains_key(&f)) {
                ids.push(format!("{}-error", field_id(f)));
            }
            ids.join(" ")
        }
    };
    let error_view = move |f: Field| {
        move || {
            error_of(f)().map(|msg| {
                view! { <p class="field-error" id=format!("{}-error", field_id(f))>{msg}</p> }
            })
        }
    };
    let count = move || {
        let n = content_length(&content.get());
        format!("{n}/{CONTENT_MAX} ký tự")
    };
    let locked = move || queued.get() || status.get() == Status::Sending;
    let wait_left = move || match status.get() {
        Status::Limited(until) if until > now.get() => {
            Some(((until - now.get()) / 1000.0).ceil() as u64)
        }
        _ => None,
    };
    let button_disabled = move || locked() || wait_left().is_some();
    let banner = move || {
        if queued.get() {
            return Some(view! {
                <p class="form-state form-queued" role="status">
                    "Chưa gửi được vì mất kết nối hoặc máy chủ đang bận. Ý kiến của bạn đã được lưu và sẽ tự gửi khi có mạng."
                </p>
            }.into_any());
        }
        match status.get() {
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
            _ => wait_left().map(|secs| {
                view! {
                <p class="form-state form-limited" role="status">
                    {format!("Bạn gửi quá nhanh. Vui lòng đợi {} rồi gửi lại.", wait_text(secs))}
                </p>
            }.into_any()
            }),
        }
    };

    view! {
        {move || (status.get() == Status::Closed).then(|| view! {
            <p class="notice">"Bài viết này đã đóng ý kiến bạn đọc."</p>
        })}
        <form class="comment-form" novalidate on:submit=on_submit class:hidden=move || { status.get() == Status::Closed }
            aria-labelledby="gui-y-kien">
            <h3 id="gui-y-kien">"Gửi ý kiến của bạn"</h3>
            <p class="form-note" id="cf-note">
                "Ý kiến sẽ được biên tập viên duyệt trước khi đăng. Email của bạn không bao giờ được hiển thị."
            </p>
            {banner}
            {move || form_message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="field">
                <label for="cf-name">"Họ tên"</label>
                <input id="cf-name" name="author_name" type="text" autocomplete="name" maxlength="200"
                    node_ref=name_ref
                    prop:value=move || name.get()
                    disabled=locked
                    aria-invalid=invalid(Field::AuthorName)
                    aria-describedby=described(Field::AuthorName, None)
                    on:input=on_input(name, Some(Field::AuthorName))/>
                {error_view(Field::AuthorName)}
            </div>
            <div class="field">
                <label for="cf-email">"Email"</label>
                <input id="cf-email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="300"
                    node_ref=email_ref
                    prop:value=move || email.get()
                    disabled=locked
                    aria-invalid=invalid(Field::Email)
                    aria-describedby=described(Field::Email, Some("cf-note"))
                    on:input=on_input(email, Some(Field::Email))/>
                {error_view(Field::Email)}
            </div>
            <div class="field">
                <label for="cf-content">"Nội dung"</label>
                <textarea id="cf-content" name="content" rows="5"
                    node_ref=content_ref
                    prop:value=move || content.get()
                    disabled=locked
                    aria-invalid=invalid(Field::Content)
                    aria-describedby=described(Field::Content, Some("cf-content-count"))
                    on:input=on_input(content, Some(Field::Content))></textarea>
                <p class="counter" id="cf-content-count" class:over=move || { content_length(&content.get()) > CONTENT_MAX }>{count}</p>
                {error_view(Field::Content)}
            </div>
            // A field people never see: robots fill it, and the server drops what they send.
            <div class="trap" aria-hidden="true">
                <label for="cf-website">"Trang web"</label>
                <input id="cf-website" name="website" type="text" tabindex="-1" autocomplete="off"
                    prop:value=move || website.get()
                    on:input=on_input(website, None)/>
            </div>
            <button type="submit" class="button" disabled=button_disabled>"Gửi ý kiến"</button>
        </form>
    }
    .into_any()
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
