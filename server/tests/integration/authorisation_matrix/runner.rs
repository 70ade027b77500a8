//! Runs every row of the table for every role and situation against one server and one database,
//! and collects every cell that disagrees with its expectation.

use std::collections::HashMap;
use std::fmt;

use app::domain::Role;

use super::grid::{Ctx, Expect, Fresh, Row};
use crate::support::TestServer;
use crate::support::fixtures::PASSWORD;
use crate::support::server_fns::Outcome;
use crate::support::situations::{MatrixWorld, Situation, Subject, username};

pub struct Mismatch {
    pub endpoint: &'static str,
    pub who: String,
    pub situation: &'static str,
    pub expected: Expect,
    pub got: Outcome,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<28} {:<22} {:<20} expected {:?}, got {:?}",
            self.endpoint, self.who, self.situation, self.expected, self.got
        )
    }
}

#[derive(Default)]
pub struct Tally {
    pub cells: usize,
    pub succeeded: usize,
    pub rejected_on_merits: usize,
    pub refused: usize,
    pub mismatches: Vec<Mismatch>,
}

pub struct Runner<'a> {
    pub server: &'a TestServer,
    pub world: &'a MatrixWorld,
    /// A signed-in client per role, in the order of `Role::ALL`.
    pub clients: Vec<reqwest::Client>,
    shared: HashMap<Situation, Subject>,
}

pub async fn signed_in(server: &TestServer, role: Role) -> reqwest::Client {
    let client = crate::support::client();
    let response = server.sign_in(&client, &username(role), PASSWORD).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "sign in as {role}");
    client
}

impl<'a> Runner<'a> {
    pub async fn new(server: &'a TestServer, world: &'a MatrixWorld) -> Runner<'a> {
        let mut clients = Vec::new();
        for role in Role::ALL {
            clients.push(signed_in(server, role).await);
        }
        let mut shared = HashMap::new();
        for situation in Situation::ALL {
            shared.insert(situation, world.subject(&server.pool, situation).await);
        }
        Runner { server, world, clients, shared }
    }

    async fn subject(&self, fresh: Fresh, situation: Situation) -> Subject {
        match fresh {
            Fresh::Shared => self.shared[&situation].clone(),
            Fresh::PerRow | Fresh::PerCell => self.world.subject(&self.server.pool, situation).await,
        }
    }

    pub async fn run(&self, row: &Row, tally: &mut Tally) {
        for situation in row.grid.situations() {
            let place = situation.unwrap_or(Situation::AtMine);
            let mut subject = self.subject(row.fresh, place).await;
            for (i, role) in Role::ALL.into_iter().enumerate() {
                let own_client;
                let client = if row.fresh == Fresh::PerCell {
                    if i > 0 {
                        subject = self.subject(row.fresh, place).await;
                    }
                    own_client = signed_in(self.server, role).await;
                    &own_client
                } else {
                    &self.clients[i]
                };
                let expected = row.grid.expect(situation, i);
                let ctx = Ctx { world: self.world, subject: &subject, role };
                let got = self.call(client, row, &ctx).await;
                let who = role.title().to_owned();
                let place_name = situation.map_or("no patient", Situation::name);
                tally.record(row.endpoint, who, place_name, expected, got);
            }
        }
        // Signed out, with a patient at my establishment: the only role-free cell.
        let subject = self.subject(row.fresh, Situation::AtMine).await;
        let ctx = Ctx { world: self.world, subject: &subject, role: Role::Nurse };
        let got = self.call(&crate::support::client(), row, &ctx).await;
        tally.record(row.endpoint, "signed out".to_owned(), "-", row.signed_out, got);
    }

    async fn call(&self, client: &reqwest::Client, row: &Row, ctx: &Ctx<'_>) -> Outcome {
        let call = (row.request)(ctx);
        match self.server.send(client, row.endpoint, &call).await {
            Ok(reply) => Outcome::of(&reply),
            Err(error) => panic!("{} dropped the connection: {error}", row.endpoint),
        }
    }
}

impl Tally {
    fn record(
        &mut self,
        endpoint: &'static str,
        who: String,
        situation: &'static str,
        expected: Expect,
        got: Outcome,
    ) {
        self.cells += 1;
        match &got {
            Outcome::Succeeded => self.succeeded += 1,
            Outcome::Rejected(_) => self.rejected_on_merits += 1,
            Outcome::Refused(_) => self.refused += 1,
            _ => {}
        }
        // Internal errors, undecodable requests and stray bodies are wrong whatever the grid says.
        let sound = !matches!(got, Outcome::Internal | Outcome::Undecodable(_) | Outcome::Unexpected(_));
        if !(sound && expected.matches(&got)) {
            self.mismatches.push(Mismatch { endpoint, who, situation, expected, got });
        }
    }
}
