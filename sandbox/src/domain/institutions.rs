//! Institutions (SPEC §6.12): the STR participants a TED may reach and the
//! banks whose boletos the payment dry-run names. A fixed table of the
//! largest participants (public ISPB/COMPE registry data); Stone's own
//! entry lets tests see that a TED to Stone is refused.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Institution {
    pub ispb_code: &'static str,
    pub name: &'static str,
    pub number_code: &'static str,
    pub short_name: &'static str,
}

pub(crate) const fn inst(
    ispb_code: &'static str,
    number_code: &'static str,
    name: &'static str,
    short_name: &'static str,
) -> Institution {
    Institution {
        ispb_code,
        name,
        number_code,
        short_name,
    }
}

pub const STONE_ISPB: &str = "16501555";

pub static ALL: &[Institution] = &[
    inst(
        STONE_ISPB,
        "197",
        "Stone Pagamentos S.A.",
        "STONE PAGAMENTOS S.A.",
    ),
    inst(
        "00000000",
        "001",
        "Banco do Brasil S.A.",
        "BCO DO BRASIL S.A.",
    ),
    inst(
        "00360305",
        "104",
        "Caixa Econômica Federal",
        "CAIXA ECONOMICA FEDERAL",
    ),
    inst(
        "90400888",
        "033",
        "Banco Santander (Brasil) S.A.",
        "BCO SANTANDER (BRASIL) S.A.",
    ),
    inst(
        "60746948",
        "237",
        "Banco Bradesco S.A.",
        "BCO BRADESCO S.A.",
    ),
    inst(
        "60701190",
        "341",
        "Itaú Unibanco S.A.",
        "ITAÚ UNIBANCO S.A.",
    ),
    inst(
        "18236120",
        "260",
        "Nu Pagamentos S.A.",
        "NU PAGAMENTOS S.A.",
    ),
    inst("00416968", "077", "Banco Inter S.A.", "BANCO INTER"),
    inst(
        "30306294",
        "208",
        "Banco BTG Pactual S.A.",
        "BANCO BTG PACTUAL S.A.",
    ),
    inst(
        "10573521",
        "323",
        "Mercado Pago IP Ltda.",
        "MERCADO PAGO IP LTDA.",
    ),
    inst(
        "08561701",
        "290",
        "PagSeguro Internet IP S.A.",
        "PAGSEGURO INTERNET IP S.A.",
    ),
    inst(
        "01181521",
        "748",
        "Banco Cooperativo Sicredi S.A.",
        "BCO COOPERATIVO SICREDI S.A.",
    ),
    inst(
        "02038232",
        "756",
        "Banco Cooperativo Sicoob S.A.",
        "BANCO SICOOB S.A.",
    ),
    inst("31872495", "336", "Banco C6 S.A.", "BCO C6 S.A."),
];

/// By ISPB (8 digits) or COMPE number (3 digits).
pub fn find(code: &str) -> Option<&'static Institution> {
    ALL.iter()
        .find(|i| i.ispb_code == code || i.number_code == code)
}
