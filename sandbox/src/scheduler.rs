//! What the passing of time does, run once a second by the delivery task
//! and at once when the admin API moves the clock.

use crate::clock::Now;
use crate::server::App;

pub fn tick(app: &App) {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    crate::operations::lifecycle::tick(&mut store, &now);
    crate::invoices::tick(&mut store, &now);
    crate::pix::charges::tick(&mut store, &now);
    crate::pix::claims::tick(&mut store, &now);
    crate::payroll::tick(&mut store, &now);
    crate::portability::tick(&mut store, &now);
}
