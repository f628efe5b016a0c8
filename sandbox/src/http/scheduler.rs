//! What the passing of time does, run once a second by the delivery task
//! and at once when the admin API moves the clock.

use crate::domain::clock::Now;
use crate::domain::invoices;
use crate::domain::operations::lifecycle;
use crate::domain::payroll;
use crate::domain::pix::charges;
use crate::domain::pix::claims;
use crate::domain::portability;
use crate::http::server::App;

pub fn tick(app: &App) {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    lifecycle::tick(&mut store, &now);
    invoices::tick(&mut store, &now);
    charges::tick(&mut store, &now);
    claims::tick(&mut store, &now);
    payroll::tick(&mut store, &now);
    portability::tick(&mut store, &now);
}
