use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use uuid::Uuid;

use super::{DoseEntry, PrnOption, RecordDose, RecordedDose, RoundDose};
use crate::components::format;
use crate::domain::AdministrationOutcome;
use crate::domain::administration_outcome::check_outcome;
use crate::domain::controlled_drug::needs_witness;
use crate::domain::offline_round::{OfflineDecision, OfflineDose, OfflinePrn, decide};
use crate::domain::prescribing::Supply;
use crate::domain::prn::PrnDecision;
use crate::domain::prn::PrnLimits;
use crate::error::AppError;
use crate::offline::OfflineRound;

/// Who the dose is for, repeated in every confirmation so the nurse checks the person in front
/// of them against the screen.
#[derive(Clone, Debug)]
pub struct PatientIdentity {
    pub name: String,
    pub born: String,
    pub prison_number: String,
    /// Another patient on this round has a similar name: identity is confirmed before each dose.
    pub look_alike: bool,
    pub away: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Choosing,
    ConfirmingGiven,
    NotGiven,
}

/// What the offline rule needs to know about a dose (see `domain::offline_round`).
#[derive(Clone, Copy, Debug)]
struct OfflineFacts {
    cd_schedule: Option<i16>,
    ost_review_required: bool,
    /// Limits, last dose and doses in 24 hours, for a when-required medicine.
    prn: Option<(PrnLimits, Option<chrono::DateTime<chrono::Utc>>, u32)>,
}

/// The state of one attempt to record a dose; shared by regular and PRN cards.
#[derive(Clone, Copy)]
struct Recording {
    step: RwSignal<Step>,
    recorded: RwSignal<Option<RecordedDose>>,
    message: RwSignal<Option<String>>,
    /// Kept until the dose is saved, so a retry after a dropped connection is not a second dose.
    client_entry_id: RwSignal<Uuid>,
    action: ServerAction<RecordDose>,
    swallowed: RwSignal<bool>,
    identity_checked: RwSignal<bool>,
    witness_username: RwSignal<String>,
    witness_password: RwSignal<String>,
    outcome: RwSignal<Option<AdministrationOutcome>>,
    reason: RwSignal<String>,
    /// A caution that goes with a saved entry (a when-required dose checked offline).
    notice: RwSignal<Option<String>>,
    facts: OfflineFacts,
    offline: Option<OfflineRound>,
    /// The entry last sent, kept on the tablet instead if the network turns out to be gone.
    last_entry: StoredValue<Option<DoseEntry>>,
}

impl Recording {
    fn new(recorded: Option<RecordedDose>, facts: OfflineFacts) -> Self {
        let this = Self {
            step: RwSignal::new(Step::Choosing),
            recorded: RwSignal::new(recorded),
            message: RwSignal::new(None),
            client_entry_id: RwSignal::new(Uuid::new_v4()),
            action: ServerAction::<RecordDose>::new(),
            swallowed: RwSignal::new(false),
            identity_checked: RwSignal::new(false),
            witness_username: RwSignal::new(String::new()),
            witness_password: RwSignal::new(String::new()),
            outcome: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            notice: RwSignal::new(None),
            facts,
            offline: use_context::<OfflineRound>(),
            last_entry: StoredValue::new(None),
        };
        Effect::new(move |_| match this.action.value().get() {
            Some(Err(AppError::Unreachable(_))) if this.offline.is_some() => {
                if let (Some(offline), Some(entry)) = (this.offline, this.last_entry.get_value()) {
                    offline.connection.set(crate::offline::Connection::Offline);
                    this.keep_offline(offline, entry);
                }
            }
            Some(Ok(done)) => {
                this.recorded.set(Some(done));
                this.message.set(None);
                this.step.set(Step::Choosing);
                this.witness_password.set(String::new());
                this.client_entry_id.set(Uuid::new_v4());
            }
            Some(Err(AppError::Invalid { message, .. })) => this.message.set(Some(message)),
            Some(Err(error)) => this.message.set(Some(error.to_string())),
            None => {}
        });
        this
    }

    fn send(
        self,
        prescription_id: Uuid,
        round: Option<(NaiveDate, NaiveTime)>,
        outcome: AdministrationOutcome,
    ) {
        let entry = DoseEntry {
            prescription_id,
            round,
            outcome,
            reason: self.reason.get_untracked(),
            swallow_confirmed: self.swallowed.get_untracked(),
            witness_username: self.witness_username.get_untracked(),
            witness_password: self.witness_password.get_untracked(),
            client_entry_id: self.client_entry_id.get_untracked(),
        };
        match self.offline {
            Some(offline) if offline.is_offline() => self.keep_offline(offline, entry),
            _ => {
                self.last_entry.set_value(Some(entry.clone()));
                self.action.dispatch(RecordDose { entry });
            }
        }
    }

