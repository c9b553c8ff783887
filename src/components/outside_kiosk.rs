//! The site's own chrome is left out on the kiosk screen.

use crate::domain::kiosk::is_kiosk_path;
use crate::router::use_location;
use leptos::prelude::*;

/// The site's own chrome (skip link, header, footer): left out on the kiosk, which must offer
/// no way to leave the portal.
#[component]
pub fn OutsideKiosk(children: ChildrenFn) -> impl IntoView {
    let path = use_location().path;
    let kiosk = Memo::new(move |_| path.with(|p| is_kiosk_path(p)));
    move || (!kiosk.get()).then(|| children())
}
