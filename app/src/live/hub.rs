use tokio::sync::broadcast;

use super::RoundActivity;

/// Fans round activity out to every browser connected to this app instance.
#[derive(Clone, Debug)]
pub struct LiveHub {
    sender: broadcast::Sender<LiveSignal>,
}

/// What a connected browser hears: an activity, or "you may have missed some, reload".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveSignal {
    Activity(RoundActivity),
    Resync,
}

impl Default for LiveHub {
    fn default() -> Self {
        // A burst bigger than this makes slow subscribers resync rather than stall the rest.
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl LiveHub {
    pub fn publish(&self, signal: LiveSignal) {
        // No subscribers is normal (nobody is on a round page).
        let _ = self.sender.send(signal);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveSignal> {
        self.sender.subscribe()
    }
}
