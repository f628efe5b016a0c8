//! A profiling aid: validates the same lines in a loop (for perf/callgrind).
fn main() {
    let inputs = [
        "34191090080001234567489012345677999990000012345",
        "838600000050096000190009000801782309000343062712",
    ];
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let mut ok = 0usize;
    for i in 0..n {
        ok += usize::from(stone_openbank::barcode::is_valid(std::hint::black_box(
            inputs[i % 2],
        )));
    }
    println!("{ok}");
}
