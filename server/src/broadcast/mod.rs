//! Broadcast: the station's live channels, their schedule and the programmes to watch or hear
//! again (`CONTRACT.md`, "Broadcast"), with the files they play.
//!
//! - [`catalog`]: the sample channels, schedule grids, shows and programmes (fixed data);
//! - [`schedule`]: a channel's slots for a day, and what is on now and next;
//! - [`live`]: live HLS playlists driven by the clock;
//! - [`state`]: a channel on air, off air, or with a faulty stream;
//! - [`files`]: the media folder on disk and what it must hold;
//! - [`png`]: the channel logo's picture format.

pub mod catalog;
pub mod files;
pub mod live;
pub mod png;
pub mod schedule;
pub mod state;
