//! `/app`: the account owner's side, which Stone plays in its own app and
//! OpenBank platforms cannot finish their flows without: the owner's
//! accounts, balance and statement, the cash-outs waiting for approval
//! (approve or reject one, or a selection at once), the consents given to
//! platforms and their revocation, the webhook deliveries, and buttons that
//! make money arrive from other banks (a TED, an issued boleto paid, a Pix to
//! the account's key).
//!
//! Plain server-rendered HTML with forms: it works without JavaScript. Every
//! action calls the same handler the admin API serves (`decide_as_owner`,
//! `consent::revoke`, `cash_in`, `pix::inbound::pay`), then redirects back
//! (303) with what happened. It is guarded as `/admin` is (`admin_access`).

use crate::domain::invoices;
use crate::domain::operations::lifecycle;
use crate::domain::pix::keys;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::cash_in;
use crate::http::consent;
use crate::http::operations::endpoints;
use crate::http::pix::inbound;
use crate::http::server::App;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::sync::Arc;

/// Text for HTML: every name, description and key comes from callers.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Centavos as people read them: `R$ 1.234,56` (`-R$ 0,50`).
fn reais(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let units = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, d) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(d);
    }
    format!("{sign}R$ {grouped},{:02}", abs % 100)
}

/// `123`, `123,4`, `123,45` or `123.45` reais as centavos; anything else
/// (signs, thousands separators, three decimals, too large) is refused.
fn parse_reais(text: &str) -> Option<i64> {
    let text = text.trim();
    let (units, frac) = match text.split_once([',', '.']) {
        Some((u, f)) => (u, f),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || units.len() > 13 {
        return None;
    }
    let cents = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse::<i64>().ok()?,
    };
    let total = units
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)?;
    (total > 0).then_some(total)
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=pt-BR><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width, initial-scale=1\">\
         <title>{} · app do titular (sandbox)</title>\
         <style>body{{font:15px system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}}\
         .msg{{background:#e8f5e9;padding:.5rem}}.err{{background:#fdecea;padding:.5rem}}\
         section{{margin:1.5rem 0}}form.inline{{display:inline}}</style>\
         <p><a href=/app>Contas</a> · sandbox do stone-openbank (um SDK independente, não um produto da Stone)</p>\
         {body}</html>",
        esc(title)
    ))
}

/// `GET /app`: the accounts, by owner.
pub async fn index(State(app): State<Arc<App>>) -> Html<String> {
    let store = app.store.lock();
    let mut body = String::from(
        "<h1>App do titular</h1><p>Escolha a conta do titular que você representa.</p><ul>",
    );
    for a in &store.accounts {
        let _ = write!(
            body,
            "<li><a href=\"/app/accounts/{}\">{}</a> — conta {} · {}</li>",
            esc(&a.id),
            esc(&a.owner_name),
            esc(&a.account_code),
            reais(a.balance)
        );
    }
    body.push_str("</ul>");
    page("Contas", &body)
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    err: Option<String>,
}

