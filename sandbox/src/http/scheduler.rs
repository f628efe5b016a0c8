//! What the passing of time does, run once a second by the delivery task
//! and at once when the admin API moves the clock.

use crate::domain::clock::Now;
use crate::http::server::App;

pub fn tick(app: &App) {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    crate::domain::operations::lifecycle::tick(&mut store, &now);
    crate::domain::invoices::tick(&mut store, &now);
    crate::domain::pix::charges::tick(&mut store, &now);
    crate::domain::pix::claims::tick(&mut store, &now);
    crate::domain::payroll::tick(&mut store, &now);
    crate::domain::portability::tick(&mut store, &now);
}
