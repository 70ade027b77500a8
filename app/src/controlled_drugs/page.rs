use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    CdStockEntry, CdStockLine, RecordCdStockEntry, STOCK_ENTRY_KINDS, load_cd_entries, load_cd_register,
    signed_change,
};
use crate::components::{ErrorPanel, format};
use crate::error::AppError;

/// The establishment's controlled-drugs register: balances, each product's entries, and (for
/// pharmacists and managers) witnessed receipts, returns and adjustments.
#[component]
pub fn ControlledDrugsPage() -> impl IntoView {
    let record = ServerAction::<RecordCdStockEntry>::new();
    let register = Resource::new(move || record.version().get(), |_| load_cd_register());
    let selected = RwSignal::new(None::<(i64, String)>);
    let entries = Resource::new(
        move || (selected.get().map(|s| s.0), record.version().get()),
        |(code, _)| async move {
            match code {
                Some(code) => load_cd_entries(code).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text="Controlled drugs register · Throughcare" />
        <div class="page-head">
            <h1>"Controlled drugs register"</h1>
            <a href="/never-in-possession">"Never-in-possession list"</a>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading the register…"</p> }>
            {move || Suspend::new(async move {
                match register.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(r) => view! {
                        {r.may_manage.then(|| view! { <StockEntryForm stock=r.stock.clone() record /> })}
                        <section class="card" aria-labelledby="cd-balances">
                            <h2 id="cd-balances">"Balances"</h2>
                            <table class="compact" data-testid="cd-balances">
                                <thead><tr><th scope="col">"Product"</th><th scope="col">"Schedule"</th><th scope="col" class="num">"Balance"</th><th scope="col">"Last change"</th><th scope="col"><span class="visually-hidden">"Register"</span></th></tr></thead>
                                <tbody>
                                    {r.stock.into_iter().map(|line| {
                                        let choice = (line.product_code, line.product_name.clone());
                                        view! {
                                            <tr>
                                                <th scope="row">{line.product_name.clone()}</th>
                                                <td>{line.cd_schedule}</td>
                                                <td class="num">{line.balance.to_string()} " " {line.dose_unit.clone()}</td>
                                                <td>{line.updated_at.map(format::date_time).unwrap_or_else(|| "Never stocked".to_owned())}</td>
                                                <td><button type="button" class="secondary small"
                                                    aria-label=format!("Show register entries for {}", line.product_name)
                                                    on:click=move |_| selected.set(Some(choice.clone()))>"Entries"</button></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(lines)) => view! {
                        <section class="card" aria-labelledby="cd-entries">
                            <h2 id="cd-entries">"Register: " {move || selected.get().map(|s| s.1).unwrap_or_default()}</h2>
                            <table class="compact" data-testid="cd-entries">
                                <thead><tr><th scope="col">"When"</th><th scope="col">"Entry"</th><th scope="col" class="num">"Change"</th><th scope="col" class="num">"Balance"</th><th scope="col">"Patient"</th><th scope="col">"By"</th><th scope="col">"Witness"</th><th scope="col">"Note"</th></tr></thead>
                                <tbody>
                                    {lines.into_iter().map(|l| view! {
                                        <tr>
                                            <td>{format::date_time(l.recorded_at)}</td>
                                            <td>{format::title_case(&l.kind)}</td>
                                            <td class="num">{l.quantity.to_string()}</td>
                                            <td class="num">{l.balance_after.to_string()}</td>
                                            <td>{l.prison_number.unwrap_or_default()}</td>
                                            <td>{l.recorded_by}</td>
                                            <td>{l.witnessed_by}</td>
                                            <td>{l.note}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StockEntryForm(stock: Vec<CdStockLine>, record: ServerAction<RecordCdStockEntry>) -> impl IntoView {
    let entry = RwSignal::new(CdStockEntry { kind: "receipt".into(), ..Default::default() });
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| match record.value().get() {
        Some(Ok(balance)) => {
            message.set(Some(format!("Recorded. The balance is now {balance}.")));
            entry.update(|e| {
                e.quantity.clear();
                e.note.clear();
                e.witness_password.clear();
            });
        }
        Some(Err(AppError::Invalid { message: m, .. })) => message.set(Some(m)),
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = entry.get_untracked();
        if e.product_code == 0 {
            message.set(Some("Choose the product.".to_owned()));
            return;
        }
        match signed_change(&e) {
            Err((_, m)) => message.set(Some(m)),
            Ok(_) => {
                message.set(None);
                record.dispatch(RecordCdStockEntry { entry: e });
            }
        }
    };
    let text = move |f: fn(&mut CdStockEntry) -> &mut String| {
        move |ev| {
            let v = event_target_value(&ev);
            entry.update(|e| *f(e) = v);
        }
    };
    view! {
        <details class="card record-form">
            <summary>"Record a receipt, return or adjustment"</summary>
            <form on:submit=on_submit novalidate>
                <label for="cd-product">"Product"</label>
                <select id="cd-product" on:change=move |ev| {
                    let code = event_target_value(&ev).parse().unwrap_or(0);
                    entry.update(|e| e.product_code = code);
                }>
                    <option value="0">"Choose…"</option>
                    {stock.into_iter().map(|s| view! { <option value=s.product_code.to_string()>{s.product_name} " (" {s.dose_unit} ")"</option> }).collect_view()}
                </select>
                <fieldset>
                    <legend>"Entry"</legend>
                    {STOCK_ENTRY_KINDS.iter().map(|(code, title)| {
                        let id = format!("cd-kind-{code}");
                        let for_id = id.clone();
                        view! {
                            <label class="radio" for=for_id>
                                <input type="radio" id=id name="cd-kind" prop:checked=move || entry.with(|e| e.kind == *code)
                                    on:change=move |_| entry.update(|e| e.kind = (*code).to_owned()) />
                                {*title}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="form-grid">
                    <div>
                        <label for="cd-quantity">"Quantity"</label>
                        <input type="text" inputmode="decimal" id="cd-quantity" autocomplete="off"
                            prop:value=move || entry.with(|e| e.quantity.clone()) on:input=text(|e| &mut e.quantity) />
                    </div>
                    <div hidden=move || entry.with(|e| e.kind != "adjustment")>
                        <label class="check" for="cd-down">
                            <input type="checkbox" id="cd-down" prop:checked=move || entry.with(|e| e.adjust_down)
                                on:change=move |ev| entry.update(|e| e.adjust_down = event_target_checked(&ev)) />
                            "Count is lower than the register (take away)"
                        </label>
                    </div>
                </div>
                <label for="cd-note">"Note (supplier, invoice, reason)"</label>
                <input type="text" id="cd-note" maxlength="500" autocomplete="off"
                    prop:value=move || entry.with(|e| e.note.clone()) on:input=text(|e| &mut e.note) />
                <fieldset class="witness">
                    <legend>"Second member of staff witnesses"</legend>
                    <label for="cd-witness-user">"Witness username"</label>
                    <input type="text" id="cd-witness-user" autocomplete="off" autocapitalize="none"
                        prop:value=move || entry.with(|e| e.witness_username.clone()) on:input=text(|e| &mut e.witness_username) />
                    <label for="cd-witness-pass">"Witness password"</label>
                    <input type="password" id="cd-witness-pass" autocomplete="off"
                        prop:value=move || entry.with(|e| e.witness_password.clone()) on:input=text(|e| &mut e.witness_password) />
                </fieldset>
                <button type="submit" class="primary">"Record entry"</button>
                {move || message.get().map(|m| view! { <p class="form-status" role="status" data-testid="cd-message">{m}</p> })}
            </form>
        </details>
    }
}