/// `GET /app/accounts/{id}`: everything the owner sees of one account.
pub async fn account(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(notice): Query<Notice>,
) -> Response {
    let store = app.store.lock();
    let Some(a) = store.account(&id) else {
        return (
            StatusCode::NOT_FOUND,
            page("Conta não encontrada", "<h1>Conta não encontrada</h1>"),
        )
            .into_response();
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p>Conta {} · agência {} · documento {}</p>",
        esc(&a.owner_name),
        esc(&a.account_code),
        esc(&a.branch_code),
        esc(&a.owner_document)
    );
    if let Some(msg) = &notice.msg {
        let _ = write!(b, "<p class=msg role=status>{}</p>", esc(msg));
    }
    if let Some(err) = &notice.err {
        let _ = write!(b, "<p class=err role=alert>{}</p>", esc(err));
    }
    let _ = write!(
        b,
        "<section><h2>Saldo</h2><p id=balance>{}</p><p>Bloqueado {} · agendado {}</p></section>",
        reais(a.balance),
        reais(a.blocked_balance),
        reais(a.scheduled_balance)
    );

    // Waiting for the owner.
    b.push_str("<section><h2>Aguardando sua aprovação</h2>");
    let pending: Vec<_> = store
        .operations
        .iter()
        .filter(|o| o.account_id == id && lifecycle::awaits_approval(o))
        .collect();
    if pending.is_empty() {
        b.push_str("<p>Nada aguardando aprovação.</p>");
    } else {
        let _ = write!(
            b,
            "<form method=post action=\"/app/accounts/{}/decisions\"><table><tr><th></th><th>Operação</th><th>Valor</th><th>Descrição</th><th>Pedida por</th><th></th></tr>",
            esc(&id)
        );
        for o in &pending {
            let _ = write!(
                b,
                "<tr data-operation=\"{id}\"><td><input type=checkbox name=op value=\"{id}\" aria-label=\"selecionar {id}\"></td>\
                 <td>{kind}</td><td>{amount}</td><td>{desc}</td><td>{by}</td>\
                 <td><button name=single value=\"approve:{id}\">Aprovar</button> <button name=single value=\"reject:{id}\">Recusar</button></td></tr>",
                id = esc(&o.id),
                kind = esc(o.kind.operation_type()),
                amount = reais(o.amount),
                desc = esc(o.description.as_deref().unwrap_or_default()),
                by = esc(&o.created_by),
            );
        }
        b.push_str(
            "</table><p><button name=batch value=approve>Aprovar selecionadas</button> \
             <button name=batch value=reject>Recusar selecionadas</button></p></form>",
        );
    }
    b.push_str("</section>");

    // Consents.
    b.push_str("<section><h2>Aplicações com acesso</h2><table><tr><th>Aplicação</th><th>Modelo</th><th></th></tr>");
    let mut granted: Vec<_> = store
        .access
        .iter()
        .filter(|(_, ids)| ids.contains(&id))
        .map(|(client, _)| client.clone())
        .collect();
    granted.sort();
    for client in &granted {
        let (name, model) = store
            .applications
            .get(client)
            .map_or(("?".to_owned(), "?".to_owned()), |a| {
                (a.name.clone(), format!("{:?}", a.model))
            });
        let _ = write!(
            b,
            "<tr><td>{} <small>({})</small></td><td>{}</td><td><form class=inline method=post action=\"/app/accounts/{}/consents/{}/revoke\"><button>Revogar acesso</button></form></td></tr>",
            esc(&name),
            esc(client),
            esc(&model),
            esc(&id),
            esc(client)
        );
    }
    b.push_str("</table></section>");

    // Money arriving.
    let _ = write!(
        b,
        "<section><h2>Simular dinheiro chegando</h2>\
         <form method=post action=\"/app/accounts/{id}/simulate/ted\"><h3>TED de outro banco</h3>\
         <label>Valor (R$) <input name=amount inputmode=decimal required placeholder=\"150,00\"></label> \
         <label>Remetente <input name=name value=\"Remetente Externo\"></label> \
         <label>CPF/CNPJ <input name=document value=\"12345678909\"></label> <button>Receber TED</button></form>",
        id = esc(&id)
    );
    if let Some(key) = store
        .pix_keys
        .iter()
        .find(|k| k.account_id == id && k.key_status == keys::KeyStatus::Active)
    {
        let _ = write!(
            b,
            "<form method=post action=\"/app/accounts/{}/simulate/pix\"><h3>Pix para a chave {}</h3>\
             <input type=hidden name=key value=\"{}\"><label>Valor (R$) <input name=amount inputmode=decimal required></label> <button>Receber Pix</button></form>",
            esc(&id),
            esc(&key.key),
            esc(&key.key)
        );
    }
    let open: Vec<_> = store
        .invoices
        .iter()
        .filter(|i| i.account_id == id && i.status == invoices::InvoiceStatus::Registered)
        .collect();
    if !open.is_empty() {
        b.push_str("<h3>Boletos emitidos, pagos em outro banco</h3><ul>");
        for i in open {
            let _ = write!(
                b,
                "<li>{} — {} <form class=inline method=post action=\"/app/accounts/{}/simulate/boleto/{}\"><button>Simular pagamento</button></form></li>",
                esc(&i.writable_line),
                reais(i.amount),
                esc(&id),
                esc(&i.id)
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");

    // Statement.
    b.push_str("<section><h2>Extrato</h2><table><tr><th>Quando</th><th>Tipo</th><th>Valor</th><th>Saldo depois</th><th>Descrição</th></tr>");
    for e in store
        .entries
        .iter()
        .rev()
        .filter(|e| *e.account_id == *id)
        .take(20)
    {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.created_at.iso()),
            esc(e.kind.as_str()),
            reais(e.amount),
            reais(e.balance_after),
            esc(&e.description)
        );
    }
    b.push_str("</table></section>");

    // Webhooks of the applications that see this account.
    b.push_str("<section><h2>Webhooks entregues às aplicações</h2><table><tr><th>Quando</th><th>Evento</th><th>Aplicação</th><th>Tentativa</th><th>Resposta</th></tr>");
    for w in store
        .webhook_attempts
        .iter()
        .rev()
        .filter(|w| granted.contains(&w.client_id))
        .take(20)
    {
        let answer = match (w.status, &w.error) {
            (Some(s), _) => s.to_string(),
            (None, Some(e)) => e.clone(),
            (None, None) => "—".into(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            esc(&w.at),
            esc(&w.event_type),
            esc(&w.client_id),
            w.attempt,
            esc(&answer),
            if w.delivered { " ✔" } else { "" }
        );
    }
    b.push_str("</table></section>");
    page(&a.owner_name, &b).into_response()
}

/// Back to the account page, saying what happened.
fn back(id: &str, outcome: Result<String, String>) -> Redirect {
    let (k, v) = match outcome {
        Ok(m) => ("msg", m),
        Err(e) => ("err", e),
    };
    let query = serde_urlencoded::to_string([(k, v)]).unwrap_or_default();
    // The id goes back into the path: only the characters ids have.
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Redirect::to(&format!("/app/accounts/{id}?{query}"))
}

/// Why an action was refused, for the page.
fn refusal(e: &Refusal) -> String {
    e.body
        .get("message")
        .or_else(|| e.body.get("type"))
        .and_then(Value::as_str)
        .map_or_else(|| e.body.to_string(), str::to_owned)
}

/// `POST /app/accounts/{id}/decisions`: `single=approve:<op>` for one
/// operation, or `batch=approve|reject` with the checked `op`s.
pub async fn decisions(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Redirect {
    fn field<'f>(fields: &'f [(String, String)], name: &'f str) -> impl Iterator<Item = &'f str> {
        fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    let field = |name: &'static str| field(&fields, name);
    let (approve, chosen): (bool, Vec<&str>) = if let Some(single) = field("single").next() {
        match single.split_once(':') {
            Some((action, op)) => (action == "approve", vec![op]),
            None => return back(&id, Err("pedido inválido".into())),
        }
    } else {
        match field("batch").next() {
            Some(action) => (action == "approve", field("op").collect()),
            None => return back(&id, Err("pedido inválido".into())),
        }
    };
    if chosen.is_empty() {
        return back(&id, Err("nenhuma operação selecionada".into()));
    }
    let mut done = 0;
    for op in chosen {
        // Only this account's operations, whatever the form says.
        let kind = {
            let store = app.store.lock();
            store
                .operations
                .iter()
                .find(|o| o.id == op && o.account_id == id)
                .map(|o| o.kind)
        };
        let Some(kind) = kind else {
            return back(&id, Err(format!("operação {op} não é desta conta")));
        };
        let decided = endpoints::decide_as_owner(kind, app.clone(), op.to_owned(), approve).await;
        if let Err(e) = decided {
            return back(&id, Err(format!("{op}: {}", refusal(&e))));
        }
        done += 1;
    }
    let verb = if approve {
        "aprovada(s)"
    } else {
        "recusada(s)"
    };
    back(&id, Ok(format!("{done} operação(ões) {verb}")))
}

/// `POST /app/accounts/{id}/consents/{client_id}/revoke`.
pub async fn revoke(
    State(app): State<Arc<App>>,
    Path((id, client_id)): Path<(String, String)>,
) -> Redirect {
    let outcome = consent::revoke(State(app), Path((client_id.clone(), id.clone()))).await;
    back(
        &id,
        outcome
            .map(|_| format!("acesso de {client_id} revogado"))
            .map_err(|e| refusal(&e)),
    )
}

#[derive(Debug, Deserialize)]
pub struct Arriving {
    amount: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    key: Option<String>,
}

/// `POST /app/accounts/{id}/simulate/ted|pix`.
pub async fn simulate(
    State(app): State<Arc<App>>,
    Path((id, what)): Path<(String, String)>,
    Form(form): Form<Arriving>,
) -> Redirect {
    let Some(amount) = parse_reais(&form.amount) else {
        return back(
            &id,
            Err(format!("valor inválido: {:?} (use 150,00)", form.amount)),
        );
    };
    let outcome = match what.as_str() {
        "ted" => {
            let mut body = json!({"account_id": id, "amount": amount});
            if let (Some(name), Some(document)) = (&form.name, &form.document) {
                body["sender"] = json!({"name": name, "document": document});
            }
            match serde_json::from_value(body) {
                Ok(ted) => cash_in::external_transfer(State(app), Json(ted))
                    .await
                    .map(|_| format!("TED de {} recebida", reais(amount))),
                Err(e) => Err(Refusal::with_message(
                    Class::Invalid,
                    "validation",
                    &e.to_string(),
                )),
            }
        }
        "pix" => {
            let body = json!({"key": form.key, "amount": amount});
            match serde_json::from_value(body) {
                Ok(pix) => inbound::pay(State(app), Json(pix))
                    .await
                    .map(|_| format!("Pix de {} recebido", reais(amount))),
                Err(e) => Err(Refusal::with_message(
                    Class::Invalid,
                    "validation",
                    &e.to_string(),
                )),
            }
        }
        _ => Err(Refusal::not_found()),
    };
    back(&id, outcome.map_err(|e| refusal(&e)))
}

/// `POST /app/accounts/{id}/simulate/boleto/{invoice_id}`.
pub async fn simulate_boleto(
    State(app): State<Arc<App>>,
    Path((id, invoice)): Path<(String, String)>,
) -> Redirect {
    let outcome = cash_in::boleto_paid(State(app), Path(invoice), None).await;
    back(
        &id,
        outcome
            .map(|Json(inv)| {
                if inv["status"] == "SETTLED" {
                    "boleto pago".to_owned()
                } else {
                    "pagamento devolvido: o boleto passou da data limite".to_owned()
                }
            })
            .map_err(|e| refusal(&e)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_and_writes_as_people_use_it() {
        assert_eq!(reais(123_456), "R$ 1.234,56");
        assert_eq!(reais(5), "R$ 0,05");
        assert_eq!(reais(-50), "-R$ 0,50");
        assert_eq!(reais(100_000_000), "R$ 1.000.000,00");
        assert_eq!(parse_reais("150,00"), Some(15_000));
        assert_eq!(parse_reais("150.5"), Some(15_050));
        assert_eq!(parse_reais("7"), Some(700));
        for bad in [
            "",
            "-5",
            "1.000,00",
            "1,234",
            "abc",
            "0",
            "0,00",
            "99999999999999",
        ] {
            assert_eq!(parse_reais(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<script>\"x\"&'y'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;"
        );
    }
}
