//! A channel's state, set by an editor (`portal-server channels set SLUG STATE`) and stored in
//! the database, so that a running server follows it at once.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelState {
    /// Normal: the live stream plays.
    OnAir,
    /// The channel says `on_air: false, stream: null`, and its stream answers 404.
    OffAir,
    /// The channel says it is on air, but its playlist and segments answer 404.
    NotFound,
    /// The channel says it is on air, but its playlist and segments answer 500.
    ServerError,
    /// The playlist stops advancing, as when the encoder hangs: the playlist of the moment the
    /// state was set is served again and again (with its segments), so a player plays what it
    /// has and runs dry, then sees the stream move on when the channel is back on air.
    /// Chosen over hanging requests because a player's request timeouts would turn a hang
    /// into an error, while a frozen playlist is the stall players actually meet.
    Stall,
}

impl ChannelState {
    pub const ALL: [ChannelState; 5] = [
        ChannelState::OnAir,
        ChannelState::OffAir,
        ChannelState::NotFound,
        ChannelState::ServerError,
        ChannelState::Stall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelState::OnAir => "on-air",
            ChannelState::OffAir => "off-air",
            ChannelState::NotFound => "404",
            ChannelState::ServerError => "500",
            ChannelState::Stall => "stall",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn on_air(self) -> bool {
        self != ChannelState::OffAir
    }
}

impl fmt::Display for ChannelState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ChannelState::ALL {
            assert_eq!(ChannelState::parse(s.as_str()), Some(s));
        }
        assert_eq!(ChannelState::parse("off"), None);
        assert!(!ChannelState::OffAir.on_air());
        assert!(ChannelState::Stall.on_air());
    }
}
