//! A tour of the boleto/barcode engine and the CPF/CNPJ checks: what a
//! payment screen or an ERP import does with them. Run it with
//! `./scripts/demo.sh` (or `cargo run -p stone-examples --bin boleto-demo`).

use stone_openbank::barcode::{self, BankBoleto, Barcode, BarcodeError, CollectionDocument};
use stone_openbank::documents::{Cnpj, Cpf};
use time::macros::date;

fn show(label: &str, input: &str) {
    println!("\n▸ {label}\n  input: {input:?}");
    match barcode::parse_at(input, date!(2026 - 11 - 26)) {
        Ok(Barcode::Bank(b)) => {
            println!("  bank boleto from bank {}", b.bank_code());
            println!("  amount:   R$ {}", reais(b.amount_cents()));
            println!(
                "  due date: {} (factor {})",
                b.due_date().map_or("none".to_owned(), |d| d.to_string()),
                b.due_factor()
            );
            println!("  barcode:  {}", b.barcode());
            println!("  line:     {}", b.formatted_line());
        }
        Ok(Barcode::Collection(c)) => {
            println!(
                "  arrecadação, segment {}, value type {} ({})",
                c.segment(),
                c.value_type(),
                c.check_digit_method().as_str()
            );
            match c.amount_cents() {
                Some(cents) => println!("  amount:   R$ {}", reais(cents)),
                None => println!("  reference value: {:?}", c.reference_value()),
            }
            println!("  company:  {}", c.company_id());
            println!("  barcode:  {}", c.barcode());
            println!("  line:     {}", c.formatted_line());
        }
        Err(e) => explain(&e),
    }
}

fn explain(e: &BarcodeError) {
    println!("  refused ({}): {e}", e.class());
    if let BarcodeError::CheckDigit {
        digit, expected, ..
    } = e
    {
        println!("  → the {digit} should be {expected}: re-read the line from the paper");
    }
}

/// Centavos to "1.234,56" for display only; money stays an integer.
fn reais(cents: i64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", cents % 100)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!(
        "stone-openbank {} — an independent SDK, not a Stone product",
        env!("CARGO_PKG_VERSION")
    );
    println!("Boletos are read relative to 2026-11-26 in this demo.");

    show(
        "A boleto line as printed on paper",
        "34191.09008 00012.345674 89012.345677 9 99990000012345",
    );
    show(
        "An energy bill (arrecadação), pasted with dashes",
        "83860000005-0 09600019000-9 00080178230-9 00034306271-2",
    );
    show(
        "The same boleto with its amount altered by one centavo",
        "34191.09008 00012.345674 89012.345677 9 99990000012346",
    );
    show(
        "A typo in field 1",
        "34191.09018 00012.345674 89012.345677 9 99990000012345",
    );
    show("A letter where a digit belongs", "34191.O9008 00012.345674");

    println!("\n▸ Building documents (issuers and tests need them)");
    let boleto = BankBoleto::build(
        "197",
        Some(date!(2026 - 12 - 10)),
        150_000,
        "0000000000000000000012345",
    )?;
    println!(
        "  bank 197, R$ 1.500,00 due 2026-12-10 → {}",
        boleto.formatted_line()
    );
    let tax = CollectionDocument::build(5, 8, 4_321, "0123", "2026112600000000000000001")?;
    println!("  government fee, R$ 43,21 → {}", tax.formatted_line());

    let inputs = [boleto.digitable_line(), tax.barcode(), "123"];
    println!(
        "\n▸ Batch validation of {} inputs in one call: {:?}",
        inputs.len(),
        barcode::validate_batch(&inputs)
    );

    println!("\n▸ CPF and CNPJ");
    println!("  {}", Cpf::parse("123.456.789-09")?);
    println!(
        "  {} (alphanumeric, from July 2026)",
        Cnpj::parse("12ABC34501DE35")?
    );
    match Cnpj::parse("12.ABC.345/01DE-36") {
        Ok(_) => println!("  unexpected: accepted"),
        Err(e) => println!("  12.ABC.345/01DE-36 refused ({}): {e}", e.class()),
    }
    Ok(())
}
