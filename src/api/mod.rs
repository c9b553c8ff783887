//! The one typed client of the station's JSON API.

pub mod client;
pub mod error;
pub mod resource;
pub mod types;

pub use client::{ApiClient, Cancel, ListQuery, ProgrammeQuery};
pub use error::ApiError;
pub use resource::ApiResource;
