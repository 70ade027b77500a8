use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::{BreakGlassFilter, BreakGlassUse, ReviewBreakGlass, ReviewOutcome, load_break_glass_report};
use crate::components::{ErrorPanel, form_message, format};

/// Every break-glass use by the establishment's staff or of its patients, for the healthcare
/// manager to review.
#[component]
pub fn BreakGlassReportPage() -> impl IntoView {
    let today = format::local_date(chrono::Utc::now());
    let from = RwSignal::new(today - chrono::Duration::days(30));
    let to = RwSignal::new(today);
    let user = RwSignal::new(String::new());
    let prison_number = RwSignal::new(String::new());
    let unreviewed_only = RwSignal::new(true);
    let version = RwSignal::new(0u32);
    let filter = move || BreakGlassFilter {
        from: Some(from.get()),
        to: Some(to.get()),
        user: user.get(),
        prison_number: prison_number.get(),
        unreviewed_only: unreviewed_only.get(),
    };
    let uses = Resource::new(move || (filter(), version.get()), |(f, _)| load_break_glass_report(f));
    let on_reviewed = Callback::new(move |()| version.update(|v| *v += 1));
    let date_input = move |signal: RwSignal<NaiveDate>| {
        move |ev: leptos::ev::Event| {
            if let Ok(d) = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
                signal.set(d);
            }
        }
    };
    view! {
        <Title text="Break-glass report · Throughcare" />
        <h1>"Break-glass report"</h1>
        <p class="muted">"Records opened outside a care relationship by your staff, or of patients held here at the time. Review each one."</p>
        <form class="card filters" aria-label="Filter break-glass uses" on:submit=|ev| ev.prevent_default()>
            <div class="field"><label for="bg-from">"From"</label>
                <input id="bg-from" type="date" prop:value=move || from.get().to_string() on:change=date_input(from) /></div>
            <div class="field"><label for="bg-to">"To"</label>
                <input id="bg-to" type="date" prop:value=move || to.get().to_string() on:change=date_input(to) /></div>
            <div class="field"><label for="bg-user">"Member of staff"</label>
                <input id="bg-user" type="search" prop:value=move || user.get() on:change=move |ev| user.set(event_target_value(&ev)) /></div>
            <div class="field"><label for="bg-patient">"Prison number"</label>
                <input id="bg-patient" type="search" prop:value=move || prison_number.get() on:change=move |ev| prison_number.set(event_target_value(&ev)) /></div>
            <div class="field checkbox"><input id="bg-unreviewed" type="checkbox" prop:checked=move || unreviewed_only.get()
                on:change=move |ev| unreviewed_only.set(event_target_checked(&ev)) />
                <label for="bg-unreviewed">"Not yet reviewed here only"</label></div>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match uses.await {
                    Ok(list) if list.is_empty() => view! { <p class="card" data-testid="break-glass-empty">"No break-glass use matches."</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="break-glass-uses" data-testid="break-glass-uses">
                            {list.into_iter().map(|u| view! { <UseRow item=u on_reviewed /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UseRow(item: BreakGlassUse, on_reviewed: Callback<()>) -> impl IntoView {
    let heading = format!(
        "{} ({}) opened {} {}",
        item.staff_name, item.staff_role, item.patient_name, item.prison_number
    );
    let place = match &item.patient_at {
        Some(code) => format!("Working at {}; patient held at {}", item.from_establishment, code),
        None => format!("Working at {}; patient not held anywhere at the time", item.from_establishment),
    };
    view! {
        <li class="card break-glass-use" data-testid="break-glass-use">
            <h2 class="h3">{heading}</h2>
            <p class="muted">{format::date_time(item.started_at)} " until " {format::time(item.expires_at)} " · " {place}</p>
            <p><strong>"Reason: "</strong>{item.reason.clone()}</p>
            {item.reviews.iter().map(|r| view! {
                <p data-testid="break-glass-reviewed">
                    <strong>{match r.outcome { ReviewOutcome::Appropriate => "Appropriate", ReviewOutcome::Inappropriate => "Inappropriate" }}</strong>
                    " · reviewed for " {r.establishment.clone()} " by " {r.by.clone()} " on " {format::date_time(r.at)}
                    {(!r.note.is_empty()).then(|| format!(" · {}", r.note))}
                </p>
            }).collect_view()}
            {match (item.review_due_here, item.own_use) {
                (true, false) => view! { <ReviewForm id=item.id on_reviewed /> }.into_any(),
                (true, true) => view! {
                    <p class="muted" data-testid="break-glass-own-use">"Your own use: another healthcare manager reviews it."</p>
                }.into_any(),
                (false, _) => ().into_any(),
            }}
        </li>
    }
}

#[component]
fn ReviewForm(id: Uuid, on_reviewed: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ReviewBreakGlass>::new();
    let outcome = RwSignal::new(ReviewOutcome::Appropriate);
    let note = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            on_reviewed.run(());
        }
    });
    let outcome_id = format!("review-outcome-{id}");
    let note_id = format!("review-note-{id}");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ReviewBreakGlass {
            id,
            outcome: outcome.get_untracked(),
            note: note.get_untracked(),
        });
    };
    view! {
        <form class="inline-form review-form" on:submit=on_submit>
            <label for=outcome_id.clone()>"Review"</label>
            <select id=outcome_id on:change=move |ev| outcome.set(if event_target_value(&ev) == "inappropriate" { ReviewOutcome::Inappropriate } else { ReviewOutcome::Appropriate })>
                <option value="appropriate">"Appropriate"</option>
                <option value="inappropriate">"Inappropriate"</option>
            </select>
            <label for=note_id.clone()>"Note"</label>
            <input id=note_id type="text" maxlength=crate::domain::free_text::FreeText::Note.max_chars() prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            <button type="submit" class="secondary">"Record review"</button>
            <span class="field-error" role="alert">{move || form_message(action.value().get())}</span>
        </form>
    }
}
