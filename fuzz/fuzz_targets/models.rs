//! Every model the client reads from Stone's answers (and from a caller's
//! JSON through the bindings), decoded from hostile bytes: never a panic,
//! and what decodes is written and decodes again. The first byte picks
//! the model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use stone_openbank::models::*;

fn round_trip<T: DeserializeOwned + Serialize>(bytes: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        let text = serde_json::to_vec(&value).expect("a decoded model is written");
        serde_json::from_slice::<T>(&text).expect("what is written decodes again");
    }
}

fn decode_only<T: DeserializeOwned>(bytes: &[u8]) {
    let _ = serde_json::from_slice::<T>(bytes);
}

macro_rules! pick {
    ($selector:expr, $bytes:expr; $($model:ty),* ; $($read_only:ty),*) => {{
        let models: &[fn(&[u8])] = &[$(round_trip::<$model>,)* $(decode_only::<$read_only>,)*];
        models[usize::from($selector) % models.len()]($bytes)
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    pick!(selector, bytes;
        Account, Balance, StatementEntry, InternalTransfer, ExternalTransfer, Payment,
        PaymentDryRun, BoletoInvoice, Contact, Payroll, Salary, SalaryPortability, Fee,
        Institution, SchedulingCalendar, PendingOperation, PixKeyEntry, PixCharge,
        DuePixCharge, StaticPixCharge, InboundPix, PixPayment, PixRefund, PixClaim,
        PixActivity, PixDueAmounts, BrCodeLookup, Cob, Cobv, BcbPix, Devolucao, PixLocation,
        CobvLot, NewInternalTransfer, NewExternalTransfer, NewPayment, NewBoletoInvoice,
        NewPixPayment, NewDuePixCharge, NewCob, NewCobv, BcbListFilter, CobRevision;
        Page<StatementEntry>, Page<Cob>
    );
});
