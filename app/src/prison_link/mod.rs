//! The prison link (issue 23): HMPPS domain events from the prison system become custody state.
//! This first part reads a queue message ([`event`]) and decides what a movement event means for
//! the person's place in the record ([`custody`]); the inbox, the SQS consumer, the replay
//! command and the Prison feed page build on it.

pub mod custody;
pub mod event;
