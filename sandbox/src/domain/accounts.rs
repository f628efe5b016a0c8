//! Accounts and balances (SPEC §6.2, §6.3).

pub(crate) const READ: &[&str] = &["paymentaccount:read", "expend:read"];
