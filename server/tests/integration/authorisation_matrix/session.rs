//! Signing in and out, choosing where one works, and the session itself.

use super::grid::{CLINICAL, Ctx, EVERYONE, Expect, Fresh, Row, no_patient};
use crate::support::fixtures::PASSWORD;
use crate::support::server_fns::{Call, form};
use crate::support::situations::username;

fn own_credentials(c: &Ctx) -> Call {
    let name = username(c.role);
    form([("username", name.as_str()), ("password", PASSWORD), ("next", "/")])
}

pub fn rows() -> Vec<Row> {
    vec![
        // Signing in needs no session; each user signs in as themselves.
        no_patient("sign_in", EVERYONE, own_credentials).signed_out(Expect::Allowed).fresh(Fresh::PerCell),
        // Signing out of no session is harmless.
        no_patient("sign_out", EVERYONE, |_| form([])).signed_out(Expect::Allowed).fresh(Fresh::PerCell),
        no_patient("choose_establishment", EVERYONE, |c| {
            form([("establishment_id", c.world.leeds.to_string().as_str()), ("next", "/")])
        }),
        no_patient("current_user", EVERYONE, |_| form([])),
        no_patient("keep_alive", EVERYONE, |_| form([])),
        no_patient("establishment_overview", CLINICAL, |_| form([])),
    ]
}
