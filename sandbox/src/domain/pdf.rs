//! The PDFs the API hands out: issued boletos (with their typeable line and
//! an Interleaved 2 of 5 barcode, as printed boletos carry) and receipts.
//! One A4 page, the standard Helvetica font (no embedding: every reader
//! has it), Latin-1 text.

use crate::domain::invoices::Invoice;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

pub(crate) const FONT: Name<'static> = Name(b"F1");
pub(crate) const BOLD: Name<'static> = Name(b"F2");

/// Latin-1 bytes of `text` (WinAnsi covers Portuguese); anything else is `?`.
pub(crate) fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// Reais from centavos, Brazilian style: `R$ 1.234,56`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let reais = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in reais.chars().enumerate() {
        if i > 0 && (reais.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}R$ {grouped},{:02}", cents % 100)
}

/// A page being written, top to bottom.
pub(crate) struct Page {
    pub(crate) content: Content,
    pub(crate) y: f32,
}

impl Page {
    fn new() -> Page {
        Page {
            content: Content::new(),
            y: 800.0,
        }
    }

    fn text(&mut self, font: Name<'_>, size: f32, x: f32, text: &str) {
        let bytes = latin1(text);
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, self.y)
            .show(Str(&bytes))
            .end_text();
    }

    fn title(&mut self, text: &str) {
        self.text(BOLD, 16.0, 50.0, text);
        self.y -= 28.0;
    }

    fn field(&mut self, label: &str, value: &str) {
        self.text(BOLD, 9.0, 50.0, label);
        self.text(FONT, 11.0, 200.0, value);
        self.y -= 18.0;
    }

    fn gap(&mut self) {
        self.y -= 10.0;
    }

    /// Interleaved 2 of 5 of an even number of digits (the 44 of a
    /// barcode): narrow 1 unit, wide 3.
    fn itf(&mut self, digits: &str) {
        const PATTERNS: [&[u8; 5]; 10] = [
            b"nnwwn", b"wnnnw", b"nwnnw", b"wwnnn", b"nnwnw", b"wnwnn", b"nwwnn", b"nnnww",
            b"wnnwn", b"nwnwn",
        ];
        let unit = 1.0_f32;
        let height = 50.0;
        let mut x = 50.0_f32;
        let width = |w: u8| if w == b'w' { 3.0 * unit } else { unit };
        // (is_bar, width) runs: start code, digit pairs, stop code.
        let mut runs: Vec<(bool, f32)> =
            vec![(true, unit), (false, unit), (true, unit), (false, unit)];
        let d: Vec<usize> = digits
            .bytes()
            .map(|b| usize::from(b.wrapping_sub(b'0')) % 10)
            .collect();
        for pair in d.chunks(2) {
            let (bars, spaces) = (PATTERNS[pair[0]], PATTERNS[*pair.get(1).unwrap_or(&0)]);
            for i in 0..5 {
                runs.push((true, width(bars[i])));
                runs.push((false, width(spaces[i])));
            }
        }
        runs.extend([(true, 3.0 * unit), (false, unit), (true, unit)]);
        self.y -= height;
        for (bar, w) in runs {
            if bar {
                self.content.rect(x, self.y, w, height);
            }
            x += w;
        }
        self.content.set_fill_gray(0.0).fill_nonzero();
        self.y -= 20.0;
    }
}

pub(crate) fn finish(page: Page) -> Vec<u8> {
    let (catalog, tree, page_id, font, bold, content_id) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut p = pdf.page(page_id);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    p.parent(tree);
    p.contents(content_id);
    let mut resources = p.resources();
    let mut fonts = resources.fonts();
    fonts.pair(FONT, font);
    fonts.pair(BOLD, bold);
    fonts.finish();
    resources.finish();
    p.finish();
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let data = page.content.finish();
    pdf.stream(content_id, &data);
    pdf.finish()
}

pub(crate) fn text_at<'v>(value: &'v serde_json::Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

/// A printable boleto.
pub fn boleto(inv: &Invoice) -> Vec<u8> {
    let extra = serde_json::Value::Object(inv.extra.clone());
    let line = stone_openbank::barcode::parse(&inv.writable_line)
        .map(|b| b.formatted_line())
        .unwrap_or_else(|_| inv.writable_line.clone());
    let mut page = Page::new();
    page.title("Stone Pagamentos S.A. | 197-7 | Boleto (sandbox)");
    page.text(BOLD, 12.0, 50.0, &line);
    page.y -= 24.0;
    page.field("Beneficiário", text_at(&extra, "/beneficiary/legal_name"));
    page.field(
        "CPF/CNPJ do beneficiário",
        text_at(&extra, "/beneficiary/document"),
    );
    page.field("Pagador", text_at(&extra, "/customer/legal_name"));
    page.field("CPF/CNPJ do pagador", text_at(&extra, "/customer/document"));
    page.gap();
    page.field("Vencimento", &inv.expiration_date);
    page.field("Data limite", &inv.limit_date);
    page.field("Valor do documento", &money(inv.amount));
    page.field("Nosso número", &inv.our_number);
    page.field("Espécie", &inv.invoice_type);
    page.field("Emissão", &inv.issuance_date);
    page.gap();
    page.itf(&inv.barcode);
    page.text(
        FONT,
        8.0,
        50.0,
        "Documento emitido pelo sandbox do SDK stone-openbank: sem valor.",
    );
    finish(page)
}

/// A receipt: a title and labelled lines.
pub fn receipt(title: &str, fields: &[(String, String)]) -> Vec<u8> {
    let mut page = Page::new();
    page.title(title);
    for (label, value) in fields {
        if page.y < 60.0 {
            break;
        }
        page.field(label, value);
    }
    page.gap();
    page.text(
        FONT,
        8.0,
        50.0,
        "Comprovante emitido pelo sandbox do SDK stone-openbank: sem valor.",
    );
    finish(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_brazilian() {
        assert_eq!(money(0), "R$ 0,00");
        assert_eq!(money(12_345_678), "R$ 123.456,78");
        assert_eq!(money(-5), "-R$ 0,05");
        assert_eq!(money(10_000_000), "R$ 100.000,00");
    }

    #[test]
    fn receipt_is_a_pdf() {
        let bytes = receipt("Comprovante", &[("Valor".into(), money(1500))]);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.windows(5).any(|w| w == b"%%EOF"));
    }
}
