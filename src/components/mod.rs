//! Reusable views.

pub mod article_body;
pub mod article_card;
pub mod article_list;
pub mod comment_form;
pub mod comments;
pub mod footer;
pub mod header;
pub mod offline;
pub mod outside_kiosk;
pub mod page_meta;
pub mod pager;
pub mod player;
pub mod qr;
pub mod reading_tools;
pub mod status;
pub mod weather;
