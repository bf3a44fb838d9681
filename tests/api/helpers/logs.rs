//! The app's log records, kept in memory for tests that assert what it logged.

use std::sync::{Mutex, OnceLock};

/// Every log record the app writes, from the first call on, kept in memory: the suite runs in
/// one process, so records of other tests running at the same time are in it too.
pub fn captured_logs() -> &'static LogCapture {
    static CAPTURE: OnceLock<&'static LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture: &'static LogCapture = Box::leak(Box::new(LogCapture(Mutex::new(Vec::new()))));
        log::set_logger(capture).expect("no other logger is installed in the test process");
        log::set_max_level(log::LevelFilter::Trace);
        capture
    })
}

pub struct LogCapture(Mutex<Vec<String>>);

impl LogCapture {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}