    /// Without a network: the offline rule decides, and an allowed entry waits on the tablet.
    fn keep_offline(self, offline: OfflineRound, entry: DoseEntry) {
        let now = chrono::Utc::now();
        let loaded =
            offline.list_loaded_at.get_untracked().unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
        let queued = offline.queued_doses_of(entry.prescription_id);
        let prn = self.facts.prn.map(|(limits, last_given_at, given_in_24h)| OfflinePrn {
            limits,
            last_given_at,
            given_in_24h,
            queued: &queued,
        });
        let dose = OfflineDose {
            outcome: entry.outcome,
            cd_schedule: self.facts.cd_schedule,
            ost_review_required: self.facts.ost_review_required,
            prn,
        };
        let notice = match decide(dose, loaded, now) {
            OfflineDecision::Blocked(message) => {
                self.message.set(Some(message));
                return;
            }
            OfflineDecision::Allowed => None,
            OfflineDecision::Flagged(caution) => Some(caution),
        };
        leptos::task::spawn_local(async move {
            match offline.keep(entry).await {
                Ok(shown) => {
                    self.recorded.set(Some(shown));
                    self.notice.set(notice);
                    self.message.set(None);
                    self.step.set(Step::Choosing);
                    self.client_entry_id.set(Uuid::new_v4());
                }
                Err(message) => self.message.set(Some(message)),
            }
        });
    }
}

fn badges(supply: Supply, cd_schedule: Option<i16>, is_ost: bool, critical: bool) -> impl IntoView {
    view! {
        <span class="badges">
            {cd_schedule.map(|s| view! { <span class="badge badge-cd">"CD Schedule " {s}</span> })}
            {is_ost.then(|| view! { <span class="badge badge-ost">"OST"</span> })}
            {(critical && !is_ost).then(|| view! { <span class="badge badge-critical">"Critical"</span> })}
            {match supply {
                Supply::Supervised => Some(view! { <span class="badge badge-supervised">"Supervised"</span> }),
                Supply::InPossession => Some(view! { <span class="badge badge-ip">"In possession"</span> }),
                Supply::NotInPossession => None,
            }}
        </span>
    }
}

