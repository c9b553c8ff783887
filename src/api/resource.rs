//! One resource type for what the views fetch (issue #15).
//!
//! Each `LocalResource<T>` compiles Leptos's async-derived machinery again for its `T` and
//! its future type, a few KB of the main wasm per resource. [`ApiResource`] keeps the type
//! only at its edges: the resource inside always holds the same type and runs the same boxed
//! future, so that machinery is compiled once.
//!
//! [`ApiResource::fetch`] also owns the request's cancellation: each new request aborts the
//! one before it, and the last is aborted when the view goes away (a navigation), so that no
//! page has to remember to.

use super::{ApiClient, ApiError, Cancel};
use leptos::prelude::*;
use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use web_sys::AbortController;

type Fetched = Result<Rc<dyn Any>, ApiError>;
type FetchFn = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Fetched>>>>;

/// A `LocalResource<Result<T, ApiError>>` in all but its size in the wasm.
pub struct ApiResource<T> {
    inner: LocalResource<Fetched>,
    // `fn() -> T`: the resource only hands out `T`s, and stays `Send` like `LocalResource`.
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiResource<T> {}

impl<T: Clone + 'static> ApiResource<T> {
    /// Data from the API: `fetch` gets the client and the controller of this request, reads
    /// the signals the request depends on (it runs again when they change), and returns the
    /// request. The previous request, and the last one when the view is dropped, are aborted.
    pub fn fetch<Fut>(
        api: &ApiClient,
        fetch: impl Fn(ApiClient, AbortController) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let api = api.clone();
        let cancel = Cancel::new();
        Self::new(move || fetch(api.clone(), cancel.next()))
    }

    /// Like `LocalResource::new`, for data that is not an API request ([`Self::fetch`] is):
    /// `fetch` runs again when a signal it reads changes (it is
    /// called at once, where the resource tracks what it reads) and on [`Self::refetch`].
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let fetch: FetchFn = Rc::new(move || {
            let fut = fetch();
            Box::pin(async move {
                let value = fut.await;
                // The answer is decoded in one task and drawn in the next (crate::tasks).
                crate::tasks::next_task().await;
                value.map(|v| Rc::new(v) as Rc<dyn Any>)
            })
        });
        ApiResource {
            inner: untyped(fetch),
            ty: PhantomData,
        }
    }

    /// The data, tracked: `None` while it loads.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        typed(self.inner.get())
    }

    /// The data, not tracked.
    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        typed(self.inner.get_untracked())
    }
}

impl<T> ApiResource<T> {
    /// Runs the fetch again.
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

// Only `new` stores a value, always a `T`: a failed downcast cannot happen, and would read as
// still loading rather than panic.
fn typed<T: Clone + 'static>(value: Option<Fetched>) -> Option<Result<T, ApiError>> {
    match value? {
        Ok(any) => (*any).downcast_ref::<T>().cloned().map(Ok),
        Err(e) => Some(Err(e)),
    }
}

// Not generic, so that the main wasm holds the resource machinery once.
fn untyped(fetch: FetchFn) -> LocalResource<Fetched> {
    LocalResource::new(move || fetch())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_type() {
        let value: Fetched = Ok(Rc::new(7u32));
        assert_eq!(typed::<u32>(Some(value.clone())), Some(Ok(7)));
        assert_eq!(typed::<String>(Some(value)), None);
        assert_eq!(typed::<u32>(None), None);
        let err: Fetched = Err(ApiError::Timeout);
        assert_eq!(typed::<u32>(Some(err)), Some(Err(ApiError::Timeout)));
    }
}
