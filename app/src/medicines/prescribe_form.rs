use chrono::NaiveDate;
use leptos::prelude::*;

use super::{MedicineProduct, Prescribe, PrescriptionRequest, RoundTime, search_medicines};
use crate::components::ErrorPanel;
use crate::domain::prescribing::{PrescriptionKind, ProductRules, Supply, check_prescription};
use crate::domain::round_schedule::london_date;
use crate::error::AppError;
use crate::record::refresh_record_on_success;

/// Prescribing: find the product by typing, then dose, timing, supply and dates. The shared rule
/// runs in the browser first; the server checks it again, with allergies and the
/// never-in-possession list.
#[component]
pub fn PrescribeForm(prison_number: Signal<String>, round_times: Vec<RoundTime>) -> impl IntoView {
    let action = ServerAction::<Prescribe>::new();
    refresh_record_on_success(action);
    let typed = RwSignal::new(String::new());
    // Fetched in the browser only: the list exists only once someone types.
    let matches = LocalResource::new(move || search_medicines(typed.get()));
    let product = RwSignal::new(None::<MedicineProduct>);
    let request = RwSignal::new(PrescriptionRequest {
        kind: Some(PrescriptionKind::Regular),
        supply: Some(Supply::NotInPossession),
        ..Default::default()
    });
    let today = london_date(chrono::Utc::now());
    let starts = RwSignal::new(today.format("%Y-%m-%d").to_string());
    let review = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let needs_override = RwSignal::new(false);
    let details = NodeRef::<leptos::html::Details>::new();
    let changing = use_context::<super::ChangingPrescription>().map(|c| c.0);
    // Choosing "Change…" on a prescription fills the form from it and opens it.
    Effect::new(move |_| {
        let Some(current) = changing.and_then(|c| c.get()) else { return };
        product.set(Some(current.product()));
        request.set(current.change_request(london_date(chrono::Utc::now())));
        needs_override.set(current.allergy_override_reason.is_some());
        starts.set(london_date(chrono::Utc::now()).format("%Y-%m-%d").to_string());
        review.set(current.review_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default());
        ends.set(current.ends_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default());
        if let Some(d) = details.get_untracked() {
            d.set_open(true);
            d.scroll_into_view();
        }
    });

    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            message.set(None);
            needs_override.set(false);
            if let Some(c) = changing {
                c.set(None);
            }
            product.set(None);
            request.set(PrescriptionRequest {
                kind: Some(PrescriptionKind::Regular),
                supply: Some(Supply::NotInPossession),
                ..Default::default()
            });
        }
        Some(Err(AppError::Invalid { field, message: m })) => {
            needs_override.set(field == "allergy_override_reason" || needs_override.get_untracked());
            message.set(Some(m));
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });

    let on_type = crate::components::typing::settle_into(typed);
    let parse_date = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = product.get_untracked() else {
            message.set(Some("Search for the medicine and choose one from the list.".to_owned()));
            return;
        };
        let mut r = request.get_untracked();
        r.product_code = Some(chosen.code);
        r.starts_on = parse_date(starts.get_untracked());
        r.review_on = parse_date(review.get_untracked());
        r.ends_on = parse_date(ends.get_untracked());
        if r.kind == Some(PrescriptionKind::Prn) {
            r.round_times.clear();
        } else {
            r.prn_min_interval_minutes = None;
            r.prn_max_per_24h = None;
        }
        let rules = ProductRules {
            is_ost: chosen.is_ost,
            cd_schedule: chosen.cd_schedule,
            never_in_possession_here: chosen.never_in_possession_here,
        };
        let checked = r.draft().and_then(|d| check_prescription(&d, rules, london_date(chrono::Utc::now())));
        match checked {
            Err((_, m)) => message.set(Some(m)),
            Ok(_) => {
                message.set(None);
                action.dispatch(Prescribe { prison_number: prison_number.get_untracked(), request: r });
            }
        }
    };
    let is_prn = move || request.with(|r| r.kind == Some(PrescriptionKind::Prn));
    let set = move |f: &dyn Fn(&mut PrescriptionRequest)| request.update(|r| f(r));
    let set = StoredValue::new(set);

    view! {
        <details class="record-form prescribe" node_ref=details>
            <summary>"Prescribe"</summary>
            <form on:submit=on_submit novalidate>
                {move || changing.and_then(|c| c.get()).map(|p| view! {
                    <p class="notice" data-testid="changing">
                        "Changing " <strong>{p.product_name.clone()}</strong>
                        ": saving stops the current prescription and starts this one in its place. "
                        <button type="button" class="secondary small" on:click=move |_| {
                            if let Some(c) = changing { c.set(None); }
                            request.update(|r| r.replaces_id = None);
                        }>"Cancel the change"</button>
                    </p>
                })}
                <label for="medicine-search">"Medicine"</label>
                <input type="search" id="medicine-search" autocomplete="off" on:input=on_type
                    placeholder="e.g. paracetamol, methadone, sertraline" />
                {move || product.get().map(|p| view! {
                    <p class="chosen" data-testid="chosen-medicine">"Chosen: " <strong>{p.name.clone()}</strong>
                        {p.never_in_possession_here.then_some(" · never in possession here")}</p>
                })}
                {move || {
                        match matches.get() {
                            None => ().into_any(),
                            Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => ().into_any(),
                            Some(Ok(list)) => view! {
                                <fieldset class="concepts">
                                    <legend>"Choose the product"</legend>
                                    {list.into_iter().map(|m| {
                                        let id = format!("product-{}", m.code);
                                        let chosen = m.clone();
                                        view! {
                                            <label class="check" for=id.clone()>
                                                <input type="radio" id=id.clone() name="product" value=m.code.to_string()
                                                    on:change=move |_| {
                                                        let c = chosen.clone();
                                                        if c.is_ost { set.with_value(|s| s(&|r| r.supply = Some(Supply::Supervised))); }
                                                        product.set(Some(c));
                                                    } />
                                                {m.name.clone()}
                                                {m.cd_schedule.map(|s| format!(" · CD Schedule {s}"))}
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }.into_any(),
                        }
                }}
                <div class="form-grid">
                    <div>
                        <label for="rx-dose">"Dose" {move || product.get().map(|p| format!(" ({})", p.dose_unit))}</label>
                        <input type="text" inputmode="decimal" id="rx-dose" autocomplete="off"
                            prop:value=move || request.with(|r| r.dose.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); set.with_value(|s| s(&|r| r.dose = v.clone())) } />
                    </div>
                    <fieldset>
                        <legend>"How often"</legend>
                        <label class="radio" for="rx-kind-regular">
                            <input type="radio" id="rx-kind-regular" name="kind" prop:checked=move || !is_prn()
                                on:change=move |_| set.with_value(|s| s(&|r| r.kind = Some(PrescriptionKind::Regular))) />"Regular, at rounds"
                        </label>
                        <label class="radio" for="rx-kind-prn">
                            <input type="radio" id="rx-kind-prn" name="kind" prop:checked=is_prn
                                on:change=move |_| set.with_value(|s| s(&|r| r.kind = Some(PrescriptionKind::Prn))) />"When required (PRN)"
                        </label>
                    </fieldset>
                </div>
                <fieldset class="round-times" hidden=is_prn>
                    <legend>"Rounds"</legend>
                    {round_times.into_iter().map(|t| {
                        let id = format!("rx-round-{}", t.time.format("%H%M"));
                        let time = t.time;
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || request.with(|r| r.round_times.contains(&time))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        set.with_value(|s| s(&|r| {
                                            r.round_times.retain(|x| *x != time);
                                            if on { r.round_times.push(time); r.round_times.sort(); }
                                        }));
                                    } />
                                {t.time.format("%H:%M").to_string()} " " {t.label}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="form-grid" hidden=move || !is_prn()>
                    <div>
                        <label for="rx-interval">"Minimum hours between doses"</label>
                        <input type="number" id="rx-interval" min="1" max="168" step="1"
                            on:input=move |ev| {
                                let v = event_target_value(&ev).trim().parse::<u32>().ok().map(|h| h * 60);
                                set.with_value(|s| s(&|r| r.prn_min_interval_minutes = v));
                            } />
                    </div>
                    <div>
                        <label for="rx-max">"Maximum doses in 24 hours"</label>
                        <input type="number" id="rx-max" min="1" max="24" step="1"
                            on:input=move |ev| {
                                let v = event_target_value(&ev).trim().parse::<u32>().ok();
                                set.with_value(|s| s(&|r| r.prn_max_per_24h = v));
                            } />
                    </div>
                </div>
                <fieldset>
                    <legend>"Supply"</legend>
                    {[(Supply::NotInPossession, "Not in possession (given at rounds)"), (Supply::Supervised, "Supervised (seen swallowed)"), (Supply::InPossession, "In possession (patient keeps it)")]
                        .into_iter().map(|(supply, title)| {
                            let id = format!("rx-supply-{}", supply.as_db());
                            view! {
                                <label class="radio" for=id.clone()>
                                    <input type="radio" id=id.clone() name="supply"
                                        prop:checked=move || request.with(|r| r.supply == Some(supply))
                                        on:change=move |_| set.with_value(|s| s(&|r| r.supply = Some(supply))) />
                                    {title}
                                </label>
                            }
                        }).collect_view()}
                </fieldset>
                <div class="form-grid">
                    <div>
                        <label for="rx-starts">"Start"</label>
                        <input type="date" id="rx-starts" prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev)) />
                    </div>
                    <div>
                        <label for="rx-review">"Review (optional)"</label>
                        <input type="date" id="rx-review" prop:value=review on:input=move |ev| review.set(event_target_value(&ev)) />
                    </div>
                    <div>
                        <label for="rx-ends">"End (optional)"</label>
                        <input type="date" id="rx-ends" prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev)) />
                    </div>
                </div>
                <label for="rx-indication">"Indication"</label>
                <input type="text" id="rx-indication" maxlength="500" autocomplete="off"
                    prop:value=move || request.with(|r| r.indication.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); set.with_value(|s| s(&|r| r.indication = v.clone())) } />
                <div hidden=move || !needs_override.get()>
                    <label for="rx-override">"Reason to prescribe despite the allergy"</label>
                    <input type="text" id="rx-override" maxlength="500" autocomplete="off"
                        prop:value=move || request.with(|r| r.allergy_override_reason.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); set.with_value(|s| s(&|r| r.allergy_override_reason = v.clone())) } />
                </div>
                <button type="submit" class="primary">"Prescribe"</button>
                {move || action.pending().get().then(|| view! { <p class="saving" role="status">"Saving…"</p> })}
                {move || message.get().map(|m| view! { <p class="error-message" role="alert" data-testid="prescribe-message">{m}</p> })}
            </form>
        </details>
    }
}
