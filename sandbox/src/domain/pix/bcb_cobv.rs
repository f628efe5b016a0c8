//! Charges with a due date in the BCB API (`/api/v1/cobv`, SPEC §6.14
//! #97–#100) and their batches (`/api/v1/lotecobv`, #105–#108).
//!
//! A `cobv` is the due-date charge of Stone's own API (`due`): its
//! `valor` modalities are read into Stone's terms (and written back from
//! them), so both APIs, the payload and payments agree. The BCB's codes:
//! - `multa`, `abatimento`: 1 an amount, 2 a percentage;
//! - `juros`: 1 an amount per calendar day, 2/3/4 a percentage per day,
//!   month, year (calendar days); 5–8 the same in business days;
//! - `desconto`: 1 an amount / 2 a percentage until fixed dates
//!   (`descontoDataFixa`), 3/4 an amount per calendar/business day early,
//!   5/6 a percentage per calendar/business day early.
//!
//! Percentages are decimal strings (`"2.00"` is 2 %); Stone's terms have
//! one business-day flag, set when `juros` or `desconto` counts business
//! days (the BCB's per-term choice otherwise has no home there).

use crate::domain::clock::Now;
use crate::domain::pix::bcb::status_of;
use crate::domain::pix::bcb_loc;
use crate::domain::pix::charges::DynamicCharge;
use crate::domain::pix::due::bcb_error;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::stored;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stone_openbank::models::{AdjustmentType, DiscountMode, InterestPeriod, PixDueTerms, PixRate};
use stone_openbank::pix::due::{parse_reais as centavos, reais};

pub fn invalid_cobv(detail: &str) -> Refusal {
    bcb_error(400, "CobVOperacaoInvalida", "Cobrança inválida.", detail)
}

/// A modality code, written as a number or a string.
pub(crate) fn modality(v: &Value) -> Option<u8> {
    match v.get("modalidade")? {
        Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `"2.00"` percent as Stone's rate (2.00 % = 200 × 10⁻⁴).
pub(crate) fn percent(text: &str) -> Option<Value> {
    centavos(text).map(|n| json!({"coefficient": n, "exponent": -4}))
}

/// One term, `{modalidade, valorPerc}`: an amount when `fixed(modality)`.
pub(crate) fn adjustment(v: &Value, name: &str, fixed: bool) -> Result<Value, Refusal> {
    let text = v.get("valorPerc").and_then(Value::as_str).unwrap_or("");
    let bad = || {
        invalid_cobv(&format!(
            "valor.{name}.valorPerc must be a decimal as \\d+.\\d{{2}}"
        ))
    };
    Ok(if fixed {
        json!({"type": "fixed", "fixed_value": centavos(text).ok_or_else(bad)?})
    } else {
        json!({"type": "proportional", "proportional_value": percent(text).ok_or_else(bad)?})
    })
}

/// The Stone body of a BCB `cobv` body.
pub fn stone_body(account: &str, txid: &str, body: &Value) -> Result<Value, Refusal> {
    let valor = body.get("valor").cloned().unwrap_or(Value::Null);
    let original = valor
        .get("original")
        .and_then(Value::as_str)
        .and_then(centavos)
        .ok_or_else(|| {
            invalid_cobv("valor.original must be a decimal of reais as \\d{1,10}.\\d{2}")
        })?;
    let due = body
        .pointer("/calendario/dataDeVencimento")
        .cloned()
        .ok_or_else(|| invalid_cobv("calendario.dataDeVencimento is required"))?;
    let devedor = body.get("devedor").cloned().unwrap_or(Value::Null);
    let document = devedor
        .get("cpf")
        .or_else(|| devedor.get("cnpj"))
        .cloned()
        .ok_or_else(|| invalid_cobv("devedor needs cpf or cnpj, and nome"))?;
    let mut business = false;
    let code = |term: &str| -> Result<Option<(u8, Value)>, Refusal> {
        match valor.get(term) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => modality(v).map(|m| Some((m, v.clone()))).ok_or_else(|| {
                invalid_cobv(&format!("valor.{term}.modalidade is not a known code"))
            }),
        }
    };
    let fine = match code("multa")? {
        None => Value::Null,
        Some((m @ (1 | 2), v)) => adjustment(&v, "multa", m == 1)?,
        Some(_) => return Err(invalid_cobv("valor.multa.modalidade must be 1 or 2")),
    };
    let reduction = match code("abatimento")? {
        None => Value::Null,
        Some((m @ (1 | 2), v)) => adjustment(&v, "abatimento", m == 1)?,
        Some(_) => return Err(invalid_cobv("valor.abatimento.modalidade must be 1 or 2")),
    };
    let interest = match code("juros")? {
        None => Value::Null,
        Some((m @ 1..=8, v)) => {
            business |= m >= 5;
            let period = match (m - 1) % 4 {
                0 | 1 => "day",
                2 => "month",
                _ => "year",
            };
            let mut term = adjustment(&v, "juros", m == 1 || m == 5)?;
            term["period"] = json!(period);
            term
        }
        Some(_) => return Err(invalid_cobv("valor.juros.modalidade must be 1 to 8")),
    };
    let discount = match code("desconto")? {
        None => Value::Null,
        Some((m @ (1 | 2), v)) => {
            let steps: Vec<Value> = v
                .get("descontoDataFixa")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    invalid_cobv(
                        "valor.desconto.descontoDataFixa is required for modalidade 1 and 2",
                    )
                })?
                .iter()
                .map(|d| {
                    let mut step = adjustment(d, "desconto", m == 1)?;
                    step["date"] = d.get("data").cloned().unwrap_or(Value::Null);
                    if let Some(o) = step.as_object_mut() {
                        o.remove("type");
                    }
                    Ok(step)
                })
                .collect::<Result<_, Refusal>>()?;
            let kind = if m == 1 { "fixed" } else { "proportional" };
            json!({"type": kind, "calculation_mode": "date", "date_discounts": steps})
        }
        Some((m @ 3..=6, v)) => {
            business |= m == 4 || m == 6;
            let step = adjustment(&v, "desconto", m <= 4)?;
            json!({"type": step["type"], "calculation_mode": "period", "period_discount": step})
        }
        Some(_) => return Err(invalid_cobv("valor.desconto.modalidade must be 1 to 6")),
    };
    Ok(json!({
        "account_id": account,
        "key": body.get("chave"),
        "transaction_id": txid,
        "amount": original,
        "expiration_date": due,
        "payment_limit_period_days": body.pointer("/calendario/validadeAposVencimento"),
        "only_business_days": business,
        "customer": customer_of(&devedor, document),
        "request_for_payer": body.get("solicitacaoPagador"),
        "additional_data": body.get("infoAdicionais").and_then(Value::as_array).map(|a| a.iter()
            .map(|i| json!({"name": i.get("nome"), "value": i.get("valor")})).collect::<Vec<_>>()),
        "fine": fine,
        "interest": interest,
        "discount": discount,
        "reduction": reduction,
    }))
}