/// A regular dose due at this round: one tap for the common case, a confirmation step when a
/// rule needs one (swallow seen, controlled-drug witness, look-alike name).
#[component]
pub fn DoseCard(
    dose: RoundDose,
    identity: PatientIdentity,
    round: Signal<Option<(NaiveDate, NaiveTime)>>,
) -> impl IntoView {
    let queued = use_context::<OfflineRound>()
        .and_then(|offline| offline.queued_for(dose.prescription_id, round.get_untracked()));
    let facts = OfflineFacts {
        cd_schedule: dose.cd_schedule,
        ost_review_required: dose.ost_review_required,
        prn: None,
    };
    let r = Recording::new(dose.recorded.clone().or(queued), facts);
    let supervised = dose.supply == Supply::Supervised;
    let in_possession = dose.supply == Supply::InPossession;
    let witness = dose.needs_witness();
    let look_alike = identity.look_alike;
    let needs_confirmation = supervised || witness || look_alike;
    let prescription_id = dose.prescription_id;
    let label = format!("{} {} {}", dose.product_name, dose.dose, dose.dose_unit);
    let given_outcome =
        if in_possession { AdministrationOutcome::SelfAdministered } else { AdministrationOutcome::Given };
    let stopped_for_review = dose.ost_review_required;
    let away = identity.away;

    let give = move |_| {
        r.message.set(None);
        if needs_confirmation {
            r.step.set(Step::ConfirmingGiven);
        } else {
            r.send(prescription_id, round.get_untracked(), given_outcome);
        }
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if look_alike && !r.identity_checked.get_untracked() {
            r.message.set(Some("Confirm you have checked the patient's identity.".to_owned()));
            return;
        }
        match check_outcome(given_outcome, "", supervised, r.swallowed.get_untracked(), in_possession) {
            Err((_, message)) => r.message.set(Some(message)),
            Ok(()) => r.send(prescription_id, round.get_untracked(), given_outcome),
        }
    };
    let save_not_given = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(outcome) = r.outcome.get_untracked() else {
            r.message.set(Some("Choose why the dose was not given.".to_owned()));
            return;
        };
        match check_outcome(outcome, &r.reason.get_untracked(), supervised, false, in_possession) {
            Err((_, message)) => r.message.set(Some(message)),
            Ok(()) => r.send(prescription_id, round.get_untracked(), outcome),
        }
    };
    let id = prescription_id.to_string();
    let not_given_choices: Vec<AdministrationOutcome> =
        AdministrationOutcome::ALL.into_iter().filter(|o| o.needs_reason()).collect();

    view! {
        <div class="dose-card" data-testid="dose" data-prescription-id=prescription_id.to_string() data-state=move || if r.recorded.get().is_some() { "recorded" } else { "due" }>
            <div class="dose-what">
                <strong class="product">{dose.product_name.clone()}</strong>
                <span class="amount">{dose.dose.to_string()} " " {dose.dose_unit.clone()} " · " {dose.route.clone()}</span>
                {badges(dose.supply, dose.cd_schedule, dose.is_ost, dose.critical_class.is_some())}
            </div>
            {move || match r.recorded.get() {
                Some(done) => view! { <RecordedLine done /> }.into_any(),
                None if stopped_for_review => view! {
                    <p class="dose-stopped" role="alert">
                        "Stop: opioid substitution missed for 3 or more days. A prescriber must review before the next dose."
                    </p>
                    <div class="dose-actions">
                        <button type="button" class="secondary big" on:click=move |_| r.step.set(Step::NotGiven)
                            aria-label=format!("Not given: {label}")>"Not given…"</button>
                    </div>
                }.into_any(),
                None => match r.step.get() {
                    Step::Choosing => view! {
                        <div class="dose-actions">
                            {(!away).then(|| view! {
                                <button type="button" class="primary big" on:click=give
                                    aria-label=format!("{}: {label}", given_outcome.title())>{given_outcome.title()}</button>
                            })}
                            <button type="button" class="secondary big" on:click=move |_| { r.message.set(None); r.step.set(Step::NotGiven) }
                                aria-label=format!("Not given: {label}")>"Not given…"</button>
                        </div>
                    }.into_any(),
                    Step::ConfirmingGiven => view! {
                        <ConfirmGiven r identity=identity.clone() supervised witness id=id.clone() on_submit=Callback::new(confirm) />
                    }.into_any(),
                    Step::NotGiven => view! {
                        <form class="dose-not-given" on:submit=save_not_given>
                            <fieldset>
                                <legend>"Why was it not given?"</legend>
                                {not_given_choices.iter().copied().map(|o| {
                                    let input_id = format!("outcome-{}-{}", id, o.as_db());
                                    let for_id = input_id.clone();
                                    view! {
                                        <label class="radio big-check" for=for_id>
                                            <input type="radio" id=input_id name=format!("outcome-{id}") value=o.as_db()
                                                on:change=move |_| r.outcome.set(Some(o)) />
                                            {o.title()}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <label for=format!("reason-{id}")>"Reason"</label>
                            <textarea id=format!("reason-{id}") rows="2" maxlength="500"
                                prop:value=r.reason on:input=move |ev| r.reason.set(event_target_value(&ev))></textarea>
                            <div class="dose-actions">
                                <button type="submit" class="primary big">"Save"</button>
                                <button type="button" class="secondary big" on:click=move |_| r.step.set(Step::Choosing)>"Cancel"</button>
                            </div>
                        </form>
                    }.into_any(),
                },
            }}
            {move || r.action.pending().get().then(|| view! { <p class="saving" role="status">"Saving…"</p> })}
            {move || r.notice.get().map(|m| view! { <p class="offline-notice" role="status">{m}</p> })}
            {move || r.message.get().map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
        </div>
    }
}

/// The step before a dose is saved when a rule needs more than one tap: who it is for, the
/// identity check for a look-alike name, the swallow seen, the controlled-drug witness.
#[component]
fn ConfirmGiven(
    r: Recording,
    identity: PatientIdentity,
    supervised: bool,
    witness: bool,
    id: String,
    on_submit: Callback<leptos::ev::SubmitEvent>,
) -> impl IntoView {
    view! {
        <form class="dose-confirm" on:submit=move |ev| on_submit.run(ev)>
            <p class="confirm-who">"Giving to " <strong>{identity.name.clone()}</strong> ", born " {identity.born.clone()} ", " {identity.prison_number.clone()}</p>
            {identity.look_alike.then(|| view! {
                <label class="check big-check">
                    <input type="checkbox" prop:checked=r.identity_checked
                        on:change=move |ev| r.identity_checked.set(event_target_checked(&ev)) />
                    "I have checked name, date of birth and prison number with the patient"
                </label>
            })}
            {supervised.then(|| view! {
                <label class="check big-check">
                    <input type="checkbox" prop:checked=r.swallowed
                        on:change=move |ev| r.swallowed.set(event_target_checked(&ev)) />
                    "I saw the dose swallowed"
                </label>
            })}
            {witness.then(|| view! { <WitnessFields r id=id.clone() /> })}
            <div class="dose-actions">
                <button type="submit" class="primary big">"Confirm given"</button>
                <button type="button" class="secondary big" on:click=move |_| r.step.set(Step::Choosing)>"Cancel"</button>
            </div>
        </form>
    }
}

#[component]
fn WitnessFields(r: Recording, id: String) -> impl IntoView {
    let user_id = format!("witness-user-{id}");
    let pass_id = format!("witness-pass-{id}");
    view! {
        <fieldset class="witness">
            <legend>"Controlled drug: second member of staff witnesses"</legend>
            <label for=user_id.clone()>"Witness username"</label>
            <input type="text" id=user_id autocomplete="off" autocapitalize="none" spellcheck="false"
                prop:value=r.witness_username on:input=move |ev| r.witness_username.set(event_target_value(&ev)) />
            <label for=pass_id.clone()>"Witness password"</label>
            <input type="password" id=pass_id autocomplete="off"
                prop:value=r.witness_password on:input=move |ev| r.witness_password.set(event_target_value(&ev)) />
        </fieldset>
    }
}

#[component]
fn RecordedLine(done: RecordedDose) -> impl IntoView {
    let class = if done.outcome.is_taken() { "recorded taken" } else { "recorded not-taken" };
    view! {
        <p class=class data-testid="recorded">
            <strong>{done.outcome.title()}</strong>
            " by " {done.recorded_by} " at " {format::time(done.recorded_at)}
            {done.witnessed_by.map(|w| format!(", witnessed by {w}"))}
            {done.reason.map(|r| format!(" · {r}"))}
        </p>
    }
}

/// A when-required medicine: when it was last given and whether another dose is allowed now.
#[component]
pub fn PrnCard(option: PrnOption, identity: PatientIdentity) -> impl IntoView {
    let facts = OfflineFacts {
        cd_schedule: option.cd_schedule,
        ost_review_required: false,
        prn: Some((option.limits, option.last_given_at, option.given_in_24h)),
    };
    let r = Recording::new(None, facts);
    let prescription_id = option.prescription_id;
    let witness = needs_witness(option.cd_schedule);
    let needs_confirmation = witness || identity.look_alike;
    let look_alike = identity.look_alike;
    let allowed = option.decision == PrnDecision::Allowed && !identity.away;
    let refusal = option.decision.message(option.limits);
    let label = format!("{} {} {}", option.product_name, option.dose, option.dose_unit);
    let give = move |_| {
        r.message.set(None);
        if needs_confirmation {
            r.step.set(Step::ConfirmingGiven);
        } else {
            r.send(prescription_id, None, AdministrationOutcome::Given);
        }
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if look_alike && !r.identity_checked.get_untracked() {
            r.message.set(Some("Confirm you have checked the patient's identity.".to_owned()));
            return;
        }
        r.send(prescription_id, None, AdministrationOutcome::Given);
    };
    let last = option
        .last_given_at
        .map(|t| format!("Last given {}", format::date_time(t)))
        .unwrap_or_else(|| "Not given in the last 7 days".to_owned());
    let id = prescription_id.to_string();
    view! {
        <div class="dose-card prn-card" data-testid="prn">
            <div class="dose-what">
                <strong class="product">{option.product_name.clone()}</strong>
                <span class="amount">{option.dose.to_string()} " " {option.dose_unit.clone()} " · " {option.route.clone()}</span>
                {badges(Supply::NotInPossession, option.cd_schedule, false, false)}
            </div>
            <p class="prn-history">
                {last} " · " {option.given_in_24h} " of " {option.limits.max_per_24h} " in 24 hours"
            </p>
            {move || match (r.recorded.get(), r.step.get()) {
                (Some(done), _) => view! { <RecordedLine done /> }.into_any(),
                (None, Step::ConfirmingGiven) => view! {
                    <ConfirmGiven r identity=identity.clone() supervised=false witness id=id.clone() on_submit=Callback::new(confirm) />
                }.into_any(),
                (None, _) => view! {
                    {refusal.clone().map(|m| view! { <p class="prn-refusal" data-testid="prn-refusal">{m}</p> })}
                    <div class="dose-actions">
                        <button type="button" class="primary big" disabled=!allowed on:click=give
                            aria-label=format!("Give dose when required: {label}")>"Give dose"</button>
                    </div>
                }.into_any(),
            }}
            {move || r.notice.get().map(|m| view! { <p class="offline-notice" role="status">{m}</p> })}
            {move || r.message.get().map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
        </div>
    }
}