/// `{coefficient, exponent}` (or centavos) back as the BCB's decimal.
pub(crate) fn decimal(fixed: Option<i64>, rate: Option<PixRate>) -> Option<String> {
    match (fixed, rate) {
        (Some(c), _) => Some(reais(c)),
        (None, Some(r)) => {
            // A percentage with two decimals: 10^(exponent + 4) hundredths.
            let scale = r.exponent + 4;
            let hundredths = if scale >= 0 {
                r.coefficient
                    .checked_mul(10i64.checked_pow(scale.unsigned_abs())?)?
            } else {
                r.coefficient / 10i64.checked_pow(scale.unsigned_abs())?
            };
            Some(reais(hundredths))
        }
        _ => None,
    }
}

/// The charge's `valor` as the BCB writes it, from Stone's terms.
pub(crate) fn valor(amount: i64, t: &PixDueTerms) -> Value {
    let term =
        |kind: AdjustmentType, fixed: Option<i64>, rate: Option<PixRate>, codes: (u8, u8)| {
            let m = if kind == AdjustmentType::Fixed {
                codes.0
            } else {
                codes.1
            };
            json!({"modalidade": m, "valorPerc": decimal(fixed, rate)})
        };
    let mut v = json!({"original": reais(amount)});
    if let Some(f) = &t.fine {
        v["multa"] = term(f.kind, f.fixed_value, f.proportional_value, (1, 2));
    }
    if let Some(r) = &t.reduction {
        v["abatimento"] = term(r.kind, r.fixed_value, r.proportional_value, (1, 2));
    }
    if let Some(i) = &t.interest {
        let base: u8 = match (i.kind, i.period) {
            (AdjustmentType::Fixed, _) | (_, InterestPeriod::Day) => 1,
            (_, InterestPeriod::Month) => 3,
            (_, InterestPeriod::Year) => 4,
        };
        let m = if i.kind == AdjustmentType::Proportional && i.period == InterestPeriod::Day {
            2
        } else {
            base
        };
        let m = if t.only_business_days { m + 4 } else { m };
        v["juros"] =
            json!({"modalidade": m, "valorPerc": decimal(i.fixed_value, i.proportional_value)});
    }
    if let Some(d) = &t.discount {
        let fixed = d.kind == AdjustmentType::Fixed;
        v["desconto"] = match d.calculation_mode {
            DiscountMode::Date => json!({
                "modalidade": if fixed { 1 } else { 2 },
                "descontoDataFixa": d.date_discounts.iter().map(|s| json!({
                    "data": stone_openbank::barcode::iso_date(s.date),
                    "valorPerc": decimal(s.fixed_value, s.proportional_value),
                })).collect::<Vec<_>>(),
            }),
            DiscountMode::Period => {
                let step = d.period_discount.as_ref();
                let m = match (fixed, t.only_business_days) {
                    (true, false) => 3,
                    (true, true) => 4,
                    (false, false) => 5,
                    (false, true) => 6,
                };
                json!({"modalidade": m, "valorPerc": decimal(step.and_then(|s| s.fixed_value), step.and_then(|s| s.proportional_value))})
            }
        };
    }
    v
}

/// A `cobv` as the BCB shows it.
pub fn view(store: &Store, c: &DynamicCharge) -> Value {
    let Some(t) = &c.due else {
        return Value::Null;
    };
    let customer = c.customer.clone().unwrap_or(Value::Null);
    let pix: Vec<Value> = store
        .pix_inbound
        .iter()
        .filter(|p| c.inbound_pix_payments.contains(&p.id))
        .map(|p| crate::domain::pix::bcb::pix_view(store, p))
        .collect();
    json!({
        "calendario": {
            "criacao": c.created_at,
            "dataDeVencimento": stone_openbank::barcode::iso_date(t.terms.expiration_date),
            "validadeAposVencimento": t.terms.payment_limit_period_days,
        },
        "txid": c.transaction_id,
        "revisao": c.revision,
        "loc": bcb_loc::of(store, c, "cobv"),
        "location": c.location,
        "status": status_of(c),
        "devedor": crate::domain::pix::due::devedor(&customer),
        "recebedor": crate::domain::pix::due::recebedor(&t.beneficiary_entity),
        "valor": valor(c.amount.unwrap_or(0), &t.terms),
        "chave": c.key,
        "solicitacaoPagador": c.request_for_payer,
        "infoAdicionais": c.additional_data.iter()
            .map(|d| json!({"nome": d.get("name"), "valor": d.get("value")}))
            .collect::<Vec<_>>(),
        "pix": pix,
        "qr_code_copia_cola": c.qr_code_content,
        "qr_code": c.qr_code_image,
    })
}

pub(crate) fn find(store: &Store, account: &str, txid: &str) -> Result<usize, Refusal> {
    store
        .pix_charges
        .iter()
        .position(|c| c.account_id == account && c.transaction_id == txid && c.due.is_some())
        .ok_or_else(|| crate::domain::pix::bcb::not_found("no cobv with this txid"))
}

/// Revises a `cobv`: `status: REMOVIDA_PELO_USUARIO_RECEBEDOR` removes it;
/// `solicitacaoPagador` changes. Shared by `PATCH /cobv/{txid}` and the
/// batches' revisions.
pub(crate) fn revise(
    store: &mut Store,
    now: &Now,
    account: &str,
    txid: &str,
    value: &Value,
) -> Result<usize, Refusal> {
    let index = find(store, account, txid)?;
    if store.pix_charges[index].status != crate::domain::pix::charges::ChargeStatus::Active {
        return Err(invalid_cobv("only an ATIVA cobv can be revised"));
    }
    if value.get("valor").is_some() || value.get("chave").is_some() {
        return Err(invalid_cobv("valor and chave cannot be revised here"));
    }
    let c = &mut store.pix_charges[index];
    if let Some(text) = value.get("solicitacaoPagador").and_then(Value::as_str) {
        c.request_for_payer = Some(text.to_owned());
    }
    c.revision += 1;
    c.updated_at = now.iso.clone();
    match value.get("status").and_then(Value::as_str) {
        Some("REMOVIDA_PELO_USUARIO_RECEBEDOR") => {
            c.status = crate::domain::pix::charges::ChargeStatus::Cancelled;
            c.cancelled_at = Some(now.iso.clone());
            crate::domain::pix::charges::announce(
                store,
                now,
                index,
                "pix_invoice_payment_cancelled",
            );
        }
        Some(_) => {
            return Err(invalid_cobv(
                "status may only be REMOVIDA_PELO_USUARIO_RECEBEDOR",
            ))
        }
        None => {}
    }
    Ok(index)
}

/// A batch of `cobv` creations and what became of each.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lot {
    pub id: String,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub account_id: String,
    pub descricao: String,
    pub criacao: String,
    pub cobsv: Vec<Value>,
}

pub(crate) fn lot_invalid(detail: &str) -> Refusal {
    bcb_error(400, "LoteCobVOperacaoInvalida", "Lote inválido.", detail)
}

/// A `devedor` as the charge keeps its customer: document, name, and the
/// address when one is given (the BCB's views show it back).
fn customer_of(devedor: &Value, document: Value) -> Value {
    let mut customer = json!({"document": document, "name": devedor.get("nome")});
    let address: serde_json::Map<String, Value> = [
        ("logradouro", "street"),
        ("cidade", "city"),
        ("uf", "state"),
        ("cep", "zip_code"),
    ]
    .into_iter()
    .filter_map(|(bcb, ours)| devedor.get(bcb).map(|v| (ours.to_owned(), v.clone())))
    .collect();
    if !address.is_empty() {
        customer["address"] = Value::Object(address);
    }
    customer
}
